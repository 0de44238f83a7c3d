"""Gather and scatter primitives: ``Gather``, ``ScatterAdd``, ``Scatter``, ``ScatterReduce``.

Each takes an integer ``index`` (already checked, ``checks.normalize_gather_index``) and a
``dim``: entry ``i`` of the index names position ``i`` of the tensor with its coordinate along
``dim`` replaced by ``index[i]`` (PyTorch's ``gather``/``scatter`` layout). All the work goes
through the flat positions those coordinates name (``positions``), so repeated positions are
handled in one place: ``ScatterAdd`` and ``ScatterReduce`` combine them exactly, ``Scatter``
keeps the last write in the index's C order (PyTorch leaves that order unspecified).

>>> import numpy as np
>>> from autograd import Tensor
>>> x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
>>> picked = Gather.apply(x, dim=1, index=np.array([[1, 1], [0, 1]]))
>>> picked.sum().backward()
>>> x.grad  # gather's gradient is a scatter-add: entry (0, 1) was picked twice
array([[0., 2.],
       [1., 1.]], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..tensor import Tensor
from .base import Grads, Op, constant
from .shape import GetItem, IndexAdd, select

__all__ = [
    "Gather",
    "Scatter",
    "ScatterAdd",
    "ScatterReduce",
    "coordinates",
    "positions",
    "written_mask",
]


def positions(index: np.ndarray, dim: int, shape: tuple[int, ...]) -> np.ndarray:
    """The flat positions (C order) in an array of ``shape`` that ``index`` names along
    ``dim``, one per index entry, in the index's own C order.

    >>> positions(np.array([[1, 0]]), 1, (2, 2))
    array([1, 0])
    """
    if index.ndim == 0:
        return np.zeros(1, dtype=np.intp)  # a 0-d tensor's one position
    coordinates: list[Any] = list(np.indices(index.shape, sparse=True))
    coordinates[dim] = index
    spread: Any = np.broadcast_arrays(*coordinates)
    return np.asarray(np.ravel_multi_index(spread, shape)).reshape(-1)


def coordinates(index: np.ndarray, dim: int, shape: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """The positions ``index`` names along ``dim``, as a tuple of integer arrays that index an
    array of ``shape`` (advanced indexing) and give an array of the index's shape.

    >>> coordinates(np.array([[1, 0]]), 1, (2, 2))
    (array([[0, 0]]), array([[1, 0]]))
    """
    if index.ndim == 0:
        return ()
    grid: list[Any] = list(np.indices(index.shape, sparse=True))
    grid[dim] = index
    return tuple(np.broadcast_arrays(*grid))


def written_mask(index: np.ndarray, dim: int, shape: tuple[int, ...]) -> np.ndarray:
    """True at every position of an array of ``shape`` that ``index`` names along ``dim``.

    >>> written_mask(np.array([0, 0]), 0, (3,))
    array([ True, False, False])
    """
    mask = np.zeros(int(np.prod(shape)), dtype=bool)
    mask[positions(index, dim, shape)] = True
    return mask.reshape(shape)


def _region(index: np.ndarray) -> tuple[slice, ...]:
    """The corner of a ``src`` that an index of this shape reads (``src`` may be larger)."""
    return tuple(slice(0, n) for n in index.shape)


def _src_values(src: np.ndarray, index: np.ndarray) -> np.ndarray:
    """The entries of ``src`` that are scattered, flat, in the index's C order."""
    return src[_region(index)].reshape(-1)


def _pad(grad: Tensor, shape: tuple[int, ...], index: np.ndarray) -> Tensor:
    """A gradient of the index's shape, placed in the corner of zeros of ``src``'s shape."""
    if grad.shape == shape:
        return grad
    return IndexAdd.apply(grad, index=_region(index), shape=shape)


def _corner(src: Tensor, index: np.ndarray) -> Tensor:
    """The part of ``src`` that an index reads, as a Tensor (``src`` itself when it fits)."""
    return src if src.shape == index.shape else GetItem.apply(src, index=_region(index))


