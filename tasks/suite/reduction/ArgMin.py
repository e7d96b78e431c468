"""Index of the minimum along dimension 1 (MNN returns it as int32)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Reduction"
ONNX_OP = "ArgMin"

batch_size = 16
dim1 = 128
dim2 = 127
dim = 1


class Model(torch.nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return torch.argmin(x, dim=self.dim, keepdim=False)


INPUTS = [rand(batch_size, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [dim]
