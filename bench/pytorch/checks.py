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
