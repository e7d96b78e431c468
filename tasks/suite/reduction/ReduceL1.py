"""The sum of absolute values over axis 0 of a small 2x3x4 tensor, keeping the dimension."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Reduction"
ONNX_OP = "ReduceL1"
NOTES = (
    "The benchmark lists init args [0, 1] without names; read as axes=0, keepdims=1, the order the other "
    "ReduceL1 tasks use. MNN's converter splits ReduceL1 into Abs + Reduction(SUM), so there is no single "
    "MNN op."
)

axes = 0
keepdims = 1


class Model(torch.nn.Module):
    def __init__(self, axes, keepdims: int) -> None:
        super().__init__()
        self.axes = axes
        self.keepdims = bool(keepdims)

    def forward(self, x):
        return torch.linalg.vector_norm(x, ord=1, dim=self.axes, keepdim=self.keepdims)


INPUTS = [randn(2, 3, 4)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [axes, keepdims]
