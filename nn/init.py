"""Parameter initialisation, with PyTorch's formulas, filled in place and seedable.

Every function draws from ``generator`` when given (a ``numpy.random.Generator``), else from
autograd's default generator (``autograd.creation.default_generator``, the one ``torch.rand``'s
counterparts draw from), which ``manual_seed`` here or ``autograd.manual_seed`` resets. Like
PyTorch's, it starts from a fixed seed, so a fresh process builds the same model every time.

>>> import nn
>>> _ = nn.init.manual_seed(0)
>>> layer = nn.Linear(3, 2)  # weights drawn from the seeded generator
>>> nn.init.zeros_(layer.bias)
Parameter containing:
Tensor([0., 0.], requires_grad=True)
"""

from __future__ import annotations

import math
from typing import TypeVar

import numpy as np

from autograd import Tensor
from autograd.creation import default_generator

Fillable = TypeVar("Fillable", Tensor, np.ndarray)
"""What an initialiser fills in place and returns: a Tensor (a Parameter) or an ndarray."""

__all__ = [
    "calculate_gain",
    "constant_",
    "get_generator",
    "kaiming_normal_",
    "kaiming_uniform_",
    "manual_seed",
    "normal_",
    "ones_",
    "uniform_",
    "xavier_normal_",
    "xavier_uniform_",
    "zeros_",
]


def manual_seed(seed: int) -> np.random.Generator:
    """Reset the generator used by initialisation and dropout; returns it.

    The same as ``autograd.manual_seed`` (one default generator serves both), except that this
    returns the ``numpy.random.Generator`` that the initialisers draw from.

    >>> from nn import Linear
    >>> _ = manual_seed(42)
    >>> first = Linear(2, 2).weight.data.copy()
    >>> _ = manual_seed(42)
    >>> np.array_equal(first, Linear(2, 2).weight.data)
    True
    """
    return default_generator.manual_seed(seed).numpy_generator


def get_generator(generator: np.random.Generator | None = None) -> np.random.Generator:
    """``generator`` if given, else the default generator's (the one ``manual_seed`` resets).

    >>> rng = np.random.default_rng(1)
    >>> get_generator(rng) is rng, get_generator() is get_generator()
    (True, True)
    """
    return default_generator.numpy_generator if generator is None else generator


