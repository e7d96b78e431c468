"""Mean over the spatial axes 2 and 3 (a global pool)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Reduction"
ONNX_OP = "ReduceMean"

batch_size = 8
input_shape = (128, 64, 64)
dims = (2, 3)
keepdim = False


class Model(torch.nn.Module):
    def __init__(self, dim, keepdim: bool) -> None:
        super().__init__()
        self.dim = dim
        self.keepdim = keepdim

    def forward(self, x):
        return torch.mean(x, dim=self.dim, keepdim=self.keepdim)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [dims, keepdim]
