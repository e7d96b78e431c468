"""Inverse hyperbolic tangent of values in [0, 1)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Trigonometry"
ONNX_OP = "Atanh"
NOTES = (
    "PyTorch's TorchScript exporter has no opset-20 rule for atanh, so the module exports the ONNX Atanh node itself."
)

dim0 = 8
dim1 = 64
dim2 = 64


class _Atanh(torch.autograd.Function):
    """torch.atanh, exported as the single ONNX Atanh node (PyTorch's opset-20 exporter has no rule for it)."""

    @staticmethod
    def forward(ctx, x):
        return torch.atanh(x)

    @staticmethod
    def symbolic(g, x):
        return g.op("Atanh", x)


class Model(torch.nn.Module):
    def forward(self, x):
        return _Atanh.apply(x)


INPUTS = [rand(dim0, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
