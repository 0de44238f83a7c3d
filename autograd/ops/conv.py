"""Sliding-window primitives: ``Unfold`` (im2col) and ``Fold`` (col2im), each other's adjoint.

A convolution is ``Unfold`` then one matrix product with the weight; a transposed convolution is
a matrix product then ``Fold``; pooling reduces over the unfolded windows. Both ops are linear,
so each one's backward (and forward rule) is the other (or itself) applied to the gradient.

They exist for speed: the same windows can be gathered by integer-array indexing (``GetItem``),
but its backward scatters with ``np.add.at``; ``Fold`` adds one strided slice per kernel offset.

Arrays are (N, C, H, W); the unfolded form is (N, C * kh * kw, L) with L = out_h * out_w
blocks, PyTorch's ``F.unfold`` layout (channel slowest, then kernel row, then kernel column).

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

from collections.abc import Sequence

import numpy as np

from ..tensor import Tensor
from .base import Op

__all__ = ["Fold", "Unfold", "blocks", "windows"]

Pair = tuple[int, int]
Padding = tuple[Pair, Pair]  # ((top, bottom), (left, right))


def blocks(size: Pair, kernel: Pair, dilation: Pair, padding: Padding, stride: Pair) -> Pair:
    """How many windows fit along each dimension (may be < 1: the caller says why).

    >>> blocks((5, 5), (3, 3), (1, 1), ((1, 1), (1, 1)), (2, 2))
    (3, 3)
    """
    return (
        (size[0] + sum(padding[0]) - dilation[0] * (kernel[0] - 1) - 1) // stride[0] + 1,
        (size[1] + sum(padding[1]) - dilation[1] * (kernel[1] - 1) - 1) // stride[1] + 1,
    )


def windows(
    x: np.ndarray,
    kernel: Pair,
    dilation: Pair,
    padding: Padding,
    stride: Pair,
    fill: float = 0.0,
) -> np.ndarray:
    """A read-only strided view (N, C, kh, kw, out_h, out_w) of every window of ``x`` (N, C, H,
    W), after padding it with ``fill``: entry [n, c, i, j, a, b] is padded pixel
    (a * stride_h + i * dilation_h, b * stride_w + j * dilation_w).

    >>> windows(np.arange(4.0).reshape(1, 1, 2, 2), (2, 2), (1, 1), ((0, 0), (0, 0)), (1, 1))[
    ...     0, 0, :, :, 0, 0
    ... ]
    array([[0., 1.],
           [2., 3.]])
    """
    (top, bottom), (left, right) = padding
    if top or bottom or left or right:
        batch, channels, height, width = x.shape
        padded = np.full(
            (batch, channels, height + top + bottom, width + left + right), fill, dtype=x.dtype
        )
        padded[:, :, top : top + height, left : left + width] = x
        x = padded
    out_h = (x.shape[2] - dilation[0] * (kernel[0] - 1) - 1) // stride[0] + 1
    out_w = (x.shape[3] - dilation[1] * (kernel[1] - 1) - 1) // stride[1] + 1
    s_n, s_c, s_h, s_w = x.strides
    return np.lib.stride_tricks.as_strided(
        x,
        (x.shape[0], x.shape[1], kernel[0], kernel[1], out_h, out_w),
        (s_n, s_c, s_h * dilation[0], s_w * dilation[1], s_h * stride[0], s_w * stride[1]),
        writeable=False,
    )


class Unfold(Op):
    # im2col: (N, C, H, W) -> (N, C*kh*kw, L), every window's pixels as one column. Linear: its
    # tangent is the unfolded tangent, and its gradient folds back (overlaps add up)
    rule = "∂x = fold(g): each column entry is added back to the pixel it was copied from"
    saves_inputs = False
    kernel: Pair
    dilation: Pair
    padding: Padding
    stride: Pair

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.ndim != 4:
            raise ValueError(f"unfold: expected input of shape (N, C, H, W), got {x.shape}")
        out_h, out_w = blocks(x.shape[2:], self.kernel, self.dilation, self.padding, self.stride)
        if out_h < 1 or out_w < 1:
            raise ValueError(
                f"unfold: kernel {self.kernel} (dilation {self.dilation}) does not fit input "
                f"{x.shape} padded by {self.padding}"
            )
        view = windows(x, self.kernel, self.dilation, self.padding, self.stride)
        out = np.empty(view.shape, dtype=x.dtype)  # one copy, never a view of x
        np.copyto(out, view)
        return out.reshape(x.shape[0], -1, out_h * out_w)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        (x,) = self.inputs
        return (Fold.apply(grad, size=x.shape[2:], **self.args),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else Unfold.apply(tangent, **self.args)


class Fold(Op):
    # col2im: (N, C*kh*kw, L) -> (N, C, H, W), each column entry added into the pixel its window
    # covers, then the padding cropped. Linear, the adjoint of Unfold
    rule = "∂cols = unfold(g): each column entry gets the gradient of the pixel it was added to"
    saves_inputs = False
    size: Pair  # (H, W) of the result, without the padding
    kernel: Pair
    dilation: Pair
    padding: Padding
    stride: Pair

    def forward(self, cols: np.ndarray) -> np.ndarray:
        (kh, kw), (dh, dw), (sh, sw) = self.kernel, self.dilation, self.stride
        (top, bottom), (left, right) = self.padding
        out_h, out_w = blocks(self.size, self.kernel, self.dilation, self.padding, self.stride)
        area = kh * kw
        if cols.ndim != 3 or cols.shape[1] % area or cols.shape[2] != out_h * out_w:
            raise ValueError(
                f"fold: expected input of shape (N, C * {area}, {max(out_h, 0) * max(out_w, 0)}) "
                f"for kernel {self.kernel} and output size {self.size}, got {cols.shape}"
            )
        batch, channels = cols.shape[0], cols.shape[1] // area
        height, width = self.size[0] + top + bottom, self.size[1] + left + right
        out = np.zeros((batch, channels, height, width), dtype=cols.dtype)
        parts = cols.reshape(batch, channels, kh, kw, out_h, out_w)
        rows_span, cols_span = sh * (out_h - 1) + 1, sw * (out_w - 1) + 1
        for i in range(kh):
            for j in range(kw):
                row, col = i * dh, j * dw
                target = out[:, :, row : row + rows_span : sh, col : col + cols_span : sw]
                target += parts[:, :, i, j]
        if top or bottom or left or right:
            out = np.ascontiguousarray(out[:, :, top : height - bottom, left : width - right])
        return out

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
