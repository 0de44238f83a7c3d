"""Pooling, PyTorch's: ``max_pool1d/2d/3d``, ``avg_pool1d/2d/3d``, ``adaptive_avg_pool1d/2d/3d``,
``adaptive_max_pool1d/2d/3d`` and their layers; one N-d path for each kind.

Compositions, no backward of their own. Max pooling finds each window's maximum on the arrays
(PyTorch's choice: the first maximum, a NaN over any number), then picks those pixels out of the
input by integer-array indexing, so the gradient goes to exactly the pixel PyTorch's does, and
the flat per-plane positions are the ``indices``. Average pooling sums the unfolded windows
(``Unfold``) and divides by PyTorch's divisor; adaptive average pooling is a product with a
constant averaging matrix per dimension.

>>> import numpy as np
>>> from autograd import Tensor
>>> x = Tensor(np.arange(16.0, dtype=np.float32).reshape(1, 1, 4, 4))
>>> max_pool2d(x, 2)
Tensor([[[[ 5.,  7.],
          [13., 15.]]]])
>>> avg_pool2d(x, 2, padding=1, count_include_pad=False)[0, 0, 0]
Tensor([0. , 1.5, 3. ])
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np

from autograd import Tensor, from_numpy, where
from autograd.ops import Unfold
from autograd.ops.conv import windows
from autograd.tensor import to_tensor

from .module import Module
from .padding import TensorLike, adaptive_average, adaptive_windows, ntuple

__all__ = [
    "AdaptiveAvgPool1d",
    "AdaptiveAvgPool2d",
    "AdaptiveAvgPool3d",
    "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d",
    "AdaptiveMaxPool3d",
    "AvgPool1d",
    "AvgPool2d",
    "AvgPool3d",
    "MaxPool1d",
    "MaxPool2d",
    "MaxPool3d",
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "adaptive_max_pool3d",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
]

Size = int | Sequence[int]
"""A size per spatial dimension (kernel, stride, padding, dilation): one int stands for all."""

OutputSize = int | None | Sequence[int | None]
"""An adaptive pool's output size: one int for every dimension, or one per dimension, where
None keeps the input's size."""


