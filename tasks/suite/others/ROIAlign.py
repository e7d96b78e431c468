"""RoiAlign of 8 fixed boxes to 7x7 bins, 2x2 samples per bin, half-pixel aligned."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Others"
ONNX_OP = "RoiAlign"
NOTES = (
    "The benchmark gives no boxes: 8 fixed boxes (seed 7, 8 to 38 pixels wide, inside the map) are "
    "constants of the model. torchvision is not installed, so the module computes RoiAlign itself and "
    "exports one ONNX RoiAlign node."
)

batch_size = 1
channels = 16
height = 128
width = 128
num_rois = 8


def _sample_weights(coords: torch.Tensor, size: int) -> torch.Tensor:
    """Bilinear weights (len(coords) x size) of ONNX RoiAlign's sampling points along one axis."""
    w = torch.zeros(coords.shape[0], size)
    for i, c in enumerate(coords.tolist()):
        if c < -1.0 or c > size:
            continue  # outside the map: the sample contributes 0
        c = max(c, 0.0)
        low = int(c)
        if low >= size - 1:
            w[i, size - 1] = 1.0
            continue
        frac = c - low
        w[i, low] += 1.0 - frac
        w[i, low + 1] += frac
    return w


class _RoiAlign(torch.autograd.Function):
    """ONNX RoiAlign (average mode, half-pixel coordinates) written out in PyTorch, exported as one node:
    the image has no torchvision, whose roi_align would otherwise provide it."""

    @staticmethod
    def forward(ctx, x, rois, batch_indices, out_hw: tuple[int, int], scale: float, ratio: int):
        outs = []
        for roi, b in zip(rois, batch_indices.tolist()):
            x1, y1, x2, y2 = (roi * scale - 0.5).tolist()
            bin_h, bin_w = (y2 - y1) / out_hw[0], (x2 - x1) / out_hw[1]
            ys = torch.tensor([y1 + p * bin_h + (s + 0.5) * bin_h / ratio
                               for p in range(out_hw[0]) for s in range(ratio)], dtype=torch.float64)
            xs = torch.tensor([x1 + p * bin_w + (s + 0.5) * bin_w / ratio
                               for p in range(out_hw[1]) for s in range(ratio)], dtype=torch.float64)
            wy, wx = _sample_weights(ys, x.shape[2]), _sample_weights(xs, x.shape[3])
            samples = wy @ x[b] @ wx.T  # (C, out_h * ratio, out_w * ratio)
            outs.append(torch.nn.functional.avg_pool2d(samples, ratio))
        return torch.stack(outs)

    @staticmethod
    def symbolic(g, x, rois, batch_indices, out_hw, scale, ratio):
        return g.op("RoiAlign", x, rois, batch_indices, output_height_i=out_hw[0], output_width_i=out_hw[1],
                    spatial_scale_f=scale, sampling_ratio_i=ratio, mode_s="avg",
                    coordinate_transformation_mode_s="half_pixel")


class Model(torch.nn.Module):
    def __init__(self, output_size: tuple[int, int], spatial_scale: float, sampling_ratio: int,
                 aligned: bool) -> None:
        super().__init__()
        assert aligned  # aligned=True is ONNX's half_pixel mode
        self.output_size, self.spatial_scale, self.sampling_ratio = output_size, spatial_scale, sampling_ratio
        gen = torch.Generator().manual_seed(7)
        corner = torch.rand(num_rois, 2, generator=gen) * (width * 0.7)
        extent = 8 + torch.rand(num_rois, 2, generator=gen) * (width * 0.3 - 8)
        self.register_buffer("rois", torch.cat([corner, corner + extent], dim=1))
        self.register_buffer("batch_indices", torch.zeros(num_rois, dtype=torch.int64))

    def forward(self, x):
        return _RoiAlign.apply(x, self.rois, self.batch_indices, self.output_size, self.spatial_scale,
                               self.sampling_ratio)


INPUTS = [rand(batch_size, channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [(7, 7), 1.0, 2, True]
