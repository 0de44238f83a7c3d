"""Optimisers that update parameters in place from their ``.grad``, and learning-rate schedules.

>>> import nn
>>> model = nn.Linear(3, 1)
>>> optimizer = nn.optim.Adam(model.parameters(), lr=1e-3)
>>> loss = model(np.ones((4, 3), np.float32)).sum()
>>> optimizer.zero_grad()
>>> loss.backward()
>>> optimizer.step()
>>> optimizer.state[id(model.weight)]["step"]
1
"""

from . import lr_scheduler
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adadelta, Adamax, NAdam, RAdam
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = [
    "SGD",
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "NAdam",
    "Optimizer",
    "RAdam",
    "RMSprop",
    "lr_scheduler",
]
