"""A dense 3x3 convolution, 64 to 128 channels on a 56x56 map (padding 1)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Convolution"
ONNX_OP = "Conv"
NOTES = (
    "The benchmark gives no kernel size, stride or padding: 3x3, stride 1, padding 1 chosen here (a "
    "ResNet stage-2 shape); 'Strassen' names the GEMM algorithm a kernel may use, not the op."
)

batch_size = 1
in_channels = 64
out_channels = 128
height = 56
width = 56
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
