"""A depthwise transposed convolution with a 5x5 kernel (stride 1, padding 2)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Convolution"
ONNX_OP = "ConvTranspose"
NOTES = "onnx's reference evaluator disagrees with onnxruntime and PyTorch (which agree) on grouped ConvTranspose."

batch_size = 1
in_channels = 32
out_channels = 32
height = 48
width = 48
kernel_size = 5
stride = 1
padding = 2
output_padding = 0
dilation = 1


class Model(torch.nn.Module):
    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int,
        stride: int,
        padding: int,
        output_padding: int,
        dilation: int,
    ) -> None:
        super().__init__()
        self.conv = torch.nn.ConvTranspose2d(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            output_padding,
            groups=in_channels,
            dilation=dilation,
        )

    def forward(self, x):
        return self.conv(x)


INPUTS = [randn(batch_size, in_channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, stride, padding, output_padding, dilation]
