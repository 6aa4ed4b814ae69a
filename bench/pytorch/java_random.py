"""java.util.Random and jace's nn/Init draws, bit for bit, so PyTorch can start from jace's initial weights."""

import math

import numpy as np

MULTIPLIER = 0x5DEECE66D
MASK = (1 << 48) - 1


class JavaRandom:
    def __init__(self, seed):
        self.seed = (seed ^ MULTIPLIER) & MASK

    def next_float(self):
        self.seed = (self.seed * MULTIPLIER + 0xB) & MASK
        return np.float32((self.seed >> 24) / float(1 << 24))


def uniform(random, n, bound):
    """Init.uniform: (nextFloat() * 2f - 1f) * bound, in float32 arithmetic."""
    bound = np.float32(bound)
    return np.array([(random.next_float() * np.float32(2) - np.float32(1)) * bound for _ in range(n)],
                    dtype=np.float32)


def kaiming_uniform(random, shape):
    """Init.kaimingUniform: bound (float) sqrt(6 / fan_in), fan_in = every axis but the first."""
    fan_in = math.prod(shape[1:])
    return uniform(random, math.prod(shape), math.sqrt(6.0 / fan_in)).reshape(shape)


def initial_state(model, seed):
    """The weights jace's ModelSpec.build(backend, seed) draws for this model, as a state dict of numpy arrays
    (draw order: lift.weight, [lift.free.weight], gconv.weight, [gconv.free.weight], linear.weight)."""
    random = JavaRandom(seed)
    state = {name: value.detach().cpu().numpy().copy() for name, value in model.state_dict().items()}
    for layer in ("lift", "gconv"):
        state[f"{layer}.weight"] = kaiming_uniform(random, state[f"{layer}.weight"].shape)
        if f"{layer}.free.weight" in state:
            state[f"{layer}.free.weight"] = kaiming_uniform(random, state[f"{layer}.free.weight"].shape)
    out, features = state["linear.weight"].shape
    state["linear.weight"] = uniform(random, out * features, 1 / math.sqrt(features)).reshape(out, features)
    return state
