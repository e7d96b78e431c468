"""Hyperbolic cosine."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Trigonometry"
ONNX_OP = "Cosh"
NOTES = (
    "PyTorch's TorchScript exporter has no opset-20 rule for cosh, so the module exports the ONNX Cosh node itself."
)

dim0 = 8
dim1 = 128
dim2 = 256


class _Cosh(torch.autograd.Function):
    """torch.cosh, exported as the single ONNX Cosh node (PyTorch's opset-20 exporter has no rule for it)."""

    @staticmethod
    def forward(ctx, x):
        return torch.cosh(x)

    @staticmethod
    def symbolic(g, x):
        return g.op("Cosh", x)


class Model(torch.nn.Module):
    def forward(self, x):
        return _Cosh.apply(x)


INPUTS = [randn(dim0, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
