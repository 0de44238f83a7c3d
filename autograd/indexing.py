"""``torch.NAME`` indexing, scatter/gather and product functions as ``autograd.NAME``.

Those that are Tensor methods in PyTorch call the method of the same name
(``autograd.gather(x, 1, index)`` is ``x.gather(1, index)``); ``einsum``, ``tensordot``,
``bucketize``, ``searchsorted``, ``one_hot`` (``nn.functional.one_hot``) and ``where`` with one
argument are here only.

>>> from autograd import Tensor
>>> a = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
>>> einsum("ij,ij->", a, a).backward()  # the sum of squares
>>> a.grad
array([[2., 4.],
       [6., 8.]], dtype=float32)
"""

from __future__ import annotations

import string
from typing import Any, Literal

import numpy as np

from . import checks, functions, ops
from .errors import ShapeError
from .tensor import Tensor, to_tensor

__all__ = [
    "argwhere",
    "bucketize",
    "cross",
    "einsum",
    "gather",
    "ger",
    "index_add",
    "index_copy",
    "index_fill",
    "index_select",
    "inner",
    "kron",
    "linalg_cross",
    "masked_fill",
    "masked_scatter",
    "masked_select",
    "nonzero",
    "one_hot",
    "outer",
    "scatter",
    "scatter_add",
    "scatter_reduce",
    "searchsorted",
    "take",
    "take_along_dim",
    "tensordot",
    "vdot",
    "where",
]


def gather(input: Any, dim: int, index: Any, *, sparse_grad: bool = False) -> Tensor:  # noqa: A002
    """``torch.gather``: ``input.gather(dim, index)`` (see ``Tensor.gather``).

    >>> gather(Tensor([5.0, 6.0]), 0, np.array([1, 1]))
    Tensor([6., 6.])
    """
    return to_tensor(input).gather(dim, index)


def scatter(
    input: Any,  # noqa: A002
    dim: int,
    index: Any,
    src: Any = None,
    *,
    value: Any = None,
    reduce: str | None = None,
) -> Tensor:
    """``torch.scatter``: ``input.scatter(dim, index, src)`` (see ``Tensor.scatter``).

    >>> scatter(Tensor([0.0, 0.0]), 0, np.array([1]), 3.0)
    Tensor([0., 3.])
    """
    return to_tensor(input).scatter(dim, index, src, value=value, reduce=reduce)


def scatter_add(input: Any, dim: int, index: Any, src: Any) -> Tensor:  # noqa: A002
    """``torch.scatter_add`` (see ``Tensor.scatter_add``).

    >>> scatter_add(Tensor([0.0, 0.0]), 0, np.array([1, 1]), Tensor([1.0, 2.0]))
    Tensor([0., 3.])
    """
    return to_tensor(input).scatter_add(dim, index, src)


def scatter_reduce(
    input: Any,  # noqa: A002
    dim: int,
    index: Any,
    src: Any,
    reduce: str,
    *,
    include_self: bool = True,
) -> Tensor:
    """``torch.scatter_reduce`` (see ``Tensor.scatter_reduce``).

    >>> scatter_reduce(Tensor([1.0, 1.0]), 0, np.array([0, 0]), Tensor([2.0, 3.0]), "prod")
    Tensor([6., 1.])
    """
    return to_tensor(input).scatter_reduce(dim, index, src, reduce, include_self=include_self)


def index_select(input: Any, dim: int, index: Any) -> Tensor:  # noqa: A002
    """``torch.index_select`` (see ``Tensor.index_select``).

    >>> index_select(Tensor([1.0, 2.0, 3.0]), 0, np.array([2, 2]))
    Tensor([3., 3.])
    """
    return to_tensor(input).index_select(dim, index)


def index_add(input: Any, dim: int, index: Any, source: Any, *, alpha: float = 1) -> Tensor:  # noqa: A002
    """``torch.index_add`` (see ``Tensor.index_add``).

    >>> index_add(Tensor([1.0, 1.0]), 0, np.array([1]), Tensor([5.0]), alpha=2)
    Tensor([ 1., 11.])
    """
    return to_tensor(input).index_add(dim, index, source, alpha=alpha)


