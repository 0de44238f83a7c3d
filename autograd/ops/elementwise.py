"""Elementwise primitives. Each backward is the vector-Jacobian product, one line of calculus."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..tensor import Tensor
from .base import Grads, Op, constant
from .reduce import unbroadcast
from .shape import Where, select


class Add(Op):
    # d(a + b) = da + db
    saves_inputs = False

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a + b

    def backward(self, grad: Tensor) -> Grads:
        a, b = self.inputs
        return unbroadcast(grad, a.shape), unbroadcast(grad, b.shape)


class Sub(Op):
    # d(a - b) = da - db
    saves_inputs = False

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a - b

    def backward(self, grad: Tensor) -> Grads:
        a, b = self.inputs
        return unbroadcast(grad, a.shape), (
            -unbroadcast(grad, b.shape) if self.needs_grad[1] else None
        )


class Neg(Op):
    # d(-a) = -da
    saves_inputs = False

    def forward(self, a: np.ndarray) -> np.ndarray:
        return -a

    def backward(self, grad: Tensor) -> Grads:
        return (-grad,)


class Mul(Op):
    # d(a * b) = b da + a db

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a * b

    def backward(self, grad: Tensor) -> Grads:
        a, b = self.inputs
        need_a, need_b = self.needs_grad
        return (
            unbroadcast(grad * b, a.shape) if need_a else None,
            unbroadcast(grad * a, b.shape) if need_b else None,
        )


class Div(Op):
    # d(a / b) = da / b - (a / b) db / b
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


class Pow(Op):
    # d(a ** b) = b a^(b-1) da + a^b log(a) db
    saves_output = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return a**b

    def backward(self, grad: Tensor) -> Grads:
        a, b = self.inputs
        grad_a = grad_b = None
        if self.needs_grad[0]:
            # b a^(b-1) is 0 where b == 0, also at a == 0 (where a^-1 is inf), as PyTorch: the
            # exponent is taken as 0 there, so no inf is ever multiplied by that 0
            exponent = Where.apply(b - 1, constant(0, b.dtype), condition=b.data != 0)
            grad_a = unbroadcast(grad * b * a**exponent, a.shape)
        if self.needs_grad[1]:
            # a^b log(a) is taken as 0 where a == 0 (the limit for b > 0), as PyTorch does
            # (the log is taken of a base with non-positives replaced by 1, so that its own
            # gradient there is finite and a second derivative does not turn 0 * inf into NaN)
            positive = a.data > 0
            one, zero = constant(1, a.dtype), constant(0, a.dtype)
            log_a = Where.apply(
                Where.apply(a, one, condition=positive).log(), zero, condition=positive
            )
            grad_b = unbroadcast(grad * self.output() * log_a, b.shape)
        return grad_a, grad_b


class Exp(Op):
    # d exp(a) = exp(a) da: reuse the forward result
    saves_inputs = False
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return np.exp(a)

    def backward(self, grad: Tensor) -> Grads:
        return (grad * self.output(),)


class Log(Op):
    # d log(a) = da / a   (log(0) = -inf, as in NumPy, without a warning)

    def forward(self, a: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(a)

    def backward(self, grad: Tensor) -> Grads:
        return (grad / self.inputs[0],)


class Sqrt(Op):
    # d sqrt(a) = da / (2 sqrt(a))
    saves_inputs = False
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.sqrt(a)

    def backward(self, grad: Tensor) -> Grads:
        return (grad / (self.output() * 2),)


class Abs(Op):
    # d |a| = sign(a) da   (0 at a = 0, as PyTorch)

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.abs(a)

    def backward(self, grad: Tensor) -> Grads:
        return (grad * constant(np.sign(self.inputs[0].data)),)


class Relu(Op):
    # d relu(a) = [a > 0] da

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.maximum(a, 0)

    def backward(self, grad: Tensor) -> Grads:
        return (select(grad, self.inputs[0].data > 0),)


class Sigmoid(Op):
    # d sigmoid(a) = s (1 - s) da, with s the forward result
    saves_inputs = False
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        # stable on both sides: never exponentiate a large positive number
        exp_neg_abs = np.exp(-np.abs(a))
        return np.where(a >= 0, 1 / (1 + exp_neg_abs), exp_neg_abs / (1 + exp_neg_abs))

    def backward(self, grad: Tensor) -> Grads:
        return (SigmoidBackward.apply(grad, self.output()),)


class SigmoidBackward(Op):
    # sigmoid's backward as one primitive, g s (1 - s), with its own derivative:
    # d/dg = s (1 - s), d/ds = g (1 - 2 s)
    name = "sigmoid_backward"

    def forward(self, grad: np.ndarray, out: np.ndarray) -> np.ndarray:
        return grad * (out * (1 - out))

    def backward(self, grad2: Tensor) -> Grads:
        grad, out = self.inputs
        return (
            grad2 * out * (1 - out) if self.needs_grad[0] else None,
            grad2 * grad * (1 - out * 2) if self.needs_grad[1] else None,
        )


class Tanh(Op):
    # d tanh(a) = (1 - tanh(a)^2) da
    saves_inputs = False
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.tanh(a)

    def backward(self, grad: Tensor) -> Grads:
        return (TanhBackward.apply(grad, self.output()),)


class TanhBackward(Op):
    # tanh's backward as one primitive, g (1 - t^2), with its own derivative:
    # d/dg = 1 - t^2, d/dt = -2 g t
    name = "tanh_backward"

    def forward(self, grad: np.ndarray, out: np.ndarray) -> np.ndarray:
        return grad * (1 - out * out)

    def backward(self, grad2: Tensor) -> Grads:
        grad, out = self.inputs
        return (
            grad2 * (1 - out * out) if self.needs_grad[0] else None,
            grad2 * grad * out * -2 if self.needs_grad[1] else None,
        )


class Clip(Op):
    # d clip(a, low, high) = [low <= a <= high] da
    low: Any
    high: Any

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.clip(a, self.low, self.high)

    def backward(self, grad: Tensor) -> Grads:
        a = self.inputs[0].data
        inside = np.ones(a.shape, dtype=bool)
        if self.low is not None:
            inside &= a >= self.low
        if self.high is not None:
            inside &= a <= self.high
        return (select(grad, inside),)


class Maximum(Op):
    # d max(a, b) = [a > b] da + [b > a] db, ties share the gradient equally
    _pick: Callable[..., Any] = staticmethod(np.maximum)
    _wins: Callable[..., Any] = staticmethod(np.greater)

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return self._pick(a, b)

    def backward(self, grad: Tensor) -> Grads:
        a, b = self.inputs
        wins, ties = self._wins(a.data, b.data), a.data == b.data
        if ties.any():  # ties share the gradient equally
            grad = Where.apply(grad * 0.5, grad, condition=ties)
        grad_a, grad_b = select(grad, wins | ties), select(grad, ~wins)
        return (
            unbroadcast(grad_a, a.shape) if self.needs_grad[0] else None,
            unbroadcast(grad_b, b.shape) if self.needs_grad[1] else None,
        )


class Minimum(Maximum):
    # d min(a, b) = [a < b] da + [b < a] db, ties share the gradient equally
    _pick = staticmethod(np.minimum)
    _wins = staticmethod(np.less)


class Clone(Op):
    # d clone(a) = da: a copy that owns its memory, so changing it leaves the original alone
    saves_inputs = False

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.copy()

    def backward(self, grad: Tensor) -> Grads:
        return (grad,)


class Cast(Op):
    # d cast(a) = cast back(da)
    saves_inputs = False
    dtype: np.dtype

    def forward(self, a: np.ndarray) -> np.ndarray:
        return a.astype(self.dtype)

    def backward(self, grad: Tensor) -> Grads:
        return (grad.astype(self.inputs[0].dtype),)
