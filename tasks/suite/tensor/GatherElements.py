"""Gather one element per position along axis 1 (torch.gather)."""

import torch

from tasks.inputs import draw_torch, rand, randint

CATEGORY = "Tensor"
ONNX_OP = "GatherElements"
NOTES = (
    "The benchmark fixes only axis=1; B=8, C=64, D=128 chosen here. onnx's reference evaluator fails on "
    "this input size (numpy's 64-operand limit), so the onnx_reference filter fails."
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
        return torch.gather(x, self.axis, indices)


INPUTS = [rand(B, C, D), randint(0, C, (B, C, D), dtype="int64")]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [axis]
