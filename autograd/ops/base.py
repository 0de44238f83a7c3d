"""The primitive-op protocol: ``Op``, and ``constant`` for the arrays backward formulas use.

An op is a small class: ``forward`` works on NumPy arrays, ``backward`` receives the upstream
gradient as a Tensor and returns one gradient per input, written with Tensor ops so that it can
itself be differentiated (``create_graph=True``). Its name is the class name in lower case.

The graph interface (what the engine and the visualiser read, nothing else):

- ``op.name``        short display name, e.g. ``"mul"``, ``"sum"``
- ``op.arguments()`` the non-tensor arguments as a dict, e.g. ``{"axis": (1,), "keepdims": True}``
- ``op.inputs``      the input Tensors, in order
- ``op.needs_grad``  one bool per input: does a gradient flow into it?
- ``op.scope``       tuple of ``(label, uid, kind)`` clusters the op was created in, outermost first
- ``op.edge_grads``  after a backward pass: one entry per input, the gradient that flowed along
                     that edge (a small ndarray, a ``GradSummary`` for large ones, or None)
- ``op.output()``    the Tensor the op produced, while it is alive
- ``op.created_at``  ``(filename, lineno)`` of the user's code, recorded in anomaly mode
- ``op.rule``        the op's local derivative rule, declared once on its class (or None), e.g.
                     ``"∂a = g · b; ∂b = g · a"``: one clause per differentiable input,
                     ``; ``-separated, inputs named as ``forward``'s parameters, ``g`` the
                     gradient arriving at the output, ``out`` the output (prose where no
                     formula fits). The step player narrates backward with it.

>>> from autograd import Tensor
>>> y = Tensor([1.0, 2.0], requires_grad=True).sum()
>>> y.grad_fn.name, y.grad_fn.arguments(), y.grad_fn.needs_grad
('sum', {'axis': None, 'keepdims': False}, (True,))
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from .. import anomaly
from ..edges import GradSummary
from ..errors import ShapeError
from ..grad_mode import STATE, Scope, sequence
from ..tensor import Tensor

__all__ = ["Op", "constant"]

_wrap = Tensor._wrap
_new = object.__new__
_ndarray = np.ndarray
_asarray = np.asarray
_next = sequence.__next__  # (grad_mode.sequence: the recording order)

Grads = Sequence[Tensor | None]

# needs_grad of a unary and a binary op, indexed by the inputs' requires_grad (a bool is 0 or 1)
_SINGLES = ((False,), (True,))
_PAIRS = (((False, False), (False, True)), ((True, False), (True, True)))


class Op:
    """Base class of every primitive. Subclasses define ``forward`` and ``backward``.

    >>> class Cube(Op):
    ...     rule = "∂a = 3 · g · a²"
    ...
    ...     def forward(self, a):
    ...         return a**3
    ...
    ...     def backward(self, grad):
    ...         (a,) = self.inputs
    ...         return (grad * a * a * 3,)
    >>> from autograd import Tensor
    >>> x = Tensor(2.0, requires_grad=True)
    >>> Cube.apply(x).backward()
    >>> Cube.name, float(x.grad)
    ('cube', 12.0)
    """

    name: ClassVar[str] = "op"
    rule: ClassVar[str | None] = None  # the local derivative, one clause per input (see above)
    saves_inputs: ClassVar[bool] = True  # backward reads input values: checked for changes
    saves_output: ClassVar[bool] = False  # backward reads the output: kept by a weak reference
    makes_view: ClassVar[bool] = False  # forward may return a view of the first input
    #: does releasing the graph let go of values backward reads (then a second backward
    #: through the op is refused)? Set per class from the flags above.
    frees_saved: ClassVar[bool] = True
    args: dict[str, Any] = {}  # noqa: RUF012 - replaced per instance, never mutated

    # set when the op is recorded in a graph
    inputs: tuple[Tensor, ...] = ()
    needs_grad: tuple[bool, ...] = ()
    scope: tuple[Scope, ...] = ()
    edge_grads: tuple[np.ndarray | GradSummary | None, ...] | None = None
    created_at: tuple[str, int] | None = None
    released = False
    _versions: tuple[int, ...] | None = None
    _output_ref: weakref.ref[Tensor] | None = None
    _seq = -1  # the order of recording (``sequence``): the reverse pass runs it backwards
    _kept_output: Tensor | None = None  # an overwritten output backward reads (tensor.py)

    # each op's forward takes one array per input, and its backward one gradient per input
    forward: Any
    backward: Any

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        """Forward mode: the output's tangent from the inputs' (None where an input has none),
        written in Tensor ops. Each primitive states it beside its backward: the differential
        its comment writes (``d(a * b) = b da + a db``)."""
        raise NotImplementedError(
            f"forward mode: '{self.name}' has no forward rule (jvp); differentiate it in "
            f"reverse mode (backward, autograd.grad) instead"
        )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            cls.name = cls.__name__.lower()
        cls.frees_saved = bool(
            cls.saves_inputs
            or cls.saves_output
            or isinstance(getattr(cls, "released", None), property)  # a Function's own ctx
        )

    # ------------------------------------------------------------------ graph interface
    def arguments(self) -> dict[str, Any]:
        """The op's non-tensor arguments (axis, shape, index...), as given to ``apply``."""
        return dict(self.args)

    def output(self) -> Tensor:
        """The Tensor this op produced (kept by a weak reference, for ops that save it)."""
        tensor = self._output_ref() if self._output_ref is not None else None
        if tensor is None:
            raise RuntimeError(f"{self.name}: the output tensor of this op is no longer alive")
        return tensor

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self.args.items())
        return f"<{self.name}({args})>"

    # ------------------------------------------------------------------ recording
    @classmethod
    def apply(cls, *inputs: Tensor, **args: Any) -> Tensor:
        """Run the forward on the inputs' arrays and, in grad mode, record the op."""
        op = _new(cls)
        if args:
            op.args = args
            op.__dict__.update(args)
        count = len(inputs)
        try:  # the arity is read once; unary and binary ops, the hottest path, are spelled out
            if count == 2:
                first, second = inputs
                data = op.forward(first.data, second.data)
            elif count == 1:
                first = inputs[0]
                data = op.forward(first.data)
            else:
                data = op.forward(*[tensor.data for tensor in inputs])
        except (ValueError, IndexError) as exc:
            kind = ShapeError if type(exc) is ValueError else type(exc)  # NumPy's own
            raise kind(_explain_failure(cls.name, inputs, exc)) from None
        if data.__class__ is not _ndarray:
            data = _asarray(data)  # NumPy returns scalars for 0-d results
        out = _new(Tensor)  # (Tensor._wrap, spelled out: this is the hottest path)
        out.data, out._requires_grad, out._op = data, False, None
        if cls.makes_view and data.base is not None and _same_memory(data, inputs[0].data):
            out._counter = inputs[0]._version  # a view: in-place changes show in both
        else:
            out._counter = None
        state = STATE
        if state.anomaly:
            anomaly.check_forward(op, inputs, data)
            op.created_at = anomaly.user_frame()
        if state.enabled:
            # (read after forward, which never changes its inputs: a no-grad call skips this)
            needs_grad: tuple[bool, ...]
            if count == 2:  # (shared tuples: no new object per op for the GC to scan)
                needs_grad = _PAIRS[first._requires_grad][second._requires_grad]
            elif count == 1:
                needs_grad = _SINGLES[first._requires_grad]
            else:
                needs_grad = tuple([tensor._requires_grad for tensor in inputs])
            if True in needs_grad and data.dtype.kind == "f":
                # recorded: linked to its output, with what backward will check and read. Every
                # op keeps its inputs' versions: saved values must not have changed since, and
                # an input that a recorded assignment overwrote later is followed back to what
                # it was
                op.inputs, op.needs_grad, op.scope = inputs, needs_grad, state.scopes
                op._seq = _next()
                if count == 2:  # (a tensor without a counter yet is at version 0)
                    one, two = first._counter, second._counter
                    if one is None and two is None:
                        op._versions = (0, 0)  # (a constant: shared)
                    else:
                        op._versions = (0 if one is None else one[0], 0 if two is None else two[0])
                elif count == 1:
                    one = first._counter
                    op._versions = (0,) if one is None else (one[0],)
                else:
                    op._versions = tuple([tensor._version[0] for tensor in inputs])
                if cls.saves_output:
                    op._output_ref = weakref.ref(out)
                out._op = op
                out._requires_grad = True
        if state.dual_level:
            _carry_tangents(op, inputs, out, state.dual_level)
        return out


