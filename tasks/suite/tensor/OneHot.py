"""One-hot encode 16x128 class indices into 10 classes."""

import torch

from tasks.inputs import draw_torch, randint

CATEGORY = "Tensor"
ONNX_OP = "OneHot"
NOTES = (
    "dim2 is listed by the benchmark but unused by the task. MNN's converter splits OneHot's values input "
    "with a Slice, so there is no single MNN op."
)

batch_size = 16
dim1 = 128
dim2 = 1024
depth = 10


class Model(torch.nn.Module):
    def __init__(self, depth) -> None:
        super().__init__()
        self.depth = depth

    def forward(self, x):
        return torch.nn.functional.one_hot(x, self.depth)


INPUTS = [randint(0, depth, (batch_size, dim1), dtype="int64")]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [depth]
