"""Optimisers that update parameters in place from their ``.grad``, and learning-rate schedules.

>>> optimizer = nn.optim.Adam(model.parameters(), lr=1e-3)
>>> optimizer.zero_grad()
... loss.backward()
... optimizer.step()
"""

from . import lr_scheduler
from .adam import Adam, AdamW
from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["SGD", "Adam", "AdamW", "Optimizer", "lr_scheduler"]
