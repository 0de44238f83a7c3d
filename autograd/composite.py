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

import numpy as np

from .checks import Axis, normalize_axis
from .grad_mode import scope
from .protocols import ValueT

__all__ = ["log_softmax", "logsumexp", "softmax", "std", "var"]


@scope("softmax")
def softmax(x: ValueT, axis: int = -1) -> ValueT:
    """softmax(x)_i = exp(x_i - max x) / sum_j exp(x_j - max x).

    Subtracting the max first keeps exp from overflowing: softmax([1000, 2000, 3000]) is
    [0, 0, 1], not NaN. The max node is in the graph; the gradient reaching it sums to zero.

    >>> from autograd import Tensor
    >>> softmax(Tensor([1000.0, 2000.0, 3000.0]))
    Tensor([0., 0., 1.])
    """
    (axis,) = normalize_axis(axis, x.ndim, "softmax") or (0,)
    shifted = x - x.max(axis=axis, keepdims=True)
    exps = shifted.exp()
    return exps / exps.sum(axis=axis, keepdims=True)


@scope("log_softmax")
def log_softmax(x: ValueT, axis: int = -1) -> ValueT:
    """log_softmax(x)_i = (x_i - max x) - log sum_j exp(x_j - max x).

    >>> from autograd import Tensor
    >>> log_softmax(Tensor([0.0, 0.0], dtype=np.float64)).data
    array([-0.69314718, -0.69314718])
    """
    (axis,) = normalize_axis(axis, x.ndim, "log_softmax") or (0,)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - shifted.exp().sum(axis=axis, keepdims=True).log()


@scope("logsumexp")
def logsumexp(x: ValueT, axis: Axis = None, keepdims: bool = False) -> ValueT:
    """log sum exp(x) along ``axis``, computed stably as max + log sum exp(x - max).

    >>> from autograd import Tensor
    >>> float(logsumexp(Tensor([1000.0, 1000.0], dtype=np.float64)))
    1000.6931471805599
    """
    axes = normalize_axis(axis, x.ndim, "logsumexp")
    # any constant shift is exact; the max, as a plain array, keeps exp from overflowing
    peak = np.max(x.data, axis=axes, keepdims=True)
    peak = np.where(np.isfinite(peak), peak, 0).astype(x.dtype)  # a slice of only -inf: 0
    out = (x - peak).exp().sum(axis=axes, keepdims=True).log() + peak
    return out if keepdims else out.reshape(_reduced_shape(x.shape, axes))


@scope("var")
def var(x: ValueT, axis: Axis = None, keepdims: bool = False, ddof: int = 0) -> ValueT:
    """Variance: mean of squared deviations, divided by (n - ddof) like ``np.var``.

    float16 is computed in float32 (as PyTorch accumulates): its sums of squares overflow.

    >>> from autograd import Tensor
    >>> float(var(Tensor([1.0, 3.0])))
    1.0
    >>> float(var(Tensor(np.tile([0.0, 2.0], 35_000), dtype=np.float16)))
    1.0
    """
    if x.dtype.itemsize < 4:
        return _variance(x.astype(np.float32), axis, keepdims, ddof).astype(x.dtype)
    return _variance(x, axis, keepdims, ddof)


def _variance(x: ValueT, axis: Axis, keepdims: bool, ddof: int) -> ValueT:
    axes = normalize_axis(axis, x.ndim, "var")
    centered = x - x.mean(axis=axes, keepdims=True)
    count = x.size if axes is None else math.prod(x.shape[a] for a in axes)
    if count - ddof <= 0:
        raise ValueError(
            f"var: {count} values with ddof={ddof} leave no degrees of freedom "
            f"(shape {x.shape}, axis {axis})"
        )
    return (centered * centered).sum(axis=axes, keepdims=keepdims) / (count - ddof)


@scope("std")
def std(x: ValueT, axis: Axis = None, keepdims: bool = False, ddof: int = 0) -> ValueT:
    """Standard deviation, sqrt(var); its gradient is 0 where the deviation is 0 (as PyTorch's):
    the square root is taken only of positive variances, so no inf meets a zero.

    >>> from autograd import Tensor
    >>> x = Tensor([[1.0, 1.0], [0.0, 2.0]], requires_grad=True)
    >>> std(x, axis=1, ddof=1).sum().backward()
    >>> x.grad
    array([[ 0.        ,  0.        ],
           [-0.70710677,  0.70710677]], dtype=float32)
    """
    variance = var(x, axis=axis, keepdims=keepdims, ddof=ddof)
    positive = variance.data > 0
    return variance.where(positive, 1.0).sqrt().where(positive, 0.0)


def _reduced_shape(shape: tuple[int, ...], axes: tuple[int, ...] | None) -> tuple[int, ...]:
    if axes is None:
        return ()
    return tuple(size for i, size in enumerate(shape) if i not in axes)
