"""Integer, bitwise and logical operations, with PyTorch's semantics, and ``nan_to_num``.

Integer division and remainder round toward minus infinity (``-7 // 2 == -4``, ``-7 % 3 ==
2``), and an integer divided by zero is an error, as in PyTorch (NumPy would warn and give 0).
The bitwise operators take integer and bool tensors only; the logical ones take any dtype
(nonzero is True) and give bools. None of these has a gradient, so they are functions on the
promoted operands, not recorded ops; ``NanToNum`` is the one primitive here: its gradient
passes where the value was finite.

>>> from autograd import Tensor
>>> import numpy as np
>>> Tensor(np.array([-7, 7])) // 2, Tensor(np.array([-7, 7])) % 3
(Tensor([-4,  3], dtype=int64), Tensor([2, 1], dtype=int64))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import DtypeError, ShapeError
from ..tensor import Tensor
from .base import Grads, Op
from .pointwise import Remainder
from .shape import select

__all__ = [
    "NanToNum",
    "UnsupportedDtypeError",
    "allclose",
    "binary",
    "bitwise_not",
    "equal",
    "integer_division",
    "logical",
    "logical_not",
    "nan_to_num",
    "remainder",
]

_wrap = Tensor._wrap


class UnsupportedDtypeError(DtypeError, NotImplementedError):
    """An op given a dtype it has no meaning for (bits of a float, a bool linspace): graphgrad's
    TypeError, and also the NotImplementedError (a RuntimeError) PyTorch raises."""


def _is_integral(tensor: Tensor) -> bool:
    return tensor.data.dtype.kind in "iub"


def _checked_divisor(name: str, divisor: Tensor) -> None:
    if (divisor.data == 0).any():
        raise RuntimeError(
            f"{name}: ZeroDivisionError: an integer tensor divided by 0 (divisor shape "
            f"{divisor.shape}); PyTorch refuses it too. Divide as floats for inf and nan"
        )


def _run(name: str, ufunc: Callable[..., Any], *tensors: Tensor) -> Tensor:
    """``ufunc`` on the arrays, with a broadcasting failure named after the op."""
    try:
        return _wrap(np.asarray(ufunc(*[tensor.data for tensor in tensors])))
    except ValueError as exc:
        shapes = " and ".join(str(tensor.shape) for tensor in tensors)
        raise ShapeError(f"{name}: shapes {shapes} cannot be broadcast together ({exc})") from None


def integer_division(a: Tensor, b: Tensor, rounding_mode: str) -> Tensor:
    """``a / b`` of integer tensors, rounded (``"floor"`` or ``"trunc"``), exactly.

    >>> integer_division(Tensor(np.array([-7, 7])), Tensor(np.array([2, 2])), "trunc")
    Tensor([-3,  3], dtype=int64)
    """
    _checked_divisor("div", b)
    if rounding_mode == "floor":
        return _run("floor_divide", np.floor_divide, a, b)

    def truncated(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        quotient = np.floor_divide(x, y)
        return quotient + ((quotient < 0) & (quotient * y != x)).astype(quotient.dtype)

    return _run("div", truncated, a, b)


def remainder(a: Tensor, b: Tensor) -> Tensor:
    """``a % b`` with the sign of ``b`` (Python's and PyTorch's ``remainder``); differentiable
    for floats, exact for integers (an integer divisor 0 is an error).

    >>> remainder(Tensor(np.array([-7, 7])), Tensor(np.array([3, -3])))
    Tensor([ 2, -2], dtype=int64)
    """
    if _is_integral(a) and _is_integral(b):
        _checked_divisor("remainder", b)
        return _run("remainder", np.remainder, a, b)
    return Remainder.apply(a, b)


_BITWISE = {
    "bitwise_and": np.bitwise_and,
    "bitwise_or": np.bitwise_or,
    "bitwise_xor": np.bitwise_xor,
}


def _shift(left: bool) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """PyTorch's shifts: a count below 0 or at least the bit width shifts every bit out (0,
    or -1 for a negative value shifted right), where NumPy's result is undefined."""

    def shift(x: np.ndarray, count: np.ndarray) -> np.ndarray:
        x, count = np.broadcast_arrays(x, count)
        bits = x.dtype.itemsize * 8
        outside = (count < 0) | (count >= bits)
        safe = np.where(outside, 0, count).astype(x.dtype)
        shifted = np.left_shift(x, safe) if left else np.right_shift(x, safe)
        gone = np.zeros_like(x) if left else np.where(x < 0, -1, 0).astype(x.dtype)
        return np.where(outside, gone, shifted)

    return shift


_SHIFTS = {"bitwise_left_shift": _shift(left=True), "bitwise_right_shift": _shift(left=False)}


