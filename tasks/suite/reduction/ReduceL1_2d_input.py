"""The sum of absolute values of each row of a 64x128 matrix."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Reduction"
ONNX_OP = "ReduceL1"
NOTES = (
    "MNN's converter splits ReduceL1 into Abs + Reduction(SUM), so there is no single MNN op."
)

rows = 64
cols = 128
axes = 1
keepdims = 0


class Model(torch.nn.Module):
    def __init__(self, axes, keepdims: int) -> None:
        super().__init__()
        self.axes = axes
        self.keepdims = bool(keepdims)

    def forward(self, x):
        return torch.linalg.vector_norm(x, ord=1, dim=self.axes, keepdim=self.keepdims)


INPUTS = [randn(rows, cols)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [axes, keepdims]