def _shape(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join(map(str, shape)) + "]"


def _planes(x: Tensor, dims: int, who: str) -> tuple[Tensor, bool]:
    """(N, C, *spatial) from a batched or unbatched input of ``dims`` spatial dimensions, and
    whether the batch dimension was added."""
    if x.ndim not in (dims + 1, dims + 2) or 0 in x.shape[-dims - 1 :]:
        raise RuntimeError(
            f"{who}: expected a non-empty {dims + 1}D (unbatched) or {dims + 2}D (batched) "
            f"input, but got input of size {_shape(x.shape)}"
        )
    unbatched = x.ndim == dims + 1
    return (x.unsqueeze(0) if unbatched else x), unbatched


def _restore(out: Tensor, unbatched: bool) -> Tensor:
    return out.squeeze(0) if unbatched else out


def _output_length(
    size: int, kernel: int, pad: int, stride: int, dilation: int, ceil_mode: bool
) -> int:
    """PyTorch's ``pooling_output_shape``: with ceil_mode the last window may hang over the end,
    but must start inside the input or its left padding."""
    span = dilation * (kernel - 1) + 1
    out = (size + 2 * pad - span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad:
        out -= 1
    return out


Sizes = tuple[int, ...]
Geometry = tuple[Sizes, Sizes, Sizes, Sizes]
"""(kernel, stride, padding, dilation), one entry per spatial dimension."""


def _geometry(
    x: Tensor,
    kernel_size: Size,
    stride: Size | None,
    padding: Size,
    dilation: Size,
    ceil_mode: bool,
    dims: int,
    who: str,
) -> tuple[Geometry, Sizes]:
    """((kernel, stride, padding, dilation), output size), checked as PyTorch checks them."""
    kernel = ntuple(kernel_size, dims, "kernel_size", who)
    strides = kernel if stride is None or stride == [] else ntuple(stride, dims, "stride", who)
    pads = ntuple(padding, dims, "padding", who)
    dilations = ntuple(dilation, dims, "dilation", who)
    for name, values in (("kernel_size", kernel), ("stride", strides), ("dilation", dilations)):
        if min(values) < 1:
            raise RuntimeError(f"{who}: {name} must be greater than zero, but got {values}")
    if min(pads) < 0 or any(p > k // 2 for p, k in zip(pads, kernel, strict=True)):
        raise RuntimeError(
            f"{who}: pad should be at most half of effective kernel size, but got pad={pads}, "
            f"kernel_size={kernel} and dilation={dilations}"
        )
    out = tuple(
        _output_length(size, k, p, s, d, ceil_mode)
        for size, k, p, s, d in zip(x.shape[2:], kernel, pads, strides, dilations, strict=True)
    )
    if min(out) < 1:
        given = "x".join(map(str, x.shape[1:]))
        calculated = "x".join(map(str, (x.shape[1], *out)))
        raise RuntimeError(
            f"{who}: given input size: ({given}). Calculated output size: ({calculated}). "
            f"Output size is too small"
        )
    return (kernel, strides, pads, dilations), out


def _window_padding(
    size: Sequence[int], geometry: Geometry, out: Sizes
) -> tuple[tuple[int, int], ...]:
    """(before, after) per dimension: the pads, plus what ceil_mode's last window hangs over."""
    kernel, stride, pads, dilation = geometry
    return tuple(
        (p, p + max(0, (o - 1) * s + d * (k - 1) + 1 - (n + 2 * p)))
        for o, s, d, k, n, p in zip(out, stride, dilation, kernel, size, pads, strict=True)
    )


def _first_max(values: np.ndarray, valid: np.ndarray, axis: int) -> np.ndarray:
    """The position along ``axis`` that PyTorch's pooling loop picks: it starts at the window's
    first pixel inside the input (``valid``, broadcastable to ``values``) and moves on to each
    later one that is greater or NaN, so the first of tied maxima and the last NaN win. One
    pass per kernel offset."""
    valid = valid.reshape((1,) * (values.ndim - valid.ndim) + valid.shape)
    values, valid = np.moveaxis(values, axis, 0), np.moveaxis(valid, axis, 0)
    everywhere = bool(valid.all())
    if everywhere:
        choice = np.zeros(values.shape[1:], dtype=np.int64)
        best = values[0]
    else:
        choice = np.broadcast_to(valid.argmax(axis=0), values.shape[1:])
        best = np.take_along_axis(values, choice[None], axis=0)[0]
    for k in range(1 if everywhere else 0, values.shape[0]):
        candidate = values[k]
        better = (candidate > best) | np.isnan(candidate)
        if not everywhere:
            better &= valid[k]
        best = np.where(better, candidate, best)
        choice = np.where(better, k, choice)
    return choice


def _max_pool(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    kernel_size: Size,
    stride: Size | None,
    padding: Size,
    dilation: Size,
    ceil_mode: bool,
    return_indices: bool,
    dims: int,
) -> Tensor | tuple[Tensor, Tensor]:
    who = f"max_pool{dims}d"
    x, unbatched = _planes(to_tensor(input), dims, who)
    geometry, out_sizes = _geometry(x, kernel_size, stride, padding, dilation, ceil_mode, dims, who)
    kernel, strides, pads, dilations = geometry
    batch, channels, spatial = x.shape[0], x.shape[1], x.shape[2:]
    window_pads = _window_padding(spatial, geometry, out_sizes)
    area, count = math.prod(kernel), math.prod(out_sizes)
    cols = Unfold.apply(
        x.reshape(batch * channels, 1, *spatial),
        kernel=kernel,
        dilation=dilations,
        padding=window_pads,
        stride=strides,
    )  # (N * C, prod(kernel), L): each window's pixels down a column
    inside = windows(np.ones((1, 1, *spatial), bool), kernel, dilations, window_pads, strides)
    offset = _first_max(cols.data, inside.reshape(area, count), axis=1)  # (N * C, L)
    # each window keeps its maximum, zeros elsewhere, summed: the gradient is selected back
    # to the maxima (no scatter), and an inf or NaN elsewhere in the window stays out
    picks = offset[:, None, :] == np.arange(area)[None, :, None]
    out = where(picks, cols, 0.0).sum(axis=1).reshape(batch, channels, *out_sizes)
    out = _restore(out, unbatched)
    if not return_indices:
        return out
    # each maximum's position along every dimension, then flat within its plane
    block = np.unravel_index(np.arange(count), out_sizes)
    within = np.unravel_index(offset, kernel)
    positions = tuple(
        b * s - p + w * d
        for b, w, s, p, d in zip(block, within, strides, pads, dilations, strict=True)
    )
    indices = np.ravel_multi_index(positions, spatial).reshape(batch, channels, *out_sizes)
    return out, _restore(from_numpy(indices.astype(np.int64)), unbatched)


def max_pool1d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    kernel_size: Size,
    stride: Size | None = None,
    padding: Size = 0,
    dilation: Size = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """The maximum of each window of (N, C, L) or (C, L) ``input``, PyTorch's ``F.max_pool1d``
    (``stride`` defaults to ``kernel_size``; padding counts as -inf). With ``return_indices``
    also the position of each maximum in its input row.

    >>> max_pool1d(Tensor([[[1.0, 3.0, 2.0, 0.0, 5.0]]]), 2, return_indices=True)
    (Tensor([[[3., 2.]]]), Tensor([[[1, 2]]], dtype=int64))
    """
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 1)


def max_pool2d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    kernel_size: Size,
    stride: Size | None = None,
    padding: Size = 0,
    dilation: Size = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """The maximum of each (kH, kW) window of (N, C, H, W) or (C, H, W) ``input``, PyTorch's
    ``F.max_pool2d``: ``stride`` (default ``kernel_size``), ``padding`` (-inf, at most half the
    kernel), ``dilation``, ``ceil_mode`` (count a last partial window). The gradient goes to the
    first maximum of each window; ``return_indices`` gives its flat index ``h * W + w`` in its
    plane (what ``max_unpool2d`` takes in PyTorch).

    >>> x = Tensor([[[[1.0, 2.0, 0.0], [4.0, 3.0, 9.0]]]])
    >>> max_pool2d(x, 2, ceil_mode=True, return_indices=True)
    (Tensor([[[[4., 9.]]]]), Tensor([[[[3, 5]]]], dtype=int64))
    """
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 2)


def max_pool3d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    kernel_size: Size,
    stride: Size | None = None,
    padding: Size = 0,
    dilation: Size = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """The maximum of each (kD, kH, kW) window of (N, C, D, H, W) or (C, D, H, W) ``input``,
    PyTorch's ``F.max_pool3d`` (arguments as ``max_pool2d``'s; indices flat per volume,
    ``d * H * W + h * W + w``).

    >>> x = Tensor(np.arange(8.0, dtype=np.float32).reshape(1, 1, 2, 2, 2))
    >>> max_pool3d(x, 2, return_indices=True)
    (Tensor([[[[[7.]]]]]), Tensor([[[[[7]]]]], dtype=int64))
    """
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 3)


