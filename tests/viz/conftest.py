"""Fixtures for the visualiser's tests: small graphs with hand-computable gradients."""

import numpy as np
import pytest

from autograd import Tensor


@pytest.fixture
def xyz():
    """f = x * y + z at x = 2, y = -3, z = 4 (the CS231n warm-up): f = -2.

    df/dz = 1, df/d(xy) = 1, df/dx = y = -3, df/dy = x = 2.
    """
    x = Tensor(2.0, requires_grad=True, name="x")
    y = Tensor(-3.0, requires_grad=True, name="y")
    z = Tensor(4.0, requires_grad=True, name="z")
    f = x * y + z
    f.name = "f"
    return x, y, z, f


@pytest.fixture
def softmax_ce():
    """The CS231n softmax cross-entropy of a 2x3 batch of logits, from primitives."""
    logits = Tensor(
        np.array([[1.0, 2.0, 3.0], [1.0, -1.0, 0.5]], dtype=np.float32),
        requires_grad=True,
        name="z",
    )
    target = np.array([2, 0])
    loss = -(logits.log_softmax(axis=1)[np.arange(2), target]).mean()
    loss.name = "loss"
    return logits, loss
