"""Normalisation layers: layer, group, batch and instance norm, as PyTorch has them.

Each is a composition of the engine's primitives (mean, subtract, multiply, rsqrt), so the
gradients, second derivatives included, come from the graph:

    y = (x - mean) / sqrt(var + eps) * weight + bias

with the mean and the biased variance taken over the last dimensions (``layer_norm``), over
the channels of each group (``group_norm``), over the batch and the spatial dimensions
(``batch_norm``) or over the spatial dimensions alone (``instance_norm``).

>>> import nn
>>> from autograd import Tensor
>>> x = Tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]])
>>> nn.LayerNorm(3)(x).data.round(4)
array([[-1.2247,  0.    ,  1.2247],
       [-1.2247,  0.    ,  1.2247]], dtype=float32)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from autograd import Tensor, get_default_dtype, no_grad
from autograd.tensor import to_tensor

from . import init
from .module import Module, Parameter

__all__ = [
    "BatchNorm1d",
    "BatchNorm2d",
    "BatchNorm3d",
    "GroupNorm",
    "InstanceNorm1d",
    "InstanceNorm2d",
    "LayerNorm",
    "batch_norm",
    "group_norm",
    "instance_norm",
    "layer_norm",
]

TensorLike = Tensor | ArrayLike
RunningStat = Tensor | np.ndarray


def _filled(shape: tuple[int, ...], value: float, dtype: DTypeLike | None) -> np.ndarray:
    return np.full(shape, value, dtype=get_default_dtype() if dtype is None else np.dtype(dtype))


def _normalize(x: Tensor, axes: tuple[int, ...], eps: float) -> tuple[Tensor, Tensor, Tensor]:
    """(x - mean) / sqrt(var + eps) over ``axes``, with the mean and the biased variance (both
    kept with size-1 axes, returned too)."""
    mean = x.mean(axis=axes, keepdims=True)
    centered = x - mean
    var = (centered * centered).mean(axis=axes, keepdims=True)
    return centered * (var + eps).rsqrt(), mean, var


def _affine(
    x: Tensor, weight: TensorLike | None, bias: TensorLike | None, shape: tuple[int, ...]
) -> Tensor:
    """x * weight + bias, each reshaped to ``shape`` to broadcast (either may be None)."""
    if weight is not None:
        x = x * to_tensor(weight).reshape(*shape)
    if bias is not None:
        x = x + to_tensor(bias).reshape(*shape)
    return x


def _check_parameter(value: TensorLike | None, shape: tuple[int, ...], name: str, who: str) -> None:
    if value is None:
        return
    found = tuple(np.shape(value.data if isinstance(value, Tensor) else value))
    if found != shape:
        raise ValueError(f"{who}: expected {name} of shape {shape}, got {found}")


def _affine_parameters(
    module: Module, shape: tuple[int, ...], affine: bool, bias: bool, dtype: DTypeLike | None
) -> None:
    """Register ``weight`` (ones) and ``bias`` (zeros) of ``shape`` on ``module``, or None
    in their place (``affine=False``; ``bias=False`` drops the bias only)."""
    module.register_parameter("weight", Parameter(_filled(shape, 1.0, dtype)) if affine else None)
    module.register_parameter(
        "bias", Parameter(_filled(shape, 0.0, dtype)) if affine and bias else None
    )


# ---------------------------------------------------------------------------- layer norm
def _as_shape(normalized_shape: int | Sequence[int]) -> tuple[int, ...]:
    if isinstance(normalized_shape, (int, np.integer)):
        return (int(normalized_shape),)
    return tuple(int(size) for size in normalized_shape)


def layer_norm(
    input: TensorLike,  # noqa: A002 (PyTorch's name)
    normalized_shape: int | Sequence[int],
    weight: TensorLike | None = None,
    bias: TensorLike | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise over the last ``len(normalized_shape)`` dimensions (as
    ``torch.nn.functional.layer_norm``), then scale by ``weight`` and shift by ``bias`` (both
    of shape ``normalized_shape``).

    >>> layer_norm([[0.0, 2.0]], (2,)).data.round(4)
    array([[-1.,  1.]], dtype=float32)
    """
    x = to_tensor(input)
    shape = _as_shape(normalized_shape)
    if not shape or x.shape[x.ndim - len(shape) :] != shape or len(shape) > x.ndim:
        raise ValueError(
            f"layer_norm: given normalized_shape={list(shape)}, expected an input of shape "
            f"[*, {', '.join(map(str, shape))}], but got an input of shape {x.shape}"
        )
    _check_parameter(weight, shape, "weight", "layer_norm")
    _check_parameter(bias, shape, "bias", "layer_norm")
    axes = tuple(range(x.ndim - len(shape), x.ndim))
    normalized, _, _ = _normalize(x, axes, eps)
    return _affine(normalized, weight, bias, shape)


