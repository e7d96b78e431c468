"""3x3 max pooling, stride 2, rounding the output size up."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Pooling"
ONNX_OP = "MaxPool"

batch_size = 1
channels = 3
height = 32
width = 32
kernel_shape = (3, 3)
strides = (2, 2)
ceil_mode = 1


class Model(torch.nn.Module):
    def __init__(self, kernel_shape, strides, pads, ceil_mode: int) -> None:
        super().__init__()
        self.pool = torch.nn.MaxPool2d(kernel_shape, strides, 0 if pads is None else pads, ceil_mode=bool(ceil_mode))

    def forward(self, x):
        return self.pool(x)


INPUTS = [randn(batch_size, channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [kernel_shape, strides, None, ceil_mode]
