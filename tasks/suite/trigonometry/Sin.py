"""Sine."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Trigonometry"
ONNX_OP = "Sin"

dim1 = 16
dim2 = 32
dim3 = 32


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.sin(x)


INPUTS = [randn(dim1, dim2, dim3)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
