"""Bitwise OR of two int32 tensors of bytes."""

import torch

from tasks.inputs import draw_torch, randint

CATEGORY = "Logic"
ONNX_OP = "BitwiseOr"
NOTES = (
    "PyTorch's TorchScript exporter cannot export bitwise OR of integers, so the module emits ONNX "
    "BitwiseOr itself (a symbolic). MNN's converter rejects BitwiseOr: no MNN op, no baseline."
)

dim0 = 8
dim1 = 128
dim2 = 256


class _BitwiseOr(torch.autograd.Function):
    # torch.onnx's TorchScript exporter has no rule for bitwise_or on integers: emit the ONNX op directly.
    @staticmethod
    def forward(ctx, a, b):
        return torch.bitwise_or(a, b)

    @staticmethod
    def symbolic(g, a, b):
        return g.op("BitwiseOr", a, b)


class Model(torch.nn.Module):
    def forward(self, a, b):
        return _BitwiseOr.apply(a, b)


INPUTS = [randint(0, 256, (dim0, dim1, dim2), dtype="int32"), randint(0, 256, (dim0, dim1, dim2), dtype="int32")]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
