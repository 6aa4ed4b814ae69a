"""The groups C4 and D4 exactly as jace numbers and applies them (group/Element.java, backend/GroupTable.java).

Element index e stands for r^(e % 4) m^(e // 4). On an image (or a k x k filter) it first reflects
(m: numpy flip(x, axis=-1)) when e // 4 == 1, then rotates counter-clockwise e % 4 quarter turns
(r: numpy rot90(x, 1, axes=(-2, -1))). Element 0 is the identity.
"""

import torch


class Group:
    def __init__(self, name, order):
        self.name = name
        self.order = order
        self.elements = list(range(order))

    @staticmethod
    def rotation(e):
        return e % 4

    @staticmethod
    def flip(e):
        return e // 4

    def compose(self, a, b):
        """Index of a·b (apply b first): r^a m^b · r^c m^d = r^(a + (-1)^b c) m^(b + d)."""
        ra, fa = a % 4, a // 4
        rb, fb = b % 4, b // 4
        turn = rb if fa == 0 else -rb
        return (ra + turn) % 4 + 4 * ((fa + fb) % 2)

    def inverse(self, e):
        # Reflections r^k m are involutions; (r^k)^-1 = r^-k.
        return e if e // 4 == 1 else (-e) % 4

    def rotations(self):
        """Non-identity rotations r^k (the "rotation" symmetry type)."""
        return [e for e in self.elements if e // 4 == 0 and e % 4 != 0]

    def reflections(self):
        """Reflections r^k m (the "reflection" symmetry type)."""
        return [e for e in self.elements if e // 4 == 1]

    def symmetry_types(self):
        """Symmetry types with elements, in jace's order (rotation, then reflection)."""
        types = [("rotation", self.rotations()), ("reflection", self.reflections())]
        return [(name, elements) for name, elements in types if elements]


GROUPS = {"c4": Group("c4", 4), "d4": Group("d4", 8)}


def by_name(name):
    if name not in GROUPS:
        raise ValueError(f"unknown group '{name}'; known: {', '.join(GROUPS)}")
    return GROUPS[name]


def act(e, x):
    """e·x on the last two axes of x (images, filters or any stack of them)."""
    if e // 4 == 1:
        x = torch.flip(x, dims=[-1])
    return torch.rot90(x, e % 4, dims=(-2, -1))
