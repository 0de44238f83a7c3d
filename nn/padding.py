"""Padding and resampling: ``pad``, ``interpolate`` and their layers, as PyTorch spells them.

Compositions of primitives only: constant padding joins blocks of the fill value to the input
(``concatenate``) and crops negative pads by slicing; reflect, replicate and circular padding
index the input with integer arrays (``GetItem``, whose backward adds repeated positions up);
interpolation gathers the neighbours and mixes them with constant weights, PyTorch's formulas.

>>> import numpy as np
>>> from autograd import Tensor
>>> x = Tensor([[[0.0, 1.0, 2.0]]])
>>> pad(x, (2, 1), mode="reflect")
Tensor([[[2., 1., 0., 1., 2., 1.]]])
>>> interpolate(x, scale_factor=2, mode="nearest")
Tensor([[[0., 0., 1., 1., 2., 2.]]])
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

import autograd
from autograd import Tensor, from_numpy
from autograd.tensor import to_tensor

from .module import Module

__all__ = [
    "CircularPad1d",
    "CircularPad2d",
    "ConstantPad1d",
    "ConstantPad2d",
    "PixelShuffle",
    "PixelUnshuffle",
    "ReflectionPad1d",
    "ReflectionPad2d",
    "ReplicationPad1d",
    "ReplicationPad2d",
    "Upsample",
    "ZeroPad1d",
    "ZeroPad2d",
    "interpolate",
    "pad",
    "pixel_shuffle",
    "pixel_unshuffle",
]

TensorLike = Tensor | ArrayLike
"""What these functions accept as input: a Tensor, or a value ``to_tensor`` turns into one."""

_PAD_MODES = ("constant", "reflect", "replicate", "circular")


def ntuple(value: int | Sequence[int], count: int, name: str, who: str) -> tuple[int, ...]:
    """``value`` as a tuple of ``count`` ints: one int stands for all of them.

    >>> ntuple(3, 2, "kernel_size", "conv2d"), ntuple((1, 2), 2, "stride", "conv2d")
    ((3, 3), (1, 2))
    """
    if isinstance(value, (int, np.integer)):
        return (int(value),) * count
    values = tuple(value)
    if len(values) == 1 and count > 1:
        values = values * count
    if len(values) != count or not all(isinstance(v, (int, np.integer)) for v in values):
        raise RuntimeError(
            f"{who}: expected {name} to be a single integer value or a list of {count} values "
            f"to match the dimensions, but got {name}={value!r}"
        )
    return tuple(int(v) for v in values)


# ---------------------------------------------------------------- pad
def pad(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    pad: Sequence[int],
    mode: str = "constant",
    value: float | None = None,
) -> Tensor:
    """Pad ``input``: ``pad`` gives (before, after) pairs from the last dimension backwards,
    ``(left, right, top, bottom, ...)``, PyTorch's ``F.pad``. A negative pad crops.

    ``mode``: ``'constant'`` (fill with ``value``, default 0; any number of dimensions),
    ``'reflect'`` (mirror without repeating the edge; each pad smaller than the dimension),
    ``'replicate'`` (repeat the edge) or ``'circular'`` (wrap around, at most once). The last
    three pad the last 1, 2 or 3 dimensions of an input with one or two more dimensions than
    that (unbatched or batched).

    >>> x = Tensor([[[1.0, 2.0, 3.0]]])
    >>> pad(x, (1, 2), value=9.0)
    Tensor([[[9., 1., 2., 3., 9., 9.]]])
    >>> pad(x, (1, -1), mode="replicate")
    Tensor([[[1., 1., 2.]]])
    >>> pad(x, (2, 2), mode="circular")
    Tensor([[[2., 3., 1., 2., 3., 1., 2.]]])
    """
    x = to_tensor(input)
    pads = tuple(int(p) for p in pad)
    if len(pads) % 2:
        raise RuntimeError(f"pad: padding length must be divisible by 2, got pad={pads}")
    if len(pads) // 2 > x.ndim:
        raise RuntimeError(
            f"pad: padding length should be less than or equal to two times the input "
            f"dimension but got padding length {len(pads)} and input of shape {x.shape}"
        )
    if mode not in _PAD_MODES:
        raise NotImplementedError(
            f"pad: unrecognised padding mode {mode!r}; use one of {', '.join(_PAD_MODES)}"
        )
    pairs = [(pads[2 * i], pads[2 * i + 1]) for i in range(len(pads) // 2)]
    if mode == "constant":
        return _pad_constant(x, pairs, 0.0 if value is None else value)
    if value is not None and value != 0:
        raise RuntimeError(f'pad: padding mode "{mode}" doesn\'t take in value argument')
    return _pad_by_index(x, pairs, mode)


def _pad_constant(x: Tensor, pairs: list[tuple[int, int]], value: float) -> Tensor:
    """Crop the negative pads by slicing, then join blocks of ``value`` for the positive ones."""
    crop = [slice(None)] * x.ndim
    for i, (before, after) in enumerate(pairs):
        axis, size = x.ndim - 1 - i, x.shape[x.ndim - 1 - i]
        if size + before + after < 0:
            raise RuntimeError(
                f"pad: padding ({before}, {after}) at dimension {axis} of input of shape "
                f"{x.shape} leaves a negative size ({size + before + after})"
            )
        if before < 0 or after < 0:
            crop[axis] = slice(max(-before, 0), size - max(-after, 0))
    if any(part != slice(None) for part in crop):
        x = x[tuple(crop)]
    for i, (before, after) in enumerate(pairs):
        axis = x.ndim - 1 - i
        parts = [_block(x, axis, before, value), x] if before > 0 else [x]
        if after > 0:
            parts.append(_block(x, axis, after, value))
        if len(parts) > 1:
            x = autograd.concatenate(parts, axis=axis)
    return x


def _block(x: Tensor, axis: int, amount: int, value: float) -> Tensor:
    """A constant block of ``value`` shaped like ``x`` but ``amount`` long along ``axis``."""
    shape = list(x.shape)
    shape[axis] = amount
    return from_numpy(np.full(shape, value, dtype=x.dtype))


def _pad_by_index(x: Tensor, pairs: list[tuple[int, int]], mode: str) -> Tensor:
    """Reflect, replicate or circular padding: one gather with an integer array per padded
    dimension (negative pads start later or stop earlier)."""
    dims = len(pairs)
    if dims not in (1, 2, 3) or x.ndim not in (dims + 1, dims + 2):
        raise NotImplementedError(
            f"pad: padding size {2 * dims} is not supported for {x.ndim}D input tensor "
            f"(shape {x.shape}). Supported combinations for non-constant padding: 2D or 3D "
            f"input: padding size = 2 (pads last dimension); 3D or 4D input: padding size = 4 "
            f"(pads last 2 dimensions); 4D or 5D input: padding size = 6 (pads last 3 dimensions)"
        )
    if mode != "circular" and 0 in x.shape[x.ndim - dims - 1 :]:
        raise RuntimeError(
            f"pad: {mode} padding expects an input with non-zero dimensions (except the batch "
            f"dimension), got shape {x.shape}"
        )
    indices = []
    for i, (before, after) in enumerate(reversed(pairs)):
        axis = x.ndim - dims + i
        size = x.shape[axis]
        if mode == "reflect" and (before >= size or after >= size):
            raise RuntimeError(
                f"pad: padding size should be less than the corresponding input dimension, but "
                f"got: padding ({before}, {after}) at dimension {axis} of input {x.shape}"
            )
        if mode == "circular" and (before > size or after > size):
            raise RuntimeError(
                f"pad: padding ({before}, {after}) at dimension {axis} of input {x.shape} "
                f"causes wrapping around more than once"
            )
        if size + before + after < (0 if mode == "circular" else 1):
            raise RuntimeError(
                f"pad: input of shape {x.shape} is too small for padding ({before}, {after}) "
                f"at dimension {axis}: calculated output size {size + before + after}"
            )
        position = np.arange(-before, size + after)
        if mode == "reflect":
            position = np.abs(position)
            position = np.where(position > size - 1, 2 * (size - 1) - position, position)
        elif mode == "replicate":
            position = np.clip(position, 0, size - 1)
        elif position.size:  # circular: a negative pad crops first, the rest wraps what is left
            start, stop = max(-before, 0), size - max(-after, 0)
            if stop <= start:
                raise RuntimeError(
                    f"pad: circular padding ({before}, {after}) at dimension {axis} of input "
                    f"{x.shape} crops away the whole dimension but pads it again"
                )
            position = start + (position - start) % (stop - start)
        indices.append(position)
    index = (slice(None),) * (x.ndim - dims) + np.ix_(*indices)
    return x[index]


# ---------------------------------------------------------------- interpolate
_INTERPOLATE_MODES = (
    "nearest",
    "nearest-exact",
    "linear",
    "bilinear",
    "bicubic",
    "trilinear",
    "area",
)
_INTERPOLATING = {"linear": 3, "bilinear": 4, "bicubic": 4, "trilinear": 5}  # mode: input ndim
_CUBIC_A = -0.75  # PyTorch's (and OpenCV's) cubic convolution constant


def interpolate(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    size: int | Sequence[int] | None = None,
    scale_factor: float | Sequence[float] | None = None,
    mode: str = "nearest",
    align_corners: bool | None = None,
    recompute_scale_factor: bool | None = None,
    antialias: bool = False,
) -> Tensor:
    """Resample the spatial dimensions of a (N, C, L), (N, C, H, W) or (N, C, D, H, W) input
    to ``size``, or to ``floor(size * scale_factor)``, PyTorch's ``F.interpolate``.

    ``mode``: ``'nearest'`` (PyTorch's: source index ``floor(dst * scale)``), ``'nearest-exact'``
    (``floor((dst + 0.5) * scale)``), ``'linear'`` (3-D), ``'bilinear'`` (4-D), ``'trilinear'``
    (5-D) and ``'bicubic'`` (4-D; cubic convolution with A = -0.75, the taps clamped at the
    edges, as PyTorch), with ``align_corners`` as in PyTorch (default False: pixel centres), and
    ``'area'`` (adaptive average pooling). With ``scale_factor`` the scale used is
    ``1 / scale_factor`` unless ``recompute_scale_factor=True`` (then input / output size).

    >>> x = Tensor([[[0.0, 1.0, 2.0]]])
    >>> interpolate(x, size=5, mode="linear", align_corners=True)
    Tensor([[[0. , 0.5, 1. , 1.5, 2. ]]])
    >>> interpolate(x, scale_factor=2, mode="linear")
    Tensor([[[0.  , 0.25, 0.75, 1.25, 1.75, 2.  ]]])
    >>> interpolate(Tensor([[[[0.0, 1.0], [2.0, 3.0]]]]), size=3, mode="bicubic")[0, 0, 0]
    Tensor([-0.2604,  0.3264,  0.9132])
    """
    x = to_tensor(input)
    if mode not in _INTERPOLATE_MODES or x.ndim not in (3, 4, 5):
        raise NotImplementedError(
            f"interpolate: only 3D, 4D and 5D inputs are supported, for the modes "
            f"{' | '.join(_INTERPOLATE_MODES)}; got a {x.ndim}D input of shape {x.shape} and "
            f"mode {mode!r}"
        )
    if mode in _INTERPOLATING and x.ndim != _INTERPOLATING[mode]:
        raise NotImplementedError(
            f"interpolate: got {x.ndim}D input of shape {x.shape}, but {mode} mode needs "
            f"{_INTERPOLATING[mode]}D input"
        )
    if antialias:
        raise NotImplementedError("interpolate: antialias=True is not supported")
    if align_corners is not None and mode not in _INTERPOLATING:
        raise ValueError(
            "interpolate: align_corners option can only be set with the interpolating modes: "
            "linear | bilinear | bicubic | trilinear"
        )
    spatial = x.shape[2:]
    out_size, scales = _output_size(spatial, size, scale_factor, recompute_scale_factor)
    if min(spatial) <= 0 or min(out_size) <= 0:
        raise RuntimeError(
            f"interpolate: input and output sizes should be greater than 0, but got input "
            f"{spatial} and output {out_size}"
        )
    if mode == "area":
        return adaptive_average(x, out_size)
    out = x
    for axis in range(x.ndim - 1, 1, -1):  # the last dimension first, as PyTorch's kernels
        i = axis - 2
        if mode == "bicubic":
            out = _cubic_along(out, axis, out_size[i], scales[i], bool(align_corners))
        elif mode in _INTERPOLATING:
            out = _linear_along(out, axis, out_size[i], scales[i], bool(align_corners))
        else:
            source = _nearest_source(spatial[i], out_size[i], scales[i], mode == "nearest-exact")
            out = out[(slice(None),) * axis + (source,)]
    return out


def _output_size(
    spatial: tuple[int, ...],
    size: int | Sequence[int] | None,
    scale_factor: float | Sequence[float] | None,
    recompute_scale_factor: bool | None,
) -> tuple[tuple[int, ...], tuple[float | None, ...]]:
    """(output size, the scale factors the kernels use: None where input / output is used)."""
    dims = len(spatial)
    if size is not None and scale_factor is not None:
        raise ValueError("interpolate: only one of size or scale_factor should be defined")
    if size is not None:
        sizes = (int(size),) * dims if isinstance(size, (int, np.integer)) else tuple(size)
        if len(sizes) != dims:
            raise ValueError(
                f"interpolate: input and output must have the same number of spatial "
                f"dimensions, but got input with spatial dimensions of {list(spatial)} and "
                f"output size of {size}"
            )
        return tuple(int(s) for s in sizes), (None,) * dims
    if scale_factor is None:
        raise ValueError("interpolate: either size or scale_factor should be defined")
    factors = (
        (float(scale_factor),) * dims
        if isinstance(scale_factor, (int, float, np.number))
        else tuple(float(f) for f in scale_factor)
    )
    if len(factors) != dims:
        raise ValueError(
            f"interpolate: input and scale_factor must have the same number of spatial "
            f"dimensions, but got input with spatial dimensions of {list(spatial)} and "
            f"scale_factor of shape {scale_factor}"
        )
    out_size = tuple(math.floor(s * f) for s, f in zip(spatial, factors, strict=True))
    return out_size, ((None,) * dims if recompute_scale_factor else factors)


def _nearest_source(in_size: int, out_size: int, scale: float | None, exact: bool) -> np.ndarray:
    """PyTorch's nearest source index, in float32 as its kernel computes it."""
    factor = np.float32(1.0 / scale) if scale is not None and scale > 0 else None
    if factor is None:
        factor = np.float32(in_size) / np.float32(out_size)
    dst = np.arange(out_size, dtype=np.float32) + (np.float32(0.5) if exact else np.float32(0))
    return np.minimum(np.floor(dst * factor).astype(np.int64), in_size - 1)


def _source_index(
    x: Tensor, in_size: int, out_size: int, scale: float | None, align_corners: bool, cubic: bool
) -> np.ndarray:
    """PyTorch's real source position of every output position along one axis
    (``area_pixel_compute_source_index``), in the input's precision; clamped at 0 unless
    ``cubic`` (its taps are clamped instead)."""
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float32)
    real = dtype.type
    if align_corners:
        factor = real(in_size - 1) / real(out_size - 1) if out_size > 1 else real(0)
    elif scale is not None and scale > 0:
        factor = real(1.0 / scale)
    else:
        factor = real(in_size) / real(out_size)
    dst = np.arange(out_size, dtype=dtype)
    if align_corners:
        return (factor * dst).astype(dtype)
    source = (factor * (dst + real(0.5)) - real(0.5)).astype(dtype)
    return source if cubic else np.maximum(source, real(0))


