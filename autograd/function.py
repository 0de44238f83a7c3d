"""Custom differentiable operations, as ``torch.autograd.Function``.

Subclass ``Function`` with two static methods: ``forward(ctx, *args)`` computes the result (on
``x.data`` or with Tensor ops; nothing it does is recorded), and ``backward(ctx, *grads)``
returns one gradient per forward argument. ``Fn.apply(*args)`` runs the forward and records
ONE node in the graph, a ``FunctionNode`` named after the class: the engine, the visualiser,
``gradcheck`` and anomaly mode see it through the same graph interface as any primitive op.

>>> import numpy as np
>>> from autograd import Tensor
>>> class Cube(Function):
...     rule = "∂x = g · 3 · x²"  # the local derivative, which the step player narrates
...
...     @staticmethod
...     def forward(ctx, x):
...         ctx.save_for_backward(x)
...         return x**3
...
...     @staticmethod
...     def backward(ctx, grad):
...         (x,) = ctx.saved_tensors
...         return grad * 3 * x**2
>>> x = Tensor([1.0, 2.0], requires_grad=True)
>>> y = Cube.apply(x)
>>> y.grad_fn.name
'Cube'
>>> y.sum().backward()
>>> x.grad
array([ 3., 12.], dtype=float32)

With several outputs (forward returns a tuple) each output is a Tensor of the graph; the node
then produces one packed tensor (named ``"<Class> outputs"``) that a small ``output`` node per
output reads from, so that backward runs once, with one gradient per output (zeros for an
output that received none, as PyTorch materializes them).
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from . import anomaly
from .functions import concatenate
from .grad_mode import STATE, no_grad, sequence
from .ops.base import Op, constant
from .tensor import Tensor

__all__ = ["Function", "FunctionCtx", "FunctionNode"]


class FunctionCtx:
    """What ``forward`` leaves for ``backward``: saved tensors, ``needs_input_grad``, and any
    attribute set on it (``ctx.axis = 1``).

    Saved tensors are checked when ``backward`` reads them: one changed in place since
    ``apply`` returned makes ``ctx.saved_tensors`` raise, as the saved inputs of built-in ops.

    >>> from autograd import Tensor
    >>> ctx = FunctionCtx("Demo", (True, False))
    >>> ctx.save_for_backward(Tensor([1.0]))
    >>> ctx.needs_input_grad, len(ctx.saved_tensors)
    ((True, False), 1)
    """

    def __init__(self, function_name: str, needs_input_grad: tuple[bool, ...]) -> None:
        self.function_name = function_name
        self.needs_input_grad = needs_input_grad  # one bool per forward argument
        self._to_save: tuple[Tensor | None, ...] = ()
        self._saved: tuple[tuple[Tensor | None, int], ...] | None = None  # set by apply
        self._released = False

    def save_for_backward(self, *tensors: Tensor | None) -> None:
        """Keep tensors (inputs, outputs or intermediates) for ``backward``; call it once."""
        for position, tensor in enumerate(tensors):
            if tensor is not None and not isinstance(tensor, Tensor):
                raise TypeError(
                    f"{self.function_name}: save_for_backward takes Tensors (or None), but "
                    f"argument {position} is {type(tensor).__name__}; store other values as "
                    f"attributes of ctx (ctx.value = ...)"
                )
        self._to_save = tensors

    @property
    def saved_tensors(self) -> tuple[Tensor | None, ...]:
        """The tensors given to ``save_for_backward``, checked for in-place changes."""
        if self._released:
            raise RuntimeError(
                f"{self.function_name}: the saved tensors were released after the first "
                f"backward; pass retain_graph=True to it to backpropagate twice"
            )
        if self._saved is None:  # still inside forward
            return self._to_save
        for position, (tensor, version) in enumerate(self._saved):
            if tensor is not None and tensor._version[0] != version:
                raise RuntimeError(
                    f"backward: saved tensor {position} (shape {tensor.shape}) of "
                    f"'{self.function_name}' was modified in place after it was saved (its "
                    f"version is {tensor._version[0]}, it was {version} when saved), and the "
                    f"backward of '{self.function_name}' reads it, so its gradient would be "
                    f"wrong. Make the change out of place (x = x + 1) or clone the tensor."
                )
        return tuple(tensor for tensor, _ in self._saved)

    def _freeze(self) -> None:
        """End of ``apply``: remember each saved tensor's version, to check it in backward."""
        self._saved = tuple(
            (tensor, -1 if tensor is None else tensor._version[0]) for tensor in self._to_save
        )

    def _release(self) -> None:
        self._released, self._saved, self._to_save = True, None, ()


