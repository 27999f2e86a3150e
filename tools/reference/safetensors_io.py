"""Minimal safetensors reader/writer (numpy only; no dependency on the safetensors package).

Format: an 8-byte little-endian u64 header length N, N bytes of UTF-8 JSON
``{name: {"dtype", "shape", "data_offsets": [begin, end]}, ..., "__metadata__": {str: str}}``
(offsets relative to the data section), then the tensor bytes, little-endian, C order, packed
back to back. The writer pads the header with spaces to a multiple of 8 bytes and stores the
tensors in the order given.
"""

import json
import struct

import numpy as np

DTYPES = {
    "F64": np.dtype("<f8"),
    "F32": np.dtype("<f4"),
    "F16": np.dtype("<f2"),
    "I64": np.dtype("<i8"),
    "I32": np.dtype("<i4"),
    "I16": np.dtype("<i2"),
    "I8": np.dtype("i1"),
    "U8": np.dtype("u1"),
    "BOOL": np.dtype("?"),
}
METADATA_KEY = "__metadata__"


def _dtype_name(dtype):
    little_endian = np.dtype(dtype).newbyteorder("<")
    for name, candidate in DTYPES.items():
        if candidate == little_endian:
            return name
    raise ValueError(f"unsupported dtype {dtype}; supported: {', '.join(DTYPES)}")


def encode(tensors, metadata=None):
    """Serializes ``{name: array}`` (in iteration order) and optional ``{str: str}`` metadata."""
    header = {}
    if metadata:
        header[METADATA_KEY] = {str(k): str(v) for k, v in metadata.items()}
    chunks, offset = [], 0
    for name, array in tensors.items():
        array = np.asarray(array)
        dtype_name = _dtype_name(array.dtype)
        data = np.ascontiguousarray(array, dtype=DTYPES[dtype_name]).tobytes()
        header[name] = {"dtype": dtype_name, "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    return struct.pack("<Q", len(header_bytes)) + header_bytes + b"".join(chunks)


def decode(blob):
    """Parses safetensors bytes into ``({name: array}, metadata)``, validating every offset."""
    if len(blob) < 8:
        raise ValueError("not a safetensors file: shorter than 8 bytes")
    (header_len,) = struct.unpack("<Q", blob[:8])
    if 8 + header_len > len(blob):
        raise ValueError(f"header length {header_len} exceeds the file size {len(blob)}")
    header = json.loads(blob[8:8 + header_len].decode("utf-8"))
    metadata = header.pop(METADATA_KEY, None) or {}
    data = memoryview(blob)[8 + header_len:]
    tensors = {}
    for name, info in header.items():
        tensors[name] = _decode_tensor(name, info, data)
    return tensors, metadata


def _decode_tensor(name, info, data):
    if info["dtype"] not in DTYPES:
        raise ValueError(f"{name}: unsupported dtype {info['dtype']}")
    dtype = DTYPES[info["dtype"]]
    shape = tuple(int(d) for d in info["shape"])
    begin, end = info["data_offsets"]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if not 0 <= begin <= end <= len(data) or end - begin != expected:
        raise ValueError(f"{name}: data_offsets {[begin, end]} do not hold {expected} bytes "
                         f"of {info['dtype']}{list(shape)} within {len(data)} data bytes")
    return np.frombuffer(data[begin:end], dtype=dtype).reshape(shape).copy()


def save_file(tensors, path, metadata=None):
    """Writes ``{name: array}`` to ``path``."""
    with open(path, "wb") as handle:
        handle.write(encode(tensors, metadata))


def load_file(path):
    """Reads ``path``; returns ``({name: array}, metadata)``."""
    with open(path, "rb") as handle:
        return decode(handle.read())
