"""Doctests: every example in the docstrings of ``autograd`` and ``nn`` runs in the test suite.

Each docstring example sees its module's names plus ``np``, and starts from the default
settings (float32, grad mode on, edge recording on), which are restored after it.
"""

from collections.abc import Iterator

import numpy as np
import pytest

import autograd
from autograd.grad_mode import STATE


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace: dict) -> None:
    doctest_namespace["np"] = np


@pytest.fixture(autouse=True)
def _restore_settings() -> Iterator[None]:
    dtype, observers = autograd.get_default_dtype(), STATE.observers
    yield
    autograd.set_default_dtype(dtype)
    STATE.observers = observers
    STATE.enabled, STATE.anomaly, STATE.scopes = True, False, ()
