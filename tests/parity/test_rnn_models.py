"""Sequence classifiers written once as PyTorch source text (an LSTM and a GRU), run with PyTorch
and with graphgrad by changing only the import lines, as in ``test_models.py``: the same weights
(through ``state_dict``, keys and shapes checked), then in float64 the outputs, the loss, every
gradient, gradient clipping, and the parameters after Adam steps agree."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import nn  # noqa: E402

TORCH_IMPORTS = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
GRAPHGRAD_IMPORTS = "import autograd as torch\nimport nn\nimport nn.functional as F\n"

LSTM_CLASSIFIER = (
    TORCH_IMPORTS
    + """

class LSTMClassifier(nn.Module):
    def __init__(self, features=4, hidden=6, classes=3):
        super().__init__()
        self.encoder = nn.LSTM(
            features, hidden, num_layers=2, batch_first=True, bidirectional=True
        )
        self.norm = nn.LayerNorm(2 * hidden)
        self.head = nn.Linear(2 * hidden, classes)

    def forward(self, x):
        output, (h_n, c_n) = self.encoder(x)
        summary = output.mean(dim=1) + h_n[-1].repeat(1, 2) + 0.1 * c_n[-2].repeat(1, 2)
        return self.head(self.norm(summary))


def make_model():
    return LSTMClassifier()


def loss_fn(model, inputs, targets):
    logits = model(inputs)
    return F.cross_entropy(logits, targets), logits
"""
)

GRU_CLASSIFIER = (
    TORCH_IMPORTS
    + """

class GRUClassifier(nn.Module):
    def __init__(self, vocab=9, dim=5, hidden=7, classes=4):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.encoder = nn.GRU(dim, hidden, num_layers=2, dropout=0.3)
        self.cell = nn.GRUCell(hidden, hidden)
        self.head = nn.Linear(hidden, classes)

    def forward(self, tokens):
        x = self.embed(tokens).transpose(0, 1)  # (time, batch, dim)
        h0 = torch.zeros(2, tokens.shape[0], self.encoder.hidden_size)
        output, h_n = self.encoder(x, h0)
        h = h_n[-1]
        for t in range(output.shape[0]):  # a second pass over the outputs, one cell step each
            h = self.cell(output[t], h)
        return self.head(h.tanh())  # autograd has no module-level tanh yet


def make_model():
    return GRUClassifier()


def loss_fn(model, inputs, targets):
    logits = model(inputs)
    return F.cross_entropy(logits, targets), logits
"""
)


def _lstm_data(rng):
    return rng.standard_normal((3, 5, 4)), rng.integers(0, 3, 3)


def _gru_data(rng):
    return rng.integers(0, 9, (3, 6)), rng.integers(0, 4, 3)


PROGRAMS = {
    "lstm": (LSTM_CLASSIFIER, _lstm_data),
    "gru": (GRU_CLASSIFIER, _gru_data),
}


def run_source(name, source, framework):
    assert source.startswith(TORCH_IMPORTS)
    if framework == "graphgrad":
        source = GRAPHGRAD_IMPORTS + source[len(TORCH_IMPORTS) :]
    namespace = {"__name__": f"program_{name}_{framework}"}
    exec(compile(source, f"<{name} program, {framework}>", "exec"), namespace)
    return namespace


@pytest.fixture(autouse=True)
def float64_everywhere(restore_default_dtype):
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    autograd.set_default_dtype(np.float64)
    torch.manual_seed(0)
    nn.manual_seed(0)
    yield
    torch.set_default_dtype(previous)


def close(ours, theirs, what, rtol=1e-9, atol=1e-12):
    """Equal to rounding, near-zero elements judged against the tensor's own scale."""
    ours = ours.data if isinstance(ours, autograd.Tensor) else np.asarray(ours)
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    scale = float(np.abs(theirs).max()) if theirs.size else 0.0
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=max(atol, rtol * scale), err_msg=what)


def build_pair(name):
    source, make_data = PROGRAMS[name]
    theirs = run_source(name, source, "torch")
    ours = run_source(name, source, "graphgrad")
    their_model, our_model = theirs["make_model"](), ours["make_model"]()
    their_state, our_state = their_model.state_dict(), our_model.state_dict()
    assert list(our_state) == list(their_state)
    for key, value in their_state.items():
        assert our_state[key].shape == tuple(value.shape), key
    our_model.load_state_dict({key: value.numpy() for key, value in their_state.items()})
    return (their_model, theirs["loss_fn"]), (our_model, ours["loss_fn"]), make_data


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_classifier_matches_torch_through_clipped_adam_steps(name, rng):
    (theirs, their_loss_fn), (ours, our_loss_fn), make_data = build_pair(name)
    theirs.eval(), ours.eval()  # the GRU's dropout between layers cannot draw torch's masks
    their_optimizer = torch.optim.Adam(theirs.parameters(), lr=1e-2)
    our_optimizer = nn.optim.Adam(ours.parameters(), lr=1e-2)
    for step in range(3):
        inputs, targets = make_data(rng)
        their_optimizer.zero_grad()
        our_optimizer.zero_grad()
        their_loss, their_logits = their_loss_fn(
            theirs, torch.tensor(inputs), torch.tensor(targets)
        )
        our_loss, our_logits = our_loss_fn(ours, autograd.tensor(inputs), autograd.tensor(targets))
        close(our_logits, their_logits, f"{name} step {step}: logits")
        close(our_loss, their_loss, f"{name} step {step}: loss")
        their_loss.backward()
        our_loss.backward()
        their_parameters = dict(theirs.named_parameters())
        for key, parameter in ours.named_parameters():
            assert parameter.grad is not None, f"{name}: {key} has no gradient"
            close(parameter.grad, their_parameters[key].grad, f"{name} step {step}: ∂{key}")
        their_norm = torch.nn.utils.clip_grad_norm_(theirs.parameters(), max_norm=0.5)
        our_norm = nn.utils.clip_grad_norm_(ours.parameters(), max_norm=0.5)
        close(our_norm, their_norm, f"{name} step {step}: gradient norm")
        torch.nn.utils.clip_grad_value_(theirs.parameters(), 0.05)
        nn.utils.clip_grad_value_(ours.parameters(), 0.05)
        their_optimizer.step()
        our_optimizer.step()
        for key, value in theirs.state_dict().items():
            close(ours.state_dict()[key], value, f"{name} step {step}: {key} after Adam")


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_classifier_trains_in_training_mode(name, rng):
    """With dropout active the runs cannot match torch's; the loss still falls."""
    _, (ours, our_loss_fn), make_data = build_pair(name)
    optimizer = nn.optim.Adam(ours.parameters(), lr=3e-2)
    inputs, targets = make_data(rng)
    losses = []
    for _ in range(15):
        optimizer.zero_grad()
        loss, _ = our_loss_fn(ours, autograd.tensor(inputs), autograd.tensor(targets))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]
