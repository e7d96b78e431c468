"""Inverse hyperbolic cosine."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Trigonometry"
ONNX_OP = "Acosh"
NOTES = (
    "PyTorch's TorchScript exporter has no opset-20 rule for acosh, so the module exports the ONNX Acosh node itself. "
    "As the benchmark lists it, the input is rand in [0, 1), where acosh is undefined: every reference "
    "output is NaN and the verifier judges NaN for NaN, so a kernel only has to produce NaN for x < 1. "
    "Kept as listed."
)

dim0 = 8
dim1 = 64
dim2 = 64


class _Acosh(torch.autograd.Function):
    """torch.acosh, exported as the single ONNX Acosh node (PyTorch's opset-20 exporter has no rule for it)."""

    @staticmethod
    def forward(ctx, x):
        return torch.acosh(x)

    @staticmethod
    def symbolic(g, x):
        return g.op("Acosh", x)


class Model(torch.nn.Module):
    def forward(self, x):
        return _Acosh.apply(x)


INPUTS = [rand(dim0, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
