"""ReLU on a batch of 1024-wide rows."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Activation"
ONNX_OP = "Relu"

batch_size = 64
dim = 1024


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.relu(x)


# rand draws from [0, 1), as the benchmark does, so half-negative inputs are not exercised;
# the kernel is still checked on every element.
INPUTS = [rand(batch_size, dim)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
