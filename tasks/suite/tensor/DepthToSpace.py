"""Pixel shuffle: 128 channels of 16x16 to 8 channels of 64x64 (block 4)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Tensor"
ONNX_OP = "DepthToSpace"
NOTES = "PyTorch's pixel_shuffle is ONNX DepthToSpace in CRD mode."

batch_size = 4
block_size = 4
out_channels = 8
out_height = 64
out_width = 64
in_channels = out_channels * block_size**2
in_height = out_height // block_size
in_width = out_width // block_size
input_shape = (in_channels, in_height, in_width)


class Model(torch.nn.Module):
    def __init__(self, block_size) -> None:
        super().__init__()
        self.block_size = block_size

    def forward(self, x):
        return torch.nn.functional.pixel_shuffle(x, self.block_size)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [block_size]
