"""Loss modules: thin wrappers that hold the settings and call ``nn.functional``.

>>> from autograd import Tensor
>>> logits = Tensor([[2.0, 0.0, 0.0]], requires_grad=True)
>>> loss = CrossEntropyLoss()(logits, [0])  # -log(e^2 / (e^2 + 2))
>>> loss.item()
0.2395...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from autograd import Tensor

from . import functional
from .functional import TensorLike
from .module import Module

__all__ = [
    "BCELoss",
    "BCEWithLogitsLoss",
    "CosineEmbeddingLoss",
    "CrossEntropyLoss",
    "GaussianNLLLoss",
    "HingeEmbeddingLoss",
    "HuberLoss",
    "KLDivLoss",
    "L1Loss",
    "MSELoss",
    "MarginRankingLoss",
    "MultiLabelSoftMarginLoss",
    "MultiMarginLoss",
    "NLLLoss",
    "PoissonNLLLoss",
    "SmoothL1Loss",
    "SoftMarginLoss",
    "TripletMarginLoss",
]


class _Loss(Module):
    """What every loss holds: ``reduction``, one of ``"mean"``, ``"sum"``, ``"none"``."""

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        functional._check_reduction(reduction, type(self).__name__)
        self.reduction = reduction

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}"


class _WeightedLoss(_Loss):
    """A loss with an optional ``weight``, kept as a buffer (saved in ``state_dict``, moved
    with the module), as PyTorch does."""

    weight: Tensor | None

    def __init__(
        self,
        weight: TensorLike | str | None = None,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        weight, reduction = functional._weight_and_reduction(
            weight, size_average, reduce, reduction, type(self).__name__
        )
        super().__init__(reduction)
        self.register_buffer("weight", weight)


class CrossEntropyLoss(_WeightedLoss):
    """Softmax cross-entropy of logits (N, C) against class indices (N,) or probabilities (N, C);
    see ``nn.functional.cross_entropy`` for the formula, ``weight`` (one per class),
    ``label_smoothing`` and ``ignore_index``.

    >>> criterion = CrossEntropyLoss(reduction="none")
    >>> criterion(np.zeros((2, 4), np.float32), [1, 3])  # log 4 each
    Tensor([1.3863, 1.3863])
    >>> CrossEntropyLoss(label_smoothing=0.1)
    CrossEntropyLoss(reduction='mean', label_smoothing=0.1)
    """

    def __init__(
        self,
        weight: TensorLike | str | None = None,
        size_average: bool | None = None,
        ignore_index: int = -100,
        reduce: bool | None = None,
        reduction: str = "mean",
        label_smoothing: float = 0.0,
    ) -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.label_smoothing = label_smoothing
        self.ignore_index = ignore_index

    def forward(self, logits: TensorLike, target: TensorLike) -> Tensor:
        return functional.cross_entropy(
            logits,
            target,
            reduction=self.reduction,
            label_smoothing=self.label_smoothing,
            ignore_index=self.ignore_index,
            weight=self.weight,
        )

    def extra_repr(self) -> str:
        extra = super().extra_repr()
        if self.label_smoothing:
            extra += f", label_smoothing={self.label_smoothing}"
        if self.ignore_index != -100:
            extra += f", ignore_index={self.ignore_index}"
        return extra


class NLLLoss(_WeightedLoss):
    """Negative log-likelihood of log-probabilities (N, C) against class indices (N,); with a
    class ``weight``, 'mean' divides by the sum of the weights of the targets not ignored.

    >>> NLLLoss()(np.log([[0.5, 0.5]]), [1])  # -log 0.5; float64, as np.log made it
    Tensor(0.6931, dtype=float64)
    """

    def __init__(
        self,
        weight: TensorLike | str | None = None,
        size_average: bool | None = None,
        ignore_index: int = -100,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, log_probs: TensorLike, target: TensorLike) -> Tensor:
        return functional.nll_loss(
            log_probs,
            target,
            reduction=self.reduction,
            ignore_index=self.ignore_index,
            weight=self.weight,
        )


class MSELoss(_Loss):
    """Mean squared error, mean((input - target)^2).

    >>> MSELoss(reduction="sum")([1.0, 2.0], [1.0, 4.0])
    Tensor(4.)
    """

    def forward(self, prediction: TensorLike, target: TensorLike) -> Tensor:
        return functional.mse_loss(prediction, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Mean absolute error, mean(|input - target|).

    >>> L1Loss(reduction="sum")([1.0, 2.0], [1.5, 4.0])
    Tensor(2.5)
    """

    def forward(self, prediction: TensorLike, target: TensorLike) -> Tensor:
        return functional.l1_loss(prediction, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    """0.5 d^2 / beta where d = |input - target| < beta, else d - 0.5 beta.

    >>> SmoothL1Loss(beta=2.0)([0.0], [1.0])  # 0.5 * 1 / 2
    Tensor(0.25)
    """

    def __init__(self, reduction: str = "mean", beta: float = 1.0) -> None:
        super().__init__(reduction)
        self.beta = beta

    def forward(self, prediction: TensorLike, target: TensorLike) -> Tensor:
        return functional.smooth_l1_loss(
            prediction, target, reduction=self.reduction, beta=self.beta
        )

    def extra_repr(self) -> str:
        return f"{super().extra_repr()}, beta={self.beta}"


class HuberLoss(_Loss):
    """0.5 d^2 where d = |input - target| < delta, else delta (d - 0.5 delta).

    >>> HuberLoss(delta=0.5)([0.0], [2.0])  # 0.5 * (2 - 0.25)
    Tensor(0.875)
    """

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction)
        self.delta = delta

    def forward(self, prediction: TensorLike, target: TensorLike) -> Tensor:
        return functional.huber_loss(prediction, target, reduction=self.reduction, delta=self.delta)

    def extra_repr(self) -> str:
        return f"{super().extra_repr()}, delta={self.delta}"


