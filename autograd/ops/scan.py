"""Scans and products: ``cumsum``, ``cumprod``, ``logcumsumexp`` and the ``prod`` reduction; and
the selections behind ``sort``, ``topk``, ``kthvalue``, ``median`` and ``cummax``.

The four primitives work along one axis. Products with zeros take no division: the gradient of
``prod`` is the product of the other entries, made of exclusive cumulative products, and
``cumprod``'s backward leaves out one factor at a time (in linear time for a first derivative,
quadratic when the backward itself is recorded, as PyTorch does). The selections find positions
with NumPy (a stable sort) and pick the values with ``take_along`` (``TakeAlongAxis``): the
gradient goes back to the picked positions, and repeated positions (``cummax``) add up.

>>> from autograd import Tensor
>>> x = Tensor([2.0, 0.0, 3.0], requires_grad=True)
>>> Prod.apply(x, axis=None, keepdims=False).backward()
>>> x.grad  # the product of the other two entries, also at the zero
array([0., 6., 0.], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..grad_mode import STATE
from ..tensor import Tensor
from .base import Op, constant
from .reduce import Sum, _spread, empty_reduction_error
from .shape import Concatenate, GetItem, select

__all__ = [
    "Cumprod",
    "Cumsum",
    "Logcumsumexp",
    "Prod",
    "PutAlongAxis",
    "Svdvals",
    "TakeAlongAxis",
    "check_nonempty",
    "kth_order",
    "running_extreme_indices",
    "sort_order",
    "take_along",
    "top_order",
]


def _flip(x: Tensor, axis: int) -> Tensor:
    """``x`` reversed along ``axis`` (a differentiable view)."""
    return GetItem.apply(x, index=(*(slice(None),) * axis, slice(None, None, -1)))


def _reversed_cumsum(a: np.ndarray, axis: int) -> np.ndarray:
    return np.flip(np.flip(a, axis).cumsum(axis), axis)


class Cumsum(Op):
    """Cumulative sum along ``axis`` (from the end when ``reverse``); linear, so its gradient
    is the cumulative sum the other way."""

    rule = "∂a = g summed from the other end (a reversed cumsum of g)"
    saves_inputs = False
    axis: int
    reverse: bool

    def forward(self, a: np.ndarray) -> np.ndarray:
        return _reversed_cumsum(a, self.axis) if self.reverse else a.cumsum(self.axis)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (Cumsum.apply(grad, axis=self.axis, reverse=not self.reverse),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return (
            None if tangent is None else Cumsum.apply(tangent, axis=self.axis, reverse=self.reverse)
        )


class Cumprod(Op):
    """Cumulative product along ``axis``: out_i = ∏_{j≤i} x_j."""

    rule = "∂a = at each k, Σ_{i≥k} g_i · ∏_{j≤i, j≠k} a_j (reversed cumsum of g · out, over a)"
    saves_output = True
    axis: int

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.cumprod(self.axis)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        (x,) = self.inputs
        if not (x.data == 0).any():
            return (Cumsum.apply(grad * self.output(), axis=self.axis, reverse=True) / x,)
        if not STATE.enabled:  # a first derivative only: linear time, in NumPy
            values = _cumprod_grad_with_zeros(x.data, grad.data, self.axis)
            return (constant(values.astype(grad.dtype, copy=False)),)
        # recorded for a higher derivative: every "product with one factor left out", O(n^2)
        upper = np.triu(np.ones((x.shape[self.axis],) * 2, dtype=bool))  # [k, i]: i >= k
        left_out = _products_without_each(x, self.axis)  # [..., k, i]
        along = grad.swapaxes(self.axis, -1).unsqueeze(-2)  # [..., 1, i]
        return (select(along * left_out, upper).sum(axis=-1).swapaxes(self.axis, -1),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        if tangent is None:
            return None
        (x,) = self.inputs
        if not (x.data == 0).any():  # d out_i = out_i Σ_{k≤i} dx_k / x_k
            return out * Cumsum.apply(tangent / x, axis=self.axis, reverse=False)
        upper = np.triu(np.ones((x.shape[self.axis],) * 2, dtype=bool))  # [k, i]: k <= i
        left_out = _products_without_each(x, self.axis)
        along = tangent.swapaxes(self.axis, -1).unsqueeze(-1)  # [..., k, 1]
        return select(along * left_out, upper).sum(axis=-2).swapaxes(self.axis, -1)


def _products_without_each(x: Tensor, axis: int) -> Tensor:
    """``[..., k, i] = ∏_{j≤i, j≠k} x_j`` along ``axis`` (moved last, with a new axis k before
    it): each prefix product with factor k left out, made without dividing by x_k."""
    last = x.swapaxes(axis, -1)
    size = last.shape[-1]
    rows = last.unsqueeze(-2).expand(*last.shape[:-1], size, size)  # [..., k, j] = x_j
    return Cumprod.apply(rows.where(~np.eye(size, dtype=bool), 1.0), axis=last.ndim)


def _cumprod_grad_with_zeros(x: np.ndarray, grad: np.ndarray, axis: int) -> np.ndarray:
    """Σ_{i≥k} g_i ∏_{j≤i, j≠k} x_j in linear time, for a slice whose first zero is at z:
    before z, divide by x_k (not 0); at z, leave x_z out of the products; after z, 0."""
    zero = x == 0
    zeros_so_far = zero.cumsum(axis)
    before = zeros_so_far == 0
    first = zero & (zeros_so_far == 1)
    with np.errstate(invalid="ignore", over="ignore"):
        head = _reversed_cumsum(np.where(before, grad * x.cumprod(axis), 0), axis)
        head = head / np.where(before, x, 1)
        skipping = np.where(first, 1, x).cumprod(axis)  # ∏_{j≤i, j≠z} x_j
        at_zero = _reversed_cumsum(grad * skipping, axis)
    return np.where(before, head, np.where(first, at_zero, 0))


class Prod(Op):
    """The product over ``axis`` (one axis, or all of them when None)."""

    rule = "∂a = g · the product of the other entries of the slice (g · out / a if none is 0)"
    saves_output = True
    axis: int | None
    keepdims: bool

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.prod(a, axis=self.axis, keepdims=self.keepdims)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        (x,) = self.inputs
        axes = None if self.axis is None else (self.axis,)
        return (_spread(grad, x.shape, axes) * self._others(x, self.output()),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        if tangent is None:
            return None
        axes = None if self.axis is None else (self.axis,)
        (x,) = self.inputs
        return Sum.apply(tangent * self._others(x, out), axis=axes, keepdims=self.keepdims)

    def _others(self, x: Tensor, out: Tensor) -> Tensor:
        """∏_{j≠k} x_j for every entry k of its slice, in x's shape."""
        if not (x.data == 0).any():
            return _spread(out, x.shape, None if self.axis is None else (self.axis,)) / x
        if self.axis is None:
            return _exclusive_products(x.reshape(-1), 0).reshape(x.shape)
        return _exclusive_products(x, self.axis)


