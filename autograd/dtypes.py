"""The default floating dtype, and the rules that turn user data into arrays (as PyTorch does)."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = [
    "can_cast",
    "get_default_dtype",
    "promote_types",
    "result_type",
    "scalar_dtype",
    "set_default_dtype",
]

_FLOAT_DTYPES = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))
_default = np.dtype(np.float32)


def set_default_dtype(dtype: Any) -> None:
    """Set the float dtype that Python numbers and lists become (float32 until changed).

    >>> from autograd import Tensor
    >>> set_default_dtype(np.float64)
    >>> Tensor([1, 2]).dtype
    dtype('float64')
    >>> set_default_dtype(np.float32)
    """
    global _default
    try:
        resolved = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(f"set_default_dtype: {dtype!r} is not a dtype") from exc
    if resolved not in _FLOAT_DTYPES:
        raise TypeError(
            f"set_default_dtype: the default must be a floating dtype (float16, float32 or "
            f"float64), got {resolved}"
        )
    _default = resolved


def get_default_dtype() -> np.dtype:
    """The float dtype that Python numbers and lists become.

    >>> get_default_dtype()
    dtype('float32')
    """
    return _default


def is_float(dtype: np.dtype) -> bool:
    """True for the floating dtypes, the only ones that can require grad."""
    return dtype.kind == "f"


def _all_bools(value: object) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_all_bools(item) for item in value)
    return isinstance(value, (bool, np.bool_))


def to_array(data: object, dtype: Any = None) -> np.ndarray:
    """Turn user data into an ndarray: arrays keep their dtype, Python data gets the default float.

    Lists of booleans stay boolean (masks); everything else Python-made becomes the default
    float dtype, so ``Tensor(3, requires_grad=True)`` just works, micrograd style. An ndarray
    is copied (as ``torch.tensor`` copies): changing it later cannot change a gradient.

    >>> to_array([[1, 2]]).dtype, to_array([True, False]).dtype, to_array(np.arange(2)).dtype
    (dtype('float32'), dtype('bool'), dtype('int64'))
    """
    if dtype is not None:
        dtype = np.dtype(dtype)
    if isinstance(data, np.ndarray):  # copied, as torch.tensor(ndarray) does
        return np.array(data, dtype=dtype, copy=True)
    if isinstance(data, np.generic):
        return np.asarray(data, dtype=dtype)
    if isinstance(data, (numbers.Number, list, tuple)):
        if dtype is None:
            dtype = np.dtype(np.bool_) if _all_bools(data) else _default
        try:
            return np.array(data, dtype=dtype)
        except (ValueError, TypeError) as exc:
            raise ValueError(
                f"Tensor: cannot make an array of dtype {dtype} from {type(data).__name__} "
                f"data ({exc}); nested lists must be rectangular and hold numbers"
            ) from exc
    raise TypeError(
        f"Tensor: data must be a NumPy array, a nested list or a Python number, "
        f"got {type(data).__name__}"
    )


# ---------------------------------------------------------------------------- type promotion
# PyTorch's rule (torch.result_type): the categories bool < integer < floating < complex. Two
# dtypes of one category promote to the wider (NumPy's table agrees within a category); across
# categories the higher category's dtype wins as it is (int64 with float16 is float16, where
# NumPy widens to float64). Operands rank as dimensioned tensors, then 0-d tensors, then Python
# numbers: a lower rank decides the dtype only when it brings a higher category.
_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}
_BOOL, _INT64 = np.dtype(np.bool_), np.dtype(np.int64)


def _category(dtype: np.dtype) -> int:
    try:
        return _CATEGORY[dtype.kind]
    except KeyError:
        raise TypeError(f"type promotion: {dtype} is not a numeric dtype") from None


def _complex_of(dtype: np.dtype) -> np.dtype:
    """The complex dtype with ``dtype``'s precision (float64 -> complex128)."""
    return np.dtype(np.complex128) if dtype.itemsize >= 8 else np.dtype(np.complex64)


