"""log(sum(exp(x))) over axes 0 and 2, keeping them."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Reduction"
ONNX_OP = "ReduceLogSumExp"
NOTES = (
    "MNN's converter splits ReduceLogSumExp into Exp + Reduction(SUM) + Log, so there is no single MNN "
    "op."
)

dim1 = 2
dim2 = 3
dim3 = 4
reduce_axes = [0, 2]
keepdims = 1


class Model(torch.nn.Module):
    def __init__(self, axes, keepdims: int) -> None:
        super().__init__()
        self.axes = axes
        self.keepdims = bool(keepdims)

    def forward(self, x):
        return torch.logsumexp(x, dim=self.axes, keepdim=self.keepdims)


INPUTS = [randn(dim1, dim2, dim3)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [reduce_axes, keepdims]
