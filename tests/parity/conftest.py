"""Tests that compare graphgrad with PyTorch itself: values and gradients of the same code.

They need the ``bench`` extra (``pip install ".[bench]"``, PyTorch's CPU build); without it
they are skipped, saying so. CI installs it, so there they always run.
"""

import pytest

torch = pytest.importorskip("torch", reason="PyTorch is not installed (pip install '.[bench]')")
