"""In-place changes in the graph: the recorded assignment ``buf[i] = t``, and what the one
in-place mechanism (``Tensor._inplace``) needs to know of the ops it rewrites.

PyTorch records such a write (its ``CopySlices`` node), so the gradient reaches ``t`` and the
rest of ``buf``; this is the same, as one op. The write happens in place (views of ``buf`` see
it); the Tensor that was written into becomes the op's output, and the op's first input is a
stand-in for what it was before. Every other in-place op (``x += y``, ``x.mul_(y)``...) records
its ordinary out-of-place op on such a stand-in the same way.

An in-place change refuses a backward only where a value it overwrote is read: ``reads_input``
and ``reads_output`` say, for one recorded op, whether its backward reads an input's value or
its own output (``Mul`` reads ``a`` only when ``b`` needs a gradient, as PyTorch saves it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from ..checks import has_repeats, is_basic_index
from ..tensor import Tensor
from .base import Grads, Op, constant
from .elementwise import Div, Mul, Pow
from .reduce import Expand, unbroadcast
from .shape import GetItem, IndexAdd, Reshape, Where, select

__all__ = ["SetItem", "output_overwrite_refused", "reads_input", "reads_output"]


class SetItem(Op):
    # out = a, then out[index] = v (the forward rule builds it out of place)
    rule = "∂a = g with zeros where written; ∂v = g[index] summed back to the shape of v"
    # A position named twice holds the last write only, as NumPy assigns: the overwritten
    # entries of v get no gradient and no say
    name = "setitem"
    saves_inputs = False
    index: Any
    recorded: ClassVar[bool] = False  # has any in-place change been recorded in this process?

    def forward(self, a: np.ndarray, v: np.ndarray) -> np.ndarray:
        a[self.index] = v
        return a

    def backward(self, grad: Tensor) -> Grads:
        a, v = self.inputs
        need_a, need_v = self.needs_grad
        grad_a = grad_v = None
        if need_a:
            written = np.zeros(a.shape, dtype=bool)
            written[self.index] = True
            grad_a = select(grad, ~written)
        if need_v and (is_basic_index(self.index) or not has_repeats(self.index, a.shape)):
            grad_v = unbroadcast(GetItem.apply(grad, index=self.index), v.shape)
        elif need_v:  # send each written position's gradient to the entry of v it holds
            source, region = self._sources(a.shape)
            written = source >= 0
            held = GetItem.apply(grad, index=written)
            flat = IndexAdd.apply(held, index=source[written], shape=(math.prod(region),))
            grad_v = unbroadcast(Reshape.apply(flat, shape=region), v.shape)
        return grad_a, grad_v

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        a = self.inputs[0]
        tangent_a, tangent_v = tangents
        if tangent_v is None:
            if tangent_a is None:
                return None
            written = np.zeros(a.shape, dtype=bool)
            written[self.index] = True
            return _like(select(tangent_a, ~written), out)
        source, region = self._sources(a.shape)
        written = source >= 0
        kept = constant(0, out.dtype) if tangent_a is None else tangent_a
        if not written.any():  # an empty region: nothing of v reaches y
            return None if tangent_a is None else _like(kept, out)
        spread = tangent_v if tangent_v.shape == region else Expand.apply(tangent_v, shape=region)
        flat = Reshape.apply(spread, shape=(math.prod(region),))
        placed = GetItem.apply(flat, index=np.where(written, source, 0))
        return _like(Where.apply(placed, kept, condition=written), out)

    def _sources(self, shape: tuple[int, ...]) -> tuple[np.ndarray, tuple[int, ...]]:
        """Which entry of v (broadcast over the written region, flattened) each position of y
        holds, -1 where nothing is written; and the region's shape. Made by the same assignment
        as the forward's, so a repeated index keeps the same (last) write as the value does."""
        source = np.full(shape, -1, dtype=np.intp)
        region = source[self.index].shape
        source[self.index] = np.arange(math.prod(region)).reshape(region)
        return source, region


def _like(tangent: Tensor, out: Tensor) -> Tensor:
    """The tangent in the output's dtype (a value of another dtype is cast as it is written)."""
    return tangent if tangent.dtype == out.dtype else tangent.astype(out.dtype)


# What the backward of the common ops reads, beyond their class flags (an op's backward reads
# only what the gradients it must compute need): one entry per op, (op) -> (inputs read, output
# read). Ops not named here read every input if ``saves_inputs``, the output if ``saves_output``.
_READS: dict[type[Op], Any] = {
    Mul: lambda op: ((op.needs_grad[1], op.needs_grad[0]), False),  # grad_a = g b, grad_b = g a
    Div: lambda op: ((False, True), op.needs_grad[1]),  # g / b, and -g out / b
    Pow: lambda op: ((True, True), op.needs_grad[1]),  # b a^(b-1), and out log a
}


def reads_input(op: Op, position: int) -> bool:
    """Does ``op``'s backward read the value of its input at ``position``?

    >>> from autograd import Tensor
    >>> x = Tensor([1.0], requires_grad=True)
    >>> reads_input((x * 2).grad_fn, 0), reads_input((x * 2).grad_fn, 1)
    (False, True)
    """
    rule = _READS.get(type(op))
    if rule is None:
        return bool(op.saves_inputs)
    return bool(rule(op)[0][position])


def reads_output(op: Op) -> bool:
    """Does ``op``'s backward read its own output?

    >>> from autograd import Tensor
    >>> x = Tensor([1.0], requires_grad=True)
    >>> reads_output(x.exp().grad_fn), reads_output((x / 2).grad_fn)
    (True, False)
    """
    rule = _READS.get(type(op))
    if rule is None:  # the class's flag: an in-place result sets its own to False
        return bool(type(op).saves_output)
    return bool(rule(op)[1])


def output_overwrite_refused(op: Op) -> bool:
    """Is overwriting the kept output of an in-place op an error, as in PyTorch? Only where
    PyTorch's formula reads the result too: its ``div_`` reads the old ``self`` instead, so
    graphgrad's kept copy of the quotient stays right and nothing is refused.

    >>> from autograd import Tensor
    >>> x = Tensor([1.0], requires_grad=True)
    >>> output_overwrite_refused(x.exp().grad_fn), output_overwrite_refused((x / x).grad_fn)
    (True, False)
    """
    return reads_output(op) and not isinstance(op, Div)
