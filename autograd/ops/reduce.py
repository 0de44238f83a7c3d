"""Reductions. Backward spreads the (small) upstream gradient back over the reduced axes."""

from __future__ import annotations

import math

import numpy as np

from .base import Op, constant


def _kept_shape(in_shape: tuple, axis) -> tuple:
    """The shape of the reduction's result with keepdims=True."""
    if axis is None:
        return (1,) * len(in_shape)
    return tuple(1 if i in axis else size for i, size in enumerate(in_shape))


def _spread(grad, in_shape: tuple, axis, keepdims: bool):
    """Reshape the upstream gradient to keepdims form and broadcast it over the input."""
    kept = _kept_shape(in_shape, axis)
    if grad.data.shape != kept:
        grad = Reshape.apply(grad, shape=kept)
    return Expand.apply(grad, shape=in_shape) if kept != in_shape else grad


class Sum(Op):
    # d sum(a) / da_i = 1: the gradient is copied to every summed entry
    name = "sum"
    saves_inputs = False

    def forward(self, a):
        return a.sum(axis=self.axis, keepdims=self.keepdims)

    def backward(self, grad):
        return (_spread(grad, self.inputs[0].shape, self.axis, self.keepdims),)


class Mean(Op):
    # d mean(a) / da_i = 1 / n, with n the number of averaged entries
    name = "mean"
    saves_inputs = False

    def forward(self, a):
        if a.size == 0:
            raise ValueError(f"mean: cannot average an empty tensor of shape {a.shape}")
        return a.mean(axis=self.axis, keepdims=self.keepdims)

    def backward(self, grad):
        in_shape = self.inputs[0].shape
        count = int(math.prod(in_shape)) // max(int(math.prod(grad.shape)), 1)
        return (_spread(grad / count, in_shape, self.axis, self.keepdims),)


class Max(Op):
    # d max(a) / da_i = [a_i is a maximum] / (number of tied maxima)
    name = "max"
    saves_output = True
    _reduce = staticmethod(np.max)

    def forward(self, a):
        if a.size == 0:
            raise ValueError(f"{self.name}: cannot reduce an empty tensor of shape {a.shape}")
        return self._reduce(a, axis=self.axis, keepdims=self.keepdims)

    def backward(self, grad):
        a = self.inputs[0].data
        extreme = self.output().data.reshape(_kept_shape(a.shape, self.axis))
        winners = a == extreme
        count = winners.sum(axis=self.axis, keepdims=True)
        if count.max(initial=1) > 1:  # ties: share equally
            share = winners / count.astype(a.dtype)
        else:
            share = winners
        return (_spread(grad, a.shape, self.axis, self.keepdims) * constant(share),)


class Min(Max):
    # d min(a) / da_i = [a_i is a minimum] / (number of tied minima)
    name = "min"
    _reduce = staticmethod(np.min)


from .shape import Expand, Reshape  # noqa: E402  (shape's ops build on base, as these do)