def _carry_tangents(op: Op, inputs: tuple[Tensor, ...], out: Tensor, level: int) -> None:
    """Forward mode: give ``out`` the tangent that the op's forward rule makes of its inputs'."""
    tangents = tuple(
        tensor._tangent[1] if tensor._tangent is not None and tensor._tangent[0] == level else None
        for tensor in inputs
    )
    if all(tangent is None for tangent in tangents) or out.data.dtype.kind != "f":
        return
    if not op.inputs:
        op.inputs = inputs  # the rule reads them (an op that was not recorded has none yet)
    STATE.dual_level = 0  # the rule's own steps carry no tangents of their own
    try:
        tangent = op.jvp(tangents, out)
    finally:
        STATE.dual_level = level
    if tangent is not None:
        out._tangent = (level, tangent)


def _same_memory(view: np.ndarray, source: np.ndarray) -> bool:
    """Is ``view`` a view of ``source``'s memory (not a copy that NumPy had to make)?"""
    return view.base is (source if source.base is None else source.base)


def _explain_failure(name: str, inputs: Sequence[Tensor], exc: Exception) -> str:
    """Turn a NumPy error from inside a forward into one that names the op and the shapes."""
    message = str(exc)
    if message.startswith(name + ":"):
        return message
    shapes = " and ".join(str(tensor.shape) for tensor in inputs)
    if "broadcast" in message:
        return (
            f"{name}: shapes {shapes} cannot be broadcast together (NumPy broadcasting: "
            f"trailing sizes must match or be 1)"
        )
    return f"{name}: {message} (input shapes {shapes})"


def constant(array: Any, dtype: np.dtype | None = None) -> Tensor:
    """Wrap an array that backward formulas use as a constant (no gradient flows into it).

    >>> constant(0.0, np.dtype("float64"))
    Tensor(0., dtype=float64)
    """
    return _wrap(_asarray(array, dtype=dtype))
