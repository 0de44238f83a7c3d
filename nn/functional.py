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

import math
import warnings
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

import autograd
from autograd import Tensor, from_numpy, scope
from autograd.errors import DtypeError, ShapeError
from autograd.indexing import one_hot as one_hot  # torch.nn.functional.one_hot, re-exported
from autograd.tensor import to_tensor

from . import init as _init
from .attention import scaled_dot_product_attention
from .conv import (
    conv1d,
    conv2d,
    conv3d,
    conv_transpose1d,
    conv_transpose2d,
    conv_transpose3d,
    fold,
    unfold,
)
from .normalization import batch_norm, group_norm, instance_norm, layer_norm
from .padding import interpolate, pad, pixel_shuffle, pixel_unshuffle
from .pooling import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_avg_pool3d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    adaptive_max_pool3d,
    avg_pool1d,
    avg_pool2d,
    avg_pool3d,
    max_pool1d,
    max_pool2d,
    max_pool3d,
)
from .sparse import embedding

__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "adaptive_max_pool3d",
    "alpha_dropout",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "batch_norm",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "celu",
    "celu_",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "cosine_embedding_loss",
    "cosine_similarity",
    "cross_entropy",
    "dropout",
    "dropout1d",
    "dropout2d",
    "dropout3d",
    "elu",
    "elu_",
    "embedding",
    "fold",
    "gaussian_nll_loss",
    "gelu",
    "glu",
    "group_norm",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "hardtanh_",
    "hinge_embedding_loss",
    "huber_loss",
    "instance_norm",
    "interpolate",
    "kl_div",
    "l1_loss",
    "layer_norm",
    "leaky_relu",
    "leaky_relu_",
    "linear",
    "log_softmax",
    "logsigmoid",
    "margin_ranking_loss",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
    "mish",
    "mse_loss",
    "multi_margin_loss",
    "multilabel_soft_margin_loss",
    "nll_loss",
    "normalize",
    "pad",
    "pairwise_distance",
    "pixel_shuffle",
    "pixel_unshuffle",
    "poisson_nll_loss",
    "prelu",
    "relu",
    "relu6",
    "relu_",
    "rrelu",
    "rrelu_",
    "scaled_dot_product_attention",
    "selu",
    "selu_",
    "sigmoid",
    "silu",
    "smooth_l1_loss",
    "soft_margin_loss",
    "softmax",
    "softmin",
    "softplus",
    "softshrink",
    "softsign",
    "tanh",
    "tanhshrink",
    "threshold",
    "threshold_",
    "triplet_margin_loss",
    "unfold",
]

TensorLike = Tensor | ArrayLike
"""What these functions accept as input: a Tensor, or a value ``to_tensor`` turns into one."""

_REDUCTIONS = ("mean", "sum", "none")


class TargetShapeError(ShapeError):
    """A loss target of the wrong shape: a ValueError, and the RuntimeError PyTorch raises."""


class TargetDtypeError(DtypeError):
    """A class-index target that is not integer: a TypeError, and PyTorch's RuntimeError."""


def _maybe_inplace(
    x: TensorLike, inplace: bool, name: str, compute: Callable[[Tensor], Tensor]
) -> Tensor:
    """``compute(x)``; with PyTorch's ``inplace=True``, ``x`` itself overwritten with it and
    returned, recorded as any in-place op is (``Tensor.relu_``): it is an error on a leaf that
    requires grad, and on a tensor whose old value an earlier op saved for its backward."""
    x = to_tensor(x)
    if not inplace:
        return compute(x)
    return x._inplace(f"{name}_", compute)


def relu(x: TensorLike, inplace: bool = False) -> Tensor:
    """max(x, 0) elementwise; ``inplace=True`` overwrites ``x`` (as PyTorch's flag).

    >>> relu([-1.0, 2.0])
    Tensor([0., 2.])
    """
    return _maybe_inplace(x, inplace, "relu", Tensor.relu)


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


def _cast(x: TensorLike, dtype: DTypeLike | None) -> Tensor:
    """``x`` as a Tensor, cast to ``dtype`` first when one is given (PyTorch's ``dtype=``)."""
    x = to_tensor(x)
    return x if dtype is None else x.to(dtype)


def softmax(
    x: TensorLike,
    dim: int | None = None,
    _stacklevel: int = 3,
    dtype: DTypeLike | None = None,
    *,
    axis: int | None = None,
) -> Tensor:
    """exp(x_i - max x) / sum_j exp(x_j - max x) along ``dim`` (or ``axis``; the last by
    default), as ``torch.nn.functional.softmax``; ``dtype`` casts the input first.

    >>> softmax([[0.0, 0.0]])
    Tensor([[0.5, 0.5]])
    >>> softmax([[0.0], [0.0]], dim=0)
    Tensor([[0.5],
            [0.5]])
    """
    return _cast(x, dtype).softmax(axis, dim=dim)


def log_softmax(
    x: TensorLike,
    dim: int | None = None,
    _stacklevel: int = 3,
    dtype: DTypeLike | None = None,
    *,
    axis: int | None = None,
) -> Tensor:
    """(x_i - max x) - log sum_j exp(x_j - max x) along ``dim`` (or ``axis``; the last by
    default), as ``torch.nn.functional.log_softmax``.

    >>> log_softmax([[0.0, 0.0]]).exp()
    Tensor([[0.5, 0.5]])
    """
    return _cast(x, dtype).log_softmax(axis, dim=dim)


def softmin(
    x: TensorLike,
    dim: int | None = None,
    _stacklevel: int = 3,
    dtype: DTypeLike | None = None,
    *,
    axis: int | None = None,
) -> Tensor:
    """softmax(-x) along ``dim`` (or ``axis``; the last by default): the smallest value gets
    the largest weight, as ``torch.nn.functional.softmin``.

    >>> softmin([[0.0, math.log(3.0)]])
    Tensor([[0.75, 0.25]])
    """
    return (-_cast(x, dtype)).softmax(axis, dim=dim)


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
    inplace: bool = False,
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
        scale = np.zeros(x.shape, dtype=x.dtype)
    else:
        keep = _init.get_generator(generator).random(x.shape) >= p
        scale = (keep / (1.0 - p)).astype(x.dtype)
    return _maybe_inplace(x, inplace, "dropout", lambda t: t * scale)


def _check_reduction(reduction: object, who: str, allowed: tuple[str, ...] = _REDUCTIONS) -> None:
    if not isinstance(reduction, str):
        raise TypeError(
            f"{who}: reduction must be one of {allowed}, got a {type(reduction).__name__}; "
            f"pass class or element weights by keyword (weight=...)"
        )
    if reduction not in allowed:
        raise ValueError(f"{who}: reduction must be one of {allowed}, got {reduction!r}")


