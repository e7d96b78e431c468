"""Mean over the whole 2-D map, per channel (a smaller map)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Pooling"
ONNX_OP = "GlobalAveragePool"
NOTES = "The benchmark lists channels=3 despite the name; kept as listed."

batch_size = 1
channels = 3
height = 64
width = 64


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.nn.functional.adaptive_avg_pool2d(x, 1)


INPUTS = [randn(batch_size, channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
