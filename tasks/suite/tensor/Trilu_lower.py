"""Keep the lower triangle (with the diagonal) of an int64 matrix."""

import torch

from tasks.inputs import draw_torch, randint

CATEGORY = "Tensor"
ONNX_OP = "Trilu"
NOTES = (
    "MNN's converter expands Trilu into 16 ops (Range, BinaryOp, Select, ...), so there is no single MNN "
    "op."
)

rows = 32
cols = 64
upper = 0


class Model(torch.nn.Module):
    def __init__(self, upper) -> None:
        super().__init__()
        self.upper = upper

    def forward(self, x):
        return torch.triu(x) if self.upper else torch.tril(x)


INPUTS = [randint(0, 10, (rows, cols), dtype="int64")]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [upper]
