"""The sum of absolute values over the last axis given as -1, keeping the dimension."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Reduction"
ONNX_OP = "ReduceL1"
NOTES = (
    "MNN's converter splits ReduceL1 into Abs + Reduction(SUM), so there is no single MNN op."
)

dim1 = 8
dim2 = 64
dim3 = 64
default_axes = -1
default_keepdims = 1


class Model(torch.nn.Module):
    def __init__(self, axes, keepdims: int) -> None:
        super().__init__()
        self.axes = axes
        self.keepdims = bool(keepdims)

    def forward(self, x):
        return torch.linalg.vector_norm(x, ord=1, dim=self.axes, keepdim=self.keepdims)


INPUTS = [randn(dim1, dim2, dim3)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [default_axes, default_keepdims]