def index_copy(input: Any, dim: int, index: Any, source: Any) -> Tensor:  # noqa: A002
    """``torch.index_copy`` (see ``Tensor.index_copy``).

    >>> index_copy(Tensor([1.0, 1.0]), 0, np.array([0]), Tensor([5.0]))
    Tensor([5., 1.])
    """
    return to_tensor(input).index_copy(dim, index, source)


def index_fill(input: Any, dim: int, index: Any, value: Any) -> Tensor:  # noqa: A002
    """``torch.index_fill`` (see ``Tensor.index_fill``).

    >>> index_fill(Tensor([1.0, 1.0]), 0, np.array([1]), 0.0)
    Tensor([1., 0.])
    """
    return to_tensor(input).index_fill(dim, index, value)


def masked_fill(input: Any, mask: Any, value: Any) -> Tensor:  # noqa: A002
    """``torch.masked_fill`` (see ``Tensor.masked_fill``).

    >>> masked_fill(Tensor([1.0, 2.0]), np.array([True, False]), 0.0)
    Tensor([0., 2.])
    """
    return to_tensor(input).masked_fill(mask, value)


def masked_select(input: Any, mask: Any) -> Tensor:  # noqa: A002
    """``torch.masked_select`` (see ``Tensor.masked_select``).

    >>> masked_select(Tensor([1.0, 2.0]), np.array([False, True]))
    Tensor([2.])
    """
    return to_tensor(input).masked_select(mask)


def masked_scatter(input: Any, mask: Any, source: Any) -> Tensor:  # noqa: A002
    """``torch.masked_scatter`` (see ``Tensor.masked_scatter``).

    >>> masked_scatter(Tensor([1.0, 2.0]), np.array([False, True]), Tensor([9.0]))
    Tensor([1., 9.])
    """
    return to_tensor(input).masked_scatter(mask, source)


def take(input: Any, index: Any) -> Tensor:  # noqa: A002
    """``torch.take`` (see ``Tensor.take``).

    >>> take(Tensor([[1.0, 2.0], [3.0, 4.0]]), np.array([-1]))
    Tensor([4.])
    """
    return to_tensor(input).take(index)


def take_along_dim(input: Any, indices: Any, dim: int | None = None) -> Tensor:  # noqa: A002
    """``torch.take_along_dim`` (see ``Tensor.take_along_dim``).

    >>> take_along_dim(Tensor([[3.0, 1.0, 2.0]]), np.array([[1, 2, 0]]), dim=1)
    Tensor([[1., 2., 3.]])
    """
    return to_tensor(input).take_along_dim(indices, dim)


def nonzero(input: Any, *, as_tuple: bool = False) -> Tensor | tuple[Tensor, ...]:  # noqa: A002
    """``torch.nonzero`` (see ``Tensor.nonzero``).

    >>> nonzero(Tensor([0.0, 2.0]), as_tuple=True)
    (Tensor([1], dtype=int64),)
    """
    return to_tensor(input).nonzero(as_tuple=as_tuple)


def argwhere(input: Any) -> Tensor:  # noqa: A002
    """``torch.argwhere`` (see ``Tensor.argwhere``).

    >>> argwhere(Tensor([[0.0, 2.0]]))
    Tensor([[0, 1]], dtype=int64)
    """
    return to_tensor(input).argwhere()


def where(condition: Any, input: Any = None, other: Any = None) -> Any:  # noqa: A002
    """``torch.where``: ``input`` where ``condition`` holds, else ``other`` (differentiable in
    both, see ``functions.where``); with the condition alone, ``nonzero(condition,
    as_tuple=True)``.

    >>> where(Tensor([0.0, 1.0, 1.0]))
    (Tensor([1, 2], dtype=int64),)
    >>> where(Tensor([True, False]), Tensor([1.0, 2.0]), 0.0)
    Tensor([1., 0.])
    """
    if input is None and other is None:
        return to_tensor(condition).nonzero(as_tuple=True)
    if input is None or other is None:
        raise TypeError("where(): give both input and other, or the condition alone")
    return functions.where(condition, input, other)


