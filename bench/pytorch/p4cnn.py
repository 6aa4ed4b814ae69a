#!/usr/bin/env python3
"""PyTorch comparison driver for jace's p4 CNN (c4) / d4 CNN training step.

  p4cnn.py throughput --device cpu|cuda --group c4|d4 --batch 64 --warmup W --steps N --threads T [--json FILE]
  p4cnn.py parity --model DIR/model.safetensors --input x.npy --expected jace_out.npy
  p4cnn.py steps --run DIR          (DIR: a jace ace run with --subset = --batch and --probe-samples all)

See bench/README.md, "PyTorch comparison".
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def require_torch():
    try:
        import torch  # noqa: F401
        import numpy  # noqa: F401
    except ImportError as e:
        sys.exit(f"error: {e.name} is not installed for {sys.executable} ({e}); install PyTorch "
                 "(e.g. 'apt-get install python3-torch' and run with /usr/bin/python3, or 'pip install torch')")


def require_writable_json(path):
    """Refuses a --json that cannot be written (throughput writes PATH.tmp beside it, then renames it into place)
    before anything is timed, rather than after the whole run."""
    if os.path.isdir(path):
        sys.exit(f"error: --json {path} is a folder; give a file path such as "
                 f"{os.path.join(path, 'throughput.json')}")
    folder = os.path.dirname(path) or "."
    if not os.path.exists(folder):
        ancestor = folder
        while not os.path.exists(ancestor) and os.path.dirname(ancestor) != ancestor:
            ancestor = os.path.dirname(ancestor) or "."
        if not os.path.isdir(ancestor):
            sys.exit(f"error: --json {path}: {ancestor} is not a folder; give a path in an existing folder")
        sys.exit(f"error: --json {path}: no such folder {folder}; create it or give a path in an existing folder")
    if not os.path.isdir(folder):
        sys.exit(f"error: --json {path}: {folder} is not a folder; give a path in an existing folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        sys.exit(f"error: --json {path}: cannot write in folder {folder} (no write permission); give a path in a "
                 "folder you can write")


def parse(argv):
    parser = argparse.ArgumentParser(prog="p4cnn.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)

    t = sub.add_parser("throughput", help="images/s of the ace training step")
    t.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    t.add_argument("--group", choices=["c4", "d4"], default="c4")
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--warmup", type=int, default=5, help="untimed steps first (>= 2; default 5)")
    t.add_argument("--steps", type=int, default=20, help="steps per timed repeat (default 20)")
    t.add_argument("--repeats", type=int, default=5, help="timed repeats; the median is reported (default 5)")
    t.add_argument("--threads", type=int, default=os.cpu_count(), help="torch.set_num_threads (default: all cores)")
    t.add_argument("--precision", choices=["fp32", "tf32", "bf16"], default="fp32",
                   help="cuda only: tf32 allows TF32 in cuDNN/cuBLAS; bf16 runs the forwards under bf16 autocast "
                        "with fp32 master weights (default fp32, TF32 off)")
    t.add_argument("--probe-samples", type=int, default=8, help="jace's --probe-samples (default 8)")
    t.add_argument("--data", help="fashion-mnist IDX folder: its first images (default: synthetic uniform images)")
    t.add_argument("--json", help="also write the result to this JSON file")

    p = sub.add_parser("parity", help="compare outputs with jace's on the same inputs and weights")
    p.add_argument("--model", required=True, help="model.safetensors written by 'jace train'")
    p.add_argument("--input", required=True, help="float32 .npy [N, C, H, W]")
    p.add_argument("--expected", required=True, help="jace's outputs on --input ('jace predict'), .npy")
    p.add_argument("--tolerance", type=float, default=1e-4, help="max relative error allowed (default 1e-4)")

    s = sub.add_parser("steps", help="retrace a jace ace run step by step from its initial weights")
    s.add_argument("--run", required=True, help="output folder of 'jace train --method ace' with --subset equal to "
                                                "--batch and --probe-samples all")
    s.add_argument("--tolerance", type=float, default=1e-5,
                   help="max relative difference allowed (default 1e-5; jace's runs agree to 3e-6)")
    return parser.parse_args(argv)


def main(argv):
    args = parse(argv)
    if args.mode == "throughput":
        for name in ("batch", "steps", "repeats", "threads", "probe_samples"):
            if getattr(args, name) < 1:
                sys.exit(f"error: --{name.replace('_', '-')} must be >= 1")
        if args.warmup < 2:
            sys.exit("error: --warmup must be >= 2: the first step has every multiplier 0 and skips the probe's "
                     "backward, so the second runs it for the first time (on CUDA cudnn.benchmark picks its "
                     "algorithms then) and must not be timed")
        if args.json is not None:
            require_writable_json(args.json)
    require_torch()
    if args.mode == "throughput":
        import throughput
        throughput.run(args)
        return 0
    if args.mode == "steps":
        import step_parity
        return step_parity.run(args)
    import parity
    return parity.run(args)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, ValueError) as e:  # unreadable or malformed files: the message names the file
        sys.exit(f"error: {e}")
