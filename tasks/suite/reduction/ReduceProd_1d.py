"""Product of a 4096-element vector."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Reduction"
ONNX_OP = "ReduceProd"
NOTES = (
    "The product of 4096 values drawn from [0, 1) is about exp(-4096), so the output is exactly 0 in "
    "float32; kept as listed and flagged by the near-constant check. Verification also draws signed "
    "factors within 3% of 1 in magnitude, whose product of 4096 stays near 1 (the category's factors "
    "in [0.6, 1.6] suit 64-long products but underflow over 4096)."
)
VERIFY_DOMAINS = {0: ("signed_loguniform", 0.97, 1.03)}

vector_size = 4096
dim = 0
keepdim = False


class Model(torch.nn.Module):
    def __init__(self, dim, keepdim: bool) -> None:
        super().__init__()
        self.dim = dim
        self.keepdim = keepdim

    def forward(self, x):
        return torch.prod(x, dim=self.dim, keepdim=self.keepdim)


INPUTS = [rand(vector_size)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [dim, keepdim]
