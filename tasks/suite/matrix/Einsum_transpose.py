"""Einsum 'ij->ji': the transpose of a 64x256 matrix."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "Einsum"
NOTES = "MNN runs it as one Permute."

M = 64
N = 256
equation = "ij->ji"


class Model(torch.nn.Module):
    def __init__(self, equation: str) -> None:
        super().__init__()
        self.equation = equation

    def forward(self, *operands):
        return torch.einsum(self.equation, *operands)


INPUTS = [randn(M, N)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [equation]
