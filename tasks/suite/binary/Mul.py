"""Elementwise product of two same-shaped 3-D tensors."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Binary"
ONNX_OP = "Mul"

dim1 = 8
dim2 = 256
dim3 = 256


class Model(torch.nn.Module):
    def forward(self, a, b):
        return a * b


INPUTS = [randn(dim1, dim2, dim3), randn(dim1, dim2, dim3)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
