"""``graphgrad demo``: draws a small softmax cross-entropy batch and its backward pass.

Implemented with the notebooks issue; the command is registered already.
"""
from __future__ import annotations

__all__ = ["run_demo"]


def run_demo(out_dir) -> int:
    """Write softmax_ce.svg and softmax_ce.html into ``out_dir`` (not implemented yet)."""
    raise NotImplementedError("demo lands with the notebooks issue")
