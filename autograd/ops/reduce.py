"""Reductions, and their adjoint: broadcasting.

Summing and broadcasting are each other's backward: the gradient of a sum is broadcast back over
the summed axes, and the gradient of a broadcast (``Expand``, or any elementwise op whose inputs
broadcast) is summed back by ``unbroadcast``. So both live here, in one module.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import DimensionError, ShapeError
from ..tensor import Tensor
from .base import Op, constant
from .shape import IndexAdd, Reshape, select

__all__ = [
    "EmptyDimError",
    "EmptyInputError",
    "Expand",
    "Max",
    "Mean",
    "Min",
    "Sum",
    "empty_reduction_error",
    "unbroadcast",
]

Axes = tuple[int, ...] | None


class EmptyDimError(DimensionError):
    """A reduction with no identity (max, argmax, median...) over an axis of size 0. PyTorch
    raises an IndexError; earlier graphgrad a ValueError: ``except`` either catches it."""


class EmptyInputError(ShapeError, IndexError):
    """The same over all the axes of an empty tensor (PyTorch raises a RuntimeError, for
    argmax and argmin an IndexError; earlier graphgrad a ValueError)."""


def empty_reduction_error(name: str, shape: tuple[int, ...], axis: int | None) -> ValueError:
    """The error of reducing nothing: the op, the shape, the axis and the fix, with PyTorch's
    own words in it.

    >>> print(empty_reduction_error("amax", (0, 3), 0))
    amax: cannot reduce an empty tensor of shape (0, 3) over axis 0, of size 0 (an empty slice \
has no amax; PyTorch: "Expected reduction dim 0 to have non-zero size"); reduce another axis, or \
check the selection that made it empty
    """
    if axis is None:
        return EmptyInputError(
            f"{name}: cannot reduce an empty tensor of shape {shape} over all its axes (an "
            f'empty tensor has no {name}; PyTorch: "Expected reduction dim to be specified for '
            f'input.numel() == 0"); give dim= to reduce an axis that is not empty'
        )
    return EmptyDimError(
        f"{name}: cannot reduce an empty tensor of shape {shape} over axis {axis}, of size 0 "
        f'(an empty slice has no {name}; PyTorch: "Expected reduction dim {axis} to have '
        f'non-zero size"); reduce another axis, or check the selection that made it empty'
    )


def unbroadcast(grad: Tensor, shape: tuple[int, ...]) -> Tensor:
    """Sum ``grad`` over the axes that broadcasting added or stretched, giving ``shape``.

    The one place where broadcasting is undone: if ``x`` of shape (3, 1) met ``y`` of shape
    (2, 1, 4), the gradient of ``x`` is summed over axes 0 and 2 of the (2, 3, 4) gradient.

    >>> unbroadcast(Tensor(np.ones((2, 3, 4))), (3, 1)).data[:, 0]
    array([8., 8., 8.])
    """
    grad_shape = grad.data.shape
    if grad_shape == shape:
        return grad
    extra = len(grad_shape) - len(shape)
    stretched = [
        extra + i for i, size in enumerate(shape) if size == 1 and grad_shape[extra + i] != 1
    ]
    axes = (*range(extra), *stretched)
    # the op classes directly: shapes here are valid by construction, no need to re-check
    if axes:
        grad = Sum.apply(grad, axis=axes, keepdims=False)
    if grad.data.shape != shape:
        grad = Reshape.apply(grad, shape=shape)
    return grad


def _kept_shape(in_shape: tuple[int, ...], axis: Axes) -> tuple[int, ...]:
    """The shape of the reduction's result with keepdims=True."""
    if axis is None:
        return (1,) * len(in_shape)
    return tuple(1 if i in axis else size for i, size in enumerate(in_shape))


def _spread(grad: Tensor, in_shape: tuple[int, ...], axis: Axes) -> Tensor:
    """Reshape the upstream gradient to keepdims form and broadcast it over the input."""
    kept = _kept_shape(in_shape, axis)
    if grad.data.shape != kept:
        grad = Reshape.apply(grad, shape=kept)
    return Expand.apply(grad, shape=in_shape) if kept != in_shape else grad


