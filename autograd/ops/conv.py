"""Sliding-window primitives: ``Unfold`` (im2col) and ``Fold`` (col2im), each other's adjoint,
over any number of spatial dimensions.

A convolution is ``Unfold`` then one matrix product with the weight; a transposed convolution is
a matrix product then ``Fold``; pooling reduces over the unfolded windows. Both ops are linear,
so each one's backward (and forward rule) is the other (or itself) applied to the gradient.

They exist for speed: the same windows can be gathered by integer-array indexing (``GetItem``),
but its backward scatters with ``np.add.at``; ``Fold`` adds one strided slice per kernel offset.

Arrays are (N, C, *spatial), e.g. (N, C, L), (N, C, H, W) or (N, C, D, H, W); the unfolded form
is (N, C * prod(kernel), L) with L the number of blocks, PyTorch's ``F.unfold`` layout (channel
slowest, then the kernel offsets in row-major order), and blocks in row-major order too.

>>> import numpy as np
>>> from autograd import Tensor
>>> x = Tensor(np.arange(9.0).reshape(1, 1, 3, 3), requires_grad=True)
>>> cols = Unfold.apply(x, kernel=(2, 2), dilation=(1, 1), padding=((0, 0), (0, 0)), stride=(1, 1))
>>> cols.shape  # 4 kernel offsets, 2 x 2 blocks
(1, 4, 4)
>>> cols.sum().backward()
>>> x.grad[0, 0]  # how many blocks see each pixel
array([[1., 2., 1.],
       [2., 4., 2.],
       [1., 2., 1.]])
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

import numpy as np

from ..errors import ShapeError
from ..tensor import Tensor
from .base import Op

__all__ = ["Fold", "Unfold", "blocks", "windows"]

Sizes = tuple[int, ...]  # one entry per spatial dimension
Padding = tuple[tuple[int, int], ...]  # (before, after) per spatial dimension


def _planes(spatial: Iterable[slice | int]) -> tuple[slice | int, ...]:
    """An index of every batch entry and channel, then ``spatial``."""
    return (slice(None), slice(None), *spatial)


def _inside(size: Sequence[int], padding: Padding) -> tuple[slice | int, ...]:
    """The index of the unpadded part of a padded (N, C, *spatial) array."""
    return _planes(slice(p[0], p[0] + n) for n, p in zip(size, padding, strict=True))


def blocks(
    size: Sequence[int], kernel: Sizes, dilation: Sizes, padding: Padding, stride: Sizes
) -> Sizes:
    """How many windows fit along each dimension (may be < 1: the caller says why).

    >>> blocks((5, 5), (3, 3), (1, 1), ((1, 1), (1, 1)), (2, 2))
    (3, 3)
    """
    return tuple(
        (n + sum(p) - d * (k - 1) - 1) // s + 1
        for n, k, d, p, s in zip(size, kernel, dilation, padding, stride, strict=True)
    )


def windows(
    x: np.ndarray,
    kernel: Sizes,
    dilation: Sizes,
    padding: Padding,
    stride: Sizes,
    fill: float = 0.0,
) -> np.ndarray:
    """A read-only strided view (N, C, *kernel, *blocks) of every window of ``x`` (N, C,
    *spatial), after padding it with ``fill``: in 2-D, entry [n, c, i, j, a, b] is padded pixel
    (a * stride_h + i * dilation_h, b * stride_w + j * dilation_w).

    >>> windows(np.arange(4.0).reshape(1, 1, 2, 2), (2, 2), (1, 1), ((0, 0), (0, 0)), (1, 1))[
    ...     0, 0, :, :, 0, 0
    ... ]
    array([[0., 1.],
           [2., 3.]])
    """
    if any(before or after for before, after in padding):
        shape = x.shape[:2] + tuple(n + sum(p) for n, p in zip(x.shape[2:], padding, strict=True))
        padded = np.full(shape, fill, dtype=x.dtype)
        padded[_inside(x.shape[2:], padding)] = x
        x = padded
    out = blocks(x.shape[2:], kernel, dilation, ((0, 0),) * len(kernel), stride)
    spatial = x.strides[2:]
    return np.lib.stride_tricks.as_strided(
        x,
        x.shape[:2] + tuple(kernel) + out,
        x.strides[:2]
        + tuple(s * d for s, d in zip(spatial, dilation, strict=True))
        + tuple(s * step for s, step in zip(spatial, stride, strict=True)),
        writeable=False,
    )


class Unfold(Op):
    # im2col: (N, C, *spatial) -> (N, C * prod(kernel), L), every window's pixels as one
    # column. Linear: its tangent is the unfolded tangent, and its gradient folds back
    # (overlaps add up)
    rule = "∂x = fold(g): each column entry is added back to the pixel it was copied from"
    saves_inputs = False
    kernel: Sizes
    dilation: Sizes
    padding: Padding
    stride: Sizes

    def forward(self, x: np.ndarray) -> np.ndarray:
        dims = len(self.kernel)
        if x.ndim != dims + 2:
            raise ShapeError(
                f"unfold: expected input of shape (N, C, *spatial) with {dims} spatial "
                f"dimensions for kernel {self.kernel}, got {x.shape}"
            )
        out = blocks(x.shape[2:], self.kernel, self.dilation, self.padding, self.stride)
        if min(out) < 1:
            raise ShapeError(
                f"unfold: kernel {self.kernel} (dilation {self.dilation}) does not fit input "
                f"{x.shape} padded by {self.padding}"
            )
        view = windows(x, self.kernel, self.dilation, self.padding, self.stride)
        result = np.empty(view.shape, dtype=x.dtype)  # one copy, never a view of x
        np.copyto(result, view)
        return result.reshape(x.shape[0], -1, math.prod(out))

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        (x,) = self.inputs
        return (Fold.apply(grad, size=x.shape[2:], **self.args),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else Unfold.apply(tangent, **self.args)


class Fold(Op):
    # col2im: (N, C * prod(kernel), L) -> (N, C, *size), each column entry added into the
    # pixel its window covers, then the padding cropped. Linear, the adjoint of Unfold
    rule = "∂cols = unfold(g): each column entry gets the gradient of the pixel it was added to"
    saves_inputs = False
    size: Sizes  # the spatial size of the result, without the padding
    kernel: Sizes
    dilation: Sizes
    padding: Padding
    stride: Sizes

    def forward(self, cols: np.ndarray) -> np.ndarray:
        out = blocks(self.size, self.kernel, self.dilation, self.padding, self.stride)
        area, count = math.prod(self.kernel), math.prod(max(o, 0) for o in out)
        if cols.ndim != 3 or cols.shape[1] % area or cols.shape[2] != count or min(out) < 1:
            raise ShapeError(
                f"fold: expected input of shape (N, C * {area}, {count}) for kernel "
                f"{self.kernel} and output size {self.size}, got {cols.shape}"
            )
        batch, channels = cols.shape[0], cols.shape[1] // area
        padded = tuple(n + sum(p) for n, p in zip(self.size, self.padding, strict=True))
        result = np.zeros((batch, channels, *padded), dtype=cols.dtype)
        parts = cols.reshape(batch, channels, *self.kernel, *out)
        spans = [s * (o - 1) + 1 for s, o in zip(self.stride, out, strict=True)]
        for offset in itertools.product(*(range(k) for k in self.kernel)):
            starts = [i * d for i, d in zip(offset, self.dilation, strict=True)]
            target = _planes(
                slice(start, start + span, s)
                for start, span, s in zip(starts, spans, self.stride, strict=True)
            )
            result[target] += parts[_planes(offset)]
        if any(before or after for before, after in self.padding):
            result = np.ascontiguousarray(result[_inside(self.size, self.padding)])
        return result

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (Unfold.apply(grad, **_window_args(self)),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else Fold.apply(tangent, **self.args)


def _window_args(op: Fold) -> dict[str, object]:
    """The window geometry of a Fold, as Unfold takes it."""
    return {
        "kernel": op.kernel,
        "dilation": op.dilation,
        "padding": op.padding,
        "stride": op.stride,
    }
