"""The 10 largest of each row, with their indices."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Tensor"
ONNX_OP = "TopK"
NOTES = (
    "The task is about the indices; the module returns values and indices as ONNX TopK does, so the "
    "kernel writes both outputs of MNN's op. Both outputs (values, then int64 indices) are checked; "
    "inputs are continuous, so there are no ties."
)

batch_size = 32
dim = 256
k = 10
topk_dim = -1


class Model(torch.nn.Module):
    def __init__(self, k: int, dim: int = -1, sorted_output: bool = True) -> None:
        super().__init__()
        self.k, self.dim, self.sorted_output = k, dim, sorted_output

    def forward(self, x):
        return torch.topk(x, self.k, dim=self.dim, sorted=self.sorted_output)


INPUTS = [randn(batch_size, dim)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [k, topk_dim]
