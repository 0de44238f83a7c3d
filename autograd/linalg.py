"""``autograd.linalg``: the norms of ``torch.linalg`` — ``vector_norm``, ``matrix_norm``,
``norm`` — and ``svdvals``.

The norms are compositions (``abs``, powers, sums, ``amax``/``amin``), so their gradients emerge
from the graph: the 2-norm's gradient is x / ‖x‖, and 0 at x = 0 (PyTorch's subgradient), as the
root is taken only of positive sums; the inf-norm shares the gradient among tied entries.
``'nuc'`` and ``ord=2`` matrix norms use the singular values (``ops.Svdvals``, differentiable
once). Not to be confused with ``autograd/ops/linalg.py``, which holds ``matmul``.

>>> from autograd import Tensor
>>> x = Tensor([3.0, -4.0], requires_grad=True)
>>> vector_norm(x).backward()
>>> x.grad  # x / |x|
array([ 0.6, -0.8], dtype=float32)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .checks import normalize_axis

if TYPE_CHECKING:
    from .tensor import Tensor

__all__ = ["matrix_norm", "norm", "svdvals", "vector_norm"]

Dim = int | Sequence[int] | None
Order = float | str | None


def _floating(name: str, x: Any, dtype: Any) -> Tensor:
    """``x`` (a Tensor), cast to ``dtype`` if given; PyTorch's norms need a float tensor."""
    if not hasattr(x, "grad_fn"):
        raise TypeError(f"{name}: expected a Tensor, got {type(x).__name__}")
    if dtype is not None:
        x = x.astype(dtype)
    if x.dtype.kind != "f":
        raise TypeError(
            f"{name}: needs a floating-point tensor, got dtype {x.dtype} (convert it with "
            f".float() or .double(), or pass dtype=)"
        )
    return x


def _root(total: Tensor, order: float) -> Tensor:
    """total ** (1 / order), with the gradient 0 where total is 0 (not inf times 0)."""
    positive = total.data > 0
    safe = total.where(positive, 1.0)
    rooted = safe.sqrt() if order == 2 else safe ** (1.0 / order)
    return rooted.where(positive, 0.0 if order > 0 else np.inf)


def vector_norm(
    x: Tensor,
    ord: float = 2,  # noqa: A002 - PyTorch's name
    dim: Dim = None,
    keepdim: bool = False,
    *,
    dtype: Any = None,
) -> Tensor:
    """(Σ |x|^ord)^(1/ord) over ``dim`` (all entries by default), as ``torch.linalg.vector_norm``;
    ``ord`` inf is max |x|, -inf min |x|, 0 the number of non-zero entries.

    >>> from autograd import Tensor
    >>> x = Tensor([3.0, -4.0])
    >>> vector_norm(x), vector_norm(x, 1), vector_norm(x, float("inf"))
    (Tensor(5.), Tensor(7.), Tensor(4.))
    """
    name = "linalg.vector_norm"
    x = _floating(name, x, dtype)
    if isinstance(ord, str):
        raise TypeError(
            f"{name}: ord must be a number, got {ord!r} (matrix_norm takes 'fro', 'nuc')"
        )
    order = float(ord)
    axes = None if dim is None else normalize_axis(dim, x.ndim, name)
    reduced = x.shape if axes is None else [x.shape[axis] for axis in axes]
    if (math.isinf(order) or order < 0) and 0 in reduced:
        raise ValueError(
            f"{name}: cannot compute the {ord} norm of an empty tensor of shape {x.shape} over "
            f"dim {dim}: it has no identity (the norms with ord >= 0 of nothing are 0)"
        )
    if math.isinf(order):
        size = x.abs()
        return size.amax(axes, keepdim) if order > 0 else size.amin(axes, keepdim)
    if order == 0:
        # the count of non-zero entries, with a zero gradient (PyTorch's): x nowhere selected
        counts = (x.data != 0).astype(x.dtype)
        return x.where(np.zeros(x.shape, dtype=bool), counts).sum(axis=axes, keepdims=keepdim)
    if order == 1:
        return x.abs().sum(axis=axes, keepdims=keepdim)
    powered = x * x if order == 2 else x.abs() ** order
    return _root(powered.sum(axis=axes, keepdims=keepdim), order)


def _matrix_dims(name: str, shape: tuple[int, ...], dim: Sequence[int]) -> tuple[int, int]:
    ndim = len(shape)
    if ndim < 2:
        raise ValueError(f"{name}: the input must have at least 2 dimensions, got shape {shape}")
    dims = tuple(dim)
    if len(dims) != 2:
        raise ValueError(f"{name}: dim must be a 2-tuple (the matrix axes), got {dim!r}")
    (row,), (column,) = (normalize_axis(d, ndim, name) or (0,) for d in dims)
    if row == column:
        raise ValueError(f"{name}: dims must be different, got {dim!r} for shape {shape}")
    return row, column


def svdvals(a: Tensor) -> Tensor:
    """The singular values of the matrices in the last two axes, descending
    (``torch.linalg.svdvals``); differentiable once, the gradient U diag(g) Vᴴ.

    >>> from autograd import Tensor
    >>> svdvals(Tensor([[3.0, 0.0], [0.0, -4.0]]))
    Tensor([4., 3.])
    """
    a = _floating("linalg.svdvals", a, None)
    _matrix_dims("linalg.svdvals", a.shape, (-2, -1))
    # the one op that this module needs (the rest are Tensor methods): imported when called,
    # as the Tensor imports this module before the ops exist
    from .ops.scan import Svdvals

    return Svdvals.apply(a)


