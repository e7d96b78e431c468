"""Determinants of a 4x128 batch of 64x64 matrices."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "Det"
NOTES = (
    "The determinant of a random 64x64 matrix is far beyond float32's range (about 1e44), so PyTorch, "
    "onnxruntime and any correct kernel give +-inf for every matrix (measured); verification checks only "
    "the sign of each determinant."
)

batch_size1 = 4
batch_size2 = 128
matrix_size = 64


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.linalg.det(x)


INPUTS = [randn(batch_size1, batch_size2, matrix_size, matrix_size)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
