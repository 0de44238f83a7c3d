"""Stateless neural-network functions, composed only of the engine's primitive ops.

None of these has a backward of its own: their gradients emerge from the graph of primitives
(``log_softmax`` is max-normalised, subtract, exp, sum, log; ``cross_entropy`` is
``log_softmax`` then indexing or multiply-and-sum, then a mean).

>>> from autograd import Tensor
>>> from nn import functional
>>> logits = Tensor([[2.0, 0.5, -1.0]], requires_grad=True)
>>> loss = functional.cross_entropy(logits, [0])
>>> loss.backward()
>>> logits.grad  # softmax(logits) - onehot(0)
array([[-0.2144,  0.1753,  0.0391]], dtype=float32)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

import autograd
from autograd import Tensor, from_numpy, scope
from autograd.tensor import to_tensor

from . import init as _init

__all__ = [
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "dropout",
    "linear",
    "log_softmax",
    "mse_loss",
    "nll_loss",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
]

TensorLike = Tensor | ArrayLike
"""What these functions accept as input: a Tensor, or a value ``to_tensor`` turns into one."""

_REDUCTIONS = ("mean", "sum", "none")


def relu(x: TensorLike) -> Tensor:
    """max(x, 0) elementwise.

    >>> relu([-1.0, 2.0])
    Tensor([0., 2.])
    """
    return to_tensor(x).relu()


def sigmoid(x: TensorLike) -> Tensor:
    """1 / (1 + exp(-x)) elementwise.

    >>> sigmoid([0.0])
    Tensor([0.5])
    """
    return to_tensor(x).sigmoid()


def tanh(x: TensorLike) -> Tensor:
    """(exp(x) - exp(-x)) / (exp(x) + exp(-x)) elementwise.

    >>> tanh([0.0])
    Tensor([0.])
    """
    return to_tensor(x).tanh()


def softmax(x: TensorLike, axis: int = -1) -> Tensor:
    """exp(x_i - max x) / sum_j exp(x_j - max x) along ``axis``.

    >>> softmax([[0.0, 0.0]])
    Tensor([[0.5, 0.5]])
    """
    return to_tensor(x).softmax(axis=axis)


def log_softmax(x: TensorLike, axis: int = -1) -> Tensor:
    """(x_i - max x) - log sum_j exp(x_j - max x) along ``axis``.

    >>> log_softmax([[0.0, 0.0]]).exp()
    Tensor([[0.5, 0.5]])
    """
    return to_tensor(x).log_softmax(axis=axis)


def linear(x: TensorLike, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """x @ weight.T + bias, with weight of shape (out_features, in_features).

    >>> from autograd import Tensor
    >>> linear(Tensor(np.ones((4, 3))), Tensor(np.ones((2, 3)))).shape
    (4, 2)
    """
    x = to_tensor(x)
    if bias is None:
        return autograd.ops.Linear.apply(x, weight)
    return autograd.ops.Linear.apply(x, weight, bias)


def dropout(
    x: TensorLike,
    p: float = 0.5,
    training: bool = True,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Zero each element with probability ``p`` and scale the survivors by 1 / (1 - p)
    (inverted dropout, so the expected value is unchanged); the identity when not training.

    >>> dropout(np.ones(4, np.float32), p=0.5, generator=np.random.default_rng(0))
    Tensor([2., 0., 0., 0.])
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout: p must be a probability in [0, 1], got {p}")
    x = to_tensor(x)
    if not training or p == 0.0:
        return x
    if p == 1.0:
        return x * np.zeros(x.shape, dtype=x.dtype)
    keep = _init.get_generator(generator).random(x.shape) >= p
    return x * (keep / (1.0 - p)).astype(x.dtype)


def _check_reduction(reduction: str, who: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{who}: reduction must be one of {_REDUCTIONS}, got {reduction!r}")


def _reduce(loss: Tensor, reduction: str, count: int | None = None) -> Tensor:
    """Apply ``reduction``; ``count`` is the divisor of the mean (default: every element)."""
    if reduction == "none":
        return loss
    if reduction == "mean" and (count is None or count == loss.size):
        return loss.mean()
    total = loss.sum()
    if reduction == "sum":
        return total
    return total / count


def _class_last(scores: Tensor, who: str) -> tuple[Tensor, tuple[int, ...]]:
    """(N, C, d1, ...) -> (N * d1 * ..., C) so that each row is one prediction; also returns the
    shape of the per-prediction result (N, d1, ...)."""
    if scores.ndim < 2:
        raise ValueError(
            f"{who}: expected scores of shape (N, C) or (N, C, d1, ...), got shape {scores.shape}"
        )
    if scores.ndim == 2:
        return scores, (scores.shape[0],)
    axes = (0, *range(2, scores.ndim), 1)
    rows = scores.shape[:1] + scores.shape[2:]
    return scores.permute(*axes).reshape(-1, scores.shape[1]), rows


def _as_target(target: TensorLike) -> Tensor | np.ndarray:
    """A Tensor stays a Tensor (probability targets may carry gradients); the rest -> ndarray."""
    if isinstance(target, Tensor):
        return target
    return np.asarray(target)


def _class_indices(
    target: Tensor | np.ndarray,
    scores_shape: tuple[int, ...],
    rows: tuple[int, ...],
    ignore_index: int,
    who: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Check integer class targets; returns (flat indices, flat keep mask)."""
    array = target.data if isinstance(target, Tensor) else target
    if array.dtype.kind not in "iu":
        raise TypeError(
            f"{who}: a target of shape {array.shape} must hold integer class "
            f"indices, got dtype {array.dtype}; for class probabilities pass a "
            f"target of the scores' shape {scores_shape}"
        )
    if array.shape != rows:
        raise ValueError(
            f"{who}: scores of shape {scores_shape} need class-index targets of "
            f"shape {rows} (or probabilities of shape {scores_shape}), got target "
            f"shape {array.shape}"
        )
    classes = scores_shape[1]
    flat = array.reshape(-1)
    keep = flat != ignore_index
    bad = keep & ((flat < 0) | (flat >= classes))
    if bad.any():
        raise IndexError(
            f"{who}: target holds class {int(flat[bad][0])}, out of range for "
            f"{classes} classes (scores shape {scores_shape}); targets must be in "
            f"[0, {classes - 1}] or equal ignore_index={ignore_index}"
        )
    return np.where(keep, flat, 0), keep


