"""Einsum 'ii->i': the diagonal of a 1024x1024 matrix."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "Einsum"
UNSOLVABLE = "MNN's converter turns 'ii->i' into a lone Permute, which cannot compute a diagonal"
NOTES = (
    "MNN's converter turns 'ii->i' into a lone Permute(dims=[0]), which does not compute a diagonal: no "
    "correct kernel of that op exists, and MNN's own result is wrong."
)

N = 1024
equation = "ii->i"


class Model(torch.nn.Module):
    def __init__(self, equation: str) -> None:
        super().__init__()
        self.equation = equation

    def forward(self, *operands):
        return torch.einsum(self.equation, *operands)


INPUTS = [randn(N, N)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [equation]