def calculate_gain(nonlinearity: str = "leaky_relu", param: float | None = None) -> float:
    """The recommended gain for a nonlinearity (PyTorch's table): relu sqrt(2), tanh 5/3,
    leaky_relu sqrt(2 / (1 + slope^2)), linear and sigmoid 1.

    >>> calculate_gain("relu")
    1.4142...
    """
    if nonlinearity in ("linear", "identity", "sigmoid", "conv1d", "conv2d"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1.0 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4.0
    raise ValueError(
        f"calculate_gain: unknown nonlinearity {nonlinearity!r}; use one of linear, "
        f"sigmoid, tanh, relu, leaky_relu, selu"
    )


def _fans(shape: tuple[int, ...], who: str) -> tuple[int, int]:
    """(fan_in, fan_out): weight (out, in, *kernel) -> (in * k, out * k)."""
    if len(shape) < 2:
        raise ValueError(
            f"{who}: fan in and fan out need a tensor with at least 2 dimensions, got shape {shape}"
        )
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def _fill(tensor: Fillable, values: np.ndarray | float) -> Fillable:
    """Write ``values`` into the tensor's array in place (an init is not part of any graph)."""
    array = tensor.data if isinstance(tensor, Tensor) else tensor
    array[...] = values
    if isinstance(tensor, Tensor):
        tensor._count_change()
    return tensor


def uniform_(
    tensor: Fillable,
    a: float = 0.0,
    b: float = 1.0,
    generator: np.random.Generator | None = None,
) -> Fillable:
    """Fill with U(a, b).

    >>> bool(np.all(uniform_(np.zeros(5), -0.1, 0.1) <= 0.1))
    True
    """
    return _fill(tensor, get_generator(generator).uniform(a, b, size=np.shape(tensor)))


def normal_(
    tensor: Fillable,
    mean: float = 0.0,
    std: float = 1.0,
    generator: np.random.Generator | None = None,
) -> Fillable:
    """Fill with N(mean, std^2).

    >>> round(float(normal_(np.zeros(10_000), mean=3.0, std=0.1).mean()), 1)
    3.0
    """
    return _fill(tensor, get_generator(generator).normal(mean, std, size=np.shape(tensor)))


def constant_(tensor: Fillable, value: float) -> Fillable:
    """Fill with ``value``.

    >>> constant_(np.zeros(2), 0.5)
    array([0.5, 0.5])
    """
    return _fill(tensor, value)


def zeros_(tensor: Fillable) -> Fillable:
    """Fill with 0.

    >>> zeros_(np.ones(2))
    array([0., 0.])
    """
    return _fill(tensor, 0)


def ones_(tensor: Fillable) -> Fillable:
    """Fill with 1.

    >>> ones_(np.zeros(2))
    array([1., 1.])
    """
    return _fill(tensor, 1)


def kaiming_uniform_(
    tensor: Fillable,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: np.random.Generator | None = None,
) -> Fillable:
    """He initialisation: U(-bound, bound), bound = gain * sqrt(3 / fan).

    With ``a=sqrt(5)`` (what ``Linear`` uses) the bound is 1 / sqrt(fan_in).

    >>> weight = kaiming_uniform_(np.zeros((8, 4)), a=math.sqrt(5))
    >>> bool(np.abs(weight).max() <= 0.5)  # 1 / sqrt(4)
    True
    """
    fan = _fan(tensor, mode, "kaiming_uniform_")
    if fan == 0:
        return tensor  # no elements to fill (as PyTorch: initialising them is a no-op)
    bound = math.sqrt(3.0) * calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return uniform_(tensor, -bound, bound, generator=generator)


def kaiming_normal_(
    tensor: Fillable,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: np.random.Generator | None = None,
) -> Fillable:
    """He initialisation: N(0, std^2), std = gain / sqrt(fan).

    >>> weight = kaiming_normal_(np.zeros((1000, 50)), nonlinearity="relu")
    >>> round(float(weight.std()), 2)  # sqrt(2 / 50)
    0.2
    """
    fan = _fan(tensor, mode, "kaiming_normal_")
    if fan == 0:
        return tensor  # no elements to fill (as PyTorch: initialising them is a no-op)
    return normal_(
        tensor, 0.0, calculate_gain(nonlinearity, a) / math.sqrt(fan), generator=generator
    )


def xavier_uniform_(
    tensor: Fillable, gain: float = 1.0, generator: np.random.Generator | None = None
) -> Fillable:
    """Glorot initialisation: U(-bound, bound), bound = gain * sqrt(6 / (fan_in + fan_out)).

    >>> bool(np.abs(xavier_uniform_(np.zeros((3, 3)))).max() <= 1.0)  # sqrt(6 / 6)
    True
    """
    fan_in, fan_out = _fans(np.shape(tensor), "xavier_uniform_")
    if fan_in + fan_out == 0:
        return tensor  # no elements to fill (as PyTorch: initialising them is a no-op)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator=generator)


def xavier_normal_(
    tensor: Fillable, gain: float = 1.0, generator: np.random.Generator | None = None
) -> Fillable:
    """Glorot initialisation: N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out)).

    >>> round(float(xavier_normal_(np.zeros((1000, 1000))).std()), 3)  # sqrt(2 / 2000)
    0.032
    """
    fan_in, fan_out = _fans(np.shape(tensor), "xavier_normal_")
    if fan_in + fan_out == 0:
        return tensor  # no elements to fill (as PyTorch: initialising them is a no-op)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), generator=generator)


def _fan(tensor: Tensor | np.ndarray, mode: str, who: str) -> int:
    fan_in, fan_out = _fans(np.shape(tensor), who)
    if mode == "fan_in":
        return fan_in
    if mode == "fan_out":
        return fan_out
    raise ValueError(f"{who}: mode must be 'fan_in' or 'fan_out', got {mode!r}")
