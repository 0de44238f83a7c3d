"""graphgrad's neural-network package: modules, layers, losses, optimisers, data and saving.

Every layer and loss is a composition of the engine's primitive ops; none has a hand-written
backward.

>>> import nn
>>> images, labels = np.zeros((8, 64), np.float32), np.arange(8) % 10
>>> model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
>>> optimizer = nn.optim.Adam(model.parameters(), lr=1e-3)
>>> loss = nn.CrossEntropyLoss()(model(images), labels)
>>> optimizer.zero_grad()
>>> loss.backward()
>>> optimizer.step()
>>> model[0].weight.grad.shape
(128, 64)
"""

from . import functional, init, optim
from .init import manual_seed
from .layers import (
    BatchNorm1d,
    Conv2d,
    Dropout,
    Flatten,
    Identity,
    Linear,
    LogSoftmax,
    MaxPool2d,
    ReLU,
    Sigmoid,
    Softmax,
    Tanh,
)
from .losses import BCEWithLogitsLoss, CrossEntropyLoss, MSELoss, NLLLoss
from .module import Module, ModuleDict, ModuleList, Parameter, Sequential
from .serialization import SerializationError, load, save

__all__ = [
    "BCEWithLogitsLoss",
    "BatchNorm1d",
    "Conv2d",
    "CrossEntropyLoss",
    "Dropout",
    "Flatten",
    "Identity",
    "Linear",
    "LogSoftmax",
    "MSELoss",
    "MaxPool2d",
    "Module",
    "ModuleDict",
    "ModuleList",
    "NLLLoss",
    "Parameter",
    "ReLU",
    "Sequential",
    "SerializationError",
    "Sigmoid",
    "Softmax",
    "Tanh",
    "functional",
    "init",
    "load",
    "manual_seed",
    "optim",
    "save",
]
