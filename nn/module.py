"""``Module``: the base of every layer; ``Parameter``; and the containers that hold modules.

A module owns parameters (trainable tensors), buffers (state such as BatchNorm's running
statistics) and sub-modules, all registered simply by assigning them as attributes:

>>> class TwoLayer(Module):
...     def __init__(self):
...         super().__init__()
...         self.hidden = Linear(4, 8)  # a sub-module
...         self.out = Linear(8, 1)
...
...     def forward(self, x):
...         return self.out(self.hidden(x).relu())
>>> [name for name, _ in TwoLayer().named_parameters()]
['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']

Calling a module runs its ``forward`` inside ``autograd.scope(<class name>, kind="module")``,
so the visualiser can draw each module's ops as one cluster.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Literal, NamedTuple, cast

import numpy as np

from autograd import Tensor, get_default_dtype, scope

MemberKind = Literal["parameters", "buffers", "state"]
"""Which registered tensors a walk yields; ``"state"``: parameters, then persistent buffers."""

__all__ = ["IncompatibleKeys", "Module", "ModuleDict", "ModuleList", "Parameter", "Sequential"]


class Parameter(Tensor):
    """A leaf Tensor that a ``Module`` registers as trainable (``requires_grad=True``).

    ``data`` may be an ndarray (its dtype is kept), a Tensor (its array is shared) or a
    nested list (the default float dtype).

    >>> w = Parameter(np.zeros((3, 2), dtype=np.float32))
    >>> w.requires_grad
    True
    """

    def __init__(self, data, requires_grad: bool = True, name: str | None = None):
        if isinstance(data, Tensor):
            data = data.data
        if not isinstance(data, np.ndarray):
            data = np.array(data, dtype=get_default_dtype())
        super().__init__(data, requires_grad=requires_grad, name=name)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


class IncompatibleKeys(NamedTuple):
    """What ``load_state_dict(strict=False)`` could not match."""

    missing_keys: list
    unexpected_keys: list


class Module:
    """Base class of layers and models: subclass it, assign parameters and sub-modules in
    ``__init__`` (after ``super().__init__()``), and define ``forward``.

    >>> model = Sequential(Linear(2, 16), ReLU(), Linear(16, 1))
    >>> model(Tensor(np.ones((5, 2), dtype=np.float32))).shape
    (5, 1)
    """

    training: bool

    def __init__(self):
        # object.__setattr__: our own __setattr__ needs these dicts to exist already
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent", set())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "training", True)

    # ------------------------------------------------------------------ registration
    def _registries(self):
        try:
            return (
                self.__dict__["_parameters"],
                self.__dict__["_buffers"],
                self.__dict__["_modules"],
            )
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__}: call super().__init__() at the start of __init__ before "
                f"assigning parameters, buffers or sub-modules"
            ) from None

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, (Parameter, Module)):
            parameters, buffers, modules = self._registries()
            for registry in (parameters, buffers, modules):
                registry.pop(name, None)
            self.__dict__.pop(name, None)
            (parameters if isinstance(value, Parameter) else modules)[name] = value
            return
        registered = self.__dict__
        if name in registered.get("_parameters", ()):
            if value is not None:
                raise TypeError(
                    f"{type(self).__name__}.{name} is a parameter: assign an "
                    f"nn.Parameter (or None), not a {type(value).__name__}; to change "
                    f"its values use .data[...] = ... or load_state_dict"
                )
            registered["_parameters"][name] = None
        elif name in registered.get("_modules", ()):
            if value is not None:
                raise TypeError(
                    f"{type(self).__name__}.{name} is a sub-module: assign a Module "
                    f"(or None), not a {type(value).__name__}"
                )
            registered["_modules"][name] = None
        elif name in registered.get("_buffers", ()):
            if value is not None and not isinstance(value, (Tensor, np.ndarray)):
                raise TypeError(
                    f"{type(self).__name__}.{name} is a buffer: assign a Tensor or an "
                    f"ndarray, not a {type(value).__name__}"
                )
            if isinstance(value, np.ndarray):
                value = Tensor(value)
            registered["_buffers"][name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str):
        # only called when normal lookup fails: look in the registries
        registries = self.__dict__
        for key in ("_parameters", "_buffers", "_modules"):
            registry = registries.get(key)
            if registry is not None and name in registry:
                return registry[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for key in ("_parameters", "_buffers", "_modules"):
            registry = self.__dict__.get(key)
            if registry is not None and name in registry:
                del registry[name]
                self.__dict__.get("_non_persistent", set()).discard(name)
                return
        object.__delattr__(self, name)

    def register_parameter(self, name: str, parameter: Parameter | None) -> None:
        """Register ``parameter`` under ``name`` (``None`` keeps the name without a tensor)."""
        if parameter is not None and not isinstance(parameter, Parameter):
            raise TypeError(
                f"register_parameter: '{name}' must be a Parameter or None, got "
                f"{type(parameter).__name__}"
            )
        self._registries()[0][name] = parameter

    def register_buffer(self, name: str, value, persistent: bool = True) -> None:
        """Register state that is saved in ``state_dict`` but not trained (e.g. running means).

        >>> self.register_buffer("running_mean", np.zeros(4, dtype=np.float32))
        """
        _, buffers, _ = self._registries()
        if value is not None and not isinstance(value, Tensor):
            value = Tensor(np.asarray(value))
        self.__dict__.pop(name, None)
        buffers[name] = value
        if not persistent:
            self._non_persistent.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module: '{name}' must be a Module, got {type(module).__name__}")
        self._registries()[2][name] = module

    # ------------------------------------------------------------------ traversal
    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """This module and every sub-module, depth first, with dotted names ('' for self)."""
        seen = set()
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            children = [
                (f"{name}.{child_name}" if name else child_name, child)
                for child_name, child in module._modules.items()
                if child is not None
            ]
            stack.extend(reversed(children))

    def modules(self) -> Iterator[Module]:
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        for name, module in self._modules.items():
            if module is not None:
                yield name, module

    def children(self) -> Iterator[Module]:
        for _, module in self.named_children():
            yield module

    def _named_members(
        self, kind: MemberKind, prefix: str = "", recurse: bool = True, unique: bool = False
    ) -> Iterator[tuple[str, Tensor]]:
        """The one walk behind ``named_parameters``, ``named_buffers`` and ``state_dict``:
        ``(dotted name, tensor)`` for each module (depth first) and each of its members of
        ``kind``, in registration order; with ``unique``, a tensor shared by several modules
        comes once, under its first name."""
        seen: set[int] = set()
        modules = self.named_modules(prefix) if recurse else iter([(prefix, self)])
        for module_name, module in modules:
            for name, tensor in module._own_members(kind):
                if unique and id(tensor) in seen:
                    continue
                seen.add(id(tensor))
                yield (f"{module_name}.{name}" if module_name else name), tensor

    def _own_members(self, kind: MemberKind) -> Iterator[tuple[str, Tensor]]:
        """This module's own (not its children's) registered tensors of ``kind``."""
        if kind in ("parameters", "state"):
            for name, parameter in self._parameters.items():
                if parameter is not None:
                    yield name, parameter
        if kind in ("buffers", "state"):
            for name, buffer in self._buffers.items():
                if buffer is not None and not (kind == "state" and name in self._non_persistent):
                    yield name, buffer

    def named_parameters(
        self, prefix: str = "", recurse: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """``(dotted name, parameter)`` pairs, each shared parameter once.

        >>> [name for name, _ in Sequential(Linear(2, 3)).named_parameters()]
        ['0.weight', '0.bias']
        """
        for name, parameter in self._named_members("parameters", prefix, recurse, unique=True):
            yield name, cast(Parameter, parameter)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        for _, parameter in self.named_parameters(recurse=recurse):
            yield parameter

    def named_buffers(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, Tensor]]:
        """``(dotted name, buffer)`` pairs: state that is not trained, such as running means.

        >>> [name for name, _ in Sequential(BatchNorm1d(3)).named_buffers()]
        ['0.running_mean', '0.running_var', '0.num_batches_tracked']
        """
        return self._named_members("buffers", prefix, recurse)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    # ------------------------------------------------------------------ training state
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear every parameter's ``.grad`` (to None, or to zeros in place)."""
        for parameter in self.parameters():
            if set_to_none or parameter.grad is None:
                parameter.grad = None
            else:
                parameter.grad[...] = 0

    def train(self, mode: bool = True) -> Module:
        """Set training mode (Dropout drops, BatchNorm uses batch statistics) recursively."""
        for module in self.modules():
            object.__setattr__(module, "training", bool(mode))
        return self

    def eval(self) -> Module:
        """Evaluation mode: ``train(False)``."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        for parameter in self.parameters():
            parameter.requires_grad = requires_grad
        return self

    # ------------------------------------------------------------------ state
    def _state_items(self) -> Iterator[tuple[str, Tensor]]:
        """``(dotted name, tensor)`` for every parameter and persistent buffer, in order."""
        return self._named_members("state")

    def state_dict(self) -> OrderedDict[str, np.ndarray]:
        """Every parameter and persistent buffer as a copied ndarray, by dotted name.

        >>> nn.save(model.state_dict(), "model.npz")
        """
        return OrderedDict(
            (name, np.array(tensor.data, copy=True)) for name, tensor in self._state_items()
        )

    def load_state_dict(self, state_dict, strict: bool = True) -> IncompatibleKeys:
        """Copy arrays (or Tensors) from ``state_dict`` into the parameters and buffers in place.

        With ``strict=True`` (the default) missing or unexpected keys raise a KeyError listing
        them; a shape mismatch always raises a ValueError naming the key and both shapes.
        Returns ``(missing_keys, unexpected_keys)``.
        """
        own = OrderedDict(self._state_items())
        missing = [name for name in own if name not in state_dict]
        unexpected = [name for name in state_dict if name not in own]
        if strict and (missing or unexpected):
            parts = []
            if missing:
                parts.append(f"missing keys {missing}")
            if unexpected:
                parts.append(f"unexpected keys {unexpected}")
            raise KeyError(
                f"load_state_dict: the state dict does not match {type(self).__name__}: "
                f"{' and '.join(parts)}; pass strict=False to load the matching keys only"
            )
        updates = []
        for name, tensor in own.items():
            if name not in state_dict:
                continue
            value = state_dict[name]
            value = value.data if isinstance(value, Tensor) else np.asarray(value)
            if value.shape != tensor.shape:
                raise ValueError(
                    f"load_state_dict: '{name}' has shape {value.shape} in the state "
                    f"dict but shape {tensor.shape} in the model {type(self).__name__}"
                )
            if value.dtype.kind not in "biuf":
                raise TypeError(
                    f"load_state_dict: '{name}' has dtype {value.dtype}; only numeric "
                    f"arrays can be loaded"
                )
            updates.append((tensor, value))
        for tensor, value in updates:  # only after every check passed: no half-loaded model
            tensor.data[...] = value
            tensor._version[0] += 1
        return IncompatibleKeys(missing, unexpected)

    # ------------------------------------------------------------------ calling
    def forward(self, *args, **kwargs):
        raise NotImplementedError(
            f"{type(self).__name__}: subclasses of Module must define forward()"
        )

    def __call__(self, *args, **kwargs):
        with scope(type(self).__name__, kind="module"):
            return self.forward(*args, **kwargs)

    # ------------------------------------------------------------------ printing
    def extra_repr(self) -> str:
        """The text inside the parentheses of this module's repr (its settings)."""
        return ""

    def __repr__(self) -> str:
        lines = []
        extra = self.extra_repr()
        if extra:
            lines.extend(extra.split("\n"))
        for name, module in self._modules.items():
            text = repr(module).replace("\n", "\n  ")
            lines.append(f"({name}): {text}")
        if not self._modules:
            return f"{type(self).__name__}({extra})"
        body = "\n  ".join(lines)
        return f"{type(self).__name__}(\n  {body}\n)"

    def __dir__(self):
        return sorted(
            set(super().__dir__()) | set(self._parameters) | set(self._buffers) | set(self._modules)
        )


