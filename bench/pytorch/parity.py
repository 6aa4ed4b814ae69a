"""Parity mode: the PyTorch model with a jace model's weights computes what jace computed on the same inputs."""

import copy

import numpy as np
import torch

import jace_model
from checks import INVARIANCE_TOLERANCE, check_input, parity_failures
from groups import act


def relative_error(a, b):
    """max |a - b| / max |b|, in float64."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-30))


def run(args):
    model, meta = jace_model.load(args.model)
    model.eval()
    x = np.load(args.input)
    jace_out = np.load(args.expected)
    if x.dtype != np.float32 or x.ndim != 4:
        raise SystemExit(f"error: {args.input} should hold float32 [N, C, H, W], has {x.dtype} {x.shape}")
    check_input(x.shape, meta["input"], args.input, args.model)
    with torch.no_grad():
        torch32 = model(torch.from_numpy(x)).numpy()
        model64 = copy.deepcopy(model).double()
        torch64 = model64(torch.from_numpy(x).double()).numpy()
        if jace_out.shape != torch64.shape:
            raise SystemExit(f"error: jace's output {args.expected} has shape {jace_out.shape}, "
                             f"the PyTorch model's {torch64.shape}")
        errors = {
            "jace_fp32_vs_torch_fp64": relative_error(jace_out, torch64),
            "torch_fp32_vs_torch_fp64": relative_error(torch32, torch64),
            "jace_fp32_vs_torch_fp32": relative_error(jace_out, torch32),
        }
        # A strict model is invariant: f(g·x) = f(x) for every g (checks the group conventions on their own).
        if meta["relaxed"] == "false":
            x64 = torch.from_numpy(x).double()
            errors["torch_fp64_invariance"] = max(
                relative_error(model64(act(g, x64)).numpy(), torch64) for g in model.group.elements[1:])
    failures = parity_failures(errors, args.tolerance)
    print(f"{args.model}: {meta['group']} model, relaxed={meta['relaxed']}, {x.shape[0]} inputs -> "
          f"{tuple(torch64.shape)} logits; max relative error (max|a-b| / max|b|, float64):")
    for name, value in errors.items():
        print(f"  {name:26s} {value:.3e}")
    bounds = f"jace vs PyTorch fp64 <= {args.tolerance:g}" + (
        f", fp64 invariance <= {INVARIANCE_TOLERANCE:g}" if "torch_fp64_invariance" in errors else "")
    print(f"parity FAILED: {', '.join(failures)}" if failures else f"parity OK ({bounds})")
    return 1 if failures else 0
