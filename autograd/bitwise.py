"""PyTorch's comparison, integer, bitwise and logical functions as ``autograd.NAME``: each is
the Tensor method of the same name, on the first operand made a Tensor (a Python number
beside a Tensor takes part in type promotion as a number, as in PyTorch).

>>> import numpy as np
>>> from autograd import Tensor
>>> bitwise_and(Tensor(np.array([12, 10])), 6), eq(Tensor([1.0, 2.0]), 2.0)
(Tensor([4, 2], dtype=int64), Tensor([False,  True], dtype=bool))
"""

from __future__ import annotations

from typing import Any

from .tensor import Tensor, promote

__all__ = [
    "allclose",
    "bitwise_and",
    "bitwise_left_shift",
    "bitwise_not",
    "bitwise_or",
    "bitwise_right_shift",
    "bitwise_xor",
    "eq",
    "equal",
    "floor_divide",
    "ge",
    "gt",
    "le",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "lt",
    "nan_to_num",
    "ne",
]


def _pair(a: Any, b: Any) -> tuple[Tensor, Tensor]:
    if isinstance(a, Tensor):
        return a, b
    first, second = promote(a, b)  # a number first: promoted together, as PyTorch would
    return first, second


def eq(input: Any, other: Any) -> Tensor:  # noqa: A002 - PyTorch's parameter name
    """``input == other`` elementwise, a bool tensor (as ``torch.eq``).

    >>> eq(Tensor([1.0, 2.0]), Tensor([1.0, 3.0]))
    Tensor([ True, False], dtype=bool)
    """
    a, b = _pair(input, other)
    return a.eq(b)


