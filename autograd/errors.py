"""The exception classes graphgrad raises for bad arguments, each caught by PyTorch's type too.

graphgrad names the problem with Python's usual types (a bad shape or value is a ``ValueError``,
a wrong dtype a ``TypeError``); PyTorch raises ``RuntimeError`` for most of these and
``IndexError`` for a dimension out of range. Code written for PyTorch catches those, so each
class here derives from both: ``except ValueError`` and ``except RuntimeError`` both catch a
shape error, as a user of either library expects.

>>> from autograd import Tensor
>>> try:
...     Tensor([1.0, 2.0]).sum(dim=3)
... except IndexError as error:  # PyTorch's type for a dimension out of range
...     print(type(error).__name__, isinstance(error, ValueError))
DimensionError True
"""

from __future__ import annotations

__all__ = ["DimensionError", "DtypeError", "ShapeError"]


class ShapeError(ValueError, RuntimeError):
    """Shapes or arguments that do not fit the op (PyTorch: ``RuntimeError``)."""


class DimensionError(ValueError, IndexError):
    """A dimension (``dim``/``axis``) out of range for the tensor (PyTorch: ``IndexError``)."""


class DtypeError(TypeError, RuntimeError):
    """Operands whose dtypes the op does not accept together (PyTorch: ``RuntimeError``)."""
