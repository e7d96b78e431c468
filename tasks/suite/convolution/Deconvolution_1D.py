"""A 1-D transposed convolution (kernel 3, stride 1) over 1024 steps."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Convolution"
ONNX_OP = "ConvTranspose"
NOTES = "MNN runs a 1-D transposed convolution as Unsqueeze + 2-D Deconvolution (two ops)."

batch_size = 1
in_channels = 64
out_channels = 64
kernel_size = 3
length = 1024


class Model(torch.nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int) -> None:
        super().__init__()
        self.conv = torch.nn.ConvTranspose1d(in_channels, out_channels, kernel_size)

    def forward(self, x):
        return self.conv(x)


INPUTS = [rand(batch_size, in_channels, length)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]
