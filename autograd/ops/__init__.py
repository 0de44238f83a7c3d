"""The primitive operations: each a small class with its forward and backward side by side."""

from .base import (
    GradSummary,
    Op,
    broadcast_shape,
    broadcast_shapes,
    constant,  # noqa: F401
    normalize_axis,
    normalize_permutation,
    normalize_shape,
    unbroadcast,
)
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
    Minimum,  # noqa: F401
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
    Where,
)
from .linalg import Linear, MatMul  # noqa: F401
from .reduce import Max, Mean, Min, Sum  # noqa: F401
from .shape import (
    Concatenate,
    Expand,
    GetItem,
    IndexAdd,
    Reshape,
    Stack,  # noqa: F401
    Transpose,
    is_basic_index,
    normalize_index,
)
