"""Elements 3..5 along axis 1 of a larger 4-D tensor."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Tensor"
ONNX_OP = "Slice"
NOTES = "The benchmark fixes axis, start and end only (no step), so this is a unit-step ONNX Slice."

batch_size = 32
input_shape = (8, 64, 64)
axis = 1
start = 3
end = 6


class Model(torch.nn.Module):
    def __init__(self, axis, start, end) -> None:
        super().__init__()
        self.axis = axis
        self.start = start
        self.end = end

    def forward(self, x):
        return x.narrow(self.axis, self.start, self.end - self.start)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [axis, start, end]
