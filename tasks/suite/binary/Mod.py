"""Remainder with the divisor's sign (Python's %, ONNX Mod with fmod=0) of two 3-D tensors."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Binary"
ONNX_OP = "Mod"
NOTES = (
    "PyTorch exports remainder as Div, Floor, Mul, Sub, not Mod: ONNX Mod with fmod=0 is defined for "
    "integers only, and onnxruntime refuses it for floats. MNN runs those four ops."
)

dim1 = 8
dim2 = 256
dim3 = 128
fmod = 0


class Model(torch.nn.Module):
    def __init__(self, fmod: int) -> None:
        super().__init__()
        self.fmod = fmod

    def forward(self, a, b):
        return torch.fmod(a, b) if self.fmod else torch.remainder(a, b)


INPUTS = [randn(dim1, dim2, dim3), randn(dim1, dim2, dim3)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [fmod]