def _avg_pool(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    kernel_size: Size,
    stride: Size | None,
    padding: Size,
    ceil_mode: bool,
    count_include_pad: bool,
    divisor_override: int | None,
    dims: int,
) -> Tensor:
    who = f"avg_pool{dims}d"
    x, unbatched = _planes(to_tensor(input), dims, who)
    geometry, out_sizes = _geometry(x, kernel_size, stride, padding, 1, ceil_mode, dims, who)
    kernel, strides, pads, _ = geometry
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError(f"{who}: divisor must be not zero")
    batch, channels, spatial = x.shape[0], x.shape[1], x.shape[2:]
    cols = Unfold.apply(
        x.reshape(batch * channels, 1, *spatial),
        kernel=kernel,
        dilation=(1,) * dims,
        padding=_window_padding(spatial, geometry, out_sizes),
        stride=strides,
    )
    sums = cols.sum(axis=1).reshape(batch, channels, *out_sizes)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float32)
    if divisor_override is not None:
        divisor = np.full(out_sizes, divisor_override, dtype=dtype)
    else:
        per_dimension = [
            _counts(n, o, k, s, p, count_include_pad)
            for n, o, k, s, p in zip(spatial, out_sizes, kernel, strides, pads, strict=True)
        ]
        divisor = functools.reduce(np.multiply.outer, per_dimension).astype(dtype)
    return _restore(sums / from_numpy(divisor), unbatched)


def _counts(size: int, out: int, kernel: int, stride: int, pad: int, with_pad: bool) -> np.ndarray:
    """PyTorch's divisor along one dimension: the window's length inside the padded input
    (``count_include_pad``) or inside the input itself."""
    start = np.arange(out) * stride - pad
    stop = np.minimum(start + kernel, size + pad)
    if with_pad:
        return stop - start
    return np.minimum(stop, size) - np.maximum(start, 0)


