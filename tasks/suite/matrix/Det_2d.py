"""Determinants of a batch of 64 matrices of 512x512."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "Det"
NOTES = (
    "The determinant of a random 512x512 matrix is far beyond float32's range (about 1e580), so PyTorch, "
    "onnxruntime and any correct kernel give +-inf for every matrix (measured); verification checks only "
    "the sign of each determinant."
)

batch_size = 64
matrix_size = 512


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.linalg.det(x)


INPUTS = [randn(batch_size, matrix_size, matrix_size)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
