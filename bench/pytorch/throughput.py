"""Throughput mode: images/s of AceStep on one device, the median over timed repeats."""

import datetime
import json
import os
import platform
import statistics
import time

import torch

import fashion_mnist
import groups
from ace_step import AceStep
from model import P4CNN

SYNTHETIC_SAMPLES = 8192


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "cpu"


def configure(args):
    """Threads, cuDNN and TF32 settings; returns (device, autocast factory or None, settings to report)."""
    torch.set_num_threads(args.threads)
    if args.device == "cuda":
        if not torch.cuda.is_available():
            raise SystemExit("error: --device cuda, but torch.cuda.is_available() is False "
                             f"(torch {torch.__version__}, built with CUDA {torch.version.cuda})")
        torch.backends.cudnn.benchmark = True
        tf32 = args.precision == "tf32"
        torch.backends.cuda.matmul.allow_tf32 = tf32
        torch.backends.cudnn.allow_tf32 = tf32
        name = torch.cuda.get_device_name()
    else:
        if args.precision != "fp32":
            raise SystemExit(f"error: --precision {args.precision} is for --device cuda; the CPU runs fp32")
        name = cpu_name()
    autocast = None
    if args.precision == "bf16":
        autocast = lambda: torch.autocast(device_type="cuda", dtype=torch.bfloat16)  # noqa: E731
    settings = {"device": args.device, "device_name": name, "threads": torch.get_num_threads(),
                "precision": args.precision}
    if args.device == "cuda":
        settings.update(cudnn_benchmark=torch.backends.cudnn.benchmark,
                        cuda_matmul_allow_tf32=torch.backends.cuda.matmul.allow_tf32,
                        cudnn_allow_tf32=torch.backends.cudnn.allow_tf32)
    return torch.device(args.device), autocast, settings


def host_data(args):
    if args.data:
        images, labels = fashion_mnist.load("train", args.data)
        return torch.from_numpy(images), torch.from_numpy(labels)
    generator = torch.Generator().manual_seed(1)
    return (torch.rand(SYNTHETIC_SAMPLES, 1, 28, 28, generator=generator),
            torch.randint(0, 10, (SYNTHETIC_SAMPLES,), generator=generator))


def batches(images, labels, batch, device, seed=0):
    """Shuffled batches, copied host -> device per step like jace's Trainer.Batch.load (reshuffled per epoch)."""
    generator = torch.Generator().manual_seed(seed)
    while True:
        order = torch.randperm(images.shape[0], generator=generator)
        for start in range(0, images.shape[0] - batch + 1, batch):
            idx = order[start:start + batch]
            yield images[idx].to(device), labels[idx].to(device)


def run(args):
    if args.warmup < 1:
        raise SystemExit("error: --warmup must be >= 1: the first step has all multipliers 0 and skips the probe "
                         "backward, so it must not be timed")
    device, autocast, settings = configure(args)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    model = P4CNN(groups.by_name(args.group), relaxed=True, seed=0).to(device)
    total_steps = args.warmup + args.repeats * args.steps
    step = AceStep(model, horizon=total_steps, probe_samples=args.probe_samples,
                   fused_probe_backward=args.fused_probe_backward, autocast=autocast)
    images, labels = host_data(args)
    load_before = os.getloadavg()[0]
    feed = batches(images, labels, args.batch, device)
    for _ in range(args.warmup):
        step(*next(feed))
    rates = []
    for _ in range(args.repeats):
        sync()
        start = time.perf_counter()
        for _ in range(args.steps):
            step(*next(feed))
        sync()
        rates.append(args.steps * args.batch / (time.perf_counter() - start))
    result = {
        "driver": "bench/pytorch/p4cnn.py throughput",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "torch": torch.__version__,
        **settings,
        "group": args.group,
        "batch": args.batch,
        "probe_samples": args.probe_samples,
        "probe_backward": "fused" if args.fused_probe_backward else "per symmetry type (as jace)",
        "data": args.data or f"synthetic ({SYNTHETIC_SAMPLES} uniform images)",
        "warmup_steps": args.warmup,
        "steps_per_repeat": args.steps,
        "images_per_s_per_repeat": [round(r, 2) for r in rates],
        "median_images_per_s": round(statistics.median(rates), 2),
        "load_average_1min_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(f"p4 CNN ({args.group}) ace training step, batch {args.batch}, {args.device} "
          f"({settings['device_name']}), {settings['threads']} threads, {args.precision}, torch {torch.__version__}")
    print(f"images/s per repeat ({args.steps} steps each, after {args.warmup} warm-up): "
          + ", ".join(f"{r:.1f}" for r in rates))
    print(f"median images/s: {statistics.median(rates):.1f}")
    print(f"1-min load average before/after: {result['load_average_1min_before_after']} "
          "(other processes on the cores slow the run down)")
    if device.type == "cuda":
        print(f"cudnn.benchmark {settings['cudnn_benchmark']}, TF32 matmul {settings['cuda_matmul_allow_tf32']}, "
              f"TF32 cudnn {settings['cudnn_allow_tf32']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
        print(f"wrote {args.json}")
