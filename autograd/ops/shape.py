"""Shape primitives: reshape, transpose, indexing, joining, selecting. Gradients only move."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..checks import has_repeats, is_basic_index
from ..edges import GradSummary, summarize
from ..grad_mode import STATE
from ..tensor import Tensor
from .base import Grads, Op, constant

__all__ = [
    "Concatenate",
    "GetItem",
    "IndexAdd",
    "Reshape",
    "Scattered",
    "Stack",
    "Transpose",
    "Where",
    "select",
]


class Reshape(Op):
    rule = "∂a = g reshaped back to the shape of a"
    saves_inputs = False
    makes_view = True
    shape: tuple[int, ...]

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.reshape(self.shape)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (grad.reshape(self.inputs[0].shape),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else Reshape.apply(tangent, shape=out.shape)


class Transpose(Op):
    rule = "∂a = g permuted back with the inverse permutation"
    saves_inputs = False
    makes_view = True
    axes: tuple[int, ...]

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.transpose(self.axes)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (grad.permute(*np.argsort(self.axes)),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else Transpose.apply(tangent, axes=self.axes)


class GetItem(Op):
    rule = "∂a = g placed at the picked positions, 0 elsewhere (repeated indices add up)"
    name = "getitem"
    saves_inputs = False
    makes_view = True
    index: Any

    def forward(self, a: np.ndarray) -> np.ndarray:
        out = a[self.index]
        if out.base is not None and not is_basic_index(self.index):
            # an advanced index copies, but NumPy may return a view of its own scratch buffer:
            # that must not pass for a view of `a` (it would share a's version counter)
            out = out.copy()
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (IndexAdd.apply(grad, index=self.index, shape=self.inputs[0].shape),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else GetItem.apply(tangent, index=self.index)


class IndexAdd(Op):
    # zeros of `shape` with grad added at `index` (np.add.at): linear, so its tangent is the
    # index-add of the tangent, and its gradient is indexing again
    rule = "∂grad = g[index]"
    name = "index_add"
    saves_inputs = False
    index: Any
    shape: tuple[int, ...]

    @classmethod
    def apply(cls, *inputs: Tensor, **args: Any) -> Tensor:
        """As every op's; inside the reverse pass (no graph recorded, no tangents), the result
        is a ``Scattered`` tensor, which the engine adds straight into a gradient it gathers."""
        state = STATE
        if state.sparse_sums and not state.enabled and not state.dual_level:
            (grad,) = inputs
            return Scattered.of(grad.data, args["index"], args["shape"])
        return super().apply(*inputs, **args)

    def forward(self, grad: np.ndarray) -> np.ndarray:
        out = np.zeros(self.shape, dtype=grad.dtype)
        if is_basic_index(self.index) or not has_repeats(self.index, self.shape):
            out[self.index] = grad  # each position is named once: plain assignment is exact
        else:
            np.add.at(out, self.index, grad)  # repeated positions must accumulate
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (GetItem.apply(grad, index=self.index),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        if tangent is None:
            return None
        return IndexAdd.apply(tangent, index=self.index, shape=self.shape)


_DENSE = Tensor.__dict__["data"]  # the slot a Tensor keeps its array in


class Scattered(Tensor):
    """What ``IndexAdd`` makes inside the reverse pass: zeros of ``full_shape`` with ``values``
    added at ``index``, kept as those three until its ``.data`` is read.

    The gradient of indexing and of a max over an axis is mostly zeros; where another gradient
    for the same input is gathered, the engine adds the values in at their positions
    (``add_into``) instead of adding a full array of zeros, which saves two passes over the
    input and a full-size temporary (softmax cross-entropy: both its ``max`` and its
    ``logits[rows, target]``). Anything else that reads it sees an ordinary tensor.

    >>> grad = Scattered.of(np.array([1.0, 2.0]), (np.array([0, 2]),), (3,))
    >>> grad.data
    array([1., 0., 2.])
    """

    __slots__ = ("full_shape", "index", "sparse", "values")
    values: np.ndarray
    index: Any
    full_shape: tuple[int, ...]
    sparse: bool  # is .data still unmade?

    @classmethod
    def of(cls, values: np.ndarray, index: Any, shape: tuple[int, ...]) -> Scattered:
        tensor = object.__new__(cls)
        tensor.values, tensor.index, tensor.full_shape, tensor.sparse = values, index, shape, True
        tensor._requires_grad, tensor._op, tensor._counter = False, None, None
        return tensor

    @property
    def data(self) -> np.ndarray:
        if self.sparse:
            dense = np.zeros(self.full_shape, dtype=self.values.dtype)
            self.add_into(dense)
            _DENSE.__set__(self, dense)
            self.sparse = False
        return _DENSE.__get__(self, Scattered)

    @data.setter
    def data(self, value: np.ndarray) -> None:
        _DENSE.__set__(self, value)
        self.sparse = False

    def add_into(self, dense: np.ndarray) -> None:
        """``dense += self``, touching only the positions the index names."""
        if is_basic_index(self.index) or not has_repeats(self.index, self.full_shape):
            dense[self.index] += self.values  # each position named once: exact
        else:
            np.add.at(dense, self.index, self.values)

    def summary(self) -> GradSummary | None:
        """Its ``GradSummary`` from the values alone, when each position is named once by one
        value (else None: the norm needs the dense array)."""
        index, values = self.index, self.values
        if not is_basic_index(index) and has_repeats(index, self.full_shape):
            return None
        if np.broadcast_to(np.zeros((), bool), self.full_shape)[index].shape != values.shape:
            return None  # the values broadcast over several positions
        return summarize(values)._replace(shape=self.full_shape)


class Concatenate(Op):
    rule = "∂arrays = the slice of g that each input filled, along axis"
    saves_inputs = False
    axis: int

    def forward(self, *arrays: np.ndarray) -> np.ndarray:
        return np.concatenate(arrays, axis=self.axis)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        grads, start = [], 0
        for tensor, needed in zip(self.inputs, self.needs_grad, strict=True):
            stop = start + tensor.shape[self.axis]
            index = (*(slice(None),) * self.axis, slice(start, stop))
            grads.append(grad[index] if needed else None)
            start = stop
        return tuple(grads)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        pieces = _zeros_for_missing(tangents, self.inputs, out)
        return None if pieces is None else Concatenate.apply(*pieces, axis=self.axis)


class Stack(Op):
    rule = "∂arrays = slice i of g along the new axis, for input i"
    saves_inputs = False
    axis: int

    def forward(self, *arrays: np.ndarray) -> np.ndarray:
        return np.stack(arrays, axis=self.axis)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        lead: tuple[slice | int, ...] = (slice(None),) * self.axis
        return tuple(
            grad[lead + (i,)] if needed else None  # noqa: RUF005 - mypy reads (*lead, i) as 3.11+
            for i, needed in enumerate(self.needs_grad)
        )

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        pieces = _zeros_for_missing(tangents, self.inputs, out)
        return None if pieces is None else Stack.apply(*pieces, axis=self.axis)


class Where(Op):
    rule = "∂a = g · [condition]; ∂b = g · [not condition]"
    # an operand that needs a gradient has the result's shape (autograd.where expands it
    # first), so nothing is summed back here
    saves_inputs = False
    condition: np.ndarray

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.where(self.condition, a, b)

    def backward(self, grad: Tensor) -> Grads:
        need_a, need_b = self.needs_grad
        return (
            select(grad, self.condition) if need_a else None,
            select(grad, ~self.condition) if need_b else None,
        )

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        tangent_a, tangent_b = tangents
        if tangent_a is None and tangent_b is None:
            return None
        zero = constant(0, out.dtype)  # broadcast by np.where: no array of zeros is made
        return Where.apply(
            zero if tangent_a is None else tangent_a,
            zero if tangent_b is None else tangent_b,
            condition=self.condition,
        )


def select(grad: Tensor, mask: np.ndarray) -> Tensor:
    """``grad`` where ``mask`` holds, else 0. A mask selects, it does not multiply: an inf
    upstream (sqrt's gradient at 0) times a 0 would be NaN where PyTorch gives 0.

    >>> from autograd import Tensor
    >>> select(Tensor([np.inf, 2.0]), np.array([False, True]))
    Tensor([0., 2.])
    """
    if mask.shape != grad.shape:
        mask = np.broadcast_to(mask, grad.shape)
    return Where.apply(grad, constant(0, grad.dtype), condition=mask)


def _zeros_for_missing(
    tangents: Sequence[Tensor | None], inputs: Sequence[Tensor], out: Tensor
) -> list[Tensor] | None:
    """Forward mode, for ops that join their inputs: each input's tangent, or zeros of its shape
    (in the output's dtype) for an input that has none. None if no input has a tangent.

    >>> from autograd import Tensor
    >>> _zeros_for_missing([None, Tensor([1.0])], [Tensor([5.0, 6.0]), Tensor([7.0])], Tensor(0.0))
    [Tensor([0., 0.]), Tensor([1.])]
    """
    if all(tangent is None for tangent in tangents):
        return None
    return [
        constant(np.zeros(tensor.shape, out.dtype)) if tangent is None else tangent
        for tangent, tensor in zip(tangents, inputs, strict=True)
    ]