class LayerNorm(Module):
    """Layer normalisation over the last dimensions, ``normalized_shape`` (as
    ``torch.nn.LayerNorm``): ``weight`` (ones) and ``bias`` (zeros) of that shape when
    ``elementwise_affine``; ``bias=False`` leaves the shift out.

    >>> layer = LayerNorm(4)
    >>> [name for name, _ in layer.named_parameters()]
    ['weight', 'bias']
    >>> layer
    LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)
    """

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        dtype: DTypeLike | None = None,
    ) -> None:
        super().__init__()
        self.normalized_shape = _as_shape(normalized_shape)
        self.eps = float(eps)
        self.elementwise_affine = bool(elementwise_affine)
        _affine_parameters(self, self.normalized_shape, self.elementwise_affine, bias, dtype)

    def reset_parameters(self) -> None:
        """Weight to ones, bias to zeros.

        >>> layer = LayerNorm(2)
        >>> layer.weight.data[:] = 5.0
        >>> layer.reset_parameters()
        >>> layer.weight.data
        array([1., 1.], dtype=float32)
        """
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def forward(self, x: TensorLike) -> Tensor:
        return layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, "
            f"elementwise_affine={self.elementwise_affine}, "
            f"bias={self.bias is not None}"
        )


# ---------------------------------------------------------------------------- group norm
def group_norm(
    input: TensorLike,  # noqa: A002 (PyTorch's name)
    num_groups: int,
    weight: TensorLike | None = None,
    bias: TensorLike | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Split the channels of an (N, C, *) input into ``num_groups`` groups and normalise each
    group of each sample (as ``torch.nn.functional.group_norm``); ``weight``/``bias``: (C,).

    >>> group_norm([[[1.0], [3.0], [0.0], [10.0]]], 2).data.round(3).ravel()
    array([-1.,  1., -1.,  1.], dtype=float32)
    """
    x = to_tensor(input)
    if x.ndim < 2:
        raise ValueError(f"group_norm: expected an input of shape (N, C, *), got {x.shape}")
    channels = x.shape[1]
    if num_groups < 1 or channels % num_groups:
        raise ValueError(
            f"group_norm: expected the number of channels to be divisible by num_groups, got "
            f"an input of shape {x.shape} and num_groups={num_groups}"
        )
    _check_parameter(weight, (channels,), "weight", "group_norm")
    _check_parameter(bias, (channels,), "bias", "group_norm")
    group_size = channels // num_groups * math.prod(x.shape[2:])
    grouped = x.reshape(x.shape[0], num_groups, group_size)
    normalized, _, _ = _normalize(grouped, (2,), eps)
    channel_shape = (channels,) + (1,) * (x.ndim - 2)
    return _affine(normalized.reshape(*x.shape), weight, bias, channel_shape)


class GroupNorm(Module):
    """Group normalisation (as ``torch.nn.GroupNorm``): ``num_channels`` split into
    ``num_groups``; per-channel ``weight`` (ones) and ``bias`` (zeros) when ``affine``.

    >>> GroupNorm(2, 4)(np.ones((3, 4, 5), np.float32)).shape
    (3, 4, 5)
    """

    def __init__(
        self,
        num_groups: int,
        num_channels: int,
        eps: float = 1e-5,
        affine: bool = True,
        dtype: DTypeLike | None = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        if num_groups < 1 or num_channels % num_groups:
            raise ValueError(
                f"GroupNorm: num_channels must be divisible by num_groups, got "
                f"num_channels={num_channels} and num_groups={num_groups}"
            )
        self.num_groups, self.num_channels = int(num_groups), int(num_channels)
        self.eps, self.affine = float(eps), bool(affine)
        _affine_parameters(self, (self.num_channels,), self.affine, bias, dtype)

    def forward(self, x: TensorLike) -> Tensor:
        x = to_tensor(x)
        if x.ndim < 2 or x.shape[1] != self.num_channels:
            raise ValueError(
                f"GroupNorm: expected an input of shape (N, {self.num_channels}, *), got {x.shape}"
            )
        return group_norm(x, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
            f"bias={self.bias is not None}"
        )


# ---------------------------------------------------------------------------- batch norm
def _update_running(running: RunningStat, batch: np.ndarray, factor: float) -> None:
    """running = (1 - factor) * running + factor * batch, in place (no graph)."""
    if isinstance(running, Tensor):
        with no_grad():
            running *= 1.0 - factor
            running += (factor * batch).astype(running.dtype, copy=False)
    else:
        running *= 1.0 - factor
        running += factor * batch


def _stat(value: RunningStat) -> np.ndarray:
    return value.data if isinstance(value, Tensor) else np.asarray(value)


def batch_norm(
    input: TensorLike,  # noqa: A002 (PyTorch's name)
    running_mean: RunningStat | None,
    running_var: RunningStat | None,
    weight: TensorLike | None = None,
    bias: TensorLike | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Batch normalisation of an (N, C, *) input per channel (as
    ``torch.nn.functional.batch_norm``).

    Training: the batch's mean and biased variance over every dimension but C, and, when given,
    ``running_mean``/``running_var`` are updated in place with ``momentum`` (the variance's update
    uses the unbiased batch variance, as PyTorch's). Otherwise the running statistics are used,
    as constants.

    >>> mean, var = np.zeros(1, np.float32), np.ones(1, np.float32)
    >>> batch_norm([[1.0], [3.0]], mean, var, training=True).data.ravel()
    array([-0.999995,  0.999995], dtype=float32)
    >>> mean, var  # 0.9 * old + 0.1 * batch (variance unbiased: 2)
    (array([0.2], dtype=float32), array([1.1], dtype=float32))
    """
    x = to_tensor(input)
    if x.ndim < 2:
        raise ValueError(f"batch_norm: expected an input of shape (N, C, *), got {x.shape}")
    channels = x.shape[1]
    channel_shape = (channels,) + (1,) * (x.ndim - 2)
    for value, name in ((running_mean, "running_mean"), (running_var, "running_var")):
        _check_parameter(value, (channels,), name, "batch_norm")
    _check_parameter(weight, (channels,), "weight", "batch_norm")
    _check_parameter(bias, (channels,), "bias", "batch_norm")
    if training:
        count = x.size // channels if channels else 0
        if count < 2:
            raise ValueError(
                f"batch_norm: expected more than 1 value per channel when training, got input "
                f"of shape {x.shape}"
            )
        axes = (0, *range(2, x.ndim))
        normalized, mean, var = _normalize(x, axes, eps)
        if running_mean is not None:
            _update_running(running_mean, mean.data.reshape(-1), momentum)
        if running_var is not None:
            _update_running(running_var, var.data.reshape(-1) * (count / (count - 1)), momentum)
    else:
        if running_mean is None or running_var is None:
            raise ValueError(
                "batch_norm: running_mean and running_var are needed when not training "
                "(training=False normalises with them)"
            )
        mean_data = _stat(running_mean).reshape(channel_shape)
        scale = 1.0 / np.sqrt(_stat(running_var).reshape(channel_shape) + eps)
        normalized = (x - mean_data.astype(x.dtype, copy=False)) * scale.astype(x.dtype, copy=False)
    return _affine(normalized, weight, bias, channel_shape)


class _BatchNorm(Module):
    """What BatchNorm1d/2d/3d share: parameters, running statistics, the momentum rule; the
    subclasses only say which input ranks they accept."""

    _ranks: tuple[int, ...] = ()
    _expected: str = ""

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        dtype: DTypeLike | None = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        self.num_features = int(num_features)
        self.eps = float(eps)
        self.momentum = momentum
        self.affine = bool(affine)
        self.track_running_stats = bool(track_running_stats)
        shape = (self.num_features,)
        _affine_parameters(self, shape, self.affine, bias, dtype)
        if self.track_running_stats:
            self.register_buffer("running_mean", _filled(shape, 0.0, dtype))
            self.register_buffer("running_var", _filled(shape, 1.0, dtype))
            self.register_buffer("num_batches_tracked", np.zeros((), dtype=np.int64))
        else:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                self.register_buffer(name, None)

    def reset_running_stats(self) -> None:
        """Running mean 0, running variance 1, no batches counted.

        >>> layer = BatchNorm1d(1)
        >>> _ = layer(np.array([[1.0], [3.0]], np.float32))
        >>> layer.reset_running_stats()
        >>> layer.running_mean, layer.num_batches_tracked
        (Tensor([0.]), Tensor(0, dtype=int64))
        """
        if self.track_running_stats:
            init.zeros_(self.running_mean)
            init.ones_(self.running_var)
            init.zeros_(self.num_batches_tracked)

    def reset_parameters(self) -> None:
        """Reset the running statistics, the weight to ones and the bias to zeros.

        >>> layer = BatchNorm2d(2)
        >>> layer.bias.data[:] = 3.0
        >>> layer.reset_parameters()
        >>> layer.bias.data
        array([0., 0.], dtype=float32)
        """
        self.reset_running_stats()
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def forward(self, x: TensorLike) -> Tensor:
        x = to_tensor(x)
        name = type(self).__name__
        if x.ndim not in self._ranks:
            raise ValueError(f"{name}: expected {self._expected} input, got shape {x.shape}")
        if x.shape[1] != self.num_features:
            raise ValueError(
                f"{name}: expected {self.num_features} channels (num_features) in dimension 1, "
                f"got input of shape {x.shape}"
            )
        if self.training and x.size // max(self.num_features, 1) < 2:
            raise ValueError(
                f"{name}: expected more than 1 value per channel when training, got input of "
                f"shape {x.shape}"
            )
        factor = 0.0 if self.momentum is None else float(self.momentum)
        if self.training and self.track_running_stats:
            with no_grad():
                self.num_batches_tracked += 1
            if self.momentum is None:  # a cumulative average
                factor = 1.0 / float(self.num_batches_tracked.data)
        use_batch = self.training or not self.track_running_stats
        keep_stats = not self.training or self.track_running_stats
        return batch_norm(
            x,
            self.running_mean if keep_stats else None,
            self.running_var if keep_stats else None,
            self.weight,
            self.bias,
            use_batch,
            factor,
            self.eps,
        )

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, bias={self.bias is not None}, "
            f"track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalisation over (N, C) or (N, C, L) inputs, per channel C (as
    ``torch.nn.BatchNorm1d``):

        y = (x - mean) / sqrt(var + eps) * weight + bias

    In training the batch's mean and biased variance are used, and the running statistics are
    updated as PyTorch does (the running variance uses the unbiased batch variance):

        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var  = (1 - momentum) * running_var  + momentum * var * n / (n - 1)

    In eval mode the running statistics are used. ``momentum=None`` gives a cumulative average;
    ``track_running_stats=False`` always uses the batch's statistics and keeps no buffers.

    >>> layer = BatchNorm1d(2)
    >>> out = layer(np.array([[1.0, 10.0], [3.0, 30.0]], np.float32))
    >>> out.data.round(3)  # each column to mean 0, variance 1
    array([[-1., -1.],
           [ 1.,  1.]], dtype=float32)
    >>> layer.running_mean  # 0.9 * 0 + 0.1 * batch mean
    Tensor([0.2, 2. ])
    """

    _ranks = (2, 3)
    _expected = "a 2-D (N, C) or 3-D (N, C, L)"


class BatchNorm2d(_BatchNorm):
    """Batch normalisation over (N, C, H, W) inputs, per channel (as ``torch.nn.BatchNorm2d``;
    the same rule as ``BatchNorm1d``).

    >>> layer = BatchNorm2d(3)
    >>> layer(np.random.default_rng(0).normal(size=(2, 3, 4, 4))).shape
    (2, 3, 4, 4)
    >>> [name for name, _ in layer.named_buffers()]
    ['running_mean', 'running_var', 'num_batches_tracked']
    """

    _ranks = (4,)
    _expected = "a 4-D (N, C, H, W)"


class BatchNorm3d(_BatchNorm):
    """Batch normalisation over (N, C, D, H, W) inputs, per channel (as
    ``torch.nn.BatchNorm3d``).

    >>> BatchNorm3d(2)(np.ones((2, 2, 1, 2, 2), np.float32)).shape
    (2, 2, 1, 2, 2)
    """

    _ranks = (5,)
    _expected = "a 5-D (N, C, D, H, W)"


# ---------------------------------------------------------------------------- instance norm
def instance_norm(
    input: TensorLike,  # noqa: A002 (PyTorch's name)
    running_mean: RunningStat | None = None,
    running_var: RunningStat | None = None,
    weight: TensorLike | None = None,
    bias: TensorLike | None = None,
    use_input_stats: bool = True,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each channel of each sample of an (N, C, *) input over its spatial dimensions
    (as ``torch.nn.functional.instance_norm``); with ``use_input_stats=False`` the running
    statistics are used instead. Given running statistics are updated with the average over the
    batch of the per-sample statistics.

    >>> instance_norm([[[1.0, 3.0]]]).data.round(3)
    array([[[-1.,  1.]]], dtype=float32)
    """
    x = to_tensor(input)
    if x.ndim < 3:
        raise ValueError(f"instance_norm: expected an input of shape (N, C, L, ...), got {x.shape}")
    batch, channels = x.shape[:2]
    channel_shape = (channels,) + (1,) * (x.ndim - 2)
    _check_parameter(weight, (channels,), "weight", "instance_norm")
    _check_parameter(bias, (channels,), "bias", "instance_norm")
    if not use_input_stats:
        normalized = batch_norm(x, running_mean, running_var, training=False, eps=eps)
        return _affine(normalized, weight, bias, channel_shape)
    count = math.prod(x.shape[2:])
    if count < 2:
        raise ValueError(
            f"instance_norm: expected more than 1 spatial element, got input of shape {x.shape}"
        )
    normalized, mean, var = _normalize(x, tuple(range(2, x.ndim)), eps)
    if running_mean is not None:
        _update_running(running_mean, mean.data.reshape(batch, channels).mean(0), momentum)
    if running_var is not None:
        unbiased = var.data.reshape(batch, channels) * (count / (count - 1))
        _update_running(running_var, unbiased.mean(0), momentum)
    return _affine(normalized, weight, bias, channel_shape)


