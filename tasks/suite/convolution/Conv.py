"""A 3x3 convolution whose weight and bias are graph inputs (ONNX Conv with three inputs)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Convolution"
ONNX_OP = "Conv"
NOTES = "Weight and bias are graph inputs, so MNN receives them as tensors, not as folded constants."

batch_size = 1
in_channels = 3
out_channels = 16
height = 32
width = 32
kernel_size = 3
groups = 1
strides = [1, 1]
pads = [1, 1, 1, 1]
dilations = [1, 1]
auto_pad = "NOTSET"


class Model(torch.nn.Module):
    def __init__(
        self, group: int, pads: list, kernel_shape: list, strides: list, auto_pad: str, dilations: list
    ) -> None:
        super().__init__()
        # ONNX pads are [top, left, bottom, right]; PyTorch takes one symmetric pad per spatial axis.
        # kernel_shape ([] here) and auto_pad ("NOTSET") leave the weight's shape and the pads in charge.
        assert pads[:2] == pads[2:] and auto_pad == "NOTSET"
        self.group, self.padding, self.stride, self.dilation = group, tuple(pads[:2]), tuple(strides), tuple(dilations)

    def forward(self, x, w, b):
        return torch.nn.functional.conv2d(x, w, b, self.stride, self.padding, self.dilation, self.group)


INPUTS = [
    randn(batch_size, in_channels, height, width),
    randn(out_channels, in_channels // groups, kernel_size, kernel_size),
    randn(out_channels),
]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [groups, pads, [], strides, auto_pad, dilations]
