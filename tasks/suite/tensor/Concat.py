"""Concatenate three tensors along axis 0."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Tensor"
ONNX_OP = "Concat"

batch_size = 16
dim1 = 128
dim2 = 64


class Model(torch.nn.Module):
    def __init__(self, axis) -> None:
        super().__init__()
        self.axis = axis

    def forward(self, a, b, c):
        return torch.cat((a, b, c), dim=self.axis)


INPUTS = [randn(batch_size, dim1, dim2), randn(batch_size, dim1, dim2), randn(batch_size, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [0]
