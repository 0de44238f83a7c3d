"""Pointwise math beyond the basic elementwise ops: trigonometric, hyperbolic, logarithmic,
the error function, rounding and the binary functions of ``torch`` (atan2, hypot, ...).

Most are unary and smooth: each states its derivative ``d f(a) = f'(a) da`` once, as a
``derivative`` method, which ``backward`` (``grad * f'(a)``) and ``jvp`` (``tangent * f'(a)``)
both use, written in Tensor ops so that it can itself be differentiated.

>>> from autograd import Tensor
>>> x = Tensor([0.5], dtype=np.float64, requires_grad=True)
>>> x.erf().backward()
>>> x.grad  # 2 / sqrt(pi) exp(-x^2)
array([0.87878257])
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..tensor import Tensor
from .base import Grads, Op

Tangents = Sequence[Tensor | None]

_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)
_erf = np.frompyfunc(math.erf, 1, 1)
_erfc = np.frompyfunc(math.erfc, 1, 1)


def _float_result(values: np.ndarray, like: np.ndarray) -> np.ndarray:
    """An object array from ``np.frompyfunc`` as floats of ``like``'s dtype (float64 for ints)."""
    dtype = like.dtype if like.dtype.kind == "f" else np.dtype(np.float64)
    return np.asarray(values, dtype=dtype)


class Smooth(Op):
    """A unary op with a derivative ``f'(a)``: subclasses give ``forward`` and ``derivative``
    (in Tensor ops, reading the input ``a`` or, with ``saves_output``, the result ``out``)."""

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        raise NotImplementedError

    def backward(self, grad: Tensor) -> Grads:
        a = self.inputs[0]
        return (grad * self.derivative(a, self.output() if self.saves_output else a),)

    def jvp(self, tangents: Tangents, out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else tangent * self.derivative(self.inputs[0], out)


class Erf(Smooth):
    # d erf(a) = 2 / sqrt(pi) exp(-a^2) da

    def forward(self, a: np.ndarray) -> np.ndarray:
        return _float_result(_erf(a), a)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (-(a * a)).exp() * _TWO_OVER_SQRT_PI


class Erfc(Smooth):
    # d erfc(a) = -2 / sqrt(pi) exp(-a^2) da

    def forward(self, a: np.ndarray) -> np.ndarray:
        return _float_result(_erfc(a), a)

    def derivative(self, a: Tensor, out: Tensor) -> Tensor:
        return (-(a * a)).exp() * -_TWO_OVER_SQRT_PI
