"""A 128x128 by 128x128 matrix product."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "MatMul"

n = 128
m = 128
p = 128


class Model(torch.nn.Module):
    def forward(self, a, b):
        return torch.matmul(a, b)


INPUTS = [randn(n, m), randn(m, p)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
