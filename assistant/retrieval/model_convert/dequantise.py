"""Turn the file's tensors back into float32 arrays, bit-for-bit what e5.c's ``deq_row`` computes.

Q4_0 stores each run of 32 weights as an fp16 scale ``d`` and 16 bytes of nibbles: byte j holds weight j
in its low nibble and weight j+16 in its high nibble, and a weight is ``(nibble - 8) * d``. Some tensors
(biases, LayerNorms, position/type embeddings) are plain float32 and pass through unchanged.
"""

from __future__ import annotations

import numpy as np

from .reader import DTYPE_F32, DTYPE_Q4_0, QK, Tensor

_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])


def dequantise_q4_0(data: memoryview | bytes, count: int) -> np.ndarray:
    """Dequantise ``count`` Q4_0 weights into a flat float32 array."""
    if count % QK:
        raise ValueError(f"Q4_0 tensor of {count} weights is not a whole number of {QK}-blocks")
    blocks = np.frombuffer(data, dtype=_BLOCK, count=count // QK)
    scale = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    out = np.empty((len(blocks), QK), dtype=np.float32)
    out[:, : QK // 2] = (qs & 0x0F).astype(np.int8) - 8
    out[:, QK // 2 :] = (qs >> 4).astype(np.int8) - 8
    out *= scale  # exact: a small integer times an fp16 value is representable in float32
    return out.reshape(-1)


def to_float32(tensor: Tensor, shape: tuple[int, ...]) -> np.ndarray:
    """Tensor as a float32 array of ``shape`` (which must hold exactly ``tensor.count`` values)."""
    if int(np.prod(shape)) != tensor.count:
        raise ValueError(f"{tensor.name}: {tensor.count} values do not fit shape {shape}")
    if tensor.dtype == DTYPE_F32:
        flat = np.frombuffer(tensor.data, dtype="<f4", count=tensor.count).astype(np.float32)
    elif tensor.dtype == DTYPE_Q4_0:
        flat = dequantise_q4_0(tensor.data, tensor.count)
    else:
        raise ValueError(f"{tensor.name}: unknown dtype code {tensor.dtype} (e5.c knows f32=0, q4_0=1)")
    return flat.reshape(shape)
