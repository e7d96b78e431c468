"""The sequence 0, 1, ..., 1023 from scalar start, limit and delta inputs."""

import torch

from tasks.inputs import draw_torch, full

CATEGORY = "Tensor"
ONNX_OP = "Range"
NOTES = (
    "Range has no random input: start, limit and delta are fixed scalar inputs, so the output is the same "
    "for every seed and the near-constant check flags it, as it should."
)

start = 0.0
limit = 1024.0
delta = 1.0


class Model(torch.nn.Module):
    def forward(self, start, limit, delta):
        return torch.arange(start, limit, delta)


INPUTS = [full((), start), full((), limit), full((), delta)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
