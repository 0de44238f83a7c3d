"""RMSprop, with PyTorch's exact update rule.

>>> from autograd import Tensor
>>> weight = Tensor([1.0], requires_grad=True)
>>> (weight * 2).sum().backward()
>>> RMSprop([weight], lr=0.01).step()  # 1 - 0.01 * 2 / (sqrt(0.01 * 4) + 1e-8)
>>> weight.data
array([0.9], dtype=float32)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, ParamGroup, Params

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """RMSprop (Hinton), as PyTorch computes it. For each parameter p with gradient g:

        g = g + weight_decay * p
        v = alpha * v + (1 - alpha) * g^2                     (v starts at 0)
        m = alpha * m + (1 - alpha) * g;  v~ = v - m^2        (centered; else v~ = v)
        d = g / (sqrt(v~) + eps)
        b = momentum * b + d;  p = p - lr * b                 (momentum > 0; b starts at 0)
        p = p - lr * d                                         (momentum = 0)

    >>> from nn import Linear
    >>> optimizer = RMSprop(Linear(2, 1).parameters(), momentum=0.9, centered=True)
    >>> optimizer.param_groups[0]["alpha"]
    0.99
    """

    def __init__(
        self,
        params: Params,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        maximize: bool = False,
    ) -> None:
        settings = {"alpha": alpha, "eps": eps, "weight_decay": weight_decay, "momentum": momentum}
        for name, value in settings.items():
            if value < 0:
                raise ValueError(f"RMSprop: {name} must be non-negative, got {value}")
        defaults: dict[str, Any] = {
            "lr": lr,
            **settings,
            "centered": centered,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _update(self, param: Tensor, grad: np.ndarray, group: ParamGroup) -> None:
        alpha, eps, momentum = group["alpha"], group["eps"], group["momentum"]
        if group["weight_decay"]:
            grad = grad + group["weight_decay"] * param.data
        state = self._state(param)
        if not state:
            state["step"] = 0
            state["square_avg"] = np.zeros_like(param.data)
            if momentum > 0:
                state["momentum_buffer"] = np.zeros_like(param.data)
            if group["centered"]:
                state["grad_avg"] = np.zeros_like(param.data)
        state["step"] += 1
        square_avg = state["square_avg"]
        square_avg *= alpha
        square_avg += (1 - alpha) * grad * grad
        if group["centered"]:
            grad_avg = state["grad_avg"]
            grad_avg *= alpha
            grad_avg += (1 - alpha) * grad
            average = np.sqrt(square_avg - grad_avg * grad_avg) + eps
        else:
            average = np.sqrt(square_avg) + eps
        if momentum > 0:
            buffer = state["momentum_buffer"]
            buffer *= momentum
            buffer += grad / average
            param -= group["lr"] * buffer
        else:
            param -= group["lr"] * grad / average
