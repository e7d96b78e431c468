"""Arc cosine of values in [0, 1)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Trigonometry"
ONNX_OP = "Acos"

batch_size = 16
input_shape = (128, 128)


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.acos(x)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
