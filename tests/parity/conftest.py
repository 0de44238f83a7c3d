"""Tests that compare graphgrad with PyTorch itself: values and gradients of the same code.

They need the ``bench`` extra (``pip install ".[bench]"``, PyTorch's CPU build); without it
each module is skipped, saying so (``torch = pytest.importorskip("torch")`` at its top). CI
installs the extra, so there they always run.
"""
