"""Throughput mode: images/s of AceStep on one device, the median over timed repeats."""

import datetime
import json
import os
import platform
import statistics
import time

import torch

import cpu_contention
import fashion_mnist
import groups
from ace_step import AceStep
from model import P4CNN

FIXED_BATCHES = 4  # like jace's cli/TrainStepWorkload: steps cycle over 4 fixed batches
HORIZON = 10 ** 12  # schedule horizon: the cosine learning rate stays at its start, as in TrainStepWorkload


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
    """FIXED_BATCHES batches: synthetic uniform [0, 1) images with random labels, or the first fashion-mnist ones."""
    samples = FIXED_BATCHES * args.batch
    if args.data:
        images, labels = fashion_mnist.load("train", args.data, limit=samples)
        return torch.from_numpy(images), torch.from_numpy(labels)
    generator = torch.Generator().manual_seed(1)
    return (torch.rand(samples, 1, 28, 28, generator=generator),
            torch.randint(0, 10, (samples,), generator=generator))


def batches(images, labels, batch, device):
    """The fixed batches in turn, gathered on the host and copied to the device every step (jace's Batch.load)."""
    while True:
        for start in range(0, images.shape[0], batch):
            idx = torch.arange(start, start + batch)
            yield images[idx].to(device), labels[idx].to(device)


def run(args):
    device, autocast, settings = configure(args)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    model = P4CNN(groups.by_name(args.group), relaxed=True, seed=0).to(device)
    step = AceStep(model, horizon=HORIZON, probe_samples=args.probe_samples, autocast=autocast)
    images, labels = host_data(args)
    feed = batches(images, labels, args.batch, device)
    for _ in range(args.warmup):
        step(*next(feed))
    rates, others = [], []
    meter = cpu_contention.Meter()
    for _ in range(args.repeats):
        sync()
        meter.start()
        start = time.perf_counter()
        for _ in range(args.steps):
            step(*next(feed))
        sync()
        rates.append(args.steps * args.batch / (time.perf_counter() - start))
        others.append(meter.other_cores())
    result = {
        "driver": "bench/pytorch/p4cnn.py throughput",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "torch": torch.__version__,
        **settings,
        "group": args.group,
        "batch": args.batch,
        "probe_samples": args.probe_samples,
        "probe_backward": "one for all symmetry types (as jace)",
        "data": f"{FIXED_BATCHES} fixed batches, " + (f"fashion-mnist from {args.data}" if args.data
                                                        else "synthetic uniform [0, 1) images, random labels"),
        "warmup_steps": args.warmup,
        "steps_per_repeat": args.steps,
        "images_per_s_per_repeat": [round(r, 2) for r in rates],
        "median_images_per_s": round(statistics.median(rates), 2),
        "other_processes_cores_per_repeat": [None if o is None else round(o, 3) for o in others],
    }
    print(f"p4 CNN ({args.group}) ace training step, batch {args.batch}, {args.device} "
          f"({settings['device_name']}), {settings['threads']} threads, {args.precision}, torch {torch.__version__}")
    print(f"images/s per repeat ({args.steps} steps each, after {args.warmup} warm-up): "
          + ", ".join(f"{r:.1f}" for r in rates))
    print(f"median images/s: {statistics.median(rates):.1f}")
    if others[0] is not None:
        print("cores used by other processes per repeat: " + ", ".join(f"{o:.2f}" for o in others)
              + ("  <- the machine was shared; these numbers are not clean" if max(others) > 0.1 else ""))
    if device.type == "cuda":
        print(f"cudnn.benchmark {settings['cudnn_benchmark']}, TF32 matmul {settings['cuda_matmul_allow_tf32']}, "
              f"TF32 cudnn {settings['cudnn_allow_tf32']}")
    if args.json:
        # Written aside and renamed into place: a run stopped while writing leaves no half file for gpu-report.
        partial = args.json + ".tmp"
        with open(partial, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
        os.replace(partial, args.json)
        print(f"wrote {args.json}")
