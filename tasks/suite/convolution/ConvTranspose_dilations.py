"""A transposed convolution with dilation 2 and a 32x32 kernel that is a graph input."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Convolution"
ONNX_OP = "ConvTranspose"
NOTES = (
    "The weight is a graph input (as in the ONNX test this task comes from). Output 94x94. "
    "Each output sums about 4096 products of N(0, 1) values (standard deviation about 64), so float32 "
    "summation order alone moves results by up to ~6e-4; the default ATOL, relative to the outputs' "
    "typical size, allows about 6e-3."
)

batch_size = 1
in_channels = 16
height = 32
width = 32
out_channels = 4
kernel_h = 32
kernel_w = 32


class Model(torch.nn.Module):
    def __init__(self, strides: tuple, output_shape: tuple | None, dilations: tuple, group: int, pads: tuple) -> None:
        super().__init__()
        assert output_shape is None  # the output size follows from the other attributes
        self.stride, self.dilation, self.group, self.padding = strides, dilations, group, pads

    def forward(self, x, w):
        return torch.nn.functional.conv_transpose2d(x, w, None, self.stride, self.padding, 0, self.group, self.dilation)


INPUTS = [randn(batch_size, in_channels, height, width), randn(in_channels, out_channels, kernel_h, kernel_w)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [(1, 1), None, (2, 2), 1, (0, 0)]
