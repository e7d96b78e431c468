"""Inverse hyperbolic sine."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Trigonometry"
ONNX_OP = "Asinh"
NOTES = (
    "PyTorch's TorchScript exporter has no opset-20 rule for asinh, so the module exports the ONNX Asinh node itself."
)

dim0 = 8
dim1 = 128
dim2 = 256


class _Asinh(torch.autograd.Function):
    """torch.asinh, exported as the single ONNX Asinh node (PyTorch's opset-20 exporter has no rule for it)."""

    @staticmethod
    def forward(ctx, x):
        return torch.asinh(x)

    @staticmethod
    def symbolic(g, x):
        return g.op("Asinh", x)


class Model(torch.nn.Module):
    def forward(self, x):
        return _Asinh.apply(x)


INPUTS = [randn(dim0, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
