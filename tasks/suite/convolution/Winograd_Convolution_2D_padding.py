"""A 3x3 convolution (stride 1, padding 1, no bias) on a 64x64 map."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Convolution"
ONNX_OP = "Conv"
NOTES = (
    "The benchmark gives no kernel size or bias: 3x3, stride 1, padding 1 and no bias chosen here (the "
    "sibling Winograd_Convolution_2D passes bias=True explicitly)."
)

batch_size = 1
in_channels = 16
out_channels = 16
height = 64
width = 64
kernel_size = 3


class Model(torch.nn.Module):
    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(in_channels, out_channels, kernel_size, padding=1, bias=False)

    def forward(self, x):
        return self.conv(x)


INPUTS = [randn(batch_size, in_channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_channels, out_channels]
