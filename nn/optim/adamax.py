"""Adamax, Adadelta, NAdam and RAdam, with PyTorch's exact update rules.

>>> from autograd import Tensor
>>> weight = Tensor([1.0], requires_grad=True)
>>> (weight * 2).sum().backward()
>>> Adamax([weight], lr=0.1).step()  # the first step moves by lr: m / (1 - b1) = g, u = |g|
>>> weight.data
array([0.9], dtype=float32)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, ParamGroup, Params

__all__ = ["Adadelta", "Adamax", "NAdam", "RAdam"]


def _check(name: str, betas: tuple[float, float] | None = None, **non_negative: float) -> None:
    if betas is not None and not (0.0 <= betas[0] < 1.0 and 0.0 <= betas[1] < 1.0):
        raise ValueError(f"{name}: betas must be in [0, 1), got {betas}")
    for setting, value in non_negative.items():
        if value < 0:
            raise ValueError(f"{name}: {setting} must be non-negative, got {value}")


def _adam_defaults(
    name: str,
    lr: float,
    betas: tuple[float, float],
    eps: float,
    weight_decay: float,
    maximize: bool,
    **more: Any,
) -> dict[str, Any]:
    """The checked hyper-parameters of the Adam family (Adamax, NAdam, RAdam), in PyTorch's
    order; ``more`` holds an optimiser's own (non-negative numbers are checked too)."""
    numbers = {key: value for key, value in more.items() if not isinstance(value, bool)}
    _check(name, betas, eps=eps, weight_decay=weight_decay, **numbers)
    return {
        "lr": lr,
        "betas": tuple(betas),
        "eps": eps,
        "weight_decay": weight_decay,
        **more,
        "maximize": maximize,
    }


def _decay(param: Tensor, grad: np.ndarray, group: ParamGroup) -> np.ndarray:
    """Weight decay as PyTorch applies it: decoupled (the parameter shrinks by ``lr·wd``), or
    L2 (``wd·p`` added to the gradient)."""
    decay = group["weight_decay"]
    if not decay:
        return grad
    if group.get("decoupled_weight_decay"):
        param *= 1 - group["lr"] * decay
        return grad
    return grad + decay * param.data


def _moments(state: dict[str, Any], param: Tensor) -> tuple[np.ndarray, np.ndarray]:
    if not state:
        state["step"] = 0
        state["exp_avg"] = np.zeros_like(param.data)
        state["exp_avg_sq"] = np.zeros_like(param.data)
    return state["exp_avg"], state["exp_avg_sq"]


def _update_moments(
    exp_avg: np.ndarray, exp_avg_sq: np.ndarray, grad: np.ndarray, betas: tuple[float, float]
) -> None:
    beta1, beta2 = betas
    exp_avg += (1 - beta1) * (grad - exp_avg)  # PyTorch's lerp
    exp_avg_sq *= beta2
    exp_avg_sq += (1 - beta2) * grad * grad


class Adamax(Optimizer):
    """Adamax (Kingma & Ba, §7.1), Adam with the infinity norm, as PyTorch computes it:

        g = g + weight_decay * p
        m = beta1 * m + (1 - beta1) * g
        u = max(beta2 * u, |g| + eps)
        p = p - lr / (1 - beta1^t) * m / u

    >>> from nn import Linear
    >>> Adamax(Linear(2, 1).parameters()).param_groups[0]["lr"]
    0.002
    """

    def __init__(
        self,
        params: Params,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        maximize: bool = False,
    ) -> None:
        defaults = _adam_defaults("Adamax", lr, betas, eps, weight_decay, maximize)
        super().__init__(params, defaults)

    def _update(self, param: Tensor, grad: np.ndarray, group: ParamGroup) -> None:
        beta1, beta2 = group["betas"]
        grad = _decay(param, grad, group)
        state = self._state(param)
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(param.data)
            state["exp_inf"] = np.zeros_like(param.data)
        state["step"] += 1
        exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
        exp_avg += (1 - beta1) * (grad - exp_avg)
        np.maximum(exp_inf * beta2, np.abs(grad) + group["eps"], out=exp_inf)
        param -= group["lr"] / (1 - beta1 ** state["step"]) * exp_avg / exp_inf


