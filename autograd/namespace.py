"""``torch.NAME`` for the Tensor methods that had no module-level function: ``autograd.tanh(x)``
is ``x.tanh()``, ``autograd.add(x, y, alpha=2)`` is ``x.add(y, alpha=2)``, with torch's
parameter names (``input`` first). Each wrapper turns ``input`` into a Tensor with
``to_tensor`` (a Python number beside a Tensor takes that Tensor's dtype, as in PyTorch) and
calls the method, which holds the docstring with the math and the checks.

Also here: the type queries (``is_tensor``, ``is_floating_point``, ``numel``...) and NumPy's
``finfo`` / ``iinfo`` with torch's defaults. The dtype names (``autograd.float32``,
``autograd.long``...) are in ``autograd/dtype_names.py``.

>>> import autograd as torch
>>> x = torch.tensor([0.0, 1.0], requires_grad=True)
>>> torch.tanh(torch.mul(x, 2)).sum().backward()
>>> x.grad  # 2 (1 - tanh(2x)^2)
array([2.        , 0.14130163], dtype=float32)

``tests/test_namespace.py`` fails, naming it, for any Tensor method that PyTorch also has as a
``torch.NAME`` function but ``autograd`` does not.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes
from .tensor import Tensor, to_tensor

__all__ = [
    "abs",
    "abs_",
    "add",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctan2",
    "arctanh",
    "bmm",
    "clamp",
    "clamp_",
    "clip",
    "clip_",
    "clone",
    "detach",
    "div",
    "divide",
    "dot",
    "exp",
    "exp_",
    "fill_",
    "finfo",
    "fix",
    "iinfo",
    "is_complex",
    "is_floating_point",
    "is_nonzero",
    "is_tensor",
    "log",
    "log_",
    "matmul",
    "mm",
    "mul",
    "multiply",
    "mv",
    "nan_to_num_",
    "neg",
    "neg_",
    "negative",
    "numel",
    "pow",
    "relu",
    "relu_",
    "sigmoid",
    "sigmoid_",
    "sqrt",
    "sqrt_",
    "sub",
    "subtract",
    "tanh",
    "tanh_",
    "true_divide",
    "zero_",
]


def _pair(input: Any, other: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``input`` as the first operand of a binary op: a number beside a Tensor takes its dtype
    (``autograd.sub(1, x)`` of a float16 ``x`` is float16, as ``torch.sub``)."""
    return to_tensor(input, other if isinstance(other, Tensor) else None)


def _tensor(input: Any, op: str) -> Tensor:  # noqa: A002 - PyTorch's name
    """``input`` itself, for an in-place function: only a Tensor can be changed in place."""
    if not isinstance(input, Tensor):
        raise TypeError(
            f"{op}: changes a Tensor in place, so input must be a Tensor, got "
            f"{type(input).__name__}; write autograd.tensor(...) first"
        )
    return input


# ---------------------------------------------------------------------------- unary pointwise
def abs(input: Any) -> Tensor:  # noqa: A001, A002 - torch.abs
    """``torch.abs``: ``input.abs()`` (see ``Tensor.abs``).

    >>> abs([-1.5, 2.0])
    Tensor([1.5, 2. ])
    """
    return to_tensor(input).abs()


