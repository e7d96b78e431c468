"""Absolute value of a 4-D tensor."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Unary"
ONNX_OP = "Abs"
NOTES = "rand draws from [0, 1) as the benchmark lists, so the sign branch is not exercised by the inputs."

batch_size = 16
input_shape = (8, 256, 256)


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.abs(x)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