class _InstanceNorm(_BatchNorm):
    """InstanceNorm1d/2d: as PyTorch's, ``affine=False`` and ``track_running_stats=False`` by
    default; an unbatched input (no N) is accepted."""

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = False,
        track_running_stats: bool = False,
        dtype: DTypeLike | None = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, dtype, bias=bias)

    def forward(self, x: TensorLike) -> Tensor:
        x = to_tensor(x)
        name = type(self).__name__
        original = x.shape
        unbatched = x.ndim == self._ranks[0] - 1
        if unbatched:
            x = x.unsqueeze(0)
        if x.ndim != self._ranks[0] or x.shape[1] != self.num_features:
            raise ValueError(
                f"{name}: expected {self._expected} input with {self.num_features} channels, "
                f"got shape {original}"
            )
        use_input_stats = self.training or not self.track_running_stats
        out = instance_norm(
            x,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            use_input_stats,
            0.0 if self.momentum is None else float(self.momentum),
            self.eps,
        )
        return out.squeeze(0) if unbatched else out


class InstanceNorm1d(_InstanceNorm):
    """Instance normalisation over (N, C, L) or (C, L) inputs (as ``torch.nn.InstanceNorm1d``).

    >>> InstanceNorm1d(2)(np.arange(8.0).reshape(1, 2, 4)).data.round(3)
    array([[[-1.342, -0.447,  0.447,  1.342],
            [-1.342, -0.447,  0.447,  1.342]]])
    """

    _ranks = (3,)
    _expected = "a 3-D (N, C, L) or 2-D (C, L)"


class InstanceNorm2d(_InstanceNorm):
    """Instance normalisation over (N, C, H, W) or (C, H, W) inputs (as
    ``torch.nn.InstanceNorm2d``).

    >>> InstanceNorm2d(1)(np.ones((2, 1, 3, 3), np.float32)).shape
    (2, 1, 3, 3)
    """

    _ranks = (4,)
    _expected = "a 4-D (N, C, H, W) or 3-D (C, H, W)"