def ne(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``input != other`` elementwise (as ``torch.ne``).

    >>> ne(Tensor([1.0, 2.0]), 2.0)
    Tensor([ True, False], dtype=bool)
    """
    a, b = _pair(input, other)
    return a.ne(b)


def lt(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``input < other`` elementwise (as ``torch.lt``).

    >>> lt(Tensor([1.0, 2.0]), 2.0)
    Tensor([ True, False], dtype=bool)
    """
    a, b = _pair(input, other)
    return a.lt(b)


def le(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``input <= other`` elementwise (as ``torch.le``).

    >>> le(Tensor([1.0, 2.0]), 1.0)
    Tensor([ True, False], dtype=bool)
    """
    a, b = _pair(input, other)
    return a.le(b)


def gt(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``input > other`` elementwise (as ``torch.gt``).

    >>> gt(Tensor([1.0, 2.0]), 1.0)
    Tensor([False,  True], dtype=bool)
    """
    a, b = _pair(input, other)
    return a.gt(b)


def ge(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``input >= other`` elementwise (as ``torch.ge``).

    >>> ge(Tensor([1.0, 2.0]), 2.0)
    Tensor([False,  True], dtype=bool)
    """
    a, b = _pair(input, other)
    return a.ge(b)


def equal(input: Tensor, other: Tensor) -> bool:  # noqa: A002
    """True if both have the same shape and values (as ``torch.equal``).

    >>> equal(Tensor([1.0, 2.0]), Tensor([1.0, 2.0]))
    True
    """
    return Tensor.equal(input, other)


def allclose(
    input: Tensor,  # noqa: A002
    other: Tensor,
    rtol: float = 1e-05,
    atol: float = 1e-08,
    equal_nan: bool = False,
) -> bool:
    """``|input - other| <= atol + rtol * |other|`` everywhere (as ``torch.allclose``).

    >>> allclose(Tensor([1.0]), Tensor([1.0 + 1e-9]))
    True
    """
    return Tensor.allclose(input, other, rtol, atol, equal_nan)


def floor_divide(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``input // other``, rounded toward minus infinity (as ``torch.floor_divide``).

    >>> import numpy as np
    >>> floor_divide(Tensor(np.array([-7, 7])), 2)
    Tensor([-4,  3], dtype=int64)
    """
    a, b = _pair(input, other)
    return a.floor_divide(b)


def bitwise_and(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Elementwise AND of integer or bool tensors (as ``torch.bitwise_and``).

    >>> bitwise_and(Tensor([True, False]), Tensor([True, True]))
    Tensor([ True, False], dtype=bool)
    """
    a, b = _pair(input, other)
    return a.bitwise_and(b)


def bitwise_or(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Elementwise OR of integer or bool tensors (as ``torch.bitwise_or``).

    >>> import numpy as np
    >>> bitwise_or(Tensor(np.array([4])), 1)
    Tensor([5], dtype=int64)
    """
    a, b = _pair(input, other)
    return a.bitwise_or(b)


def bitwise_xor(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Elementwise XOR of integer or bool tensors (as ``torch.bitwise_xor``).

    >>> import numpy as np
    >>> bitwise_xor(Tensor(np.array([6])), 3)
    Tensor([5], dtype=int64)
    """
    a, b = _pair(input, other)
    return a.bitwise_xor(b)


def bitwise_not(input: Tensor) -> Tensor:  # noqa: A002
    """Elementwise NOT of an integer or bool tensor (as ``torch.bitwise_not``).

    >>> import numpy as np
    >>> bitwise_not(Tensor(np.array([0])))
    Tensor([-1], dtype=int64)
    """
    return Tensor.bitwise_not(input)


def bitwise_left_shift(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``input << other`` of integer tensors (as ``torch.bitwise_left_shift``).

    >>> import numpy as np
    >>> bitwise_left_shift(Tensor(np.array([1])), 3)
    Tensor([8], dtype=int64)
    """
    a, b = _pair(input, other)
    return a.bitwise_left_shift(b)


def bitwise_right_shift(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``input >> other`` of integer tensors, arithmetic (as ``torch.bitwise_right_shift``).

    >>> import numpy as np
    >>> bitwise_right_shift(Tensor(np.array([-8])), 1)
    Tensor([-4], dtype=int64)
    """
    a, b = _pair(input, other)
    return a.bitwise_right_shift(b)


def logical_and(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Elementwise AND of the truth values, a bool tensor (as ``torch.logical_and``).

    >>> logical_and(Tensor([1.0, 0.0]), Tensor([2.0, 2.0]))
    Tensor([ True, False], dtype=bool)
    """
    a, b = _pair(input, other)
    return a.logical_and(b)


def logical_or(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Elementwise OR of the truth values, a bool tensor (as ``torch.logical_or``).

    >>> logical_or(Tensor([1.0, 0.0]), 0.0)
    Tensor([ True, False], dtype=bool)
    """
    a, b = _pair(input, other)
    return a.logical_or(b)


def logical_xor(input: Any, other: Any) -> Tensor:  # noqa: A002
    """Elementwise XOR of the truth values, a bool tensor (as ``torch.logical_xor``).

    >>> logical_xor(Tensor([1.0, 0.0]), 1.0)
    Tensor([False,  True], dtype=bool)
    """
    a, b = _pair(input, other)
    return a.logical_xor(b)


def logical_not(input: Tensor) -> Tensor:  # noqa: A002
    """True where ``input`` is zero (as ``torch.logical_not``).

    >>> logical_not(Tensor([1.0, 0.0]))
    Tensor([False,  True], dtype=bool)
    """
    return Tensor.logical_not(input)


def nan_to_num(
    input: Tensor,  # noqa: A002
    nan: float = 0.0,
    posinf: float | None = None,
    neginf: float | None = None,
) -> Tensor:
    """NaN and infinities replaced by finite numbers (as ``torch.nan_to_num``); the
    gradient passes where the value was finite.

    >>> nan_to_num(Tensor([float("nan"), 1.0]))
    Tensor([0., 1.])
    """
    return Tensor.nan_to_num(input, nan, posinf, neginf)
