"""A batched matrix product broadcasting both batch dimensions: (8, 1) x (1, 8)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "MatMul"

batch_dim1 = 8
batch_dim2 = 1
n = 16
m = 32
batch_dim3 = 1
batch_dim4 = 8
p = 32


class Model(torch.nn.Module):
    def forward(self, a, b):
        return torch.matmul(a, b)


INPUTS = [randn(batch_dim1, batch_dim2, n, m), randn(batch_dim3, batch_dim4, m, p)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
