"""Mean over the whole map, per channel."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Pooling"
ONNX_OP = "GlobalAveragePool"

batch_size = 1
channels = 3
height = 128
width = 128


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.nn.functional.adaptive_avg_pool2d(x, 1)


INPUTS = [randn(batch_size, channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
