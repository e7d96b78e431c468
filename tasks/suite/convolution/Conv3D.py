"""A 3x3x3 3-D convolution (stride 1, padding 1, bias) over an 8x16x16 volume."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Convolution"
ONNX_OP = "Conv"
NOTES = "MNN lowers the 3-D convolution to 28 ops (Im2Col, per-depth Convolutions, Eltwise, reshapes)."

batch_size = 1
in_channels = 32
out_channels = 64
depth = 8
height = 16
width = 16
kernel_size = (3, 3, 3)
stride = (1, 1, 1)
padding = (1, 1, 1)
dilation = (1, 1, 1)
groups = 1
bias = True


class Model(torch.nn.Module):
    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: tuple,
        stride: tuple,
        padding: tuple,
        dilation: tuple,
        groups: int,
        bias: bool,
    ) -> None:
        super().__init__()
        self.conv = torch.nn.Conv3d(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias)

    def forward(self, x):
        return self.conv(x)


INPUTS = [randn(batch_size, in_channels, depth, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias]
