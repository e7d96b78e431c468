"""A depthwise 3x3 convolution with channel multiplier 2 (groups = in_channels, stride 1, padding 1)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Convolution"
ONNX_OP = "Conv"
NOTES = (
    "MNN splits a depthwise convolution with channel multiplier 2 into 17 ops (two ConvolutionDepthwise "
    "plus reshapes, Unpack, Pack)."
)

batch_size = 1
in_channels = 16
out_channels = 32
height = 64
width = 64
kernel_size = 3


class Model(torch.nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int, padding: int) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, groups=in_channels)

    def forward(self, x):
        return self.conv(x)


INPUTS = [randn(batch_size, in_channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, 1, 1]
