"""The 10 largest along the last axis of a 3-D tensor."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Tensor"
ONNX_OP = "TopK"
NOTES = "Both outputs (values, then int64 indices) are checked; inputs are continuous, so there are no ties."

batch_size = 16
seq_len = 64
dim = 128
k = 10
topk_dim = -1


class Model(torch.nn.Module):
    def __init__(self, k: int, dim: int = -1, sorted_output: bool = True) -> None:
        super().__init__()
        self.k, self.dim, self.sorted_output = k, dim, sorted_output

    def forward(self, x):
        return torch.topk(x, self.k, dim=self.dim, sorted=self.sorted_output)


INPUTS = [randn(batch_size, seq_len, dim)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [k, topk_dim]
