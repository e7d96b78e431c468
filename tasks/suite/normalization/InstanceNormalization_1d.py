"""Instance normalisation of 32 channels of 128 steps (no affine)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Normalization"
ONNX_OP = "InstanceNormalization"
NOTES = "MNN runs it as a LayerNorm between Reshapes (four ops)."

batch_size = 1
num_features = 32
length = 128
eps = 1e-05
affine = False


class Model(torch.nn.Module):
    def __init__(self, num_features: int, eps: float, affine: bool) -> None:
        super().__init__()
        self.norm = torch.nn.InstanceNorm1d(num_features, eps, affine=affine)

    def forward(self, x):
        return self.norm(x)


INPUTS = [randn(batch_size, num_features, length)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [num_features, eps, affine]
