"""Logical XOR of two float tensors (non-zero is true)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Logic"
ONNX_OP = "Xor"
NOTES = (
    "The inputs are randn floats, as the benchmark has them: PyTorch casts them to bool before Xor, and "
    "both are practically always non-zero, so the output is all false (flagged as near-constant). So the "
    "graph is Cast, Cast, Xor, and MNN runs three ops."
)

dim1 = 8
dim2 = 128
dim3 = 128


class Model(torch.nn.Module):
    def forward(self, a, b):
        return torch.logical_xor(a, b)


INPUTS = [randn(dim1, dim2, dim3), randn(dim1, dim2, dim3)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
