"""Recurrent layers, PyTorch's: ``RNN``, ``LSTM``, ``GRU`` and the one-step cells ``RNNCell``,
``LSTMCell``, ``GRUCell``.

Compositions, no backward of their own: each layer projects the whole input sequence once
(``linear``, one matrix product for every time step), then runs the recurrence step by step,
each step one ``linear`` of the hidden state and the gate nonlinearities; the outputs are
stacked. The gradient through time emerges from the graph. Gates as PyTorch orders them (LSTM:
input, forget, cell, output; GRU: reset, update, new), so PyTorch's weights load unchanged.

    RNN:   h' = tanh(W_ih x + b_ih + W_hh h + b_hh)            (or relu)
    LSTM:  i, f, g, o = σ, σ, tanh, σ of (W_ih x + b_ih + W_hh h + b_hh)
           c' = f c + i g,   h' = o tanh(c')                    (h' = W_hr h' with proj_size)
    GRU:   r, z = σ(W_i{r,z} x + b_i{r,z} + W_h{r,z} h + b_h{r,z})
           n = tanh(W_in x + b_in + r (W_hn h + b_hn)),   h' = (1 - z) n + z h

>>> import numpy as np
>>> lstm = LSTM(input_size=3, hidden_size=4, num_layers=2, batch_first=True)
>>> output, (h_n, c_n) = lstm(np.zeros((2, 5, 3), np.float32))  # (batch, time, features)
>>> output.shape, h_n.shape, c_n.shape
((2, 5, 4), (2, 2, 4), (2, 2, 4))
>>> [name for name, _ in lstm.named_parameters()][:4]
['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
from numpy.typing import DTypeLike

import autograd
from autograd import Tensor, get_default_dtype
from autograd.tensor import to_tensor

from . import init
from .functional import dropout, linear
from .module import Module, Parameter
from .padding import TensorLike

__all__ = ["GRU", "LSTM", "RNN", "GRUCell", "LSTMCell", "RNNBase", "RNNCell", "RNNCellBase"]

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}
State = Tensor | tuple[Tensor, Tensor]
"""A hidden state: h, or (h, c) for an LSTM."""


def _shape(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join(map(str, shape)) + "]"


def _empty(shape: tuple[int, ...], dtype: DTypeLike | None) -> np.ndarray:
    return np.zeros(shape, dtype=get_default_dtype() if dtype is None else np.dtype(dtype))


def _activation(nonlinearity: str, who: str) -> Callable[[Tensor], Tensor]:
    if nonlinearity == "tanh":
        return Tensor.tanh
    if nonlinearity == "relu":
        return Tensor.relu
    raise ValueError(f"{who}: unknown nonlinearity {nonlinearity!r}; select from 'tanh' or 'relu'")


# ---------------------------------------------------------------- one step of each recurrence
# ``projected`` is W_ih x + b_ih, computed for every time step at once by the caller.
def _rnn_step(
    projected: Tensor,
    h: Tensor,
    w_hh: Tensor,
    b_hh: Tensor | None,
    activation: Callable[[Tensor], Tensor],
) -> Tensor:
    return activation(projected + linear(h, w_hh, b_hh))


def _lstm_step(
    projected: Tensor,
    state: tuple[Tensor, Tensor],
    w_hh: Tensor,
    b_hh: Tensor | None,
    w_hr: Tensor | None,
) -> tuple[Tensor, Tensor]:
    h, c = state
    i, f, g, o = (projected + linear(h, w_hh, b_hh)).chunk(4, dim=-1)
    c = f.sigmoid() * c + i.sigmoid() * g.tanh()
    h = o.sigmoid() * c.tanh()
    return (h if w_hr is None else linear(h, w_hr)), c


def _gru_step(projected: Tensor, h: Tensor, w_hh: Tensor, b_hh: Tensor | None) -> Tensor:
    x_r, x_z, x_n = projected.chunk(3, dim=-1)
    h_r, h_z, h_n = linear(h, w_hh, b_hh).chunk(3, dim=-1)
    reset, update = (x_r + h_r).sigmoid(), (x_z + h_z).sigmoid()
    new = (x_n + reset * h_n).tanh()
    return new + update * (h - new)  # (1 - z) n + z h


# ---------------------------------------------------------------- the multi-layer layers
class RNNBase(Module):
    """What ``RNN``, ``LSTM`` and ``GRU`` share: PyTorch's constructor, parameter names
    (``weight_ih_l{k}``, ``weight_hh_l{k}``, ``bias_ih_l{k}``, ``bias_hh_l{k}``, with
    ``_reverse`` for the backward direction and ``weight_hr_l{k}`` for an LSTM's projection),
    init U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) and the sequence loop."""

    def __init__(
        self,
        mode: str,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        dtype: DTypeLike | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        name = type(self).__name__
        if mode not in _GATES:
            raise ValueError(f"{name}: unrecognized RNN mode {mode!r}")
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)):
            raise ValueError(f"{name}: dropout should be a number in range [0, 1], got {dropout!r}")
        if not 0 <= dropout <= 1:
            raise ValueError(
                f"{name}: dropout should be a number in range [0, 1] representing the "
                f"probability of an element being zeroed, got {dropout}"
            )
        for what, value, low in (
            ("input_size", input_size, 0),
            ("hidden_size", hidden_size, 1),
            ("num_layers", num_layers, 1),
        ):
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < low:
                raise ValueError(
                    f"{name}: {what} must be an integer >= {low}, got {value!r} "
                    f"({type(value).__name__})"
                )
        if proj_size < 0:
            raise ValueError(
                f"{name}: proj_size should be a positive integer or zero, got {proj_size}"
            )
        if proj_size and mode != "LSTM":
            raise ValueError(
                f"{name}: proj_size argument is only supported for LSTM, not RNN or GRU"
            )
        if proj_size >= hidden_size:
            raise ValueError(
                f"{name}: proj_size {proj_size} has to be smaller than hidden_size {hidden_size}"
            )
        if dropout and num_layers == 1:
            warnings.warn(
                f"{name}: dropout option adds dropout after all but last recurrent layer, so "
                f"non-zero dropout expects num_layers greater than 1, but got dropout={dropout} "
                f"and num_layers={num_layers}",
                stacklevel=3,
            )
        self.mode = mode
        self.input_size, self.hidden_size = int(input_size), int(hidden_size)
        self.num_layers, self.bias = int(num_layers), bool(bias)
        self.batch_first, self.dropout = bool(batch_first), float(dropout)
        self.bidirectional, self.proj_size = bool(bidirectional), int(proj_size)
        self._activation = Tensor.relu if mode == "RNN_RELU" else Tensor.tanh
        gate_size = _GATES[mode] * self.hidden_size
        out_size = self.proj_size or self.hidden_size
        directions = 2 if self.bidirectional else 1
        for layer in range(self.num_layers):
            layer_input = self.input_size if layer == 0 else out_size * directions
            for suffix in ("", "_reverse")[:directions]:
                shapes: dict[str, tuple[int, ...]] = {
                    "weight_ih": (gate_size, layer_input),
                    "weight_hh": (gate_size, out_size),
                }
                if self.bias:
                    shapes["bias_ih"] = (gate_size,)
                    shapes["bias_hh"] = (gate_size,)
                if self.proj_size:
                    shapes["weight_hr"] = (self.proj_size, self.hidden_size)
                for kind, shape in shapes.items():
                    setattr(self, f"{kind}_l{layer}{suffix}", Parameter(_empty(shape, dtype)))
        self.reset_parameters(generator)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Draw every weight and bias from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as
        PyTorch does.

        >>> rnn = RNN(2, 4)
        >>> rnn.reset_parameters(np.random.default_rng(0))
        >>> bool(np.all(np.abs(rnn.weight_hh_l0.data) <= 0.5))
        True
        """
        bound = 1.0 / math.sqrt(self.hidden_size)
        for parameter in self.parameters():
            init.uniform_(parameter, -bound, bound, generator=generator)

    def _weights(self, layer: int, suffix: str) -> tuple[Tensor | None, ...]:
        """(weight_ih, weight_hh, bias_ih, bias_hh, weight_hr) of one layer and direction."""
        return tuple(
            getattr(self, f"{kind}_l{layer}{suffix}", None)
            for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")
        )

    @property
    def all_weights(self) -> list[list[Tensor]]:
        """The parameters per layer and direction, in PyTorch's order."""
        return [
            [weight for weight in self._weights(layer, suffix) if weight is not None]
            for layer in range(self.num_layers)
            for suffix in ("", "_reverse")[: 2 if self.bidirectional else 1]
        ]

    def _state_shape(self, batch: int | None) -> tuple[int, ...]:
        layers = self.num_layers * (2 if self.bidirectional else 1)
        return (
            (layers, self.proj_size or self.hidden_size)
            if batch is None
            else (
                layers,
                batch,
                self.proj_size or self.hidden_size,
            )
        )

    def _check_state(self, h: Tensor, shape: tuple[int, ...], what: str) -> None:
        if h.shape != shape:
            raise RuntimeError(
                f"{type(self).__name__}: expected {what} size {shape}, got {_shape(h.shape)}"
            )

    def _prepare(
        self,
        data: TensorLike,
        hx: object,
    ) -> tuple[Tensor, list[Tensor] | None, bool]:
        """(input as (T, B, features), the given initial states or None, unbatched)."""
        name = type(self).__name__
        x = to_tensor(data)
        if x.ndim not in (2, 3):
            raise ValueError(
                f"{name}: expected input to be 2D (unbatched) or 3D, got {x.ndim}D input of "
                f"size {_shape(x.shape)}"
            )
        if x.shape[-1] != self.input_size:
            raise RuntimeError(
                f"{name}: input.size(-1) must be equal to input_size. Expected "
                f"{self.input_size}, got {x.shape[-1]}"
            )
        unbatched = x.ndim == 2
        if unbatched:
            x = x.unsqueeze(1)
        elif self.batch_first:
            x = x.swapaxes(0, 1)
        if hx is None:
            return x, None, unbatched
        states = list(hx) if isinstance(hx, (tuple, list)) else [hx]
        wanted = 2 if self.mode == "LSTM" else 1
        if len(states) != wanted or not all(isinstance(s, (Tensor, np.ndarray)) for s in states):
            kind = "a tuple (h_0, c_0)" if wanted == 2 else "a Tensor h_0"
            raise TypeError(f"{name}: hx must be {kind}, got {type(hx).__name__}")
        tensors = [to_tensor(s) for s in states]
        dims = 2 if unbatched else 3
        for state in tensors:
            if state.ndim != dims:
                raise RuntimeError(
                    f"{name}: for {'unbatched 2-D' if unbatched else 'batched 3-D'} input, hx "
                    f"should also be {dims}-D but got {state.ndim}-D tensor"
                )
        batch = None if unbatched else x.shape[1]
        self._check_state(tensors[0], self._state_shape(batch), "hidden")
        if wanted == 2:
            layers = self._state_shape(batch)[0]
            cell = (
                (layers, self.hidden_size) if batch is None else (layers, batch, self.hidden_size)
            )
            self._check_state(tensors[1], cell, "cell state")
        if unbatched:
            tensors = [state.unsqueeze(1) for state in tensors]
        return x, tensors, unbatched

    def _run(self, x: Tensor, initial: list[Tensor] | None) -> tuple[Tensor, list[Tensor]]:
        """The stacked recurrence over (T, B, features): (output, [h_n] or [h_n, c_n])."""
        steps, batch = x.shape[0], x.shape[1]
        directions = 2 if self.bidirectional else 1
        out_size = self.proj_size or self.hidden_size
        lstm = self.mode == "LSTM"
        finals: list[list[Tensor]] = [[], []]
        layer_input = x
        for layer in range(self.num_layers):
            outputs = []
            for direction, suffix in enumerate(("", "_reverse")[:directions]):
                index = layer * directions + direction
                w_ih, w_hh, b_ih, b_hh, w_hr = self._weights(layer, suffix)
                assert w_ih is not None and w_hh is not None
                if initial is None:
                    h = autograd.zeros((batch, out_size), dtype=x.dtype)
                    c = autograd.zeros((batch, self.hidden_size), dtype=x.dtype)
                else:
                    h = initial[0][index]
                    c = initial[1][index] if lstm else h
                projected = linear(layer_input, w_ih, b_ih)  # every step at once
                order = range(steps - 1, -1, -1) if direction else range(steps)
                hs: list[Tensor] = [h] * steps
                for t in order:
                    if lstm:
                        h, c = _lstm_step(projected[t], (h, c), w_hh, b_hh, w_hr)
                    elif self.mode == "GRU":
                        h = _gru_step(projected[t], h, w_hh, b_hh)
                    else:
                        h = _rnn_step(projected[t], h, w_hh, b_hh, self._activation)
                    hs[t] = h
                outputs.append(autograd.stack(hs, dim=0))
                finals[0].append(h)
                finals[1].append(c)
            layer_input = outputs[0] if directions == 1 else autograd.concatenate(outputs, axis=2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_input = dropout(layer_input, self.dropout, training=True)
        states = [autograd.stack(finals[0], dim=0)]
        if lstm:
            states.append(autograd.stack(finals[1], dim=0))
        return layer_input, states

    def _finish(
        self, output: Tensor, states: list[Tensor], unbatched: bool
    ) -> tuple[Tensor, list[Tensor]]:
        if unbatched:
            return output.squeeze(1), [state.squeeze(1) for state in states]
        if self.batch_first:
            output = output.swapaxes(0, 1)
        return output, states

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size:
            text += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if self.mode == "RNN_RELU":
            text += ", nonlinearity='relu'"
        if not self.bias:
            text += ", bias=False"
        if self.batch_first:
            text += ", batch_first=True"
        if self.dropout:
            text += f", dropout={self.dropout}"
        if self.bidirectional:
            text += ", bidirectional=True"
        return text


class RNN(RNNBase):
    """A multi-layer Elman RNN, PyTorch's ``nn.RNN``: h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1)
    + b_hh) (``nonlinearity='relu'`` for ReLU). ``forward(input, hx=None)`` takes input of
    (T, B, input_size) ((B, T, input_size) with ``batch_first``, or unbatched (T, input_size))
    and h_0 of (num_layers * directions, B, hidden_size) (zeros when omitted); returns
    ``(output, h_n)``, output holding the last layer's h_t for every t (both directions
    concatenated).

    >>> rnn = RNN(3, 5, num_layers=2, nonlinearity="relu", bidirectional=True)
    >>> output, h_n = rnn(np.zeros((7, 2, 3), np.float32))
    >>> output.shape, h_n.shape
    ((7, 2, 10), (4, 2, 5))
    >>> rnn
    RNN(3, 5, num_layers=2, nonlinearity='relu', bidirectional=True)
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        nonlinearity: str = "tanh",
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        dtype: DTypeLike | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        _activation(nonlinearity, "RNN")
        super().__init__(
            "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            0,
            dtype,
            generator,
        )
        self.nonlinearity = nonlinearity

    def forward(
        self,
        input: TensorLike,  # noqa: A002 - PyTorch's name
        hx: TensorLike | None = None,
    ) -> tuple[Tensor, Tensor]:
        x, initial, unbatched = self._prepare(input, hx)
        output, states = self._finish(*self._run(x, initial), unbatched)
        return output, states[0]


class LSTM(RNNBase):
    """A multi-layer long short-term memory, PyTorch's ``nn.LSTM``: per step the gates i, f, g,
    o = σ, σ, tanh, σ of W_ih x_t + b_ih + W_hh h_(t-1) + b_hh, then c_t = f c_(t-1) + i g and
    h_t = o tanh(c_t); with ``proj_size`` > 0, h_t = W_hr h_t (weight_hr_l{k}).
    ``forward(input, hx=None)``, hx = (h_0, c_0); returns ``(output, (h_n, c_n))``.

    >>> lstm = LSTM(3, 4, proj_size=2)
    >>> output, (h_n, c_n) = lstm(np.zeros((6, 3), np.float32))  # unbatched
    >>> output.shape, h_n.shape, c_n.shape
    ((6, 2), (1, 2), (1, 4))
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        dtype: DTypeLike | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__(
            "LSTM",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            proj_size,
            dtype,
            generator,
        )

    def forward(
        self,
        input: TensorLike,  # noqa: A002 - PyTorch's name
        hx: tuple[TensorLike, TensorLike] | None = None,
    ) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        x, initial, unbatched = self._prepare(input, hx)
        output, states = self._finish(*self._run(x, initial), unbatched)
        return output, (states[0], states[1])


class GRU(RNNBase):
    """A multi-layer gated recurrent unit, PyTorch's ``nn.GRU``: r, z = σ(...), n = tanh(W_in
    x_t + b_in + r (W_hn h_(t-1) + b_hn)), h_t = (1 - z) n + z h_(t-1). ``forward(input,
    hx=None)``; returns ``(output, h_n)``.

    >>> gru = GRU(3, 4, batch_first=True)
    >>> output, h_n = gru(np.zeros((2, 5, 3), np.float32))
    >>> output.shape, h_n.shape, gru.weight_ih_l0.shape
    ((2, 5, 4), (1, 2, 4), (12, 3))
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        dtype: DTypeLike | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__(
            "GRU",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            0,
            dtype,
            generator,
        )

    def forward(
        self,
        input: TensorLike,  # noqa: A002 - PyTorch's name
        hx: TensorLike | None = None,
    ) -> tuple[Tensor, Tensor]:
        x, initial, unbatched = self._prepare(input, hx)
        output, states = self._finish(*self._run(x, initial), unbatched)
        return output, states[0]


# ---------------------------------------------------------------- the cells
class RNNCellBase(Module):
    """What the cells share: ``weight_ih`` (gates * hidden, input), ``weight_hh`` (gates *
    hidden, hidden), ``bias_ih``, ``bias_hh``, PyTorch's init, and input checks."""

    gates = 1

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool,
        dtype: DTypeLike | None,
        generator: np.random.Generator | None,
    ) -> None:
        super().__init__()
        name = type(self).__name__
        if hidden_size < 1 or input_size < 0:
            raise ValueError(
                f"{name}: input_size must be >= 0 and hidden_size >= 1, got {input_size} and "
                f"{hidden_size}"
            )
        self.input_size, self.hidden_size, self.bias = int(input_size), int(hidden_size), bias
        gate_size = self.gates * self.hidden_size
        self.weight_ih = Parameter(_empty((gate_size, self.input_size), dtype))
        self.weight_hh = Parameter(_empty((gate_size, self.hidden_size), dtype))
        self.bias_ih = Parameter(_empty((gate_size,), dtype)) if bias else None
        self.bias_hh = Parameter(_empty((gate_size,), dtype)) if bias else None
        self.reset_parameters(generator)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Every weight and bias from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        for parameter in self.parameters():
            init.uniform_(parameter, -bound, bound, generator=generator)

    def _prepare(
        self,
        data: TensorLike,
        states: list[TensorLike | None],
    ) -> tuple[Tensor, list[Tensor], bool]:
        """(input as (B, input_size), the states as (B, hidden_size), zeros if None, and
        whether the input was unbatched)."""
        name = type(self).__name__
        x = to_tensor(data)
        if x.ndim not in (1, 2):
            raise ValueError(
                f"{name}: expected input to be 1D or 2D, got {x.ndim}D input of size "
                f"{_shape(x.shape)}"
            )
        if x.shape[-1] != self.input_size:
            raise RuntimeError(
                f"{name}: input has inconsistent input_size: got {x.shape[-1]} expected "
                f"{self.input_size}"
            )
        unbatched = x.ndim == 1
        if unbatched:
            x = x.unsqueeze(0)
        wanted = (x.shape[0], self.hidden_size)
        tensors = []
        for state in states:
            if state is None:
                tensors.append(autograd.zeros(wanted, dtype=x.dtype))
                continue
            h = to_tensor(state)
            if unbatched:
                h = h.unsqueeze(0) if h.ndim == 1 else h
            if h.shape != wanted:
                raise RuntimeError(
                    f"{name}: hidden state has inconsistent size: got {_shape(h.shape)}, "
                    f"expected {_shape(wanted if not unbatched else (self.hidden_size,))}"
                )
            tensors.append(h)
        return x, tensors, unbatched

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if not self.bias:
            text += ", bias=False"
        nonlinearity = getattr(self, "nonlinearity", "tanh")
        if nonlinearity != "tanh":
            text += f", nonlinearity={nonlinearity!r}"
        return text


