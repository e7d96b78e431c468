"""Einsum 'ij,ij->ij': the elementwise product of two 256x256 matrices."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "Einsum"
NOTES = "MNN lowers it to five ops (Reshapes, Permutes, BinaryOp)."

M = 256
N = 256
equation = "ij,ij->ij"


class Model(torch.nn.Module):
    def __init__(self, equation: str) -> None:
        super().__init__()
        self.equation = equation

    def forward(self, *operands):
        return torch.einsum(self.equation, *operands)


INPUTS = [randn(M, N), randn(M, N)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [equation]
