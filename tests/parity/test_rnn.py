"""Recurrent layers against PyTorch: the same weights (copied through ``state_dict``, whose keys
must be PyTorch's), the same inputs and initial states, in float64; outputs, final states and
the gradients of every parameter, the input and the initial states agree."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import nn  # noqa: E402

RTOL, ATOL = 1e-9, 1e-12


@pytest.fixture(autouse=True)
def float64_everywhere(restore_default_dtype):
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    autograd.set_default_dtype(np.float64)
    torch.manual_seed(0)
    yield
    torch.set_default_dtype(previous)


def pair(name, *args, **kwargs):
    """The torch layer and ours, ours holding torch's weights; their keys must agree."""
    theirs = getattr(torch.nn, name)(*args, **kwargs)
    ours = getattr(nn, name)(*args, **kwargs)
    their_state = theirs.state_dict()
    assert list(ours.state_dict()) == list(their_state)
    for key, value in their_state.items():
        assert ours.state_dict()[key].shape == tuple(value.shape), key
    ours.load_state_dict({key: value.numpy() for key, value in their_state.items()})
    return theirs, ours


def flatten(result):
    """An RNN's result (output, h) or (output, (h, c)), or a cell's h or (h, c), as a list."""
    if not isinstance(result, tuple):
        return [result]
    items = []
    for item in result:
        items.extend(flatten(item))
    return items


def check(theirs, ours, arrays, call, rng):
    """call(module, leaves) on both; compare every result, then every gradient for random
    upstream gradients."""
    their_leaves = [torch.tensor(a, requires_grad=True) for a in arrays]
    our_leaves = [autograd.Tensor(a.copy(), requires_grad=True) for a in arrays]
    their_results = flatten(call(theirs, their_leaves))
    our_results = flatten(call(ours, our_leaves))
    assert len(our_results) == len(their_results)
    loss_theirs, loss_ours = 0.0, 0.0
    for mine, expected in zip(our_results, their_results, strict=True):
        assert mine.shape == tuple(expected.shape)
        np.testing.assert_allclose(mine.data, expected.detach().numpy(), rtol=RTOL, atol=ATOL)
        upstream = rng.standard_normal(mine.shape)
        loss_theirs = loss_theirs + (expected * torch.tensor(upstream)).sum()
        loss_ours = loss_ours + (mine * upstream).sum()
    loss_theirs.backward()
    loss_ours.backward()
    their_parameters = dict(theirs.named_parameters())
    for key, parameter in ours.named_parameters():
        np.testing.assert_allclose(
            parameter.grad, their_parameters[key].grad.numpy(), rtol=RTOL, atol=ATOL, err_msg=key
        )
    for mine, expected in zip(our_leaves, their_leaves, strict=True):
        np.testing.assert_allclose(mine.grad, expected.grad.numpy(), rtol=RTOL, atol=ATOL)


LAYERS = [
    ("RNN", {}),
    ("RNN", {"nonlinearity": "relu", "num_layers": 2}),
    ("RNN", {"bidirectional": True, "batch_first": True}),
    ("RNN", {"bias": False, "num_layers": 3, "bidirectional": True}),
    ("LSTM", {}),
    ("LSTM", {"num_layers": 2, "bidirectional": True}),
    ("LSTM", {"batch_first": True, "bias": False}),
    ("LSTM", {"proj_size": 2, "num_layers": 2, "bidirectional": True}),
    ("GRU", {}),
    ("GRU", {"num_layers": 2, "bidirectional": True, "batch_first": True}),
    ("GRU", {"bias": False, "num_layers": 2}),
]


def layer_id(case):
    name, kwargs = case
    return name + "".join(f"-{k}={v}" for k, v in kwargs.items())


def initial_states(name, kwargs, batch, rng):
    layers = kwargs.get("num_layers", 1) * (2 if kwargs.get("bidirectional") else 1)
    hidden, proj = 4, kwargs.get("proj_size", 0)
    lead = (layers,) if batch is None else (layers, batch)
    states = [rng.standard_normal((*lead, proj or hidden))]
    if name == "LSTM":
        states.append(rng.standard_normal((*lead, hidden)))
    return states


def run(module, leaves):
    x, *states = leaves
    if not states:
        return module(x)
    return module(x, tuple(states) if len(states) == 2 else states[0])


@pytest.mark.parametrize("case", LAYERS, ids=layer_id)
def test_layer_matches_pytorch_from_zero_state(case, rng):
    name, kwargs = case
    theirs, ours = pair(name, 3, 4, **kwargs)
    shape = (2, 5, 3) if kwargs.get("batch_first") else (5, 2, 3)
    check(theirs, ours, [rng.standard_normal(shape)], run, rng)


@pytest.mark.parametrize("case", LAYERS, ids=layer_id)
def test_layer_matches_pytorch_from_given_states(case, rng):
    name, kwargs = case
    theirs, ours = pair(name, 3, 4, **kwargs)
    shape = (2, 5, 3) if kwargs.get("batch_first") else (5, 2, 3)
    arrays = [rng.standard_normal(shape), *initial_states(name, kwargs, 2, rng)]
    check(theirs, ours, arrays, run, rng)


@pytest.mark.parametrize("case", LAYERS, ids=layer_id)
def test_layer_matches_pytorch_on_unbatched_input(case, rng):
    name, kwargs = case
    theirs, ours = pair(name, 3, 4, **kwargs)
    arrays = [rng.standard_normal((6, 3)), *initial_states(name, kwargs, None, rng)]
    check(theirs, ours, arrays, run, rng)


def test_dropout_between_layers_is_off_in_eval_mode(rng):
    theirs, ours = pair("GRU", 3, 4, num_layers=3, dropout=0.5)
    theirs.eval(), ours.eval()
    check(theirs, ours, [rng.standard_normal((5, 2, 3))], run, rng)


CELLS = [
    ("RNNCell", {}),
    ("RNNCell", {"nonlinearity": "relu", "bias": False}),
    ("LSTMCell", {}),
    ("LSTMCell", {"bias": False}),
    ("GRUCell", {}),
    ("GRUCell", {"bias": False}),
]


@pytest.mark.parametrize("case", CELLS, ids=layer_id)
@pytest.mark.parametrize("batched", [True, False])
@pytest.mark.parametrize("with_state", [True, False])
def test_cell_matches_pytorch(case, batched, with_state, rng):
    name, kwargs = case
    theirs, ours = pair(name, 3, 4, **kwargs)
    lead = (5,) if batched else ()
    arrays = [rng.standard_normal((*lead, 3))]
    if with_state:
        arrays += [rng.standard_normal((*lead, 4)) for _ in range(2 if name == "LSTMCell" else 1)]
    check(theirs, ours, arrays, run, rng)


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"])
def test_initialisation_is_pytorchs_uniform_bound(name):
    ours = getattr(nn, name)(3, 16)
    theirs = getattr(torch.nn, name)(3, 16)
    bound = 1 / np.sqrt(16)
    for (key, mine), (their_key, expected) in zip(
        ours.named_parameters(), theirs.named_parameters(), strict=True
    ):
        assert key == their_key
        assert np.abs(mine.data).max() <= bound
        assert np.abs(mine.data).max() > 0.8 * bound  # spread over the range, like torch's
        assert np.abs(expected.detach().numpy()).max() <= bound
