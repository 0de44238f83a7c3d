"""Real model code: four ordinary PyTorch programs, written once as source text, run with
PyTorch and with graphgrad by changing only their import lines.

Each program defines ``make_model()`` and ``loss_fn(model, inputs, targets)``. The harness
builds both models, copies PyTorch's weights into graphgrad's through ``state_dict`` (after
checking that the keys and shapes agree), then compares, in float64: the outputs, the loss,
every parameter's gradient, the buffers (BatchNorm's running statistics), one optimiser step
(SGD with momentum, and Adam), and the outputs in eval mode. A state dict also goes back from
graphgrad to PyTorch.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import nn  # noqa: E402

TORCH_IMPORTS = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
GRAPHGRAD_IMPORTS = "import autograd as torch\nimport nn\nimport nn.functional as F\n"

MLP = (
    TORCH_IMPORTS
    + """

class MLP(nn.Module):
    def __init__(self, sizes=(8, 16, 16, 3)):
        super().__init__()
        self.layers = nn.ModuleList(
            nn.Linear(n_in, n_out) for n_in, n_out in zip(sizes[:-1], sizes[1:])
        )
        self.norm = nn.LayerNorm(sizes[1])

    def forward(self, x):
        x = self.norm(F.relu(self.layers[0](x)))
        for layer in self.layers[1:-1]:
            x = F.gelu(layer(x))
        return self.layers[-1](x)


def make_model():
    return MLP()


def loss_fn(model, inputs, targets):
    logits = model(inputs)
    return F.cross_entropy(logits, targets, label_smoothing=0.1), logits
"""
)

CNN = (
    TORCH_IMPORTS
    + """

class SmallCNN(nn.Module):
    def __init__(self, classes=5):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 4, kernel_size=3, padding=1),
            nn.BatchNorm2d(4),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(4, 8, kernel_size=3),
            nn.ReLU(),
        )
        self.classifier = nn.Linear(8 * 2 * 2, classes)

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)


def make_model():
    return SmallCNN()


def loss_fn(model, inputs, targets):
    logits = model(inputs)
    return F.cross_entropy(logits, targets), logits
"""
)

TRANSFORMER = (
    TORCH_IMPORTS
    + """

class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.ln2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

    def forward(self, x):
        length = x.shape[1]
        causal = torch.triu(torch.ones(length, length), diagonal=1).bool()
        h = self.ln1(x)
        attended, _ = self.attn(h, h, h, attn_mask=causal, need_weights=False)
        x = x + attended
        return x + self.mlp(self.ln2(x))


class TinyLM(nn.Module):
    def __init__(self, vocab=11, dim=8, heads=2, context=6):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim, padding_idx=0)
        self.position = nn.Parameter(torch.zeros(1, context, dim))
        self.block = Block(dim, heads)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab, bias=False)

    def forward(self, tokens):
        x = self.embed(tokens) + self.position[:, : tokens.shape[1]]
        return self.head(self.norm(self.block(x)))


def make_model():
    return TinyLM()


def loss_fn(model, inputs, targets):
    logits = model(inputs)
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
    return loss, logits
"""
)

RNN = (
    TORCH_IMPORTS
    + '''

class LoopRNN(nn.Module):
    """An Elman RNN written as a loop: the initial state is a buffer, the states are written
    into a preallocated tensor (states[t] = h) and the outputs are stacked."""

    def __init__(self, input_size=3, hidden_size=5):
        super().__init__()
        self.input_to_hidden = nn.Linear(input_size, hidden_size)
        self.hidden_to_hidden = nn.Linear(hidden_size, hidden_size, bias=False)
        self.readout = nn.Linear(hidden_size, 1)
        self.register_buffer("h0", torch.zeros(hidden_size))

    def forward(self, x):
        steps, batch = x.shape[0], x.shape[1]
        h = self.h0.expand(batch, -1)
        states = torch.zeros(steps, batch, self.h0.shape[0])
        outputs = []
        for t in range(steps):
            h = torch.tanh(self.input_to_hidden(x[t]) + self.hidden_to_hidden(h))
            states[t] = h
            outputs.append(self.readout(h))
        return torch.stack(outputs), states


def make_model():
    return LoopRNN()


def loss_fn(model, inputs, targets):
    predictions, states = model(inputs)
    return F.mse_loss(predictions, targets) + 0.01 * (states**2).mean(), predictions
'''
)


def _mlp_data(rng):
    return rng.standard_normal((6, 8)), rng.integers(0, 3, 6)


def _cnn_data(rng):
    return rng.standard_normal((4, 1, 8, 8)), rng.integers(0, 5, 4)


def _transformer_data(rng):
    tokens = rng.integers(0, 11, (3, 6))
    tokens[0, -2:] = 0  # padding tokens: their embedding row gets no gradient
    return tokens, rng.integers(1, 11, (3, 6))


def _rnn_data(rng):
    return rng.standard_normal((5, 2, 3)), rng.standard_normal((5, 2, 1))


PROGRAMS = {
    "mlp": (MLP, _mlp_data),
    "cnn": (CNN, _cnn_data),
    "transformer": (TRANSFORMER, _transformer_data),
    "rnn": (RNN, _rnn_data),
}


def run_source(name, source, framework):
    """Execute a program's text; for graphgrad only the import lines are changed."""
    assert source.startswith(TORCH_IMPORTS)
    if framework == "graphgrad":
        source = GRAPHGRAD_IMPORTS + source[len(TORCH_IMPORTS) :]
    namespace = {"__name__": f"program_{name}_{framework}"}
    exec(compile(source, f"<{name} program, {framework}>", "exec"), namespace)
    return namespace


