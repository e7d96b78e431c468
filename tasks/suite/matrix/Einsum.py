"""Einsum 'ij,jk->ik': a 32x64 by 64x128 matrix product."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "Einsum"
NOTES = "MNN lowers the Einsum to 15 ops around one MatMul."

M = 32
K = 64
N = 128
equation = "ij,jk->ik"


class Model(torch.nn.Module):
    def __init__(self, equation: str) -> None:
        super().__init__()
        self.equation = equation

    def forward(self, *operands):
        return torch.einsum(self.equation, *operands)


INPUTS = [randn(M, K), randn(K, N)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [equation]
