"""Pick from x where the condition holds, else from y."""

import torch

from tasks.inputs import draw_torch, rand, randn

CATEGORY = "Tensor"
ONNX_OP = "Where"
NOTES = (
    "The benchmark draws the condition as rand floats; the module thresholds it at 0.5 to make the "
    "boolean condition, so the graph holds Greater + Where."
)

batch_size = 32
features = 512
dim1 = 512


class Model(torch.nn.Module):
    def forward(self, x, y, c):
        return torch.where(c > 0.5, x, y)


INPUTS = [randn(batch_size, features, dim1), randn(batch_size, features, dim1), rand(batch_size, features, dim1)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
