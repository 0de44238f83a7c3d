"""Pooling, PyTorch's: ``max_pool1d/2d``, ``avg_pool1d/2d``, ``adaptive_avg_pool1d/2d``,
``adaptive_max_pool1d/2d`` and their layers.

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
    "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d",
    "AvgPool1d",
    "AvgPool2d",
    "MaxPool1d",
    "MaxPool2d",
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "avg_pool1d",
    "avg_pool2d",
    "max_pool1d",
    "max_pool2d",
]

Size = int | Sequence[int]
"""A size per spatial dimension (kernel, stride, padding, dilation): one int stands for all."""

OutputSize = int | None | Sequence[int | None]
"""An adaptive pool's output size: one int for every dimension, or one per dimension, where
None keeps the input's size."""


def _shape(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join(map(str, shape)) + "]"


def _planes(x: Tensor, dims: int, who: str) -> tuple[Tensor, bool]:
    """(N, C, H, W) from a batched or unbatched input of ``dims`` spatial dimensions (a 1-D
    input gets a height of 1), and whether the batch dimension was added."""
    if x.ndim not in (dims + 1, dims + 2) or 0 in x.shape[-dims - 1 :]:
        raise RuntimeError(
            f"{who}: expected a non-empty {dims + 1}D (unbatched) or {dims + 2}D (batched) "
            f"input, but got input of size {_shape(x.shape)}"
        )
    unbatched = x.ndim == dims + 1
    if unbatched:
        x = x.unsqueeze(0)
    return (x.unsqueeze(2) if dims == 1 else x), unbatched


def _restore(out: Tensor, dims: int, unbatched: bool) -> Tensor:
    if dims == 1:
        out = out.squeeze(2)
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


Geometry = tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int]]


def _geometry(
    x: Tensor,
    kernel_size: Size,
    stride: Size | None,
    padding: Size,
    dilation: Size,
    ceil_mode: bool,
    dims: int,
    who: str,
) -> tuple[Geometry, tuple[int, int]]:
    """((kernel, stride, padding, dilation), (out_h, out_w)) as pairs for the 2-D form."""
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
    if dims == 1:
        kernel, strides, pads, dilations = (1, *kernel), (1, *strides), (0, *pads), (1, *dilations)
    height, width = x.shape[2:]
    out = tuple(
        _output_length(size, k, p, s, d, ceil_mode)
        for size, k, p, s, d in zip((height, width), kernel, pads, strides, dilations, strict=True)
    )
    if min(out) < 1:
        given = "x".join(map(str, x.shape[1:] if dims == 2 else (x.shape[1], width)))
        calculated = "x".join(map(str, (x.shape[1], *out) if dims == 2 else (x.shape[1], out[1])))
        raise RuntimeError(
            f"{who}: given input size: ({given}). Calculated output size: ({calculated}). "
            f"Output size is too small"
        )
    pair = (kernel[0], kernel[1]), (strides[0], strides[1]), (pads[0], pads[1])
    return (*pair, (dilations[0], dilations[1])), (out[0], out[1])


