"""Fixtures shared by every test suite: a seeded random generator, float64 leaf factories,
the hypothesis profile, and restoration of global settings that a test may change."""

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

import autograd
from autograd import Tensor

# Deterministic and fast: a fixed set of examples, no per-example deadline.
settings.register_profile(
    "graphgrad",
    max_examples=40,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("graphgrad")

SEED = 20240611


@pytest.fixture
def rng():
    """A NumPy generator with a fixed seed, so every random input is reproducible."""
    return np.random.default_rng(SEED)


@pytest.fixture
def leaf(rng):
    """Make a float64 leaf tensor of random normal values that requires grad.

    ``leaf(2, 3)``; ``leaf(2, 3, low=0.5, high=2.0)`` for uniform values in a range (e.g. for
    log, sqrt, or a divisor kept away from zero).
    """

    def make(*shape, low=None, high=None, name=None):
        if low is None:
            data = rng.standard_normal(shape)
        else:
            data = rng.uniform(low, high, size=shape)
        return Tensor(np.asarray(data, dtype=np.float64), requires_grad=True, name=name)

    return make


@pytest.fixture
def distinct_leaf(rng):
    """Make a float64 leaf whose entries are well separated (no ties, no values near 0).

    For max/min/abs/relu/clip, whose derivative jumps at ties or at 0: finite differences
    must not straddle a jump.
    """

    def make(*shape):
        size = int(np.prod(shape))
        values = rng.permutation(size) - size / 2 + 0.25
        signs = np.where(values >= 0, 1.0, -1.0)
        data = (values + signs * rng.uniform(0.05, 0.3, size)) * 0.5
        return Tensor(data.reshape(shape).astype(np.float64), requires_grad=True)

    return make


@pytest.fixture
def restore_default_dtype():
    """Let a test change the default dtype; it is put back afterwards."""
    previous = autograd.get_default_dtype()
    yield
    autograd.set_default_dtype(previous)