class _ModuleSequence(Module):
    """What Sequential and ModuleList share: numbered children, ``append``, ``len``, iteration
    and indexing (a slice gives a new container of the same kind)."""

    def append(self, module: Module):
        kind = type(self).__name__
        self.add_module(str(len(self)), _check_module(kind, len(self), module))
        return self

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __getitem__(self, index):
        modules = list(self._modules.values())
        if isinstance(index, slice):
            return self._from_modules(modules[index])
        return modules[_position(index, len(modules), type(self).__name__)]

    @classmethod
    def _from_modules(cls, modules: list):
        raise NotImplementedError


class Sequential(_ModuleSequence):
    """Modules applied one after another; indexable (``model[0]``, ``model[1:]``) and sized.

    >>> model = Sequential(Linear(64, 32), ReLU(), Linear(32, 10))
    >>> len(model), type(model[1]).__name__
    (3, 'ReLU')
    """

    def __init__(self, *modules: Module):
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], (OrderedDict, dict)):
            for name, module in modules[0].items():
                self.add_module(str(name), _check_module("Sequential", name, module))
        else:
            for position, module in enumerate(modules):
                self.add_module(str(position), _check_module("Sequential", position, module))

    def forward(self, x):
        for module in self._modules.values():
            x = module(x)
        return x

    @classmethod
    def _from_modules(cls, modules: list) -> Sequential:
        return cls(*modules)


