"""Loss modules: thin wrappers that hold the settings and call ``nn.functional``.

>>> criterion = CrossEntropyLoss(label_smoothing=0.1)
>>> loss = criterion(model(images), labels)
"""

from __future__ import annotations

from . import functional
from .module import Module

__all__ = ["BCEWithLogitsLoss", "CrossEntropyLoss", "MSELoss", "NLLLoss"]


class _Loss(Module):
    def __init__(self, reduction: str = "mean"):
        super().__init__()
        functional._check_reduction(reduction, type(self).__name__)
        self.reduction = reduction

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}"


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy of logits (N, C) against class indices (N,) or probabilities (N, C);
    see ``nn.functional.cross_entropy`` for the formula, ``label_smoothing`` and ``ignore_index``.
    """

    def __init__(
        self, reduction: str = "mean", label_smoothing: float = 0.0, ignore_index: int = -100
    ):
        super().__init__(reduction)
        self.label_smoothing = label_smoothing
        self.ignore_index = ignore_index

    def forward(self, logits, target):
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
    """Negative log-likelihood of log-probabilities (N, C) against class indices (N,)."""

    def __init__(self, reduction: str = "mean", ignore_index: int = -100):
        super().__init__(reduction)
        self.ignore_index = ignore_index

    def forward(self, log_probs, target):
        return functional.nll_loss(
            log_probs, target, reduction=self.reduction, ignore_index=self.ignore_index
        )


class MSELoss(_Loss):
    """Mean squared error, mean((input - target)^2)."""

    def forward(self, prediction, target):
        return functional.mse_loss(prediction, target, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on logits, computed stably (see the functional form)."""

    def forward(self, logits, target):
        return functional.binary_cross_entropy_with_logits(logits, target, reduction=self.reduction)
