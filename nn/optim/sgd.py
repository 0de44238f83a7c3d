"""Stochastic gradient descent with momentum, dampening, Nesterov and weight decay, by
PyTorch's rule.

>>> from autograd import Tensor
>>> weight = Tensor([1.0], requires_grad=True)
>>> (weight * 2).sum().backward()
>>> SGD([weight], lr=0.1).step()  # 1 - 0.1 * 2
>>> weight.data
array([0.8], dtype=float32)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, ParamGroup, Params

__all__ = ["SGD"]


class SGD(Optimizer):
    """For each parameter p with gradient g (t counts steps from 1):

        g = g + weight_decay * p
        b = g                                 (t = 1)
        b = momentum * b + (1 - dampening) * g  (t > 1)
        g = g + momentum * b  if nesterov  else  b     (only when momentum != 0)
        p = p - lr * g

    >>> from autograd import Tensor
    >>> weight = Tensor([1.0], requires_grad=True)
    >>> optimizer = SGD([weight], lr=0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     optimizer.zero_grad()
    ...     (weight * 1.0).sum().backward()  # gradient 1 each time
    ...     optimizer.step()
    >>> weight.data  # 1 - 0.1 * 1 - 0.1 * (0.9 * 1 + 1)
    array([0.71], dtype=float32)
    """

    def __init__(
        self,
        params: Params,
        lr: float,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        maximize: bool = False,
    ) -> None:
        if momentum < 0 or weight_decay < 0:
            raise ValueError(
                f"SGD: momentum ({momentum}) and weight_decay ({weight_decay}) must be non-negative"
            )
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("SGD: nesterov momentum needs momentum > 0 and dampening = 0")
        defaults: dict[str, Any] = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _update(self, param: Tensor, grad: np.ndarray, group: ParamGroup) -> None:
        lr, momentum = group["lr"], group["momentum"]
        dampening, weight_decay = group["dampening"], group["weight_decay"]
        if weight_decay:
            grad = grad + weight_decay * param.data
        if momentum:
            state = self._state(param)
            buffer = state.get("momentum_buffer")
            if buffer is None:
                buffer = state["momentum_buffer"] = np.array(grad, copy=True)
            else:
                buffer *= momentum
                buffer += (1 - dampening) * grad
            grad = grad + momentum * buffer if group["nesterov"] else buffer
        param -= lr * grad
