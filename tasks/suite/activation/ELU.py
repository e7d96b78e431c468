"""ELU with alpha=0.1 on a normally distributed 3-D tensor."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Activation"
ONNX_OP = "Elu"

dim1 = 16
dim2 = 64
dim3 = 128
alpha = 0.1


class Model(torch.nn.Module):
    def __init__(self, alpha: float) -> None:
        super().__init__()
        self.act = torch.nn.ELU(alpha)

    def forward(self, x):
        return self.act(x)


INPUTS = [randn(dim1, dim2, dim3)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [alpha]
