"""Fashion-MNIST from its IDX files (gzipped or not), pixels scaled to [0, 1] like data/FashionMnist.java."""

import gzip
import os

import numpy as np

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"


def _read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def _find(folder, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"no {stem}[.gz] in {folder}")


def load(split, folder=DEFAULT_DIR, limit=None):
    """(images float32 [N, 1, 28, 28] in [0, 1], labels int64 [N]) of split 'train' or 't10k'."""
    images = _read_idx(_find(folder, f"{split}-images-idx3-ubyte"))[:limit]
    labels = _read_idx(_find(folder, f"{split}-labels-idx1-ubyte"))[:limit]
    return (images.astype(np.float32) / 255.0)[:, None], labels.astype(np.int64)
