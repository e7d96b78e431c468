"""Elementwise equality of two float NCHW tensors."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Logic"
ONNX_OP = "Equal"
NOTES = (
    "The benchmark fixes only batch_size=4; C=64, H=W=32 chosen here. Two independent rand tensors are "
    "practically never equal, so the output is all false for every seed (flagged as near-constant)."
)

batch_size = 4
C = 64
H = 32
W = 32


class Model(torch.nn.Module):
    def forward(self, a, b):
        return torch.eq(a, b)


INPUTS = [rand(batch_size, C, H, W), rand(batch_size, C, H, W)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
