"""Composite functions: compositions of primitives only, with no backward of their own.

Their gradients emerge from the graph. Each runs inside a ``scope`` so that the visualiser can
draw it as one labelled cluster (or one collapsed box). They use only Tensor methods, so this
module imports no Tensor and no op: ``x`` is any ``protocols.Value``.

>>> from autograd import Tensor
>>> z = Tensor([1.0, 2.0, 3.0], requires_grad=True)
>>> p = softmax(z)
>>> p.grad_fn.scope[0][0], round(float(p.sum()), 6)
('softmax', 1.0)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .checks import Axis, normalize_axis
from .grad_mode import scope
from .protocols import ValueT

__all__ = ["log_softmax", "logsumexp", "softmax", "std", "var"]


def resolve_axis(
    op_name: str, axis: Any, dim: Any, keepdims: bool = False, keepdim: bool | None = None
) -> tuple[Any, bool]:
    """NumPy's ``axis=``/``keepdims=`` or PyTorch's ``dim=``/``keepdim=``: one spelling of each.

    Shared by the Tensor's reductions and these functions (it would sit in ``checks.py``, but
    the Tensor reaches it through this module, which it imports anyway).

    >>> resolve_axis("sum", None, -1, keepdim=True)
    (-1, True)
    """
    if dim is not None:
        if axis is not None:
            raise TypeError(
                f"{op_name}: got both axis={axis!r} and dim={dim!r}; they are one argument "
                f"(NumPy's and PyTorch's spelling), give only one"
            )
        axis = dim
    if keepdim is not None:
        if keepdims:
            raise TypeError(
                f"{op_name}: got both keepdims= and keepdim=; they are one argument "
                f"(NumPy's and PyTorch's spelling), give only one"
            )
        keepdims = bool(keepdim)
    return axis, keepdims


def reduction_axes(
    op_name: str,
    ndim: int,
    axis: Any,
    dim: Any,
    keepdims: bool = False,
    keepdim: bool | None = None,
) -> tuple[tuple[int, ...] | None, bool]:
    """The axes a reduction of a tensor of ``ndim`` dimensions works on (``resolve_axis``'s
    one spelling, then checked and made non-negative; None for all), and ``keepdims``: the
    argument handling of every reduction, the Tensor's and these functions'.

    >>> reduction_axes("sum", 3, None, -1, keepdim=True)
    ((2,), True)
    """
    axis, keepdims = resolve_axis(op_name, axis, dim, keepdims, keepdim)
    return normalize_axis(axis, ndim, op_name), keepdims


def _one_dim(op_name: str, x: ValueT, axis: int | None, dim: int | None) -> int:
    """The one axis softmax-like functions work along: -1 unless ``axis`` or ``dim`` says."""
    axis, _ = resolve_axis(op_name, axis, dim)
    (axis,) = normalize_axis(-1 if axis is None else axis, x.ndim, op_name) or (0,)
    return axis


@scope("softmax")
def softmax(x: ValueT, axis: int | None = None, *, dim: int | None = None) -> ValueT:
    """softmax(x)_i = exp(x_i - max x) / sum_j exp(x_j - max x).

    Subtracting the max first keeps exp from overflowing: softmax([1000, 2000, 3000]) is
    [0, 0, 1], not NaN. The max node is in the graph; the gradient reaching it sums to zero.

    >>> from autograd import Tensor
    >>> softmax(Tensor([1000.0, 2000.0, 3000.0]))
    Tensor([0., 0., 1.])

    Along the last axis unless ``axis`` (or PyTorch's ``dim``) names another.
    """
    axis = _one_dim("softmax", x, axis, dim)
    shifted = x - x.max(axis=axis, keepdims=True)
    exps = shifted.exp()
    return exps / exps.sum(axis=axis, keepdims=True)


@scope("log_softmax")
def log_softmax(x: ValueT, axis: int | None = None, *, dim: int | None = None) -> ValueT:
    """log_softmax(x)_i = (x_i - max x) - log sum_j exp(x_j - max x), along the last axis
    unless ``axis`` (or ``dim``) names another.

    >>> from autograd import Tensor
    >>> log_softmax(Tensor([0.0, 0.0], dtype=np.float64)).data
    array([-0.69314718, -0.69314718])
    """
    axis = _one_dim("log_softmax", x, axis, dim)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - shifted.exp().sum(axis=axis, keepdims=True).log()


@scope("logsumexp")
def logsumexp(
    x: ValueT,
    axis: Axis = None,
    keepdims: bool = False,
    *,
    dim: Axis = None,
    keepdim: bool | None = None,
) -> ValueT:
    """log sum exp(x) along ``axis`` (or ``dim``), computed stably as max + log sum exp(x - max).

    >>> from autograd import Tensor
    >>> float(logsumexp(Tensor([1000.0, 1000.0], dtype=np.float64)))
    1000.6931471805599
    """
    axes, keepdims = reduction_axes("logsumexp", x.ndim, axis, dim, keepdims, keepdim)
    # any constant shift is exact; the max, as a plain array, keeps exp from overflowing
    # (a slice of only -inf, or an empty one, shifts by 0: the sum of nothing is 0, its log -inf)
    peak = np.max(x.data, axis=axes, keepdims=True, initial=-np.inf)
    peak = np.where(np.isfinite(peak), peak, 0).astype(x.dtype)
    out = (x - peak).exp().sum(axis=axes, keepdims=True).log() + peak
    return out if keepdims else out.reshape(_reduced_shape(x.shape, axes))


def _correction(ddof: int | None, correction: int | None, unbiased: bool | None) -> int:
    """What the variance divides by is n - this: NumPy's ``ddof``, PyTorch's ``correction`` (or
    its older ``unbiased``), one of them; PyTorch's default, 1 (Bessel's correction)."""
    given = {"ddof": ddof, "correction": correction, "unbiased": unbiased}
    named = [f"{name}={value!r}" for name, value in given.items() if value is not None]
    if len(named) > 1:
        raise TypeError(
            f"var: got {' and '.join(named)}; they set one thing (the divisor n - ddof, "
            f"n - correction; unbiased=True is correction=1), give only one"
        )
    if unbiased is not None:
        return 1 if unbiased else 0
    if ddof is not None:
        return ddof
    return 1 if correction is None else correction


@scope("var")
def var(
    x: ValueT,
    axis: Axis = None,
    keepdims: bool = False,
    ddof: int | None = None,
    *,
    dim: Axis = None,
    keepdim: bool | None = None,
    correction: int | None = None,
    unbiased: bool | None = None,
) -> ValueT:
    """Variance: the sum of squared deviations over ``axis`` (or ``dim``), divided by
    n - correction. PyTorch's default, correction=1, is the unbiased sample variance; NumPy's
    ``ddof=0`` (or ``correction=0``) gives the population variance. With no degrees of
    freedom (n - correction <= 0) the result is NaN (inf where the deviations are not all 0),
    as PyTorch's, without its warning.

    float16 is computed in float32 (as PyTorch accumulates): its sums of squares overflow.

    >>> from autograd import Tensor
    >>> float(var(Tensor([1.0, 3.0]))), float(var(Tensor([1.0, 3.0]), correction=0))
    (2.0, 1.0)
    >>> float(var(Tensor(np.tile([0.0, 2.0], 35_000), dtype=np.float16), ddof=0))
    1.0
    """
    axes, keepdims = reduction_axes("var", x.ndim, axis, dim, keepdims, keepdim)
    ddof = _correction(ddof, correction, unbiased)
    if x.dtype.itemsize < 4:
        return _variance(x.astype(np.float32), axes, keepdims, ddof).astype(x.dtype)
    return _variance(x, axes, keepdims, ddof)


def _variance(x: ValueT, axes: tuple[int, ...] | None, keepdims: bool, ddof: int) -> ValueT:
    centered = x - x.mean(axis=axes, keepdims=True)
    count = x.size if axes is None else math.prod(x.shape[a] for a in axes)
    squares = (centered * centered).sum(axis=axes, keepdims=keepdims)
    if count - ddof > 0:
        return squares / (count - ddof)
    # No degrees of freedom: PyTorch divides by 0 (with a warning): inf where the squares sum to
    # more than 0, else NaN. Built without a division, so that NumPy warns neither here nor in
    # backward; the gradient is NaN where the value is (PyTorch's is inf or NaN everywhere).
    undefined = (centered * np.nan).sum(axis=axes, keepdims=keepdims) + np.nan
    return undefined.where(~(squares.data > 0), np.inf)


@scope("std")
def std(
    x: ValueT,
    axis: Axis = None,
    keepdims: bool = False,
    ddof: int | None = None,
    *,
    dim: Axis = None,
    keepdim: bool | None = None,
    correction: int | None = None,
    unbiased: bool | None = None,
) -> ValueT:
    """Standard deviation, sqrt(var) (the same ``correction``, default 1); its gradient is 0
    where the deviation is 0 (as PyTorch's): the square root is taken only of positive
    variances, so no inf meets a zero.

    >>> from autograd import Tensor
    >>> x = Tensor([[1.0, 1.0], [0.0, 2.0]], requires_grad=True)
    >>> std(x, dim=1).sum().backward()
    >>> x.grad
    array([[ 0.        ,  0.        ],
           [-0.70710677,  0.70710677]], dtype=float32)
    """
    variance = var(
        x, axis, keepdims, ddof, dim=dim, keepdim=keepdim, correction=correction, unbiased=unbiased
    )
    zero = variance.data <= 0  # a NaN variance (no degrees of freedom) stays NaN
    return variance.where(~zero, 1.0).sqrt().where(~zero, 0.0)


def _reduced_shape(shape: tuple[int, ...], axes: tuple[int, ...] | None) -> tuple[int, ...]:
    if axes is None:
        return ()
    return tuple(size for i, size in enumerate(shape) if i not in axes)
