"""A depthwise stride-2 transposed convolution (3x3, padding 1, output_padding 1): a 2x upsampling."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Convolution"
ONNX_OP = "ConvTranspose"
NOTES = "onnx's reference evaluator disagrees with onnxruntime and PyTorch (which agree) on grouped ConvTranspose."

batch_size = 1
in_channels = 64
out_channels = 64
height = 64
width = 64
kernel_size = 3
stride = 2
padding = 1
output_padding = 1


class Model(torch.nn.Module):
    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: int, stride: int, padding: int, output_padding: int
    ) -> None:
        super().__init__()
        self.conv = torch.nn.ConvTranspose2d(
            in_channels, out_channels, kernel_size, stride, padding, output_padding, groups=in_channels
        )

    def forward(self, x):
        return self.conv(x)


INPUTS = [randn(batch_size, in_channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, stride, padding, output_padding]
