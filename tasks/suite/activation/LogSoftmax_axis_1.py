"""Log-softmax over axis 1 of an 8x32x64 tensor."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Activation"
ONNX_OP = "LogSoftmax"
NOTES = "MNN has no LogSoftmax op: it runs six (two Reductions, two UnaryOps, two BinaryOps)."

dim0 = 8
dim1 = 32
dim2 = 64
axis = 1


class Model(torch.nn.Module):
    def __init__(self, axis: int) -> None:
        super().__init__()
        self.axis = axis

    def forward(self, x):
        return torch.log_softmax(x, dim=self.axis)


INPUTS = [randn(dim0, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [axis]
