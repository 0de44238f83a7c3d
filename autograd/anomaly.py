"""Anomaly mode: find the op that first produced a NaN or an infinity, and the user's line.

While ``detect_anomaly()`` is active every recorded op remembers the file and line of the
user's code that created it, and every forward result and backward gradient is checked.
Outside it nothing is recorded and nothing is checked (no cost).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import FrameType, TracebackType

import numpy as np

from .grad_mode import STATE
from .protocols import Node, Value

__all__ = ["AnomalyError", "detect_anomaly"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_NN_DIR = os.path.join(os.path.dirname(_PACKAGE_DIR), "nn")
# with the separator, so that a user's autograd_demo/ or nn_experiments.py is not skipped
_LIBRARY_DIRS = (_PACKAGE_DIR + os.sep, _NN_DIR + os.sep)


class AnomalyError(RuntimeError):
    """A NaN or inf appeared while ``detect_anomaly()`` was active.

    >>> issubclass(AnomalyError, RuntimeError)
    True
    """


class detect_anomaly:
    """Context manager: raise ``AnomalyError`` at the first NaN/inf in forward or backward.

    The error names the op, the file and line of the user's code that created it, and the
    shapes. ``check_forward=False`` checks only the gradients of the backward pass.

    >>> from autograd import Tensor
    >>> x = Tensor([0.0, 1.0], requires_grad=True)
    >>> with detect_anomaly():
    ...     x.log().sum()
    Traceback (most recent call last):
    ...
    autograd.anomaly.AnomalyError: detect_anomaly: forward of 'log' at ... produced inf ...
    """

    _previous: tuple[bool, bool]

    def __init__(self, check_forward: bool = True) -> None:
        self.check_forward = check_forward

    def __enter__(self) -> detect_anomaly:
        self._previous = STATE.anomaly, STATE.anomaly_forward
        STATE.anomaly, STATE.anomaly_forward = True, self.check_forward
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        STATE.anomaly, STATE.anomaly_forward = self._previous


def user_frame() -> tuple[str, int] | None:
    """(filename, line) of the innermost frame outside the autograd and nn packages."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        if not filename.startswith(_LIBRARY_DIRS):
            return frame.f_code.co_filename, frame.f_lineno
        frame = frame.f_back
    return None


def _where(site: tuple[str, int] | None) -> str:
    return f"{site[0]}:{site[1]}" if site else "an unknown place"


def _bad(array: np.ndarray) -> str | None:
    if array.dtype.kind not in "fc":
        return None
    if np.isnan(array).any():
        return "NaN"
    if np.isinf(array).any():
        return "inf"
    return None


def check_forward(op: Node, inputs: Sequence[Value], result: np.ndarray) -> None:
    """Raise if ``op`` made a NaN/inf from finite inputs."""
    if not STATE.anomaly_forward:
        return
    found = _bad(result)
    if found is None or any(_bad(tensor.data) for tensor in inputs):
        return
    if STATE.in_backward:
        return  # a backward formula's own steps: only the gradients it returns are checked
    shapes = ", ".join(str(tensor.shape) for tensor in inputs)
    raise AnomalyError(
        f"detect_anomaly: forward of '{op.name}' at {_where(user_frame())} produced {found} "
        f"(input shapes {shapes}, output shape {np.shape(result)})"
    )


def checked_backward(op: Node, grad: Value) -> Sequence[Value | None]:
    """Run ``op``'s backward in anomaly mode: its own steps are not checked (they may make an
    inf that the formula then discards, as pow's log(0) under a where), what it returns is."""
    previous, STATE.in_backward = STATE.in_backward, True
    try:
        input_grads = op.backward(grad)
    finally:
        STATE.in_backward = previous
    check_backward(op, input_grads)
    return input_grads


def check_backward(op: Node, input_grads: Sequence[Value | None]) -> None:
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