def einsum(equation: Any, *operands: Any) -> Tensor:
    """``torch.einsum``: Einstein summation over the subscripts of ``equation``; the
    operands as arguments or as one list. ``...``, an implicit output (the letters seen once,
    in order A-Z then a-z), repeated letters (diagonals, traces) and size-1 dimensions that
    broadcast are PyTorch's. The gradient of each operand is an einsum again.

    >>> a = Tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> einsum("ij,jk->ik", a, a)
    Tensor([[ 7., 10.],
            [15., 22.]])
    >>> einsum("ii->i", [a])
    Tensor([1., 4.])

    PyTorch's sublist form, each operand followed by its subscripts as ints in [0, 52) (and
    ``...``), then optionally the output's:

    >>> einsum(a, [0, 1], a, [1, 2], [0, 2])
    Tensor([[ 7., 10.],
            [15., 22.]])
    """
    if not isinstance(equation, str) and operands:  # the sublist form
        equation, operands = _sublist_equation((equation, *operands))
    elif len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    tensors = [to_tensor(operand) for operand in operands]
    if not tensors:
        raise ShapeError("einsum(): must provide at least one operand")
    return ops.einsum.contract(equation, tensors)


def _sublist_equation(arguments: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """``einsum(op1, sublist1, op2, sublist2, ..., [output])`` as an equation and operands."""
    operands, terms = arguments[0::2], arguments[1::2]
    output = None
    if len(arguments) % 2:  # an odd count: the last is the output's sublist
        operands, output = operands[:-1], arguments[-1]

    def letters(sublist: Any) -> str:
        if not isinstance(sublist, (list, tuple)):
            raise TypeError(
                f"einsum(): in the sublist form each operand is followed by a list of ints, "
                f"got {type(sublist).__name__}"
            )
        text = ""
        for item in sublist:
            if item is Ellipsis:
                text += "..."
            elif isinstance(item, (int, np.integer)) and 0 <= item < 52:
                # 0-25 as A-Z, 26-51 as a-z (PyTorch's): the implicit output, the letters
                # in the order A-Z a-z, is then the subscripts in increasing order
                text += (string.ascii_uppercase + string.ascii_lowercase)[int(item)]
            else:
                raise ShapeError(
                    f"einsum(): subscript {item!r} in subscript list is not within the valid "
                    f"range [0, 52)"
                )
        return text

    equation = ",".join(letters(term) for term in terms)
    if output is not None:
        equation += "->" + letters(output)
    return equation, tuple(operands)


def tensordot(a: Any, b: Any, dims: Any = 2) -> Tensor:
    """``torch.tensordot``: sums of products over the last ``dims`` dimensions of ``a`` and
    the first of ``b``, or over the dimensions of the pair of lists ``dims``.

    >>> tensordot(Tensor([[1.0, 2.0], [3.0, 4.0]]), Tensor([1.0, 1.0]), dims=1)
    Tensor([3., 7.])
    >>> tensordot(Tensor([[1.0, 2.0]]), Tensor([[3.0], [4.0]]), dims=([1], [0]))
    Tensor([[11.]])
    """
    a, b = to_tensor(a), to_tensor(b)
    if isinstance(dims, (int, np.integer)) or (isinstance(dims, Tensor) and dims.ndim == 0):
        count = int(dims)
        if count < 0 or count > min(a.ndim, b.ndim):
            raise ShapeError(
                f"tensordot(): dims must be between 0 and {min(a.ndim, b.ndim)} for shapes "
                f"{a.shape} and {b.shape}, got {count}"
            )
        dims_a, dims_b = list(range(a.ndim - count, a.ndim)), list(range(count))
    else:
        first, second = dims
        dims_a = [first] if isinstance(first, int) else list(first)
        dims_b = [second] if isinstance(second, int) else list(second)
        if len(dims_a) != len(dims_b):
            raise ShapeError(
                f"tensordot(): both dimension lists should have the same length, got "
                f"{dims_a} and {dims_b}"
            )
    axes_a = [checks.normalize_axis(d, a.ndim, "tensordot")[0] for d in dims_a]  # type: ignore[index]
    axes_b = [checks.normalize_axis(d, b.ndim, "tensordot")[0] for d in dims_b]  # type: ignore[index]
    letters = iter(string.ascii_letters)
    sub_a = [next(letters) for _ in range(a.ndim)]
    sub_b = [next(letters) for _ in range(b.ndim)]
    for da, db in zip(axes_a, axes_b, strict=True):
        if a.shape[da] != b.shape[db]:
            raise ShapeError(
                f"tensordot(): contracted dimensions need to match, but first has size "
                f"{a.shape[da]} in dim {da} and second has size {b.shape[db]} in dim {db} "
                f"(shapes {a.shape} and {b.shape})"
            )
        sub_b[db] = sub_a[da]
    kept = [s for i, s in enumerate(sub_a) if i not in axes_a]
    kept += [s for i, s in enumerate(sub_b) if i not in axes_b]
    equation = f"{''.join(sub_a)},{''.join(sub_b)}->{''.join(kept)}"
    return ops.einsum.contract(equation, [a, b], name="tensordot")


def vdot(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``torch.vdot`` (see ``Tensor.vdot``).

    >>> vdot(Tensor([1.0, 2.0]), Tensor([3.0, 4.0]))
    Tensor(11.)
    """
    return to_tensor(input).vdot(other)


def outer(input: Any, vec2: Any) -> Tensor:  # noqa: A002
    """``torch.outer`` (see ``Tensor.outer``).

    >>> outer(Tensor([1.0, 2.0]), Tensor([3.0]))
    Tensor([[3.],
            [6.]])
    """
    return to_tensor(input).outer(vec2)


def ger(input: Any, vec2: Any) -> Tensor:  # noqa: A002
    """``torch.ger``: ``outer`` (see ``Tensor.outer``).

    >>> ger(Tensor([2.0]), Tensor([3.0]))
    Tensor([[6.]])
    """
    return to_tensor(input).outer(vec2)


def inner(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``torch.inner`` (see ``Tensor.inner``).

    >>> inner(Tensor([1.0, 2.0]), Tensor([3.0, 4.0]))
    Tensor(11.)
    """
    return to_tensor(input).inner(other)


def cross(input: Any, other: Any, dim: int | None = None) -> Tensor:  # noqa: A002
    """``torch.cross``: ``dim=None`` takes the first dimension of size 3 (see ``Tensor.cross``).

    >>> cross(Tensor([[0.0, 1.0, 0.0]]), Tensor([[0.0, 0.0, 1.0]]))
    Tensor([[1., 0., 0.]])
    """
    return to_tensor(input).cross(other, dim)


def linalg_cross(input: Any, other: Any, *, dim: int = -1) -> Tensor:  # noqa: A002
    """``torch.linalg.cross``: as ``cross``, but ``dim`` defaults to -1.

    >>> linalg_cross(Tensor(np.eye(3, dtype=np.float32)), Tensor([0.0, 1.0, 0.0]))
    Tensor([[ 0.,  0.,  1.],
            [ 0.,  0.,  0.],
            [-1.,  0.,  0.]])
    """
    return to_tensor(input).cross(other, dim)


def kron(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``torch.kron`` (see ``Tensor.kron``).

    >>> kron(Tensor([[1.0, 2.0]]), Tensor([[1.0], [1.0]]))
    Tensor([[1., 2.],
            [1., 2.]])
    """
    return to_tensor(input).kron(other)


def searchsorted(
    sorted_sequence: Any,
    input: Any,  # noqa: A002
    *,
    out_int32: bool = False,
    right: bool = False,
    side: str | None = None,
    sorter: Any = None,
) -> Tensor:
    """``torch.searchsorted``: where each value of ``input`` would go in the sorted last
    dimension of ``sorted_sequence`` (the leading dimensions pair up); no gradient.

    >>> searchsorted(Tensor([1.0, 3.0, 5.0]), Tensor([3.0, 4.0]))
    Tensor([1, 2], dtype=int64)
    >>> searchsorted(Tensor([1.0, 3.0, 5.0]), 3.0, right=True)
    Tensor(2, dtype=int64)
    """
    if side not in (None, "left", "right"):
        raise ShapeError(f"searchsorted(): side must be 'left' or 'right', got {side!r}")
    if right and side == "left":
        raise ShapeError(
            "searchsorted(): side='left' and right=True are opposites; give one of them"
        )
    how: Literal["left", "right"] = "right" if right or side == "right" else "left"
    boundaries = np.asarray(to_tensor(sorted_sequence).data)
    values = np.asarray(to_tensor(input).data if isinstance(input, Tensor) else input)
    if sorter is not None:
        order = np.asarray(to_tensor(sorter).data)
        boundaries = np.take_along_axis(boundaries, order.astype(np.intp), axis=-1)
    dtype = np.int32 if out_int32 else np.int64
    if boundaries.ndim <= 1:
        return Tensor._wrap(np.asarray(np.searchsorted(boundaries, values, side=how), dtype=dtype))
    if values.shape[:-1] != boundaries.shape[:-1]:
        raise ShapeError(
            f"searchsorted(): boundaries and input should have the same leading dimensions, "
            f"got shapes {boundaries.shape} and {values.shape}"
        )
    rows = boundaries.reshape(-1, boundaries.shape[-1])
    queries = values.reshape(-1, values.shape[-1])
    found = [
        np.searchsorted(row, query, side=how) for row, query in zip(rows, queries, strict=True)
    ]
    return Tensor._wrap(np.asarray(found, dtype=dtype).reshape(values.shape))


def bucketize(
    input: Any,  # noqa: A002
    boundaries: Any,
    *,
    out_int32: bool = False,
    right: bool = False,
) -> Tensor:
    """``torch.bucketize``: the bucket of each value among the 1-D sorted ``boundaries``
    (``right=True``: a value equal to a boundary goes into the next bucket); no gradient.

    >>> bucketize(Tensor([0.5, 3.0, 9.0]), Tensor([1.0, 3.0, 5.0]))
    Tensor([0, 1, 3], dtype=int64)
    """
    edges = to_tensor(boundaries)
    if edges.ndim != 1:
        raise ShapeError(
            f"bucketize(): boundaries tensor must be 1 dimension, but got shape {edges.shape}"
        )
    return searchsorted(edges, input, out_int32=out_int32, right=right)


def one_hot(tensor: Any, num_classes: int = -1) -> Tensor:
    """``torch.nn.functional.one_hot``: int64 class indices to rows of 0s with a 1 at the
    class, in a new last dimension of ``num_classes`` (-1: one more than the largest index).

    >>> one_hot(Tensor([0, 2], dtype=np.int64))
    Tensor([[1, 0, 0],
            [0, 0, 1]], dtype=int64)
    """
    labels = np.asarray(tensor.data if isinstance(tensor, Tensor) else tensor)
    if labels.dtype != np.int64:
        raise TypeError(
            f"one_hot(): only applicable to index tensors of dtype int64, got {labels.dtype} "
            f"(shape {labels.shape})"
        )
    if num_classes == -1:
        if labels.size == 0:
            raise ShapeError("one_hot(): can not infer the number of classes from an empty tensor")
        num_classes = int(labels.max()) + 1
    if labels.size and labels.min() < 0:
        raise ShapeError(f"one_hot(): class values must be non-negative, got {int(labels.min())}")
    if labels.size and labels.max() >= num_classes:
        raise ShapeError(
            f"one_hot(): class values must be smaller than num_classes ({num_classes}), got "
            f"{int(labels.max())}"
        )
    return Tensor._wrap((labels[..., None] == np.arange(num_classes)).astype(np.int64))
