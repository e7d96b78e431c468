"""Cast float32 to float16."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Tensor"
ONNX_OP = "Cast"
ATOL = 0.001
RTOL = 0.001
NOTES = "float16 keeps 11 significant bits, so the tolerance is 1e-3 (half a float16 ulp is 4.9e-4 relative)."

batch_size = 8
input_shape = (512, 256)


class Model(torch.nn.Module):
    def __init__(self, to) -> None:
        super().__init__()
        self.to = to

    def forward(self, x):
        return x.to(getattr(torch, self.to))


INPUTS = [randn(batch_size, *input_shape)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return ['float16']
