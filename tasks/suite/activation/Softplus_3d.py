"""Softplus, log(1 + exp(x)), on a 3D tensor."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Activation"
ONNX_OP = "Softplus"
NOTES = "MNN runs Softplus as three ops (UnaryOp exp, BinaryOp add, UnaryOp log)."

batch_size = 8
dim1 = 128
dim2 = 128


class Model(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.act = torch.nn.Softplus()

    def forward(self, x):
        return self.act(x)


INPUTS = [rand(batch_size, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
