"""Reads the float32 safetensors files jace writes (io/Safetensors.java) with numpy only:
u64 little-endian header length N | N bytes of JSON header | raw little-endian data."""

import json
import struct

import numpy as np


def read(path):
    """Returns (tensors: dict name -> float32 ndarray, metadata: dict) in header order."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: {len(raw)} bytes, too short for the 8-byte header length")
    (length,) = struct.unpack("<Q", raw[:8])
    if length > len(raw) - 8:
        raise ValueError(f"{path}: header length {length} exceeds the file ({len(raw)} bytes)")
    header = json.loads(raw[8:8 + length].decode("utf-8"))
    data = raw[8 + length:]
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: tensor '{name}' is {entry['dtype']}, only F32 is supported")
        begin, end = entry["data_offsets"]
        shape = tuple(entry["shape"])
        values = np.frombuffer(data[begin:end], dtype="<f4")
        if values.size != int(np.prod(shape)):
            raise ValueError(f"{path}: tensor '{name}' has {values.size} values for shape {shape}")
        tensors[name] = values.reshape(shape).copy()
    return tensors, metadata