def _weight_and_reduction(
    weight: TensorLike | str | None,
    size_average: bool | None,
    reduce: bool | None,
    reduction: str,
    who: str,
) -> tuple[TensorLike | None, str]:
    """PyTorch's loss arguments: ``weight`` third, then the legacy ``size_average`` and
    ``reduce`` (deprecated in PyTorch, mapped as it maps them: reduce=False is 'none', else
    size_average=False is 'sum'), then ``reduction``. A string in the weight's place is a
    reduction given by position (``cross_entropy(x, y, 'sum')``), graphgrad's older order."""
    weights: TensorLike | None = None
    if isinstance(weight, str):
        if reduction != "mean":
            raise TypeError(
                f"{who}: got a reduction both by position ({weight!r}) and as "
                f"reduction={reduction!r}; give it once"
            )
        reduction = weight
    else:
        weights = weight
    if size_average is not None or reduce is not None:
        warnings.warn(
            f"{who}: size_average and reduce are deprecated (as in PyTorch); use reduction="
            f"'mean', 'sum' or 'none'",
            DeprecationWarning,
            stacklevel=3,
        )
        if reduce is False:
            reduction = "none"
        else:
            reduction = "sum" if size_average is False else "mean"
    _check_reduction(reduction, who)
    return weights, reduction


def _reduce(loss: Tensor, reduction: str, count: int | Tensor | None = None) -> Tensor:
    """Apply ``reduction``; ``count`` is the divisor of the mean (default: every element), a
    Tensor when it is a sum of weights."""
    if reduction == "none":
        return loss
    if reduction == "mean" and (
        count is None or (isinstance(count, int) and count == loss.data.size)
    ):
        return loss.mean()
    total = loss.sum()
    if reduction == "sum":
        return total
    return total / count


def _as_weight(weight: TensorLike, like: Tensor) -> Tensor:
    """A weight as a Tensor; a constant one takes ``like``'s dtype, so that a float64 list of
    weights does not promote float32 scores."""
    if isinstance(weight, Tensor) and weight.requires_grad:
        return weight
    values = weight.data if isinstance(weight, Tensor) else weight
    return from_numpy(np.asarray(values, dtype=like.dtype))


def _class_weights(weight: TensorLike | None, scores: Tensor, who: str) -> Tensor | None:
    """``weight`` of shape (C,), one rescaling factor per class, or None."""
    if weight is None:
        return None
    weights = _as_weight(weight, scores)
    if weights.shape != (scores.shape[1],):
        raise ValueError(
            f"{who}: weight must hold one value per class, shape ({scores.shape[1]},) for "
            f"scores of shape {scores.shape}, got weight shape {weights.shape}"
        )
    return weights


def _elementwise_weight(weight: TensorLike, like: Tensor, who: str, name: str) -> Tensor:
    """``weight`` (or ``pos_weight``) as a Tensor that broadcasts to ``like``'s shape."""
    weights = _as_weight(weight, like)
    try:
        shape = np.broadcast_shapes(weights.shape, like.shape)
    except ValueError:
        shape = None
    if shape != like.shape:
        raise ValueError(
            f"{who}: {name} of shape {weights.shape} must broadcast to the input's shape "
            f"{like.shape} (e.g. shape ({like.shape[-1] if like.ndim else 1},) for one value "
            f"per class)"
        )
    return weights


