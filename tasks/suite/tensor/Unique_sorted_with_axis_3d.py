"""The distinct slices along axis 1 of a 3-D tensor, sorted."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Tensor"
ONNX_OP = "Unique"
NOTES = (
    "Rows of continuous random values are all distinct, so the output is the input's slices sorted along "
    "the axis; the output shape depends on the data. MNN's Unique op carries no axis or sorted attribute, "
    "so the converted op loses dim=1."
)

UNSOLVABLE = (
    "MNN's converter drops Unique's axis and sorted attributes (its Unique op has no parameters), so "
    "no kernel reading the converted op can know which slices to deduplicate or how to order them"
)

batch_size = 16
dim1 = 64
dim2 = 128


class Model(torch.nn.Module):
    def __init__(self, dim, sorted) -> None:
        super().__init__()
        self.dim = dim
        self.sorted = sorted

    def forward(self, x):
        return torch.unique(x, sorted=self.sorted, dim=self.dim)


INPUTS = [randn(batch_size, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [1, True]