def avg_pool1d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    kernel_size: Size,
    stride: Size | None = None,
    padding: Size = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> Tensor:
    """The mean of each window of (N, C, L) or (C, L) ``input``, PyTorch's ``F.avg_pool1d``.

    >>> avg_pool1d(Tensor([[[1.0, 3.0, 2.0, 6.0]]]), 2)
    Tensor([[[2., 4.]]])
    """
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, None, 1)


def avg_pool2d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    kernel_size: Size,
    stride: Size | None = None,
    padding: Size = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> Tensor:
    """The mean of each (kH, kW) window of (N, C, H, W) or (C, H, W) ``input``, PyTorch's
    ``F.avg_pool2d``: zero padding counted in the divisor when ``count_include_pad``, never the
    part of a ``ceil_mode`` window past the padding; ``divisor_override`` replaces the divisor.

    >>> x = Tensor(np.ones((1, 1, 3, 3), np.float32))
    >>> avg_pool2d(x, 2, padding=1)[0, 0]  # corners see one pixel of four
    Tensor([[0.25, 0.5 ],
            [0.5 , 1.  ]])
    """
    return _avg_pool(
        input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 2
    )


def avg_pool3d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    kernel_size: Size,
    stride: Size | None = None,
    padding: Size = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> Tensor:
    """The mean of each (kD, kH, kW) window of (N, C, D, H, W) or (C, D, H, W) ``input``,
    PyTorch's ``F.avg_pool3d`` (arguments as ``avg_pool2d``'s).

    >>> avg_pool3d(Tensor(np.ones((1, 1, 2, 2, 2), np.float32)), 2, padding=1)[0, 0, 0]
    Tensor([[0.125, 0.125],
            [0.125, 0.125]])
    """
    return _avg_pool(
        input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 3
    )


def _adaptive_size(x: Tensor, output_size: OutputSize, dims: int, who: str) -> tuple[int, ...]:
    """The output size per spatial dimension, None entries replaced by the input's size."""
    sizes: tuple[int | None, ...]
    if output_size is None or isinstance(output_size, (int, np.integer)):
        sizes = (output_size,) * dims
    else:
        sizes = tuple(output_size)
    if len(sizes) != dims:
        raise RuntimeError(f"{who}: output_size must be {dims}, got output_size={output_size!r}")
    spatial = x.shape[-dims:]
    result = tuple(
        size if wanted is None else int(wanted) for wanted, size in zip(sizes, spatial, strict=True)
    )
    if min(result, default=0) < 0:
        raise RuntimeError(f"{who}: elements of output_size must be >= 0, got {result}")
    return result


def _adaptive_input(x: Tensor, dims: int, who: str) -> None:
    if x.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(
            f"{who}(): expected {dims + 1}D or {dims + 2}D tensor, but got {_shape(x.shape)}"
        )
    if 0 in x.shape[-dims - 1 :]:
        raise RuntimeError(
            f"{who}(): expected input to have non-zero size for non-batch dimensions, but input "
            f"has sizes {_shape(x.shape)}"
        )


def _adaptive_avg(input: TensorLike, output_size: OutputSize, dims: int) -> Tensor:  # noqa: A002
    who = f"adaptive_avg_pool{dims}d"
    x = to_tensor(input)
    _adaptive_input(x, dims, who)
    return adaptive_average(x, _adaptive_size(x, output_size, dims, who))


def adaptive_avg_pool1d(input: TensorLike, output_size: OutputSize) -> Tensor:  # noqa: A002
    """The mean over PyTorch's adaptive windows of (N, C, L) or (C, L) ``input``: output i of m
    averages [floor(i L / m), ceil((i + 1) L / m)), PyTorch's ``F.adaptive_avg_pool1d``.

    >>> adaptive_avg_pool1d(Tensor([[[1.0, 2.0, 3.0, 4.0, 5.0]]]), 2)
    Tensor([[[2., 4.]]])
    """
    return _adaptive_avg(input, output_size, 1)


