"""Flatten everything after the batch dimension."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Tensor"
ONNX_OP = "Reshape"

batch_size = 16
input_shape = (8, 64, 64)
target_shape = (batch_size, -1)


class Model(torch.nn.Module):
    def __init__(self, target_shape) -> None:
        super().__init__()
        self.target_shape = target_shape

    def forward(self, x):
        return x.reshape(self.target_shape)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [target_shape]
