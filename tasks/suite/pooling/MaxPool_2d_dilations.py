"""2x2 max pooling, stride 1, dilation 2."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Pooling"
ONNX_OP = "MaxPool"
UNSOLVABLE = (
    "MNN's converter drops the dilations (its Pool table has no dilation field), so no kernel "
    "reading the converted op can match the task"
)
NOTES = (
    "MNN's converter drops the dilations (its Pool table has no dilation field): the converted op says a "
    "2x2 window, stride 1, while the output is 30x30, so neither MNN's kernel nor a kernel reading the op "
    "can match onnxruntime."
)

batch_size = 1
channels = 3
height = 32
width = 32
kernel_shape = (2, 2)
strides = (1, 1)
dilations = (2, 2)


class Model(torch.nn.Module):
    def __init__(self, kernel_shape, strides, pads, dilations) -> None:
        super().__init__()
        self.pool = torch.nn.MaxPool2d(kernel_shape, strides, 0 if pads is None else pads, dilation=dilations)

    def forward(self, x):
        return self.pool(x)


INPUTS = [randn(batch_size, channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [kernel_shape, strides, None, dilations]
