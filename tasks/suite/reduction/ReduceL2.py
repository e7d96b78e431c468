"""The Euclidean norm over dimension 1, keeping it."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Reduction"
ONNX_OP = "ReduceL2"
NOTES = (
    "MNN's converter splits ReduceL2 into Square + Reduction(SUM) + Sqrt, so there is no single MNN op."
)

batch_size = 2
input_shape = (3, 4)
dim = (1,)
keepdim = True


class Model(torch.nn.Module):
    def __init__(self, axes, keepdims: int) -> None:
        super().__init__()
        self.axes = axes
        self.keepdims = bool(keepdims)

    def forward(self, x):
        return torch.linalg.vector_norm(x, ord=2, dim=self.axes, keepdim=self.keepdims)


INPUTS = [randn(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [dim, keepdim]
