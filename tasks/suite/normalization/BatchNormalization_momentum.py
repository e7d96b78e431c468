"""Inference-mode batch normalisation built with momentum=0.2."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Normalization"
ONNX_OP = "BatchNormalization"
NOTES = (
    "Inference mode: the running mean and variance (PyTorch initialises them to 0 and 1) and the affine "
    "weight and bias are re-drawn with the fixed parameter seed. Momentum only affects training, so "
    "inference is the same op as BatchNormalization's."
)

batch_size = 1
features = 32
dim1 = 128
dim2 = 128
momentum = 0.2


class Model(torch.nn.Module):
    def __init__(self, num_features: int, momentum: float) -> None:
        super().__init__()
        self.bn = torch.nn.BatchNorm2d(num_features, momentum=momentum)

    def forward(self, x):
        return self.bn(x)


INPUTS = [rand(batch_size, features, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [features, momentum]
