"""Logical NOT of a float tensor (non-zero is true)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Logic"
ONNX_OP = "Not"
NOTES = (
    "The input is randn floats, as the benchmark has it: PyTorch casts it to bool before Not, and it is "
    "practically never zero, so the output is all false (flagged as near-constant). So the graph is Cast, "
    "Not, and MNN runs three ops (Cast, BinaryOp, UnaryOp)."
)

dim1 = 8
dim2 = 64
dim3 = 64


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.logical_not(x)


INPUTS = [randn(dim1, dim2, dim3)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
