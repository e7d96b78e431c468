"""Bitwise AND of two int32 tensors of bytes."""

import torch

from tasks.inputs import draw_torch, randint

CATEGORY = "Logic"
ONNX_OP = "BitwiseAnd"
NOTES = "MNN's converter rejects ONNX BitwiseAnd: there is no MNN op and no baseline."

dim0 = 8
dim1 = 32
dim2 = 64


class Model(torch.nn.Module):
    def forward(self, a, b):
        return torch.bitwise_and(a, b)


INPUTS = [randint(0, 256, (dim0, dim1, dim2), dtype="int32"), randint(0, 256, (dim0, dim1, dim2), dtype="int32")]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
