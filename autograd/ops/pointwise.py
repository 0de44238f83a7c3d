"""Pointwise math beyond the basic elementwise ops: trigonometric, hyperbolic, logarithmic and
exponential functions, the error function, rounding, and the binary functions of ``torch``
(atan2, hypot, logaddexp, copysign, fmod, remainder, lerp).

A smooth unary op states its derivative ``d f(a) = f'(a) da`` once, as its ``derivative``
method, which ``backward`` (``grad * f'(a)``) and ``jvp`` (``tangent * f'(a)``) both use; it is
written in Tensor ops, so it can itself be differentiated. Values at the edges of a domain are
NumPy's (``log1p(-1) = -inf``, ``asin(2) = nan``), without a warning.

>>> from autograd import Tensor
>>> x = Tensor([0.5], dtype=np.float64, requires_grad=True)
>>> x.erf().backward()
>>> x.grad  # 2 / sqrt(pi) exp(-x^2)
array([0.87878257])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .. import dtypes
from ..tensor import Tensor
from .base import Grads, Op, constant
from .elementwise import as_output, tangent_sum
from .reduce import unbroadcast
from .shape import select

Tangents = Sequence[Tensor | None]
Array = Callable[[np.ndarray], np.ndarray]

_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)
_LN2, _LN10 = math.log(2), math.log(10)


def _floating(a: np.ndarray) -> np.ndarray:
    """``a`` as floats: an integer or bool input takes the default dtype, as in PyTorch."""
    return a if a.dtype.kind in "fc" else a.astype(dtypes.get_default_dtype())


def _by_element(function: Callable[[float], float]) -> Array:
    """A ``math`` function applied to each element of a float array, keeping its dtype."""
    ufunc = np.frompyfunc(function, 1, 1)
    return lambda a: np.asarray(ufunc(a), dtype=a.dtype)


_erf, _erfc = _by_element(math.erf), _by_element(math.erfc)


def _erfinv(x: np.ndarray) -> np.ndarray:
    """erf^-1 to double precision: Giles' single-precision approximation, then Halley steps on
    erf(y) = x (on erfc(y) = 1 - x where |x| > 1/2, where 1 - x is exact and erf flat)."""
    size = np.abs(x).astype(np.float64)
    inside = size < 1
    w = -np.log1p(-(np.where(inside, size, 0) ** 2))
    central, tail = w - 2.5, np.sqrt(w) - 3
    low = np.polyval(_GILES_CENTRAL, central)
    high = np.polyval(_GILES_TAIL, tail)
    y = np.where(w < 5, low, high) * size
    for _ in range(3):
        residual = np.where(size > 0.5, (1 - size) - _erfc(y), _erf(y) - size)
        step = residual / (_TWO_OVER_SQRT_PI * np.exp(-y * y))
        y = y - step / (1 + y * step)
    y = np.where(inside, y, np.where(size == 1, np.inf, np.nan))
    return np.asarray(np.copysign(y, x), dtype=x.dtype)


# Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011), highest power first
_GILES_CENTRAL = [
    2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
    -0.00125372503, -0.00417768164, 0.246640727, 1.50140941,
]  # fmt: skip
_GILES_TAIL = [
    -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
    -0.0076224613, 0.00943887047, 1.00167406, 2.83297682,
]  # fmt: skip


# ---------------------------------------------------------------- smooth unary ops
class Smooth(Op):
    """A unary op ``f`` with a derivative: subclasses give ``compute`` (on float arrays) and
    ``derivative`` (f'(a) in Tensor ops; ``out``, the result, is only read by ops that set
    ``saves_output``)."""

    compute: Callable[..., Any]

    def forward(self, a: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):  # a domain's edges give NumPy's inf and nan
            return self.compute(_floating(a))

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        raise NotImplementedError

    def backward(self, grad: Tensor) -> Grads:
        a = self.inputs[0]
        return (grad * self.derivative(a, self.output() if self.saves_output else a),)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else tangent * self.derivative(self.inputs[0], out)


class Sin(Smooth):
    rule = "∂a = g · cos(a)"
    compute = staticmethod(np.sin)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return a.cos()


class Cos(Smooth):
    rule = "∂a = −g · sin(a)"
    compute = staticmethod(np.cos)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return -a.sin()


class Tan(Smooth):
    rule = "∂a = g · (1 + out²)"
    compute = staticmethod(np.tan)
    saves_inputs, saves_output = False, True

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return out * out + 1


class Asin(Smooth):
    rule = "∂a = g / sqrt(1 − a²)"
    compute = staticmethod(np.arcsin)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (1 - a * a).rsqrt()


class Acos(Smooth):
    rule = "∂a = −g / sqrt(1 − a²)"
    compute = staticmethod(np.arccos)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return -(1 - a * a).rsqrt()


class Atan(Smooth):
    rule = "∂a = g / (1 + a²)"
    compute = staticmethod(np.arctan)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (a * a + 1).reciprocal()


class Sinh(Smooth):
    rule = "∂a = g · cosh(a)"
    compute = staticmethod(np.sinh)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return a.cosh()


class Cosh(Smooth):
    rule = "∂a = g · sinh(a)"
    compute = staticmethod(np.cosh)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return a.sinh()


class Asinh(Smooth):
    rule = "∂a = g / sqrt(a² + 1)"
    compute = staticmethod(np.arcsinh)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (a * a + 1).rsqrt()


class Acosh(Smooth):
    rule = "∂a = g / sqrt(a² − 1)"
    compute = staticmethod(np.arccosh)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (a * a - 1).rsqrt()


class Atanh(Smooth):
    rule = "∂a = g / (1 − a²)"
    compute = staticmethod(np.arctanh)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (1 - a * a).reciprocal()


class Log2(Smooth):
    rule = "∂a = g / (a · ln(2))"
    compute = staticmethod(np.log2)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (a * _LN2).reciprocal()


class Log10(Smooth):
    rule = "∂a = g / (a · ln(10))"
    compute = staticmethod(np.log10)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (a * _LN10).reciprocal()


class Log1p(Smooth):
    rule = "∂a = g / (1 + a)"
    compute = staticmethod(np.log1p)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (a + 1).reciprocal()


class Expm1(Smooth):
    rule = "∂a = g · (out + 1)"  # exp(a) = expm1(a) + 1: reuses the forward result
    compute = staticmethod(np.expm1)
    saves_inputs, saves_output = False, True

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return out + 1


class Exp2(Smooth):
    rule = "∂a = g · out · ln(2)"  # reuses the forward result
    compute = staticmethod(np.exp2)
    saves_inputs, saves_output = False, True

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return out * _LN2


class Rsqrt(Smooth):
    rule = "∂a = −g · out³ / 2"  # a^(-3/2) = rsqrt(a)^3: reuses the forward result
    compute = staticmethod(lambda a: 1 / np.sqrt(a))
    saves_inputs, saves_output = False, True

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return out * out * out * -0.5


class Reciprocal(Smooth):
    rule = "∂a = −g · out²"  # 1 / a^2 = (1 / a)^2: reuses the forward result
    compute = staticmethod(np.reciprocal)
    saves_inputs, saves_output = False, True

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return -(out * out)


class Square(Smooth):
    rule = "∂a = 2 · g · a"
    compute = staticmethod(np.square)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return a * 2


class Erf(Smooth):
    rule = "∂a = g · 2 / sqrt(π) · exp(−a²)"
    compute = staticmethod(_erf)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (-(a * a)).exp() * _TWO_OVER_SQRT_PI


class Erfc(Smooth):
    rule = "∂a = −g · 2 / sqrt(π) · exp(−a²)"
    compute = staticmethod(_erfc)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (-(a * a)).exp() * -_TWO_OVER_SQRT_PI


class Erfinv(Smooth):
    rule = "∂a = g · sqrt(π) / 2 · exp(out²)"  # reuses the forward result
    compute = staticmethod(_erfinv)
    saves_inputs, saves_output = False, True

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (out * out).exp() * (1 / _TWO_OVER_SQRT_PI)


class Frac(Smooth):
    rule = "∂a = g"  # a - trunc(a), and trunc is flat almost everywhere
    compute = staticmethod(lambda a: a - np.trunc(a))
    saves_inputs = False

    def backward(self, grad: Tensor) -> Grads:
        return (grad,)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        return tangents[0]


# ---------------------------------------------------------------- flat unary ops
class Flat(Op):
    """A piecewise-constant unary op (sign, floor, ...): differentiable with gradient 0, as in
    PyTorch. The zero is selected, so an infinite upstream gradient gives 0, not NaN."""

    compute: Callable[..., Any]
    saves_inputs = False

    def forward(self, a: np.ndarray) -> np.ndarray:
        return self.compute(a)

    def backward(self, grad: Tensor) -> Grads:
        return (select(grad, np.zeros(grad.shape, dtype=bool)),)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        if tangent is None:
            return None
        return select(as_output(tangent, out), np.zeros(out.shape, dtype=bool))


class Sign(Flat):
    rule = "∂a = 0"
    compute = staticmethod(np.sign)


class Rounding(Flat):
    """A flat op to whole numbers: an integer input is returned as it is (a copy)."""

    def forward(self, a: np.ndarray) -> np.ndarray:
        return self.compute(a) if a.dtype.kind in "fc" else a.copy()


class Floor(Rounding):
    rule = "∂a = 0"
    compute = staticmethod(np.floor)


class Ceil(Rounding):
    rule = "∂a = 0"
    compute = staticmethod(np.ceil)


class Trunc(Rounding):
    rule = "∂a = 0"
    compute = staticmethod(np.trunc)


class Round(Rounding):
    rule = "∂a = 0"  # rounds halves to even, as NumPy and PyTorch
    decimals: int = 0

    def forward(self, a: np.ndarray) -> np.ndarray:
        return np.round(a, self.decimals) if a.dtype.kind in "fc" else a.copy()


# ---------------------------------------------------------------- binary ops
class Binary(Op):
    """A broadcasting binary op: subclasses give ``forward`` and ``scaled(value, which, out)``,
    ``value`` (in the output's shape) times the partial derivative in input ``which`` (0 or
    1), in Tensor ops; ``out`` is only read by ops that set ``saves_output``."""

    def scaled(self, value: Tensor, which: int, out: Tensor) -> Tensor:
        raise NotImplementedError

    def backward(self, grad: Tensor) -> Grads:
        out = self.output() if self.saves_output else grad
        return tuple(
            unbroadcast(self.scaled(grad, which, out), tensor.shape) if needed else None
            for which, (tensor, needed) in enumerate(zip(self.inputs, self.needs_grad, strict=True))
        )

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        return tangent_sum(
            (
                self.scaled(as_output(tangent, out), which, out) if tangent is not None else None
                for which, tangent in enumerate(tangents)
            ),
            out,
        )


class Atan2(Binary):
    rule = "∂a = g · b / (a² + b²); ∂b = −g · a / (a² + b²)"

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.arctan2(_floating(a), _floating(b))

    def scaled(self, value: Tensor, which: int, out: Tensor) -> Tensor:
        a, b = self.inputs
        return value * (b if which == 0 else -a) / (a * a + b * b)


class Hypot(Binary):
    rule = "∂a = g · a / out; ∂b = g · b / out"
    saves_output = True

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.hypot(_floating(a), _floating(b))

    def scaled(self, value: Tensor, which: int, out: Tensor) -> Tensor:
        return value * self.inputs[which] / out


class Logaddexp(Binary):
    rule = "∂a = g · sigmoid(a − b); ∂b = g · sigmoid(b − a)"

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.logaddexp(_floating(a), _floating(b))

    def scaled(self, value: Tensor, which: int, out: Tensor) -> Tensor:
        a, b = self.inputs
        return value * ((a - b) if which == 0 else (b - a)).sigmoid()


class Copysign(Binary):
    rule = "∂a = g · sign(a) · sign(out); ∂b = 0"
    # sign(out) is -1 where b's sign bit is set (0 at a = 0, as PyTorch: selected); b gives
    # only its sign, so no gradient flows into it

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.copysign(_floating(a), _floating(b))

    def scaled(self, value: Tensor, which: int, out: Tensor) -> Tensor:
        a, b = (np.broadcast_to(tensor.data, value.shape) for tensor in self.inputs)
        if which == 1:
            return select(value, np.zeros(value.shape, dtype=bool))
        return select(value, a != 0) * constant(np.sign(a) * np.copysign(1, b), value.dtype)


class Fmod(Binary):
    rule = "∂a = g; ∂b = −g · trunc(a / b)"  # the remainder of C's fmod: the sign of a
    _quotient: Callable[..., Any] = staticmethod(np.trunc)
    _compute: Callable[..., Any] = staticmethod(np.fmod)

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if a.dtype.kind in "iu" and b.dtype.kind in "iu":  # exact, in the integer dtype
            if (b == 0).any():
                raise RuntimeError(
                    f"{self.name}: ZeroDivisionError: an integer tensor divided by 0 (divisor "
                    f"shape {b.shape}); PyTorch refuses it too. Divide as floats for nan"
                )
            return np.asarray(self._compute(a, b))
        with np.errstate(invalid="ignore", divide="ignore"):
            return self._compute(_floating(a), _floating(b))

    def scaled(self, value: Tensor, which: int, out: Tensor) -> Tensor:
        if which == 0:
            return value
        a, b = self.inputs
        with np.errstate(invalid="ignore", divide="ignore"):
            quotient = self._quotient(a.data / b.data)
        return value * constant(-quotient, value.dtype)


class Remainder(Fmod):
    rule = "∂a = g; ∂b = −g · floor(a / b)"  # Python's %: the sign of b
    _quotient = staticmethod(np.floor)
    _compute = staticmethod(np.remainder)


class Lerp(Op):
    rule = "∂start = g · (1 − weight); ∂end = g · weight; ∂weight = g · (end − start)"

    def forward(self, start: np.ndarray, end: np.ndarray, weight: np.ndarray) -> np.ndarray:
        # as PyTorch: from the nearer end, so that lerp(s, e, 1) is exactly e
        start, end, weight = _floating(start), _floating(end), _floating(weight)
        difference = end - start
        return np.where(weight < 0.5, start + weight * difference, end - difference * (1 - weight))

    def backward(self, grad: Tensor) -> Grads:
        return tuple(
            unbroadcast(self._scaled(grad, which), tensor.shape) if needed else None
            for which, (tensor, needed) in enumerate(zip(self.inputs, self.needs_grad, strict=True))
        )

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        return tangent_sum(
            (
                self._scaled(as_output(tangent, out), which) if tangent is not None else None
                for which, tangent in enumerate(tangents)
            ),
            out,
        )

    def _scaled(self, value: Tensor, which: int) -> Tensor:
        start, end, weight = self.inputs
        return value * ((1 - weight) if which == 0 else weight if which == 1 else end - start)
