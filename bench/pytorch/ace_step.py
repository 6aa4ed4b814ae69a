"""One training step of jace's method "ace" at the fashion-mnist CLI defaults (train/Trainer.trainStep,
constraint/PrimalDualLoop, train/DeviationProbe, train/RelaxationMagnitude, constraint/DualAscent); lr, the dual step
size, the dual period and what is constrained can be set (--lr, --dual-step, --dual-every, --constrain).

Terms, in jace's order: output.rotation, [output.reflection (d4)] ('output'), lift.relaxation, gconv.relaxation
('relaxation'); each an equality constraint c_i = 0 (epsilon constant 0) with multiplier lambda_i starting at 0.
Per step:
  1. zero the gradients; forward the batch (training mode); mean cross-entropy; backward.
  2. the probe: ONE training-mode forward of [g_1·x, ..., g_k·x, x] over the batch's first probe_samples samples
     (non-identity elements, then the identity); per symmetry type the mean over its elements and the samples of
     ||f(g·x) - f(x)||² / (||f(x)||² + 1e-12) (the output is invariant, so rho_out(g) is the identity).
  3. c_i of the relaxations: |gamma| of each relaxed layer.
  4. for each term with lambda_i != 0: add lambda_i · grad c_i (the deviation types through one model backward of
     their weighted sum, as jace's DeviationProbe.completeGradient).
  5. Adam(lr · cosine(step), betas 0.9/0.999, eps 1e-8, no weight decay).
  6. dual step after steps dual_every-1, 2·dual_every-1, ...: lambda_i <- lambda_i + dual_step · (c_i - 0)
     (equality: no projection).
"""

import math

import torch
import torch.nn.functional as F

from groups import act

EPS = 1e-12  # ops/EquivarianceDeviation.EPS
DUAL_STEP = 0.1  # TrainerConfig.defaults: DualAscent(0.1, 0.1, 1)
LR = 0.01  # cli/TrainingOptions --lr


def cosine_scale(step, horizon):
    """constraint/Schedule.Cosine(1, 0) over `horizon` steps."""
    s = 1.0 if horizon <= 1 else min(1.0, step / (horizon - 1))
    return 0.0 if s == 1.0 else 0.5 * (1.0 + math.cos(math.pi * s))


class AceStep:
    def __init__(self, model, horizon, probe_samples=8, autocast=None, lr=LR, dual_step=DUAL_STEP, dual_every=1,
                 constrain=("output", "relaxation")):
        self.model = model
        self.group = model.group
        self.horizon = horizon
        self.probe_samples = probe_samples
        self.autocast = autocast  # a context factory (bf16) or None
        self.lr = lr
        self.dual_step = dual_step
        self.dual_every = dual_every
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0)
        self.types = self.group.symmetry_types() if "output" in constrain else []
        self.relaxed = model.relaxations() if "relaxation" in constrain else {}
        self.term_names = [f"output.{name}" for name, _ in self.types] + \
                          [f"{name}.relaxation" for name in self.relaxed]
        self.multipliers = [0.0] * len(self.term_names)
        self.probe_elements = self.group.elements[1:] + [0]
        self.type_blocks = [self._blocks(elements) for _, elements in self.types]
        self.step_count = 0

    def _blocks(self, elements):
        """The probe blocks of a type's elements, as a slice (they are consecutive in jace's element order)."""
        first = self.probe_elements.index(elements[0])
        blocks = slice(first, first + len(elements))
        assert self.probe_elements[blocks] == elements
        return blocks

    def _forward(self, x):
        if self.autocast is None:
            return self.model(x)
        with self.autocast():
            return self.model(x).float()

    def _deviations(self, x):
        """The probe: per symmetry type, the mean relative deviation (a 0-dim tensor with its graph)."""
        n = x.shape[0]
        y = self._forward(torch.cat([act(g, x) for g in self.probe_elements])).reshape(len(self.probe_elements), n, -1)
        fx = y[-1]
        norm = (fx * fx).sum(dim=1) + EPS
        deviations = []
        for blocks in self.type_blocks:
            dev = ((y[blocks] - fx) ** 2).sum(dim=2)  # [elements, n]
            deviations.append((dev / norm).mean())
        return deviations

    def __call__(self, x, labels):
        model = self.model
        model.train()
        lr = self.lr * cosine_scale(self.step_count, self.horizon)
        self.optimizer.zero_grad(set_to_none=False)
        logits = self._forward(x)
        loss = F.cross_entropy(logits, labels)
        loss.backward()
        loss_value = loss.item()
        accuracy = (logits.detach().argmax(dim=1) == labels).float().mean().item()

        deviations = self._deviations(x[:self.probe_samples]) if self.types else []
        gammas = [layer.gamma for layer in self.relaxed.values()]
        values = [d.item() for d in deviations] + [g.detach().abs().item() for g in gammas]
        weights = list(self.multipliers)
        k = len(deviations)
        weighted = [w * d for w, d in zip(weights[:k], deviations) if w != 0.0]
        if weighted:
            sum(weighted).backward()
        with torch.no_grad():
            for w, g in zip(weights[k:], gammas):
                if w != 0.0:
                    g.grad.add_(w * torch.sign(g))  # d|gamma|/dgamma, 0 at gamma = 0 like jace's signum

        for group in self.optimizer.param_groups:
            group["lr"] = lr
        self.optimizer.step()
        if (self.step_count + 1) % self.dual_every == 0:
            self.multipliers = [w + self.dual_step * (c - 0.0) for w, c in zip(weights, values)]
        self.step_count += 1
        return {"loss": loss_value, "accuracy": accuracy, "values": dict(zip(self.term_names, values))}
