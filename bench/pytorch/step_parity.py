"""Steps mode: PyTorch's AceStep retraces a jace 'train --method ace' run step by step.

The run must use ONE batch per epoch (--subset equal to --batch) and --probe-samples all: then every step sees the
same samples, and since the loss, batch norm and deviation do not depend on the order of the samples, jace's shuffle
does not matter. PyTorch (in float64) starts from jace's initial weights (java_random.py) and compares, per step, the
loss, each term's value c_i and multiplier, and the relaxation magnitudes after the step with metrics.jsonl. Step
k+1's loss depends on step k's gradients, Adam update and dual update, so agreement over several steps checks the
whole step.
"""

import json
import os

import numpy as np
import torch

import fashion_mnist
import groups
import java_random
from ace_step import AceStep
from checks import check_records, largest, note_worst, relative, retrace_settings, within
from model import P4CNN


def run(args):
    with open(os.path.join(args.run, "summary.json")) as f:
        config = json.load(f)["config"]
    settings = retrace_settings(config, args.run)
    count = settings["count"]
    with open(os.path.join(args.run, "metrics.jsonl")) as f:
        records = [r for r in map(json.loads, f) if r["type"] == "step"]

    model = P4CNN(groups.by_name(settings["group"]), relaxed=True)
    model.load_state_dict({k: torch.from_numpy(v)
                           for k, v in java_random.initial_state(model, settings["seed"]).items()})
    # PyTorch retraces in float64: its own float32 rounding, which Adam's first step can lift to 3e-5 (each parameter
    # moves by about lr whatever its gradient's size, so the sign of a gradient near 0 matters), would hide jace's.
    model.double()
    images, labels = fashion_mnist.load("train", settings["data_dir"], limit=count)
    x, y = torch.from_numpy(images).double(), torch.from_numpy(labels)
    step = AceStep(model, horizon=len(records), probe_samples=count, lr=settings["lr"],
                   dual_step=settings["dual_step"], dual_every=settings["dual_every"], constrain=settings["constrain"])
    check_records(records, step.term_names, list(model.relaxations()), args.run)

    worst = {}
    print(f"{settings['group']} ace (lr {settings['lr']:g}, dual step {settings['dual_step']:g} every "
          f"{settings['dual_every']}, constrain {','.join(settings['constrain'])}), batch {count}, "
          f"{len(records)} steps: relative difference PyTorch (float64) vs jace per step")
    for record in records:
        ours = step(x, y)
        diffs = {"loss": relative(ours["loss"], record["loss"])}
        for (name, value), multiplier in zip(ours["values"].items(), step.multipliers):
            diffs[f"{name}.value"] = relative(value, record["terms"][name]["value"])
            diffs[f"{name}.multiplier"] = relative(multiplier, record["terms"][name]["multiplier"])
        for name, layer in model.relaxations().items():
            diffs[f"{name}.gamma_after"] = relative(layer.gamma.abs().item(), record["relaxation"][name])
        note_worst(worst, diffs)
        key = largest(diffs)
        print(f"  step {record['step']:2d}: loss {ours['loss']:.6f} (jace {record['loss']:.6f}), "
              f"max relative difference {diffs[key]:.2e} ({key})")
    ok = within(worst, args.tolerance)
    print("worst over the steps: " + ", ".join(f"{k} {v:.1e}" for k, v in worst.items()))
    print(f"steps parity {'OK' if ok else 'FAILED'} (<= {args.tolerance:g}; NaN or inf fails)")
    return 0 if ok else 1
