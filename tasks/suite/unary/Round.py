"""Round to the nearest integer, halves to even (ONNX and PyTorch agree)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Unary"
ONNX_OP = "Round"

batch_size = 8
dim1 = 512
dim2 = 512


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.round(x)


INPUTS = [randn(batch_size, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
