"""The graph as its readers see it, written as types: ``Node`` (a recorded op) and ``Value``.

The modules below the Tensor and the ops (grad mode, the edge recorder, anomaly mode, the
composite functions) work on tensors and ops without importing either: they rely only on
these few attributes and methods, which ``Tensor`` and ``Op`` have. That keeps them out of
the one import circle of the library (Tensor <-> ops), and it documents exactly what they use.

>>> from autograd import Tensor
>>> from autograd.ops import Op
>>> y = Tensor([1.0], requires_grad=True) * 2
>>> isinstance(y, Value), isinstance(y.grad_fn, Node), isinstance(Op, type)
(True, True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar, runtime_checkable

import numpy as np

__all__ = ["Node", "Value", "ValueT"]

ValueT = TypeVar("ValueT", bound="Value")


@runtime_checkable
class Value(Protocol):
    """A tensor: its array, and the differentiable operations composite functions are made of."""

    data: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]: ...
    @property
    def ndim(self) -> int: ...
    @property
    def size(self) -> int: ...
    @property
    def dtype(self) -> np.dtype: ...

    def exp(self: ValueT) -> ValueT: ...
    def log(self: ValueT) -> ValueT: ...
    def sum(self: ValueT, axis: Any = None, keepdims: bool = False) -> ValueT: ...
    def mean(self: ValueT, axis: Any = None, keepdims: bool = False) -> ValueT: ...
    def max(self: ValueT, axis: Any = None, keepdims: bool = False) -> ValueT: ...
    def reshape(self: ValueT, *shape: Any) -> ValueT: ...
    def sqrt(self: ValueT) -> ValueT: ...
    def astype(self: ValueT, dtype: Any) -> ValueT: ...
    def where(self: ValueT, condition: Any, other: Any) -> ValueT: ...
    def __add__(self: ValueT, other: Any) -> ValueT: ...
    def __sub__(self: ValueT, other: Any) -> ValueT: ...
    def __mul__(self: ValueT, other: Any) -> ValueT: ...
    def __truediv__(self: ValueT, other: Any) -> ValueT: ...


@runtime_checkable
class Node(Protocol):
    """A recorded op, through the graph interface documented in ``autograd/ops/base.py``."""

    edge_grads: tuple[Any, ...] | None
    created_at: tuple[str, int] | None

    @property
    def name(self) -> str: ...
    @property
    def inputs(self) -> Sequence[Value]: ...
    @property
    def needs_grad(self) -> Sequence[bool]: ...

    def backward(self, grad: Any) -> Sequence[Any]: ...