def exp(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.exp``: ``input.exp()`` (see ``Tensor.exp``)."""
    return to_tensor(input).exp()


def log(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.log``: ``input.log()`` (see ``Tensor.log``)."""
    return to_tensor(input).log()


def sqrt(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.sqrt``: ``input.sqrt()`` (see ``Tensor.sqrt``)."""
    return to_tensor(input).sqrt()


def neg(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.neg``: ``-input`` (see ``Tensor.neg``)."""
    return to_tensor(input).neg()


def negative(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.negative``, an alias of ``neg``."""
    return to_tensor(input).neg()


def fix(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.fix``, an alias of ``trunc`` (see ``Tensor.trunc``)."""
    return to_tensor(input).trunc()


def relu(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.relu``: ``input.relu()``, ``max(input, 0)`` (see ``Tensor.relu``)."""
    return to_tensor(input).relu()


def sigmoid(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.sigmoid``: ``input.sigmoid()``, ``1 / (1 + exp(-input))``."""
    return to_tensor(input).sigmoid()


def tanh(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.tanh``: ``input.tanh()`` (see ``Tensor.tanh``).

    >>> tanh([0.0])
    Tensor([0.])
    """
    return to_tensor(input).tanh()


def arcsin(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.arcsin``, an alias of ``asin``."""
    return to_tensor(input).asin()


def arccos(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.arccos``, an alias of ``acos``."""
    return to_tensor(input).acos()


def arctan(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.arctan``, an alias of ``atan``."""
    return to_tensor(input).atan()


def arcsinh(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.arcsinh``, an alias of ``asinh``."""
    return to_tensor(input).asinh()


def arccosh(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.arccosh``, an alias of ``acosh``."""
    return to_tensor(input).acosh()


def arctanh(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.arctanh``, an alias of ``atanh``."""
    return to_tensor(input).atanh()


def clamp(input: Any, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002 - torch's names
    """``torch.clamp``: values limited to ``[min, max]`` (see ``Tensor.clamp``).

    >>> clamp([-2.0, 0.5, 3.0], min=-1.0, max=1.0)
    Tensor([-1. ,  0.5,  1. ])
    """
    return to_tensor(input).clamp(min, max)


def clip(input: Any, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002 - torch's names
    """``torch.clip``, an alias of ``clamp``."""
    return to_tensor(input).clamp(min, max)


def clone(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.clone``: a copy that stays in the graph (see ``Tensor.clone``)."""
    return to_tensor(input).clone()


def detach(input: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.detach``: the same values, cut from the graph (see ``Tensor.detach``)."""
    return to_tensor(input).detach()


# ---------------------------------------------------------------------------- binary arithmetic
def add(input: Any, other: Any, *, alpha: float = 1) -> Tensor:  # noqa: A002 - torch's name
    """``torch.add``: ``input + alpha * other`` (see ``Tensor.add``).

    >>> add([1.0, 2.0], 1.0, alpha=10)
    Tensor([11., 12.])
    """
    return _pair(input, other).add(other, alpha=alpha)


def sub(input: Any, other: Any, *, alpha: float = 1) -> Tensor:  # noqa: A002 - torch's name
    """``torch.sub``: ``input - alpha * other`` (see ``Tensor.sub``)."""
    return _pair(input, other).sub(other, alpha=alpha)


def subtract(input: Any, other: Any, *, alpha: float = 1) -> Tensor:  # noqa: A002 - torch's
    """``torch.subtract``, an alias of ``sub``."""
    return _pair(input, other).sub(other, alpha=alpha)


def mul(input: Any, other: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.mul``: ``input * other``, broadcast (see ``Tensor.mul``)."""
    return _pair(input, other).mul(other)


def multiply(input: Any, other: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.multiply``, an alias of ``mul``."""
    return _pair(input, other).mul(other)


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:  # noqa: A002
    """``torch.div``: ``input / other``, rounded ``"trunc"`` or ``"floor"`` if asked (see
    ``Tensor.div``).

    >>> div([-7.0, 7.0], 2.0, rounding_mode="floor")
    Tensor([-4.,  3.])
    """
    return _pair(input, other).div(other, rounding_mode=rounding_mode)


def divide(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:  # noqa: A002
    """``torch.divide``, an alias of ``div``."""
    return _pair(input, other).div(other, rounding_mode=rounding_mode)


def true_divide(input: Any, other: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.true_divide``: ``div`` without rounding; integers divide to floats."""
    return _pair(input, other).true_divide(other)


def pow(input: Any, exponent: Any) -> Tensor:  # noqa: A001, A002 - torch.pow
    """``torch.pow``: ``input ** exponent``; either may be a number (see ``Tensor.pow``).

    >>> pow(2.0, Tensor([1.0, 3.0]))
    Tensor([2., 8.])
    """
    return _pair(input, exponent).pow(exponent)


def arctan2(input: Any, other: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.arctan2``, an alias of ``atan2``."""
    return _pair(input, other).atan2(other)


# ---------------------------------------------------------------------------- matrix products
def matmul(input: Any, other: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.matmul``: ``input @ other``, with batch broadcasting (see ``Tensor.matmul``)."""
    return to_tensor(input).matmul(other)


def mm(input: Any, mat2: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.mm``: the product of two matrices, no broadcasting (see ``Tensor.mm``)."""
    return to_tensor(input).mm(mat2)


def bmm(input: Any, mat2: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.bmm``: batched products of ``(b, n, m)`` and ``(b, m, p)`` (see ``Tensor.bmm``)."""
    return to_tensor(input).bmm(mat2)


def dot(input: Any, tensor: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.dot``: the inner product of two 1-D tensors (see ``Tensor.dot``)."""
    return to_tensor(input).dot(tensor)


def mv(input: Any, vec: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.mv``: a ``(n, m)`` matrix times a vector of length ``m``.

    >>> mv(Tensor([[1.0, 2.0], [3.0, 4.0]]), [1.0, 1.0])
    Tensor([3., 7.])
    """
    matrix, vector = to_tensor(input), to_tensor(vec)
    if matrix.ndim != 2 or vector.ndim != 1 or matrix.shape[1] != vector.shape[0]:
        raise RuntimeError(
            f"mv: expected a matrix (n, m) and a vector (m,), got shapes {matrix.shape} and "
            f"{vector.shape}; use matmul for other shapes"
        )
    return matrix.matmul(vector)


# ---------------------------------------------------------------------------- in place
def abs_(input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.abs_``: ``input.abs_()``, in place."""
    return _tensor(input, "abs_").abs_()


def exp_(input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.exp_``: ``input.exp_()``, in place."""
    return _tensor(input, "exp_").exp_()


def log_(input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.log_``: ``input.log_()``, in place."""
    return _tensor(input, "log_").log_()


def sqrt_(input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.sqrt_``: ``input.sqrt_()``, in place."""
    return _tensor(input, "sqrt_").sqrt_()


def neg_(input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.neg_``: ``input.neg_()``, in place."""
    return _tensor(input, "neg_").neg_()


def relu_(input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.relu_``: ``input.relu_()``, in place."""
    return _tensor(input, "relu_").relu_()


def sigmoid_(input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.sigmoid_``: ``input.sigmoid_()``, in place."""
    return _tensor(input, "sigmoid_").sigmoid_()


def tanh_(input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.tanh_``: ``input.tanh_()``, in place."""
    return _tensor(input, "tanh_").tanh_()


def clamp_(input: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002 - torch's
    """``torch.clamp_``: ``input.clamp_(min, max)``, in place."""
    return _tensor(input, "clamp_").clamp_(min, max)


def clip_(input: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002 - torch's
    """``torch.clip_``, an alias of ``clamp_``."""
    return _tensor(input, "clip_").clamp_(min, max)


def fill_(input: Tensor, value: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.fill_``: every element of ``input`` set to ``value``, in place."""
    return _tensor(input, "fill_").fill_(value)


def zero_(input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
    """``torch.zero_``: every element of ``input`` set to 0, in place."""
    return _tensor(input, "zero_").zero_()


def nan_to_num_(
    input: Tensor,  # noqa: A002 - PyTorch's name
    nan: float = 0.0,
    posinf: float | None = None,
    neginf: float | None = None,
) -> Tensor:
    """``torch.nan_to_num_``: ``input.nan_to_num_(nan, posinf, neginf)``, in place."""
    return _tensor(input, "nan_to_num_").nan_to_num_(nan, posinf, neginf)


# ---------------------------------------------------------------------------- type queries
def is_tensor(obj: object) -> bool:
    """``torch.is_tensor``: is ``obj`` a Tensor (a Parameter is one)?

    >>> is_tensor(Tensor([1.0])), is_tensor(np.zeros(2))
    (True, False)
    """
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> bool:  # noqa: A002 - PyTorch's name
    """``torch.is_floating_point``: is the dtype float16, float32 or float64?"""
    return dtypes.is_float(_tensor_arg(input, "is_floating_point").dtype)


def is_complex(input: Tensor) -> bool:  # noqa: A002 - PyTorch's name
    """``torch.is_complex``: is the dtype complex?"""
    return _tensor_arg(input, "is_complex").dtype.kind == "c"


def is_nonzero(input: Tensor) -> bool:  # noqa: A002 - PyTorch's name
    """``torch.is_nonzero``: the truth of a one-element tensor (an error for any other).

    >>> is_nonzero(Tensor([0.5]))
    True
    """
    tensor = _tensor_arg(input, "is_nonzero")
    if tensor.numel() != 1:
        raise RuntimeError(
            f"is_nonzero: a tensor with {tensor.numel()} elements (shape {tensor.shape}) has "
            f"no single truth value; use .any() or .all()"
        )
    return tensor.data.reshape(()).item() != 0


def numel(input: Tensor) -> int:  # noqa: A002 - PyTorch's name
    """``torch.numel``: the number of elements of ``input``.

    >>> numel(Tensor([[1.0, 2.0, 3.0]]))
    3
    """
    return _tensor_arg(input, "numel").numel()


def _tensor_arg(input: Any, op: str) -> Tensor:  # noqa: A002 - PyTorch's name
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: input must be a Tensor, got {type(input).__name__}")
    return input


def finfo(type: Any = None) -> np.finfo[Any]:  # noqa: A002 - torch's name
    """``torch.finfo``: NumPy's limits of a float dtype (``eps``, ``max``, ``tiny``,
    ``resolution``, ``bits``); with no dtype, of the default one.

    >>> finfo().dtype, finfo(np.float16).max
    (dtype('float32'), np.float16(65500.0))
    """
    resolved = dtypes.get_default_dtype() if type is None else np.dtype(type)
    if not dtypes.is_float(resolved):
        raise TypeError(f"finfo: {resolved} is not a floating dtype; iinfo is for integers")
    return np.finfo(resolved)


def iinfo(type: Any) -> np.iinfo[Any]:  # noqa: A002 - torch's name
    """``torch.iinfo``: NumPy's limits of an integer dtype (``min``, ``max``, ``bits``).

    >>> iinfo(np.int8).max
    127
    """
    resolved = np.dtype(type)
    if resolved.kind not in "iu":
        raise TypeError(f"iinfo: {resolved} is not an integer dtype; finfo is for floats")
    return np.iinfo(resolved)
