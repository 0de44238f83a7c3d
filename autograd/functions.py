"""Functions of several tensors: ``where``, ``maximum``, ``minimum``, ``concatenate`` (``cat``),
``stack``.

>>> from autograd import Tensor
>>> x = Tensor([-1.0, 2.0], requires_grad=True)
>>> maximum(x, 0.0).sum().backward()
>>> x.grad
array([0., 1.], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import checks, composite, ops
from .errors import ShapeError
from .tensor import Tensor, promote, to_tensor

__all__ = ["cat", "concat", "concatenate", "maximum", "minimum", "stack", "where"]


def _as_tensors(a: Any, b: Any) -> tuple[Tensor, Tensor]:
    """Both operands as Tensors of PyTorch's result dtype (``autograd.result_type``): two
    Python ints give int64, an int and a float the default float dtype."""
    first, second = promote(a, b)
    return first, second


def where(condition: Any, a: Any, b: Any) -> Tensor:
    """``a`` where ``condition`` holds, else ``b`` (broadcasting); differentiable in a and b.

    >>> from autograd import Tensor
    >>> x = Tensor([-2.0, 3.0])
    >>> where(x > 0, x, 0.1 * x)  # leaky ReLU
    Tensor([-0.2,  3. ])
    """
    a, b = _as_tensors(a, b)
    return a.where(condition, b)


def maximum(a: Any, b: Any) -> Tensor:
    """Elementwise maximum (broadcasting); ties share the gradient equally.

    >>> from autograd import Tensor
    >>> maximum(Tensor([1.0, 5.0]), Tensor([3.0, 2.0]))
    Tensor([3., 5.])
    """
    return ops.Maximum.apply(*_as_tensors(a, b))


def minimum(a: Any, b: Any) -> Tensor:
    """Elementwise minimum (broadcasting); ties share the gradient equally.

    >>> from autograd import Tensor
    >>> minimum(Tensor([1.0, 5.0]), 2.0)
    Tensor([1., 2.])
    """
    return ops.Minimum.apply(*_as_tensors(a, b))


def _same_except(shape: tuple[int, ...], first: tuple[int, ...], axis: int) -> bool:
    return len(shape) == len(first) and all(
        n == m for i, (n, m) in enumerate(zip(shape, first, strict=True)) if i != axis
    )


def _check_join(
    name: str, values: Iterable[Any], axis: int, new_axis: bool
) -> tuple[list[Tensor], int]:
    tensors = [to_tensor(value) for value in values]
    if not tensors:
        raise ShapeError(f"{name}: needs at least one tensor")
    if len({tensor.dtype for tensor in tensors}) > 1:  # PyTorch's result type of them all
        tensors = promote(*tensors)
    ndim = tensors[0].ndim + (1 if new_axis else 0)
    if ndim == 0:
        raise ShapeError(f"{name}: cannot concatenate 0-d tensors; use stack")
    (axis,) = checks.normalize_axis(axis, ndim, name) or (0,)
    first = tensors[0].shape
    for position, tensor in enumerate(tensors):
        same = tensor.shape == first if new_axis else _same_except(tensor.shape, first, axis)
        if not same:
            rule = "all have the same shape" if new_axis else f"match except along axis {axis}"
            raise ShapeError(
                f"{name}: tensor {position} has shape {tensor.shape} but tensor 0 has "
                f"shape {first}; they must {rule}"
            )
    return tensors, axis


def concatenate(
    tensors: Iterable[Any], axis: int | None = None, *, dim: int | None = None
) -> Tensor:
    """Join tensors along an existing axis, ``axis`` (or ``dim``), 0 by default (like
    ``np.concatenate`` and ``torch.cat``).

    >>> from autograd import Tensor
    >>> concatenate([Tensor([1.0]), Tensor([2.0, 3.0])])
    Tensor([1., 2., 3.])
    """
    axis, _ = composite.resolve_axis("concatenate", axis, dim)
    joined, axis = _check_join("concatenate", tensors, axis or 0, new_axis=False)
    return ops.Concatenate.apply(*joined, axis=axis)


def cat(tensors: Iterable[Any], dim: int = 0) -> Tensor:
    """PyTorch's name for ``concatenate``: join tensors along the existing dimension ``dim``.

    >>> from autograd import Tensor
    >>> cat([Tensor([[1.0, 2.0]]), Tensor([[3.0, 4.0]])], dim=1)
    Tensor([[1., 2., 3., 4.]])
    """
    joined, dim = _check_join("cat", tensors, dim, new_axis=False)
    return ops.Concatenate.apply(*joined, axis=dim)


concat = cat  # torch.concat, another alias


def stack(tensors: Iterable[Any], axis: int | None = None, *, dim: int | None = None) -> Tensor:
    """Join same-shaped tensors along a new axis, ``axis`` (or ``dim``), 0 by default (like
    ``np.stack`` and ``torch.stack``).

    >>> from autograd import Tensor
    >>> stack([Tensor([1.0, 2.0]), Tensor([3.0, 4.0])], axis=1).shape
    (2, 2)
    """
    axis, _ = composite.resolve_axis("stack", axis, dim)
    joined, axis = _check_join("stack", tensors, axis or 0, new_axis=True)
    return ops.Stack.apply(*joined, axis=axis)
