"""Arc tangent."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Trigonometry"
ONNX_OP = "Atan"

batch_size = 16
input_shape = (128, 512)


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.atan(x)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
