"""Index of the minimum along the last axis given as -1, keeping the reduced dimension."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Reduction"
ONNX_OP = "ArgMin"
NOTES = (
    "axis=-1 and keepdims=1 as in ONNX's negative-axis example, fixed in the module. MNN's converter runs "
    "keepdims as ArgMax/ArgMin + Unsqueeze, so there is no single MNN op."
)

batch_size = 16
dim1 = 128
dim2 = 127
axis = -1
keepdims = True


class Model(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        pass

    def forward(self, x):
        return torch.argmin(x, dim=axis, keepdim=keepdims)


INPUTS = [randn(batch_size, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
