"""Loss modules: thin wrappers that hold the settings and call ``nn.functional``.

>>> from autograd import Tensor
>>> logits = Tensor([[2.0, 0.0, 0.0]], requires_grad=True)
>>> loss = CrossEntropyLoss()(logits, [0])  # -log(e^2 / (e^2 + 2))
>>> loss.item()
0.2395...
"""

from __future__ import annotations

from autograd import Tensor

from . import functional
from .functional import TensorLike
from .module import Module

__all__ = ["BCEWithLogitsLoss", "CrossEntropyLoss", "MSELoss", "NLLLoss"]


class _Loss(Module):
    """What every loss holds: ``reduction``, one of ``"mean"``, ``"sum"``, ``"none"``."""

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        functional._check_reduction(reduction, type(self).__name__)
        self.reduction = reduction

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}"


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy of logits (N, C) against class indices (N,) or probabilities (N, C);
    see ``nn.functional.cross_entropy`` for the formula, ``label_smoothing`` and ``ignore_index``.

    >>> criterion = CrossEntropyLoss(reduction="none")
    >>> criterion(np.zeros((2, 4), np.float32), [1, 3])  # log 4 each
    Tensor([1.3863, 1.3863])
    >>> CrossEntropyLoss(label_smoothing=0.1)
    CrossEntropyLoss(reduction='mean', label_smoothing=0.1)
    """

    def __init__(
        self, reduction: str = "mean", label_smoothing: float = 0.0, ignore_index: int = -100
    ) -> None:
        super().__init__(reduction)
        self.label_smoothing = label_smoothing
        self.ignore_index = ignore_index

    def forward(self, logits: TensorLike, target: TensorLike) -> Tensor:
        return functional.cross_entropy(
            logits,
            target,
            reduction=self.reduction,
            label_smoothing=self.label_smoothing,
            ignore_index=self.ignore_index,
        )

    def extra_repr(self) -> str:
        extra = super().extra_repr()
        if self.label_smoothing:
            extra += f", label_smoothing={self.label_smoothing}"
        if self.ignore_index != -100:
            extra += f", ignore_index={self.ignore_index}"
        return extra


class NLLLoss(_Loss):
    """Negative log-likelihood of log-probabilities (N, C) against class indices (N,).

    >>> NLLLoss()(np.log([[0.5, 0.5]]), [1])  # -log 0.5; float64, as np.log made it
    Tensor(0.6931, dtype=float64)
    """

    def __init__(self, reduction: str = "mean", ignore_index: int = -100) -> None:
        super().__init__(reduction)
        self.ignore_index = ignore_index

    def forward(self, log_probs: TensorLike, target: TensorLike) -> Tensor:
        return functional.nll_loss(
            log_probs, target, reduction=self.reduction, ignore_index=self.ignore_index
        )


class MSELoss(_Loss):
    """Mean squared error, mean((input - target)^2).

    >>> MSELoss(reduction="sum")([1.0, 2.0], [1.0, 4.0])
    Tensor(4.)
    """

    def forward(self, prediction: TensorLike, target: TensorLike) -> Tensor:
        return functional.mse_loss(prediction, target, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on logits, computed stably (see the functional form).

    >>> BCEWithLogitsLoss()([0.0], [1.0])  # log 2
    Tensor(0.6931)
    """

    def forward(self, logits: TensorLike, target: TensorLike) -> Tensor:
        return functional.binary_cross_entropy_with_logits(logits, target, reduction=self.reduction)
