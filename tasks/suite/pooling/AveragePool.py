"""11x11 average pooling with stride 11 (the PyTorch default) over a 64x64 map."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Pooling"
ONNX_OP = "AveragePool"

batch_size = 1
channels = 16
height = 64
width = 64
kernel_size = 11


class Model(torch.nn.Module):
    def __init__(self, kernel_size: int) -> None:
        super().__init__()
        self.pool = torch.nn.AvgPool2d(kernel_size)

    def forward(self, x):
        return self.pool(x)


INPUTS = [rand(batch_size, channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [kernel_size]