class RNNCell(RNNCellBase):
    """One step of an Elman RNN, PyTorch's ``nn.RNNCell``: h' = tanh(W_ih x + b_ih + W_hh h +
    b_hh) (or relu). ``forward(input, hx=None)``: input (B, input_size) or (input_size,).

    >>> cell = RNNCell(3, 4)
    >>> cell(np.zeros((2, 3), np.float32)).shape
    (2, 4)
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        nonlinearity: str = "tanh",
        dtype: DTypeLike | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        activation = _activation(nonlinearity, "RNNCell")
        super().__init__(input_size, hidden_size, bias, dtype, generator)
        self._activation, self.nonlinearity = activation, nonlinearity

    def forward(
        self,
        input: TensorLike,  # noqa: A002 - PyTorch's name
        hx: TensorLike | None = None,
    ) -> Tensor:
        x, (h,), unbatched = self._prepare(input, [hx])
        projected = linear(x, self.weight_ih, self.bias_ih)
        h = _rnn_step(projected, h, self.weight_hh, self.bias_hh, self._activation)
        return h.squeeze(0) if unbatched else h


class LSTMCell(RNNCellBase):
    """One step of an LSTM, PyTorch's ``nn.LSTMCell``: ``forward(input, hx=None)`` with hx =
    (h, c); returns (h', c').

    >>> h, c = LSTMCell(3, 4)(np.zeros(3, np.float32))
    >>> h.shape, c.shape
    ((4,), (4,))
    """

    gates = 4

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        dtype: DTypeLike | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__(input_size, hidden_size, bias, dtype, generator)

    def forward(
        self,
        input: TensorLike,  # noqa: A002 - PyTorch's name
        hx: tuple[TensorLike, TensorLike] | None = None,
    ) -> tuple[Tensor, Tensor]:
        given: list[TensorLike | None] = [None, None] if hx is None else [hx[0], hx[1]]
        x, (h, c), unbatched = self._prepare(input, given)
        projected = linear(x, self.weight_ih, self.bias_ih)
        h, c = _lstm_step(projected, (h, c), self.weight_hh, self.bias_hh, None)
        return (h.squeeze(0), c.squeeze(0)) if unbatched else (h, c)


class GRUCell(RNNCellBase):
    """One step of a GRU, PyTorch's ``nn.GRUCell``: ``forward(input, hx=None)``; returns h'.

    >>> GRUCell(3, 4)(np.zeros((5, 3), np.float32), np.ones((5, 4), np.float32)).shape
    (5, 4)
    """

    gates = 3

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        dtype: DTypeLike | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__(input_size, hidden_size, bias, dtype, generator)

    def forward(
        self,
        input: TensorLike,  # noqa: A002 - PyTorch's name
        hx: TensorLike | None = None,
    ) -> Tensor:
        x, (h,), unbatched = self._prepare(input, [hx])
        projected = linear(x, self.weight_ih, self.bias_ih)
        h = _gru_step(projected, h, self.weight_hh, self.bias_hh)
        return h.squeeze(0) if unbatched else h