class Function:
    """Base class of custom operations: define ``forward`` and ``backward`` as staticmethods.

    ``forward(ctx, *args, **kwargs)`` may return a Tensor, an ndarray (wrapped), or a tuple of
    them. ``backward(ctx, *grad_outputs)`` gets one gradient per output (a Tensor) and returns
    one per forward argument: a Tensor, an ndarray or None (None for non-Tensor arguments).
    With ``create_graph=True`` backward runs with recording on, so a backward written with
    Tensor ops can be differentiated again. Keyword arguments are passed to ``forward`` as
    constants: they get no gradient, and ``backward`` returns none for them.

    ``rule`` (optional) states the local derivative in one line, as every built-in op does:
    one clause per Tensor argument, ``; ``-separated, named as ``forward``'s parameters, ``g``
    the gradient arriving at the output, ``out`` the output (``"∂x = g · factor"``). The step
    player (``viz.player``) narrates the backward pass with it, substituting the numbers.

    An optional ``jvp(ctx, *tangents)`` staticmethod is the forward-mode rule: one tangent per
    forward argument in (None for non-Tensors and inputs without one), one per output out. It
    is what ``autograd.functional.jvp`` and ``forward_ad`` use; without it, forward mode
    through the Function is a clear error.

    >>> from autograd import Tensor
    >>> class Scale(Function):
    ...     rule = "∂x = g · factor"
    ...
    ...     @staticmethod
    ...     def forward(ctx, x, factor):
    ...         ctx.factor = factor
    ...         return x.data * factor  # an ndarray: wrapped
    ...
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         return grad * ctx.factor, None  # no gradient for the float argument
    >>> x = Tensor(2.0, requires_grad=True)
    >>> y = Scale.apply(x, 5.0)
    >>> y.backward()
    >>> float(y), float(x.grad), y.grad_fn.arguments()
    (10.0, 5.0, {'factor': 5.0})
    """

    rule: ClassVar[str | None] = None  # the local derivative, for the step player's narration
    _node_class: ClassVar[type[FunctionNode]]
    _argument_names: ClassVar[tuple[str, ...]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        attributes = {
            "name": cls.__name__,
            "function": cls,
            "rule": cls.rule,
            "__module__": cls.__module__,
        }
        cls._node_class = type(cls.__name__, (FunctionNode,), attributes)
        parameters = list(inspect.signature(cls.forward).parameters.values())[1:]
        cls._argument_names = tuple(
            parameter.name
            for parameter in parameters
            if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        )

    @staticmethod
    def forward(ctx: FunctionCtx, *args: Any, **kwargs: Any) -> Any:
        """The result of the operation; runs with recording off."""
        raise NotImplementedError("a Function subclass must define forward(ctx, *args)")

    @staticmethod
    def backward(ctx: FunctionCtx, *grad_outputs: Tensor) -> Any:
        """One gradient per forward argument (a tuple when there are several)."""
        raise NotImplementedError("a Function subclass must define backward(ctx, *grads)")

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """Run ``forward`` without recording, and record one node for the whole operation."""
        state = STATE
        needs_input_grad = tuple(
            isinstance(value, Tensor) and value._requires_grad and state.enabled for value in args
        )
        ctx = FunctionCtx(cls.__name__, needs_input_grad)
        inputs = tuple(value for value in args if isinstance(value, Tensor))
        versions = tuple(tensor._version[0] for tensor in inputs)
        level, state.dual_level = state.dual_level, 0  # forward mode goes through cls.jvp
        try:
            with no_grad():
                result = cls.forward(ctx, *args, **kwargs)
        finally:
            state.dual_level = level
        several = isinstance(result, tuple)
        outputs = [
            _as_output(cls.__name__, value, inputs) for value in (result if several else (result,))
        ]
        node = cls._node_class._new(ctx, args, kwargs)
        node._record(inputs, versions, outputs, several)
        if level:
            _carry_tangents(cls, ctx, args, outputs, level)
        ctx._freeze()
        return tuple(outputs) if several else outputs[0]

    def __init__(self) -> None:
        raise TypeError(
            f"{type(self).__name__} is used through its class: call {type(self).__name__}"
            f".apply(...) (forward and backward are staticmethods)"
        )


def _carry_tangents(
    cls: type[Function], ctx: FunctionCtx, args: Sequence[Any], outputs: list[Tensor], level: int
) -> None:
    """Forward mode through a Function: its ``jvp(ctx, *tangents)`` gives the outputs' tangents
    (one tangent per forward argument, None for non-Tensors and inputs without one)."""
    tangents = [
        value._tangent[1]
        if isinstance(value, Tensor) and value._tangent is not None and value._tangent[0] == level
        else None
        for value in args
    ]
    if all(tangent is None for tangent in tangents):
        return
    rule = getattr(cls, "jvp", None)
    if rule is None:
        raise RuntimeError(
            f"{cls.__name__}: forward mode needs a forward rule; define "
            f"@staticmethod jvp(ctx, *tangents) returning one tangent per output"
        )
    STATE.dual_level = 0
    try:
        with no_grad():
            result = rule(ctx, *tangents)
    finally:
        STATE.dual_level = level
    found = result if isinstance(result, tuple) else (result,)
    if len(found) != len(outputs):
        raise RuntimeError(
            f"{cls.__name__}.jvp returned {len(found)} tangents for {len(outputs)} outputs"
        )
    for out, tangent in zip(outputs, found, strict=True):
        if tangent is not None:
            value = tangent if isinstance(tangent, Tensor) else Tensor._wrap(np.asarray(tangent))
            if value.shape != out.shape:
                raise RuntimeError(
                    f"{cls.__name__}.jvp returned a tangent of shape {value.shape} for an "
                    f"output of shape {out.shape}"
                )
            out._tangent = (level, value)


def _as_output(name: str, value: Any, inputs: Sequence[Tensor]) -> Tensor:
    """A forward result as a fresh Tensor that the graph may own."""
    if isinstance(value, np.ndarray | np.generic):
        return Tensor._wrap(np.asarray(value))
    if not isinstance(value, Tensor):
        raise TypeError(
            f"{name}.forward returned {type(value).__name__}; it must return a Tensor, an "
            f"ndarray, or a tuple of them"
        )
    if value._op is None and not value._requires_grad and all(value is not t for t in inputs):
        return value  # made inside forward: it becomes the output itself (saved ones included)
    out = Tensor._wrap(value.data)  # an input, or a tensor of another graph: share its data
    out._version = value._version
    return out


class FunctionNode(Op):
    """The node that ``Function.apply`` records: one per call, named after the Function class.

    It has the graph interface of every op (``name``, ``inputs``, ``needs_grad``,
    ``arguments()``, ``scope``, ``edge_grads``, ``output()``); its ``backward`` calls the
    Function's, and releasing it (after a backward without ``retain_graph``) frees the saved
    tensors. Each Function class gets its own subclass, named after it.

    >>> from autograd import Tensor
    >>> class Double(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         return x * 2
    ...
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         return grad * 2
    >>> node = Double.apply(Tensor([1.0], requires_grad=True)).grad_fn
    >>> isinstance(node, FunctionNode), node.name, node.needs_grad
    (True, 'Double', (True,))
    """

    function: ClassVar[type[Function]]
    saves_inputs: ClassVar[bool] = False  # ctx.saved_tensors checks what forward saved
    ctx: FunctionCtx
    arity: int  # how many arguments forward took
    tensor_positions: tuple[int, ...]  # where the Tensor arguments were
    layout: list[tuple[int, int, np.dtype] | None] | None = None  # several outputs: the packing
    output_shapes: tuple[tuple[int, ...], ...] = ()
    _released = False

    @property
    def released(self) -> bool:
        """Set by the engine after a backward without ``retain_graph``: frees the saved tensors."""
        return self._released

    @released.setter
    def released(self, value: bool) -> None:
        self._released = value
        if value:
            self.ctx._release()

    @classmethod
    def _new(cls, ctx: FunctionCtx, args: Sequence[Any], kwargs: dict[str, Any]) -> FunctionNode:
        node = object.__new__(cls)
        node.ctx, node.arity = ctx, len(args)
        node.tensor_positions = tuple(
            i for i, value in enumerate(args) if isinstance(value, Tensor)
        )
        names = cls.function._argument_names
        constants = {
            (names[i] if i < len(names) else f"arg{i}"): value
            for i, value in enumerate(args)
            if not isinstance(value, Tensor)
        }
        node.args = {**constants, **kwargs}
        return node

    def _record(
        self,
        inputs: tuple[Tensor, ...],
        versions: tuple[int, ...],
        outputs: Sequence[Tensor],
        several: bool,
    ) -> None:
        """Link the node to its inputs and outputs, as ``Op.apply`` links a primitive."""
        state = STATE
        if state.anomaly:
            for out in outputs:
                anomaly.check_forward(self, inputs, out.data)
            self.created_at = anomaly.user_frame()
        needs_grad = tuple(tensor._requires_grad for tensor in inputs)
        differentiable = [out.data.dtype.kind == "f" for out in outputs]
        if not (state.enabled and True in needs_grad and True in differentiable):
            return
        self.inputs, self.needs_grad, self.scope, self._versions = (
            inputs,
            needs_grad,
            state.scopes,
            versions,
        )
        self._seq = next(sequence)
        if not several:
            (out,) = outputs
            out._op, out._requires_grad, self._output_ref = self, True, weakref.ref(out)
            return
        self.output_shapes = tuple(out.shape for out in outputs)
        self._attach_several(outputs, differentiable)

    def _attach_several(self, outputs: Sequence[Tensor], differentiable: Sequence[bool]) -> None:
        """Several outputs: the node makes one packed tensor, an ``output`` node per output
        reads its part; the packed gradient is summed by the engine before this node runs."""
        floats = [out for out, keep in zip(outputs, differentiable, strict=True) if keep]
        dtype = np.result_type(*[out.dtype for out in floats])
        packed = Tensor._wrap(
            np.concatenate([out.data.reshape(-1) for out in floats]).astype(dtype)
        )
        packed._op, packed._requires_grad, packed.name = self, True, f"{self.name} outputs"
        self._output_ref = weakref.ref(packed)
        self.layout, start = [], 0
        for index, (out, keep) in enumerate(zip(outputs, differentiable, strict=True)):
            if not keep:
                self.layout.append(None)  # integer outputs carry no gradient
                continue
            span = (start, start + out.size)
            self.layout.append((*span, out.dtype))
            part = object.__new__(FunctionOutput)
            part.args, part.span = {"index": index}, span
            part.inputs, part.needs_grad, part.scope, part._versions = (
                (packed,),
                (True,),
                self.scope,
                (0,),
            )
            part._seq = next(sequence)
            out._op, out._requires_grad = part, True
            start = span[1]

    # ------------------------------------------------------------------ the reverse pass
    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        """Call the Function's backward with one gradient per output; check what it returns."""
        return self._input_grads(self.function.backward(self.ctx, *self._output_grads(grad)))

    def _output_grads(self, grad: Tensor) -> list[Tensor]:
        if self.layout is None:
            return [grad]
        grads = []
        for shape, part in zip(self.output_shapes, self.layout, strict=True):
            if part is None:
                grads.append(constant(np.zeros(shape)))
                continue
            start, stop, dtype = part
            piece = grad[start:stop].reshape(shape)
            grads.append(piece if piece.dtype == dtype else piece.astype(dtype))
        return grads

    def _input_grads(self, returned: Any) -> tuple[Tensor | None, ...]:
        """One gradient per Tensor input, from the one per forward argument returned."""
        returned = tuple(returned) if isinstance(returned, tuple | list) else (returned,)
        if len(returned) != self.arity:
            raise RuntimeError(
                f"{self.name}.backward returned {len(returned)} gradient(s), but forward took "
                f"{self.arity} argument(s); return one per forward argument, None for "
                f"non-Tensor arguments and for inputs that need no gradient"
            )
        grads: list[Tensor | None] = []
        for position, value in enumerate(returned):
            if position not in self.tensor_positions:
                if value is not None:
                    raise RuntimeError(
                        f"{self.name}.backward returned a gradient for argument {position}, "
                        f"which is not a Tensor; return None at that position"
                    )
                continue
            grads.append(self._checked_grad(position, value))
        return tuple(grads)

    def _checked_grad(self, position: int, value: Any) -> Tensor | None:
        if value is None:
            return None
        inp = self.inputs[self.tensor_positions.index(position)]
        if isinstance(value, np.ndarray | np.generic):
            value = constant(value)
        if not isinstance(value, Tensor):
            raise TypeError(
                f"{self.name}.backward returned {type(value).__name__} for argument "
                f"{position}; return a Tensor, an ndarray or None"
            )
        if value.shape != inp.shape:
            raise RuntimeError(
                f"{self.name}.backward returned a gradient of shape {value.shape} for argument "
                f"{position}, whose shape is {inp.shape}; each gradient must have the shape "
                f"of its input"
            )
        return value


class FunctionOutput(Op):
    """One output of a Function with several: its part of the node's packed output tensor.

    Its backward places the output's gradient at its span of an otherwise zero packed
    gradient (with Tensor ops, so it can be differentiated again).
    """

    name = "output"
    rule = "∂packed = g placed at this output's span of the packed outputs, 0 elsewhere"
    saves_inputs = False
    span: tuple[int, int]

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        (packed,) = self.inputs
        start, stop = self.span
        dtype = packed.dtype
        flat = grad.reshape(-1)
        flat = flat if flat.dtype == dtype else flat.astype(dtype)
        before = constant(np.zeros(start, dtype))
        after = constant(np.zeros(packed.shape[0] - stop, dtype))
        return (concatenate([before, flat, after]),)
