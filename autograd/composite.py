"""Composite functions: compositions of primitives only, with no backward of their own.

Their gradients emerge from the graph. Each runs inside a ``scope`` so that the visualiser can
draw it as one labelled cluster (or one collapsed box).
"""

from __future__ import annotations

import numpy as np

from .grad_mode import scope
from .ops import normalize_axis
from .tensor import Tensor


@scope("softmax")
def softmax(x, axis: int = -1):
    """softmax(x)_i = exp(x_i - max x) / sum_j exp(x_j - max x).

    Subtracting the max first keeps exp from overflowing: softmax([1000, 2000, 3000]) is
    [0, 0, 1], not NaN. The max node is in the graph; the gradient reaching it sums to zero.
    """
    (axis,) = normalize_axis(axis, x.ndim, "softmax") or (0,)
    shifted = x - x.max(axis=axis, keepdims=True)
    exps = shifted.exp()
    return exps / exps.sum(axis=axis, keepdims=True)


@scope("log_softmax")
def log_softmax(x, axis: int = -1):
    """log_softmax(x)_i = (x_i - max x) - log sum_j exp(x_j - max x)."""
    (axis,) = normalize_axis(axis, x.ndim, "log_softmax") or (0,)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - shifted.exp().sum(axis=axis, keepdims=True).log()


@scope("logsumexp")
def logsumexp(x, axis=None, keepdims: bool = False):
    """log sum exp(x) along ``axis``, computed stably as max + log sum exp(x - max)."""
    axes = normalize_axis(axis, x.ndim, "logsumexp")
    peak = x.max(axis=axes, keepdims=True).detach()  # any constant works; detached for speed
    if not np.isfinite(peak.data).all():  # a slice of only -inf (or with +inf): shift it by 0
        peak = Tensor(np.where(np.isfinite(peak.data), peak.data, 0).astype(peak.dtype))
    out = (x - peak).exp().sum(axis=axes, keepdims=True).log() + peak
    return out if keepdims else out.reshape(_reduced_shape(x.shape, axes))


@scope("var")
def var(x, axis=None, keepdims: bool = False, ddof: int = 0):
    """Variance: mean of squared deviations, divided by (n - ddof) like ``np.var``."""
    axes = normalize_axis(axis, x.ndim, "var")
    centered = x - x.mean(axis=axes, keepdims=True)
    count = x.size if axes is None else int(_prod(x.shape[a] for a in axes))
    if count - ddof <= 0:
        raise ValueError(
            f"var: {count} values with ddof={ddof} leave no degrees of freedom "
            f"(shape {x.shape}, axis {axis})"
        )
    return (centered * centered).sum(axis=axes, keepdims=keepdims) / (count - ddof)


def _reduced_shape(shape: tuple, axes) -> tuple:
    if axes is None:
        return ()
    return tuple(size for i, size in enumerate(shape) if i not in axes)


def _prod(values) -> int:
    result = 1
    for value in values:
        result *= value
    return result
