"""Maximum over every element (no axes given: reduce all)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Reduction"
ONNX_OP = "ReduceMax"
NOTES = (
    "The maximum of 16M values in [0, 1) is 1 - 1e-7 for every seed, so the near-constant check flags it."
)

batch_size = 16
input_shape = (128, 128, 64)


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.amax(x)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
