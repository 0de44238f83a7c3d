"""Layout primitives: roll, diagonal, unfold, repeat_interleave, and their adjoints.

Each moves, copies or adds up entries, so every one is linear: its forward rule is
the op itself applied to the tangent, and its backward is its adjoint, another op of this file
(``Diagonal`` and ``DiagEmbed``, ``UnfoldDim`` and ``UnfoldDimBackward``,
``RepeatInterleave`` and ``SegmentSum``; ``Roll`` is its own adjoint with the shifts negated).
They are primitives rather than compositions because the compositions would be slow or
memory-heavy: a diagonal by an advanced index, an unfold by one slice per window, a repeat by
``np.add.at`` in its backward.

>>> import numpy as np
>>> from autograd import Tensor
>>> x = Tensor(np.arange(9.0).reshape(3, 3), requires_grad=True)
>>> Diagonal.apply(x, offset=0, dim1=0, dim2=1).sum().backward()
>>> x.grad
array([[1., 0., 0.],
       [0., 1., 0.],
       [0., 0., 1.]])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..tensor import Tensor
from .base import Op

__all__ = [
    "DiagEmbed",
    "Diagonal",
    "RepeatInterleave",
    "Roll",
    "SegmentSum",
    "UnfoldDim",
    "UnfoldDimBackward",
]


class Roll(Op):
    """Shift entries cyclically by ``shifts[i]`` along ``dims[i]`` (``dims=None``: over the
    flattened tensor, the shape kept).

    >>> Roll.apply(Tensor([1.0, 2.0, 3.0]), shifts=(1,), dims=None)
    Tensor([3., 1., 2.])
    """

    rule = "∂x = roll(g, -shifts, dims)"
    saves_inputs = False
    shifts: tuple[int, ...]
    dims: tuple[int, ...] | None

    def forward(self, x: np.ndarray) -> np.ndarray:
        if self.dims is None:
            return np.roll(x.reshape(-1), self.shifts[0]).reshape(x.shape)
        return np.roll(x, self.shifts, axis=self.dims)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        back = tuple(-shift for shift in self.shifts)
        return (Roll.apply(grad, shifts=back, dims=self.dims),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else Roll.apply(tangent, shifts=self.shifts, dims=self.dims)


class Diagonal(Op):
    """The diagonal ``offset`` of the planes ``(dim1, dim2)``, as a new last axis (NumPy's and
    PyTorch's order: the other axes keep theirs). ``dim1 != dim2``, both non-negative.

    >>> Diagonal.apply(Tensor([[1.0, 2.0], [3.0, 4.0]]), offset=1, dim1=0, dim2=1)
    Tensor([2.])
    """

    rule = "∂x = g placed on the diagonal of zeros of x's shape"
    saves_inputs = False
    offset: int
    dim1: int
    dim2: int

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.diagonal(x, self.offset, self.dim1, self.dim2).copy()

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (DiagEmbed.apply(grad, shape=self.inputs[0].shape, **self.args),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else Diagonal.apply(tangent, **self.args)


class DiagEmbed(Op):
    """Zeros of ``shape`` with ``x`` on the diagonal ``offset`` of the planes ``(dim1, dim2)``:
    the adjoint of ``Diagonal`` (``x``'s shape is what ``Diagonal`` makes of ``shape``).

    >>> DiagEmbed.apply(Tensor([1.0, 2.0]), shape=(2, 3), offset=1, dim1=0, dim2=1)
    Tensor([[0., 1., 0.],
            [0., 0., 2.]])
    """

    name = "diag_embed"
    rule = "∂x = diagonal(g, offset, dim1, dim2)"
    saves_inputs = False
    shape: tuple[int, ...]
    offset: int
    dim1: int
    dim2: int

    def forward(self, x: np.ndarray) -> np.ndarray:
        out = np.zeros(self.shape, dtype=x.dtype)
        planes = np.moveaxis(out, (self.dim1, self.dim2), (-2, -1))  # a writable view of out
        length = x.shape[-1]
        rows = np.arange(length) + max(-self.offset, 0)
        planes[..., rows, rows + self.offset] = x
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (Diagonal.apply(grad, offset=self.offset, dim1=self.dim1, dim2=self.dim2),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else DiagEmbed.apply(tangent, **self.args)


class UnfoldDim(Op):
    """``Tensor.unfold``: windows of ``size`` entries every ``step`` along ``dimension``; that
    axis becomes the window count and a new last axis of ``size`` holds each window.

    >>> UnfoldDim.apply(Tensor([1.0, 2.0, 3.0, 4.0]), dimension=0, size=2, step=2)
    Tensor([[1., 2.],
            [3., 4.]])
    """

    name = "unfold_dim"  # beside conv's Unfold (im2col): this one unfolds one dimension
    rule = "∂x = each window of g added back where it was taken from"
    saves_inputs = False
    dimension: int
    size: int
    step: int

    def forward(self, x: np.ndarray) -> np.ndarray:
        windows = np.lib.stride_tricks.sliding_window_view(x, self.size, axis=self.dimension)
        every = (slice(None),) * self.dimension + (slice(None, None, self.step),)
        return np.ascontiguousarray(windows[every])

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (UnfoldDimBackward.apply(grad, shape=self.inputs[0].shape, **self.args),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else UnfoldDim.apply(tangent, **self.args)


class UnfoldDimBackward(Op):
    """Zeros of ``shape`` with each window of ``x`` (as ``UnfoldDim`` took them) added back at
    its place; overlapping windows add up. The adjoint of ``UnfoldDim``.

    >>> UnfoldDimBackward.apply(
    ...     Tensor([[1.0, 1.0], [1.0, 1.0]]), shape=(3,), dimension=0, size=2, step=1
    ... )
    Tensor([1., 2., 1.])
    """

    name = "unfold_dim_backward"
    rule = "∂x = g.unfold(dimension, size, step)"
    saves_inputs = False
    shape: tuple[int, ...]
    dimension: int
    size: int
    step: int

    def forward(self, x: np.ndarray) -> np.ndarray:
        out = np.zeros(self.shape, dtype=x.dtype)
        lead = (slice(None),) * self.dimension
        count = x.shape[self.dimension]
        if self.size <= count:  # one strided slice per position within a window
            for k in range(self.size):
                stop = k + self.step * (count - 1) + 1
                out[lead + (slice(k, stop, self.step),)] += x[..., k]  # noqa: RUF005 - 3.10
        else:  # one slice per window
            for window in range(count):
                start = window * self.step
                piece = np.moveaxis(np.take(x, window, axis=self.dimension), -1, self.dimension)
                out[lead + (slice(start, start + self.size),)] += piece  # noqa: RUF005 - 3.10
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (UnfoldDim.apply(grad, dimension=self.dimension, size=self.size, step=self.step),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else UnfoldDimBackward.apply(tangent, **self.args)


class RepeatInterleave(Op):
    """Each entry along ``axis`` repeated ``repeats[i]`` times in place (``np.repeat``);
    ``repeats`` holds one non-negative count per entry.

    >>> RepeatInterleave.apply(Tensor([1.0, 2.0]), repeats=np.array([1, 2]), axis=0)
    Tensor([1., 2., 2.])
    """

    name = "repeat_interleave"
    rule = "∂x = g summed over each entry's run of copies"
    saves_inputs = False
    repeats: np.ndarray
    axis: int

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.repeat(x, self.repeats, axis=self.axis)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (SegmentSum.apply(grad, lengths=self.repeats, axis=self.axis),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else RepeatInterleave.apply(tangent, **self.args)


class SegmentSum(Op):
    """Sum consecutive runs of ``lengths[i]`` entries along ``axis`` (one length per result
    entry, a 1-D array; 0 gives 0): the adjoint of ``RepeatInterleave``.

    >>> SegmentSum.apply(Tensor([1.0, 2.0, 3.0]), lengths=np.array([1, 0, 2]), axis=0)
    Tensor([1., 0., 5.])
    """

    name = "segment_sum"
    rule = "∂x = g repeated lengths times along axis (repeat_interleave)"
    saves_inputs = False
    lengths: np.ndarray
    axis: int

    def forward(self, x: np.ndarray) -> np.ndarray:
        shape = list(x.shape)
        lengths = self.lengths
        if lengths.size and lengths[0] > 0 and (lengths == lengths[0]).all():
            # equal runs: a reshape and a sum, no index arrays
            shape[self.axis : self.axis + 1] = [lengths.size, int(lengths[0])]
            return x.reshape(shape).sum(axis=self.axis + 1)
        shape[self.axis] = lengths.size
        out = np.zeros(shape, dtype=x.dtype)
        filled = np.flatnonzero(lengths)
        if filled.size:  # reduceat sums from each start to the next: empty runs are left out
            starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[filled]
            sums = np.add.reduceat(x, starts, axis=self.axis)
            out[(slice(None),) * self.axis + (filled,)] = sums
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (RepeatInterleave.apply(grad, repeats=self.lengths, axis=self.axis),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else SegmentSum.apply(tangent, **self.args)