def adaptive_avg_pool2d(input: TensorLike, output_size: OutputSize) -> Tensor:  # noqa: A002
    """The mean over PyTorch's adaptive windows of (N, C, H, W) or (C, H, W) ``input``, to an
    output of ``output_size`` (an int, or (out_h, out_w) with None keeping a size), PyTorch's
    ``F.adaptive_avg_pool2d``. ``output_size=1`` is global average pooling.

    >>> x = Tensor(np.arange(16.0, dtype=np.float32).reshape(1, 1, 4, 4))
    >>> adaptive_avg_pool2d(x, 1)
    Tensor([[[[7.5]]]])
    >>> adaptive_avg_pool2d(x, (None, 2)).shape
    (1, 1, 4, 2)
    """
    return _adaptive_avg(input, output_size, 2)


def adaptive_avg_pool3d(input: TensorLike, output_size: OutputSize) -> Tensor:  # noqa: A002
    """The mean over PyTorch's adaptive windows of (N, C, D, H, W) or (C, D, H, W) ``input``,
    PyTorch's ``F.adaptive_avg_pool3d``.

    >>> adaptive_avg_pool3d(Tensor(np.ones((1, 2, 5, 4, 3), np.float32)), (2, None, 1)).shape
    (1, 2, 2, 4, 1)
    """
    return _adaptive_avg(input, output_size, 3)


def _adaptive_max(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    output_size: OutputSize,
    return_indices: bool,
    dims: int,
) -> Tensor | tuple[Tensor, Tensor]:
    who = f"adaptive_max_pool{dims}d"
    x = to_tensor(input)
    _adaptive_input(x, dims, who)
    sizes = _adaptive_size(x, output_size, dims, who)
    x, unbatched = _planes(x, dims, who)
    spatial = x.shape[2:]
    windows_per_dim = [_adaptive_positions(n, m) for n, m in zip(spatial, sizes, strict=True)]
    longest = tuple(positions.shape[1] for positions, _ in windows_per_dim)

    def spread(array: np.ndarray, d: int) -> np.ndarray:
        """An (out_d, longest_d) array placed on axes d and dims + d of 2 * dims axes."""
        shape = [1] * (2 * dims)
        shape[d], shape[dims + d] = array.shape
        return array.reshape(shape)

    index = tuple(spread(positions, d) for d, (positions, _) in enumerate(windows_per_dim))
    valid = functools.reduce(
        np.logical_and, [spread(ok, d) for d, (_, ok) in enumerate(windows_per_dim)]
    )
    every: tuple[slice | np.ndarray, ...] = (slice(None), slice(None), *index)
    values = x.data[every]  # (N, C, *out, *longest)
    flat = (*values.shape[: 2 + dims], -1)
    offset = _first_max(
        values.reshape(flat), np.broadcast_to(valid, values.shape[2:]).reshape(flat[2:]), axis=-1
    )  # (N, C, *out)
    within = np.unravel_index(offset, longest)
    picked = []
    for d, (positions, _) in enumerate(windows_per_dim):
        rows = np.arange(sizes[d]).reshape((1, 1) + (1,) * d + (-1,) + (1,) * (dims - d - 1))
        picked.append(positions[rows, within[d]])
    batch, channels = x.shape[:2]
    n = np.arange(batch).reshape((batch,) + (1,) * (dims + 1))
    c = np.arange(channels).reshape((1, channels) + (1,) * dims)
    gather: tuple[np.ndarray, ...] = (n, c, *picked)
    out = _restore(x[gather], unbatched)
    if not return_indices:
        return out
    indices = np.ravel_multi_index(tuple(np.broadcast_arrays(*picked)), spatial)
    return out, _restore(from_numpy(indices.astype(np.int64)), unbatched)


def _adaptive_positions(size: int, wanted: int) -> tuple[np.ndarray, np.ndarray]:
    """Each adaptive window's positions, padded to the longest window by repeating its last
    position, and which of them are its own."""
    spans = adaptive_windows(size, wanted)
    longest = max((stop - start for start, stop in spans), default=1)
    starts = np.array([start for start, _ in spans], dtype=np.int64).reshape(-1, 1)
    stops = np.array([stop for _, stop in spans], dtype=np.int64).reshape(-1, 1)
    positions = starts + np.arange(longest)
    return np.minimum(positions, stops - 1), positions < stops


