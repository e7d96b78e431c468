"""Logical AND of two float tensors (non-zero is true)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Logic"
ONNX_OP = "And"
NOTES = (
    "The benchmark fixes only batch_size=4; H=W=64 chosen here. Its inputs are rand floats, so PyTorch "
    "casts them to bool before And, and almost every element is true (rand is 0 with probability ~0). So "
    "the graph is Cast, Cast, And (not And alone), and MNN runs three ops."
)

batch_size = 4
H = 64
W = 64


class Model(torch.nn.Module):
    def forward(self, a, b):
        return torch.logical_and(a, b)


INPUTS = [rand(batch_size, H, W), rand(batch_size, H, W)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
