"""Pick from x or y with a per-batch condition broadcast over the rest."""

import torch

from tasks.inputs import draw_torch, rand, randn

CATEGORY = "Tensor"
ONNX_OP = "Where"
NOTES = (
    "The benchmark draws the condition as rand floats; the module thresholds it at 0.5 to make the "
    "boolean condition, so the graph holds Greater + Where."
)

batch_size = 8
channels = 64
features = 512


class Model(torch.nn.Module):
    def forward(self, x, y, c):
        return torch.where(c > 0.5, x, y)


INPUTS = [randn(batch_size, channels, features), randn(batch_size, channels, features), rand(batch_size, 1, 1)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
