"""The primitive operations: each a small class with its forward and backward side by side.

``base`` holds the protocol (``Op``); ``elementwise``, ``reduce`` (with broadcasting, its
adjoint), ``shape`` and ``linalg`` hold the primitives. Every Tensor method ends in one of them.
"""

from .assign import SetItem
from .base import Op, constant
from .elementwise import (
    Abs,
    Add,
    Cast,
    Clip,
    Clone,
    Div,
    Exp,
    Log,
    Maximum,
    Minimum,
    Mul,
    Neg,
    Pow,
    Relu,
    Sigmoid,
    SigmoidBackward,
    Sqrt,
    Sub,
    Tanh,
    TanhBackward,
)
from .linalg import Linear, MatMul
from .pointwise import Erf, Erfc
from .reduce import Expand, Max, Mean, Min, Sum, unbroadcast
from .shape import Concatenate, GetItem, IndexAdd, Reshape, Stack, Transpose, Where, select

__all__ = [
    "Abs",
    "Add",
    "Cast",
    "Clip",
    "Clone",
    "Concatenate",
    "Div",
    "Erf",
    "Erfc",
    "Exp",
    "Expand",
    "GetItem",
    "IndexAdd",
    "Linear",
    "Log",
    "MatMul",
    "Max",
    "Maximum",
    "Mean",
    "Min",
    "Minimum",
    "Mul",
    "Neg",
    "Op",
    "Pow",
    "Relu",
    "Reshape",
    "SetItem",
    "Sigmoid",
    "SigmoidBackward",
    "Sqrt",
    "Stack",
    "Sub",
    "Sum",
    "Tanh",
    "TanhBackward",
    "Transpose",
    "Where",
    "constant",
    "select",
    "unbroadcast",
]
