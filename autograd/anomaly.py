"""Anomaly mode: find the op that first produced a NaN or an infinity, and the user's line.

While ``detect_anomaly()`` is active every recorded op remembers the file and line of the
user's code that created it, and every forward result and backward gradient is checked.
Outside it nothing is recorded and nothing is checked (no cost).
"""

from __future__ import annotations

import os
import sys
import threading

import numpy as np

from .grad_mode import STATE

__all__ = ["detect_anomaly", "AnomalyError"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_NN_DIR = os.path.join(os.path.dirname(_PACKAGE_DIR), "nn")
# with the separator, so that a user's autograd_demo/ or nn_experiments.py is not skipped
_LIBRARY_DIRS = (_PACKAGE_DIR + os.sep, _NN_DIR + os.sep)


class _ForwardChecks(threading.local):
    enabled = True  # detect_anomaly(check_forward=False) checks only backward gradients


_FORWARD = _ForwardChecks()


class AnomalyError(RuntimeError):
    """A NaN or inf appeared while ``detect_anomaly()`` was active."""


class detect_anomaly:
    """Context manager: raise ``AnomalyError`` at the first NaN/inf in forward or backward.

    >>> with detect_anomaly():
    ...     loss = model(x).log().sum()
    ...     loss.backward()  # AnomalyError: 'log' created at train.py:12 produced -inf ...
    """

    def __init__(self, check_forward: bool = True):
        self.check_forward = check_forward

    def __enter__(self):
        self._previous = STATE.anomaly, _FORWARD.enabled
        STATE.anomaly = True
        _FORWARD.enabled = self.check_forward
        return self

    def __exit__(self, *exc):
        STATE.anomaly, _FORWARD.enabled = self._previous
        return False


def user_frame() -> tuple[str, int] | None:
    """(filename, line) of the innermost frame outside the autograd and nn packages."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        if not filename.startswith(_LIBRARY_DIRS):
            return frame.f_code.co_filename, frame.f_lineno
        frame = frame.f_back
    return None


def _where(site) -> str:
    return f"{site[0]}:{site[1]}" if site else "an unknown place"


def _bad(array) -> str | None:
    if array.dtype.kind not in "fc":
        return None
    if np.isnan(array).any():
        return "NaN"
    if np.isinf(array).any():
        return "inf"
    return None


def _inside_a_backward_formula() -> bool:
    """True while an op's backward runs (with create_graph=True its steps are recorded ops).

    Its steps may make an inf that the formula then discards (pow's log(0) under a where);
    only the gradients it returns are checked, by ``check_backward``.
    """
    from .ops.base import Op

    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "backward" and isinstance(frame.f_locals.get("self"), Op):
            return True
        frame = frame.f_back
    return False


def check_forward(op, inputs, result) -> None:
    """Raise if ``op`` made a NaN/inf from finite inputs."""
    if not _FORWARD.enabled:
        return
    found = _bad(result)
    if found is None or any(_bad(tensor.data) for tensor in inputs):
        return
    if _inside_a_backward_formula():
        return
    shapes = ", ".join(str(tensor.shape) for tensor in inputs)
    raise AnomalyError(
        f"detect_anomaly: forward of '{op.name}' at {_where(user_frame())} produced {found} "
        f"(input shapes {shapes}, output shape {np.shape(result)})"
    )


def check_backward(op, input_grads) -> None:
    """Raise if the backward of ``op`` produced a NaN/inf gradient."""
    for position, grad in enumerate(input_grads):
        if grad is None:
            continue
        found = _bad(grad.data)
        if found is not None:
            shapes = ", ".join(str(tensor.shape) for tensor in op.inputs)
            raise AnomalyError(
                f"detect_anomaly: backward of '{op.name}' (created at {_where(op.created_at)}) "
                f"produced {found} in the gradient of input {position} (input shapes {shapes}, "
                f"gradient shape {grad.shape})"
            )
