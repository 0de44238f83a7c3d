"""Fixtures for the nn tests (the root conftest provides ``rng``, ``leaf`` and friends)."""

import numpy as np
import pytest

import nn
from autograd import Tensor


@pytest.fixture(autouse=True)
def seeded_nn():
    """Every test starts from the same nn generator state (initialisation and dropout)."""
    nn.manual_seed(0)


@pytest.fixture
def tensor64():
    """Make a float64 leaf that requires grad from given values (for gradcheck)."""

    def make(values):
        return Tensor(np.asarray(values, dtype=np.float64), requires_grad=True)

    return make


@pytest.fixture
def float64():
    """Convert a module's parameters and float buffers to float64 in place (for gradcheck)."""

    def convert(module):
        for tensor in list(module.parameters()) + list(module.buffers()):
            if tensor.data.dtype.kind == "f":
                tensor.data = tensor.data.astype(np.float64)
        return module

    return convert
