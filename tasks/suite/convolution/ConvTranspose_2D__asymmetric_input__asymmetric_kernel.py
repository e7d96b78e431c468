"""A transposed convolution with a 3x5 kernel (stride 1, no padding, bias)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Convolution"
ONNX_OP = "ConvTranspose"
NOTES = "height_in = width_in = 32: the 'asymmetric input' of the name is not in the benchmark's shapes."

batch_size = 1
in_channels = 16
out_channels = 32
kernel_size = (3, 5)
height_in = 32
width_in = 32


class Model(torch.nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: tuple) -> None:
        super().__init__()
        self.conv = torch.nn.ConvTranspose2d(in_channels, out_channels, kernel_size)

    def forward(self, x):
        return self.conv(x)


INPUTS = [rand(batch_size, in_channels, height_in, width_in)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]