class Adadelta(Optimizer):
    """Adadelta (Zeiler), as PyTorch computes it:

        g = g + weight_decay * p
        v = rho * v + (1 - rho) * g^2
        delta = sqrt(u + eps) / sqrt(v + eps) * g
        u = rho * u + (1 - rho) * delta^2
        p = p - lr * delta

    >>> from nn import Linear
    >>> Adadelta(Linear(2, 1).parameters()).param_groups[0]["rho"]
    0.9
    """

    def __init__(
        self,
        params: Params,
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0.0,
        maximize: bool = False,
    ) -> None:
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Adadelta: rho must be in [0, 1], got {rho}")
        _check("Adadelta", eps=eps, weight_decay=weight_decay)
        defaults: dict[str, Any] = {
            "lr": lr,
            "rho": rho,
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _update(self, param: Tensor, grad: np.ndarray, group: ParamGroup) -> None:
        rho, eps = group["rho"], group["eps"]
        grad = _decay(param, grad, group)
        state = self._state(param)
        if not state:
            state["step"] = 0
            state["square_avg"] = np.zeros_like(param.data)
            state["acc_delta"] = np.zeros_like(param.data)
        state["step"] += 1
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        square_avg *= rho
        square_avg += (1 - rho) * grad * grad
        delta = np.sqrt(acc_delta + eps) / np.sqrt(square_avg + eps) * grad
        acc_delta *= rho
        acc_delta += (1 - rho) * delta * delta
        param -= group["lr"] * delta


class NAdam(Optimizer):
    """NAdam (Dozat): Adam with Nesterov momentum and PyTorch's momentum schedule
    ``mu_t = beta1 (1 - 0.5 · 0.96^(t · momentum_decay))``:

        m = beta1 * m + (1 - beta1) * g;   v = beta2 * v + (1 - beta2) * g^2
        d = sqrt(v / (1 - beta2^t)) + eps
        p = p - lr (1 - mu_t) / (1 - prod mu) * g / d
              - lr mu_{t+1} / (1 - prod mu · mu_{t+1}) * m / d

    >>> from nn import Linear
    >>> NAdam(Linear(2, 1).parameters()).param_groups[0]["momentum_decay"]
    0.004
    """

    def __init__(
        self,
        params: Params,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum_decay: float = 4e-3,
        decoupled_weight_decay: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = _adam_defaults(
            "NAdam",
            lr,
            betas,
            eps,
            weight_decay,
            maximize,
            momentum_decay=momentum_decay,
            decoupled_weight_decay=decoupled_weight_decay,
        )
        super().__init__(params, defaults)

    def _update(self, param: Tensor, grad: np.ndarray, group: ParamGroup) -> None:
        lr, (beta1, beta2) = group["lr"], group["betas"]
        state = self._state(param)
        exp_avg, exp_avg_sq = _moments(state, param)
        state.setdefault("mu_product", 1.0)
        state["step"] += 1
        step = state["step"]
        grad = _decay(param, grad, group)
        mu = beta1 * (1 - 0.5 * 0.96 ** (step * group["momentum_decay"]))
        mu_next = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * group["momentum_decay"]))
        state["mu_product"] *= mu
        mu_product = state["mu_product"]
        _update_moments(exp_avg, exp_avg_sq, grad, group["betas"])
        denominator = np.sqrt(exp_avg_sq / (1 - beta2**step)) + group["eps"]
        param -= lr * (1 - mu) / (1 - mu_product) * grad / denominator
        param -= lr * mu_next / (1 - mu_product * mu_next) * exp_avg / denominator


class RAdam(Optimizer):
    """RAdam (Liu et al.): Adam whose adaptive step is switched on, and rectified, once the
    variance of its estimate is bounded (``rho_t > 5``), as PyTorch computes it:

        rho_inf = 2 / (1 - beta2) - 1;   rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
        m_hat = m / (1 - beta1^t)
        rho_t > 5: p = p - lr m_hat · r_t sqrt(1 - beta2^t) / (sqrt(v) + eps)
        else:      p = p - lr m_hat

    >>> from nn import Linear
    >>> RAdam(Linear(2, 1).parameters()).param_groups[0]["lr"]
    0.001
    """

    def __init__(
        self,
        params: Params,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        decoupled_weight_decay: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = _adam_defaults(
            "RAdam",
            lr,
            betas,
            eps,
            weight_decay,
            maximize,
            decoupled_weight_decay=decoupled_weight_decay,
        )
        super().__init__(params, defaults)

    def _update(self, param: Tensor, grad: np.ndarray, group: ParamGroup) -> None:
        lr, (beta1, beta2) = group["lr"], group["betas"]
        state = self._state(param)
        exp_avg, exp_avg_sq = _moments(state, param)
        state["step"] += 1
        step = state["step"]
        grad = _decay(param, grad, group)
        _update_moments(exp_avg, exp_avg_sq, grad, group["betas"])
        correction2 = 1 - beta2**step
        corrected = exp_avg / (1 - beta1**step)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * beta2**step / correction2
        if rho_t > 5.0:
            rectification = math.sqrt(
                (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
            )
            adaptive = math.sqrt(correction2) / (np.sqrt(exp_avg_sq) + group["eps"])
            param -= corrected * lr * adaptive * rectification
        else:
            param -= corrected * lr
