"""Logical XOR of two bool tensors (3-D)."""

import torch

from tasks.inputs import draw_torch, randint

CATEGORY = "Logic"
ONNX_OP = "Xor"
NOTES = (
    "The benchmark lists four inputs: two bool masks and two 0/1 integer tensors. Only the bool masks "
    "feed the XOR; the exported graph drops the integer ones."
)

dim0 = 16
dim1 = 128
dim2 = 64


class Model(torch.nn.Module):
    def forward(self, a, b, c, d):
        # c and d (0/1 integers) are part of the benchmark's inputs but not of the XOR. On bool tensors
        # ^ is logical XOR and exports as Xor alone (logical_xor would add Casts to bool).
        return a ^ b


INPUTS = [
    randint(0, 2, (dim0, dim1, dim2), dtype="bool"),
    randint(0, 2, (dim0, dim1, dim2), dtype="bool"),
    randint(0, 2, (dim0, dim1, dim2)),
    randint(0, 2, (dim0, dim1, dim2)),
]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
