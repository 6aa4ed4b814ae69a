"""Builds the PyTorch model from a jace model.safetensors (cli/ModelFile.java): the metadata is the ModelSpec."""

import torch

import groups
import safetensors_np
from model import P4CNN


def load(path):
    tensors, meta = safetensors_np.read(path)
    if meta.get("kind") != "classification":
        raise ValueError(f"{path}: a {meta.get('kind')!r} model; this driver has only the classification model")
    in_channels = int(meta["input"].split(",")[0])
    model = P4CNN(groups.by_name(meta["group"]), in_channels, int(meta["classes"]), meta["relaxed"] == "true")
    expected = set(model.state_dict())
    if set(tensors) != expected:
        raise ValueError(f"{path}: tensors {sorted(tensors)} do not match the model's {sorted(expected)}")
    model.load_state_dict({name: torch.from_numpy(value) for name, value in tensors.items()})
    return model, meta
