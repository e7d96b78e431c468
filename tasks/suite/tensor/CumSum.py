"""Inclusive running sum along axis 1."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Tensor"
ONNX_OP = "CumSum"
NOTES = "The benchmark passes no axis; axis 1 (the middle one, strided access) is chosen here."

batch_size = 16
input_shape = (32, 32)
axis = 1


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.cumsum(x, dim=axis)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