def adaptive_max_pool1d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    output_size: OutputSize,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """The maximum over PyTorch's adaptive windows of (N, C, L) or (C, L) ``input``, PyTorch's
    ``F.adaptive_max_pool1d``.

    >>> adaptive_max_pool1d(Tensor([[[1.0, 5.0, 3.0, 4.0, 2.0]]]), 2)
    Tensor([[[5., 4.]]])
    """
    return _adaptive_max(input, output_size, return_indices, 1)


def adaptive_max_pool2d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    output_size: OutputSize,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """The maximum over PyTorch's adaptive windows of (N, C, H, W) or (C, H, W) ``input``,
    PyTorch's ``F.adaptive_max_pool2d`` (indices flat per plane, as ``max_pool2d``'s).

    >>> adaptive_max_pool2d(
    ...     Tensor(np.arange(9.0, dtype=np.float32).reshape(1, 1, 3, 3)), 2, return_indices=True
    ... )
    (Tensor([[[[4., 5.],
              [7., 8.]]]]), Tensor([[[[4, 5],
              [7, 8]]]], dtype=int64))
    """
    return _adaptive_max(input, output_size, return_indices, 2)


def adaptive_max_pool3d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    output_size: OutputSize,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """The maximum over PyTorch's adaptive windows of (N, C, D, H, W) or (C, D, H, W)
    ``input``, PyTorch's ``F.adaptive_max_pool3d`` (indices flat per volume).

    >>> x = Tensor(np.arange(8.0, dtype=np.float32).reshape(1, 1, 2, 2, 2))
    >>> adaptive_max_pool3d(x, 1, return_indices=True)
    (Tensor([[[[[7.]]]]]), Tensor([[[[[7]]]]], dtype=int64))
    """
    return _adaptive_max(input, output_size, return_indices, 3)


# ---------------------------------------------------------------- layers
class _MaxPoolNd(Module):
    dims = 2

    def __init__(
        self,
        kernel_size: Size,
        stride: Size | None = None,
        padding: Size = 0,
        dilation: Size = 1,
        return_indices: bool = False,
        ceil_mode: bool = False,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None or stride == [] else stride
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input: TensorLike) -> Tensor | tuple[Tensor, Tensor]:  # noqa: A002
        return _max_pool(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            self.ceil_mode,
            self.return_indices,
            self.dims,
        )

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class MaxPool1d(_MaxPoolNd):
    """``max_pool1d`` with its arguments fixed at construction, PyTorch's ``nn.MaxPool1d``.

    >>> MaxPool1d(3, stride=2)
    MaxPool1d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)
    """

    dims = 1


class MaxPool2d(_MaxPoolNd):
    """``max_pool2d`` with its arguments fixed at construction, PyTorch's ``nn.MaxPool2d``:
    the maximum of each window of (N, C, H, W) inputs; the gradient goes to each window's first
    maximum.

    >>> pool = MaxPool2d(2)
    >>> pool
    MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
    >>> pool(np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4))
    Tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """

    dims = 2


class MaxPool3d(_MaxPoolNd):
    """``max_pool3d`` with its arguments fixed at construction, PyTorch's ``nn.MaxPool3d``.

    >>> MaxPool3d(2)(np.zeros((1, 1, 4, 4, 4), np.float32)).shape
    (1, 1, 2, 2, 2)
    """

    dims = 3


class _AvgPoolNd(Module):
    """What the average pools share: the arguments of ``avg_pool{dims}d``, fixed."""

    dims = 2

    def __init__(
        self,
        kernel_size: Size,
        stride: Size | None = None,
        padding: Size = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        divisor_override: int | None = None,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None or stride == [] else stride
        self.padding = padding
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input: TensorLike) -> Tensor:  # noqa: A002 - PyTorch's name
        return _avg_pool(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
            self.divisor_override,
            self.dims,
        )

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(_AvgPoolNd):
    """``avg_pool1d`` with its arguments fixed at construction, PyTorch's ``nn.AvgPool1d``
    (which, as PyTorch's, keeps its sizes as 1-tuples and has no ``divisor_override``).

    >>> AvgPool1d(2)
    AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))
    """

    dims = 1

    def __init__(
        self,
        kernel_size: Size,
        stride: Size | None = None,
        padding: Size = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
    ) -> None:
        kernel = ntuple(kernel_size, 1, "kernel_size", "AvgPool1d")
        strides = kernel if stride is None else ntuple(stride, 1, "stride", "AvgPool1d")
        pads = ntuple(padding, 1, "padding", "AvgPool1d")
        super().__init__(kernel, strides, pads, ceil_mode, count_include_pad)


