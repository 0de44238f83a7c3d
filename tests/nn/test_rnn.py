"""Recurrent layers: gradients by gradcheck (float64) through the input, the initial states and
every weight; shapes, parameter names, dropout, and the errors of bad input."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, gradcheck


def float64_layer(name, *args, **kwargs):
    layer = getattr(nn, name)(*args, dtype=np.float64, **kwargs)
    for parameter in layer.parameters():
        parameter.data = parameter.data * 2.0  # larger weights: more nonlinear behaviour
    return layer


def leaf64(rng, *shape):
    return Tensor(rng.standard_normal(shape), requires_grad=True)


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("RNN", {"num_layers": 2, "bidirectional": True}),
        ("RNN", {"nonlinearity": "relu", "batch_first": True}),
        ("LSTM", {"bidirectional": True}),
        ("LSTM", {"proj_size": 2}),
        ("GRU", {"num_layers": 2, "batch_first": True}),
    ],
)
def test_layer_gradients_pass_gradcheck_through_input_state_and_weights(name, kwargs, rng):
    hidden = 3 if kwargs.get("proj_size") else 2
    layer = float64_layer(name, 2, hidden, **kwargs)
    layers = kwargs.get("num_layers", 1) * (2 if kwargs.get("bidirectional") else 1)
    x = leaf64(rng, 2, 3, 2) if kwargs.get("batch_first") else leaf64(rng, 3, 2, 2)
    h0 = leaf64(rng, layers, 2, kwargs.get("proj_size") or hidden)
    c0 = leaf64(rng, layers, 2, hidden)
    parameters = list(layer.parameters())

    def run(x, h0, c0, *weights):
        if name == "LSTM":
            output, (h_n, c_n) = layer(x, (h0, c0))
            return output.sum() + (h_n * h_n).sum() + (c_n * c_n).sum()
        output, h_n = layer(x, h0)
        return (output * output).sum() + h_n.sum()

    assert gradcheck(run, [x, h0, c0, *parameters])


@pytest.mark.parametrize("name", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cell_gradients_pass_gradcheck(name, rng):
    cell = float64_layer(name, 2, 3)
    x, h, c = leaf64(rng, 4, 2), leaf64(rng, 4, 3), leaf64(rng, 4, 3)

    def run(x, h, c, *weights):
        if name == "LSTMCell":
            h_next, c_next = cell(x, (h, c))
            return (h_next * c_next).sum()
        return (cell(x, h) ** 2).sum()

    assert gradcheck(run, [x, h, c, *cell.parameters()])


def test_gru_step_matches_the_written_out_equations(rng):
    cell = float64_layer("GRUCell", 2, 3)
    x, h = rng.standard_normal((4, 2)), rng.standard_normal((4, 3))
    w_ih, w_hh = cell.weight_ih.data, cell.weight_hh.data
    gi, gh = x @ w_ih.T + cell.bias_ih.data, h @ w_hh.T + cell.bias_hh.data

    def sigmoid(v):
        return 1 / (1 + np.exp(-v))

    r, z = sigmoid(gi[:, :3] + gh[:, :3]), sigmoid(gi[:, 3:6] + gh[:, 3:6])
    n = np.tanh(gi[:, 6:] + r * gh[:, 6:])
    np.testing.assert_allclose(cell(x, h).data, (1 - z) * n + z * h, rtol=1e-12)


def test_lstm_parameter_names_and_shapes_are_pytorchs():
    lstm = nn.LSTM(3, 4, num_layers=2, bidirectional=True, proj_size=2)
    shapes = {key: value.shape for key, value in lstm.state_dict().items()}
    assert list(shapes)[:5] == [
        "weight_ih_l0",
        "weight_hh_l0",
        "bias_ih_l0",
        "bias_hh_l0",
        "weight_hr_l0",
    ]
    assert shapes["weight_ih_l1_reverse"] == (16, 4)  # input: both directions' projections
    assert shapes["weight_hh_l1"] == (16, 2)
    assert shapes["weight_hr_l1_reverse"] == (2, 4)


def test_batch_first_swaps_only_the_output_not_the_states(rng):
    gru = nn.GRU(3, 4, num_layers=2, batch_first=True)
    output, h_n = gru(rng.standard_normal((2, 7, 3)).astype(np.float32))
    assert output.shape == (2, 7, 4) and h_n.shape == (2, 2, 4)


def test_final_state_is_the_last_output_of_the_last_layer(rng):
    rnn = nn.RNN(3, 4, num_layers=2, bidirectional=True)
    output, h_n = rnn(rng.standard_normal((5, 2, 3)).astype(np.float32))
    np.testing.assert_array_equal(output.data[-1, :, :4], h_n.data[2])  # forward: last step
    np.testing.assert_array_equal(output.data[0, :, 4:], h_n.data[3])  # reverse: first step


def test_dropout_acts_between_layers_only_in_training(rng):
    x = rng.standard_normal((5, 2, 3)).astype(np.float32)
    lstm = nn.LSTM(3, 4, num_layers=2, dropout=0.5)
    lstm.eval()
    first, _ = lstm(x)
    again, _ = lstm(x)
    np.testing.assert_array_equal(first.data, again.data)
    lstm.train()
    dropped, _ = lstm(x)
    assert not np.allclose(dropped.data, first.data)


def test_dropout_with_one_layer_warns_as_pytorch():
    with pytest.warns(UserWarning, match="num_layers greater than 1"):
        nn.GRU(3, 4, dropout=0.2)


def test_repr_names_the_non_default_arguments():
    assert repr(nn.LSTM(3, 4, num_layers=2, batch_first=True)) == (
        "LSTM(3, 4, num_layers=2, batch_first=True)"
    )
    assert repr(nn.RNNCell(3, 4, nonlinearity="relu")) == "RNNCell(3, 4, nonlinearity='relu')"


def test_no_gradient_flows_without_requires_grad_under_no_grad(rng):
    gru = nn.GRU(3, 4)
    with autograd.no_grad():
        output, _ = gru(rng.standard_normal((5, 2, 3)).astype(np.float32))
    assert not output.requires_grad


@pytest.mark.parametrize(
    "build, call, error, message",
    [
        (lambda: nn.RNN(3, 4), lambda m: m(np.zeros((5, 2, 2))), RuntimeError, "input_size"),
        (lambda: nn.RNN(3, 4), lambda m: m(np.zeros((1, 5, 2, 3))), ValueError, "2D"),
        (
            lambda: nn.GRU(3, 4),
            lambda m: m(np.zeros((5, 2, 3)), np.zeros((1, 3, 4))),
            RuntimeError,
            "hidden size",
        ),
        (
            lambda: nn.LSTM(3, 4),
            lambda m: m(np.zeros((5, 3)), (np.zeros((1, 2, 4)), np.zeros((1, 2, 4)))),
            RuntimeError,
            "2-D",
        ),
        (
            lambda: nn.LSTM(3, 4),
            lambda m: m(np.zeros((5, 2, 3)), np.zeros((1, 2, 4))),
            TypeError,
            "h_0, c_0",
        ),
        (lambda: nn.GRUCell(3, 4), lambda m: m(np.zeros((2, 4))), RuntimeError, "input_size"),
        (
            lambda: nn.LSTMCell(3, 4),
            lambda m: m(np.zeros((2, 3)), (np.zeros((3, 4)), np.zeros((3, 4)))),
            RuntimeError,
            "hidden state",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(build, call, error, message):
    with pytest.raises(error, match=message):
        call(build())


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: nn.RNN(3, 4, nonlinearity="sigmoid"), "nonlinearity"),
        (lambda: nn.RNN(3, 4, num_layers=0), "num_layers"),
        (lambda: nn.LSTM(3, 4, dropout=1.5), "dropout"),
        (lambda: nn.LSTM(3, 4, proj_size=4), "proj_size"),
    ],
)
def test_bad_constructor_arguments_raise_value_error(build, message):
    with pytest.raises(ValueError, match=message):
        build()
