"""Scatter updates into a zero tensor along axis 1 by index."""

import torch

from tasks.inputs import draw_torch, rand, randint, zeros

CATEGORY = "Tensor"
ONNX_OP = "ScatterElements"
NOTES = (
    "The benchmark fixes only data_shape=(B, C, L) and axis=1; B=4, C=32, L=64 chosen here. Indices "
    "repeat along the axis, so several updates hit one element: PyTorch, onnxruntime and onnx's reference "
    "all apply them in order (the last one wins), and so must a kernel."
)

B = 4
C = 32
L = 64
data_shape = (B, C, L)
axis = 1


class Model(torch.nn.Module):
    def __init__(self, axis) -> None:
        super().__init__()
        self.axis = axis

    def forward(self, data, indices, updates):
        return torch.scatter(data, self.axis, indices, updates)


INPUTS = [zeros(*data_shape), randint(0, C, data_shape, dtype="int64"), rand(*data_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [axis]
