"""Elementwise primitives. Each states its derivative once, as its ``rule`` line (what the step
player narrates), and uses it twice: ``backward`` is the vector-Jacobian product, ``jvp`` the
forward rule (the output's tangent from the inputs' tangents, for forward mode)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from ..tensor import Tensor
from .base import Grads, Op, constant
from .reduce import unbroadcast
from .shape import Where, select

Tangents = Sequence[Tensor | None]


def as_output(tangent: Tensor, out: Tensor) -> Tensor:
    """A tangent term in the output's shape and dtype: a broadcast input's term is expanded,
    a narrower dtype cast (the forward-mode counterpart of ``unbroadcast``)."""
    if tangent.shape != out.shape:
        tangent = tangent.broadcast_to(out.shape)
    return tangent.astype(out.dtype)


def tangent_sum(terms: Iterable[Tensor | None], out: Tensor) -> Tensor | None:
    """The output's tangent: the sum of the terms that are not None (None if none is), in the
    output's shape and dtype.

    >>> tangent_sum([None, Tensor([1.0])], Tensor([0.0, 0.0]))  # expanded to (2,)
    Tensor([1., 1.])
    """
    present = [term for term in terms if term is not None]
    if not present:
        return None
    total = present[0]
    for term in present[1:]:
        total = total + term
    return as_output(total, out)


class Add(Op):
    rule = "∂a = g; ∂b = g"
    saves_inputs = False

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a + b

    def backward(self, grad: Tensor) -> Grads:
        a, b = self.inputs
        return unbroadcast(grad, a.shape), unbroadcast(grad, b.shape)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        return tangent_sum(tangents, out)


class Sub(Op):
    rule = "∂a = g; ∂b = −g"
    saves_inputs = False

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a - b

    def backward(self, grad: Tensor) -> Grads:
        a, b = self.inputs
        return unbroadcast(grad, a.shape), (
            -unbroadcast(grad, b.shape) if self.needs_grad[1] else None
        )

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        tangent_a, tangent_b = tangents
        return tangent_sum((tangent_a, -tangent_b if tangent_b is not None else None), out)


class Neg(Op):
    rule = "∂a = −g"
    saves_inputs = False

    def forward(self, a: np.ndarray) -> np.ndarray:
        return -a

    def backward(self, grad: Tensor) -> Grads:
        return (-grad,)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else -tangent


class Mul(Op):
    rule = "∂a = g · b; ∂b = g · a"

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a * b

    def backward(self, grad: Tensor) -> Grads:
        a, b = self.inputs
        need_a, need_b = self.needs_grad
        dtype = grad.data.dtype  # the op itself where the dtypes agree: nothing to promote
        return (
            unbroadcast(Mul.apply(grad, b) if b.data.dtype is dtype else grad * b, a.shape)
            if need_a
            else None,
            unbroadcast(Mul.apply(grad, a) if a.data.dtype is dtype else grad * a, b.shape)
            if need_b
            else None,
        )

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (a, b), (tangent_a, tangent_b) = self.inputs, tangents
        return tangent_sum(
            (
                tangent_a * b if tangent_a is not None else None,
                a * tangent_b if tangent_b is not None else None,
            ),
            out,
        )


class Div(Op):
    rule = "∂a = g / b; ∂b = −g · out / b"
    saves_output = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return a / b

    def backward(self, grad: Tensor) -> Grads:
        a, b = self.inputs
        grad_a = grad / b
        return (
            unbroadcast(grad_a, a.shape) if self.needs_grad[0] else None,
            unbroadcast(-grad_a * self.output(), b.shape) if self.needs_grad[1] else None,
        )

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (_, b), (tangent_a, tangent_b) = self.inputs, tangents
        return tangent_sum(
            (
                tangent_a / b if tangent_a is not None else None,
                -(tangent_b / b) * out if tangent_b is not None else None,
            ),
            out,
        )


class Pow(Op):
    rule = "∂a = g · b · a^(b − 1), 0 where b = 0; ∂b = g · out · log(a), 0 where a = 0 and b ≥ 0"
    saves_output = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return a**b

    def backward(self, grad: Tensor) -> Grads:
        a, b = self.inputs
        return (
            unbroadcast(self._in_base(grad), a.shape) if self.needs_grad[0] else None,
            unbroadcast(self._in_exponent(grad, self.output()), b.shape)
            if self.needs_grad[1]
            else None,
        )

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        tangent_a, tangent_b = tangents
        return tangent_sum(
            (
                self._in_base(tangent_a) if tangent_a is not None else None,
                self._in_exponent(tangent_b, out) if tangent_b is not None else None,
            ),
            out,
        )

    # PyTorch's formulas (pow_backward_self, pow_backward_exponent), written the same way so
    # that second derivatives agree too: x ** 0 has slope 0 everywhere, x = 0 included; the
    # slope in the exponent is 0 at a zero base with b >= 0, -inf there for b < 0 (out is inf),
    # and NaN for a negative base (log of a negative number).
    def _in_base(self, grad: Tensor) -> Tensor:
        a, b = self.inputs
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # masked below
            return _zero_where(grad * (b * a ** (b - 1)), b.data == 0)

    def _in_exponent(self, grad: Tensor, out: Tensor) -> Tensor:
        a, b = self.inputs
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # masked below
            return grad * _zero_where(out * a.log(), (b.data >= 0) & (a.data == 0))


def _zero_where(value: Tensor, mask: np.ndarray) -> Tensor:
    """``value`` with 0 where ``mask`` holds (``torch.where(mask, 0, value)``)."""
    if not mask.any():
        return value
    shape = np.broadcast_shapes(value.shape, mask.shape)
    if value.shape != shape:
        value = value.broadcast_to(shape)
    return Where.apply(constant(0, value.dtype), value, condition=np.broadcast_to(mask, shape))


class Exp(Op):
    rule = "∂a = g · out"  # reuses the forward result
    saves_inputs = False
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return np.exp(a)

    def backward(self, grad: Tensor) -> Grads:
        return (grad * self.output(),)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else tangent * out


class Log(Op):
    rule = "∂a = g / a"  # log(0) = -inf, as in NumPy, without a warning

    def forward(self, a: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(a)

    def backward(self, grad: Tensor) -> Grads:
        return (grad / self.inputs[0],)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else tangent / self.inputs[0]


class Sqrt(Op):
    rule = "∂a = g / (2 · out)"
    saves_inputs = False
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.sqrt(a)

    def backward(self, grad: Tensor) -> Grads:
        return (grad / (self.output() * 2),)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else tangent / (out * 2)


class Abs(Op):
    rule = "∂a = g · sign(a)"  # 0 at a = 0, as PyTorch: selected, so an inf there gives 0 too

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.abs(a)

    def backward(self, grad: Tensor) -> Grads:
        return (self._times_sign(grad),)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else self._times_sign(tangent)

    def _times_sign(self, value: Tensor) -> Tensor:
        a = self.inputs[0].data
        return select(value, a != 0) * constant(np.sign(a))


class Relu(Op):
    rule = "∂a = g · [a > 0]"
    saves_inputs = False
    saves_output = True  # out > 0 exactly where a > 0: the output is all backward reads

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.maximum(a, 0)

    def backward(self, grad: Tensor) -> Grads:
        return (ReluBackward.apply(grad, self.output()),)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else ReluBackward.apply(tangent, out)


class ReluBackward(Op):
    # relu's backward as one primitive: grad where out > 0, else 0. A mask selects, it does
    # not multiply (an inf upstream at a dead unit gives 0, not NaN, as PyTorch's
    # threshold_backward). Linear in grad; out only chooses, so no gradient flows into it.
    rule = "∂grad = g · [out > 0]; ∂out = 0"
    name = "relu_backward"

    def forward(self, grad: np.ndarray, out: np.ndarray) -> np.ndarray:
        if out.ndim == 0:  # np.where costs four ufunc calls on a 0-d array: choose directly
            return grad.copy() if out > 0 else np.zeros_like(grad)
        mask = out > 0
        # times the mask is exact unless grad holds an inf or NaN (inf · 0 is NaN): ten times
        # faster than np.where on a random mask, which branches. A finite sum proves it exact;
        # any other (an inf, a NaN, an overflow) takes the select, which is always right.
        with np.errstate(over="ignore", invalid="ignore"):
            chosen = grad * mask
            exact = np.isfinite(chosen.sum())
        return chosen if exact else np.where(mask, grad, grad.dtype.type(0))

    def backward(self, grad2: Tensor) -> Grads:
        out = self.inputs[1]
        return (
            ReluBackward.apply(grad2, out) if self.needs_grad[0] else None,
            constant(np.zeros(out.shape, out.dtype)) if self.needs_grad[1] else None,
        )

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        tangent_grad = tangents[0]
        if tangent_grad is None:  # only out moves: the mask does not, the tangent is 0
            return constant(np.zeros(out.shape, out.dtype))
        return ReluBackward.apply(tangent_grad, self.inputs[1])


class Sigmoid(Op):
    rule = "∂a = g · out · (1 − out)"
    saves_inputs = False
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        # stable on both sides: never exponentiate a large positive number
        exp_neg_abs = np.exp(-np.abs(a))
        return np.where(a >= 0, 1 / (1 + exp_neg_abs), exp_neg_abs / (1 + exp_neg_abs))

    def backward(self, grad: Tensor) -> Grads:
        return (SigmoidBackward.apply(grad, self.output()),)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else SigmoidBackward.apply(tangent, out)


class SigmoidBackward(Op):
    # sigmoid's backward as one primitive, grad · out · (1 - out), with its own derivative
    rule = "∂grad = g · out · (1 − out); ∂out = g · grad · (1 − 2 · out)"
    name = "sigmoid_backward"

    def forward(self, grad: np.ndarray, out: np.ndarray) -> np.ndarray:
        return grad * (out * (1 - out))

    def backward(self, grad2: Tensor) -> Grads:
        grad, out = self.inputs
        return (
            grad2 * out * (1 - out) if self.needs_grad[0] else None,
            grad2 * grad * (1 - out * 2) if self.needs_grad[1] else None,
        )

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (grad, s), (tangent_grad, tangent_s) = self.inputs, tangents
        return tangent_sum(
            (
                SigmoidBackward.apply(tangent_grad, s) if tangent_grad is not None else None,
                tangent_s * grad * (1 - s * 2) if tangent_s is not None else None,
            ),
            out,
        )


class Tanh(Op):
    rule = "∂a = g · (1 − out²)"
    saves_inputs = False
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.tanh(a)

    def backward(self, grad: Tensor) -> Grads:
        return (TanhBackward.apply(grad, self.output()),)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else TanhBackward.apply(tangent, out)


class TanhBackward(Op):
    # tanh's backward as one primitive, grad · (1 - out²), with its own derivative
    rule = "∂grad = g · (1 − out²); ∂out = −2 · g · grad · out"
    name = "tanh_backward"

    def forward(self, grad: np.ndarray, out: np.ndarray) -> np.ndarray:
        return grad * (1 - out * out)

    def backward(self, grad2: Tensor) -> Grads:
        grad, out = self.inputs
        return (
            grad2 * (1 - out * out) if self.needs_grad[0] else None,
            grad2 * grad * out * -2 if self.needs_grad[1] else None,
        )

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (grad, t), (tangent_grad, tangent_t) = self.inputs, tangents
        return tangent_sum(
            (
                TanhBackward.apply(tangent_grad, t) if tangent_grad is not None else None,
                tangent_t * grad * t * -2 if tangent_t is not None else None,
            ),
            out,
        )


class Clip(Op):
    rule = "∂a = g · [low ≤ a ≤ high]"
    low: Any
    high: Any

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.clip(a, self.low, self.high)

    def backward(self, grad: Tensor) -> Grads:
        return (select(grad, self._inside()),)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else select(tangent, self._inside())

    def _inside(self) -> np.ndarray:
        a = self.inputs[0].data
        inside = np.ones(a.shape, dtype=bool)
        if self.low is not None:
            inside &= a >= self.low
        if self.high is not None:
            inside &= a <= self.high
        return inside


class Maximum(Op):
    rule = "∂a = g · ([a > b] + [a = b] / 2); ∂b = g · ([b > a] + [a = b] / 2)"
    # ties share the gradient equally (forward: the mean of the two tangents)
    _pick: Callable[..., Any] = staticmethod(np.maximum)
    _wins: Callable[..., Any] = staticmethod(np.greater)

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return self._pick(a, b)

    def backward(self, grad: Tensor) -> Grads:
        a, b = self.inputs
        wins, ties = self._wins(a.data, b.data), a.data == b.data
        grad = _halved_at(grad, ties)
        grad_a, grad_b = select(grad, wins | ties), select(grad, ~wins)
        return (
            unbroadcast(grad_a, a.shape) if self.needs_grad[0] else None,
            unbroadcast(grad_b, b.shape) if self.needs_grad[1] else None,
        )

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (a, b), (tangent_a, tangent_b) = self.inputs, tangents
        wins, ties = self._wins(a.data, b.data), a.data == b.data
        tangent = tangent_sum(
            (
                select(as_output(tangent_a, out), wins | ties) if tangent_a is not None else None,
                select(as_output(tangent_b, out), ~wins) if tangent_b is not None else None,
            ),
            out,
        )
        return None if tangent is None else _halved_at(tangent, ties)


class Minimum(Maximum):
    rule = "∂a = g · ([a < b] + [a = b] / 2); ∂b = g · ([b < a] + [a = b] / 2)"
    # ties share the gradient equally (forward: the mean of the two tangents)
    _pick = staticmethod(np.minimum)
    _wins = staticmethod(np.less)


def _halved_at(value: Tensor, ties: np.ndarray) -> Tensor:
    """``value`` halved where ``ties`` holds: max and min share a tie's gradient equally."""
    return Where.apply(value * 0.5, value, condition=ties) if ties.any() else value


class Clone(Op):
    rule = "∂a = g"  # a copy that owns its memory, so changing it leaves the original alone
    saves_inputs = False

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.copy()

    def backward(self, grad: Tensor) -> Grads:
        return (grad,)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else tangent.clone()  # its own memory, as the output


class Cast(Op):
    rule = "∂a = g cast back to the dtype of a"  # forward: the tangent cast as the value is
    saves_inputs = False
    dtype: np.dtype

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.astype(self.dtype)

    def backward(self, grad: Tensor) -> Grads:
        return (grad.astype(self.inputs[0].dtype),)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else tangent.astype(out.dtype)
