"""Maximum over the whole 2-D map, per channel (a non-square map)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Pooling"
ONNX_OP = "GlobalMaxPool"
NOTES = "The benchmark lists channels=3 despite the name; kept as listed."

batch_size = 1
channels = 3
height = 128
width = 64


class _GlobalMaxPool(torch.autograd.Function):
    """Maximum over all spatial positions, exported as ONNX GlobalMaxPool (PyTorch would export a MaxPool
    whose kernel is the whole map)."""

    @staticmethod
    def forward(ctx, x):
        return torch.amax(x, dim=tuple(range(2, x.dim())), keepdim=True)

    @staticmethod
    def symbolic(g, x):
        return g.op("GlobalMaxPool", x)


class Model(torch.nn.Module):
    def forward(self, x):
        return _GlobalMaxPool.apply(x)


INPUTS = [randn(batch_size, channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
