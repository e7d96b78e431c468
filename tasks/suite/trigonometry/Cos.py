"""Cosine."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Trigonometry"
ONNX_OP = "Cos"

batch_size = 16
input_shape = (256, 256)


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.cos(x)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
