"""Scale the last dimension of a 3-D tensor by a vector (numpy broadcasting)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Binary"
ONNX_OP = "Mul"

batch_size = 8
dim1 = 64
dim2 = 64


class Model(torch.nn.Module):
    def forward(self, a, b):
        return a * b


INPUTS = [randn(batch_size, dim1, dim2), randn(dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
