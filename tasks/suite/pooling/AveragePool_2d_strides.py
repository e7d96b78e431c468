"""11x11 average pooling with stride 3 (overlapping windows)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Pooling"
ONNX_OP = "AveragePool"

batch_size = 1
channels = 32
height = 64
width = 64
kernel_size = 11
stride = 3


class Model(torch.nn.Module):
    def __init__(self, kernel_size: int, stride: int) -> None:
        super().__init__()
        self.pool = torch.nn.AvgPool2d(kernel_size, stride)

    def forward(self, x):
        return self.pool(x)


INPUTS = [randn(batch_size, channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [kernel_size, stride]
