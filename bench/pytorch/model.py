"""jace's default classification model (train/ModelSpec.java, CLASSIFICATION) in PyTorch.

avg pool 2x2 -> lift(8, 3x3, SAME) [+ gamma·free(x)] -> group BN -> relu -> max pool 2x2
-> gconv(8, 3x3, SAME) [+ gamma·free(x)] -> group BN -> relu -> group max pool -> global avg pool -> linear(classes)

Group feature maps are [N, C, |G|, H, W]. The equivariant convolutions are computed the escnn/GrouPy way: the
filter bank for all group elements is gathered from the weight through a precomputed index, then one plain
torch conv2d runs on the input seen as [N, C·fiber, H, W] (jace's EXPANDED algorithm, ops/GroupConv.java).
Parameter and buffer names equal jace's (nn/Sequential.java), so a jace model.safetensors loads as a state dict.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from groups import act

WIDTH = 8  # ModelSpec.CLASSIFIER_WIDTH
KERNEL = 3
INITIAL_GAMMA = 0.1  # ModelSpec.INITIAL_GAMMA


def kaiming_uniform(shape, generator):
    """nn/Init.kaimingUniform: U(-b, b), b = sqrt(6 / fan_in), fan_in = every axis but the first."""
    bound = math.sqrt(6.0 / math.prod(shape[1:]))
    return (torch.rand(shape, generator=generator) * 2 - 1) * bound


def lifting_bank_index(group, cout, cin, k):
    """Index into weight [cout, cin, k, k] of bank[o·|G| + g, c] = g·w[o, c] (backend/cpu/CpuFilterBank.java)."""
    idx = torch.arange(cout * cin * k * k).view(cout, cin, k, k)
    bank = torch.stack([act(g, idx) for g in group.elements], dim=1)
    return bank.reshape(cout * group.order, cin, k, k).contiguous()


def group_bank_index(group, cout, cin, k):
    """Index into weight [cout, cin, |G|, k, k] of bank[o·|G| + g, c·|G| + h] = g·w[o, c, g⁻¹h]."""
    n = group.order
    idx = torch.arange(cout * cin * n * k * k).view(cout, cin, n, k, k)
    per_element = []
    for g in group.elements:
        slices = [group.compose(group.inverse(g), h) for h in group.elements]
        per_element.append(act(g, idx[:, :, slices]))
    return torch.stack(per_element, dim=1).reshape(cout * n, cin * n, k, k).contiguous()


class EquivariantConv(nn.Module):
    """Lifting (fiber 1) or group (fiber |G|) conv, SAME padding, bias per output channel shared over the group
    axis; with relaxed=True it is nn/AdditiveRelaxation.java: y = eq(x) + gamma · free(x), where free is a plain
    conv of the planar input to Cout·|G| channels read as [N, Cout, |G|, H, W]; as in jace, both branches run as one
    conv2d with the filter bank + gamma · free's weight (the free module only holds that weight)."""

    def __init__(self, group, cin, cout, lifting, relaxed, generator):
        super().__init__()
        k = KERNEL
        self.order = group.order
        self.cout = cout
        self.planar_in = cin if lifting else cin * group.order
        shape = (cout, cin, k, k) if lifting else (cout, cin, group.order, k, k)
        self.weight = nn.Parameter(kaiming_uniform(shape, generator))
        self.bias = nn.Parameter(torch.zeros(cout))
        index = lifting_bank_index(group, cout, cin, k) if lifting else group_bank_index(group, cout, cin, k)
        self.register_buffer("bank_index", index, persistent=False)
        self.relaxed = relaxed
        if relaxed:
            self.free = nn.Conv2d(self.planar_in, cout * group.order, k, padding=k // 2, bias=False)
            with torch.no_grad():
                self.free.weight.copy_(kaiming_uniform(tuple(self.free.weight.shape), generator))
            self.gamma = nn.Parameter(torch.tensor([INITIAL_GAMMA]))

    def filter_bank(self):
        return self.weight.reshape(-1)[self.bank_index]

    def forward(self, x):
        n, h, w = x.shape[0], x.shape[-2], x.shape[-1]
        planar = x.reshape(n, self.planar_in, h, w)
        bank = self.filter_bank()
        if self.relaxed:
            bank = bank + self.gamma * self.free.weight
        y = F.conv2d(planar, bank, self.bias.repeat_interleave(self.order), padding=KERNEL // 2)
        return y.view(n, self.cout, self.order, h, w)


class GroupBatchNorm(nn.Module):
    """nn/GroupBatchNorm.java: statistics over N, |G|, H, W per channel; momentum 0.1, eps 1e-5, unbiased running
    variance (as PyTorch). No num_batches_tracked buffer, so the state dict matches jace's names."""

    def __init__(self, channels):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))

    def forward(self, x):
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, self.training, 0.1, 1e-5)


class P4CNN(nn.Module):
    def __init__(self, group, in_channels=1, classes=10, relaxed=True, seed=0):
        super().__init__()
        generator = torch.Generator().manual_seed(seed)
        self.group = group
        self.relaxed = relaxed
        self.lift = EquivariantConv(group, in_channels, WIDTH, True, relaxed, generator)
        self.bn1 = GroupBatchNorm(WIDTH)
        self.gconv = EquivariantConv(group, WIDTH, WIDTH, False, relaxed, generator)
        self.bn2 = GroupBatchNorm(WIDTH)
        self.linear = nn.Linear(WIDTH, classes)
        with torch.no_grad():
            bound = 1 / math.sqrt(WIDTH)  # nn/LinearLayer.java: U(-1/sqrt(in), 1/sqrt(in)), zero bias
            self.linear.weight.copy_((torch.rand(classes, WIDTH, generator=generator) * 2 - 1) * bound)
            self.linear.bias.zero_()

    def forward(self, x):
        x = F.avg_pool2d(x, 2, 2)
        x = F.relu(self.bn1(self.lift(x)))
        n, c, g, h, w = x.shape
        x = F.max_pool2d(x.reshape(n, c * g, h, w), 2, 2).view(n, c, g, h // 2, w // 2)
        x = F.relu(self.bn2(self.gconv(x)))
        x = x.max(dim=2).values  # group max pool; the gradient goes to one maximal element, as in jace
        x = x.mean(dim=(-2, -1))  # global average pool -> [N, C]
        return self.linear(x)

    def relaxations(self):
        """Relaxed layers by jace layer name, in model order."""
        return {"lift": self.lift, "gconv": self.gconv} if self.relaxed else {}