def promote_types(type1: Any, type2: Any) -> np.dtype:
    """The smaller dtype to which both promote, as ``torch.promote_types``.

    Within a category the wider dtype wins; across categories, the higher category's dtype
    (bool < integer < floating < complex), with no widening:

    >>> promote_types(np.int64, np.float16), promote_types(np.uint8, np.int8)
    (dtype('float16'), dtype('int16'))
    >>> promote_types(np.float64, np.complex64)
    dtype('complex128')
    """
    first, second = np.dtype(type1), np.dtype(type2)
    if first == second:
        return first
    high, low = (first, second) if _category(first) >= _category(second) else (second, first)
    if _category(high) != _category(low):
        if _category(high) == 3 and _category(low) == 2:
            return np.promote_types(high, low)  # complex keeps the float's precision
        return high
    for dtype in (first, second):
        if dtype.kind == "u" and dtype.itemsize > 1:
            raise TypeError(
                f"promote_types: promotion of {first} with {second} is not supported (as in "
                f"PyTorch, uint16, uint32 and uint64 promote only with themselves); cast first"
            )
    return np.promote_types(first, second)


def combine_categories(higher: np.dtype | None, lower: np.dtype | None) -> np.dtype | None:
    """PyTorch's ``combine_categories``: a lower-ranked operand counts only if its category is
    higher (a bool result also takes the lower's integer dtype)."""
    if higher is None:
        return lower
    if lower is None:
        return higher
    high, low = _category(higher), _category(lower)
    if high == 3:
        return higher
    if low == 3:
        return _complex_of(higher) if high == 2 else lower
    if high == 2:
        return higher
    if high == 0 or low == 2:
        return promote_types(higher, lower)
    return higher


def scalar_dtype(value: object) -> np.dtype:
    """The dtype a Python (or NumPy) number takes in a mixed operation: bool, int64, the
    default float dtype, or the complex dtype of its precision (PyTorch's wrapped numbers).

    >>> scalar_dtype(True), scalar_dtype(2), scalar_dtype(2.5)
    (dtype('bool'), dtype('int64'), dtype('float32'))
    """
    if isinstance(value, (bool, np.bool_)):
        return _BOOL
    if isinstance(value, numbers.Integral):
        return _INT64
    if isinstance(value, numbers.Real):
        return _default
    if isinstance(value, numbers.Complex):
        return _complex_of(_default)
    raise TypeError(
        f"unsupported operand type for a Tensor operation: {type(value).__name__} (type "
        f"promotion takes Tensors, arrays and numbers)"
    )


def result_type(*operands: Any) -> np.dtype:
    """The dtype of an operation on ``operands`` (Tensors, arrays, Python numbers), as
    ``torch.result_type``: tensors with dimensions decide first, then 0-d tensors, then Python
    numbers, and each later group counts only where it brings a higher category.

    >>> from autograd import Tensor
    >>> ints, floats = Tensor(np.arange(3)), Tensor([1.0, 2.0, 3.0])
    >>> result_type(ints, floats), result_type(ints, 2.5), result_type(ints, 2)
    (dtype('float32'), dtype('float32'), dtype('int64'))
    >>> result_type(floats, Tensor(1.0, dtype=np.float64))  # a 0-d tensor does not widen
    dtype('float32')
    """
    if not operands:
        raise TypeError("result_type: needs at least one operand")
    ranked: list[np.dtype | None] = [None, None, None]  # dimensioned, 0-d, numbers
    for operand in operands:
        array = operand if isinstance(operand, np.ndarray) else getattr(operand, "data", operand)
        if isinstance(array, np.ndarray):
            rank, dtype = (0 if array.ndim else 1), array.dtype
        elif isinstance(operand, (list, tuple)):
            rank, dtype = 0, to_array(operand).dtype
        else:
            rank, dtype = 2, scalar_dtype(operand)
        current = ranked[rank]
        ranked[rank] = dtype if current is None else promote_types(current, dtype)
    result = combine_categories(ranked[0], combine_categories(ranked[1], ranked[2]))
    assert result is not None
    return result


def can_cast(from_: Any, to: Any) -> bool:
    """Can an in-place result of dtype ``from_`` be written into a tensor of dtype ``to``?
    As ``torch.can_cast``: not into a lower category (float into int, int into bool).

    >>> can_cast(np.float64, np.float32), can_cast(np.float32, np.int64)
    (True, False)
    """
    return _category(np.dtype(from_)) <= _category(np.dtype(to))