def _class_last(scores: Tensor, who: str) -> tuple[Tensor, tuple[int, ...]]:
    """(N, C, d1, ...) -> (N * d1 * ..., C) so that each row is one prediction; also returns the
    shape of the per-prediction result (N, d1, ...)."""
    if scores.ndim < 2:
        raise ValueError(
            f"{who}: expected scores of shape (C,), (N, C) or (N, C, d1, ...), got shape "
            f"{scores.shape}"
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


def _batched(
    scores: Tensor, target: Tensor | np.ndarray, who: str
) -> tuple[Tensor, Tensor | np.ndarray, bool]:
    """PyTorch's unbatched input: scores (C,) with a class index of shape () or probabilities
    (C,) become a batch of one; the flag says to drop that batch axis from a 'none' result."""
    if scores.ndim != 1:
        return scores, target, False
    if target.shape not in ((), scores.shape):
        raise TargetShapeError(
            f"{who}: unbatched scores of shape {scores.shape} need a class index of shape () or "
            f"probabilities of shape {scores.shape}, got target shape {target.shape}"
        )
    return scores.reshape(1, -1), target.reshape((1, *target.shape)), True


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
        raise TargetDtypeError(
            f"{who}: a target of shape {array.shape} must hold integer class "
            f"indices, got dtype {array.dtype}; for class probabilities pass a "
            f"target of the scores' shape {scores_shape}"
        )
    if array.shape != rows:
        raise TargetShapeError(
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


def _weigh_targets(
    loss: Tensor, indices: np.ndarray, keep: np.ndarray, weights: Tensor | None
) -> tuple[Tensor, int | Tensor]:
    """w[t_i] * loss_i (0 where not ``keep``: selected, so an inf there cannot leak), and the
    divisor of the mean: the number of kept targets, or the sum of their weights (PyTorch's)."""
    if weights is None:
        return (loss if keep.all() else loss.where(keep, 0.0)), int(keep.sum())
    picked = weights[indices].where(keep, 0.0)
    return (loss * weights[indices]).where(keep, 0.0), picked.sum()


def nll_loss(
    log_probs: TensorLike,
    target: TensorLike,
    weight: TensorLike | str | None = None,
    size_average: bool | None = None,
    ignore_index: int = -100,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of integer class targets, as PyTorch's:

        loss_i = -w[t_i] * log_probs[i, t_i]     (0 where t_i = ``ignore_index``)
        'mean' = sum_i loss_i / sum_{i not ignored} w[t_i]      (w = 1 without ``weight``)

    >>> nll_loss(np.log([[0.5, 0.25, 0.25], [0.5, 0.25, 0.25]]), [2, 0])  # (log 4 + log 2) / 2
    Tensor(1.0397, dtype=float64)
    >>> nll_loss(np.log([[0.5, 0.5], [0.25, 0.75]]), [0, 0], weight=[3.0, 1.0])  # log 2 + log 4 / 2
    Tensor(1.0397, dtype=float64)
    """
    who = "nll_loss"
    weight, reduction = _weight_and_reduction(weight, size_average, reduce, reduction, who)
    log_probs, target, unbatched = _batched(to_tensor(log_probs), _as_target(target), who)
    flat_scores, rows = _class_last(log_probs, who)
    weights = _class_weights(weight, log_probs, who)
    indices, keep = _class_indices(target, log_probs.shape, rows, ignore_index, who)
    picked = -flat_scores[np.arange(indices.shape[0]), indices]
    loss, count = _weigh_targets(picked, indices, keep, weights)
    if reduction == "none":
        return loss.reshape(rows[1:] if unbatched else rows)
    return _reduce(loss, reduction, count=count)


def _cross_entropy_of_probabilities(
    logits: Tensor, target: Tensor | np.ndarray, label_smoothing: float, weights: Tensor | None
) -> Tensor:
    """loss_i = -sum_c w_c q[i, c] log p[i, c], with q = (1 - eps) * target + eps / C; one loss
    per prediction, flattened."""
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
    if weights is not None:
        probabilities = probabilities * weights
    return -(log_probs * probabilities).sum(axis=1)


def _cross_entropy_of_indices(
    flat_logits: Tensor,
    indices: np.ndarray,
    keep: np.ndarray,
    label_smoothing: float,
    weights: Tensor | None,
) -> tuple[Tensor, int | Tensor]:
    """loss_i = (1 - eps) w[t_i] (-log p[i, t_i]) + eps / C sum_c w_c (-log p[i, c]), 0 where
    not ``keep``; and the divisor of the mean (PyTorch's, for both terms)."""
    # CS231n's softmax loss: L_i = log sum_c exp(s_ic) - s_i,t_i with s = z - max(z) (the max
    # node stays in the graph). Same value as -log_softmax(z)[i, t_i], without building the
    # full log-probability matrix: two fewer passes over (N, C) forward and backward.
    shifted = flat_logits - flat_logits.max(axis=1, keepdims=True)
    log_normalizer = shifted.exp().sum(axis=1).log()
    loss = log_normalizer - shifted[np.arange(indices.shape[0]), indices]
    loss, count = _weigh_targets(loss, indices, keep, weights)
    if not label_smoothing:
        return loss, count
    # the uniform part: 1/C sum_c w_c (-log p_ic) = log_normalizer mean(w) - mean_c w_c s_ic
    if weights is None:
        uniform = log_normalizer - shifted.mean(axis=1)
    else:
        uniform = log_normalizer * weights.mean() - (shifted * weights).mean(axis=1)
    if not keep.all():
        uniform = uniform.where(keep, 0.0)
    return loss * (1.0 - label_smoothing) + uniform * label_smoothing, count


@scope("cross_entropy")
def cross_entropy(
    logits: TensorLike,
    target: TensorLike,
    weight: TensorLike | str | None = None,
    size_average: bool | None = None,
    ignore_index: int = -100,
    reduce: bool | None = None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """Softmax cross-entropy of raw scores ``logits`` (N, C) against ``target``.

    ``target`` is either integer class indices of shape (N,) (an ndarray, list or Tensor), or
    class probabilities / one-hot rows of shape (N, C). As in PyTorch, with ``eps =
    label_smoothing`` and ``w`` the class ``weight`` (all ones if not given):

    - indices: loss_i = (1 - eps) w[t_i] (-log p[i, t_i]) + eps / C sum_c w_c (-log p[i, c]);
      rows whose target is ``ignore_index`` count 0, and 'mean' divides the sum by the sum of
      w[t_i] over the other rows (their number when unweighted);
    - probabilities: loss_i = -sum_c w_c q[i, c] log p[i, c] with q = (1 - eps) target + eps / C,
      and 'mean' divides by N.

    >>> from autograd import Tensor
    >>> cross_entropy(Tensor([[2.0, 0.0, 0.0]]), [0])  # -log(e^2 / (e^2 + 2))
    Tensor(0.2395)
    >>> cross_entropy(Tensor([[0.0, 0.0], [0.0, 0.0]]), [0, 1], weight=[3.0, 1.0])  # log 2
    Tensor(0.6931)
    """
    who = "cross_entropy"
    weight, reduction = _weight_and_reduction(weight, size_average, reduce, reduction, who)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{who}: label_smoothing must be in [0, 1], got {label_smoothing}")
    logits, target, unbatched = _batched(to_tensor(logits), _as_target(target), who)
    flat_logits, rows = _class_last(logits, who)
    weights = _class_weights(weight, logits, who)
    count: int | Tensor | None = None
    if target.shape == logits.shape and target.dtype.kind == "f":
        loss = _cross_entropy_of_probabilities(logits, target, label_smoothing, weights)
    else:
        indices, keep = _class_indices(target, logits.shape, rows, ignore_index, who)
        loss, count = _cross_entropy_of_indices(
            flat_logits, indices, keep, label_smoothing, weights
        )
    if reduction == "none":
        return loss.reshape(rows[1:] if unbatched else rows)
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


def _pair(prediction: TensorLike, target: TensorLike, reduction: str, who: str) -> Tensor:
    """prediction - target, after checking the reduction and the shapes."""
    _check_reduction(reduction, who)
    prediction = to_tensor(prediction)
    return prediction - _matching_target(prediction, target, who)


def l1_loss(prediction: TensorLike, target: TensorLike, reduction: str = "mean") -> Tensor:
    """Mean absolute error: mean(|prediction - target|) (gradient 0 where they are equal).

    >>> l1_loss([1.0, 2.0], [1.5, 4.0])  # (0.5 + 2) / 2
    Tensor(1.25)
    """
    return _reduce(_pair(prediction, target, reduction, "l1_loss").abs(), reduction)


def smooth_l1_loss(
    prediction: TensorLike, target: TensorLike, reduction: str = "mean", beta: float = 1.0
) -> Tensor:
    """With d = |prediction - target|: 0.5 d^2 / beta where d < beta, else d - 0.5 beta
    (PyTorch's; beta = 0 is ``l1_loss``).

    >>> smooth_l1_loss([0.0, 0.0], [0.5, 3.0], reduction="none")  # 0.5 * 0.25, 3 - 0.5
    Tensor([0.125, 2.5  ])
    """
    who = "smooth_l1_loss"
    if beta < 0:
        raise ValueError(f"{who}: beta must be non-negative, got {beta}")
    difference = _pair(prediction, target, reduction, who)
    distance = difference.abs()
    if beta == 0:
        return _reduce(distance, reduction)
    # both branches are finite everywhere: the where selects, it never multiplies by a mask
    quadratic = difference * difference * (0.5 / beta)
    loss = quadratic.where(distance.data < beta, distance - 0.5 * beta)
    return _reduce(loss, reduction)


def huber_loss(
    prediction: TensorLike, target: TensorLike, reduction: str = "mean", delta: float = 1.0
) -> Tensor:
    """With d = |prediction - target|: 0.5 d^2 where d < delta, else delta (d - 0.5 delta)
    (PyTorch's; that is delta * smooth_l1_loss with beta = delta).

    >>> huber_loss([0.0, 0.0], [0.5, 3.0], reduction="none", delta=2.0)  # 0.125, 2 * (3 - 1)
    Tensor([0.125, 4.   ])
    """
    who = "huber_loss"
    if delta <= 0:
        raise ValueError(f"{who}: delta must be positive, got {delta}")
    difference = _pair(prediction, target, reduction, who)
    distance = difference.abs()
    quadratic = difference * difference * 0.5
    loss = quadratic.where(distance.data < delta, (distance - 0.5 * delta) * delta)
    return _reduce(loss, reduction)


def _xlogx(x: Tensor) -> Tensor:
    """x log x, 0 where x = 0 (PyTorch's xlogy(x, x)); log only ever sees x or 1."""
    nonzero = x.data != 0
    return (x * x.where(nonzero, 1.0).log()).where(nonzero, 0.0)


def kl_div(
    log_probs: TensorLike,
    target: TensorLike,
    reduction: str = "mean",
    log_target: bool = False,
) -> Tensor:
    """Kullback-Leibler divergence with ``log_probs`` = log q and ``target`` = p, pointwise:

        p (log p - log q)           (0 where p = 0)
        exp(t) (t - log q)          with ``log_target=True`` (target given as t = log p)

    'mean' averages over every element, as PyTorch does; 'batchmean', the KL divergence,
    divides the sum by the batch size ``log_probs.shape[0]``.

    >>> kl_div(np.log([[0.5, 0.5]]), [[1.0, 0.0]], reduction="batchmean")  # log 2
    Tensor(0.6931, dtype=float64)
    """
    who = "kl_div"
    _check_reduction(reduction, who, (*_REDUCTIONS, "batchmean"))
    log_probs = to_tensor(log_probs)
    target = _matching_target(log_probs, target, who)
    if log_target:
        loss = target.exp() * (target - log_probs)
    else:
        loss = _xlogx(target) - target * log_probs
    if reduction != "batchmean":
        return _reduce(loss, reduction)
    return loss.sum() / (log_probs.shape[0] if log_probs.ndim else 1)


def _clamped_log(x: Tensor) -> Tensor:
    """max(log x, -100), PyTorch's clamp in binary_cross_entropy; log only sees x where that
    is above -100, so a probability of exactly 0 or 1 gives a finite loss and gradient."""
    with np.errstate(divide="ignore", invalid="ignore"):
        above = np.log(x.data) > -100.0
    return x.where(above, 1.0).log().where(above, -100.0)


def binary_cross_entropy(
    probabilities: TensorLike,
    target: TensorLike,
    weight: TensorLike | str | None = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """Binary cross-entropy of ``probabilities`` x in [0, 1] against ``target`` y, as PyTorch:

        loss = -w (y max(log x, -100) + (1 - y) max(log(1 - x), -100))

    with ``weight`` w broadcast to the input's shape. For raw scores prefer
    ``binary_cross_entropy_with_logits``, which is exact where sigmoid rounds to 0 or 1.

    >>> binary_cross_entropy([0.5, 1.0], [1.0, 0.0], reduction="none")  # log 2, clamped 100
    Tensor([  0.6931, 100.    ])
    """
    who = "binary_cross_entropy"
    weight, reduction = _weight_and_reduction(weight, size_average, reduce, reduction, who)
    probabilities = to_tensor(probabilities)
    target = _matching_target(probabilities, target, who)
    values = probabilities.data
    if not ((values >= 0) & (values <= 1)).all():  # a NaN fails this too, as in PyTorch
        raise ValueError(
            f"{who}: every input must be a probability in [0, 1], got values in "
            f"[{np.nanmin(values)}, {np.nanmax(values)}] (shape {values.shape}); for raw "
            f"scores use binary_cross_entropy_with_logits"
        )
    loss = -(target * _clamped_log(probabilities) + (1 - target) * _clamped_log(1 - probabilities))
    if weight is not None:
        loss = loss * _elementwise_weight(weight, probabilities, who, "weight")
    return _reduce(loss, reduction)


def binary_cross_entropy_with_logits(
    logits: TensorLike,
    target: TensorLike,
    weight: TensorLike | str | None = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    pos_weight: TensorLike | None = None,
) -> Tensor:
    """Binary cross-entropy of sigmoid(logits) against ``target`` in [0, 1], computed stably:

        loss = log(exp(0) + exp(x)) - x * y     (a logsumexp of 0 and x)

    (never exponentiates a large positive number: logsumexp shifts by a detached max, so the
    loss is smooth in x and its first and second derivatives, sigmoid(x) - y and
    sigmoid(x)(1 - sigmoid(x)), are exact everywhere, x = 0 included). As PyTorch, ``weight``
    w rescales each element and ``pos_weight`` p (one per class, broadcast along the last
    axis) the positive term:

        loss = w ((1 - y) x + (1 + (p - 1) y) log(1 + exp(-x)))

    >>> binary_cross_entropy_with_logits([0.0, 100.0], [1.0, 1.0])  # (log 2 + 0) / 2
    Tensor(0.3466)
    >>> binary_cross_entropy_with_logits([0.0], [1.0], pos_weight=[3.0])  # 3 log 2
    Tensor(2.0794)
    """
    who = "binary_cross_entropy_with_logits"
    weight, reduction = _weight_and_reduction(weight, size_average, reduce, reduction, who)
    logits = to_tensor(logits)
    target = _matching_target(logits, target, who)
    zeros = from_numpy(np.zeros(logits.shape, dtype=logits.dtype))
    if pos_weight is None:
        loss = autograd.logsumexp(autograd.stack([zeros, logits]), axis=0) - logits * target
    else:
        positive = _elementwise_weight(pos_weight, logits, who, "pos_weight")
        softplus_of_minus = autograd.logsumexp(autograd.stack([zeros, -logits]), axis=0)
        loss = (1 - target) * logits + ((positive - 1) * target + 1) * softplus_of_minus
    if weight is not None:
        loss = loss * _elementwise_weight(weight, logits, who, "weight")
    return _reduce(loss, reduction)


# ---------------------------------------------------------------- activations
# Stability rule for the piecewise ones below: every branch of a ``where`` is finite for every
# input (exp only ever sees a non-positive or clipped argument), because the unselected branch
# is still computed, and its backward multiplies a zero gradient by its local derivative:
# 0 * inf would be NaN. The masks select (``where``); they never multiply.

_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805


def _log1p_exp_neg_abs(x: Tensor) -> Tensor:
    """log(1 + exp(-|x|)): in (0, log 2], never overflows."""
    return (1.0 + (-x.abs()).exp()).log()


def gelu(x: TensorLike, approximate: str = "none") -> Tensor:
    """Gaussian error linear unit, x Φ(x) = x / 2 (1 + erf(x / √2)); with
    ``approximate='tanh'``, x / 2 (1 + tanh(√(2/π) (x + 0.044715 x³))).

    >>> gelu([0.0, 1.0])
    Tensor([0.    , 0.8413])
    >>> gelu([0.0, 1.0], approximate="tanh")
    Tensor([0.    , 0.8412])
    """
    x = to_tensor(x)
    if approximate == "none":
        return 0.5 * x * (1.0 + (x * (1.0 / math.sqrt(2.0))).erf())
    if approximate == "tanh":
        inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)
        return 0.5 * x * (1.0 + inner.tanh())
    raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")


def silu(x: TensorLike, inplace: bool = False) -> Tensor:
    """Sigmoid linear unit (swish), x σ(x).

    >>> silu([0.0, 100.0])
    Tensor([  0., 100.])
    """
    return _maybe_inplace(x, inplace, "silu", lambda t: t * t.sigmoid())


def softplus(x: TensorLike, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + exp(β x)) / β, and x itself where β x > ``threshold`` (as PyTorch).

    Computed as (max(β x, 0) + log(1 + exp(-|β x|))) / β, which never overflows; the tie of
    the max at 0 shares its gradient, so d/dx at 0 is the exact 1/2.

    >>> softplus([0.0, -100.0, 100.0])
    Tensor([  0.6931,   0.    , 100.    ])
    """
    x = to_tensor(x)
    scaled = x * beta
    smooth = (autograd.maximum(scaled, 0.0) + _log1p_exp_neg_abs(scaled)) / beta
    return x.where(scaled.data > threshold, smooth)


def mish(x: TensorLike, inplace: bool = False) -> Tensor:
    """x tanh(softplus(x)).

    >>> mish([0.0, 100.0])
    Tensor([  0., 100.])
    """
    return _maybe_inplace(x, inplace, "mish", lambda t: t * softplus(t).tanh())


def logsigmoid(x: TensorLike) -> Tensor:
    """log σ(x) = min(x, 0) - log(1 + exp(-|x|)), which never overflows.

    >>> logsigmoid([0.0, -100.0, 100.0])
    Tensor([  -0.6931, -100.    ,   -0.    ])
    """
    x = to_tensor(x)
    return autograd.minimum(x, 0.0) - _log1p_exp_neg_abs(x)


def _exp_minus_one_of_negative_part(x: Tensor) -> Tensor:
    """exp(min(x, 0)) - 1: the negative branch of elu and celu, finite for every x."""
    return x.clip(max=0.0).exp() - 1.0


def elu(x: TensorLike, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """x where x > 0, else α (exp(x) - 1).

    >>> elu([-1.0, 2.0])
    Tensor([-0.6321,  2.    ])
    """
    return _maybe_inplace(
        x, inplace, "elu", lambda t: t.where(t.data > 0, alpha * _exp_minus_one_of_negative_part(t))
    )


def selu(x: TensorLike, inplace: bool = False) -> Tensor:
    """scale · elu(x, α) with PyTorch's constants α = 1.6732632423543772 and
    scale = 1.0507009873554805 (self-normalising).

    >>> selu([-1.0, 1.0])
    Tensor([-1.1113,  1.0507])
    """
    return _maybe_inplace(x, inplace, "selu", lambda t: _SELU_SCALE * elu(t, alpha=_SELU_ALPHA))


def celu(x: TensorLike, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """max(0, x) + min(0, α (exp(x / α) - 1)).

    >>> celu([-1.0, 2.0], alpha=2.0)
    Tensor([-0.7869,  2.    ])
    """
    if alpha == 0:
        raise ValueError("celu: alpha must not be 0 (it divides x)")
    return _maybe_inplace(
        x,
        inplace,
        "celu",
        lambda t: t.where(t.data > 0, alpha * _exp_minus_one_of_negative_part(t / alpha)),
    )


def leaky_relu(x: TensorLike, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """x where x > 0, else ``negative_slope`` · x.

    >>> leaky_relu([-2.0, 3.0], negative_slope=0.1)
    Tensor([-0.2,  3. ])
    """
    return _maybe_inplace(
        x, inplace, "leaky_relu", lambda t: t.where(t.data > 0, t * negative_slope)
    )


def hardtanh(
    x: TensorLike, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False
) -> Tensor:
    """x clamped into [``min_val``, ``max_val``].

    >>> hardtanh([-2.0, 0.5, 2.0])
    Tensor([-1. ,  0.5,  1. ])
    """
    if min_val > max_val:
        raise ValueError(f"hardtanh: min_val={min_val} must not exceed max_val={max_val}")
    return _maybe_inplace(x, inplace, "hardtanh", lambda t: t.clip(min_val, max_val))


def relu6(x: TensorLike, inplace: bool = False) -> Tensor:
    """min(max(x, 0), 6).

    >>> relu6([-1.0, 3.0, 7.0])
    Tensor([0., 3., 6.])
    """
    return hardtanh(x, 0.0, 6.0, inplace)


def hardsigmoid(x: TensorLike, inplace: bool = False) -> Tensor:
    """relu6(x + 3) / 6: 0 for x ≤ -3, 1 for x ≥ 3, x / 6 + 1/2 between.

    >>> hardsigmoid([-4.0, 0.0, 4.0])
    Tensor([0. , 0.5, 1. ])
    """
    return _maybe_inplace(x, inplace, "hardsigmoid", lambda t: (t / 6.0 + 0.5).clip(0.0, 1.0))


def hardswish(x: TensorLike, inplace: bool = False) -> Tensor:
    """x · relu6(x + 3) / 6.

    >>> hardswish([-4.0, 1.0, 4.0])
    Tensor([-0.    ,  0.6667,  4.    ])
    """
    return _maybe_inplace(x, inplace, "hardswish", lambda t: t * hardsigmoid(t))


def softsign(x: TensorLike) -> Tensor:
    """x / (1 + |x|).

    >>> softsign([-1.0, 3.0])
    Tensor([-0.5 ,  0.75])
    """
    x = to_tensor(x)
    return x / (1.0 + x.abs())


def tanhshrink(x: TensorLike) -> Tensor:
    """x - tanh(x).

    >>> tanhshrink([0.0])
    Tensor([0.])
    """
    x = to_tensor(x)
    return x - x.tanh()


def _halves(x: Tensor, dim: int, who: str) -> tuple[Tensor, Tensor]:
    """``x`` split into its two halves along ``dim``, which must have an even size."""
    if not -x.ndim <= dim < x.ndim:
        raise IndexError(f"{who}: dim={dim} is out of range for a tensor of shape {x.shape}")
    dim %= x.ndim
    size = x.shape[dim]
    if size % 2:
        raise ValueError(
            f"{who}: the size of dim={dim} must be even to split it in halves, got shape {x.shape}"
        )
    first, second = [slice(None)] * x.ndim, [slice(None)] * x.ndim
    first[dim], second[dim] = slice(0, size // 2), slice(size // 2, size)
    return x[tuple(first)], x[tuple(second)]


def glu(x: TensorLike, dim: int = -1) -> Tensor:
    """Gated linear unit: with a, b the two halves of ``x`` along ``dim``, a · σ(b).

    >>> glu([[1.0, 2.0, 0.0, 100.0]])
    Tensor([[0.5, 2. ]])
    """
    first, second = _halves(to_tensor(x), dim, "glu")
    return first * second.sigmoid()


def normalize(x: TensorLike, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:
    """x / max(‖x‖_p, eps), the p-norm taken along ``dim`` (as ``torch.nn.functional.normalize``).

    For p > 0 the norm is computed as max(Σ|x|^p, eps^p)^(1/p), the same value, so that the
    root never sees 0 and a zero vector gets a zero gradient, not NaN. As in PyTorch, p = 0
    "norm" is the number of nonzero entries (no gradient flows through it), and a negative p
    gives (Σ|x|^p)^(1/p), which is 0 (then eps) as soon as one entry is 0.

    >>> normalize([[3.0, 4.0], [0.0, 0.0]])
    Tensor([[0.6, 0.8],
            [0. , 0. ]])
    >>> normalize([[1.0, 0.0, 2.0]], p=0)  # two nonzero entries
    Tensor([[0.5, 0. , 1. ]])
    """
    x = to_tensor(x)
    if p == math.inf:
        norm = autograd.maximum(x.abs().max(axis=dim, keepdims=True), eps)
    elif p == -math.inf:
        norm = autograd.maximum(x.abs().min(axis=dim, keepdims=True), eps)
    elif p == 0:
        count = (x.data != 0).sum(axis=dim, keepdims=True)
        norm = autograd.maximum(from_numpy(count.astype(x.dtype)), eps)
    elif p < 0:
        with np.errstate(divide="ignore"):
            norm = autograd.maximum((x.abs() ** p).sum(axis=dim, keepdims=True) ** (1.0 / p), eps)
    else:
        total = (x * x if p == 2 else x.abs() ** p).sum(axis=dim, keepdims=True)
        floored = autograd.maximum(total, eps**p)
        norm = floored.sqrt() if p == 2 else floored ** (1.0 / p)
    return x / norm


# ---------------------------------------------------------------- more activations
def threshold(x: TensorLike, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """x where x > ``threshold``, else ``value`` (as ``torch.nn.functional.threshold``).

    >>> threshold([-1.0, 0.5, 2.0], 1.0, -5.0)
    Tensor([-5., -5.,  2.])
    """
    return _maybe_inplace(x, inplace, "threshold", lambda t: t.where(t.data > threshold, value))


def threshold_(x: Tensor, threshold: float, value: float) -> Tensor:
    """In place: ``threshold(x, threshold, value, inplace=True)``."""
    return _maybe_inplace(x, True, "threshold", lambda t: t.where(t.data > threshold, value))


def hardshrink(x: TensorLike, lambd: float = 0.5) -> Tensor:
    """x where |x| > ``lambd``, else 0.

    >>> hardshrink([-1.0, 0.2, 0.7])
    Tensor([-1. ,  0. ,  0.7])
    """
    x = to_tensor(x)
    return x.where((x.data > lambd) | (x.data < -lambd), 0.0)


def softshrink(x: TensorLike, lambd: float = 0.5) -> Tensor:
    """x - λ where x > λ, x + λ where x < -λ, else 0 (λ = ``lambd`` >= 0).

    >>> softshrink([-1.0, 0.2, 0.7])
    Tensor([-0.5,  0. ,  0.2])
    """
    if lambd < 0:
        raise ValueError(f"softshrink: lambd must be non-negative, got {lambd}")
    x = to_tensor(x)
    shrunk = x - x.clip(-lambd, lambd)
    return shrunk.where((x.data > lambd) | (x.data < -lambd), 0.0)


def prelu(x: TensorLike, weight: TensorLike) -> Tensor:
    """x where x > 0, else a · x, with the learnable slopes ``weight`` a: one shared value, or
    one per channel (dimension 1 of the input), as ``torch.nn.functional.prelu``.

    >>> prelu([[-1.0, 2.0]], [0.25])
    Tensor([[-0.25,  2.  ]])
    """
    x, slopes = to_tensor(x), to_tensor(weight)
    channels = x.shape[1] if x.ndim >= 2 else 1
    if slopes.ndim > 1 or slopes.data.size not in (1, channels):
        raise ValueError(
            f"prelu: weight of shape {slopes.shape} must hold 1 value or one per channel "
            f"({channels}, dimension 1 of the input of shape {x.shape})"
        )
    if slopes.data.size > 1:
        slopes = slopes.reshape(channels, *([1] * (x.ndim - 2)))
    elif slopes.ndim:
        slopes = slopes.reshape(())
    return x.where(x.data > 0, x * slopes)


def rrelu(
    x: TensorLike,
    lower: float = 1.0 / 8.0,
    upper: float = 1.0 / 3.0,
    training: bool = False,
    inplace: bool = False,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Randomized leaky ReLU: in training a slope drawn uniformly from [``lower``, ``upper``]
    for each negative element; in evaluation the fixed slope (lower + upper) / 2.

    >>> rrelu([-2.0, 3.0], 0.25, 0.75)
    Tensor([-1.,  3.])
    """
    if not lower <= upper:
        raise ValueError(f"rrelu: lower={lower} must not exceed upper={upper}")
    x = to_tensor(x)
    if not training:
        return leaky_relu(x, (lower + upper) / 2.0, inplace=inplace)
    slopes = _init.get_generator(generator).uniform(lower, upper, size=x.shape)
    slopes = slopes.astype(x.dtype)
    return _maybe_inplace(x, inplace, "rrelu", lambda t: t.where(t.data >= 0, t * slopes))


def relu_(x: Tensor) -> Tensor:
    """In place: ``relu(x, inplace=True)``."""
    return relu(x, inplace=True)


def elu_(x: Tensor, alpha: float = 1.0) -> Tensor:
    """In place: ``elu(x, alpha, inplace=True)``."""
    return elu(x, alpha, inplace=True)


def celu_(x: Tensor, alpha: float = 1.0) -> Tensor:
    """In place: ``celu(x, alpha, inplace=True)``."""
    return celu(x, alpha, inplace=True)


def selu_(x: Tensor) -> Tensor:
    """In place: ``selu(x, inplace=True)``."""
    return selu(x, inplace=True)


def leaky_relu_(x: Tensor, negative_slope: float = 0.01) -> Tensor:
    """In place: ``leaky_relu(x, negative_slope, inplace=True)``."""
    return leaky_relu(x, negative_slope, inplace=True)


def hardtanh_(x: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """In place: ``hardtanh(x, min_val, max_val, inplace=True)``."""
    return hardtanh(x, min_val, max_val, inplace=True)


def rrelu_(
    x: Tensor, lower: float = 1.0 / 8.0, upper: float = 1.0 / 3.0, training: bool = False
) -> Tensor:
    """In place: ``rrelu(x, lower, upper, training, inplace=True)``."""
    return rrelu(x, lower, upper, training, inplace=True)


# ---------------------------------------------------------------- distances
def cosine_similarity(x1: TensorLike, x2: TensorLike, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """x1 · x2 / (max(‖x1‖, eps) · max(‖x2‖, eps)) along ``dim``, broadcasting the two
    (``torch.nn.functional.cosine_similarity``).

    >>> cosine_similarity([[1.0, 0.0], [1.0, 1.0]], [[2.0, 0.0], [-1.0, -1.0]])
    Tensor([ 1., -1.])
    """
    x1, x2 = to_tensor(x1), to_tensor(x2)
    shape = np.broadcast_shapes(x1.shape, x2.shape)  # the norms are of the broadcast vectors
    x1, x2 = x1.expand(*shape), x2.expand(*shape)
    norm1 = autograd.maximum((x1 * x1).sum(axis=dim).sqrt(), eps)
    norm2 = autograd.maximum((x2 * x2).sum(axis=dim).sqrt(), eps)
    return (x1 * x2).sum(axis=dim) / (norm1 * norm2)


def pairwise_distance(
    x1: TensorLike, x2: TensorLike, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False
) -> Tensor:
    """‖x1 - x2 + eps‖_p along the last dimension, broadcasting the two
    (``torch.nn.functional.pairwise_distance``).

    >>> pairwise_distance([[0.0, 0.0]], [[3.0, 4.0]], eps=0.0)
    Tensor([5.])
    """
    difference = to_tensor(x1) - to_tensor(x2) + eps
    if difference.ndim == 0:
        difference = difference.reshape(1)
    return _vector_norm(difference, p, -1, keepdim)


def _vector_norm(x: Tensor, p: float, dim: int, keepdim: bool) -> Tensor:
    """The p-norm of ``x`` along ``dim``, composed of primitives (p = inf: the largest |x|)."""
    if p == math.inf:
        return x.abs().max(axis=dim, keepdims=keepdim)
    if p == 2:
        return (x * x).sum(axis=dim, keepdims=keepdim).sqrt()
    if p == 1:
        return x.abs().sum(axis=dim, keepdims=keepdim)
    if p == 0:
        return from_numpy((x.data != 0).sum(axis=dim, keepdims=keepdim).astype(x.dtype))
    return (x.abs() ** p).sum(axis=dim, keepdims=keepdim) ** (1.0 / p)


# ---------------------------------------------------------------- more losses
def _legacy(size_average: bool | None, reduce: bool | None, reduction: str, who: str) -> str:
    """``reduction`` after PyTorch's deprecated ``size_average`` / ``reduce``."""
    return _weight_and_reduction(None, size_average, reduce, reduction, who)[1]


def margin_ranking_loss(
    input1: TensorLike,
    input2: TensorLike,
    target: TensorLike,
    margin: float = 0.0,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """max(0, -y (x1 - x2) + margin), y = 1 when x1 should rank higher, -1 when x2 should.

    >>> margin_ranking_loss([1.0, 0.0], [0.0, 1.0], [1.0, 1.0], margin=0.5)  # (0 + 1.5) / 2
    Tensor(0.75)
    """
    reduction = _legacy(size_average, reduce, reduction, "margin_ranking_loss")
    first, second = to_tensor(input1), to_tensor(input2)
    loss = (-to_tensor(target) * (first - second) + margin).relu()
    return _reduce(loss, reduction)


def hinge_embedding_loss(
    x: TensorLike,
    target: TensorLike,
    margin: float = 1.0,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """x where y = 1, max(0, margin - x) where y = -1 (PyTorch's; both terms for other y).

    >>> hinge_embedding_loss([0.3, 0.3], [1.0, -1.0])  # (0.3 + 0.7) / 2
    Tensor(0.5)
    """
    reduction = _legacy(size_average, reduce, reduction, "hinge_embedding_loss")
    x = to_tensor(x)
    labels = np.asarray(target.data if isinstance(target, Tensor) else target)
    labels = np.broadcast_to(labels, np.broadcast_shapes(labels.shape, x.shape))
    hinge = (margin - x).relu().where(labels != 1, 0.0)
    kept = x.where(labels != -1, 0.0)
    return _reduce(hinge + kept, reduction)


def soft_margin_loss(
    x: TensorLike,
    target: TensorLike,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """log(1 + exp(-y x)), y in {1, -1}: a smooth hinge (computed without overflow).

    >>> soft_margin_loss([0.0], [1.0])  # log 2
    Tensor(0.6931)
    """
    reduction = _legacy(size_average, reduce, reduction, "soft_margin_loss")
    x = to_tensor(x)
    return _reduce(softplus(-to_tensor(target) * x, threshold=math.inf), reduction)


def multilabel_soft_margin_loss(
    x: TensorLike,
    target: TensorLike,
    weight: TensorLike | None = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """-mean_c w_c (y_c log σ(x_c) + (1 - y_c) log σ(-x_c)) per sample, y in {0, 1}: one
    binary cross-entropy per class, averaged over the classes (the last dimension).

    >>> multilabel_soft_margin_loss([[0.0, 0.0]], [[1.0, 0.0]])  # log 2
    Tensor(0.6931)
    """
    who = "multilabel_soft_margin_loss"
    reduction = _legacy(size_average, reduce, reduction, who)
    x = to_tensor(x)
    labels = to_tensor(target)
    loss = -(labels * logsigmoid(x) + (1.0 - labels) * logsigmoid(-x))
    if weight is not None:
        loss = loss * _as_weight(weight, x)
    per_sample = loss.mean(axis=-1) if x.ndim else loss
    return _reduce(per_sample, reduction)


def multi_margin_loss(
    x: TensorLike,
    target: TensorLike,
    p: int = 1,
    margin: float = 1.0,
    weight: TensorLike | None = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """Multi-class hinge: sum_{i != y} w_y max(0, margin - x_y + x_i)^p / C per sample, for
    scores (N, C) or (C,) and class indices (N,) or ().

    >>> multi_margin_loss([[0.1, 0.2, 0.4, 0.8]], [3])  # (0.3 + 0.4 + 0.6) / 4
    Tensor(0.325)
    """
    who = "multi_margin_loss"
    reduction = _legacy(size_average, reduce, reduction, who)
    if p not in (1, 2):
        raise ValueError(f"{who}: only p = 1 and p = 2 are supported, got {p}")
    scores = to_tensor(x)
    unbatched = scores.ndim <= 1
    if unbatched:
        scores = scores.reshape(1, -1)
    labels = np.asarray(target.data if isinstance(target, Tensor) else target).reshape(-1)
    if labels.dtype.kind not in "iu" or labels.shape[0] != scores.shape[0]:
        raise TargetShapeError(
            f"{who}: expected integer class indices, one per row of the scores "
            f"{scores.shape}, got target of shape {labels.shape} and dtype {labels.dtype}"
        )
    rows = np.arange(scores.shape[0])
    picked = scores[rows, labels].reshape(-1, 1)
    hinge = (margin - picked + scores).relu()
    if p == 2:
        hinge = hinge * hinge
    if weight is not None:
        hinge = hinge * _as_weight(weight, scores)[labels].reshape(-1, 1)
    others = np.ones(scores.shape, dtype=bool)
    others[rows, labels] = False
    loss = hinge.where(others, 0.0).sum(axis=1) / scores.shape[1]
    return _reduce(loss.reshape(()) if unbatched else loss, reduction)


def cosine_embedding_loss(
    x1: TensorLike,
    x2: TensorLike,
    target: TensorLike,
    margin: float = 0.0,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """1 - cos(x1, x2) where y = 1, max(0, cos(x1, x2) - margin) where y = -1, the cosine
    taken along the last dimension as PyTorch computes it (x1·x2 / sqrt((‖x1‖² + ε)(‖x2‖² + ε)),
    ε = 1e-12).

    >>> cosine_embedding_loss([[1.0, 0.0]], [[0.0, 1.0]], [1.0])  # cos = 0
    Tensor(1.)
    """
    reduction = _legacy(size_average, reduce, reduction, "cosine_embedding_loss")
    first, second = to_tensor(x1), to_tensor(x2)
    epsilon = 1e-12
    products = (first * second).sum(axis=-1)
    squares = ((first * first).sum(axis=-1) + epsilon) * ((second * second).sum(axis=-1) + epsilon)
    cosine = products / squares.sqrt()
    labels = np.asarray(target.data if isinstance(target, Tensor) else target)
    labels = np.broadcast_to(labels, cosine.shape)
    positive = (1.0 - cosine).where(labels == 1, 0.0)
    negative = (cosine - margin).relu().where(labels == -1, 0.0)
    return _reduce(positive + negative, reduction)


def poisson_nll_loss(
    x: TensorLike,
    target: TensorLike,
    log_input: bool = True,
    full: bool = False,
    size_average: bool | None = None,
    eps: float = 1e-8,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of a Poisson target: exp(x) - y x with ``log_input`` (x is the
    log-rate), else x - y log(x + eps); ``full`` adds Stirling's y log y - y + log(2πy) / 2
    where y > 1.

    >>> poisson_nll_loss([0.0], [1.0])  # exp(0) - 0
    Tensor(1.)
    """
    reduction = _legacy(size_average, reduce, reduction, "poisson_nll_loss")
    x = to_tensor(x)
    counts = to_tensor(target)
    loss = x.exp() - counts * x if log_input else x - counts * (x + eps).log()
    if full:  # differentiable in the target too, as PyTorch's; 2 stands in where y <= 1
        above_one = counts.data > 1
        safe = counts.where(above_one, 2.0)
        stirling = safe * safe.log() - safe + 0.5 * (safe * (2 * math.pi)).log()
        loss = loss + stirling.where(above_one, 0.0)
    return _reduce(loss, reduction)


def gaussian_nll_loss(
    x: TensorLike,
    target: TensorLike,
    var: TensorLike,
    full: bool = False,
    eps: float = 1e-6,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of ``target`` under N(x, var): (log max(var, eps) + (x - y)² /
    max(var, eps)) / 2, plus log(2π) / 2 with ``full``. ``var`` has the input's shape, or one
    dimension less, or a last dimension of 1 (one variance shared by a sample). As in
    PyTorch, the clamp at ``eps`` is not differentiated: var's gradient is the unclamped one.

    >>> gaussian_nll_loss([0.0], [0.0], [1.0])
    Tensor(0.)
    """
    who = "gaussian_nll_loss"
    _check_reduction(reduction, who)
    x, y, variance = to_tensor(x), to_tensor(target), to_tensor(var)
    if variance.shape != x.shape:
        if variance.ndim == x.ndim - 1 and x.shape[:-1] == variance.shape:
            variance = variance.reshape(*variance.shape, 1)
        elif not (variance.ndim == x.ndim and variance.shape[-1] == 1):
            raise ValueError(f"{who}: var of shape {variance.shape} does not fit input {x.shape}")
    if (variance.data < 0).any():
        raise ValueError(f"{who}: var has negative entries")
    clamped = np.maximum(variance.data, eps).astype(variance.dtype)
    variance = variance + from_numpy(clamped - variance.data)  # the clamp, outside the graph
    loss = 0.5 * (variance.log() + (x - y) ** 2 / variance)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def triplet_margin_loss(
    anchor: TensorLike,
    positive: TensorLike,
    negative: TensorLike,
    margin: float = 1.0,
    p: float = 2.0,
    eps: float = 1e-6,
    swap: bool = False,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """max(d(a, p) - d(a, n) + margin, 0) with d the ``pairwise_distance``; ``swap`` uses
    min(d(a, n), d(p, n)) as the negative distance.

    >>> triplet_margin_loss([[0.0]], [[1.0]], [[3.0]], eps=0.0)  # max(1 - 3 + 1, 0)
    Tensor(0.)
    """
    reduction = _legacy(size_average, reduce, reduction, "triplet_margin_loss")
    to_positive = pairwise_distance(anchor, positive, p, eps)
    to_negative = pairwise_distance(anchor, negative, p, eps)
    if swap:
        to_negative = autograd.minimum(to_negative, pairwise_distance(positive, negative, p, eps))
    return _reduce((to_positive - to_negative + margin).relu(), reduction)


# ---------------------------------------------------------------- more dropouts
def _feature_dropout(
    x: TensorLike,
    p: float,
    training: bool,
    inplace: bool,
    generator: np.random.Generator | None,
    batched_ndim: int,
    who: str,
) -> Tensor:
    """Zero whole channels (dimension 1 of a batched input, 0 of an unbatched one) with
    probability p, scaling the rest by 1 / (1 - p)."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{who}: p must be a probability in [0, 1], got {p}")
    x = to_tensor(x)
    if x.ndim not in (batched_ndim, batched_ndim - 1):
        raise ValueError(
            f"{who}: expected a {batched_ndim - 1}-D (unbatched) or {batched_ndim}-D input, "
            f"got shape {x.shape}"
        )
    if not training or p == 0.0:
        return x
    lead = 2 if x.ndim == batched_ndim else 1
    mask_shape = x.shape[:lead] + (1,) * (x.ndim - lead)
    if p == 1.0:
        scale = np.zeros(mask_shape, dtype=x.dtype)
    else:
        keep = _init.get_generator(generator).random(mask_shape) >= p
        scale = (keep / (1.0 - p)).astype(x.dtype)
    return _maybe_inplace(x, inplace, who, lambda t: t * scale)


def dropout1d(
    x: TensorLike,
    p: float = 0.5,
    training: bool = True,
    inplace: bool = False,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Channel dropout of (N, C, L) or (C, L) inputs: whole channels are zeroed together."""
    return _feature_dropout(x, p, training, inplace, generator, 3, "dropout1d")


def dropout2d(
    x: TensorLike,
    p: float = 0.5,
    training: bool = True,
    inplace: bool = False,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Channel dropout of (N, C, H, W) or (C, H, W) inputs: whole feature maps are zeroed.

    >>> dropout2d(np.ones((1, 2, 1, 2)), 0.5, generator=np.random.default_rng(1)).shape
    (1, 2, 1, 2)
    """
    return _feature_dropout(x, p, training, inplace, generator, 4, "dropout2d")


def dropout3d(
    x: TensorLike,
    p: float = 0.5,
    training: bool = True,
    inplace: bool = False,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Channel dropout of (N, C, D, H, W) or (C, D, H, W) inputs."""
    return _feature_dropout(x, p, training, inplace, generator, 5, "dropout3d")


def alpha_dropout(
    x: TensorLike,
    p: float = 0.5,
    training: bool = False,
    inplace: bool = False,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Dropout for SELU networks: dropped elements take SELU's negative saturation value and
    an affine map a (x or α') + b restores zero mean and unit variance (PyTorch's alpha
    dropout); the identity when not training."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"alpha_dropout: p must be a probability in [0, 1], got {p}")
    x = to_tensor(x)
    if not training or p == 0.0:
        return x
    if p == 1.0:
        return _maybe_inplace(x, inplace, "alpha_dropout", lambda t: t * 0.0)
    saturation = -_SELU_ALPHA * _SELU_SCALE
    keep = _init.get_generator(generator).random(x.shape) >= p
    a = 1.0 / math.sqrt((saturation**2 * p + 1) * (1 - p))
    b = -a * saturation * p
    kept = keep.astype(x.dtype)
    offset = ((1.0 - kept) * saturation * a + b).astype(x.dtype)
    return _maybe_inplace(x, inplace, "alpha_dropout", lambda t: t * (kept * a) + offset)
