"""Doctests: every example in the docstrings of ``autograd`` and ``nn`` runs in the test suite.

Each docstring example sees its module's names plus ``np``, runs in a fresh folder (so an
example may save a file), and starts from the default
settings (float32, grad mode on, edge recording on), which are restored after it.
"""

from collections.abc import Iterator

import numpy as np
import pytest

import autograd
from autograd.grad_mode import STATE


@pytest.fixture(autouse=True)
def _doctest_namespace(
    request: pytest.FixtureRequest,
    doctest_namespace: dict,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """``np`` for every example; examples that save files write into a fresh folder."""
    doctest_namespace["np"] = np
    if not isinstance(request.node, pytest.DoctestItem):
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path_factory.mktemp("doctest"))
        yield


@pytest.fixture(autouse=True)
def _restore_settings() -> Iterator[None]:
    dtype, edges = autograd.get_default_dtype(), STATE.edges
    yield
    autograd.set_default_dtype(dtype)
    STATE.edges = edges
    STATE.enabled, STATE.anomaly, STATE.scopes = True, False, ()
