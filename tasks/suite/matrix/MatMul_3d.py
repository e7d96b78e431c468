"""A batched matrix product: (8, 16, 32) @ (8, 32, 64)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "MatMul"

batch = 8
m = 16
k = 32
n = 64


class Model(torch.nn.Module):
    def forward(self, a, b):
        return torch.matmul(a, b)


INPUTS = [randn(batch, m, k), randn(batch, k, n)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