def _exclusive_products(x: Tensor, axis: int) -> Tensor:
    """∏_{j<k} x_j · ∏_{j>k} x_j along ``axis``: two exclusive cumulative products, no division
    (PyTorch's ``prod_safe_zeros_backward``)."""
    one = constant(np.ones((*x.shape[:axis], 1, *x.shape[axis + 1 :]), dtype=x.dtype))
    lead = (slice(None),) * axis
    head = GetItem.apply(x, index=(*lead, slice(None, -1)))
    tail = GetItem.apply(x, index=(*lead, slice(1, None)))
    before = Cumprod.apply(Concatenate.apply(one, head, axis=axis), axis=axis)
    after = _flip(
        Cumprod.apply(_flip(Concatenate.apply(tail, one, axis=axis), axis), axis=axis), axis
    )
    return before * after


class Logcumsumexp(Op):
    """log Σ_{j≤i} exp(x_j) along ``axis`` (Σ_{j≥i} when ``reverse``), by pairwise logaddexp:
    no overflow, and no underflow of the small early terms."""

    rule = "∂a = at each k, Σ_{i≥k} g_i · exp(a_k − out_i) (in log space, for each sign of g)"
    saves_output = True
    axis: int
    reverse: bool

    def forward(self, a: np.ndarray) -> np.ndarray:
        if self.reverse:
            return np.flip(
                np.logaddexp.accumulate(np.flip(a, self.axis), axis=self.axis), self.axis
            )
        return np.logaddexp.accumulate(a, axis=self.axis)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        (x,) = self.inputs
        # exp(x_k + log Σ_{i≥k} g_i exp(-out_i)): a logcumsumexp running the other way
        return (_signed_log_scan(grad, -self.output(), x, self.axis, not self.reverse),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        if tangent is None:
            return None
        # d out_i = Σ_{k≤i} dx_k exp(x_k - out_i)
        return _signed_log_scan(tangent, self.inputs[0], -out, self.axis, self.reverse)


def _signed_log_scan(
    weights: Tensor, inner: Tensor, outer: Tensor, axis: int, reverse: bool
) -> Tensor:
    """exp(outer_k) · Σ_{j scanned to k} weights_j · exp(inner_j), computed as
    exp(outer + logcumsumexp(inner + log weights)) for the positive and the negative weights."""
    # a +inf here is -out where out = -inf (a slice of -inf so far): it adds nothing, and must
    # not meet a -inf (inf - inf = NaN); dropped as -inf, that is exp(-inf) = 0
    inner = inner.where(inner.data < np.inf, -np.inf)
    outer = outer.where(outer.data < np.inf, -np.inf)
    total: Tensor | None = None
    for sign in (1.0, -1.0):
        part = weights.data * sign > 0
        if not part.any():
            continue
        logs = (weights * sign).where(part, 1.0).log().where(part, -np.inf)
        term = (Logcumsumexp.apply(inner + logs, axis=axis, reverse=reverse) + outer).exp()
        signed = term if sign > 0 else -term
        total = signed if total is None else total + signed
    if total is None:  # all weights are 0
        return weights * 0.0
    return total


# ---------------------------------------------------------------------- selections
class TakeAlongAxis(Op):
    """``np.take_along_axis``: the entries at ``indices`` along ``axis``. ``distinct`` says no
    position is taken twice in a slice (a sort, a top-k), so backward can place, not add."""

    name = "take_along_axis"
    rule = "∂a = g put back at the positions it was taken from (repeated positions add up)"
    saves_inputs = False
    indices: np.ndarray
    axis: int
    distinct: bool

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.take_along_axis(a, self.indices, self.axis)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (PutAlongAxis.apply(grad, shape=self.inputs[0].shape, **self.args),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else TakeAlongAxis.apply(tangent, **self.args)


class PutAlongAxis(Op):
    """Zeros of ``shape`` with ``a`` added at ``indices`` along ``axis``: the adjoint of
    ``TakeAlongAxis`` (linear, so its gradient is taking again)."""

    name = "put_along_axis"
    rule = "∂a = g taken at the positions a was put to"
    saves_inputs = False
    indices: np.ndarray
    axis: int
    distinct: bool
    shape: tuple[int, ...]

    def forward(self, a: np.ndarray) -> np.ndarray:
        out = np.zeros(self.shape, dtype=a.dtype)
        if self.distinct:  # each position named once: placing is adding, and much faster
            np.put_along_axis(out, self.indices, a, self.axis)
        else:
            np.add.at(out, _along_index(self.indices, self.axis), a)
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        return (
            TakeAlongAxis.apply(grad, indices=self.indices, axis=self.axis, distinct=self.distinct),
        )

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else PutAlongAxis.apply(tangent, **self.args)


def _along_index(indices: np.ndarray, axis: int) -> tuple[np.ndarray, ...]:
    """The advanced index that ``take_along_axis(a, indices, axis)`` is: ``indices`` along
    ``axis``, and a broadcasting ``arange`` along every other axis."""
    return tuple(
        indices
        if i == axis
        else np.arange(size).reshape((1,) * i + (size,) + (1,) * (indices.ndim - i - 1))
        for i, size in enumerate(indices.shape)
    )


def take_along(x: Tensor, indices: np.ndarray, axis: int, distinct: bool = False) -> Tensor:
    """``np.take_along_axis(x, indices, axis)``, differentiable: the gradient goes back to the
    taken positions (repeated positions add up; ``distinct=True`` promises there are none).

    >>> from autograd import Tensor
    >>> take_along(Tensor([[5.0, 7.0, 9.0]]), np.array([[2, 0]]), 1)
    Tensor([[9., 5.]])
    """
    return TakeAlongAxis.apply(x, indices=indices, axis=axis, distinct=distinct)


def sort_order(a: np.ndarray, axis: int, descending: bool) -> np.ndarray:
    """The stable sorting permutation along ``axis``, as int64: equal values keep their order
    (descending too) and NaN sorts as the largest value, as in PyTorch.

    >>> sort_order(np.array([1.0, np.nan, 1.0, 2.0]), 0, descending=True)
    array([1, 3, 0, 2])
    """
    if not descending:
        return np.argsort(a, axis=axis, kind="stable").astype(np.int64, copy=False)
    # sorting the reversed slice keeps the later of equal values first; reversing the result
    # puts the earlier first again, and NaN (last when ascending) first
    order = np.argsort(np.flip(a, axis), axis=axis, kind="stable")
    return (a.shape[axis] - 1 - np.flip(order, axis)).astype(np.int64)


def _rows(a: np.ndarray, axis: int) -> np.ndarray:
    """``a`` with ``axis`` last, as a 2-D array of rows (a copy only where needed)."""
    moved = np.moveaxis(a, axis, -1)
    return moved.reshape(-1, a.shape[axis])


def _unrows(rows: np.ndarray, shape: tuple[int, ...], axis: int) -> np.ndarray:
    """The inverse of ``_rows``: rows of any length laid back along ``axis``."""
    moved = [size for i, size in enumerate(shape) if i != axis]
    return np.moveaxis(rows.reshape(*moved, rows.shape[-1]), -1, axis)


def _same(values: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """values == threshold, with NaN equal to NaN (the sorts' view of it)."""
    equal = values == threshold
    if values.dtype.kind == "f":
        equal |= np.isnan(values) & np.isnan(threshold)
    return equal


def _extreme(rows: np.ndarray, k: int, largest: bool) -> np.ndarray:
    """Each row's positions of its ``k`` largest (or smallest) entries, in the order of the
    stable sort (NaN largest, equal values in index order): ``np.argpartition`` finds k of
    them, and only rows where equal values straddle the cut are redone by ranking."""
    size = rows.shape[-1]
    kth = size - k if largest else k - 1
    full = np.argpartition(rows, kth, axis=-1)
    cut = full[:, kth:] if largest else full[:, :k]
    threshold = np.take_along_axis(rows, full[:, kth : kth + 1], axis=-1)
    picked = np.take_along_axis(rows, cut, axis=-1)
    straddling = _same(rows, threshold).sum(axis=-1) > _same(picked, threshold).sum(axis=-1)
    cut = np.sort(cut, axis=-1)
    for row in np.flatnonzero(straddling):  # the earliest of the equal values, as the sort
        values, value = rows[row], threshold[row]
        if rows.dtype.kind == "f" and np.isnan(value[0]):
            beyond = np.zeros(size, dtype=bool) if largest else ~np.isnan(values)
        elif rows.dtype.kind == "f":
            beyond = (values > value) | np.isnan(values) if largest else values < value
        else:
            beyond = values > value if largest else values < value
        equal = _same(values, value)
        chosen = beyond | (equal & (np.cumsum(equal) <= k - int(beyond.sum())))
        cut[row] = np.flatnonzero(chosen)
    order = sort_order(np.take_along_axis(rows, cut, axis=-1), 1, largest)
    return np.take_along_axis(cut, order, axis=-1)


def kth_order(a: np.ndarray, axis: int, kth: int) -> np.ndarray:
    """The position (keeping ``axis``, size 1) of ``sort_order(a, axis, False)[kth]``, the
    ``kth`` smallest entry counting from 0, found by partitioning instead of sorting: of equal
    values, the one the stable sort puts there.

    >>> kth_order(np.array([[2.0, 1.0, 2.0, 1.0, np.nan]]), 1, 2)
    array([[0]])
    """
    if a.dtype.kind not in "iuf":
        return np.take(sort_order(a, axis, False), [kth], axis=axis)
    rows = _rows(a, axis)
    full = np.argpartition(rows, kth, axis=-1)
    position = full[:, kth : kth + 1].copy()
    threshold = np.take_along_axis(rows, position, axis=-1)
    tied = np.flatnonzero(_same(rows, threshold).sum(axis=-1) > 1)
    if tied.size:  # of equal values, the (kth - #smaller)-th in index order
        values, value = rows[tied], threshold[tied]
        below = values < value
        if rows.dtype.kind == "f":
            below |= np.isnan(value) & ~np.isnan(values)
        equal = _same(values, value)
        wanted = kth - below.sum(axis=-1, keepdims=True)
        position[tied] = np.argmax(equal & (np.cumsum(equal, axis=-1) == wanted + 1), axis=-1)[
            :, None
        ]
    return _unrows(position, a.shape, axis).astype(np.int64, copy=False)


def top_order(a: np.ndarray, axis: int, k: int, largest: bool) -> np.ndarray:
    """``sort_order(a, axis, descending=largest)``'s first ``k`` positions along ``axis``: a
    partition finds the k, and only they are sorted (stable: equal values in index order).

    >>> top_order(np.array([1.0, 3.0, np.nan, 3.0, 0.0]), 0, 3, largest=True)
    array([2, 1, 3])
    """
    size = a.shape[axis]
    if k == 0 or k == size or a.dtype.kind not in "iuf":
        return np.take(sort_order(a, axis, largest), np.arange(k), axis=axis)
    order = _extreme(_rows(a, axis), k, largest)
    return _unrows(order, a.shape, axis).astype(np.int64, copy=False)


def running_extreme_indices(a: np.ndarray, axis: int, largest: bool) -> np.ndarray:
    """Where ``cummax`` (``largest``) or ``cummin`` finds its value: the latest position that
    reached the running extreme (ties: the later one), and once a NaN is met, the latest NaN,
    as PyTorch.

    >>> running_extreme_indices(np.array([1.0, 3.0, 3.0, 2.0]), 0, largest=True)
    array([0, 1, 2, 2])
    """
    running = (np.maximum if largest else np.minimum).accumulate(a, axis=axis)
    new = a == running
    if a.dtype.kind == "f":
        new |= np.isnan(a)
    positions = np.arange(a.shape[axis]).reshape([-1 if i == axis else 1 for i in range(a.ndim)])
    return np.maximum.accumulate(np.where(new, positions, 0), axis=axis).astype(np.int64)


def check_nonempty(name: str, shape: tuple[int, ...], axes: tuple[int, ...] | None) -> None:
    """PyTorch's rule for reductions without an identity (max, argmax, median...): reducing an
    axis of size 0, or all of an empty tensor, is an error (``empty_reduction_error``).

    >>> check_nonempty("amax", (0, 3), (1,))  # reduces the 3 columns of no rows: fine
    >>> check_nonempty("amax", (0, 3), (0,))
    Traceback (most recent call last):
    ...
    autograd.ops.reduce.EmptyDimError: amax: cannot reduce an empty tensor of shape (0, 3) ...
    """
    if axes is None or not shape:
        if 0 in shape:
            raise empty_reduction_error(name, shape, None)
        return
    for axis in axes:
        if shape[axis] == 0:
            raise empty_reduction_error(name, shape, axis)


class Svdvals(Op):
    """The singular values of the matrices in the last two axes, in descending order."""

    rule = "∂a = U · diag(g) · Vᴴ, with the singular vectors of a (first derivatives only)"

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.linalg.svd(a, compute_uv=False)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        if STATE.enabled:
            raise NotImplementedError(
                "svdvals: its second derivatives (the derivatives of the singular vectors) are "
                "not implemented; 'nuc' and ord=2 norms are differentiable once"
            )
        left, right = self._vectors()
        return (constant(np.matmul(left * grad.data[..., None, :], right)),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        if tangent is None:
            return None
        # d sigma_i = u_i^T dA v_i
        left, right = self._vectors()
        projected = constant(np.swapaxes(left, -1, -2)) @ tangent  # [..., i, column]
        return (projected * constant(right)).sum(axis=-1)

    def _vectors(self) -> tuple[np.ndarray, np.ndarray]:
        left, _, right = np.linalg.svd(self.inputs[0].data, full_matrices=False)
        return left, right