def _window_padding(
    size: tuple[int, int], geometry: Geometry, out: tuple[int, int]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """((top, bottom), (left, right)): the pads, plus what ceil_mode's last window hangs over."""
    kernel, stride, pads, dilation = geometry
    extra = [
        max(0, (o - 1) * s + d * (k - 1) + 1 - (n + 2 * p))
        for o, s, d, k, n, p in zip(out, stride, dilation, kernel, size, pads, strict=True)
    ]
    return (pads[0], pads[0] + extra[0]), (pads[1], pads[1] + extra[1])


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


def _gather(x: Tensor, rows: np.ndarray, cols: np.ndarray) -> tuple[Tensor, np.ndarray]:
    """x[n, c, rows[n, c, ...], cols[n, c, ...]] and the flat per-plane indices."""
    batch, channels, _, width = x.shape
    extra = (1,) * (rows.ndim - 2)
    n = np.arange(batch).reshape(batch, 1, *extra)
    c = np.arange(channels).reshape(1, channels, *extra)
    return x[n, c, rows, cols], rows * width + cols


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
    geometry, (out_h, out_w) = _geometry(
        x, kernel_size, stride, padding, dilation, ceil_mode, dims, who
    )
    kernel, strides, pads, dilations = geometry
    batch, channels, height, width = x.shape
    window_pads = _window_padding((height, width), geometry, (out_h, out_w))
    area, blocks = kernel[0] * kernel[1], out_h * out_w
    # every window as a row of the unfolded planes: (N * C, L, kh * kw)
    cols = Unfold.apply(
        x.reshape(batch * channels, 1, height, width),
        kernel=kernel,
        dilation=dilations,
        padding=window_pads,
        stride=strides,
    )  # (N * C, kh * kw, L): each window's pixels down a column
    inside = windows(np.ones((1, 1, height, width), bool), kernel, dilations, window_pads, strides)
    offset = _first_max(cols.data, inside.reshape(area, blocks), axis=1)  # (N * C, L)
    # each window keeps its maximum, zeros elsewhere, summed: the gradient is selected back
    # to the maxima (no scatter), and an inf or NaN elsewhere in the window stays out
    picks = offset[:, None, :] == np.arange(area)[None, :, None]
    out = where(picks, cols, 0.0).sum(axis=1).reshape(batch, channels, out_h, out_w)
    out = _restore(out, dims, unbatched)
    if not return_indices:
        return out
    block = np.arange(blocks)
    rows = block // out_w * strides[0] - pads[0] + offset // kernel[1] * dilations[0]
    cols_index = block % out_w * strides[1] - pads[1] + offset % kernel[1] * dilations[1]
    indices = (rows * width + cols_index).reshape(batch, channels, out_h, out_w)
    index_tensor = _restore(from_numpy(indices.astype(np.int64)), dims, unbatched)
    return out, index_tensor


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
    geometry, (out_h, out_w) = _geometry(x, kernel_size, stride, padding, 1, ceil_mode, dims, who)
    kernel, strides, pads, _ = geometry
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError(f"{who}: divisor must be not zero")
    batch, channels, height, width = x.shape
    planes = x.reshape(batch * channels, 1, height, width)
    cols = Unfold.apply(
        planes,
        kernel=kernel,
        dilation=(1, 1),
        padding=_window_padding((height, width), geometry, (out_h, out_w)),
        stride=strides,
    )
    sums = cols.sum(axis=1).reshape(batch, channels, out_h, out_w)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float32)
    if divisor_override is not None:
        divisor = np.full((out_h, out_w), divisor_override, dtype=dtype)
    else:
        divisor = np.outer(
            _counts(height, out_h, kernel[0], strides[0], pads[0], count_include_pad),
            _counts(width, out_w, kernel[1], strides[1], pads[1], count_include_pad),
        ).astype(dtype)
    return _restore(sums / from_numpy(divisor), dims, unbatched)


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


