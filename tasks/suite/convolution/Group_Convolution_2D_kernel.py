"""A grouped 5x5 convolution (12 groups of 2 channels, stride 1, padding 2)."""

import torch

from tasks.inputs import draw_torch, rand, randn

CATEGORY = "Convolution"
ONNX_OP = "Conv"
NOTES = (
    "The benchmark lists two inputs, rand(1, 24, 32, 32) and randn(1, 24, 64, 64); only the second is "
    "convolved, and the exported graph drops the first. MNN splits the 12-group convolution into 21 ops "
    "(ConvolutionDepthwise pairs and reshapes)."
)

batch_size = 1
in_channels = 24
out_channels = 24
height = 64
width = 64
kernel_size = 5
groups = 12


class Model(torch.nn.Module):
    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: int, groups: int, stride: int, padding: int
    ) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, groups=groups)

    def forward(self, unused, x):
        # The benchmark passes a second, smaller tensor first; the convolution reads only x.
        return self.conv(x)


INPUTS = [rand(batch_size, 24, 32, 32), randn(batch_size, in_channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, groups, 1, 2]
