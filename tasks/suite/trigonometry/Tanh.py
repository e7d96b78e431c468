"""Hyperbolic tangent."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Trigonometry"
ONNX_OP = "Tanh"

dim1 = 8
dim2 = 128
dim3 = 256


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.tanh(x)


INPUTS = [randn(dim1, dim2, dim3)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
