"""Primitives for ``nn`` whose gradient is deliberately not the derivative of their value.

``Embedding`` is a lookup, ``weight[indices]``, as PyTorch's ``embedding`` is: its value and
its forward-mode tangent are those of the indexing, but its backward may scale each looked-up
row's gradient (``scale_grad_by_freq``) or drop it (``padding_idx``), which no composition of
differentiable ops can do without also changing the forward-mode tangent.

>>> import numpy as np
>>> from autograd import Tensor
>>> weight = Tensor(np.ones((3, 2)), requires_grad=True)
>>> Embedding.apply(weight, indices=np.array([0, 2, 2]), grad_scale=np.array([0.0, 1.0, 1.0]))
Tensor([[1., 1.],
        [1., 1.],
        [1., 1.]], dtype=float64, grad_fn=<embedding>)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..tensor import Tensor
from .base import Op, constant
from .shape import GetItem, IndexAdd

__all__ = ["Embedding"]


class Embedding(Op):
    rule = (
        "∂weight = g added into the rows it was read from, each scaled by grad_scale "
        "(0 for padding_idx, 1 / count with scale_grad_by_freq)"
    )
    saves_inputs = False
    indices: np.ndarray
    grad_scale: np.ndarray | None  # one factor per index, or None for the plain lookup

    def forward(self, weight: np.ndarray) -> np.ndarray:
        return weight[self.indices]

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        if self.grad_scale is not None:
            grad = grad * constant(self.grad_scale[..., None], grad.dtype)
        return (IndexAdd.apply(grad, index=self.indices, shape=self.inputs[0].shape),)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        # the tangent of the value (PyTorch's forward-mode rule too): grad_scale is backward's
        (tangent,) = tangents
        return None if tangent is None else GetItem.apply(tangent, index=self.indices)
