"""Thread-local recording state: grad mode, scopes, anomaly mode, edge-gradient recording.

Everything that decides "how should ops be recorded, and who watches the reverse pass, right
now" lives here, in one thread-local object, so one thread's ``no_grad`` (or switched-off edge
recording) never leaks into another thread.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

__all__ = [
    "enable_grad",
    "is_grad_enabled",
    "no_grad",
    "record_edge_grads",
    "scope",
    "set_grad_enabled",
]

_Function = TypeVar("_Function", bound=Callable[..., Any])
Scope = tuple[str, int, str]


class _State(threading.local):
    enabled = True  # record ops into the graph?
    scopes: tuple[Scope, ...] = ()  # (label, uid, kind) clusters, outermost first
    anomaly = False  # record creation sites and check for NaN/inf?
    anomaly_forward = True  # in anomaly mode, check forward results too (not only gradients)
    in_backward = False  # is an op's backward formula running? (anomaly mode skips its steps)
    sparse_sums = False  # in a reverse pass without create_graph: IndexAdd may stay sparse
    dual_level = 0  # forward mode: the active dual level (0: none), see forward_ad.py
    edges = True  # keep each edge's gradient for the drawings (``op.edge_grads``)?


STATE = _State()
_scope_ids = itertools.count(1)

#: Every recorded op takes the next number (``Op._seq``), process-wide: an op's inputs were all
#: made by ops with smaller numbers, so the reverse pass runs nodes in decreasing order (as
#: PyTorch's ``sequence_nr``).
sequence = itertools.count()
#: The number taken by the latest in-place change of any tensor (``Tensor._count_change``). An
#: op numbered after it has seen no input or output change since it was recorded, so the
#: reverse pass skips comparing their versions with those the op saved.
LAST_CHANGE = [-1]


class _GradModeContext:
    """Base of ``no_grad``/``enable_grad``: a context manager that also works as a decorator."""

    target: bool
    _previous: bool

    def __new__(cls, function: Callable[..., Any] | None = None, *args: Any, **kwargs: Any) -> Any:
        self = super().__new__(cls)
        if callable(function):  # used bare, as PyTorch allows: @no_grad instead of @no_grad()
            return self(function)
        return self

    def __enter__(self) -> _GradModeContext:
        self._previous = STATE.enabled
        STATE.enabled = self.target
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        STATE.enabled = self._previous

    def __call__(self, function: _Function) -> _Function:
        mode = self.target

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with set_grad_enabled(mode):
                return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


class no_grad(_GradModeContext):
    """Stop recording operations (context manager or decorator), like ``torch.no_grad``.

    >>> from autograd import Tensor
    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> with no_grad():
    ...     y = x * 2
    >>> y.requires_grad
    False
    """

    target = False


class enable_grad(_GradModeContext):
    """Record operations again inside a ``no_grad`` block (context manager or decorator).

    >>> from autograd import Tensor
    >>> x = Tensor([1.0], requires_grad=True)
    >>> with no_grad(), enable_grad():
    ...     (x * 2).requires_grad
    True
    """

    target = True


class set_grad_enabled(_GradModeContext):
    """Switch recording on or off explicitly, as ``torch.set_grad_enabled``.

    >>> with set_grad_enabled(False):
    ...     is_grad_enabled()
    False
    """

    def __new__(cls, mode: bool) -> set_grad_enabled:
        return object.__new__(cls)

    def __init__(self, mode: bool) -> None:
        self.target = bool(mode)


def is_grad_enabled() -> bool:
    """True when new operations are being recorded in this thread.

    >>> is_grad_enabled()
    True
    """
    return STATE.enabled


def record_edge_grads(enabled: bool | None = None) -> bool:
    """Switch off (or on) keeping each edge's gradient for the visualiser; returns the setting
    now in force.

    On by default, so that ``loss.backward(); viz.draw(loss)`` shows the gradient on every
    edge. Small gradients are kept whole, large ones as a ``GradSummary``; turning it off saves
    that small cost. The setting is per thread.

    >>> record_edge_grads(False)
    False
    >>> record_edge_grads()
    False
    >>> record_edge_grads(True)
    True
    """
    if enabled is not None:
        STATE.edges = bool(enabled)
    return STATE.edges


class scope:
    """Group the ops created inside into one labelled cluster (what ``viz.draw`` shows as a box).

    Used as a context manager (``with scope("attention"): ...``) or a decorator
    (``@scope("softmax")``). Every entry creates a new cluster, so two calls of the same
    composite function are two boxes. ``kind`` tells the visualiser what made the cluster
    ("function" for composite functions, "module" for ``nn.Module`` forwards).

    >>> from autograd import Tensor
    >>> with scope("double"):
    ...     y = Tensor([1.0], requires_grad=True) * 2
    >>> [label for label, _, _ in y.grad_fn.scope]
    ['double']
    """

    _previous: tuple[Scope, ...]

    def __init__(self, label: str, kind: str = "function") -> None:
        self.label = label
        self.kind = kind

    def __enter__(self) -> scope:
        self._previous = STATE.scopes
        STATE.scopes = (*self._previous, (self.label, next(_scope_ids), self.kind))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        STATE.scopes = self._previous

    def __call__(self, function: _Function) -> _Function:
        label, kind = self.label, self.kind

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with scope(label, kind):
                return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]