class KLDivLoss(_Loss):
    """KL divergence of log-probabilities (input) from a target distribution; ``reduction``
    may also be ``"batchmean"`` (the sum over the batch size: the true KL divergence).

    >>> KLDivLoss(reduction="batchmean", log_target=True)(
    ...     np.log([[0.5, 0.5]]), np.log([[1.0, 1e-300]])
    ... )
    Tensor(0.6931, dtype=float64)
    """

    def __init__(self, reduction: str = "mean", log_target: bool = False) -> None:
        Module.__init__(self)
        functional._check_reduction(
            reduction, type(self).__name__, ("mean", "sum", "none", "batchmean")
        )
        self.reduction = reduction
        self.log_target = log_target

    def forward(self, log_probs: TensorLike, target: TensorLike) -> Tensor:
        return functional.kl_div(
            log_probs, target, reduction=self.reduction, log_target=self.log_target
        )

    def extra_repr(self) -> str:
        return f"{super().extra_repr()}, log_target={self.log_target}"


class BCELoss(_WeightedLoss):
    """Binary cross-entropy of probabilities in [0, 1], the logs clamped at -100 as PyTorch;
    ``weight`` rescales each element (broadcast to the input's shape).

    >>> BCELoss(weight=[2.0])([0.5], [0.0])  # 2 log 2
    Tensor(1.3863)
    """

    def __init__(
        self,
        weight: TensorLike | str | None = None,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(weight, size_average, reduce, reduction)

    def forward(self, probabilities: TensorLike, target: TensorLike) -> Tensor:
        return functional.binary_cross_entropy(
            probabilities, target, weight=self.weight, reduction=self.reduction
        )


class BCEWithLogitsLoss(_WeightedLoss):
    """Binary cross-entropy on logits, computed stably; ``weight`` rescales each element and
    ``pos_weight`` (one per class) the positive term (see the functional form).

    >>> BCEWithLogitsLoss()([0.0], [1.0])  # log 2
    Tensor(0.6931)
    >>> BCEWithLogitsLoss(pos_weight=[2.0])([0.0], [1.0])  # 2 log 2
    Tensor(1.3863)
    """

    pos_weight: Tensor | None

    def __init__(
        self,
        weight: TensorLike | str | None = None,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
        pos_weight: TensorLike | None = None,
    ) -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, logits: TensorLike, target: TensorLike) -> Tensor:
        return functional.binary_cross_entropy_with_logits(
            logits,
            target,
            reduction=self.reduction,
            weight=self.weight,
            pos_weight=self.pos_weight,
        )


