"""Elementwise minimum of two same-shaped 3-D tensors."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Binary"
ONNX_OP = "Min"

batch_size = 16
dim1 = 64
dim2 = 512


class Model(torch.nn.Module):
    def forward(self, a, b):
        return torch.minimum(a, b)


INPUTS = [randn(batch_size, dim1, dim2), randn(batch_size, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
