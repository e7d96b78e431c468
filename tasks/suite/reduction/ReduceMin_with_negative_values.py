"""Minimum over dimension 1 of a 4-D tensor, dropping it."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Reduction"
ONNX_OP = "ReduceMin"
NOTES = "The benchmark lists rand (values in [0, 1)) for this task despite its name; kept as listed."

batch_size = 16
input_shape = (128, 128, 64)
dim = 1
keepdim = False


class Model(torch.nn.Module):
    def __init__(self, dim, keepdim: bool) -> None:
        super().__init__()
        self.dim = dim
        self.keepdim = keepdim

    def forward(self, x):
        return torch.amin(x, dim=self.dim, keepdim=self.keepdim)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [dim, keepdim]
