"""Sum of every element (no axes given: reduce all)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Reduction"
ONNX_OP = "ReduceSum"

batch_size = 1
input_shape = (64, 32, 8)


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.sum(x)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
