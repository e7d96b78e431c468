"""Sign of each element (-1, 0 or 1)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Unary"
ONNX_OP = "Sign"

batch_size = 8
dim1 = 128
dim2 = 256


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.sign(x)


INPUTS = [randn(batch_size, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
