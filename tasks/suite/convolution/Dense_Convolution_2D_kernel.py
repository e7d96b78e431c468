"""A network-stem convolution: RGB 224x224 to 32 channels, 3x3, padding 1."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Convolution"
ONNX_OP = "Conv"
NOTES = "The benchmark gives no kernel size, stride or padding: 3x3, stride 1, padding 1 chosen here."

batch_size = 1
in_channels = 3
out_channels = 32
height = 224
width = 224
kernel_size = 3


class Model(torch.nn.Module):
    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(in_channels, out_channels, kernel_size, padding=kernel_size // 2)

    def forward(self, x):
        return self.conv(x)


INPUTS = [randn(batch_size, in_channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_channels, out_channels]
