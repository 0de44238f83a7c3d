"""The ``Optimizer`` base: parameter groups, per-parameter state, ``zero_grad`` and state dicts.

Subclasses implement ``_update`` (the rule for one parameter); ``step`` calls it for every
parameter with a gradient, under ``no_grad()``, and the rule changes ``.data`` in place with
the Tensor's in-place operators, which bump its version counter (so a graph that used the old
value refuses to backpropagate instead of giving wrong gradients).

>>> from nn import Linear
>>> from nn.optim import SGD
>>> layer = Linear(2, 1)
>>> optimizer = SGD(layer.parameters(), lr=0.1)
>>> [len(group["params"]) for group in optimizer.param_groups]
[2]
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from autograd import Tensor, enable_grad, no_grad

__all__ = ["Optimizer"]

ParamGroup = dict[str, Any]
"""One group: ``"params"`` (a list of tensors) and the hyper-parameters that apply to them."""

Params = Iterable[Tensor] | Iterable[Mapping[str, Any]]
"""What an optimiser takes: tensors (one group), or dicts with a ``"params"`` entry (groups)."""


class Optimizer:
    """Holds ``param_groups`` (a list of dicts: ``"params"`` plus hyper-parameters) and
    ``state`` (per-parameter buffers such as momentum), keyed by parameter.

    ``params`` is an iterable of tensors, or of dicts for groups with their own settings:

    >>> from nn import Linear, ReLU, Sequential
    >>> from nn.optim import SGD
    >>> model = Sequential(Linear(2, 4), ReLU(), Linear(4, 1))
    >>> optimizer = SGD(
    ...     [{"params": model[0].parameters(), "lr": 0.1}, {"params": model[2].parameters()}],
    ...     lr=0.01,
    ...     momentum=0.9,
    ... )
    >>> [group["lr"] for group in optimizer.param_groups]
    [0.1, 0.01]
    """

    def __init__(self, params: Params, defaults: Mapping[str, Any]) -> None:
        self.defaults = dict(defaults)
        self.state: dict[int, dict[str, Any]] = {}  # id(parameter) -> its buffers
        self.param_groups: list[ParamGroup] = []
        if isinstance(params, Tensor):
            raise TypeError(
                f"{type(self).__name__}: params must be an iterable of tensors (e.g. "
                f"model.parameters()), got a single Tensor; wrap it in a list"
            )
        entries: list[Any] = list(params)
        if not entries:
            raise ValueError(
                f"{type(self).__name__}: got an empty parameter list (did the "
                f"model register its parameters, and was the iterator used up?)"
            )
        if isinstance(entries[0], Mapping):
            for group in entries:
                self.add_param_group(group)
        else:
            self.add_param_group({"params": entries})

    def add_param_group(self, group: Mapping[str, Any]) -> None:
        """Add a group of parameters with its own hyper-parameters (the rest from defaults).

        >>> from autograd import Tensor
        >>> from nn.optim import SGD
        >>> optimizer = SGD([Tensor([1.0], requires_grad=True)], lr=0.1)
        >>> optimizer.add_param_group({"params": [Tensor([2.0], requires_grad=True)], "lr": 1.0})
        >>> [group["lr"] for group in optimizer.param_groups]
        [0.1, 1.0]
        """
        if not isinstance(group, Mapping) or "params" not in group:
            raise TypeError(
                f"{type(self).__name__}: a parameter group must be a dict with a "
                f"'params' entry, got {type(group).__name__}"
            )
        new_group = dict(group)
        params = new_group["params"]
        new_group["params"] = self._checked_params(
            [params] if isinstance(params, Tensor) else list(params)
        )
        for key, value in self.defaults.items():
            new_group.setdefault(key, value)
        if new_group.get("lr") is None or new_group["lr"] < 0:
            raise ValueError(
                f"{type(self).__name__}: invalid learning rate {new_group.get('lr')!r}"
            )
        self.param_groups.append(new_group)

    def _checked_params(self, params: list[Any]) -> list[Tensor]:
        """``params`` of a new group: leaf tensors that require grad, in no other group."""
        seen = {id(p) for existing in self.param_groups for p in existing["params"]}
        for position, param in enumerate(params):
            if not isinstance(param, Tensor):
                raise TypeError(
                    f"{type(self).__name__}: parameter {position} of group "
                    f"{len(self.param_groups)} is a {type(param).__name__}, not a Tensor"
                )
            if not param.requires_grad or not param.is_leaf:
                raise ValueError(
                    f"{type(self).__name__}: parameter {position} (shape "
                    f"{param.shape}) must be a leaf tensor that requires grad"
                )
            if id(param) in seen:
                raise ValueError(
                    f"{type(self).__name__}: parameter {position} (shape "
                    f"{param.shape}) appears in more than one parameter group"
                )
            seen.add(id(param))
        return params

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear the gradients of every parameter (to None, or to zeros in place).

        >>> from autograd import Tensor
        >>> from nn.optim import SGD
        >>> weight = Tensor([1.0], requires_grad=True)
        >>> (weight * 3).sum().backward()
        >>> SGD([weight], lr=0.1).zero_grad()
        >>> weight.grad is None
        True
        """
        for group in self.param_groups:
            for param in group["params"]:
                if set_to_none or param.grad is None:
                    param.grad = None
                else:
                    param.grad[...] = 0

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; returns ``closure()`` if given.

        The parameters change in place under ``no_grad`` (bumping their version counters, so
        a graph that saved them refuses to backpropagate with the new values).

        >>> from autograd import Tensor
        >>> from nn.optim import SGD
        >>> weight = Tensor([1.0], requires_grad=True)
        >>> (weight * 3).sum().backward()  # d/dw = 3
        >>> SGD([weight], lr=0.1).step()
        >>> weight.data  # 1 - 0.1 * 3
        array([0.7], dtype=float32)
        """
        loss = self._evaluate(closure)
        with no_grad():
            for group in self.param_groups:
                for param in group["params"]:
                    grad = param.grad
                    if grad is None:
                        continue
                    self._update(param, -grad if group["maximize"] else grad, group)
        return loss

    def _update(
        self, param: Tensor, grad: np.ndarray, group: ParamGroup
    ) -> None:  # pragma: no cover
        """Apply the optimiser's rule to one parameter (``grad`` already sign-corrected)."""
        raise NotImplementedError

    def _evaluate(self, closure: Callable[[], Any] | None) -> Any:
        if closure is None:
            return None
        with enable_grad():
            return closure()

    def _state(self, param: Tensor) -> dict[str, Any]:
        return self.state.setdefault(id(param), {})

    # ------------------------------------------------------------------ state dicts
    def state_dict(self) -> dict[str, Any]:
        """``{"state": {index: buffers}, "param_groups": [settings with "params": indices]}``,
        parameters numbered in order across groups, like PyTorch; everything is copied.

        >>> from autograd import Tensor
        >>> from nn.optim import SGD
        >>> SGD([Tensor([1.0], requires_grad=True)], lr=0.1).state_dict()["param_groups"][0][
        ...     "params"
        ... ]
        [0]
        """
        groups, state, index = [], {}, 0
        for group in self.param_groups:
            settings = {
                key: copy.deepcopy(value) for key, value in group.items() if key != "params"
            }
            indices = []
            for param in group["params"]:
                if id(param) in self.state:
                    state[index] = copy.deepcopy(self.state[id(param)])
                indices.append(index)
                index += 1
            settings["params"] = indices
            groups.append(settings)
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: Mapping[str, Any]) -> None:
        """Restore settings and buffers saved by ``state_dict`` (same groups, same sizes).

        >>> from autograd import Tensor
        >>> from nn.optim import SGD
        >>> saved = SGD([Tensor([1.0], requires_grad=True)], lr=0.5).state_dict()
        >>> optimizer = SGD([Tensor([1.0], requires_grad=True)], lr=0.1)
        >>> optimizer.load_state_dict(saved)
        >>> optimizer.param_groups[0]["lr"]
        0.5
        """
        saved_groups = state_dict.get("param_groups")
        if saved_groups is None or "state" not in state_dict:
            raise KeyError(
                f"{type(self).__name__}.load_state_dict: expected a dict with 'state' "
                f"and 'param_groups' entries, got keys {list(state_dict)}"
            )
        by_index = self._params_by_index(saved_groups)
        new_state = {}
        for index, buffers in state_dict["state"].items():
            param = by_index.get(int(index))
            if param is None:
                raise KeyError(
                    f"{type(self).__name__}.load_state_dict: state for unknown "
                    f"parameter index {index}"
                )
            new_state[id(param)] = self._restored_buffers(buffers, param, index)
        for saved, group in zip(saved_groups, self.param_groups, strict=True):
            for key, value in saved.items():
                if key != "params":
                    group[key] = copy.deepcopy(value)
        self.state = new_state

    def _params_by_index(self, saved_groups: list[Mapping[str, Any]]) -> dict[int, Tensor]:
        """Match the saved groups to this optimiser's; the parameter of each saved index."""
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                f"{type(self).__name__}.load_state_dict: the state dict has "
                f"{len(saved_groups)} parameter groups, the optimizer "
                f"{len(self.param_groups)}"
            )
        by_index: dict[int, Tensor] = {}
        for number, (saved, group) in enumerate(zip(saved_groups, self.param_groups, strict=True)):
            if len(saved["params"]) != len(group["params"]):
                raise ValueError(
                    f"{type(self).__name__}.load_state_dict: group {number} has "
                    f"{len(saved['params'])} parameters in the state dict but "
                    f"{len(group['params'])} in the optimizer"
                )
            by_index.update(zip(saved["params"], group["params"], strict=True))
        return by_index

    def _restored_buffers(
        self, buffers: Mapping[str, Any], param: Tensor, index: object
    ) -> dict[str, Any]:
        """A copy of one parameter's saved buffers, arrays cast to its dtype, shapes checked."""
        restored = copy.deepcopy(dict(buffers))
        for name, value in restored.items():
            if not isinstance(value, np.ndarray):
                continue
            if value.shape == param.shape:
                restored[name] = value.astype(param.dtype, copy=False)
            elif value.ndim:
                raise ValueError(
                    f"{type(self).__name__}.load_state_dict: buffer '{name}' of "
                    f"parameter {index} has shape {value.shape}, the parameter "
                    f"{param.shape}"
                )
        return restored

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for number, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {number}")
            lines.extend(f"    {key}: {group[key]}" for key in sorted(group) if key != "params")
        lines.append(")")
        return "\n".join(lines)
