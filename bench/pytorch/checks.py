"""How the parity and steps modes judge their differences; no PyTorch or numpy here, so tests/ run it anywhere."""

import math


def relative(a, b):
    return abs(a - b) / max(abs(b), 1e-30)


def note_worst(worst, diffs):
    """Keeps, per key of `diffs`, the largest difference seen so far in `worst`; a non-finite one (either side gave
    NaN or inf) stays, where max() would drop a NaN."""
    for key, value in diffs.items():
        if key not in worst or math.isfinite(worst[key]) and not value <= worst[key]:
            worst[key] = value


def largest(diffs):
    """The key of the largest difference, a non-finite one first."""
    return max(diffs, key=lambda k: (not math.isfinite(diffs[k]), diffs[k] if math.isfinite(diffs[k]) else 0.0))


def within(differences, tolerance):
    """True when every difference is finite and at most `tolerance`."""
    return all(math.isfinite(d) and d <= tolerance for d in differences.values())


# A strict model is invariant, f(g·x) = f(x), and in float64 only rounding (3e-16 measured) separates the two: more
# means PyTorch's model or group action breaks the group's conventions, whatever jace's outputs.
INVARIANCE_TOLERANCE = 1e-10


def parity_failures(errors, tolerance):
    """What fails in parity mode's errors: jace vs PyTorch float64 above `tolerance` and, where measured (strict
    models), the float64 invariance above INVARIANCE_TOLERANCE; a NaN fails."""
    bounds = {"jace_fp32_vs_torch_fp64": tolerance, "torch_fp64_invariance": INVARIANCE_TOLERANCE}
    return [f"{name} {errors[name]:.3e} > {bound:g}" for name, bound in bounds.items()
            if name in errors and not within({name: errors[name]}, bound)]


def check_input(shape, model_input, input_path, model_path):
    """Refuses inputs [N, C, H, W] whose [C, H, W] is not the model's (its metadata's "input", e.g. "1,28,28")."""
    expected = [int(d) for d in model_input.split(",")]
    if list(shape[1:]) != expected:
        raise SystemExit(f"error: {input_path} holds inputs of [C, H, W] = {list(shape[1:])}, but {model_path} takes "
                         f"{expected}: --input should hold the images 'jace predict' computed --expected from")


def unsupported(run, why):
    return SystemExit(f"error: unsupported run: {run}: {why}")


CONSTRAIN = ["output", "relaxation"]  # what --constrain can name, in the order jace builds the terms


def retrace_settings(config, run):
    """What steps mode takes from a run's summary.json config; refuses a run whose step it cannot retrace."""
    try:
        task = config["task_config"]
        count = task.get("train_count", task.get("trainCount"))  # jace wrote camelCase fields before 2026-12-02
        if (config["task"], config["method"], task["variant"]) != ("fashion-mnist", "ace", "upright") \
                or count != config["batch"] or config["probe_samples"] < count:
            raise unsupported(run, "steps needs an upright fashion-mnist ace run with --subset equal to --batch and "
                                   f"--probe-samples all; it has task {config['task']}, method {config['method']}, "
                                   f"variant {task['variant']}, subset {count}, batch {config['batch']}, probe "
                                   f"samples {config['probe_samples']}")
        method = config["method_settings"]
        if method["epsilon"] != "const:0":
            raise unsupported(run, f"epsilon {method['epsilon']!r}; the retrace has epsilon 0 only (no --epsilon)")
        targets = [f"{term}={target}" for term, target in method["epsilon_for"].items() if target != "const:0"]
        if targets:
            raise unsupported(run, "--epsilon-for " + ", ".join(targets) + "; the retrace has epsilon 0 only")
        constrain = config["constrain"]
        if not constrain or any(what not in CONSTRAIN for what in constrain):
            raise unsupported(run, f"constrain {constrain}; the retrace constrains {' and/or '.join(CONSTRAIN)}")
        return {"group": config["group"], "seed": config["seed"], "count": count,
                "data_dir": task.get("data_dir", task.get("dataDir")), "lr": config["lr"],
                "dual_step": method["dual_step"], "dual_every": method["dual_every"],
                "constrain": [what for what in CONSTRAIN if what in constrain]}
    except KeyError as e:
        raise unsupported(run, f"summary.json's config has no {e.args[0]!r} (a run of an older jace?)") from None


def check_records(records, terms, relaxations, run):
    """Every step record of metrics.jsonl has the retrace's terms and relaxation magnitudes."""
    if not records:
        raise unsupported(run, "metrics.jsonl has no step records")
    for record in records:
        if list(record["terms"]) != terms:
            raise unsupported(run, f"metrics.jsonl's step {record['step']} has the terms {list(record['terms'])}, "
                                   f"the retrace {terms}")
        for name in relaxations:
            if name not in record["relaxation"]:
                raise unsupported(run, f"metrics.jsonl's step {record['step']} has no relaxation magnitude of {name}")
