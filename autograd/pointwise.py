"""``torch.NAME`` pointwise functions as ``autograd.NAME``: each calls the Tensor method of the
same name (``autograd.sin(x)`` is ``x.sin()``), accepting anything ``to_tensor`` accepts; a
Python number beside a Tensor takes the Tensor's dtype.

>>> from autograd import Tensor
>>> x = Tensor([0.0, 1.0], requires_grad=True)
>>> erf(x).sum().backward()
>>> x.grad  # 2 / sqrt(pi) exp(-x^2)
array([1.1283792, 0.4151075], dtype=float32)
"""

from __future__ import annotations

from typing import Any

from .tensor import Tensor, to_tensor

__all__ = [
    "acos",
    "acosh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "ceil",
    "copysign",
    "cos",
    "cosh",
    "erf",
    "erfc",
    "erfinv",
    "exp2",
    "expm1",
    "floor",
    "fmod",
    "frac",
    "hypot",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "lerp",
    "log1p",
    "log2",
    "log10",
    "logaddexp",
    "reciprocal",
    "remainder",
    "round",
    "rsqrt",
    "sign",
    "sin",
    "sinh",
    "square",
    "tan",
    "trunc",
]


def _first(a: Any, b: Any) -> Tensor:
    """``a`` as a Tensor; a Python number takes the dtype of a Tensor ``b``."""
    return to_tensor(a, b if isinstance(b, Tensor) else None)


def sin(x: Any) -> Tensor:
    """``torch.sin``: ``x.sin()`` (see ``Tensor.sin``).

    >>> sin([0.0])
    Tensor([0.])
    """
    return to_tensor(x).sin()


def cos(x: Any) -> Tensor:
    """``torch.cos``: ``x.cos()`` (see ``Tensor.cos``).

    >>> cos([0.0])
    Tensor([1.])
    """
    return to_tensor(x).cos()


def tan(x: Any) -> Tensor:
    """``torch.tan``: ``x.tan()`` (see ``Tensor.tan``).

    >>> tan([0.0])
    Tensor([0.])
    """
    return to_tensor(x).tan()


def asin(x: Any) -> Tensor:
    """``torch.asin``: ``x.asin()`` (see ``Tensor.asin``).

    >>> asin([0.0])
    Tensor([0.])
    """
    return to_tensor(x).asin()


def acos(x: Any) -> Tensor:
    """``torch.acos``: ``x.acos()`` (see ``Tensor.acos``).

    >>> acos([0.0])
    Tensor([1.5708])
    """
    return to_tensor(x).acos()


def atan(x: Any) -> Tensor:
    """``torch.atan``: ``x.atan()`` (see ``Tensor.atan``).

    >>> atan([0.0])
    Tensor([0.])
    """
    return to_tensor(x).atan()


def sinh(x: Any) -> Tensor:
    """``torch.sinh``: ``x.sinh()`` (see ``Tensor.sinh``).

    >>> sinh([0.0])
    Tensor([0.])
    """
    return to_tensor(x).sinh()


def cosh(x: Any) -> Tensor:
    """``torch.cosh``: ``x.cosh()`` (see ``Tensor.cosh``).

    >>> cosh([0.0])
    Tensor([1.])
    """
    return to_tensor(x).cosh()


def asinh(x: Any) -> Tensor:
    """``torch.asinh``: ``x.asinh()`` (see ``Tensor.asinh``).

    >>> asinh([0.0])
    Tensor([0.])
    """
    return to_tensor(x).asinh()


def acosh(x: Any) -> Tensor:
    """``torch.acosh``: ``x.acosh()`` (see ``Tensor.acosh``).

    >>> acosh([1.0])
    Tensor([0.])
    """
    return to_tensor(x).acosh()


def atanh(x: Any) -> Tensor:
    """``torch.atanh``: ``x.atanh()`` (see ``Tensor.atanh``).

    >>> atanh([0.0])
    Tensor([0.])
    """
    return to_tensor(x).atanh()


def log2(x: Any) -> Tensor:
    """``torch.log2``: ``x.log2()`` (see ``Tensor.log2``).

    >>> log2([4.0])
    Tensor([2.])
    """
    return to_tensor(x).log2()


def log10(x: Any) -> Tensor:
    """``torch.log10``: ``x.log10()`` (see ``Tensor.log10``).

    >>> log10([10.0])
    Tensor([1.])
    """
    return to_tensor(x).log10()


def log1p(x: Any) -> Tensor:
    """``torch.log1p``: ``x.log1p()`` (see ``Tensor.log1p``).

    >>> log1p([0.0])
    Tensor([0.])
    """
    return to_tensor(x).log1p()


def expm1(x: Any) -> Tensor:
    """``torch.expm1``: ``x.expm1()`` (see ``Tensor.expm1``).

    >>> expm1([0.0])
    Tensor([0.])
    """
    return to_tensor(x).expm1()


def exp2(x: Any) -> Tensor:
    """``torch.exp2``: ``x.exp2()`` (see ``Tensor.exp2``).

    >>> exp2([3.0])
    Tensor([8.])
    """
    return to_tensor(x).exp2()


def rsqrt(x: Any) -> Tensor:
    """``torch.rsqrt``: ``x.rsqrt()`` (see ``Tensor.rsqrt``).

    >>> rsqrt([4.0])
    Tensor([0.5])
    """
    return to_tensor(x).rsqrt()


def reciprocal(x: Any) -> Tensor:
    """``torch.reciprocal``: ``x.reciprocal()`` (see ``Tensor.reciprocal``).

    >>> reciprocal([2.0])
    Tensor([0.5])
    """
    return to_tensor(x).reciprocal()


