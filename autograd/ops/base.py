"""The primitive-op protocol, and the helpers every op shares.

An op is a small class: ``forward`` works on NumPy arrays, ``backward`` receives the upstream
gradient as a Tensor and returns one gradient per input, written with Tensor ops so that it can
itself be differentiated (``create_graph=True``).

The graph interface (what the engine and the visualiser read, nothing else):

- ``op.name``        short display name, e.g. ``"mul"``, ``"sum"``
- ``op.arguments()`` the non-tensor arguments as a dict, e.g. ``{"axis": (1,), "keepdims": True}``
- ``op.inputs``      the input Tensors, in order
- ``op.scope``       tuple of ``(label, uid, kind)`` clusters the op was created in, outermost first
- ``op.edge_grads``  after a backward pass: one entry per input, the gradient that flowed along
                     that edge (a small ndarray, a ``GradSummary`` for large ones, or None)
- ``op.output()``    the Tensor the op produced, while it is alive
- ``op.created_at``  ``(filename, lineno)`` of the user's code, recorded in anomaly mode
"""

from __future__ import annotations

import weakref
from typing import NamedTuple

import math

import numpy as np

from ..edges import GradSummary
from ..grad_mode import STATE
from ..tensor import Tensor

_wrap = Tensor._wrap
_new = object.__new__
_ndarray = np.ndarray
_asarray = np.asarray


class Op:
    """Base class of every primitive. Subclasses define ``forward`` and ``backward``."""

    name = "op"
    saves_inputs = True  # backward reads input values: they are checked for in-place changes
    saves_output = False  # backward reads the output: kept through a weak reference
    makes_view = False  # forward may return a view of the first input (shares its version)
    args: dict = {}

    # set when the op is recorded in a graph
    inputs: tuple = ()
    needs_grad: tuple = ()
    scope: tuple = ()
    edge_grads = None
    created_at = None
    released = False
    _versions = None
    _output_ref = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            cls.name = cls.__name__.lower()

    def forward(self, *arrays):  # pragma: no cover - interface
        raise NotImplementedError

    def backward(self, grad: Tensor):  # pragma: no cover - interface
        raise NotImplementedError

    # ------------------------------------------------------------------ graph interface
    def arguments(self) -> dict:
        return dict(self.args)

    def output(self) -> Tensor:
        tensor = self._output_ref() if self._output_ref is not None else None
        if tensor is None:
            raise RuntimeError(f"{self.name}: the output tensor of this op is no longer alive")
        return tensor

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self.args.items())
        return f"<{self.name}({args})>"

    # ------------------------------------------------------------------ recording
    @classmethod
    def apply(cls, *inputs: Tensor, **args) -> Tensor:
        """Run the forward on the inputs' arrays and, in grad mode, record the op."""
        op = _new(cls)
        if args:
            op.args = args
            op.__dict__.update(args)
        # unary and binary ops are spelled out: this is the hottest path of the library
        arity = len(inputs)
        try:
            if arity == 2:
                first, second = inputs
                data = op.forward(first.data, second.data)
            elif arity == 1:
                first = inputs[0]
                data = op.forward(first.data)
            else:
                data = op.forward(*[tensor.data for tensor in inputs])
        except (ValueError, IndexError) as exc:
            raise type(exc)(_explain_failure(cls.name, inputs, exc)) from None
        if data.__class__ is not _ndarray:
            data = _asarray(data)  # NumPy returns scalars for 0-d results
        out = _wrap(data)
        if cls.makes_view and data.base is not None:
            out._version = inputs[0]._version
        state = STATE
        if not state.enabled:
            if state.anomaly:  # checked only here, so no_grad costs nothing outside anomaly mode
                anomaly.check_forward(op, inputs, data)
            return out  # not recording (inside no_grad, or a backward without create_graph)
        if state.anomaly:
            anomaly.check_forward(op, inputs, data)
        if arity == 2:
            needs_grad = (first._requires_grad, second._requires_grad)
        elif arity == 1:
            needs_grad = (first._requires_grad,)
        else:
            needs_grad = tuple([tensor._requires_grad for tensor in inputs])
        if True not in needs_grad or data.dtype.kind != "f":
            return out  # nothing to differentiate (or an integer/bool result)
        if state.anomaly:
            op.created_at = anomaly.user_frame()
        op.inputs = inputs
        op.needs_grad = needs_grad
        op.scope = state.scopes
        if cls.saves_inputs:
            if arity == 2:
                op._versions = (first._version[0], second._version[0])
            else:
                op._versions = tuple([tensor._version[0] for tensor in inputs])
        if cls.saves_output:
            op._output_ref = weakref.ref(out)
        out._op = op
        out._requires_grad = True
        return out


