"""Functions of several tensors: ``where``, ``maximum``, ``minimum``, ``concatenate``, ``stack``."""

from __future__ import annotations

import numpy as np

from . import ops
from .tensor import Tensor, to_tensor

__all__ = ["where", "maximum", "minimum", "concatenate", "stack"]


def _pair(a, b) -> tuple[Tensor, Tensor]:
    if isinstance(a, Tensor):
        return a, to_tensor(b, a)
    if isinstance(b, Tensor):
        return to_tensor(a, b), b
    return Tensor(a), Tensor(b)


def where(condition, a, b) -> Tensor:
    """``a`` where ``condition`` holds, else ``b`` (broadcasting); differentiable in a and b.

    >>> where(x > 0, x, 0.1 * x)  # leaky ReLU
    """
    if isinstance(condition, Tensor):
        condition = condition.data.copy()  # backward reads it: a later in-place change must not
    condition = np.asarray(condition)
    if condition.dtype != bool:
        raise TypeError(f"where: the condition must be boolean, got dtype {condition.dtype}")
    a, b = _pair(a, b)
    ops.broadcast_shapes("where", condition.shape, a.shape, b.shape)
    return ops.Where.apply(a, b, condition=condition)


def maximum(a, b) -> Tensor:
    """Elementwise maximum (broadcasting); ties share the gradient equally."""
    return ops.Maximum.apply(*_pair(a, b))


def minimum(a, b) -> Tensor:
    """Elementwise minimum (broadcasting); ties share the gradient equally."""
    return ops.Minimum.apply(*_pair(a, b))


def _check_join(name: str, tensors, axis: int, new_axis: bool) -> tuple[list, int]:
    tensors = [to_tensor(t) for t in tensors]
    if not tensors:
        raise ValueError(f"{name}: needs at least one tensor")
    ndim = tensors[0].ndim + (1 if new_axis else 0)
    if ndim == 0:
        raise ValueError(f"{name}: cannot concatenate 0-d tensors; use stack")
    (axis,) = ops.normalize_axis(axis, ndim, name)
    first = tensors[0].shape
    for position, tensor in enumerate(tensors):
        shape = tensor.shape
        same = (
            (shape == first)
            if new_axis
            else (
                len(shape) == len(first)
                and all(n == m for i, (n, m) in enumerate(zip(shape, first)) if i != axis)
            )
        )
        if not same:
            rule = "all have the same shape" if new_axis else f"match except along axis {axis}"
            raise ValueError(
                f"{name}: tensor {position} has shape {shape} but tensor 0 has "
                f"shape {first}; they must {rule}"
            )
    return tensors, axis


def concatenate(tensors, axis: int = 0) -> Tensor:
    """Join tensors along an existing axis (like ``np.concatenate``)."""
    tensors, axis = _check_join("concatenate", tensors, axis, new_axis=False)
    return ops.Concatenate.apply(*tensors, axis=axis)


def stack(tensors, axis: int = 0) -> Tensor:
    """Join same-shaped tensors along a new axis (like ``np.stack``)."""
    tensors, axis = _check_join("stack", tensors, axis, new_axis=True)
    return ops.Stack.apply(*tensors, axis=axis)
