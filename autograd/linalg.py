"""``autograd.linalg``: the norms of ``torch.linalg`` — ``vector_norm``, ``matrix_norm``,
``norm`` — ``svdvals``, ``cross``, ``vecdot``, and ``det``, ``inv`` and ``solve``.

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
from .errors import ShapeError

if TYPE_CHECKING:
    from .tensor import Tensor

__all__ = [
    "cross",
    "det",
    "inv",
    "matrix_norm",
    "norm",
    "solve",
    "svdvals",
    "vecdot",
    "vector_norm",
]

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
        raise ShapeError(
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
        raise ShapeError(f"{name}: the input must have at least 2 dimensions, got shape {shape}")
    dims = tuple(dim)
    if len(dims) != 2:
        raise ShapeError(f"{name}: dim must be a 2-tuple (the matrix axes), got {dim!r}")
    (row,), (column,) = (normalize_axis(d, ndim, name) or (0,) for d in dims)
    if row == column:
        raise ShapeError(f"{name}: dims must be different, got {dim!r} for shape {shape}")
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
        raise ShapeError(
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
            raise ShapeError(
                f"{name}: without dim, ord={ord!r} needs a 1-D or 2-D input, got shape "
                f"{a.shape}; give dim="
            )
        dim = (0,) if a.ndim == 1 else (-2, -1)
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    if len(dims) == 1:
        return vector_norm(a, 2 if ord is None else ord, dims, keepdim)  # type: ignore[arg-type]
    if len(dims) == 2:
        return matrix_norm(a, "fro" if ord is None else ord, dims, keepdim)
    raise ShapeError(f"{name}: dim must be an int or a 2-tuple, got {dim!r}")


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


def cross(input: Tensor, other: Tensor, *, dim: int = -1) -> Tensor:  # noqa: A002
    """The cross product of 3-vectors along ``dim`` (``torch.linalg.cross``: the default is
    the last dimension, where ``torch.cross`` takes the first of size 3); the two broadcast,
    with the same number of dimensions.

    >>> from autograd import Tensor
    >>> cross(Tensor([[1.0, 0.0, 0.0]]), Tensor([[0.0, 1.0, 0.0]]))
    Tensor([[0., 0., 1.]])
    """
    if not hasattr(input, "grad_fn") or not hasattr(other, "grad_fn"):
        raise TypeError(
            f"linalg.cross: expected two Tensors, got {type(input).__name__} and "
            f"{type(other).__name__}"
        )
    if input.ndim != other.ndim:  # PyTorch's rule here (torch.cross broadcasts them)
        raise ShapeError(
            f"linalg.cross: inputs must have the same number of dimensions, got shapes "
            f"{input.shape} and {other.shape}"
        )
    return input.cross(other, dim)


def vecdot(x: Tensor, y: Tensor, *, dim: int = -1) -> Tensor:
    """Σ conj(x) y along ``dim``, the two broadcast (``torch.linalg.vecdot``); float tensors
    of one dtype, as PyTorch's.

    >>> from autograd import Tensor
    >>> vecdot(Tensor([[1.0, 2.0], [3.0, 4.0]]), Tensor([1.0, 1.0]))
    Tensor([3., 7.])
    """
    name = "linalg.vecdot"
    x, y = _floating(name, x, None), _floating(name, y, None)
    if x.dtype != y.dtype:
        from .ops.linalg import check_product_dtypes

        check_product_dtypes(name, x.data, y.data)
    return (x * y).sum(axis=dim)


def _one_op(name: str, a: Any) -> Any:
    """The op classes of this module (imported when called: the Tensor imports this module
    before the ops exist), after checking ``a`` is a float Tensor."""
    _floating(name, a, None)
    from .ops import linalg as ops

    return ops


def det(a: Tensor) -> Tensor:
    """The determinant of the matrices in the last two axes (``torch.linalg.det``); its
    gradient is g · det(a) · a⁻ᵀ, the adjugate's transpose. At an exactly singular matrix it
    is still the adjugate (the limit of the gradients nearby; PyTorch 2 gives 0 there).

    >>> from autograd import Tensor
    >>> a = Tensor([[2.0, 1.0], [1.0, 3.0]], requires_grad=True)
    >>> det(a).backward()
    >>> a.grad  # d det / da = adj(a)ᵀ
    array([[ 3., -1.],
           [-1.,  2.]], dtype=float32)
    """
    return _one_op("linalg.det", a).Det.apply(a)


def inv(a: Tensor) -> Tensor:
    """The inverse of the matrices in the last two axes (``torch.linalg.inv``); its gradient
    is −a⁻ᵀ g a⁻ᵀ. A singular matrix is an error (``LinAlgError``, a RuntimeError).

    >>> from autograd import Tensor
    >>> inv(Tensor([[2.0, 0.0], [0.0, 4.0]]))
    Tensor([[0.5 , 0.  ],
            [0.  , 0.25]])
    """
    return _one_op("linalg.inv", a).Inv.apply(a)


def solve(a: Tensor, b: Tensor, *, left: bool = True) -> Tensor:
    """X with a X = b (``torch.linalg.solve``): ``b`` is a vector (or a batch of them, shaped
    as a's batch) or a matrix; the batch dimensions broadcast. Its gradients: ∂b = solve(aᵀ, g),
    ∂a = −∂b Xᵀ.

    >>> from autograd import Tensor
    >>> solve(Tensor([[2.0, 0.0], [0.0, 4.0]]), Tensor([2.0, 2.0]))
    Tensor([1. , 0.5])
    """
    name = "linalg.solve"
    ops = _one_op(name, a)
    b = _floating(name, b, None)
    if not left:
        raise NotImplementedError(f"{name}: left=False is not supported; solve aᵀ xᵀ = bᵀ")
    if a.dtype != b.dtype:
        ops.check_product_dtypes(name, a.data, b.data)
    vector = b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1])
    if a.ndim < 2 or b.shape[-1 if vector else -2] != a.shape[-1]:
        raise ShapeError(
            f"{name}: incompatible shapes of A {a.shape} and B {b.shape}: B's "
            f"{'length' if vector else 'rows'} must be A's size (A is n by n)"
        )
    return ops.Solve.apply(a, b, vector=vector)
