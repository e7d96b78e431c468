"""Mean over dimension 1, keeping it."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Reduction"
ONNX_OP = "ReduceMean"

batch_size = 8
input_shape = (64, 256, 256)
dim = 1


class Model(torch.nn.Module):
    def __init__(self, dim) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return torch.mean(x, dim=self.dim, keepdim=True)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [dim]