class Gather(Op):
    """``out[i][j] = x[index[i][j]][j]`` for ``dim=0`` (and so on): entries of ``x`` picked
    along ``dim``; the output has the index's shape.

    >>> Gather.apply(Tensor([10.0, 20.0, 30.0]), dim=0, index=np.array([2, 0, 2]))
    Tensor([30., 10., 30.])
    """

    rule = "∂x = scatter_add(zeros of x's shape, dim, index, g)"  # repeated entries accumulate
    saves_inputs = False
    dim: int
    index: np.ndarray

    def forward(self, x: np.ndarray) -> np.ndarray:
        flat = x.reshape(-1)[positions(self.index, self.dim, x.shape)]
        return flat.reshape(self.index.shape)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        # scatter_add into zeros, spelled as IndexAdd at the gathered coordinates: its zeros are
        # allocated lazily (no copy of a full-size array), and its backward is indexing again
        shape = self.inputs[0].shape
        return (IndexAdd.apply(grad, index=coordinates(self.index, self.dim, shape), shape=shape),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else Gather.apply(tangent, dim=self.dim, index=self.index)


class ScatterAdd(Op):
    """``x`` with each entry of ``src`` added at the position the index names along ``dim``;
    repeated positions accumulate exactly.

    >>> ScatterAdd.apply(
    ...     Tensor([0.0, 0.0]), Tensor([1.0, 2.0, 4.0]), dim=0, index=np.array([1, 0, 1])
    ... )
    Tensor([2., 5.])
    """

    name = "scatter_add"
    rule = "∂x = g; ∂src = gather(g, dim, index), zero outside the index's shape"
    saves_inputs = False
    dim: int
    index: np.ndarray

    def forward(self, x: np.ndarray, src: np.ndarray) -> np.ndarray:
        out = x.astype(np.result_type(x, src), copy=True).reshape(-1)
        where, values = positions(self.index, self.dim, x.shape), _src_values(src, self.index)
        np.add.at(out, where, values)  # exact for repeated positions; fast since NumPy 1.25
        return out.reshape(x.shape)

    def backward(self, grad: Tensor) -> Grads:
        need_x, need_src = self.needs_grad
        src = self.inputs[1]
        picked = Gather.apply(grad, dim=self.dim, index=self.index) if need_src else None
        return (
            grad if need_x else None,
            None if picked is None else _pad(picked, src.shape, self.index),
        )

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        x_tangent, src_tangent = _zeros_for_missing(tangents, self.inputs, out)
        return ScatterAdd.apply(x_tangent, src_tangent, dim=self.dim, index=self.index)


class Scatter(Op):
    """``x`` with entries of ``src`` written at the positions the index names along ``dim``.
    A position named twice keeps the last write in the index's C order (PyTorch's order is
    unspecified there; its gradient to ``src`` is a gather, as PyTorch's).

    >>> Scatter.apply(Tensor([0.0, 0.0, 0.0]), Tensor([1.0, 2.0]), dim=0, index=np.array([2, 2]))
    Tensor([0., 0., 2.])
    """

    rule = "∂x = g, zero where written; ∂src = gather(g, dim, index)"
    saves_inputs = False
    dim: int
    index: np.ndarray

    def forward(self, x: np.ndarray, src: np.ndarray) -> np.ndarray:
        out = x.astype(np.result_type(x, src), copy=True).reshape(-1)
        where, values = positions(self.index, self.dim, x.shape), _src_values(src, self.index)
        unique, first_from_the_end = np.unique(where[::-1], return_index=True)
        out[unique] = values[where.size - 1 - first_from_the_end]
        return out.reshape(x.shape)

    def backward(self, grad: Tensor) -> Grads:
        need_x, need_src = self.needs_grad
        x, src = self.inputs
        kept = select(grad, ~written_mask(self.index, self.dim, x.shape)) if need_x else None
        picked = None
        if need_src:
            picked = _pad(Gather.apply(grad, dim=self.dim, index=self.index), src.shape, self.index)
        return kept, picked

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        x_tangent, src_tangent = _zeros_for_missing(tangents, self.inputs, out)
        return Scatter.apply(x_tangent, src_tangent, dim=self.dim, index=self.index)


_UFUNCS = {
    "sum": np.add,
    "mean": np.add,
    "prod": np.multiply,
    "amax": np.maximum,
    "amin": np.minimum,
}


def _identity(reduce: str, dtype: np.dtype) -> float | int:
    """The value that does not change a reduction: what a position starts from without self."""
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    low, high = (
        (-np.inf, np.inf) if dtype.kind == "f" else (np.iinfo(dtype).min, np.iinfo(dtype).max)
    )
    return low if reduce == "amax" else high


class ScatterReduce(Op):
    """Each entry of ``src`` combined into the position the index names along ``dim`` by
    ``reduce`` (``"sum"``, ``"prod"``, ``"mean"``, ``"amax"``, ``"amin"``), starting from
    ``x``'s value if ``include_self`` else from the scattered entries alone; positions not
    named keep ``x``'s value. Integer means round down, as PyTorch's. The gradient of ``prod``
    is exact with zeros (PyTorch's formula); its second derivative is not where two or more
    zeros meet at one position (PyTorch refuses that double backward).

    >>> ScatterReduce.apply(
    ...     Tensor([5.0, 6.0]),
    ...     Tensor([1.0, 2.0]),
    ...     dim=0,
    ...     index=np.array([0, 0]),
    ...     reduce="mean",
    ...     include_self=False,
    ... )
    Tensor([1.5, 6. ])
    """

    name = "scatter_reduce"
    rule = (
        "∂x = g · ∂out/∂x (sum: 1, mean: 1/count, prod: product of the others, amax/amin: "
        "shared among ties), zero where written unless include_self; ∂src = gather of the same"
    )
    saves_output = True
    dim: int
    index: np.ndarray
    reduce: str
    include_self: bool

    def forward(self, x: np.ndarray, src: np.ndarray) -> np.ndarray:
        out = x.astype(np.result_type(x, src), copy=True).reshape(-1)
        where, values = positions(self.index, self.dim, x.shape), _src_values(src, self.index)
        if not self.include_self:
            out[where] = _identity(self.reduce, out.dtype)
        _UFUNCS[self.reduce].at(out, where, values)
        if self.reduce == "mean":
            count = self._count(out.size, where)
            out = out // count if out.dtype.kind in "iub" else out / count
        return out.reshape(x.shape).astype(np.result_type(x, src), copy=False)

    def _count(self, size: int, where: np.ndarray) -> np.ndarray:
        """How many values a mean averages at each flat position (at least 1)."""
        count = np.bincount(where, minlength=size) + (1 if self.include_self else 0)
        return np.maximum(count, 1)

    def backward(self, grad: Tensor) -> Grads:
        need_x, need_src = self.needs_grad
        src = self.inputs[1]
        picked = Gather.apply(grad, dim=self.dim, index=self.index) if need_src else None
        if self.reduce == "prod":
            x_factor, src_factor = self._prod_factors(self.output())
            grad_x = grad * x_factor if need_x else None
            grad_src = None if picked is None else picked * src_factor
        else:
            x_share, x_mask, src_share, src_mask = self._shares(self.output().data)
            grad_x = _scaled(grad, x_share, x_mask) if need_x else None
            grad_src = None if picked is None else _scaled(picked, src_share, src_mask)
        return grad_x, None if grad_src is None else _pad(grad_src, src.shape, self.index)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        x_tangent, src_tangent = _zeros_for_missing(tangents, self.inputs, out)
        src_tangent = _corner(src_tangent, self.index)
        if self.reduce in ("sum", "mean"):  # linear in (x, src)
            return ScatterReduce.apply(x_tangent, src_tangent, **self.args)
        if self.reduce == "prod":
            x_factor, src_factor = self._prod_factors(out)
            x_part, src_part = x_tangent * x_factor, src_tangent * src_factor
        else:
            x_share, x_mask, src_share, src_mask = self._shares(out.data)
            x_part = _scaled(x_tangent, x_share, x_mask)
            src_part = _scaled(src_tangent, src_share, src_mask)
        zeros = constant(np.zeros(out.shape, dtype=out.dtype))
        return x_part + ScatterAdd.apply(zeros, src_part, dim=self.dim, index=self.index)

    def _shares(
        self, result: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, np.ndarray | None]:
        """sum, mean, amax, amin: ∂out/∂x and ∂out/∂src as constants (each a scale and the
        mask where it is not zero; None: nowhere zero)."""
        x, src = self.inputs
        dtype = np.result_type(x.dtype, src.dtype)
        where = positions(self.index, self.dim, x.shape)
        written = np.zeros(x.size, dtype=bool)
        written[where] = True
        untouched = None if self.include_self else ~written
        if self.reduce in ("sum", "mean"):
            share = np.ones(x.size, dtype=dtype)
            if self.reduce == "mean":
                share = (1 / self._count(x.size, where)).astype(dtype)
            return (
                share.reshape(x.shape),
                _shaped(untouched, x.shape),
                share[where].reshape(self.index.shape),
                None,
            )
        result = result.reshape(-1)
        x_hit = x.data.reshape(-1) == result
        if untouched is not None:
            x_hit = untouched  # where untouched, x is the result; elsewhere x takes no part
        src_hit = _src_values(src.data, self.index) == result[where]
        ties = x_hit.astype(np.intp) + np.bincount(
            where, weights=src_hit.astype(np.float64), minlength=x.size
        )
        share = (1 / np.maximum(ties, 1)).astype(dtype)
        return (
            share.reshape(x.shape),
            x_hit.reshape(x.shape),
            share[where].reshape(self.index.shape),
            src_hit.reshape(self.index.shape),
        )

    def _prod_factors(self, out: Tensor) -> tuple[Tensor, Tensor]:
        """prod: ∂out/∂x and ∂out/∂src (the product of the other factors), in Tensor ops so
        that they differentiate again; zeros handled as PyTorch's (no division by them)."""
        x, src = self.inputs
        src_used = _corner(src, self.index)
        x_zero = x.data == 0
        x_ones = x.where(~x_zero, 1.0) if x_zero.any() else x
        x_factor = ScatterReduce.apply(x_ones, src_used, **self.args) / x_ones
        if not self.include_self:
            x_factor = select(x_factor, ~written_mask(self.index, self.dim, x.shape))
        where = positions(self.index, self.dim, x.shape)
        src_zero = src_used.data == 0
        zeros_there = np.bincount(
            where, weights=src_zero.reshape(-1).astype(np.float64), minlength=x.size
        )
        single = src_zero & (zeros_there[where].reshape(self.index.shape) == 1)
        result = Gather.apply(out, dim=self.dim, index=self.index)
        src_factor = result / (src_used.where(~src_zero, 1.0) if src_zero.any() else src_used)
        if single.any():  # the product of the others at a lone zero: scatter without it
            without = ScatterReduce.apply(x, src_used.where(~single, 1.0), **self.args)
            others = Gather.apply(without, dim=self.dim, index=self.index)
            src_factor = others.where(single, src_factor)
        return x_factor, src_factor


def _shaped(mask: np.ndarray | None, shape: tuple[int, ...]) -> np.ndarray | None:
    return None if mask is None else mask.reshape(shape)


def _scaled(grad: Tensor, share: np.ndarray, mask: np.ndarray | None) -> Tensor:
    """``grad · share``, selected by ``mask`` (0 there, even where ``grad`` is inf)."""
    scaled = grad if np.all(share == 1) else grad * constant(share)
    return scaled if mask is None or mask.all() else select(scaled, mask)


def _zeros_for_missing(
    tangents: Sequence[Tensor | None], inputs: Sequence[Tensor], out: Tensor
) -> tuple[Tensor, Tensor]:
    """Forward mode of a two-input scatter: each input's tangent, or zeros of its shape."""
    first, second = (
        constant(np.zeros(tensor.shape, out.dtype)) if tangent is None else tangent
        for tangent, tensor in zip(tangents, inputs, strict=True)
    )
    return first, second
