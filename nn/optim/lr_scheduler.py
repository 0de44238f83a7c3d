"""Learning-rate schedules: call ``scheduler.step()`` once per epoch, after ``optimizer.step()``.

>>> from autograd import Tensor
>>> from nn.optim import SGD
>>> optimizer = SGD([Tensor([1.0], requires_grad=True)], lr=1.0)
>>> scheduler = StepLR(optimizer, step_size=10, gamma=0.5)
>>> for epoch in range(30):
...     pass  # train one epoch: optimizer.step() for each batch
...     scheduler.step()
>>> scheduler.get_last_lr()  # 1.0 * 0.5 ** (30 // 10)
[0.125]
"""

from __future__ import annotations

import math
from typing import Any

from .optimizer import Optimizer

__all__ = ["CosineAnnealingLR", "LRScheduler", "StepLR"]


class LRScheduler:
    """Sets each group's ``lr`` from its initial value and the epoch count ``last_epoch``;
    subclasses define the schedule, ``lr_at``. Constructing one sets the epoch-0 rate.

    >>> from autograd import Tensor
    >>> from nn.optim import SGD
    >>> class Halving(LRScheduler):
    ...     def lr_at(self, base_lr, epoch):
    ...         return base_lr / 2**epoch
    >>> scheduler = Halving(SGD([Tensor([1.0], requires_grad=True)], lr=1.0))
    >>> scheduler.step()
    >>> scheduler.get_last_lr()
    [0.5]
    """

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        self.optimizer = optimizer
        for group in optimizer.param_groups:
            if last_epoch == -1:
                group.setdefault("initial_lr", group["lr"])
            elif "initial_lr" not in group:
                raise KeyError(
                    f"{type(self).__name__}: resuming (last_epoch={last_epoch}) needs "
                    f"'initial_lr' in every parameter group"
                )
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self.step()

    def lr_at(self, base_lr: float, epoch: int) -> float:  # pragma: no cover - interface
        """The learning rate of a group that started at ``base_lr``, at ``epoch``."""
        raise NotImplementedError

    def step(self) -> None:
        """Advance one epoch and set every group's ``lr`` for it (see the class example)."""
        self.last_epoch += 1
        for group, base_lr in zip(self.optimizer.param_groups, self.base_lrs, strict=True):
            group["lr"] = self.lr_at(base_lr, self.last_epoch)
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def get_last_lr(self) -> list[float]:
        """The learning rates set by the latest ``step``, one per parameter group (see the
        module example)."""
        return list(self._last_lr)

    def state_dict(self) -> dict[str, Any]:
        """The scheduler's own settings and epoch count (not the optimizer's).

        >>> from autograd import Tensor
        >>> from nn.optim import SGD
        >>> StepLR(SGD([Tensor([1.0], requires_grad=True)], lr=1.0), step_size=5).state_dict()
        {'step_size': 5, 'gamma': 0.1, 'base_lrs': [1.0], 'last_epoch': 0, '_last_lr': [1.0]}
        """
        return {key: value for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore what ``state_dict`` returned (e.g. to resume training).

        >>> from autograd import Tensor
        >>> from nn.optim import SGD
        >>> scheduler = StepLR(SGD([Tensor([1.0], requires_grad=True)], lr=1.0), step_size=5)
        >>> scheduler.load_state_dict({"last_epoch": 7})
        >>> scheduler.last_epoch
        7
        """
        self.__dict__.update(state_dict)


class StepLR(LRScheduler):
    """lr = initial_lr * gamma ** (epoch // step_size) (see the module example).

    >>> from autograd import Tensor
    >>> from nn.optim import SGD
    >>> scheduler = StepLR(SGD([Tensor([1.0], requires_grad=True)], lr=1.0), step_size=2)
    >>> [scheduler.lr_at(1.0, epoch) for epoch in range(4)]
    [1.0, 1.0, 0.1, 0.1]
    """

    def __init__(
        self, optimizer: Optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1
    ) -> None:
        if step_size < 1:
            raise ValueError(f"StepLR: step_size must be a positive int, got {step_size}")
        self.step_size, self.gamma = int(step_size), gamma
        super().__init__(optimizer, last_epoch)

    def lr_at(self, base_lr: float, epoch: int) -> float:
        """initial_lr * gamma ** (epoch // step_size)."""
        return base_lr * self.gamma ** (epoch // self.step_size)


class CosineAnnealingLR(LRScheduler):
    """lr = eta_min + (initial_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2.

    >>> from autograd import Tensor
    >>> from nn.optim import SGD
    >>> scheduler = CosineAnnealingLR(SGD([Tensor([1.0], requires_grad=True)], lr=1.0), T_max=4)
    >>> [round(scheduler.lr_at(1.0, epoch), 3) for epoch in range(5)]
    [1.0, 0.854, 0.5, 0.146, 0.0]
    """

    def __init__(
        self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1
    ) -> None:
        if T_max < 1:
            raise ValueError(f"CosineAnnealingLR: T_max must be a positive int, got {T_max}")
        self.T_max, self.eta_min = int(T_max), eta_min
        super().__init__(optimizer, last_epoch)

    def lr_at(self, base_lr: float, epoch: int) -> float:
        """The cosine from ``base_lr`` at epoch 0 down to ``eta_min`` at ``T_max``."""
        return (
            self.eta_min
            + (base_lr - self.eta_min) * (1 + math.cos(math.pi * epoch / self.T_max)) / 2
        )
