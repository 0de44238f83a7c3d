"""``torch.NAME`` reductions, scans and selections as ``autograd.NAME``: each calls the Tensor
method of the same name (``autograd.cumsum(x, 0)`` is ``x.cumsum(0)``), accepting anything
``to_tensor`` accepts; ``std_mean`` and ``var_mean`` (torch functions, not methods) are here
only.

>>> from autograd import Tensor
>>> x = Tensor([2.0, 0.0, 3.0], requires_grad=True)
>>> prod(x).backward()
>>> x.grad  # the product of the others, at the zero too
array([0., 6., 0.], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import composite
from .checks import Axis
from .functions import maximum, minimum
from .tensor import Tensor, ValuesIndices, to_tensor

__all__ = [
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "argsort",
    "count_nonzero",
    "cummax",
    "cummin",
    "cumprod",
    "cumsum",
    "kthvalue",
    "logcumsumexp",
    "max",
    "mean",
    "median",
    "min",
    "msort",
    "nanmean",
    "nanmedian",
    "nansum",
    "norm",
    "prod",
    "sort",
    "std_mean",
    "sum",
    "topk",
    "unique",
    "var_mean",
]


def sum(  # noqa: A001 - torch.sum
    input: Any,  # noqa: A002 - PyTorch's name
    dim: Axis = None,
    keepdim: bool = False,
    *,
    dtype: Any = None,
) -> Tensor:
    """The sum over ``dim`` (all entries by default); the sum of nothing is 0; bool and
    integer tensors give int64, as PyTorch.

    >>> from autograd import Tensor
    >>> sum(Tensor([[1.0, 2.0], [3.0, 4.0]]), dim=(0, 1)), sum(Tensor([[True, True]]))
    (Tensor(10.), Tensor(2, dtype=int64))
    """
    x, axes = _tensor_and_axes("sum", input, dim)
    return x._accumulating(dtype).sum(dim=axes, keepdim=keepdim)


def mean(
    input: Any,  # noqa: A002 - PyTorch's name
    dim: Axis = None,
    keepdim: bool = False,
    *,
    dtype: Any = None,
) -> Tensor:
    """The mean over ``dim`` (all entries by default); the mean of nothing is NaN.

    >>> from autograd import Tensor
    >>> mean(Tensor([[1.0, 2.0], [3.0, 4.0]]), dim=-1)
    Tensor([1.5, 3.5])
    """
    x, axes = _tensor_and_axes("mean", input, dim)
    return (x if dtype is None else x.astype(dtype)).mean(dim=axes, keepdim=keepdim)


def max(  # noqa: A001 - torch.max
    input: Any,  # noqa: A002 - PyTorch's name
    dim: Any = None,
    keepdim: bool = False,
) -> Tensor | ValuesIndices:
    """``max(x)``: the maximum of all entries (tied maxima share the gradient);
    ``max(x, dim)``: PyTorch's ``(values, indices)``; ``max(x, other)``: the elementwise
    maximum (``maximum``).

    >>> from autograd import Tensor
    >>> x = Tensor([[1.0, 5.0], [7.0, 2.0]])
    >>> max(x), max(x, 1).indices
    (Tensor(7.), Tensor([1, 0], dtype=int64))
    >>> max(x, Tensor(3.0))
    Tensor([[3., 5.],
            [7., 3.]])
    """
    x = to_tensor(input)
    if isinstance(dim, Tensor):
        return maximum(x, dim)
    return x.max() if dim is None else x.max(dim=dim, keepdim=keepdim)


def min(  # noqa: A001 - torch.min
    input: Any,  # noqa: A002 - PyTorch's name
    dim: Any = None,
    keepdim: bool = False,
) -> Tensor | ValuesIndices:
    """``min(x)``, ``min(x, dim)`` (values, indices) or ``min(x, other)``, as ``max``.

    >>> from autograd import Tensor
    >>> min(Tensor([[1.0, 5.0], [7.0, 2.0]]), 0).values
    Tensor([1., 2.])
    """
    x = to_tensor(input)
    if isinstance(dim, Tensor):
        return minimum(x, dim)
    return x.min() if dim is None else x.min(dim=dim, keepdim=keepdim)


def prod(
    input: Any,  # noqa: A002 - PyTorch's name
    dim: int | None = None,
    keepdim: bool = False,
    *,
    dtype: Any = None,
) -> Tensor:
    """The product over ``dim`` (all entries by default), as ``Tensor.prod``; its gradient is
    right where entries are 0.

    >>> from autograd import Tensor
    >>> prod(Tensor([[1.0, 2.0], [3.0, 4.0]]), 0)
    Tensor([3., 8.])
    """
    return to_tensor(input).prod(dim, keepdim, dtype=dtype)


def any(input: Any, dim: Axis = None, keepdim: bool = False) -> Tensor:  # noqa: A001, A002
    """Is any entry non-zero, over ``dim``? (``Tensor.any``)

    >>> from autograd import Tensor
    >>> any(Tensor([0.0, 2.0]))
    Tensor(True, dtype=bool)
    """
    return to_tensor(input).any(dim, keepdim)


def all(input: Any, dim: Axis = None, keepdim: bool = False) -> Tensor:  # noqa: A001, A002
    """Are all entries non-zero, over ``dim``? (``Tensor.all``)

    >>> from autograd import Tensor
    >>> all(Tensor([0.0, 2.0]))
    Tensor(False, dtype=bool)
    """
    return to_tensor(input).all(dim, keepdim)


def count_nonzero(input: Any, dim: Axis = None) -> Tensor:  # noqa: A002 - PyTorch's name
    """The number of non-zero entries over ``dim`` (``Tensor.count_nonzero``), int64.

    >>> from autograd import Tensor
    >>> count_nonzero(Tensor([0.0, 2.0, 3.0]))
    Tensor(2, dtype=int64)
    """
    return to_tensor(input).count_nonzero(dim)


def argmax(input: Any, dim: int | None = None, keepdim: bool = False) -> Tensor:  # noqa: A002
    """The index of the maximum (of the flattened tensor, or along ``dim``), int64.

    >>> from autograd import Tensor
    >>> argmax(Tensor([[1.0, 5.0], [7.0, 2.0]]), dim=0)
    Tensor([1, 0], dtype=int64)
    """
    return to_tensor(input).argmax(dim=dim, keepdim=keepdim)


def argmin(input: Any, dim: int | None = None, keepdim: bool = False) -> Tensor:  # noqa: A002
    """The index of the minimum (of the flattened tensor, or along ``dim``), int64.

    >>> from autograd import Tensor
    >>> argmin(Tensor([[1.0, 5.0], [7.0, 2.0]]))
    Tensor(0, dtype=int64)
    """
    return to_tensor(input).argmin(dim=dim, keepdim=keepdim)


def amax(input: Any, dim: Axis = (), keepdim: bool = False) -> Tensor:  # noqa: A002
    """The maximum over ``dim`` (all by default); tied maxima share the gradient.

    >>> from autograd import Tensor
    >>> amax(Tensor([[1.0, 5.0], [7.0, 2.0]]), dim=1)
    Tensor([5., 7.])
    """
    return to_tensor(input).amax(dim, keepdim)


def amin(input: Any, dim: Axis = (), keepdim: bool = False) -> Tensor:  # noqa: A002
    """The minimum over ``dim`` (all by default); tied minima share the gradient.

    >>> from autograd import Tensor
    >>> amin(Tensor([[1.0, 5.0], [7.0, 2.0]]), dim=(0, 1))
    Tensor(1.)
    """
    return to_tensor(input).amin(dim, keepdim)


def nansum(
    input: Any,  # noqa: A002 - PyTorch's name
    dim: Axis = None,
    keepdim: bool = False,
    *,
    dtype: Any = None,
) -> Tensor:
    """The sum with NaNs counted as 0 (``Tensor.nansum``).

    >>> from autograd import Tensor
    >>> nansum(Tensor([1.0, float("nan")]))
    Tensor(1.)
    """
    return to_tensor(input).nansum(dim, keepdim, dtype=dtype)


def nanmean(
    input: Any,  # noqa: A002 - PyTorch's name
    dim: Axis = None,
    keepdim: bool = False,
    *,
    dtype: Any = None,
) -> Tensor:
    """The mean of the entries that are not NaN (``Tensor.nanmean``).

    >>> from autograd import Tensor
    >>> nanmean(Tensor([1.0, float("nan"), 3.0]))
    Tensor(2.)
    """
    return to_tensor(input).nanmean(dim, keepdim, dtype=dtype)


def median(
    input: Any,  # noqa: A002 - PyTorch's name
    dim: int | None = None,
    keepdim: bool = False,
) -> Tensor | ValuesIndices:
    """The lower median of all entries, or with ``dim`` PyTorch's ``(values, indices)``
    (``Tensor.median``).

    >>> from autograd import Tensor
    >>> median(Tensor([4.0, 1.0, 3.0, 2.0]))
    Tensor(2.)
    """
    x = to_tensor(input)
    return x.median() if dim is None else x.median(dim, keepdim)


def nanmedian(
    input: Any,  # noqa: A002 - PyTorch's name
    dim: int | None = None,
    keepdim: bool = False,
) -> Tensor | ValuesIndices:
    """``median`` of the entries that are not NaN (``Tensor.nanmedian``).

    >>> from autograd import Tensor
    >>> nanmedian(Tensor([[float("nan"), 1.0, 2.0]]), 1).values
    Tensor([1.])
    """
    x = to_tensor(input)
    return x.nanmedian() if dim is None else x.nanmedian(dim, keepdim)


def kthvalue(
    input: Any,  # noqa: A002 - PyTorch's name
    k: int,
    dim: int = -1,
    keepdim: bool = False,
) -> ValuesIndices:
    """The ``k``-th smallest entry along ``dim`` and its index (``Tensor.kthvalue``).

    >>> from autograd import Tensor
    >>> kthvalue(Tensor([5.0, 1.0, 4.0]), 1)
    ValuesIndices(values=Tensor(1.), indices=Tensor(1, dtype=int64))
    """
    return to_tensor(input).kthvalue(k, dim, keepdim)


def topk(
    input: Any,  # noqa: A002 - PyTorch's name
    k: int,
    dim: int = -1,
    largest: bool = True,
    sorted: bool = True,  # noqa: A002 - PyTorch's name
) -> ValuesIndices:
    """The ``k`` largest (or smallest) entries along ``dim`` and their indices
    (``Tensor.topk``).

    >>> from autograd import Tensor
    >>> topk(Tensor([1.0, 5.0, 3.0]), 2, largest=False).values
    Tensor([1., 3.])
    """
    return to_tensor(input).topk(k, dim, largest, sorted)


def sort(
    input: Any,  # noqa: A002 - PyTorch's name
    dim: int = -1,
    descending: bool = False,
    *,
    stable: bool = False,
) -> ValuesIndices:
    """Sorted along ``dim``, with the indices (``Tensor.sort``; always stable).

    >>> from autograd import Tensor
    >>> sort(Tensor([3.0, 1.0, 2.0])).indices
    Tensor([1, 2, 0], dtype=int64)
    """
    return to_tensor(input).sort(dim, descending, stable=stable)


def argsort(
    input: Any,  # noqa: A002 - PyTorch's name
    dim: int = -1,
    descending: bool = False,
    *,
    stable: bool = False,
) -> Tensor:
    """The indices that sort along ``dim`` (``Tensor.argsort``).

    >>> from autograd import Tensor
    >>> argsort(Tensor([3.0, 1.0, 2.0]), descending=True)
    Tensor([0, 2, 1], dtype=int64)
    """
    return to_tensor(input).argsort(dim, descending, stable=stable)


def msort(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """Sorted along the first dimension (``Tensor.msort``).

    >>> from autograd import Tensor
    >>> msort(Tensor([3.0, 1.0, 2.0]))
    Tensor([1., 2., 3.])
    """
    return to_tensor(input).msort()


def unique(
    input: Any,  # noqa: A002 - PyTorch's name
    sorted: bool = True,  # noqa: A002 - PyTorch's name
    return_inverse: bool = False,
    return_counts: bool = False,
    dim: int | None = None,
) -> Tensor | tuple[Tensor, ...]:
    """The distinct values (or slices along ``dim``), with the inverse and the counts if
    asked (``Tensor.unique``; not differentiable).

    >>> from autograd import Tensor
    >>> unique(Tensor([2.0, 1.0, 2.0]), return_counts=True)
    (Tensor([1., 2.]), Tensor([1, 2], dtype=int64))
    """
    return to_tensor(input).unique(sorted, return_inverse, return_counts, dim)


def cumsum(input: Any, dim: int, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """Running sums along ``dim`` (``Tensor.cumsum``).

    >>> from autograd import Tensor
    >>> cumsum(Tensor([[1.0, 2.0], [3.0, 4.0]]), dim=0)
    Tensor([[1., 2.],
            [4., 6.]])
    """
    return to_tensor(input).cumsum(dim, dtype=dtype)


def cumprod(input: Any, dim: int, *, dtype: Any = None) -> Tensor:  # noqa: A002
    """Running products along ``dim`` (``Tensor.cumprod``).

    >>> from autograd import Tensor
    >>> cumprod(Tensor([1.0, 2.0, 3.0]), 0)
    Tensor([1., 2., 6.])
    """
    return to_tensor(input).cumprod(dim, dtype=dtype)


def logcumsumexp(input: Any, dim: int) -> Tensor:  # noqa: A002 - PyTorch's name
    """log(cumsum(exp(x))) along ``dim``, stably (``Tensor.logcumsumexp``).

    >>> from autograd import Tensor
    >>> logcumsumexp(Tensor([0.0, 0.0], dtype="float64"), 0)
    Tensor([0.    , 0.6931], dtype=float64)
    """
    return to_tensor(input).logcumsumexp(dim)


def cummax(input: Any, dim: int) -> ValuesIndices:  # noqa: A002 - PyTorch's name
    """The running maximum along ``dim`` and where it was reached (``Tensor.cummax``).

    >>> from autograd import Tensor
    >>> cummax(Tensor([1.0, 3.0, 2.0]), 0).indices
    Tensor([0, 1, 1], dtype=int64)
    """
    return to_tensor(input).cummax(dim)


def cummin(input: Any, dim: int) -> ValuesIndices:  # noqa: A002 - PyTorch's name
    """The running minimum along ``dim`` and where it was reached (``Tensor.cummin``).

    >>> from autograd import Tensor
    >>> cummin(Tensor([3.0, 1.0, 2.0]), 0).values
    Tensor([3., 1., 1.])
    """
    return to_tensor(input).cummin(dim)


def norm(
    input: Any,  # noqa: A002 - PyTorch's name
    p: float | str | None = "fro",
    dim: Axis = None,
    keepdim: bool = False,
    dtype: Any = None,
) -> Tensor:
    """``torch.norm`` (``Tensor.norm``): a vector p-norm, ``'fro'`` or ``'nuc'``;
    ``autograd.linalg`` has the ``torch.linalg`` norms.

    >>> from autograd import Tensor
    >>> norm(Tensor([3.0, 4.0])), norm(Tensor([3.0, 4.0]), p=1)
    (Tensor(5.), Tensor(7.))
    """
    return to_tensor(input).norm(p, dim, keepdim, dtype)


def var_mean(
    input: Any,  # noqa: A002 - PyTorch's name
    dim: Axis = None,
    *,
    correction: int | None = None,
    keepdim: bool = False,
    unbiased: bool | None = None,
) -> tuple[Tensor, Tensor]:
    """``(var, mean)`` over ``dim`` in one call, as ``torch.var_mean`` (``correction``
    default 1, the sample variance).

    >>> from autograd import Tensor
    >>> var_mean(Tensor([1.0, 2.0, 4.0]), correction=0)
    (Tensor(1.5556), Tensor(2.3333))
    """
    return _spread_and_mean("var_mean", composite.var, input, dim, correction, keepdim, unbiased)


def std_mean(
    input: Any,  # noqa: A002 - PyTorch's name
    dim: Axis = None,
    *,
    correction: int | None = None,
    keepdim: bool = False,
    unbiased: bool | None = None,
) -> tuple[Tensor, Tensor]:
    """``(std, mean)`` over ``dim`` in one call, as ``torch.std_mean``.

    >>> from autograd import Tensor
    >>> std_mean(Tensor([1.0, 3.0]))
    (Tensor(1.4142), Tensor(2.))
    """
    return _spread_and_mean("std_mean", composite.std, input, dim, correction, keepdim, unbiased)


def _tensor_and_axes(name: str, input: Any, dim: Axis) -> tuple[Tensor, tuple[int, ...] | None]:  # noqa: A002
    """The input as a Tensor and the axes ``dim`` names (all of them for None or ``()``, as
    PyTorch's reductions read ``dim``), checked in ``name``'s words."""
    x = to_tensor(input)
    return x, x._reduced_axes(dim, name)


def _spread_and_mean(
    name: str,
    spread: Callable[..., Tensor],
    input: Any,  # noqa: A002 - PyTorch's name
    dim: Axis,
    correction: int | None,
    keepdim: bool,
    unbiased: bool | None,
) -> tuple[Tensor, Tensor]:
    """``var_mean``/``std_mean``: the spread (``composite.var`` or ``std``) and the mean over
    the same axes."""
    x, axes = _tensor_and_axes(name, input, dim)
    value = spread(x, dim=axes, keepdim=keepdim, correction=correction, unbiased=unbiased)
    return value, x.mean(dim=axes, keepdim=keepdim)
