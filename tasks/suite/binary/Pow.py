"""Elementwise power a ** b of two same-shaped positive 3-D tensors."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Binary"
ONNX_OP = "Pow"

dim1 = 8
dim2 = 256
dim3 = 256


class Model(torch.nn.Module):
    def forward(self, a, b):
        return torch.pow(a, b)


INPUTS = [rand(dim1, dim2, dim3), rand(dim1, dim2, dim3)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
