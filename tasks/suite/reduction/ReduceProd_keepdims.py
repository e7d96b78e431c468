"""Product over dimension 1 (64 values), keeping it."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Reduction"
ONNX_OP = "ReduceProd"
NOTES = (
    "The product of 64 values drawn from [0, 1) is about exp(-64), so the output is tiny (around 1e-28) "
    "and far below the absolute tolerance; kept as listed and flagged by the near-constant check."
)

batch_size = 16
input_shape = (64, 64, 32)
dim = 1


class Model(torch.nn.Module):
    def __init__(self, dim) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return torch.prod(x, dim=self.dim, keepdim=True)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [dim]
