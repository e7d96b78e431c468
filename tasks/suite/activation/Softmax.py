"""Softmax over the last dimension of a batch of 2048-wide rows."""

import torch
import torch.nn as nn

from tasks.inputs import draw_torch, rand

CATEGORY = "Activation"
ONNX_OP = "Softmax"

batch_size = 64
dim = 2048


class Model(nn.Module):
    def forward(self, x):
        return torch.softmax(x, dim=-1)


INPUTS = [rand(batch_size, dim)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