def _explain_failure(name: str, inputs, exc: Exception) -> str:
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


def unbroadcast(grad: Tensor, shape: tuple) -> Tensor:
    """Sum ``grad`` over the axes that broadcasting added or stretched, giving ``shape``.

    The one place where broadcasting is undone: if ``x`` of shape (3, 1) met ``y`` of shape
    (2, 1, 4), the gradient of ``x`` is summed over axes 0 and 2 of the (2, 3, 4) gradient.
    """
    grad_shape = grad.data.shape
    if grad_shape == shape:
        return grad
    extra = len(grad_shape) - len(shape)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, size in enumerate(shape) if size == 1 and grad_shape[extra + i] != 1
    )
    # the op classes directly: shapes here are valid by construction, no need to re-check
    if axes:
        grad = reduce.Sum.apply(grad, axis=axes, keepdims=False)
    if grad.data.shape != shape:
        grad = shape_ops.Reshape.apply(grad, shape=shape)
    return grad


def constant(array) -> Tensor:
    """Wrap an array that backward formulas use as a constant (no gradient flows into it)."""
    return Tensor._wrap(_asarray(array))


# ---------------------------------------------------------------------- argument checking
def normalize_axis(axis, ndim: int, op_name: str) -> tuple | None:
    """``None`` stays None; an int or a tuple becomes a sorted tuple of non-negative axes."""
    if axis is None:
        return None
    axes = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    normalized = []
    for ax in axes:
        if not isinstance(ax, (int, np.integer)):
            raise TypeError(f"{op_name}: axis must be an int or a tuple of ints, got {axis!r}")
        if not -max(ndim, 1) <= ax < max(ndim, 1) or (ndim == 0 and ax not in (0, -1)):
            raise ValueError(
                f"{op_name}: axis {ax} is out of range for a tensor with {ndim} dimensions "
                f"(valid: {-max(ndim, 1)} to {max(ndim, 1) - 1})"
            )
        normalized.append(int(ax) % max(ndim, 1))
    if len(set(normalized)) != len(normalized):
        raise ValueError(
            f"{op_name}: repeated axis in {axis!r} (for a tensor with {ndim} dimensions)"
        )
    if ndim == 0:
        return ()
    return tuple(sorted(normalized))


def normalize_permutation(axes, ndim: int) -> tuple:
    axes = tuple(int(ax) for ax in axes)
    normalized = tuple(ax % ndim if -ndim <= ax < ndim else None for ax in axes) if ndim else axes
    if len(axes) != ndim or None in normalized or sorted(normalized) != list(range(ndim)):
        raise ValueError(
            f"transpose: axes {axes} are not a permutation of the {ndim} axes of the tensor"
        )
    return normalized


def normalize_shape(shape, old_shape: tuple, op_name: str) -> tuple:
    shape = tuple(int(n) for n in shape)
    size = int(math.prod(old_shape))
    if shape.count(-1) > 1:
        raise ValueError(
            f"{op_name}: only one dimension can be -1, got {shape} for a tensor "
            f"of shape {old_shape}"
        )
    if -1 in shape:
        known = int(math.prod([n for n in shape if n != -1]))
        if known == 0 or size % known:
            raise ValueError(
                f"{op_name}: cannot reshape a tensor of shape {old_shape} "
                f"({size} elements) into {shape}"
            )
        shape = tuple(size // known if n == -1 else n for n in shape)
    if any(n < 0 for n in shape) or int(math.prod(shape)) != size:
        raise ValueError(
            f"{op_name}: cannot reshape a tensor of shape {old_shape} ({size} "
            f"elements) into {shape} ({int(math.prod(shape))} elements)"
        )
    return shape


def broadcast_shape(shape: tuple, target: tuple, op_name: str, requested) -> tuple:
    """Check that ``shape`` broadcasts to ``target`` (NumPy rules) and return ``target``."""
    target = tuple(int(n) for n in target)
    ok = len(target) >= len(shape) and all(
        old in (1, new) for old, new in zip(reversed(shape), reversed(target))
    )
    if not ok:
        raise ValueError(
            f"{op_name}: cannot broadcast a tensor of shape {shape} to {tuple(requested)}"
        )
    return target


def broadcast_shapes(op_name: str, *shapes) -> tuple:
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        shown = " and ".join(str(shape) for shape in shapes)
        raise ValueError(
            f"{op_name}: shapes {shown} cannot be broadcast together "
            f"(NumPy broadcasting: trailing sizes must match or be 1)"
        ) from None


from .. import anomaly  # noqa: E402  (anomaly imports this module's names)
from . import reduce, shape as shape_ops  # noqa: E402  (both build on Op, defined above)
