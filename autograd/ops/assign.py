"""Assignment into part of a tensor, recorded: ``buf[i] = t`` where ``t`` requires grad.

PyTorch records such a write (its ``CopySlices`` node), so the gradient reaches ``t`` and the
rest of ``buf``; this is the same, as one op. The write happens in place (views of ``buf`` see
it); the Tensor that was written into becomes the op's output, and the op's first input is a
stand-in for what it was before.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from ..tensor import Tensor
from .base import Grads, Op
from .reduce import unbroadcast
from .shape import GetItem, select

__all__ = ["SetItem"]


class SetItem(Op):
    # y = a, then y[index] = v: d y = [not written] da + (dv placed at index), so
    # grad_a = grad with zeros where written, grad_v = grad[index] (summed back to v's shape)
    name = "setitem"
    saves_inputs = False
    index: Any
    rebound_version: int  # the written tensor's version just before the write
    recorded: ClassVar[bool] = False  # has any assignment been recorded in this process?

    def forward(self, a: np.ndarray, v: np.ndarray) -> np.ndarray:
        a[self.index] = v
        return a

    def backward(self, grad: Tensor) -> Grads:
        a, v = self.inputs
        need_a, need_v = self.needs_grad
        grad_a = grad_v = None
        if need_a:
            written = np.zeros(a.shape, dtype=bool)
            written[self.index] = True
            grad_a = select(grad, ~written)
        if need_v:
            grad_v = unbroadcast(GetItem.apply(grad, index=self.index), v.shape)
        return grad_a, grad_v
