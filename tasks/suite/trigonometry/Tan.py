"""Tangent."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Trigonometry"
ONNX_OP = "Tan"

dim1 = 16
dim2 = 256
dim3 = 256


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.tan(x)


INPUTS = [randn(dim1, dim2, dim3)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