def binary(name: str, a: Tensor, b: Tensor) -> Tensor:
    """The bitwise operation ``name`` of two promoted integer or bool tensors.

    >>> binary("bitwise_xor", Tensor([True, False]), Tensor([True, True]))
    Tensor([False,  True], dtype=bool)
    """
    shift = name in _SHIFTS
    allowed = "iu" if shift else "iub"
    for tensor in (a, b):
        if tensor.data.dtype.kind not in allowed:
            what = "integer" if shift else "integer and bool"
            raise UnsupportedDtypeError(
                f"{name}: only {what} tensors are supported, got {a.dtype} and {b.dtype} "
                f"(shapes {a.shape} and {b.shape}); as in PyTorch, floats have no bits to "
                f"operate on: use logical_and/or/xor for truth values"
            )
    return _run(name, _SHIFTS[name] if shift else _BITWISE[name], a, b)


def bitwise_not(x: Tensor) -> Tensor:
    """``~x``: ``-x - 1`` for integers, logical not for bools.

    >>> bitwise_not(Tensor(np.array([0, 5])))
    Tensor([-1, -6], dtype=int64)
    """
    if not _is_integral(x):
        raise UnsupportedDtypeError(
            f"bitwise_not: ~ is only implemented on integer and bool tensors, got {x.dtype} "
            f"(shape {x.shape}); use logical_not for truth values"
        )
    return _wrap(np.asarray(np.invert(x.data)))


_LOGICAL = {
    "logical_and": np.logical_and,
    "logical_or": np.logical_or,
    "logical_xor": np.logical_xor,
}


def logical(name: str, a: Tensor, b: Tensor) -> Tensor:
    """The logical operation ``name`` of the truth values (nonzero is True), as bools.

    >>> logical("logical_or", Tensor([0.0, 0.0]), Tensor(np.array([0, 3])))
    Tensor([False,  True], dtype=bool)
    """
    return _run(name, _LOGICAL[name], a, b)


def logical_not(x: Tensor) -> Tensor:
    """True where ``x`` is zero.

    >>> logical_not(Tensor(np.array([0, 3])))
    Tensor([ True, False], dtype=bool)
    """
    return _wrap(np.asarray(np.logical_not(x.data)))


def equal(a: Tensor, b: Any) -> bool:
    """Same shape and the same values after promotion (``torch.equal``); NaN equals nothing.

    >>> (
    ...     equal(Tensor([1.0, 2.0]), Tensor(np.array([1, 2]))),
    ...     equal(Tensor([1.0]), Tensor([1.0, 1.0])),
    ... )
    (True, False)
    """
    if not isinstance(b, Tensor):
        raise TypeError(f"equal: expects a Tensor, got {type(b).__name__}")
    return a.shape == b.shape and bool((a == b).data.all())


def allclose(a: Tensor, b: Any, rtol: float, atol: float, equal_nan: bool) -> bool:
    """``torch.allclose``: ``|a - b| <= atol + rtol |b|`` everywhere; the dtypes must match.

    >>> allclose(Tensor([1.0]), Tensor([1.0 + 1e-9]), 1e-5, 1e-8, False)
    True
    """
    if not isinstance(b, Tensor):
        raise TypeError(f"allclose: expects a Tensor, got {type(b).__name__}")
    if a.dtype != b.dtype:
        raise RuntimeError(
            f"allclose: {a.dtype} did not match {b.dtype}; as in PyTorch both tensors must "
            f"have the same dtype (cast one, e.g. b.to(a.dtype))"
        )
    try:
        return bool(np.allclose(a.data, b.data, rtol=rtol, atol=atol, equal_nan=equal_nan))
    except ValueError as exc:
        raise ShapeError(
            f"allclose: shapes {a.shape} and {b.shape} cannot be broadcast together ({exc})"
        ) from None


class NanToNum(Op):
    rule = "∂x = g where x is finite, 0 where it was replaced"
    name = "nan_to_num"
    saves_inputs = False  # the mask of finite values is kept at forward time
    nan: float
    posinf: float | None
    neginf: float | None
    finite: np.ndarray

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.finite = np.isfinite(x)
        return np.nan_to_num(x, nan=self.nan, posinf=self.posinf, neginf=self.neginf)

    def backward(self, grad: Tensor) -> Grads:
        return (select(grad, self.finite),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        (tangent,) = tangents
        return None if tangent is None else select(tangent, self.finite)


def nan_to_num(x: Tensor, nan: float, posinf: float | None, neginf: float | None) -> Tensor:
    """``x`` with NaN, +inf, -inf replaced (by default: 0, the largest and the smallest
    finite value of its dtype); integer and bool tensors come back as they are.

    >>> nan_to_num(Tensor([float("-inf"), 2.0]), 0.0, None, -1.0)
    Tensor([-1.,  2.])
    """
    if x.data.dtype.kind not in "fc":
        return x
    return NanToNum.apply(x, nan=nan, posinf=posinf, neginf=neginf)
