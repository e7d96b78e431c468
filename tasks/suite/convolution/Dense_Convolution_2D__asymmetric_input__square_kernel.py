"""A dense 3x3 convolution (stride 1, no padding) on a 64x128 map."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Convolution"
ONNX_OP = "Conv"

batch_size = 1
height = 64
width = 128
in_channels = 32
out_channels = 64
kernel_size = 3


class Model(torch.nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(in_channels, out_channels, kernel_size)

    def forward(self, x):
        return self.conv(x)


INPUTS = [rand(batch_size, in_channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]
