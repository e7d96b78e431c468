"""Elementwise exponential."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Unary"
ONNX_OP = "Exp"

batch_size = 16
input_shape = (512, 512)


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.exp(x)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
