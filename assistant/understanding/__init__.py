"""Question understanding, top to bottom: vocabulary -> grammar -> router -> focus -> a typed `Query`.

- `vocabulary.py`: every name from data/ plus lexicon synonyms, one matching rule
- `grammar.py`: direction, N, ranges, positions, thresholds, subsets, years, weights, claims
- `router.py`: the learned operation classifier with its probabilities (trained on `training/`)
- `focus.py`: what the conversation is about, carried into follow-ups
- `parser.py`: `Understanding.parse(question, history) -> Query`
- `query.py`: the typed `Query` every composer reads
"""