def _cubic_along(
    x: Tensor, axis: int, out_size: int, scale: float | None, align_corners: bool
) -> Tensor:
    """Cubic convolution along one axis, PyTorch's ``upsample_bicubic2d``: the four taps
    floor(s) - 1 .. floor(s) + 2 (clamped into the input) weighted by Keys' kernel with
    A = -0.75 at distances t + 1, t, 1 - t, 2 - t, where t = s - floor(s)."""
    in_size = x.shape[axis]
    source = _source_index(x, in_size, out_size, scale, align_corners, cubic=True)
    real = source.dtype.type
    floor = np.floor(source)
    t = source - floor
    a = real(_CUBIC_A)

    def near(d: np.ndarray) -> np.ndarray:  # |d| <= 1
        return ((a + 2) * d - (a + 3)) * d * d + 1

    def far(d: np.ndarray) -> np.ndarray:  # 1 < |d| < 2
        return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a

    weights = (far(t + 1), near(t), near(1 - t), far(2 - t))
    start = floor.astype(np.int64) - 1
    shape = (out_size,) + (1,) * (x.ndim - 1 - axis)
    lead = (slice(None),) * axis
    out = None
    for k, weight in enumerate(weights):
        taps = np.clip(start + k, 0, in_size - 1)
        term = x[lead + (taps,)] * from_numpy(weight.astype(source.dtype).reshape(shape))  # noqa: RUF005
        out = term if out is None else out + term
    assert out is not None
    return out