def matrix_norm(
    a: Tensor,
    ord: float | str = "fro",  # noqa: A002 - PyTorch's name
    dim: Sequence[int] = (-2, -1),
    keepdim: bool = False,
    *,
    dtype: Any = None,
) -> Tensor:
    """The matrix norm over the two axes ``dim``, as ``torch.linalg.matrix_norm``: ``'fro'``
    (the 2-norm of the entries), ``'nuc'`` (the sum of the singular values), inf / -inf (the
    largest / smallest row sum of |a|), 1 / -1 (column sums), 2 / -2 (the largest / smallest
    singular value).

    >>> from autograd import Tensor
    >>> a = Tensor([[1.0, -2.0], [3.0, 4.0]])
    >>> matrix_norm(a, 1), matrix_norm(a, float("inf"))
    (Tensor(6.), Tensor(7.))
    """
    name = "linalg.matrix_norm"
    a = _floating(name, a, dtype)
    row, column = _matrix_dims(name, a.shape, dim)
    if ord == "fro" or 0 in (a.shape[row], a.shape[column]):
        # the norm of a matrix with no entries is 0 (PyTorch's, for every ord)
        return vector_norm(a, 2, (row, column), keepdim)
    kept = tuple(1 if i in (row, column) else size for i, size in enumerate(a.shape))
    dropped = tuple(size for i, size in enumerate(a.shape) if i not in (row, column))
    if ord in ("nuc", 2, -2, 2.0, -2.0):
        last = a.permute(*(i for i in range(a.ndim) if i not in (row, column)), row, column)
        values = svdvals(last)
        if ord == "nuc":
            result = values.sum(axis=-1)
        else:
            result = values.amax(-1) if ord in (2, 2.0) else values.amin(-1)
    elif ord in (1, -1, math.inf, -math.inf):
        summed, across = (row, column) if ord in (1, -1) else (column, row)
        sums = a.abs().sum(axis=summed, keepdims=True)
        largest = ord in (1, math.inf)
        result = sums.amax(across, True) if largest else sums.amin(across, True)
    else:
        raise ValueError(
            f"{name}: ord={ord!r} is not a matrix norm; use 'fro', 'nuc', inf, -inf, 1, -1, 2 "
            f"or -2 (vector_norm takes any number)"
        )
    return result.reshape(kept) if keepdim else result.reshape(dropped)


def norm(
    a: Tensor,
    ord: Order = None,  # noqa: A002 - PyTorch's name
    dim: Dim = None,
    keepdim: bool = False,
    *,
    dtype: Any = None,
) -> Tensor:
    """``torch.linalg.norm``: a vector norm over one ``dim``, a matrix norm over a 2-tuple;
    without ``dim``, the 2-norm of all entries if ``ord`` is None, else the vector norm of a
    1-D input or the matrix norm of a 2-D one.

    >>> from autograd import Tensor
    >>> a = Tensor([[1.0, -2.0], [3.0, 4.0]])
    >>> norm(a), norm(a, 1), norm(a, 1, dim=1)
    (Tensor(5.4772), Tensor(6.), Tensor([3., 7.]))
    """
    name = "linalg.norm"
    a = _floating(name, a, dtype)
    if dim is None:
        if ord is None:
            return vector_norm(a, 2, None, keepdim)
        if a.ndim not in (1, 2):
            raise ValueError(
                f"{name}: without dim, ord={ord!r} needs a 1-D or 2-D input, got shape "
                f"{a.shape}; give dim="
            )
        dim = (0,) if a.ndim == 1 else (-2, -1)
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    if len(dims) == 1:
        return vector_norm(a, 2 if ord is None else ord, dims, keepdim)  # type: ignore[arg-type]
    if len(dims) == 2:
        return matrix_norm(a, "fro" if ord is None else ord, dims, keepdim)
    raise ValueError(f"{name}: dim must be an int or a 2-tuple, got {dim!r}")


def norm_of_torch(x: Tensor, p: Order, dim: Dim, keepdim: bool, dtype: Any) -> Tensor:
    """``torch.norm`` (and ``Tensor.norm``): a number ``p`` is the vector norm over ``dim``;
    ``'fro'`` the 2-norm over up to two dims; ``'nuc'`` the matrix norm over ``dim`` (or all
    of a 2-D tensor's).

    >>> from autograd import Tensor
    >>> norm_of_torch(Tensor([[3.0, 4.0]]), "fro", None, False, None)
    Tensor(5.)
    """
    dims = None if dim is None else ((dim,) if isinstance(dim, (int, np.integer)) else tuple(dim))
    if isinstance(p, str):
        if p == "fro" and (dims is None or len(dims) <= 2):
            return vector_norm(x, 2, dims, keepdim, dtype=dtype)
        return matrix_norm(
            x, p, tuple(range(x.ndim)) if dims is None else dims, keepdim, dtype=dtype
        )
    return vector_norm(x, 2.0 if p is None else p, dims, keepdim, dtype=dtype)
