"""Instance normalisation of a 32-channel 64x64 map (no affine)."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Normalization"
ONNX_OP = "InstanceNormalization"
NOTES = "MNN runs it as a LayerNorm between Reshapes (four ops)."

batch_size = 1
features = 32
dim1 = 64
dim2 = 64


class Model(torch.nn.Module):
    def __init__(self, num_features: int) -> None:
        super().__init__()
        self.norm = torch.nn.InstanceNorm2d(num_features)

    def forward(self, x):
        return self.norm(x)


INPUTS = [rand(batch_size, features, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [features]