def as_torch(array):
    return torch.tensor(array)


def as_graphgrad(array):
    return autograd.tensor(array)


@pytest.fixture(autouse=True)
def float64_everywhere(restore_default_dtype):
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    autograd.set_default_dtype(np.float64)
    torch.manual_seed(0)
    nn.manual_seed(0)
    yield
    torch.set_default_dtype(previous)


def close(ours, theirs, what, rtol=1e-9, atol=1e-11):
    """Equal to rounding: elementwise ``rtol``, and near-zero elements of a tensor within
    ``rtol`` of the tensor's own scale (sums in another order differ there by a few ulps of
    the largest term, not of the tiny result)."""
    ours = ours.data if isinstance(ours, autograd.Tensor) else np.asarray(ours)
    theirs = theirs.detach().numpy()
    scale = float(np.abs(theirs).max()) if theirs.size else 0.0
    atol = max(atol, rtol * scale)
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, err_msg=what)


def build_pair(name):
    source, make_data = PROGRAMS[name]
    theirs_program, ours_program = (
        run_source(name, source, "torch"),
        run_source(name, source, "graphgrad"),
    )
    theirs, ours = theirs_program["make_model"](), ours_program["make_model"]()
    with torch.no_grad():  # move every parameter off its initial value (LayerNorm's ones...)
        for parameter in theirs.parameters():
            parameter.add_(0.1 * torch.randn_like(parameter))
    their_state, our_state = theirs.state_dict(), ours.state_dict()
    assert list(our_state) == list(their_state)
    for key, value in their_state.items():
        assert our_state[key].shape == tuple(value.shape), key
        assert our_state[key].dtype == value.numpy().dtype, key
    ours.load_state_dict({key: value.numpy() for key, value in their_state.items()})
    return (theirs, theirs_program["loss_fn"]), (ours, ours_program["loss_fn"]), make_data


def step_and_compare(name, theirs, their_loss_fn, ours, our_loss_fn, data):
    """One forward/backward: loss, outputs, every gradient and every buffer agree."""
    inputs, targets = data
    their_loss, their_out = their_loss_fn(theirs, as_torch(inputs), as_torch(targets))
    our_loss, our_out = our_loss_fn(ours, as_graphgrad(inputs), as_graphgrad(targets))
    close(our_out, their_out, f"{name}: outputs")
    close(our_loss, their_loss, f"{name}: loss")
    their_loss.backward()
    our_loss.backward()
    their_parameters = dict(theirs.named_parameters())
    for key, parameter in ours.named_parameters():
        assert parameter.grad is not None, f"{name}: {key} has no gradient"
        close(parameter.grad, their_parameters[key].grad, f"{name}: gradient of {key}")
    their_buffers = dict(theirs.named_buffers())
    for key, buffer in ours.named_buffers():
        close(buffer, their_buffers[key], f"{name}: buffer {key}")


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_program_matches_torch_forward_backward_and_an_sgd_step(name, rng):
    (theirs, their_loss_fn), (ours, our_loss_fn), make_data = build_pair(name)
    their_optimizer = torch.optim.SGD(theirs.parameters(), lr=0.1, momentum=0.9)
    our_optimizer = nn.optim.SGD(ours.parameters(), lr=0.1, momentum=0.9)
    for _ in range(2):
        data = make_data(rng)
        their_optimizer.zero_grad()
        our_optimizer.zero_grad()
        step_and_compare(name, theirs, their_loss_fn, ours, our_loss_fn, data)
        their_optimizer.step()
        our_optimizer.step()
        for key, value in theirs.state_dict().items():
            close(ours.state_dict()[key], value, f"{name}: {key} after an SGD step")


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_program_matches_torch_after_adam_steps_and_in_eval_mode(name, rng):
    (theirs, their_loss_fn), (ours, our_loss_fn), make_data = build_pair(name)
    their_optimizer = torch.optim.Adam(theirs.parameters(), lr=1e-2)
    our_optimizer = nn.optim.Adam(ours.parameters(), lr=1e-2)
    for _ in range(3):
        data = make_data(rng)
        their_optimizer.zero_grad()
        our_optimizer.zero_grad()
        step_and_compare(name, theirs, their_loss_fn, ours, our_loss_fn, data)
        their_optimizer.step()
        our_optimizer.step()
    theirs.eval(), ours.eval()
    inputs, targets = make_data(rng)
    with torch.no_grad(), autograd.no_grad():
        _, their_out = their_loss_fn(theirs, as_torch(inputs), as_torch(targets))
        _, our_out = our_loss_fn(ours, as_graphgrad(inputs), as_graphgrad(targets))
    close(our_out, their_out, f"{name}: outputs in eval mode")


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_program_state_dict_goes_back_to_torch(name, rng):
    _, (ours, our_loss_fn), make_data = build_pair(name)
    data = make_data(rng)
    our_loss_fn(ours, as_graphgrad(data[0]), as_graphgrad(data[1]))  # move the running stats
    fresh = run_source(name, PROGRAMS[name][0], "torch")["make_model"]()
    result = fresh.load_state_dict({k: torch.from_numpy(v) for k, v in ours.state_dict().items()})
    assert result.missing_keys == [] and result.unexpected_keys == []
    for key, value in fresh.state_dict().items():
        close(ours.state_dict()[key], value, f"{name}: {key} loaded into torch", rtol=0, atol=0)
