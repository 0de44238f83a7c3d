"""Forward mode: tangents carried along the forward computation, as ``torch.autograd.forward_ad``.

Inside ``dual_level()``, a tensor made with ``make_dual(primal, tangent)`` carries its tangent
(a direction ``dx``); every op then computes, beside its value, the tangent of its output by its
forward rule (its ``jvp``: ``d(a * b) = b da + a db``). ``unpack_dual(y).tangent`` is then
``J dx``, the Jacobian-vector product, with no reverse pass. The rules are written in Tensor
ops, so forward-over-reverse (Hessian-vector products) works too.

>>> from autograd import Tensor
>>> with dual_level():
...     x = make_dual(Tensor([1.0, 2.0]), Tensor([1.0, 0.0]))
...     y = (x * x).sum()
...     unpack_dual(y).tangent  # d(sum x^2) in the direction (1, 0): 2 x_0
Tensor(2.)
"""

from __future__ import annotations

import itertools
from types import TracebackType
from typing import NamedTuple

from .grad_mode import STATE
from .tensor import Tensor

__all__ = ["UnpackedDualTensor", "dual_level", "last_tangent", "make_dual", "unpack_dual"]

_levels = itertools.count(1)


class UnpackedDualTensor(NamedTuple):
    """A tensor's value and its tangent at the current dual level (None if it has none).

    >>> UnpackedDualTensor(Tensor(1.0), None).tangent is None
    True
    """

    primal: Tensor
    tangent: Tensor | None


class dual_level:
    """Context manager for forward mode: tangents made inside belong to this level only.

    >>> with dual_level():
    ...     x = make_dual(Tensor(3.0), Tensor(1.0))
    ...     float(unpack_dual(x.exp()).tangent) == float(x.exp())
    True
    """

    _previous: int

    def __enter__(self) -> int:
        self._previous = STATE.dual_level
        STATE.dual_level = next(_levels)
        return STATE.dual_level

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        STATE.dual_level = self._previous


def make_dual(tensor: Tensor, tangent: Tensor) -> Tensor:
    """A view of ``tensor`` that carries ``tangent`` (same shape) in the current dual level.

    >>> with dual_level():
    ...     x = make_dual(Tensor([1.0]), Tensor([2.0]))
    ...     unpack_dual(x * 3).tangent
    Tensor([6.])
    """
    level = STATE.dual_level
    if not level:
        raise RuntimeError("make_dual: forward mode needs an active `with dual_level():` block")
    if not isinstance(tensor, Tensor) or not isinstance(tangent, Tensor):
        raise TypeError("make_dual: the primal and the tangent must both be Tensors")
    if tangent.shape != tensor.shape:
        raise ValueError(
            f"make_dual: the tangent has shape {tangent.shape} but the tensor has shape "
            f"{tensor.shape}; they must match"
        )
    if tensor.data.dtype.kind != "f":
        raise TypeError(f"make_dual: only floating tensors carry tangents, not {tensor.dtype}")
    dual = tensor.view(tensor.shape) if tensor._requires_grad else tensor.detach()
    if dual is tensor:  # a 0-d reshape may return the tensor itself
        dual = tensor.detach()
    dual._tangent = (
        level,
        tangent if tangent.dtype == tensor.dtype else tangent.astype(tensor.dtype),
    )
    return dual


def unpack_dual(tensor: Tensor) -> UnpackedDualTensor:
    """``(primal, tangent)`` of a tensor at the current dual level.

    >>> unpack_dual(Tensor(1.0)).tangent is None
    True
    """
    tangent = tensor._tangent
    if tangent is None or tangent[0] != STATE.dual_level:
        return UnpackedDualTensor(tensor, None)
    return UnpackedDualTensor(tensor, tangent[1])


def last_tangent(tensor: Tensor) -> Tensor | None:
    """The tangent ``tensor`` carried in the dual level that made it, also after that level
    ended (None if it never had one): what a drawing of forward mode shows on its edges.

    >>> with dual_level():
    ...     y = make_dual(Tensor([1.0]), Tensor([2.0])) * 3
    >>> unpack_dual(y).tangent is None, last_tangent(y)
    (True, Tensor([6.]))
    """
    return None if tensor._tangent is None else tensor._tangent[1]
