"""5x5 max pooling with stride 3."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Pooling"
ONNX_OP = "MaxPool"

batch_size = 1
channels = 3
height = 32
width = 32
kernel_shape = (5, 5)
strides = (3, 3)


class Model(torch.nn.Module):
    def __init__(self, kernel_shape, strides, pads, ceil_mode: int = 0) -> None:
        super().__init__()
        self.pool = torch.nn.MaxPool2d(kernel_shape, strides, 0 if pads is None else pads)

    def forward(self, x):
        return self.pool(x)


INPUTS = [randn(batch_size, channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [kernel_shape, strides, None]
