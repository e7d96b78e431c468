"""Index of the minimum along ONNX's default axis 0, keeping the reduced dimension."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Reduction"
ONNX_OP = "ArgMin"
NOTES = (
    "The example's attributes (ONNX defaults axis=0, keepdims=1) are fixed in the module. MNN's converter "
    "runs keepdims as ArgMax/ArgMin + Unsqueeze, so there is no single MNN op."
)

batch_size = 16
dim1 = 128
dim2 = 127
axis = 0
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
