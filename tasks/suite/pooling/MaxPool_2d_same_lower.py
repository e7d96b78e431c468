"""2x2 max pooling, stride 1, auto_pad SAME_LOWER."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Pooling"
ONNX_OP = "MaxPool"
UNSOLVABLE = (
    "MNN's converter turns SAME_LOWER into SAME, which pads at the end, so the converted op no "
    "longer describes the task"
)
NOTES = (
    "MNN's converter turns auto_pad SAME_LOWER into its SAME pad type, which pads at the end "
    "(SAME_UPPER), so the converted op cannot express this task and its reference kernel fails "
    "verification."
)

batch_size = 1
channels = 3
height = 32
width = 32
kernel_shape = (2, 2)
strides = (1, 1)
auto_pad = "SAME_LOWER"


class _MaxPoolSameLower(torch.autograd.Function):
    """Max pooling with ONNX's auto_pad=SAME_LOWER, which PyTorch has no flag for: computed by padding
    the top and left with -inf, exported as the one ONNX MaxPool node that means the same."""

    @staticmethod
    def forward(ctx, x):
        # Sizes come from the module constants, not x.shape, so tracing records no shape arithmetic.
        pad_h = max((-(-height // strides[0]) - 1) * strides[0] + kernel_shape[0] - height, 0)
        pad_w = max((-(-width // strides[1]) - 1) * strides[1] + kernel_shape[1] - width, 0)
        # SAME_LOWER puts the odd padding element at the beginning.
        padded = torch.nn.functional.pad(x, (pad_w - pad_w // 2, pad_w // 2, pad_h - pad_h // 2, pad_h // 2),
                                         value=float("-inf"))
        return torch.nn.functional.max_pool2d(padded, kernel_shape, strides)

    @staticmethod
    def symbolic(g, x):
        return g.op("MaxPool", x, kernel_shape_i=list(kernel_shape), strides_i=list(strides), auto_pad_s="SAME_LOWER")


class Model(torch.nn.Module):
    def __init__(self, kernel_shape, strides, pads, auto_pad: str) -> None:
        super().__init__()
        # The autograd function reads the module constants: its symbolic() cannot take tuple arguments.
        assert auto_pad == "SAME_LOWER" and pads is None
        assert (tuple(kernel_shape), tuple(strides)) == (globals()["kernel_shape"], globals()["strides"])

    def forward(self, x):
        return _MaxPoolSameLower.apply(x)


INPUTS = [randn(batch_size, channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [kernel_shape, strides, None, auto_pad]
