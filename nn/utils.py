"""Gradient clipping, as ``torch.nn.utils``: rescale or clamp the ``.grad`` of parameters in
place, between ``backward()`` and ``optimizer.step()``.

>>> import nn
>>> model = nn.Linear(3, 1)
>>> model(np.ones((2, 3), np.float32)).sum().backward()
>>> total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
>>> (
...     bool(total.item() > 1.0),
...     round(float(np.sqrt(sum((p.grad**2).sum() for p in model.parameters()))), 4),
... )
(True, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from autograd import Tensor

__all__ = ["clip_grad_norm_", "clip_grad_value_"]

Parameters = Tensor | Iterable[Tensor]
"""One tensor, or an iterable of them (e.g. ``model.parameters()``)."""


def _gradients(parameters: Parameters) -> list[np.ndarray]:
    """The ``.grad`` arrays of ``parameters`` that have one (these are changed in place)."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return [param.grad for param in parameters if param.grad is not None]


def clip_grad_norm_(
    parameters: Parameters,
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
) -> Tensor:
    """Scale the gradients so that their total ``norm_type``-norm (the norm of the vector of
    each gradient's norm, i.e. of all gradients concatenated) is at most ``max_norm``, as
    PyTorch does:

        total = ||(||g_1||, ||g_2||, ...)||,   g_k = g_k * min(1, max_norm / (total + 1e-6))

    Returns ``total``, the norm before clipping, as a 0-d Tensor. A non-finite total raises
    ``RuntimeError`` with ``error_if_nonfinite=True``; otherwise the gradients are scaled by
    it anyway (and become NaN), as in PyTorch.

    >>> from autograd import Tensor
    >>> weight = Tensor([0.0, 0.0], requires_grad=True)
    >>> weight.grad = np.array([3.0, 4.0], np.float32)
    >>> clip_grad_norm_([weight], max_norm=1.0)
    Tensor(5.)
    >>> weight.grad.round(4)
    array([0.6, 0.8], dtype=float32)
    """
    grads = _gradients(parameters)
    if not grads:
        return Tensor(0.0)
    norm_type = float(norm_type)
    dtype = np.result_type(*grads)
    norms = np.array([np.linalg.norm(grad.reshape(-1), ord=norm_type) for grad in grads])
    total = np.linalg.norm(norms, ord=norm_type).astype(dtype)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(
            f"clip_grad_norm_: the total norm of order {norm_type} of the gradients of "
            f"{len(grads)} parameters is {total}, so it cannot be clipped; find the "
            f"non-finite gradient (autograd.detect_anomaly() names the op), or pass "
            f"error_if_nonfinite=False to scale by it anyway"
        )
    scale = min(max_norm / (float(total) + 1e-6), 1.0) if not math.isnan(total) else math.nan
    with np.errstate(invalid="ignore"):  # inf * 0 is the NaN PyTorch gives too
        for grad in grads:
            grad *= np.asarray(scale, dtype=grad.dtype)
    return Tensor(total)


def clip_grad_value_(parameters: Parameters, clip_value: float) -> None:
    """Clamp every gradient element into [-clip_value, clip_value], in place.

    >>> from autograd import Tensor
    >>> weight = Tensor([0.0, 0.0, 0.0], requires_grad=True)
    >>> weight.grad = np.array([-3.0, 0.5, 4.0], np.float32)
    >>> clip_grad_value_(weight, 1.0)
    >>> weight.grad
    array([-1. ,  0.5,  1. ], dtype=float32)
    """
    for grad in _gradients(parameters):
        np.clip(grad, -clip_value, clip_value, out=grad)
