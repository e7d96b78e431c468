"""A 3x3 convolution (stride 1, no padding, bias) on a 224x224 map."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Convolution"
ONNX_OP = "Conv"
NOTES = (
    "The benchmark gives no kernel size: 3x3, stride 1 (the shape Winograd F(2x2, 3x3) targets), no "
    "padding, chosen here."
)

batch_size = 1
in_channels = 16
out_channels = 32
height = 224
width = 224
kernel_size = 3


class Model(torch.nn.Module):
    def __init__(self, in_channels: int, out_channels: int, bias: bool) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(in_channels, out_channels, kernel_size, bias=bias)

    def forward(self, x):
        return self.conv(x)


INPUTS = [randn(batch_size, in_channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_channels, out_channels, True]
