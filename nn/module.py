"""``Module``: the base of every layer; ``Parameter``; and the containers that hold modules.

A module owns parameters (trainable tensors), buffers (state such as BatchNorm's running
statistics) and sub-modules, all registered simply by assigning them as attributes:

>>> from nn import Linear
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
from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    ValuesView,
)
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast, overload

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from autograd import Tensor, get_default_dtype, scope

from .hooks import (
    BACKWARD,
    BACKWARD_PRE,
    FORWARD,
    FORWARD_PRE,
    ModuleHooks,
    RemovableHandle,
    call_with_hooks,
)

if TYPE_CHECKING:  # typing.Self is Python 3.11+; annotations are strings here
    from typing_extensions import Self

MemberKind = Literal["parameters", "buffers", "state"]
"""Which registered tensors a walk yields; ``"state"``: parameters, then persistent buffers."""

__all__ = [
    "IncompatibleKeys",
    "Module",
    "ModuleDict",
    "ModuleList",
    "Parameter",
    "ParameterDict",
    "ParameterList",
    "Sequential",
]


class Parameter(Tensor):
    """A leaf Tensor that a ``Module`` registers as trainable (``requires_grad=True``).

    ``data`` may be an ndarray (its dtype is kept), a Tensor (its array is shared) or a
    nested list (the default float dtype).

    >>> w = Parameter(np.zeros((3, 2), dtype=np.float32))
    >>> w.requires_grad
    True
    """

    def __init__(
        self, data: Tensor | ArrayLike, requires_grad: bool = True, name: str | None = None
    ) -> None:
        if isinstance(data, Tensor):
            data = data.data
        if not isinstance(data, np.ndarray):
            data = np.array(data, dtype=get_default_dtype())
        super().__init__(data, requires_grad=requires_grad, name=name)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


class IncompatibleKeys(NamedTuple):
    """What ``load_state_dict(strict=False)`` could not match.

    >>> IncompatibleKeys(missing_keys=["bias"], unexpected_keys=[]).missing_keys
    ['bias']
    """

    missing_keys: list[str]
    unexpected_keys: list[str]


class Module:
    """Base class of layers and models: subclass it, assign parameters and sub-modules in
    ``__init__`` (after ``super().__init__()``), and define ``forward``.

    >>> from nn import Linear, ReLU
    >>> model = Sequential(Linear(2, 16), ReLU(), Linear(16, 1))
    >>> model(np.ones((5, 2), dtype=np.float32)).shape
    (5, 1)
    """

    training: bool
    _parameters: OrderedDict[str, Parameter | None]
    _buffers: OrderedDict[str, Tensor | None]
    _non_persistent: set[str]
    _modules: OrderedDict[str, Module | None]

    def __init__(self) -> None:
        # object.__setattr__: our own __setattr__ needs these dicts to exist already
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent", set())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "training", True)

    # ------------------------------------------------------------------ registration
    def _registries(
        self,
    ) -> tuple[
        OrderedDict[str, Parameter | None],
        OrderedDict[str, Tensor | None],
        OrderedDict[str, Module | None],
    ]:
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

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, (Parameter, Module)):
            parameters, buffers, modules = self._registries()
            for registry in (parameters, buffers, modules):
                registry.pop(name, None)
            self.__dict__.pop(name, None)
            if isinstance(value, Parameter):
                parameters[name] = value
            else:
                modules[name] = value
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

    def __getattr__(self, name: str) -> Any:
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
        """Register ``parameter`` under ``name`` (``None`` keeps the name without a tensor).

        >>> module = Module()
        >>> module.register_parameter("scale", Parameter([1.0]))
        >>> [name for name, _ in module.named_parameters()]
        ['scale']
        """
        if parameter is not None and not isinstance(parameter, Parameter):
            raise TypeError(
                f"register_parameter: '{name}' must be a Parameter or None, got "
                f"{type(parameter).__name__}"
            )
        self._check_new_name("register_parameter", "parameter", name, "_parameters")
        self._registries()[0][name] = parameter

    def register_buffer(
        self, name: str, value: Tensor | ArrayLike | None, persistent: bool = True
    ) -> None:
        """Register state that is saved in ``state_dict`` but not trained (e.g. running means).

        >>> module = Module()
        >>> module.register_buffer("running_mean", np.zeros(2, dtype=np.float32))
        >>> dict(module.state_dict())
        {'running_mean': array([0., 0.], dtype=float32)}
        """
        _, buffers, _ = self._registries()
        self._check_new_name("register_buffer", "buffer", name, "_buffers")
        if value is not None and not isinstance(value, Tensor):
            # np.asarray, not to_tensor: a list keeps NumPy's dtype (int counters stay int)
            value = Tensor(np.asarray(value))
        buffers[name] = value
        if persistent:
            self._non_persistent.discard(name)
        else:
            self._non_persistent.add(name)

    def _check_new_name(self, who: str, kind: str, name: object, registry: str) -> None:
        """PyTorch's checks of a name to register: a non-empty string without dots that is not
        already another kind of attribute."""
        if not isinstance(name, str):
            raise TypeError(f"{who}: the {kind} name must be a string, got {type(name).__name__}")
        if not name or "." in name:
            raise KeyError(
                f"{who}: the {kind} name must be non-empty and contain no '.', got {name!r}"
            )
        if name not in self.__dict__[registry] and (
            name in self.__dict__ or hasattr(type(self), name) or self._registered_elsewhere(name)
        ):
            raise KeyError(f"{who}: attribute '{name}' already exists on {type(self).__name__}")

    def _registered_elsewhere(self, name: str) -> bool:
        return any(name in self.__dict__[key] for key in ("_parameters", "_buffers", "_modules"))

    def add_module(self, name: str, module: Module | None) -> None:
        """Register ``module`` as the sub-module ``name`` (what assigning an attribute does).

        >>> from nn import ReLU
        >>> model = Module()
        >>> model.add_module("activation", ReLU())
        >>> model.activation
        ReLU()
        """
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module: '{name}' must be a Module, got {type(module).__name__}")
        self._registries()[2][name] = module

    # ------------------------------------------------------------------ traversal
    def named_modules(
        self, memo: set[Module] | None = None, prefix: str = "", remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Module]]:
        """This module and every sub-module, depth first, with dotted names ('' for self); a
        module reachable twice comes once (``remove_duplicate=False``: under each name).
        ``memo``: modules to skip (and to add the visited ones to), as PyTorch's.

        >>> from nn import Linear
        >>> model = Sequential(Linear(1, 1), Sequential(Linear(1, 1)))
        >>> [name for name, _ in model.named_modules()]
        ['', '0', '1', '1.0']
        """
        seen: set[int] = {id(module) for module in memo} if memo is not None else set()
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if remove_duplicate:
                if id(module) in seen:
                    continue
                seen.add(id(module))
                if memo is not None:
                    memo.add(module)
            yield name, module
            children = [
                (f"{name}.{child_name}" if name else child_name, child)
                for child_name, child in module._modules.items()
                if child is not None
            ]
            stack.extend(reversed(children))

    def modules(self) -> Iterator[Module]:
        """This module and every sub-module, depth first.

        >>> from nn import ReLU
        >>> [type(module).__name__ for module in Sequential(ReLU()).modules()]
        ['Sequential', 'ReLU']
        """
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """The direct sub-modules with their names.

        >>> from nn import ReLU
        >>> [name for name, _ in Sequential(ReLU(), ReLU()).named_children()]
        ['0', '1']
        """
        for name, module in self._modules.items():
            if module is not None:
                yield name, module

    def children(self) -> Iterator[Module]:
        """The direct sub-modules.

        >>> from nn import ReLU
        >>> len(list(Sequential(ReLU(), Sequential(ReLU())).children()))
        2
        """
        for _, module in self.named_children():
            yield module

    def _named_members(
        self, kind: MemberKind, prefix: str = "", recurse: bool = True, unique: bool = False
    ) -> Iterator[tuple[str, Tensor]]:
        """The one walk behind ``named_parameters``, ``named_buffers`` and ``state_dict``:
        ``(dotted name, tensor)`` for each module (depth first) and each of its members of
        ``kind``, in registration order; with ``unique``, a module or a tensor shared by several
        modules comes once, under its first name (without: under each, as in a state dict)."""
        seen: set[int] = set()
        if recurse:
            modules = self.named_modules(prefix=prefix, remove_duplicate=unique)
        else:
            modules = iter([(prefix, self)])
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
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """``(dotted name, parameter)`` pairs, each shared parameter once (unless
        ``remove_duplicate=False``).

        >>> from nn import Linear
        >>> [name for name, _ in Sequential(Linear(2, 3)).named_parameters()]
        ['0.weight', '0.bias']
        """
        members = self._named_members("parameters", prefix, recurse, unique=remove_duplicate)
        for name, parameter in members:
            yield name, cast(Parameter, parameter)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Every parameter (each shared one once), e.g. for an optimiser.

        >>> from nn import Linear
        >>> [parameter.shape for parameter in Linear(2, 3).parameters()]
        [(3, 2), (3,)]
        """
        for _, parameter in self.named_parameters(recurse=recurse):
            yield parameter

    def named_buffers(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Tensor]]:
        """``(dotted name, buffer)`` pairs: state that is not trained, such as running means;
        each shared buffer once (unless ``remove_duplicate=False``).

        >>> from nn import BatchNorm1d
        >>> [name for name, _ in Sequential(BatchNorm1d(3)).named_buffers()]
        ['0.running_mean', '0.running_var', '0.num_batches_tracked']
        """
        return self._named_members("buffers", prefix, recurse, unique=remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        """Every buffer.

        >>> from nn import BatchNorm1d
        >>> [buffer.shape for buffer in BatchNorm1d(3).buffers()]
        [(3,), (3,), ()]
        """
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    # ------------------------------------------------------------------ training state
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear every parameter's ``.grad`` (to None, or to zeros in place).

        >>> from nn import Linear
        >>> layer = Linear(2, 1)
        >>> layer(np.ones((1, 2), np.float32)).sum().backward()
        >>> layer.zero_grad()
        >>> layer.weight.grad is None
        True
        """
        for parameter in self.parameters():
            if set_to_none or parameter.grad is None:
                parameter.grad = None
            else:
                parameter.grad[...] = 0

    def train(self, mode: bool = True) -> Self:
        """Set training mode (Dropout drops, BatchNorm uses batch statistics) recursively.

        >>> from nn import Dropout
        >>> model = Sequential(Dropout(0.5)).train(False)
        >>> model[0].training
        False
        """
        for module in self.modules():
            object.__setattr__(module, "training", bool(mode))
        return self

    def eval(self) -> Self:
        """Evaluation mode: ``train(False)``.

        >>> Module().eval().training
        False
        """
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Self:
        """Turn gradient tracking of every parameter on or off (e.g. to freeze a layer).

        >>> from nn import Linear
        >>> layer = Linear(2, 1).requires_grad_(False)
        >>> layer.weight.requires_grad
        False
        """
        for parameter in self.parameters():
            parameter.requires_grad = requires_grad
        return self

    def apply(self, fn: Callable[[Module], object]) -> Self:
        """Call ``fn`` on every sub-module (children first), then on this module, as PyTorch's
        (e.g. for a custom initialisation).

        >>> from nn import Linear, init
        >>> def zero_biases(module):
        ...     if isinstance(module, Linear):
        ...         init.zeros_(module.bias)
        >>> model = Sequential(Linear(2, 2)).apply(zero_biases)
        >>> model[0].bias.data
        array([0., 0.], dtype=float32)
        """
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def to(self, dtype: DTypeLike | str) -> Self:
        """Convert every floating-point parameter and buffer (and gradient) to ``dtype``, in
        place (integer buffers such as ``num_batches_tracked`` are kept); ``"cpu"`` is accepted
        and changes nothing (NumPy arrays live in memory).

        >>> from nn import Linear
        >>> Linear(2, 1).to(np.float64).weight.dtype
        dtype('float64')
        """
        if isinstance(dtype, str) and dtype.lower() == "cpu":
            return self
        target = np.dtype(dtype)
        if target.kind not in "fc":
            raise TypeError(
                f"{type(self).__name__}.to: expected a floating-point dtype, got {target}"
            )
        seen: set[int] = set()
        for tensor in [*self.parameters(), *self.buffers()]:
            if id(tensor) in seen or tensor.data.dtype.kind not in "fc":
                continue
            seen.add(id(tensor))
            tensor.data = tensor.data.astype(target)
            if tensor.grad is not None:
                tensor.grad = tensor.grad.astype(target)
        return self

    def double(self) -> Self:
        """Floating-point parameters and buffers to float64: ``to(np.float64)``.

        >>> from nn import Linear
        >>> Linear(2, 1).double().bias.dtype
        dtype('float64')
        """
        return self.to(np.float64)

    def float(self) -> Self:
        """Floating-point parameters and buffers to float32: ``to(np.float32)``.

        >>> from nn import Linear
        >>> Linear(2, 1, dtype=np.float64).float().bias.dtype
        dtype('float32')
        """
        return self.to(np.float32)

    def get_submodule(self, target: str) -> Module:
        """The sub-module at the dotted path ``target`` ('' for this module).

        >>> from nn import Linear
        >>> Sequential(Sequential(Linear(1, 2))).get_submodule("0.0").out_features
        2
        """
        module: Module = self
        for part in target.split(".") if target else []:
            child = module._modules.get(part)
            if child is None:
                raise AttributeError(
                    f"get_submodule: {type(module).__name__} has no sub-module '{part}' "
                    f"(looking up '{target}')"
                )
            module = child
        return module

    def get_parameter(self, target: str) -> Parameter:
        """The parameter at the dotted path ``target``.

        >>> from nn import Linear
        >>> Sequential(Linear(1, 2)).get_parameter("0.bias").shape
        (2,)
        """
        module_path, _, name = target.rpartition(".")
        parameter = self.get_submodule(module_path)._parameters.get(name)
        if parameter is None:
            raise AttributeError(f"get_parameter: no parameter '{target}'")
        return parameter

    def get_buffer(self, target: str) -> Tensor:
        """The buffer at the dotted path ``target``.

        >>> from nn import BatchNorm1d
        >>> Sequential(BatchNorm1d(2)).get_buffer("0.running_var").data
        array([1., 1.], dtype=float32)
        """
        module_path, _, name = target.rpartition(".")
        buffer = self.get_submodule(module_path)._buffers.get(name)
        if buffer is None:
            raise AttributeError(f"get_buffer: no buffer '{target}'")
        return buffer

    # ------------------------------------------------------------------ state
    def _state_items(self) -> Iterator[tuple[str, Tensor]]:
        """``(dotted name, tensor)`` for every parameter and persistent buffer, in order."""
        return self._named_members("state")

    def state_dict(
        self,
        *,
        destination: OrderedDict[str, Any] | None = None,
        prefix: str = "",
        keep_vars: bool = False,
    ) -> OrderedDict[str, Any]:
        """Every parameter and persistent buffer as a copied ndarray, by dotted name, in
        PyTorch's order and with its keys (a module's parameters, then its buffers, then each
        child's; a shared tensor under each of its names). ``prefix`` is put before every key;
        ``keep_vars=True`` gives the Tensors themselves; ``destination`` is filled and returned.

        So a PyTorch model of the same architecture loads it, and the other way round:
        ``torch_model.load_state_dict({k: torch.from_numpy(v) for k, v in sd.items()})``,
        ``model.load_state_dict({k: v.numpy() for k, v in torch_model.state_dict().items()})``.

        >>> from nn import BatchNorm1d, Linear
        >>> list(
        ...     Sequential(Linear(2, 2), BatchNorm1d(2)).state_dict()
        ... )  # doctest: +NORMALIZE_WHITESPACE
        ['0.weight', '0.bias', '1.weight', '1.bias',
         '1.running_mean', '1.running_var', '1.num_batches_tracked']
        """
        result: OrderedDict[str, Any] = OrderedDict() if destination is None else destination
        for name, tensor in self._named_members("state", prefix=prefix.rstrip(".")):
            result[name] = tensor if keep_vars else np.array(tensor.data, copy=True)
        return result

    def load_state_dict(
        self,
        state_dict: Mapping[str, Tensor | ArrayLike],
        strict: bool = True,
        assign: bool = False,
    ) -> IncompatibleKeys:
        """Copy arrays (or Tensors) from ``state_dict`` into the parameters and buffers in place.

        With ``strict=True`` (the default) missing or unexpected keys raise a KeyError listing
        them; a shape mismatch always raises a ValueError naming the key and both shapes.
        ``assign=True`` (as PyTorch's) registers new tensors holding copies of the values, with
        their dtypes, instead of writing into the existing ones (a parameter keeps its
        ``requires_grad``; an optimiser built before holds the old ones).
        Returns ``(missing_keys, unexpected_keys)``.

        >>> from nn import Linear
        >>> layer = Linear(2, 1)
        >>> layer.load_state_dict({"weight": np.ones((1, 2))}, strict=False)
        IncompatibleKeys(missing_keys=['bias'], unexpected_keys=[])
        >>> layer.weight.data
        array([[1., 1.]], dtype=float32)
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
            updates.append((name, tensor, value))
        for name, tensor, value in updates:  # only after every check passed: no half-load
            if assign:
                self._assign(name, tensor, np.array(value, copy=True))
            else:
                tensor.data[...] = value
                tensor._count_change()
        return IncompatibleKeys(missing, unexpected)

    def _assign(self, name: str, old: Tensor, value: np.ndarray) -> None:
        """Register a new parameter or buffer holding ``value`` under the dotted ``name``."""
        module_path, _, member = name.rpartition(".")
        module = self.get_submodule(module_path)
        if isinstance(old, Parameter):
            module._parameters[member] = Parameter(value, requires_grad=old.requires_grad)
        else:
            module._buffers[member] = Tensor(value)

    # ------------------------------------------------------------------ calling
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation of this module: subclasses define it (see the class example)."""
        raise NotImplementedError(
            f"{type(self).__name__}: subclasses of Module must define forward()"
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        hooks = self.__dict__.get("_module_hooks")
        with scope(type(self).__name__, kind="module"):
            if hooks is None:
                return self.forward(*args, **kwargs)
            return call_with_hooks(self, hooks, self.forward, args, kwargs)

    # ------------------------------------------------------------------ hooks
    def _hook_table(self) -> ModuleHooks:
        hooks = self.__dict__.get("_module_hooks")
        if hooks is None:
            hooks = ModuleHooks()
            object.__setattr__(self, "_module_hooks", hooks)
        return hooks

    def register_forward_pre_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False, with_kwargs: bool = False
    ) -> RemovableHandle:
        """Call ``hook(module, args)`` before every ``forward``; a value it returns (a tuple,
        or one value) replaces the positional arguments. With ``with_kwargs=True`` the hook is
        ``hook(module, args, kwargs)`` and may return ``(args, kwargs)``. ``prepend=True`` runs
        it before the hooks already registered. Returns a handle with ``.remove()``.

        >>> from nn import Linear
        >>> layer = Linear(2, 1)
        >>> handle = layer.register_forward_pre_hook(lambda module, args: (args[0] * 0,))
        >>> float(layer(np.ones((1, 2), dtype=np.float32)).sum()) == float(layer.bias.sum())
        True
        >>> handle.remove()
        """
        return self._hook_table().add(FORWARD_PRE, hook, prepend=prepend, with_kwargs=with_kwargs)

    def register_forward_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False, with_kwargs: bool = False
    ) -> RemovableHandle:
        """Call ``hook(module, args, output)`` after every ``forward``; a value it returns
        replaces the output. With ``with_kwargs=True``: ``hook(module, args, kwargs, output)``.

        The usual use: record what each layer computes.

        >>> from nn import Linear, ReLU, Sequential
        >>> model = Sequential(Linear(4, 3), ReLU(), Linear(3, 2))
        >>> shapes = {}
        >>> handles = [
        ...     module.register_forward_hook(
        ...         lambda module, args, output, name=name: shapes.update({name: output.shape})
        ...     )
        ...     for name, module in model.named_children()
        ... ]
        >>> _ = model(np.ones((5, 4), dtype=np.float32))
        >>> shapes
        {'0': (5, 3), '1': (5, 3), '2': (5, 2)}
        >>> for handle in handles:
        ...     handle.remove()
        """
        return self._hook_table().add(FORWARD, hook, prepend=prepend, with_kwargs=with_kwargs)

    def register_full_backward_pre_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False
    ) -> RemovableHandle:
        """Call ``hook(module, grad_output)`` when the gradients with respect to this call's
        outputs are known, before they go on into the module; a tuple it returns replaces
        them."""
        return self._hook_table().add(BACKWARD_PRE, hook, prepend=prepend, with_kwargs=False)

    def register_full_backward_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False
    ) -> RemovableHandle:
        """Call ``hook(module, grad_input, grad_output)`` when the gradients with respect to
        this call's Tensor arguments are computed (``grad_input``, one per positional Tensor
        argument, None where none is needed; ``grad_output``, one per output that requires
        grad). A tuple it returns replaces ``grad_input``. The gradients are those that flow
        through this module call only, as in PyTorch.

        >>> from autograd import ones
        >>> from nn import Linear
        >>> layer = Linear(3, 1)
        >>> norms = []
        >>> handle = layer.register_full_backward_hook(
        ...     lambda module, grad_input, grad_output: norms.append(grad_input[0].shape)
        ... )
        >>> x = ones((2, 3), requires_grad=True)
        >>> layer(x).sum().backward()
        >>> norms
        [(2, 3)]
        >>> handle.remove()
        """
        return self._hook_table().add(BACKWARD, hook, prepend=prepend, with_kwargs=False)

    # ------------------------------------------------------------------ printing
    def extra_repr(self) -> str:
        """The text inside the parentheses of this module's repr (its settings).

        >>> from nn import Dropout
        >>> Dropout(0.25).extra_repr()
        'p=0.25'
        """
        return ""

    def __repr__(self) -> str:
        lines = []
        extra = self.extra_repr()
        if extra:
            lines.extend(extra.split("\n"))
        for name, module in self._modules.items():
            text = repr(module).replace("\n", "\n  ")
            lines.append(f"({name}): {text}")
        if not self._modules and "\n" not in extra:
            return f"{type(self).__name__}({extra})"
        body = "\n  ".join(lines)
        return f"{type(self).__name__}(\n  {body}\n)"

    def __dir__(self) -> list[str]:
        return sorted(
            set(super().__dir__()) | set(self._parameters) | set(self._buffers) | set(self._modules)
        )


class _ModuleSequence(Module):
    """What Sequential and ModuleList share: numbered children, ``append``, ``len``, iteration
    and indexing (a slice gives a new container of the same kind)."""

    def append(self, module: Module) -> Self:
        """Add ``module`` at the end, numbered after the others.

        >>> from nn import ReLU
        >>> len(Sequential().append(ReLU()))
        1
        """
        kind = type(self).__name__
        self.add_module(str(len(self)), _check_module(kind, len(self), module))
        return self

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._children_list())

    @overload
    def __getitem__(self, index: int) -> Module: ...
    @overload
    def __getitem__(self, index: slice) -> Self: ...
    def __getitem__(self, index: int | slice) -> Module | Self:
        modules = self._children_list()
        if isinstance(index, slice):
            return self._from_modules(modules[index])
        return modules[_position(index, len(modules), type(self).__name__)]

    def _children_list(self) -> list[Module]:
        return [module for module in self._modules.values() if module is not None]

    @classmethod
    def _from_modules(cls, modules: list[Module]) -> Self:
        raise NotImplementedError


class Sequential(_ModuleSequence):
    """Modules applied one after another; indexable (``model[0]``, ``model[1:]``) and sized.

    >>> from nn import Linear, ReLU
    >>> model = Sequential(Linear(64, 32), ReLU(), Linear(32, 10))
    >>> len(model), type(model[1]).__name__
    (3, 'ReLU')
    >>> model[1:]
    Sequential(
      (0): ReLU()
      (1): Linear(in_features=32, out_features=10, bias=True)
    )
    """

    def __init__(self, *modules: Module | Mapping[str, Module]) -> None:
        super().__init__()
        named: Iterable[tuple[object, object]] = enumerate(modules)
        if len(modules) == 1 and isinstance(modules[0], Mapping):
            named = modules[0].items()
        for name, module in named:
            self.add_module(str(name), _check_module("Sequential", name, module))

    def forward(self, x: Any) -> Any:
        for module in self._children_list():
            x = module(x)
        return x

    @classmethod
    def _from_modules(cls, modules: list[Module]) -> Self:
        return cls(*modules)


class ModuleList(_ModuleSequence):
    """A list of modules whose parameters are registered (a plain list would hide them).

    >>> from nn import Linear
    >>> blocks = ModuleList([Linear(8, 8) for _ in range(3)])
    >>> len(list(blocks.parameters()))
    6
    """

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def extend(self, modules: Iterable[Module]) -> Self:
        """Append each of ``modules``.

        >>> from nn import ReLU
        >>> len(ModuleList().extend([ReLU(), ReLU()]))
        2
        """
        for module in modules:
            self.append(module)
        return self

    @classmethod
    def _from_modules(cls, modules: list[Module]) -> Self:
        return cls(modules)

    def __setitem__(self, index: int, module: Module) -> None:
        position = _position(index, len(self), "ModuleList")
        self.add_module(str(position), _check_module("ModuleList", position, module))


class ModuleDict(Module):
    """A dict of modules by name whose parameters are registered.

    >>> from nn import Linear
    >>> heads = ModuleDict({"digit": Linear(32, 10), "parity": Linear(32, 2)})
    >>> list(heads), heads["parity"].out_features
    (['digit', 'parity'], 2)
    """

    def __init__(
        self, modules: Mapping[str, Module] | Iterable[tuple[str, Module]] | None = None
    ) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    def update(self, modules: Mapping[str, Module] | Iterable[tuple[str, Module]]) -> None:
        """Add (or replace) modules from a mapping or from ``(name, module)`` pairs.

        >>> from nn import ReLU
        >>> heads = ModuleDict()
        >>> heads.update([("activation", ReLU())])
        >>> list(heads.keys())
        ['activation']
        """
        items = modules.items() if isinstance(modules, Mapping) else modules
        for name, module in items:
            self[name] = module

    def __getitem__(self, name: str) -> Module:
        module = self._modules.get(name)
        if module is None:
            raise KeyError(f"ModuleDict: no module named {name!r}; it has {list(self._modules)}")
        return module

    def __setitem__(self, name: str, module: Module) -> None:
        if not isinstance(name, str):
            raise TypeError(f"ModuleDict: keys must be strings, got {type(name).__name__}")
        self.add_module(name, _check_module("ModuleDict", name, module))

    def __delitem__(self, name: str) -> None:
        del self._modules[name]

    def __contains__(self, name: object) -> bool:
        return name in self._modules

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def keys(self) -> KeysView[str]:
        """The names, in insertion order (as ``dict.keys``).

        >>> from nn import ReLU, Tanh
        >>> list(ModuleDict({"b": ReLU(), "a": Tanh()}).keys())
        ['b', 'a']
        """
        return self._modules.keys()

    def values(self) -> ValuesView[Module | None]:
        """The modules, in insertion order (as ``dict.values``).

        >>> from nn import ReLU
        >>> list(ModuleDict({"activation": ReLU()}).values())
        [ReLU()]
        """
        return self._modules.values()

    def items(self) -> ItemsView[str, Module | None]:
        """``(name, module)`` pairs, in insertion order (as ``dict.items``).

        >>> from nn import ReLU
        >>> list(ModuleDict({"activation": ReLU()}).items())
        [('activation', ReLU())]
        """
        return self._modules.items()


def _check_module(container: str, key: object, module: object) -> Module:
    if not isinstance(module, Module):
        raise TypeError(f"{container}: entry {key!r} must be a Module, got {type(module).__name__}")
    return module


def _position(index: int, length: int, container: str) -> int:
    index = int(index)
    if not -length <= index < length:
        raise IndexError(f"{container}: index {index} is out of range for {length} modules")
    return index % length


def _as_parameter(container: str, key: object, value: object) -> Parameter:
    """A Parameter as is; any other Tensor or array wrapped in one (as PyTorch's containers)."""
    if isinstance(value, Parameter):
        return value
    if isinstance(value, (Tensor, np.ndarray)):
        return Parameter(value)
    raise TypeError(
        f"{container}: entry {key!r} must be a Parameter, a Tensor or an ndarray, got "
        f"{type(value).__name__}"
    )


def _describe(parameter: Parameter | None) -> str:
    if parameter is None:
        return "None"
    size = "x".join(map(str, parameter.shape))
    return f"Parameter containing: [{parameter.dtype} of size {size}]"


class ParameterList(Module):
    """A list of parameters, registered under '0', '1', ... (a plain list would hide them).

    >>> weights = ParameterList([np.zeros((2, 3)), np.ones(3)])
    >>> [name for name, _ in weights.named_parameters()], weights[1].shape
    (['0', '1'], (3,))
    """

    def __init__(self, values: Iterable[Tensor | np.ndarray] | None = None) -> None:
        super().__init__()
        if values is not None:
            self.extend(values)

    def append(self, value: Tensor | np.ndarray) -> Self:
        """Add ``value`` (made a Parameter if it is not one) at the end.

        >>> len(ParameterList().append(np.zeros(2)))
        1
        """
        index = len(self)
        self.register_parameter(str(index), _as_parameter("ParameterList", index, value))
        return self

    def extend(self, values: Iterable[Tensor | np.ndarray]) -> Self:
        """Append each of ``values``.

        >>> len(ParameterList().extend([np.zeros(2), np.zeros(3)]))
        2
        """
        for value in values:
            self.append(value)
        return self

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self) -> Iterator[Parameter]:
        return iter([parameter for parameter in self._parameters.values() if parameter is not None])

    @overload
    def __getitem__(self, index: int) -> Parameter: ...
    @overload
    def __getitem__(self, index: slice) -> ParameterList: ...
    def __getitem__(self, index: int | slice) -> Parameter | ParameterList:
        values = list(self)
        if isinstance(index, slice):
            return ParameterList(values[index])
        return values[_position(index, len(values), "ParameterList")]

    def __setitem__(self, index: int, value: Tensor | np.ndarray) -> None:
        position = _position(index, len(self), "ParameterList")
        self._parameters[str(position)] = _as_parameter("ParameterList", position, value)

    def extra_repr(self) -> str:
        return "\n".join(
            f"({name}): {_describe(parameter)}" for name, parameter in self._parameters.items()
        )


class ParameterDict(Module):
    """A dict of parameters by name, registered (a plain dict would hide them).

    >>> scales = ParameterDict({"alpha": np.ones(2), "beta": np.zeros(2)})
    >>> [name for name, _ in scales.named_parameters()], "beta" in scales
    (['alpha', 'beta'], True)
    """

    def __init__(
        self,
        parameters: Mapping[str, Tensor | np.ndarray]
        | Iterable[tuple[str, Tensor | np.ndarray]]
        | None = None,
    ) -> None:
        super().__init__()
        if parameters is not None:
            self.update(parameters)

    def update(
        self,
        parameters: Mapping[str, Tensor | np.ndarray] | Iterable[tuple[str, Tensor | np.ndarray]],
    ) -> None:
        """Add (or replace) parameters from a mapping or from ``(name, value)`` pairs.

        >>> scales = ParameterDict()
        >>> scales.update([("gamma", np.ones(1))])
        >>> list(scales.keys())
        ['gamma']
        """
        items = parameters.items() if isinstance(parameters, Mapping) else parameters
        for name, value in items:
            self[name] = value

    def __getitem__(self, name: str) -> Parameter:
        parameter = self._parameters.get(name)
        if parameter is None:
            raise KeyError(
                f"ParameterDict: no parameter named {name!r}; it has {list(self._parameters)}"
            )
        return parameter

    def __setitem__(self, name: str, value: Tensor | np.ndarray) -> None:
        if not isinstance(name, str):
            raise TypeError(f"ParameterDict: keys must be strings, got {type(name).__name__}")
        self.register_parameter(name, _as_parameter("ParameterDict", name, value))

    def __delitem__(self, name: str) -> None:
        del self._parameters[name]

    def __contains__(self, name: object) -> bool:
        return name in self._parameters

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self) -> Iterator[str]:
        return iter(self._parameters)

    def keys(self) -> KeysView[str]:
        """The names, in insertion order (as ``dict.keys``).

        >>> list(ParameterDict({"b": np.ones(1), "a": np.ones(1)}).keys())
        ['b', 'a']
        """
        return self._parameters.keys()

    def values(self) -> ValuesView[Parameter | None]:
        """The parameters, in insertion order (as ``dict.values``).

        >>> [value.shape for value in ParameterDict({"w": np.ones(2)}).values()]
        [(2,)]
        """
        return self._parameters.values()

    def items(self) -> ItemsView[str, Parameter | None]:
        """``(name, parameter)`` pairs, in insertion order (as ``dict.items``).

        >>> [name for name, _ in ParameterDict({"w": np.ones(2)}).items()]
        ['w']
        """
        return self._parameters.items()

    def extra_repr(self) -> str:
        return "\n".join(
            f"({name}): {_describe(parameter)}" for name, parameter in self._parameters.items()
        )
