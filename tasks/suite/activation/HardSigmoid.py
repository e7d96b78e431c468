"""Hard sigmoid, PyTorch's form: clip(x / 6 + 1 / 2, 0, 1)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Activation"
ONNX_OP = "HardSigmoid"
NOTES = (
    "PyTorch's Hardsigmoid exports as ONNX HardSigmoid with alpha=1/6, beta=0.5 (ONNX's defaults are 0.2 "
    "and 0.5). rand inputs stay inside the linear part, so the clipping is never exercised. MNN runs "
    "HardSigmoid as three ops (two BinaryOps and a ReLU6)."
)

batch_size = 128
dim = 1024


class Model(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.act = torch.nn.Hardsigmoid()

    def forward(self, x):
        return self.act(x)


INPUTS = [rand(batch_size, dim)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
