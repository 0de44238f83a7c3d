"""Adam and AdamW, with PyTorch's exact update rules.

>>> from autograd import Tensor
>>> weight = Tensor([1.0], requires_grad=True)
>>> (weight * 2).sum().backward()
>>> Adam([weight], lr=0.1).step()  # the first step moves by lr, whatever the gradient's size
>>> weight.data
array([0.9], dtype=float32)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, ParamGroup, Params

__all__ = ["Adam", "AdamW"]


class Adam(Optimizer):
    """Adam (Kingma & Ba), as PyTorch computes it. For each parameter p, gradient g, step t:

        g = g + weight_decay * p                  (Adam's L2 penalty; AdamW decouples it)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g^2
        p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)

    With ``amsgrad=True`` the running maximum of v is used in the denominator.

    >>> from nn import Linear
    >>> optimizer = Adam(Linear(2, 1).parameters(), lr=1e-3, betas=(0.9, 0.99))
    >>> optimizer.param_groups[0]["betas"]
    (0.9, 0.99)
    """

    _decoupled = False

    def __init__(
        self,
        params: Params,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        maximize: bool = False,
    ) -> None:
        name = type(self).__name__
        if not 0.0 <= betas[0] < 1.0 or not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"{name}: betas must be in [0, 1), got {betas}")
        if eps < 0 or weight_decay < 0:
            raise ValueError(
                f"{name}: eps ({eps}) and weight_decay ({weight_decay}) must be non-negative"
            )
        defaults: dict[str, Any] = {
            "lr": lr,
            "betas": tuple(betas),
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _update(self, param: Tensor, grad: np.ndarray, group: ParamGroup) -> None:
        lr, (beta1, beta2) = group["lr"], group["betas"]
        eps, weight_decay = group["eps"], group["weight_decay"]
        if weight_decay:
            if self._decoupled:
                param *= 1.0 - lr * weight_decay
            else:
                grad = grad + weight_decay * param.data
        state = self._state(param)
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(param.data)
            state["exp_avg_sq"] = np.zeros_like(param.data)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = np.zeros_like(param.data)
        state["step"] += 1
        step = state["step"]
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg *= beta1
        exp_avg += (1 - beta1) * grad
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * grad * grad
        if group["amsgrad"]:
            np.maximum(state["max_exp_avg_sq"], exp_avg_sq, out=state["max_exp_avg_sq"])
            second = state["max_exp_avg_sq"]
        else:
            second = exp_avg_sq
        step_size = lr / (1 - beta1**step)
        denominator = np.sqrt(second) / math.sqrt(1 - beta2**step) + eps
        param -= step_size * exp_avg / denominator


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter), as PyTorch computes it:

    p = p * (1 - lr * weight_decay), then the Adam step without weight decay in g.

    >>> from autograd import Tensor
    >>> weight = Tensor([1.0], requires_grad=True)
    >>> weight.grad = np.zeros(1, np.float32)  # no gradient: only the decay acts
    >>> AdamW([weight], lr=0.1, weight_decay=0.5).step()
    >>> weight.data  # 1 * (1 - 0.1 * 0.5)
    array([0.95], dtype=float32)
    """

    _decoupled = True

    def __init__(
        self,
        params: Params,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        maximize: bool = False,
    ) -> None:
        super().__init__(
            params,
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            amsgrad=amsgrad,
            maximize=maximize,
        )