def _picked_nll(log_probs: Tensor, indices: np.ndarray, keep: np.ndarray) -> Tensor:
    """-log_probs[i, target_i] for every row, 0 for ignored rows."""
    picked = log_probs[np.arange(indices.shape[0]), indices]
    if keep.all():
        return -picked
    return -picked * keep.astype(log_probs.dtype)


def nll_loss(
    log_probs: TensorLike,
    target: TensorLike,
    reduction: str = "mean",
    ignore_index: int = -100,
) -> Tensor:
    """Negative log-likelihood of integer class targets: -log_probs[i, target_i], averaged
    over the targets that are not ``ignore_index``.

    >>> nll_loss(np.log([[0.5, 0.25, 0.25], [0.5, 0.25, 0.25]]), [2, 0])  # (log 4 + log 2) / 2
    Tensor(1.0397, dtype=float64)
    """
    who = "nll_loss"
    _check_reduction(reduction, who)
    log_probs = to_tensor(log_probs)
    flat_scores, rows = _class_last(log_probs, who)
    indices, keep = _class_indices(_as_target(target), log_probs.shape, rows, ignore_index, who)
    loss = _picked_nll(flat_scores, indices, keep)
    if reduction == "none":
        return loss.reshape(rows)
    return _reduce(loss, reduction, count=int(keep.sum()))


def _cross_entropy_of_probabilities(
    logits: Tensor, target: Tensor | np.ndarray, label_smoothing: float
) -> Tensor:
    """loss_i = -sum_c q[i, c] log p[i, c], with q = (1 - eps) * target + eps / C; one loss per
    prediction, flattened."""
    flat_logits, _ = _class_last(logits, "cross_entropy")
    log_probs = flat_logits.log_softmax(axis=1)
    probabilities = (
        target if isinstance(target, Tensor) else from_numpy(target.astype(logits.dtype))
    )
    if logits.ndim > 2:
        probabilities, _ = _class_last(probabilities, "cross_entropy")
    if label_smoothing:
        classes = logits.shape[1]
        probabilities = probabilities * (1.0 - label_smoothing) + label_smoothing / classes
    return -(log_probs * probabilities).sum(axis=1)


def _cross_entropy_of_indices(
    flat_logits: Tensor, indices: np.ndarray, keep: np.ndarray, label_smoothing: float
) -> Tensor:
    """loss_i = (1 - eps) * -log p[i, t_i] + eps * mean_c -log p[i, c], 0 where not ``keep``."""
    # CS231n's softmax loss: L_i = log sum_c exp(s_ic) - s_i,t_i with s = z - max(z) (the max
    # node stays in the graph). Same value as -log_softmax(z)[i, t_i], without building the
    # full log-probability matrix: two fewer passes over (N, C) forward and backward.
    shifted = flat_logits - flat_logits.max(axis=1, keepdims=True)
    log_normalizer = shifted.exp().sum(axis=1).log()
    loss = log_normalizer - shifted[np.arange(indices.shape[0]), indices]
    if label_smoothing:
        # the uniform part: -mean_c log p_ic = log_normalizer - mean_c s_ic
        uniform = log_normalizer - shifted.mean(axis=1)
        loss = loss * (1.0 - label_smoothing) + uniform * label_smoothing
    if not keep.all():
        loss = loss * keep.astype(loss.dtype)
    return loss


