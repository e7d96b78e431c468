"""Hyperbolic sine."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Trigonometry"
ONNX_OP = "Sinh"
NOTES = (
    "PyTorch's TorchScript exporter has no opset-20 rule for sinh, so the module exports the ONNX Sinh node itself."
)

dim0 = 8
dim1 = 512
dim2 = 512


class _Sinh(torch.autograd.Function):
    """torch.sinh, exported as the single ONNX Sinh node (PyTorch's opset-20 exporter has no rule for it)."""

    @staticmethod
    def forward(ctx, x):
        return torch.sinh(x)

    @staticmethod
    def symbolic(g, x):
        return g.op("Sinh", x)


class Model(torch.nn.Module):
    def forward(self, x):
        return _Sinh.apply(x)


INPUTS = [randn(dim0, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