class AvgPool2d(_AvgPoolNd):
    """``avg_pool2d`` with its arguments fixed at construction, PyTorch's ``nn.AvgPool2d``.

    >>> AvgPool2d(3, stride=1, padding=1)
    AvgPool2d(kernel_size=3, stride=1, padding=1)
    >>> AvgPool2d(2)(np.ones((1, 1, 4, 4), np.float32)).shape
    (1, 1, 2, 2)
    """

    dims = 2


class AvgPool3d(_AvgPoolNd):
    """``avg_pool3d`` with its arguments fixed at construction, PyTorch's ``nn.AvgPool3d``.

    >>> AvgPool3d((1, 2, 2))(np.ones((1, 1, 3, 4, 4), np.float32)).shape
    (1, 1, 3, 2, 2)
    """

    dims = 3


class _AdaptivePool(Module):
    dims = 2

    def __init__(self, output_size: OutputSize) -> None:
        super().__init__()
        self.output_size = output_size

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class _AdaptiveAvgPool(_AdaptivePool):
    def forward(self, input: TensorLike) -> Tensor:  # noqa: A002 - PyTorch's name
        return _adaptive_avg(input, self.output_size, self.dims)


class AdaptiveAvgPool1d(_AdaptiveAvgPool):
    """``adaptive_avg_pool1d`` to a fixed ``output_size``, PyTorch's ``nn.AdaptiveAvgPool1d``.

    >>> AdaptiveAvgPool1d(1)(np.ones((2, 3, 7), np.float32)).shape
    (2, 3, 1)
    """

    dims = 1


class AdaptiveAvgPool2d(_AdaptiveAvgPool):
    """``adaptive_avg_pool2d`` to a fixed ``output_size``, PyTorch's ``nn.AdaptiveAvgPool2d``.

    >>> AdaptiveAvgPool2d((None, 3))
    AdaptiveAvgPool2d(output_size=(None, 3))
    >>> AdaptiveAvgPool2d(1)(np.ones((2, 3, 7, 5), np.float32)).shape
    (2, 3, 1, 1)
    """

    dims = 2


class AdaptiveAvgPool3d(_AdaptiveAvgPool):
    """``adaptive_avg_pool3d`` to a fixed ``output_size``, PyTorch's ``nn.AdaptiveAvgPool3d``.

    >>> AdaptiveAvgPool3d(1)(np.ones((2, 3, 4, 5, 6), np.float32)).shape
    (2, 3, 1, 1, 1)
    """

    dims = 3


class _AdaptiveMaxPool(_AdaptivePool):
    def __init__(self, output_size: OutputSize, return_indices: bool = False) -> None:
        super().__init__(output_size)
        self.return_indices = return_indices

    def forward(self, input: TensorLike) -> Tensor | tuple[Tensor, Tensor]:  # noqa: A002
        return _adaptive_max(input, self.output_size, self.return_indices, self.dims)


class AdaptiveMaxPool1d(_AdaptiveMaxPool):
    """``adaptive_max_pool1d`` to a fixed ``output_size``, PyTorch's ``nn.AdaptiveMaxPool1d``.

    >>> AdaptiveMaxPool1d(2)(np.ones((2, 3, 7), np.float32)).shape
    (2, 3, 2)
    """

    dims = 1


class AdaptiveMaxPool2d(_AdaptiveMaxPool):
    """``adaptive_max_pool2d`` to a fixed ``output_size``, PyTorch's ``nn.AdaptiveMaxPool2d``.

    >>> AdaptiveMaxPool2d((2, 2))(np.ones((2, 3, 7, 5), np.float32)).shape
    (2, 3, 2, 2)
    """

    dims = 2


class AdaptiveMaxPool3d(_AdaptiveMaxPool):
    """``adaptive_max_pool3d`` to a fixed ``output_size``, PyTorch's ``nn.AdaptiveMaxPool3d``.

    >>> AdaptiveMaxPool3d((1, 2, 2))(np.ones((2, 3, 4, 5, 6), np.float32)).shape
    (2, 3, 1, 2, 2)
    """

    dims = 3
