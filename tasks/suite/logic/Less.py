"""Elementwise a < b of two float tensors, as bool."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Logic"
ONNX_OP = "Less"

dim1 = 8
dim2 = 256
dim3 = 256


class Model(torch.nn.Module):
    def forward(self, a, b):
        return torch.lt(a, b)


INPUTS = [randn(dim1, dim2, dim3), randn(dim1, dim2, dim3)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
