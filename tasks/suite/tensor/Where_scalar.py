"""A 0/1 mask from scalar x=1 and y=0 by a thresholded condition."""

import torch

from tasks.inputs import draw_torch, full, rand

CATEGORY = "Tensor"
ONNX_OP = "Where"
NOTES = (
    "The benchmark draws the condition as rand floats; the module thresholds it at 0.5 to make the "
    "boolean condition, so the graph holds Greater + Where. x and y are the scalar tensors 1.0 and 0.0 "
    "the benchmark lists."
)

batch_size = 4
height = 128
width = 128


class Model(torch.nn.Module):
    def forward(self, x, y, c):
        return torch.where(c > 0.5, x, y)


INPUTS = [full((), 1.0), full((), 0.0), rand(batch_size, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
