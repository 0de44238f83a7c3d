"""The ``Optimizer`` base: parameter groups, per-parameter state, ``zero_grad`` and state dicts.

Subclasses implement ``step``; updates change each parameter's ``.data`` in place under
``no_grad()`` with the Tensor's in-place operators, which bump its version counter (so a graph
that used the old value refuses to backpropagate instead of giving wrong gradients).
"""

from __future__ import annotations

import copy

import numpy as np

from autograd import Tensor, enable_grad, no_grad

__all__ = ["Optimizer"]


class Optimizer:
    """Holds ``param_groups`` (a list of dicts: ``"params"`` plus hyper-parameters) and
    ``state`` (per-parameter buffers such as momentum), keyed by parameter.

    ``params`` is an iterable of tensors, or of dicts for groups with their own settings:

    >>> SGD(
    ...     [{"params": model[0].parameters(), "lr": 0.1}, {"params": model[2].parameters()}],
    ...     lr=0.01,
    ...     momentum=0.9,
    ... )
    """

    def __init__(self, params, defaults: dict):
        self.defaults = dict(defaults)
        self.state: dict = {}  # id(parameter) -> dict of buffers
        self.param_groups: list = []
        if isinstance(params, Tensor):
            raise TypeError(
                f"{type(self).__name__}: params must be an iterable of tensors (e.g. "
                f"model.parameters()), got a single Tensor; wrap it in a list"
            )
        params = list(params)
        if not params:
            raise ValueError(
                f"{type(self).__name__}: got an empty parameter list (did the "
                f"model register its parameters, and was the iterator used up?)"
            )
        groups = params if isinstance(params[0], dict) else [{"params": params}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, group: dict) -> None:
        """Add a group of parameters with its own hyper-parameters (the rest from defaults)."""
        if not isinstance(group, dict) or "params" not in group:
            raise TypeError(
                f"{type(self).__name__}: a parameter group must be a dict with a "
                f"'params' entry, got {type(group).__name__}"
            )
        group = dict(group)
        params = group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
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
        group["params"] = params
        for key, value in self.defaults.items():
            group.setdefault(key, value)
        if group.get("lr") is None or group["lr"] < 0:
            raise ValueError(f"{type(self).__name__}: invalid learning rate {group.get('lr')!r}")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear the gradients of every parameter (to None, or to zeros in place)."""
        for group in self.param_groups:
            for param in group["params"]:
                if set_to_none or param.grad is None:
                    param.grad = None
                else:
                    param.grad[...] = 0

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns ``closure()`` if given.

        The parameters change in place under ``no_grad`` (bumping their version counters, so
        a graph that saved them refuses to backpropagate with the new values).
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

    def _update(self, param, grad: np.ndarray, group: dict) -> None:  # pragma: no cover
        """Apply the optimiser's rule to one parameter (``grad`` already sign-corrected)."""
        raise NotImplementedError

    def _evaluate(self, closure):
        if closure is None:
            return None
        with enable_grad():
            return closure()

    def _state(self, param) -> dict:
        return self.state.setdefault(id(param), {})

    # ------------------------------------------------------------------ state dicts
    def state_dict(self) -> dict:
        """``{"state": {index: buffers}, "param_groups": [settings with "params": indices]}``,
        parameters numbered in order across groups, like PyTorch; everything is copied."""
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

    def load_state_dict(self, state_dict: dict) -> None:
        """Restore settings and buffers saved by ``state_dict`` (same groups, same sizes)."""
        saved_groups = state_dict.get("param_groups")
        if saved_groups is None or "state" not in state_dict:
            raise KeyError(
                f"{type(self).__name__}.load_state_dict: expected a dict with 'state' "
                f"and 'param_groups' entries, got keys {list(state_dict)}"
            )
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                f"{type(self).__name__}.load_state_dict: the state dict has "
                f"{len(saved_groups)} parameter groups, the optimizer "
                f"{len(self.param_groups)}"
            )
        by_index = {}
        for number, (saved, group) in enumerate(zip(saved_groups, self.param_groups)):
            if len(saved["params"]) != len(group["params"]):
                raise ValueError(
                    f"{type(self).__name__}.load_state_dict: group {number} has "
                    f"{len(saved['params'])} parameters in the state dict but "
                    f"{len(group['params'])} in the optimizer"
                )
            by_index.update(zip(saved["params"], group["params"]))
        new_state = {}
        for index, buffers in state_dict["state"].items():
            param = by_index.get(int(index))
            if param is None:
                raise KeyError(
                    f"{type(self).__name__}.load_state_dict: state for unknown "
                    f"parameter index {index}"
                )
            buffers = copy.deepcopy(buffers)
            for name, value in buffers.items():
                if isinstance(value, np.ndarray) and value.shape == param.shape:
                    buffers[name] = value.astype(param.dtype, copy=False)
                elif isinstance(value, np.ndarray) and value.ndim and value.shape != param.shape:
                    raise ValueError(
                        f"{type(self).__name__}.load_state_dict: buffer '{name}' of "
                        f"parameter {index} has shape {value.shape}, the parameter "
                        f"{param.shape}"
                    )
            new_state[id(param)] = buffers
        for saved, group in zip(saved_groups, self.param_groups):
            for key, value in saved.items():
                if key != "params":
                    group[key] = copy.deepcopy(value)
        self.state = new_state

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for number, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {number}")
            for key in sorted(group):
                if key != "params":
                    lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)
