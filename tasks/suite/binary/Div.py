"""Divide an NCHW feature map by a per-channel tensor (broadcast over N, H and W)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Binary"
ONNX_OP = "Div"
NOTES = (
    "The benchmark fixes only batch_size=4; C=64, H=W=32 chosen here, as for Add. Divisors near 0 give "
    "large quotients; the relative tolerance covers them."
)

batch_size = 4
C = 64
H = 32
W = 32


class Model(torch.nn.Module):
    def forward(self, a, b):
        return a / b


INPUTS = [rand(batch_size, C, H, W), rand(1, C, 1, 1)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
