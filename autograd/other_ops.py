"""PyTorch's remaining pointwise, BLAS-style and "other" operations, as compositions.

Each function here is a composition of the engine's primitives (no backward of its own), so
each is differentiable to any order where PyTorch's is; they are also ``Tensor`` methods and
``autograd.NAME`` functions, with PyTorch's names and arguments.

>>> from autograd import tensor
>>> tensor([0.0, 1.0]).xlogy(tensor([0.0, 2.0]))  # 0 · log 0 is 0, as in PyTorch
Tensor([0.    , 0.6931])
>>> tensor([[1, 2], [3, 4]]).rot90().tolist()
[[2, 4], [1, 3]]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from . import checks
from .errors import ShapeError
from .functions import cat, where
from .grad_mode import no_grad
from .tensor import Tensor, from_numpy, to_tensor

__all__ = [
    "addcdiv",
    "addcmul",
    "addmm",
    "addmv",
    "aminmax",
    "baddbmm",
    "bincount",
    "cumulative_trapezoid",
    "deg2rad",
    "diff",
    "fmax",
    "fmin",
    "histc",
    "logit",
    "logspace",
    "mode",
    "rad2deg",
    "rot90",
    "sinc",
    "trapezoid",
    "xlogy",
]


def _float(input: Any) -> Tensor:  # noqa: A002 - PyTorch's parameter name
    tensor = to_tensor(input)
    return tensor if tensor.dtype.kind in "fc" else tensor.float()


def deg2rad(input: Any) -> Tensor:  # noqa: A002
    """Degrees to radians: ``input · π / 180`` (integers become the default float dtype)."""
    return _float(input) * (math.pi / 180)


def rad2deg(input: Any) -> Tensor:  # noqa: A002
    """Radians to degrees: ``input · 180 / π``."""
    return _float(input) * (180 / math.pi)


def logit(input: Any, eps: float | None = None) -> Tensor:  # noqa: A002
    """``log(p / (1 − p))``; with ``eps``, ``p`` is first clamped to ``[eps, 1 − eps]`` (whose
    gradient is then zero outside, as PyTorch's).

    >>> from autograd import tensor
    >>> tensor([0.5, 0.0]).logit(eps=1e-6)
    Tensor([  0.    , -13.8155])
    """
    p = _float(input)
    if eps is not None:
        p = p.clamp(eps, 1 - eps)
        return (p / (1 - p)).log()
    # outside [0, 1] the value is NaN, and so is PyTorch's gradient: a term that is 0 inside
    # and NaN · p outside carries that NaN into the gradient too
    outside = (p < 0) | (p > 1)
    return (p / (1 - p)).log() + p * where(outside, math.nan, 0.0)


def sinc(input: Any) -> Tensor:  # noqa: A002
    """The normalised sinc ``sin(πx) / (πx)``, 1 at 0. The quotient is taken where ``x ≠ 0``
    only (a double ``where``), so the gradient at 0 is 0, not NaN."""
    x = _float(input)
    zero = x == 0
    safe = where(zero, 1.0, x) * math.pi
    return where(zero, 1.0, safe.sin() / safe)


def xlogy(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``input · log(other)``, 0 where ``input`` is 0 (even where ``other`` is 0 or inf), NaN
    where ``other`` is NaN, as PyTorch's."""
    x, y = to_tensor(input), to_tensor(other)
    if x.dtype.kind not in "fc" and y.dtype.kind not in "fc":
        x = x.float()
    # where x is 0 the value is 0; the product is avoided only where it would be NaN (y <= 0 or
    # inf), so elsewhere ∂/∂x = log y as in PyTorch
    special = (x == 0) & ((y <= 0) | y.isinf())
    safe_y = where(special, 1.0, y)
    return where(special, 0.0, x * safe_y.log())


def _nan_aware(a: Tensor, b: Tensor, pick_first: Tensor, name: str) -> Tensor:
    checks.broadcast_shapes(name, a.shape, b.shape)
    a_nan, b_nan = a.isnan(), b.isnan()
    choose_a = (pick_first | b_nan) & ~a_nan
    return where(choose_a | (a_nan & b_nan), a, b)


def fmax(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Elementwise maximum that ignores NaN (NaN only where both are NaN), as ``torch.fmax``;
    the gradient goes to the chosen operand (``a`` on ties)."""
    a, b = to_tensor(input), to_tensor(other)
    return _nan_aware(a, b, a >= b, "fmax")


def fmin(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Elementwise minimum that ignores NaN, as ``torch.fmin``."""
    a, b = to_tensor(input), to_tensor(other)
    return _nan_aware(a, b, a <= b, "fmin")


def addcmul(input: Any, tensor1: Any, tensor2: Any, *, value: float = 1) -> Tensor:  # noqa: A002
    """``input + value · tensor1 · tensor2``."""
    return to_tensor(input) + value * to_tensor(tensor1) * to_tensor(tensor2)


def addcdiv(input: Any, tensor1: Any, tensor2: Any, *, value: float = 1) -> Tensor:  # noqa: A002
    """``input + value · tensor1 / tensor2``."""
    return to_tensor(input) + value * to_tensor(tensor1) / to_tensor(tensor2)


def _scaled_sum(input: Any, product: Tensor, beta: float, alpha: float) -> Tensor:  # noqa: A002
    scaled = product if alpha == 1 else product * alpha
    if beta == 0:  # PyTorch ignores input then (NaN and inf in it do not propagate)
        return scaled
    base = to_tensor(input)
    return scaled + (base if beta == 1 else base * beta)


def addmm(input: Any, mat1: Any, mat2: Any, *, beta: float = 1, alpha: float = 1) -> Tensor:  # noqa: A002
    """``beta · input + alpha · (mat1 @ mat2)`` for 2-d ``mat1`` (n, m), ``mat2`` (m, p);
    ``input`` broadcasts to (n, p)."""
    first, second = to_tensor(mat1), to_tensor(mat2)
    if first.ndim != 2 or second.ndim != 2:
        raise ShapeError(
            f"addmm: mat1 and mat2 must be 2-d, got shapes {first.shape} and {second.shape}"
        )
    return _scaled_sum(input, first.mm(second), beta, alpha)


def addmv(input: Any, mat: Any, vec: Any, *, beta: float = 1, alpha: float = 1) -> Tensor:  # noqa: A002
    """``beta · input + alpha · (mat @ vec)`` for a 2-d ``mat`` and a 1-d ``vec``."""
    matrix, vector = to_tensor(mat), to_tensor(vec)
    if matrix.ndim != 2 or vector.ndim != 1:
        raise ShapeError(
            f"addmv: mat must be 2-d and vec 1-d, got shapes {matrix.shape} and {vector.shape}"
        )
    return _scaled_sum(input, matrix @ vector, beta, alpha)


def baddbmm(
    input: Any,  # noqa: A002
    batch1: Any,
    batch2: Any,
    *,
    beta: float = 1,
    alpha: float = 1,
) -> Tensor:
    """``beta · input + alpha · (batch1 @ batch2)`` for 3-d batches (b, n, m) and (b, m, p)."""
    return _scaled_sum(input, to_tensor(batch1).bmm(to_tensor(batch2)), beta, alpha)


def diff(
    input: Any,  # noqa: A002
    n: int = 1,
    dim: int = -1,
    prepend: Any = None,
    append: Any = None,
) -> Tensor:
    """The ``n``-th forward difference along ``dim`` (``out[i] = x[i + 1] − x[i]``, applied
    ``n`` times), after ``prepend``/``append`` are concatenated along it, as ``torch.diff``.
    Booleans differ by ``!=``.

    >>> from autograd import tensor
    >>> tensor([1, 4, 9, 16]).diff().tolist(), tensor([1, 4, 9, 16]).diff(n=2).tolist()
    ([3, 5, 7], [2, 2])
    """
    x = to_tensor(input)
    if x.ndim == 0:
        raise ShapeError("diff: expects input to be at least one-dimensional")
    if n < 0:
        raise ShapeError(f"diff: order must be non-negative, got {n}")
    (axis,) = checks.normalize_axis(dim, x.ndim, "diff") or (0,)
    parts = [value for value in (prepend, x, append) if value is not None]
    if len(parts) > 1:
        parts = [
            to_tensor(part)
            if to_tensor(part).ndim
            else to_tensor(part).expand(
                *[1 if i == axis else size for i, size in enumerate(x.shape)]
            )
            for part in parts
        ]
        x = cat(parts, dim=axis)
    for _ in range(n):
        length = x.shape[axis]
        if length == 0:
            break
        later, earlier = x.narrow(axis, 1, length - 1), x.narrow(axis, 0, length - 1)
        x = later != earlier if x.dtype == np.bool_ else later - earlier
    return x


def rot90(input: Any, k: int = 1, dims: Sequence[int] = (0, 1)) -> Tensor:  # noqa: A002
    """Rotate by 90° ``k`` times in the plane of ``dims``, from the first towards the second
    axis, as ``torch.rot90``."""
    x = to_tensor(input)
    if len(dims) != 2:
        raise ShapeError(f"rot90: expected exactly 2 rotation dims, got {len(dims)}")
    first, second = (
        checks.normalize_axis(d, x.ndim, "rot90")[0]  # type: ignore[index]
        for d in dims
    )
    if first == second:
        raise ShapeError(f"rot90: the rotation dims must differ, got {tuple(dims)}")
    k %= 4
    if k == 1:
        return x.flip([second]).transpose(first, second)
    if k == 2:
        return x.flip([first, second])
    if k == 3:
        return x.flip([first]).transpose(first, second)
    return x.clone()


def _spacing(y: Tensor, x: Any, dx: float | None, axis: int) -> Tensor | float:
    if x is None:
        return 1.0 if dx is None else dx
    points = to_tensor(x)
    if points.ndim == 1:
        steps = points.diff()
        shape = [1] * y.ndim
        shape[axis] = steps.shape[0]
        return steps.reshape(shape)
    return points.diff(dim=axis)


def trapezoid(y: Any, x: Any = None, *, dx: float | None = None, dim: int = -1) -> Tensor:
    """The trapezoidal rule along ``dim``: ``Σ (y[i] + y[i+1]) / 2 · Δx_i``, with sample
    points ``x`` or a constant spacing ``dx`` (default 1), as ``torch.trapezoid``.

    >>> from autograd import tensor
    >>> float(trapezoid(tensor([1.0, 2.0, 3.0])))
    4.0
    """
    values = _float(y)
    (axis,) = checks.normalize_axis(dim, values.ndim, "trapezoid") or (0,)
    length = values.shape[axis]
    if length == 0:
        return values.sum(dim=axis)
    pairs = values.narrow(axis, 1, length - 1) + values.narrow(axis, 0, length - 1)
    return (pairs * _spacing(values, x, dx, axis)).sum(dim=axis) / 2


def cumulative_trapezoid(
    y: Any, x: Any = None, *, dx: float | None = None, dim: int = -1
) -> Tensor:
    """The running trapezoidal integral along ``dim`` (one element shorter than ``y``)."""
    values = _float(y)
    (axis,) = checks.normalize_axis(dim, values.ndim, "cumulative_trapezoid") or (0,)
    length = values.shape[axis]
    if length == 0:
        return values
    pairs = values.narrow(axis, 1, length - 1) + values.narrow(axis, 0, length - 1)
    return (pairs * _spacing(values, x, dx, axis)).cumsum(dim=axis) / 2


class MinMax(NamedTuple):
    """What ``aminmax`` returns: ``min`` and ``max``."""

    min: Tensor
    max: Tensor


def aminmax(input: Any, *, dim: int | None = None, keepdim: bool = False) -> MinMax:  # noqa: A002
    """``(amin, amax)`` over ``dim`` (or all elements), as ``torch.aminmax``."""
    x = to_tensor(input)
    return MinMax(x.amin(dim=dim, keepdim=keepdim), x.amax(dim=dim, keepdim=keepdim))


class ValuesIndices(NamedTuple):
    """What ``mode`` returns: ``values`` and ``indices``."""

    values: Tensor
    indices: Tensor


def mode(input: Any, dim: int = -1, keepdim: bool = False) -> ValuesIndices:  # noqa: A002
    """The most frequent value along ``dim`` (the smallest among equally frequent ones) and the
    index of its last occurrence, as ``torch.mode`` on the CPU. The values' gradient goes to
    that element.

    >>> from autograd import tensor
    >>> tensor([[1, 3, 3, 2, 1]]).mode()
    ValuesIndices(values=Tensor([1], dtype=int64), indices=Tensor([4], dtype=int64))
    """
    x = to_tensor(input)
    if x.ndim == 0:
        return ValuesIndices(x.clone(), from_numpy(np.asarray(0, dtype=np.int64)))
    (axis,) = checks.normalize_axis(dim, x.ndim, "mode") or (0,)
    if x.shape[axis] == 0:
        raise ShapeError(f"mode: cannot reduce an empty dimension {dim} (shape {x.shape})")
    moved = np.moveaxis(x.data, axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    positions = np.empty(rows.shape[0], dtype=np.int64)
    for row, entries in enumerate(rows):
        order = np.argsort(entries, kind="stable")
        ranked = entries[order]
        starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
        counts = np.diff(np.r_[starts, ranked.size])
        most = int(np.argmax(counts))  # the first, so the smallest, of the most frequent
        positions[row] = order[starts[most] + counts[most] - 1]  # its last occurrence
    kept = np.expand_dims(positions.reshape(moved.shape[:-1]), axis)
    values = x.take_along_dim(from_numpy(kept), dim=axis)
    if keepdim:
        return ValuesIndices(values, from_numpy(kept))
    return ValuesIndices(values.squeeze(axis), from_numpy(np.squeeze(kept, axis)))


def histc(input: Any, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:  # noqa: A002
    """A histogram of ``bins`` equal bins over ``[min, max]`` (the data's range when both are
    0), elements outside ignored, as ``torch.histc`` (forward only)."""
    x = to_tensor(input)
    if bins <= 0:
        raise ShapeError(f"histc: bins must be > 0, got {bins}")
    data = x.data.ravel()
    low, high = float(min), float(max)
    if low == high == 0 and data.size:
        low, high = float(data.min()), float(data.max())
    if low == high:
        low, high = low - 1, high + 1
    if low > high:
        raise ShapeError(f"histc: max must be larger than min, got min={min}, max={max}")
    counts, _ = np.histogram(data, bins=bins, range=(low, high))
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float32)
    return from_numpy(counts.astype(dtype))


def bincount(input: Any, weights: Any = None, minlength: int = 0) -> Tensor:  # noqa: A002
    """Counts of each non-negative integer in a 1-d ``input`` (weighted sums with
    ``weights``), as ``torch.bincount`` (forward only)."""
    x = to_tensor(input)
    if x.ndim != 1 or x.dtype.kind not in "iub":
        raise ShapeError(
            f"bincount: expects a 1-d tensor of non-negative integers, got shape {x.shape} "
            f"and dtype {x.dtype}"
        )
    if x.data.size and int(x.data.min()) < 0:
        raise ShapeError("bincount: input must hold non-negative integers")
    if weights is None:
        return from_numpy(np.bincount(x.data, minlength=minlength).astype(np.int64))
    w = to_tensor(weights)
    out = np.bincount(x.data, weights=w.data, minlength=minlength)
    return from_numpy(out.astype(w.dtype if w.dtype.kind == "f" else np.float64))


def logspace(
    start: float,
    end: float,
    steps: int,
    base: float = 10.0,
    *,
    dtype: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """``steps`` numbers ``base ** t`` for ``t`` evenly spaced from ``start`` to ``end``."""
    from .creation import linspace

    with no_grad():
        exponents = linspace(start, end, steps, dtype=np.float64)
        values = (float(base) ** exponents).data
    result = Tensor(values, dtype=dtype)
    result.requires_grad_(requires_grad)
    return result
