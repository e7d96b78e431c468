"""Clamp to [-0.5, 0.5]."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Tensor"
ONNX_OP = "Clip"

batch_size = 16
input_shape = (32, 128, 256)
min_val = -0.5
max_val = 0.5


class Model(torch.nn.Module):
    def __init__(self, min_val, max_val) -> None:
        super().__init__()
        self.min_val = min_val
        self.max_val = max_val

    def forward(self, x):
        return torch.clamp(x, self.min_val, self.max_val)


INPUTS = [randn(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [min_val, max_val]