class _PairMarginLoss(_Loss):
    """A loss of two inputs, a ``target`` of ±1 and a ``margin``: its functional form is
    ``function(input1, input2, target, margin, reduction=...)``."""

    function: ClassVar[Callable[..., Tensor]]

    def __init__(
        self,
        margin: float = 0.0,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(functional._legacy(size_average, reduce, reduction, type(self).__name__))
        self.margin = margin

    def forward(self, input1: TensorLike, input2: TensorLike, target: TensorLike) -> Tensor:
        return type(self).function(input1, input2, target, self.margin, reduction=self.reduction)


class MarginRankingLoss(_PairMarginLoss):
    """max(0, -y (x1 - x2) + margin) (see ``functional.margin_ranking_loss``).

    >>> MarginRankingLoss(margin=0.5)([1.0, 0.0], [0.0, 1.0], [1.0, 1.0])
    Tensor(0.75)
    """

    function = staticmethod(functional.margin_ranking_loss)


class HingeEmbeddingLoss(_Loss):
    """x where y = 1, max(0, margin - x) where y = -1.

    >>> HingeEmbeddingLoss()([0.3, 0.3], [1.0, -1.0])
    Tensor(0.5)
    """

    def __init__(
        self,
        margin: float = 1.0,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(functional._legacy(size_average, reduce, reduction, "HingeEmbeddingLoss"))
        self.margin = margin

    def forward(self, x: TensorLike, target: TensorLike) -> Tensor:
        return functional.hinge_embedding_loss(x, target, self.margin, reduction=self.reduction)


class SoftMarginLoss(_Loss):
    """log(1 + exp(-y x)).

    >>> SoftMarginLoss()([0.0], [1.0])
    Tensor(0.6931)
    """

    def __init__(
        self, size_average: bool | None = None, reduce: bool | None = None, reduction: str = "mean"
    ) -> None:
        super().__init__(functional._legacy(size_average, reduce, reduction, "SoftMarginLoss"))

    def forward(self, x: TensorLike, target: TensorLike) -> Tensor:
        return functional.soft_margin_loss(x, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_WeightedLoss):
    """One binary cross-entropy per class, averaged over the classes; ``weight`` per class.

    >>> MultiLabelSoftMarginLoss()([[0.0, 0.0]], [[1.0, 0.0]])
    Tensor(0.6931)
    """

    def forward(self, x: TensorLike, target: TensorLike) -> Tensor:
        return functional.multilabel_soft_margin_loss(
            x, target, self.weight, reduction=self.reduction
        )


class MultiMarginLoss(_Loss):
    """Multi-class hinge loss (see ``functional.multi_margin_loss``).

    >>> MultiMarginLoss()([[0.1, 0.2, 0.4, 0.8]], [3])
    Tensor(0.325)
    """

    weight: Tensor | None

    def __init__(
        self,
        p: int = 1,
        margin: float = 1.0,
        weight: TensorLike | None = None,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(functional._legacy(size_average, reduce, reduction, "MultiMarginLoss"))
        self.p, self.margin = p, margin
        self.register_buffer("weight", weight)

    def forward(self, x: TensorLike, target: TensorLike) -> Tensor:
        return functional.multi_margin_loss(
            x, target, self.p, self.margin, self.weight, reduction=self.reduction
        )


class CosineEmbeddingLoss(_PairMarginLoss):
    """1 - cos(x1, x2) where y = 1, max(0, cos(x1, x2) - margin) where y = -1.

    >>> CosineEmbeddingLoss()([[1.0, 0.0]], [[0.0, 1.0]], [1.0])
    Tensor(1.)
    """

    function = staticmethod(functional.cosine_embedding_loss)


class PoissonNLLLoss(_Loss):
    """Poisson negative log-likelihood (see ``functional.poisson_nll_loss``).

    >>> PoissonNLLLoss()([0.0], [1.0])
    Tensor(1.)
    """

    def __init__(
        self,
        log_input: bool = True,
        full: bool = False,
        size_average: bool | None = None,
        eps: float = 1e-8,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(functional._legacy(size_average, reduce, reduction, "PoissonNLLLoss"))
        self.log_input, self.full, self.eps = log_input, full, eps

    def forward(self, log_input: TensorLike, target: TensorLike) -> Tensor:
        return functional.poisson_nll_loss(
            log_input, target, self.log_input, self.full, eps=self.eps, reduction=self.reduction
        )


class GaussianNLLLoss(_Loss):
    """Gaussian negative log-likelihood with a predicted variance.

    >>> GaussianNLLLoss()([0.0], [0.0], [1.0])
    Tensor(0.)
    """

    def __init__(self, *, full: bool = False, eps: float = 1e-6, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.full, self.eps = full, eps

    def forward(self, x: TensorLike, target: TensorLike, var: TensorLike) -> Tensor:
        return functional.gaussian_nll_loss(
            x, target, var, self.full, self.eps, reduction=self.reduction
        )


class TripletMarginLoss(_Loss):
    """max(d(a, p) - d(a, n) + margin, 0) with the p-norm distance.

    >>> TripletMarginLoss(eps=0.0)([[0.0]], [[1.0]], [[3.0]])
    Tensor(0.)
    """

    def __init__(
        self,
        margin: float = 1.0,
        p: float = 2.0,
        eps: float = 1e-6,
        swap: bool = False,
        size_average: bool | None = None,
        reduce: bool | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(functional._legacy(size_average, reduce, reduction, "TripletMarginLoss"))
        self.margin, self.p, self.eps, self.swap = margin, p, eps, swap

    def forward(self, anchor: TensorLike, positive: TensorLike, negative: TensorLike) -> Tensor:
        return functional.triplet_margin_loss(
            anchor,
            positive,
            negative,
            self.margin,
            self.p,
            self.eps,
            self.swap,
            reduction=self.reduction,
        )