@scope("cross_entropy")
def cross_entropy(
    logits: TensorLike,
    target: TensorLike,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
    ignore_index: int = -100,
) -> Tensor:
    """Softmax cross-entropy of raw scores ``logits`` (N, C) against ``target``.

    ``target`` is either integer class indices of shape (N,) (an ndarray, list or Tensor), or
    class probabilities / one-hot rows of shape (N, C). As in PyTorch:

    - indices:  loss_i = (1 - eps) * -log p[i, t_i] + eps / C * sum_c -log p[i, c], with
      ``eps = label_smoothing``; rows whose target is ``ignore_index`` count 0 and the mean is
      taken over the other rows;
    - probabilities: loss_i = -sum_c q[i, c] log p[i, c] with q = (1 - eps) * target + eps / C.

    >>> from autograd import Tensor
    >>> cross_entropy(Tensor([[2.0, 0.0, 0.0]]), [0])  # -log(e^2 / (e^2 + 2))
    Tensor(0.2395)
    """
    who = "cross_entropy"
    _check_reduction(reduction, who)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{who}: label_smoothing must be in [0, 1], got {label_smoothing}")
    logits = to_tensor(logits)
    flat_logits, rows = _class_last(logits, who)
    target = _as_target(target)
    count = None
    if target.shape == logits.shape and target.dtype.kind == "f":
        loss = _cross_entropy_of_probabilities(logits, target, label_smoothing)
    else:
        indices, keep = _class_indices(target, logits.shape, rows, ignore_index, who)
        loss = _cross_entropy_of_indices(flat_logits, indices, keep, label_smoothing)
        count = int(keep.sum())
    if reduction == "none":
        return loss.reshape(rows)
    return _reduce(loss, reduction, count=count)


def _matching_target(prediction: Tensor, target: TensorLike, who: str) -> Tensor:
    """``target`` as a Tensor (arrays and lists take the prediction's dtype), same shape."""
    if not isinstance(target, Tensor):
        target = Tensor(np.asarray(target, dtype=prediction.dtype))
    if prediction.shape != target.shape:
        raise ValueError(
            f"{who}: input of shape {prediction.shape} and target of shape "
            f"{target.shape} must have the same shape (broadcasting here is "
            f"usually a bug: reshape one of them, e.g. input.reshape(-1))"
        )
    return target


def mse_loss(prediction: TensorLike, target: TensorLike, reduction: str = "mean") -> Tensor:
    """Mean squared error: mean((prediction - target)^2).

    >>> from autograd import Tensor
    >>> mse_loss(Tensor([1.0, 2.0]), Tensor([1.0, 4.0]))  # (0 + 4) / 2
    Tensor(2.)
    """
    who = "mse_loss"
    _check_reduction(reduction, who)
    prediction = to_tensor(prediction)
    target = _matching_target(prediction, target, who)
    difference = prediction - target
    return _reduce(difference * difference, reduction)


def binary_cross_entropy_with_logits(
    logits: TensorLike, target: TensorLike, reduction: str = "mean"
) -> Tensor:
    """Binary cross-entropy of sigmoid(logits) against ``target`` in [0, 1], computed stably:

        loss = log(exp(0) + exp(x)) - x * y     (a logsumexp of 0 and x)

    (never exponentiates a large positive number: logsumexp shifts by a detached max, so the
    loss is smooth in x and its first and second derivatives, sigmoid(x) - y and
    sigmoid(x)(1 - sigmoid(x)), are exact everywhere, x = 0 included).

    >>> binary_cross_entropy_with_logits([0.0, 100.0], [1.0, 1.0])  # (log 2 + 0) / 2
    Tensor(0.3466)
    """
    who = "binary_cross_entropy_with_logits"
    _check_reduction(reduction, who)
    logits = to_tensor(logits)
    target = _matching_target(logits, target, who)
    zeros = from_numpy(np.zeros(logits.shape, dtype=logits.dtype))
    loss = autograd.logsumexp(autograd.stack([zeros, logits]), axis=0) - logits * target
    return _reduce(loss, reduction)
