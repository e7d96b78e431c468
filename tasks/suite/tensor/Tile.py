"""Repeat a 16x64x64 tensor 1x2x3 times."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Tensor"
ONNX_OP = "Tile"
NOTES = "PyTorch exports repeat as ConstantOfShape + Expand + Tile; the module exports the one Tile node itself."

batch_size = 16
input_shape = (64, 64)
multiples = (1, 2, 3)


class _Tile(torch.autograd.Function):
    """Tensor.repeat, exported as one ONNX Tile node (PyTorch's exporter wraps it in ConstantOfShape + Expand)."""

    @staticmethod
    def forward(ctx, x, repeats):
        return x.repeat(repeats.tolist())

    @staticmethod
    def symbolic(g, x, repeats):
        return g.op("Tile", x, repeats)


class Model(torch.nn.Module):
    def __init__(self, multiples) -> None:
        super().__init__()
        self.register_buffer("repeats", torch.tensor(multiples, dtype=torch.int64))

    def forward(self, x):
        return _Tile.apply(x, self.repeats)


INPUTS = [rand(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [multiples]
