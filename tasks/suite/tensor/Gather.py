"""Pick 3 of 64 rows along axis 1 by index."""

import torch

from tasks.inputs import draw_torch, rand, randint

CATEGORY = "Tensor"
ONNX_OP = "Gather"
NOTES = (
    "The benchmark fixes only axis=1; B=8, C=64, D=128 chosen here (an embedding-table-sized gather). "
    "MNN's converter wraps Gather with non-constant indices in negative-index handling (Shape, Rank, "
    "BinaryOp, ... GatherV2), so there is no single MNN op."
)

B = 8
C = 64
D = 128
axis = 1


class Model(torch.nn.Module):
    def __init__(self, axis) -> None:
        super().__init__()
        self.axis = axis

    def forward(self, x, indices):
        return torch.index_select(x, self.axis, indices)


INPUTS = [rand(B, C, D), randint(0, C, (3,), dtype="int64")]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [axis]
