"""Natural logarithm of values in [0, 1)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Unary"
ONNX_OP = "Log"

batch_size = 8
dim1 = 64
dim2 = 256


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.log(x)


INPUTS = [rand(batch_size, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
