"""1 / x for x in [0, 1)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Unary"
ONNX_OP = "Reciprocal"
NOTES = "Inputs near 0 give large outputs; the relative tolerance covers them."

batch_size = 2
dim1 = 64
dim2 = 128


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.reciprocal(x)


INPUTS = [rand(batch_size, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
