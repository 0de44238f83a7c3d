"""The default floating dtype, and the rules that turn user data into arrays (as PyTorch does)."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = ["get_default_dtype", "set_default_dtype"]

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
