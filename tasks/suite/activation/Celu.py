"""CELU with alpha=1 on a batch of 1024-wide rows."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Activation"
ONNX_OP = "Celu"
NOTES = (
    "rand draws from [0, 1), as the benchmark does, so CELU's negative branch is never exercised. MNN has "
    "no CELU op: it runs it as four (BinaryOp, UnaryOp, BinaryOp, Select)."
)

batch_size = 128
dim = 1024
alpha = 1.0


class Model(torch.nn.Module):
    def __init__(self, alpha: float) -> None:
        super().__init__()
        self.act = torch.nn.CELU(alpha)

    def forward(self, x):
        return self.act(x)


INPUTS = [rand(batch_size, dim)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [alpha]
