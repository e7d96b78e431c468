"""A 3x3 transposed convolution with stride 5, padding 1 and dilation 2 on a 32x64 map."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Convolution"
ONNX_OP = "ConvTranspose"
ATOL = 1e-3
NOTES = (
    "With stride 5 and dilation 2 most outputs receive one or two kernel taps and many none, so the median "
    "output is about a tenth of the large ones, whose float32 rounding (measured 2e-5 between the reference "
    "kernel and onnxruntime) is what a small output can be off by: ATOL is 1e-3 of the median output."
)

batch_size = 1
in_channels = 16
out_channels = 32
kernel_size = 3
height_in = 32
width_in = 64
stride = 5
padding = 1
dilation = 2


class Model(torch.nn.Module):
    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: int, stride: int, padding: int, dilation: int
    ) -> None:
        super().__init__()
        self.conv = torch.nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride, padding, dilation=dilation)

    def forward(self, x):
        return self.conv(x)


INPUTS = [rand(batch_size, in_channels, height_in, width_in)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, stride, padding, dilation]