def _linear_along(
    x: Tensor, axis: int, out_size: int, scale: float | None, align_corners: bool
) -> Tensor:
    """Linear interpolation along one axis: lambda0 x[i0] + lambda1 x[i1], PyTorch's source
    index (``area_pixel_compute_source_index``) computed in the input's precision."""
    in_size = x.shape[axis]
    source = _source_index(x, in_size, out_size, scale, align_corners, cubic=False)
    dtype = source.dtype
    real = dtype.type
    low = source.astype(np.int64)
    high = low + (low < in_size - 1)
    weight_high = (source - low.astype(dtype)).astype(dtype)
    weight_low = (real(1) - weight_high).astype(dtype)
    shape = (out_size,) + (1,) * (x.ndim - 1 - axis)
    lead = (slice(None),) * axis
    low_weight, high_weight = (
        from_numpy(weight_low.reshape(shape)),
        from_numpy(weight_high.reshape(shape)),
    )
    return x[lead + (low,)] * low_weight + x[lead + (high,)] * high_weight  # noqa: RUF005


def pixel_shuffle(input: TensorLike, upscale_factor: int) -> Tensor:  # noqa: A002
    """Rearrange (*, C * r², H, W) into (*, C, H * r, W * r), PyTorch's ``F.pixel_shuffle``:
    output [c, h * r + i, w * r + j] is input [c * r² + i * r + j, h, w].

    >>> pixel_shuffle(Tensor(np.arange(4.0, dtype=np.float32).reshape(1, 4, 1, 1)), 2)
    Tensor([[[[0., 1.],
              [2., 3.]]]])
    """
    x, r = to_tensor(input), int(upscale_factor)
    if x.ndim < 3 or r < 1 or x.shape[-3] % (r * r):
        raise RuntimeError(
            f"pixel_shuffle: expected input of at least 3 dimensions whose channels (dim -3) "
            f"are divisible by upscale_factor ** 2 = {r * r}, got input of shape {x.shape} "
            f"and upscale_factor={upscale_factor}"
        )
    *lead, channels, height, width = x.shape
    out = x.reshape(*lead, channels // (r * r), r, r, height, width)
    k = len(lead)
    out = out.permute(*range(k), k, k + 3, k + 1, k + 4, k + 2)
    return out.reshape(*lead, channels // (r * r), height * r, width * r)


def pixel_unshuffle(input: TensorLike, downscale_factor: int) -> Tensor:  # noqa: A002
    """Rearrange (*, C, H * r, W * r) into (*, C * r², H, W), PyTorch's ``F.pixel_unshuffle``
    (the inverse of ``pixel_shuffle``).

    >>> pixel_unshuffle(Tensor([[[[0.0, 1.0], [2.0, 3.0]]]]), 2).reshape(-1)
    Tensor([0., 1., 2., 3.])
    """
    x, r = to_tensor(input), int(downscale_factor)
    if x.ndim < 3 or r < 1 or x.shape[-2] % r or x.shape[-1] % r:
        raise RuntimeError(
            f"pixel_unshuffle: expected input of at least 3 dimensions whose height and width "
            f"are divisible by downscale_factor={downscale_factor}, got input of shape {x.shape}"
        )
    *lead, channels, height, width = x.shape
    out = x.reshape(*lead, channels, height // r, r, width // r, r)
    k = len(lead)
    out = out.permute(*range(k), k, k + 2, k + 4, k + 1, k + 3)
    return out.reshape(*lead, channels * r * r, height // r, width // r)


def adaptive_average(x: Tensor, out_size: Sequence[int | None]) -> Tensor:
    """Average over PyTorch's adaptive windows of the trailing ``len(out_size)`` dimensions:
    output i of a dimension of size n averages input [floor(i n / m), ceil((i + 1) n / m)). A
    matrix product per dimension with a constant (m, n) averaging matrix; None keeps a size.

    >>> adaptive_average(Tensor([[[1.0, 2.0, 3.0, 4.0]]]), [2])
    Tensor([[[1.5, 3.5]]])
    """
    dims = len(out_size)
    out = x
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float32)
    for i, wanted in enumerate(out_size):
        axis = x.ndim - dims + i
        size = x.shape[axis]
        if wanted is None or wanted == size:
            continue
        average = np.zeros((wanted, size), dtype=dtype)
        for row, (start, stop) in enumerate(adaptive_windows(size, wanted)):
            average[row, start:stop] = 1.0 / (stop - start)
        matrix = from_numpy(average)
        if axis == x.ndim - 1:
            out = out @ matrix.T
        else:
            out = (matrix @ out.swapaxes(axis, -2)).swapaxes(axis, -2)
    return out


def adaptive_windows(size: int, wanted: int) -> list[tuple[int, int]]:
    """PyTorch's adaptive pooling windows: [floor(i n / m), ceil((i + 1) n / m)).

    >>> adaptive_windows(5, 3)
    [(0, 2), (1, 4), (3, 5)]
    """
    return [(i * size // wanted, -(-(i + 1) * size // wanted)) for i in range(wanted)]


# ---------------------------------------------------------------- layers
class _Pad(Module):
    """A ``pad`` with the padding, mode and value fixed at construction."""

    mode = "constant"
    dims = 1

    def __init__(self, padding: int | Sequence[int], value: float = 0.0) -> None:
        super().__init__()
        name = type(self).__name__
        self.padding = ntuple(padding, 2 * self.dims, "padding", name)
        self.value = float(value)

    def forward(self, x: TensorLike) -> Tensor:
        if self.mode == "constant":
            return pad(x, self.padding, mode="constant", value=self.value)
        return pad(x, self.padding, mode=self.mode)

    def extra_repr(self) -> str:
        if self.mode == "constant" and not type(self).__name__.startswith("Zero"):
            return f"padding={self.padding}, value={self.value}"
        return f"{self.padding}"


class ConstantPad1d(_Pad):
    """Pad the last dimension with ``value``: ``padding`` is an int or (left, right).

    >>> ConstantPad1d((1, 0), 5.0)([[1.0, 2.0]])
    Tensor([[5., 1., 2.]])
    """

    def __init__(self, padding: int | Sequence[int], value: float) -> None:
        super().__init__(padding, value)


class ConstantPad2d(ConstantPad1d):
    """Pad the last two dimensions with ``value``: (left, right, top, bottom).

    >>> ConstantPad2d(1, 0.0)([[[1.0]]]).shape
    (1, 3, 3)
    """

    dims = 2


class ZeroPad1d(_Pad):
    """Pad the last dimension with zeros.

    >>> ZeroPad1d(1)([[1.0]])
    Tensor([[0., 1., 0.]])
    """

    def __init__(self, padding: int | Sequence[int]) -> None:
        super().__init__(padding, 0.0)


class ZeroPad2d(ZeroPad1d):
    """Pad the last two dimensions with zeros: (left, right, top, bottom).

    >>> ZeroPad2d((1, 0, 0, 1))([[[1.0]]])
    Tensor([[[0., 1.],
             [0., 0.]]])
    """

    dims = 2


class ReflectionPad1d(ZeroPad1d):
    """Mirror the last dimension at its edges (without repeating the edge).

    >>> ReflectionPad1d(2)([[0.0, 1.0, 2.0]])
    Tensor([[2., 1., 0., 1., 2., 1., 0.]])
    """

    mode = "reflect"


class ReflectionPad2d(ReflectionPad1d):
    """Mirror the last two dimensions at their edges.

    >>> ReflectionPad2d(1)([[[0.0, 1.0], [2.0, 3.0]]]).shape
    (1, 4, 4)
    """

    dims = 2


class ReplicationPad1d(ZeroPad1d):
    """Repeat the edge values of the last dimension.

    >>> ReplicationPad1d((2, 1))([[0.0, 1.0]])
    Tensor([[0., 0., 0., 1., 1.]])
    """

    mode = "replicate"


class ReplicationPad2d(ReplicationPad1d):
    """Repeat the edge values of the last two dimensions.

    >>> ReplicationPad2d(1)([[[5.0]]])
    Tensor([[[5., 5., 5.],
             [5., 5., 5.],
             [5., 5., 5.]]])
    """

    dims = 2


class CircularPad1d(ZeroPad1d):
    """Wrap the last dimension around (periodic padding).

    >>> CircularPad1d(1)([[0.0, 1.0, 2.0]])
    Tensor([[2., 0., 1., 2., 0.]])
    """

    mode = "circular"


class CircularPad2d(CircularPad1d):
    """Wrap the last two dimensions around.

    >>> CircularPad2d((1, 0, 0, 0))([[[0.0, 1.0]]])
    Tensor([[[1., 0., 1.]]])
    """

    dims = 2


class Upsample(Module):
    """``interpolate`` with its size or scale factor and mode fixed at construction.

    >>> Upsample(scale_factor=2, mode="nearest")
    Upsample(scale_factor=2.0, mode='nearest')
    >>> Upsample(size=4)([[[1.0, 2.0]]])
    Tensor([[[1., 1., 2., 2.]]])
    """

    def __init__(
        self,
        size: int | Sequence[int] | None = None,
        scale_factor: float | Sequence[float] | None = None,
        mode: str = "nearest",
        align_corners: bool | None = None,
        recompute_scale_factor: bool | None = None,
    ) -> None:
        super().__init__()
        self.size = size
        if isinstance(scale_factor, (int, float, np.number)):
            self.scale_factor: float | tuple[float, ...] | None = float(scale_factor)
        else:
            self.scale_factor = None if scale_factor is None else tuple(map(float, scale_factor))
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, x: TensorLike) -> Tensor:
        return interpolate(
            x,
            self.size,
            self.scale_factor,
            self.mode,
            self.align_corners,
            recompute_scale_factor=self.recompute_scale_factor,
        )

    def extra_repr(self) -> str:
        what = (
            f"scale_factor={self.scale_factor!r}"
            if self.scale_factor is not None
            else f"size={self.size!r}"
        )
        return f"{what}, mode={self.mode!r}"


class PixelShuffle(Module):
    """``pixel_shuffle`` by a fixed factor, PyTorch's ``nn.PixelShuffle``.

    >>> PixelShuffle(3)(np.zeros((1, 18, 4, 4), np.float32)).shape
    (1, 2, 12, 12)
    """

    def __init__(self, upscale_factor: int) -> None:
        super().__init__()
        self.upscale_factor = int(upscale_factor)

    def forward(self, input: TensorLike) -> Tensor:  # noqa: A002 - PyTorch's name
        return pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """``pixel_unshuffle`` by a fixed factor, PyTorch's ``nn.PixelUnshuffle``.

    >>> PixelUnshuffle(2)(np.zeros((1, 2, 4, 6), np.float32)).shape
    (1, 8, 2, 3)
    """

    def __init__(self, downscale_factor: int) -> None:
        super().__init__()
        self.downscale_factor = int(downscale_factor)

    def forward(self, input: TensorLike) -> Tensor:  # noqa: A002 - PyTorch's name
        return pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"