class Expand(Op):
    rule = "∂a = g summed back to the shape of a"  # broadcasting copies entries
    saves_inputs = False
    makes_view = True
    shape: tuple[int, ...]

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.broadcast_to(a, self.shape)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (unbroadcast(grad, self.inputs[0].shape),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else Expand.apply(tangent, shape=self.shape)


class Sum(Op):
    rule = "∂a = g broadcast back to the shape of a"  # d sum(a) / da_i = 1
    saves_inputs = False
    axis: Axes
    keepdims: bool

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.sum(axis=self.axis, keepdims=self.keepdims)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (_spread(grad, self.inputs[0].shape, self.axis),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        if tangent is None:
            return None
        return Sum.apply(tangent, axis=self.axis, keepdims=self.keepdims)


class Mean(Op):
    rule = "∂a = g / n broadcast back to the shape of a, n the number of averaged entries"
    saves_inputs = False
    axis: Axes
    keepdims: bool

    def forward(self, a: np.ndarray) -> np.ndarray:
        if a.size == 0:  # the mean of nothing is NaN (an empty result stays empty), as PyTorch
            with np.errstate(invalid="ignore"):
                return np.true_divide(a.sum(axis=self.axis, keepdims=self.keepdims), 0)
        return a.mean(axis=self.axis, keepdims=self.keepdims)  # float16 is summed in float32

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        in_shape = self.inputs[0].shape
        count = max(math.prod(in_shape) // max(math.prod(grad.shape), 1), 1)  # 0 for empty
        # in float16 the count itself may overflow (70,000 > 65,504): divide in float32 (as
        # PyTorch's opmath does); the engine casts the gradient back to the input's dtype
        divisor = constant(count, np.dtype(np.float32) if grad.dtype.itemsize < 4 else grad.dtype)
        return (_spread(grad.astype(divisor.dtype) / divisor, in_shape, self.axis),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        if tangent is None:
            return None
        return Mean.apply(tangent, axis=self.axis, keepdims=self.keepdims)


class Max(Op):
    rule = "∂a = g at the maxima (shared equally by ties), 0 elsewhere"
    # forward, d max(a) is the mean of da over the tied maxima (a NaN is the maximum of its
    # slice, as in backward)
    saves_output = True
    axis: Axes
    keepdims: bool
    _reduce: Callable[..., Any] = staticmethod(np.max)

    def forward(self, a: np.ndarray) -> np.ndarray:
        if a.size == 0 and self.axis is None:
            raise empty_reduction_error(self.name, a.shape, None)
        empty = [axis for axis in self.axis or () if a.shape[axis] == 0]
        if empty:
            raise empty_reduction_error(self.name, a.shape, empty[0])
        return self._reduce(a, axis=self.axis, keepdims=self.keepdims)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        a = self.inputs[0].data
        winners = self._winners(a, self.output().data)
        index = self._sole_winners(winners)
        if index is not None:  # one winner per slice: g goes there, as an index-add
            assert self.axis is not None  # (only a one-axis reduction gets an index)
            reduced = index[self.axis[0]].shape  # the winners' positions: one per slice
            if grad.data.shape != reduced:
                grad = Reshape.apply(grad, shape=reduced)
            return (IndexAdd.apply(grad, index=index, shape=a.shape),)
        spread = _spread(grad, a.shape, self.axis)
        count = winners.sum(axis=self.axis, keepdims=True)
        if count.max(initial=1) > 1:  # ties share the gradient equally
            spread = spread * constant(1 / count.astype(a.dtype))
        return (select(spread, winners),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        if tangent is None:
            return None
        a = self.inputs[0].data
        winners = self._winners(a, out.data)
        picked = select(tangent, winners)
        count = winners.sum(axis=self.axis, keepdims=True)
        if count.max(initial=1) > 1:  # ties share equally: the mean of the tied tangents
            picked = picked * constant(1 / count.astype(a.dtype))
        return Sum.apply(picked, axis=self.axis, keepdims=self.keepdims)

    def _winners(self, a: np.ndarray, extreme: np.ndarray) -> np.ndarray:
        """Where ``a`` attains its slice's extreme (a NaN is the extreme of its slice)."""
        extreme = extreme.reshape(_kept_shape(a.shape, self.axis))
        winners = a == extreme
        if np.isnan(extreme).any():  # a NaN is the maximum of its slice: it gets the gradient
            winners |= np.isnan(a) & np.isnan(extreme)
        return winners

    def _sole_winners(self, winners: np.ndarray) -> tuple[np.ndarray, ...] | None:
        """Over one axis, when every slice has exactly one winner: the index of each winner,
        for an index-add (no count or select: two passes over the input instead of five).
        None otherwise (ties, several axes): the general path shares the gradient."""
        if self.axis is None or len(self.axis) != 1 or winners.size == 0:
            return None
        (axis,) = self.axis
        slices = winners.size // winners.shape[axis]
        if np.count_nonzero(winners) != slices:
            return None
        position = np.argmax(winners, axis=axis)  # the first (here the only) True of each slice
        grids = list(np.ogrid[tuple(slice(n) for n in position.shape)]) if position.ndim else []
        return (*grids[:axis], position, *grids[axis:])


class Min(Max):
    rule = "∂a = g at the minima (shared equally by ties), 0 elsewhere"
    # forward, the mean of da over the tied minima
    _reduce = staticmethod(np.min)
