"""The Gauss error function on a 64x64 map."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Unary"
ONNX_OP = "Erf"

batch_size = 1
input_shape = (64, 64)


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.erf(x)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
