"""Bilinear grid sampling with zero padding, align_corners=False."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Tensor"
ONNX_OP = "GridSample"
NOTES = (
    "The benchmark gives no sizes: N=1, C=16, 64x64 in, 32x32 out chosen here. The grid is rand in [0, "
    "1), as listed, so only the lower-right quadrant of the map is sampled."
)

N = 1
C = 16
H = 64
W = 64
H_out = 32
W_out = 32


class Model(torch.nn.Module):
    def __init__(self, mode: str, padding_mode: str, align_corners: bool) -> None:
        super().__init__()
        self.mode, self.padding_mode, self.align_corners = mode, padding_mode, align_corners

    def forward(self, x, grid):
        return torch.nn.functional.grid_sample(x, grid, mode=self.mode, padding_mode=self.padding_mode,
                                               align_corners=self.align_corners)


INPUTS = [rand(N, C, H, W), rand(N, H_out, W_out, 2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return ['bilinear', 'zeros', False]
