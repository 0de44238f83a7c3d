"""Module hooks, as PyTorch's: code that runs around a module's ``forward`` and its backward.

``Module.register_forward_pre_hook``, ``register_forward_hook``,
``register_full_backward_pre_hook`` and ``register_full_backward_hook`` keep their hooks here and
return a :class:`RemovableHandle`. The backward hooks see the gradients that flow *through this
call of the module*: its inputs and outputs pass through one identity node each way
(``BackwardHook`` in a drawing, PyTorch's ``BackwardHookFunction``), so a gradient that reaches an
input by another path is not mixed in.

>>> import numpy as np
>>> from nn import Linear
>>> layer = Linear(3, 2)
>>> seen = []
>>> handle = layer.register_full_backward_hook(
...     lambda module, grad_input, grad_output: seen.append(grad_output[0].shape)
... )
>>> layer(np.ones((4, 3), dtype=np.float32)).sum().backward()
>>> seen
[(4, 2)]
>>> handle.remove()
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd import Function, Tensor, is_grad_enabled

if TYPE_CHECKING:
    from types import TracebackType

    from autograd.function import FunctionCtx

    from .module import Module

Hook = Callable[..., Any]

FORWARD_PRE, FORWARD, BACKWARD_PRE, BACKWARD = "forward_pre", "forward", "backward_pre", "backward"
_ids = count()


@dataclass
class ModuleHooks:
    """The hooks of one module, by kind: id → (hook, with_kwargs), in calling order."""

    kinds: dict[str, OrderedDict[int, tuple[Hook, bool]]] = field(
        default_factory=lambda: {
            kind: OrderedDict() for kind in (FORWARD_PRE, FORWARD, BACKWARD_PRE, BACKWARD)
        }
    )

    def add(self, kind: str, hook: Hook, *, prepend: bool, with_kwargs: bool) -> RemovableHandle:
        if not callable(hook):
            raise TypeError(f"register_{kind}_hook(): the hook must be callable, not {hook!r}")
        key = next(_ids)
        table = self.kinds[kind]
        table[key] = (hook, with_kwargs)
        if prepend:
            table.move_to_end(key, last=False)
        return RemovableHandle(table, key)

    def any_backward(self) -> bool:
        return bool(self.kinds[BACKWARD] or self.kinds[BACKWARD_PRE])


class RemovableHandle:
    """What a ``register_*_hook`` returns: ``remove()`` takes the hook off again (twice is
    harmless); as a context manager it removes the hook on exit."""

    def __init__(self, table: OrderedDict[int, tuple[Hook, bool]], key: int) -> None:
        self._table, self.id = table, key

    def remove(self) -> None:
        """Stop calling the hook."""
        self._table.pop(self.id, None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.remove()


def call_with_hooks(
    module: Module, hooks: ModuleHooks, forward: Callable[..., Any], args: tuple, kwargs: dict
) -> Any:
    """Run ``forward(*args, **kwargs)`` with ``module``'s hooks around it, as PyTorch orders
    them: forward pre-hooks, the inputs through the backward hook's node, forward, forward
    hooks, the outputs through the backward hook's node."""
    for hook, with_kwargs in list(hooks.kinds[FORWARD_PRE].values()):
        if with_kwargs:
            result = hook(module, args, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError(
                        f"{type(module).__name__}: a forward pre-hook registered with "
                        f"with_kwargs=True must return None or (args, kwargs), got {result!r}"
                    )
                args, kwargs = result
        else:
            result = hook(module, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
    call: _BackwardCall | None = None
    if hooks.any_backward() and is_grad_enabled():
        call = _BackwardCall(module, hooks)
        args = call.wrap_inputs(args)
    output = forward(*args, **kwargs)
    for hook, with_kwargs in list(hooks.kinds[FORWARD].values()):
        result = hook(module, args, kwargs, output) if with_kwargs else hook(module, args, output)
        if result is not None:
            output = result
    if call is not None:
        output = call.wrap_outputs(output)
    return output


class _BackwardCall:
    """One call of a module with backward hooks: what the two identity nodes share."""

    def __init__(self, module: Module, hooks: ModuleHooks) -> None:
        self.module, self.hooks = module, hooks
        self.n_inputs = 0
        self.inputs_need_grad = False
        self.grad_output: tuple[Tensor | None, ...] | None = None

    def wrap_inputs(self, args: tuple) -> tuple:
        # an ndarray argument counts as an input that needs no gradient (grad_input: None)
        self.n_inputs = sum(isinstance(value, Tensor | np.ndarray) for value in args)
        positions = tuple(i for i, value in enumerate(args) if isinstance(value, Tensor))
        tensors = [args[i] for i in positions]
        self.inputs_need_grad = any(tensor.requires_grad for tensor in tensors)
        if not self.inputs_need_grad:
            return args
        passed = BackwardHook.apply(self, "inputs", *tensors)
        passed = passed if isinstance(passed, tuple) else (passed,)
        new = list(args)
        for i, tensor in zip(positions, passed, strict=True):
            new[i] = tensor
        return tuple(new)

    def wrap_outputs(self, output: Any) -> Any:
        outputs = output if isinstance(output, tuple) else (output,)
        positions = [
            i
            for i, value in enumerate(outputs)
            if isinstance(value, Tensor) and value.requires_grad
        ]
        if not positions:
            return output
        passed = BackwardHook.apply(self, "outputs", *(outputs[i] for i in positions))
        passed = passed if isinstance(passed, tuple) else (passed,)
        new = list(outputs)
        for i, tensor in zip(positions, passed, strict=True):
            new[i] = tensor
        return tuple(new) if isinstance(output, tuple) else new[0]

    def received_grad_output(self, grads: tuple[Tensor | None, ...]) -> tuple[Tensor | None, ...]:
        """Run the backward pre-hooks (which may replace the output gradients); remember them;
        when no input needs a gradient, run the backward hooks now (grad_input all None)."""
        for hook, _ in list(self.hooks.kinds[BACKWARD_PRE].values()):
            result = hook(self.module, grads)
            if result is not None:
                grads = _checked(self.module, "backward pre-hook", result, grads)
        self.grad_output = grads
        if not self.inputs_need_grad:
            self.received_grad_input((None,) * self.n_inputs)
        return grads

    def received_grad_input(self, grads: tuple[Tensor | None, ...]) -> tuple[Tensor | None, ...]:
        """Run the backward hooks (which may replace the input gradients)."""
        grad_output = self.grad_output if self.grad_output is not None else ()
        for hook, _ in list(self.hooks.kinds[BACKWARD].values()):
            result = hook(self.module, grads, grad_output)
            if result is not None:
                grads = _checked(self.module, "backward hook", result, grads)
        return grads


def _checked(
    module: Module, what: str, result: Any, grads: tuple[Tensor | None, ...]
) -> tuple[Tensor | None, ...]:
    found = result if isinstance(result, tuple | list) else (result,)
    if len(found) != len(grads):
        raise RuntimeError(
            f"{type(module).__name__}: a {what} returned {len(found)} gradients for "
            f"{len(grads)} tensors"
        )
    checked: list[Tensor | None] = []
    for new, old in zip(found, grads, strict=True):
        if new is not None and not isinstance(new, Tensor):
            new = Tensor(new)
        if new is not None and old is not None and new.shape != old.shape:
            raise RuntimeError(
                f"{type(module).__name__}: a {what} returned a gradient of shape {new.shape} "
                f"for one of shape {old.shape}"
            )
        checked.append(new)
    return tuple(checked)


class BackwardHook(Function):
    """Identity on a module call's input tensors (``role="inputs"``) or output tensors
    (``role="outputs"``). Its backward on the outputs sees ``grad_output``; on the inputs it is
    where the module's ``grad_input`` is complete, so it runs the backward hooks."""

    @staticmethod
    def forward(ctx: FunctionCtx, call: _BackwardCall, role: str, *tensors: Tensor) -> Any:
        state: Any = ctx  # the context carries this call's bookkeeping to backward
        state.call, state.role = call, role
        return tensors if len(tensors) > 1 else tensors[0]

    @staticmethod
    def backward(ctx: FunctionCtx, *grads: Tensor) -> Any:
        state: Any = ctx
        call: _BackwardCall = state.call
        passed = (
            call.received_grad_input(grads)
            if state.role == "inputs"
            else call.received_grad_output(grads)
        )
        return (None, None, *passed)