def adaptive_avg_pool1d(input: TensorLike, output_size: OutputSize) -> Tensor:  # noqa: A002
    """The mean over PyTorch's adaptive windows of (N, C, L) or (C, L) ``input``: output i of m
    averages [floor(i L / m), ceil((i + 1) L / m)), PyTorch's ``F.adaptive_avg_pool1d``.

    >>> adaptive_avg_pool1d(Tensor([[[1.0, 2.0, 3.0, 4.0, 5.0]]]), 2)
    Tensor([[[2., 4.]]])
    """
    x = to_tensor(input)
    _adaptive_input(x, 1, "adaptive_avg_pool1d")
    return adaptive_average(x, _adaptive_size(x, output_size, 1, "adaptive_avg_pool1d"))


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
    x = to_tensor(input)
    _adaptive_input(x, 2, "adaptive_avg_pool2d")
    return adaptive_average(x, _adaptive_size(x, output_size, 2, "adaptive_avg_pool2d"))


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
    out_h, out_w = (1, sizes[0]) if dims == 1 else sizes
    height, width = x.shape[2:]
    rows, row_valid = _adaptive_positions(height, out_h)  # (out_h, longest window)
    cols, col_valid = _adaptive_positions(width, out_w)
    values = x.data[:, :, rows[:, None, :, None], cols[None, :, None, :]]
    valid = row_valid[:, None, :, None] & col_valid[None, :, None, :]
    span_w = cols.shape[1]
    shape = (*values.shape[:4], -1)
    offset = _first_max(
        values.reshape(shape), np.broadcast_to(valid, values.shape).reshape(shape), axis=-1
    )
    picked_rows = rows[np.arange(out_h)[:, None], offset // span_w]
    picked_cols = cols[np.arange(out_w)[None, :], offset % span_w]
    out, indices = _gather(x, picked_rows, picked_cols)
    out = _restore(out, dims, unbatched)
    if not return_indices:
        return out
    return out, _restore(from_numpy(indices.astype(np.int64)), dims, unbatched)


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


class AvgPool1d(Module):
    """``avg_pool1d`` with its arguments fixed at construction, PyTorch's ``nn.AvgPool1d``.

    >>> AvgPool1d(2)
    AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))
    """

    def __init__(
        self,
        kernel_size: Size,
        stride: Size | None = None,
        padding: Size = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
    ) -> None:
        super().__init__()
        self.kernel_size = ntuple(kernel_size, 1, "kernel_size", "AvgPool1d")
        self.stride = (
            self.kernel_size if stride is None else ntuple(stride, 1, "stride", "AvgPool1d")
        )
        self.padding = ntuple(padding, 1, "padding", "AvgPool1d")
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, input: TensorLike) -> Tensor:  # noqa: A002 - PyTorch's name
        return avg_pool1d(
            input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
            self.count_include_pad,
        )  # fmt: skip

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool2d(Module):
    """``avg_pool2d`` with its arguments fixed at construction, PyTorch's ``nn.AvgPool2d``.

    >>> AvgPool2d(3, stride=1, padding=1)
    AvgPool2d(kernel_size=3, stride=1, padding=1)
    >>> AvgPool2d(2)(np.ones((1, 1, 4, 4), np.float32)).shape
    (1, 1, 2, 2)
    """

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
        return avg_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
            self.divisor_override,
        )

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class _AdaptivePool(Module):
    def __init__(self, output_size: OutputSize) -> None:
        super().__init__()
        self.output_size = output_size

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_AdaptivePool):
    """``adaptive_avg_pool1d`` to a fixed ``output_size``, PyTorch's ``nn.AdaptiveAvgPool1d``.

    >>> AdaptiveAvgPool1d(1)(np.ones((2, 3, 7), np.float32)).shape
    (2, 3, 1)
    """

    def forward(self, input: TensorLike) -> Tensor:  # noqa: A002 - PyTorch's name
        return adaptive_avg_pool1d(input, self.output_size)


class AdaptiveAvgPool2d(_AdaptivePool):
    """``adaptive_avg_pool2d`` to a fixed ``output_size``, PyTorch's ``nn.AdaptiveAvgPool2d``.

    >>> AdaptiveAvgPool2d((None, 3))
    AdaptiveAvgPool2d(output_size=(None, 3))
    >>> AdaptiveAvgPool2d(1)(np.ones((2, 3, 7, 5), np.float32)).shape
    (2, 3, 1, 1)
    """

    def forward(self, input: TensorLike) -> Tensor:  # noqa: A002 - PyTorch's name
        return adaptive_avg_pool2d(input, self.output_size)


class _AdaptiveMaxPool(_AdaptivePool):
    dims = 2

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