class ModuleList(_ModuleSequence):
    """A list of modules whose parameters are registered (a plain list would hide them).

    >>> blocks = ModuleList([Linear(8, 8) for _ in range(3)])
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def extend(self, modules) -> ModuleList:
        for module in modules:
            self.append(module)
        return self

    @classmethod
    def _from_modules(cls, modules: list) -> ModuleList:
        return cls(modules)

    def __setitem__(self, index: int, module: Module) -> None:
        position = _position(index, len(self), "ModuleList")
        self.add_module(str(position), _check_module("ModuleList", position, module))


class ModuleDict(Module):
    """A dict of modules by name whose parameters are registered.

    >>> heads = ModuleDict({"digit": Linear(32, 10), "parity": Linear(32, 2)})
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def update(self, modules) -> None:
        items = modules.items() if hasattr(modules, "items") else modules
        for name, module in items:
            self[name] = module

    def __getitem__(self, name: str) -> Module:
        try:
            return self._modules[name]
        except KeyError:
            raise KeyError(
                f"ModuleDict: no module named {name!r}; it has {list(self._modules)}"
            ) from None

    def __setitem__(self, name: str, module: Module) -> None:
        if not isinstance(name, str):
            raise TypeError(f"ModuleDict: keys must be strings, got {type(name).__name__}")
        self.add_module(name, _check_module("ModuleDict", name, module))

    def __delitem__(self, name: str) -> None:
        del self._modules[name]

    def __contains__(self, name) -> bool:
        return name in self._modules

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def keys(self):
        return self._modules.keys()

    def values(self):
        return self._modules.values()

    def items(self):
        return self._modules.items()


def _check_module(container: str, key, module) -> Module:
    if not isinstance(module, Module):
        raise TypeError(f"{container}: entry {key!r} must be a Module, got {type(module).__name__}")
    return module


def _position(index, length: int, container: str) -> int:
    index = int(index)
    if not -length <= index < length:
        raise IndexError(f"{container}: index {index} is out of range for {length} modules")
    return index % length