def square(x: Any) -> Tensor:
    """``torch.square``: ``x.square()`` (see ``Tensor.square``).

    >>> square([3.0])
    Tensor([9.])
    """
    return to_tensor(x).square()


def erf(x: Any) -> Tensor:
    """``torch.erf``: ``x.erf()`` (see ``Tensor.erf``).

    >>> erf([0.0])
    Tensor([0.])
    """
    return to_tensor(x).erf()


def erfc(x: Any) -> Tensor:
    """``torch.erfc``: ``x.erfc()`` (see ``Tensor.erfc``).

    >>> erfc([0.0])
    Tensor([1.])
    """
    return to_tensor(x).erfc()


def erfinv(x: Any) -> Tensor:
    """``torch.erfinv``: ``x.erfinv()`` (see ``Tensor.erfinv``).

    >>> erfinv([0.0])
    Tensor([0.])
    """
    return to_tensor(x).erfinv()


def sign(x: Any) -> Tensor:
    """``torch.sign``: ``x.sign()`` (see ``Tensor.sign``).

    >>> sign([-2.0])
    Tensor([-1.])
    """
    return to_tensor(x).sign()


def floor(x: Any) -> Tensor:
    """``torch.floor``: ``x.floor()`` (see ``Tensor.floor``).

    >>> floor([-0.5])
    Tensor([-1.])
    """
    return to_tensor(x).floor()


def ceil(x: Any) -> Tensor:
    """``torch.ceil``: ``x.ceil()`` (see ``Tensor.ceil``).

    >>> ceil([-0.5])
    Tensor([-0.])
    """
    return to_tensor(x).ceil()


def trunc(x: Any) -> Tensor:
    """``torch.trunc``: ``x.trunc()`` (see ``Tensor.trunc``).

    >>> trunc([-0.5])
    Tensor([-0.])
    """
    return to_tensor(x).trunc()


def frac(x: Any) -> Tensor:
    """``torch.frac``: ``x.frac()`` (see ``Tensor.frac``).

    >>> frac([-1.25])
    Tensor([-0.25])
    """
    return to_tensor(x).frac()


def isnan(x: Any) -> Tensor:
    """``torch.isnan``: ``x.isnan()`` (see ``Tensor.isnan``).

    >>> isnan([np.nan])
    Tensor([ True], dtype=bool)
    """
    return to_tensor(x).isnan()


def isinf(x: Any) -> Tensor:
    """``torch.isinf``: ``x.isinf()`` (see ``Tensor.isinf``).

    >>> isinf([np.inf])
    Tensor([ True], dtype=bool)
    """
    return to_tensor(x).isinf()


def isfinite(x: Any) -> Tensor:
    """``torch.isfinite``: ``x.isfinite()`` (see ``Tensor.isfinite``).

    >>> isfinite([np.inf])
    Tensor([False], dtype=bool)
    """
    return to_tensor(x).isfinite()


def atan2(a: Any, b: Any) -> Tensor:
    """``torch.atan2``: ``a.atan2(b)``, broadcasting (see ``Tensor.atan2``).

    >>> atan2([1.0], [1.0])
    Tensor([0.7854])
    """
    return _first(a, b).atan2(b)


def hypot(a: Any, b: Any) -> Tensor:
    """``torch.hypot``: ``a.hypot(b)``, broadcasting (see ``Tensor.hypot``).

    >>> hypot([3.0], 4.0)
    Tensor([5.])
    """
    return _first(a, b).hypot(b)


def logaddexp(a: Any, b: Any) -> Tensor:
    """``torch.logaddexp``: ``a.logaddexp(b)``, broadcasting (see ``Tensor.logaddexp``).

    >>> logaddexp([0.0], 0.0)
    Tensor([0.6931])
    """
    return _first(a, b).logaddexp(b)


def copysign(a: Any, b: Any) -> Tensor:
    """``torch.copysign``: ``a.copysign(b)``, broadcasting (see ``Tensor.copysign``).

    >>> copysign([2.0], -1.0)
    Tensor([-2.])
    """
    return _first(a, b).copysign(b)


def fmod(a: Any, b: Any) -> Tensor:
    """``torch.fmod``: ``a.fmod(b)``, broadcasting (see ``Tensor.fmod``).

    >>> fmod([-3.0], 2.0)
    Tensor([-1.])
    """
    return _first(a, b).fmod(b)


def remainder(a: Any, b: Any) -> Tensor:
    """``torch.remainder``: ``a.remainder(b)``, broadcasting (see ``Tensor.remainder``).

    >>> remainder([-3.0], 2.0)
    Tensor([1.])
    """
    return _first(a, b).remainder(b)


def round(x: Any, decimals: int = 0) -> Tensor:  # noqa: A001 - torch.round's name
    """``torch.round``: ``x.round(decimals)``, halves to even (see ``Tensor.round``).

    >>> round([0.5, 1.5])
    Tensor([0., 2.])
    """
    return to_tensor(x).round(decimals)


def lerp(start: Any, end: Any, weight: Any) -> Tensor:
    """``torch.lerp``: ``start + weight (end - start)``, broadcasting (see ``Tensor.lerp``).

    >>> lerp([0.0], [10.0], 0.5)
    Tensor([5.])
    """
    return _first(start, end).lerp(end, weight)


def isclose(
    a: Any, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> Tensor:
    """``torch.isclose``: ``a.isclose(b, rtol, atol, equal_nan)`` (see ``Tensor.isclose``).

    >>> isclose([1.0], [1.0 + 1e-9])
    Tensor([ True], dtype=bool)
    """
    return _first(a, b).isclose(b, rtol, atol, equal_nan)
