"""A (N x M) @ (M x N) matrix product."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Matrix"
ONNX_OP = "MatMul"

N = 256
M = 128


class Model(torch.nn.Module):
    def forward(self, a, b):
        return torch.matmul(a, b)


INPUTS = [rand(N, M), rand(M, N)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
