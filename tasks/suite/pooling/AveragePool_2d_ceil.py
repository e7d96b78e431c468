"""11x11 average pooling, stride 11, rounding the output size up (the last window is partial)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Pooling"
ONNX_OP = "AveragePool"
NOTES = (
    "ceil_mode=True (the task's point) is fixed in the module; the benchmark passes only kernel_size. "
    "onnx's reference evaluator counts the partial last window differently from onnxruntime and PyTorch "
    "(which agree), so the onnx_reference filter fails."
)

batch_size = 1
channels = 16
height = 64
width = 64
kernel_size = 11


class Model(torch.nn.Module):
    def __init__(self, kernel_size: int) -> None:
        super().__init__()
        self.pool = torch.nn.AvgPool2d(kernel_size, ceil_mode=True)

    def forward(self, x):
        return self.pool(x)


INPUTS = [randn(batch_size, channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [kernel_size]
