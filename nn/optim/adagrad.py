"""Adagrad, with PyTorch's exact update rule.

>>> from autograd import Tensor
>>> weight = Tensor([1.0], requires_grad=True)
>>> (weight * 2).sum().backward()
>>> Adagrad([weight], lr=0.1).step()  # 1 - 0.1 * 2 / sqrt(4): the first step moves by lr
>>> weight.data
array([0.9], dtype=float32)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, ParamGroup, Params

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    """Adagrad (Duchi et al.), as PyTorch computes it. For each parameter p, gradient g, step t:

        g = g + weight_decay * p
        s = s + g^2                         (s starts at initial_accumulator_value)
        p = p - lr / (1 + (t - 1) * lr_decay) * g / (sqrt(s) + eps)

    >>> from nn import Linear
    >>> optimizer = Adagrad(Linear(2, 1).parameters(), lr_decay=1e-3)
    >>> optimizer.param_groups[0]["eps"]
    1e-10
    """

    def __init__(
        self,
        params: Params,
        lr: float = 1e-2,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
        maximize: bool = False,
    ) -> None:
        settings = {
            "lr_decay": lr_decay,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "eps": eps,
        }
        for name, value in settings.items():
            if value < 0:
                raise ValueError(f"Adagrad: {name} must be non-negative, got {value}")
        defaults: dict[str, Any] = {"lr": lr, **settings, "maximize": maximize}
        super().__init__(params, defaults)

    def _update(self, param: Tensor, grad: np.ndarray, group: ParamGroup) -> None:
        if group["weight_decay"]:
            grad = grad + group["weight_decay"] * param.data
        state = self._state(param)
        if not state:
            state["step"] = 0
            state["sum"] = np.full_like(param.data, group["initial_accumulator_value"])
        state["step"] += 1
        step_size = group["lr"] / (1 + (state["step"] - 1) * group["lr_decay"])
        state["sum"] += grad * grad
        param -= step_size * grad / (np.sqrt(state["sum"]) + group["eps"])
