"""A vector times a batch of matrices: (16) @ (32, 16, 64) -> (32, 64)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "MatMul"

m = 16
batch_size = 32
p = 64


class Model(torch.nn.Module):
    def forward(self, a, b):
        return torch.matmul(a, b)


INPUTS = [randn(m), randn(batch_size, m, p)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
