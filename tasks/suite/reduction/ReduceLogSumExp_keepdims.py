"""log(sum(exp(x))) over axis 1, keeping it."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Reduction"
ONNX_OP = "ReduceLogSumExp"
NOTES = (
    "keepdims=1 (the task's point) is fixed here; the benchmark passes only axes. MNN's converter splits "
    "ReduceLogSumExp into Exp + Reduction(SUM) + Log, so there is no single MNN op."
)

axes = 1
keepdims = 1


class Model(torch.nn.Module):
    def __init__(self, axes, keepdims: int) -> None:
        super().__init__()
        self.axes = axes
        self.keepdims = bool(keepdims)

    def forward(self, x):
        return torch.logsumexp(x, dim=self.axes, keepdim=self.keepdims)


INPUTS = [randn(2, 3, 4)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [axes, keepdims]
