"""Thread-local recording state: grad mode, scopes (for the visualiser's clusters), anomaly mode.

Everything the engine needs to know about "how should ops be recorded right now" lives here, in
one thread-local object, so one thread's ``no_grad`` never leaks into another thread.
"""

from __future__ import annotations

import functools
import itertools
import threading

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "scope"]


class _State(threading.local):
    enabled = True  # record ops into the graph?
    scopes = ()  # tuple of (label, uid) pairs, outermost first
    anomaly = False  # record creation sites and check for NaN/inf?


STATE = _State()
_scope_ids = itertools.count(1)


class _GradModeContext:
    """Base of ``no_grad``/``enable_grad``: a context manager that also works as a decorator."""

    target: bool

    def __new__(cls, function=None, *args, **kwargs):
        self = super().__new__(cls)
        if callable(function):  # used bare, as PyTorch allows: @no_grad instead of @no_grad()
            return self(function)
        return self

    def __enter__(self):
        self._previous = STATE.enabled
        STATE.enabled = self.target
        return self

    def __exit__(self, *exc):
        STATE.enabled = self._previous
        return False

    def __call__(self, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return function(*args, **kwargs)

        return wrapper


class no_grad(_GradModeContext):
    """Stop recording operations (context manager or decorator), like ``torch.no_grad``.

    >>> with no_grad():
    ...     y = x * 2  # y.requires_grad is False
    """

    target = False


class enable_grad(_GradModeContext):
    """Record operations again inside a ``no_grad`` block (context manager or decorator)."""

    target = True


class set_grad_enabled(_GradModeContext):
    """``with set_grad_enabled(False): ...`` switches recording on or off explicitly."""

    def __init__(self, mode: bool):
        self.target = bool(mode)

    def __call__(self, function):
        mode = self.target

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return function(*args, **kwargs)

        return wrapper


def is_grad_enabled() -> bool:
    """True when new operations are being recorded in this thread."""
    return STATE.enabled


class scope:
    """Group the ops created inside into one labelled cluster (what ``viz.draw`` shows as a box).

    Used as a context manager (``with scope("attention"): ...``) or a decorator
    (``@scope("softmax")``). Every entry creates a new cluster, so two calls of the same
    composite function are two boxes. ``kind`` tells the visualiser what made the cluster
    ("function" for composite functions, "module" for ``nn.Module`` forwards).
    """

    def __init__(self, label: str, kind: str = "function"):
        self.label = label
        self.kind = kind

    def __enter__(self):
        self._previous = STATE.scopes
        STATE.scopes = self._previous + ((self.label, next(_scope_ids), self.kind),)
        return self

    def __exit__(self, *exc):
        STATE.scopes = self._previous
        return False

    def __call__(self, function):
        label, kind = self.label, self.kind

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with scope(label, kind):
                return function(*args, **kwargs)

        return wrapper
