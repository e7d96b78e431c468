"""PReLU with one learned slope per feature of a batch of 1024-wide rows."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Activation"
ONNX_OP = "PRelu"
NOTES = (
    "The slopes (PyTorch initialises them all to 0.25) are re-drawn with the fixed parameter seed. rand "
    "draws from [0, 1), as the benchmark does, so the negative branch (and the slopes) are never "
    "exercised."
)

batch_size = 64
dim = 1024


class Model(torch.nn.Module):
    def __init__(self, num_parameters: int) -> None:
        super().__init__()
        self.act = torch.nn.PReLU(num_parameters)

    def forward(self, x):
        return self.act(x)


INPUTS = [rand(batch_size, dim)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [dim]
