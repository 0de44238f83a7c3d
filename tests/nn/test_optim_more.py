"""Adamax, Adadelta, NAdam and RAdam: the same trajectory as PyTorch's, step for step."""

import numpy as np
import pytest

import nn
from autograd import Tensor

SETTINGS = [
    ("Adamax", {}),
    ("Adamax", {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.1}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.8, "weight_decay": 0.05, "eps": 1e-4}),
    ("NAdam", {}),
    ("NAdam", {"lr": 0.01, "momentum_decay": 0.01, "weight_decay": 0.1}),
    ("NAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("RAdam", {}),
    ("RAdam", {"lr": 0.01, "betas": (0.9, 0.9)}),  # rho_t passes 5 early: both branches
    ("RAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("Adamax", {"lr": 0.01, "maximize": True}),
]


def _gradients(steps, shape, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) for _ in range(steps)]


def _run_ours(name, settings, start, grads):
    param = nn.Parameter(start.copy())
    optimizer = getattr(nn.optim, name)([param], **settings)
    trajectory = []
    for grad in grads:
        param.grad = grad.copy()
        optimizer.step()
        trajectory.append(param.numpy().copy())
    return trajectory, optimizer


@pytest.fixture
def torch64():
    """PyTorch with float64 as its default: its optimisers keep ``step`` (and NAdam's momentum
    schedule) in the default dtype, so float32 would round them."""
    torch = pytest.importorskip("torch")
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield torch
    torch.set_default_dtype(previous)


@pytest.mark.parametrize(("name", "settings"), SETTINGS)
def test_trajectory_matches_pytorch(name, settings, torch64):
    torch = torch64
    start = np.random.default_rng(1).standard_normal((3, 4))
    grads = _gradients(12, start.shape)
    ours, _ = _run_ours(name, settings, start, grads)
    param = torch.nn.Parameter(torch.tensor(start.copy()))
    optimizer = getattr(torch.optim, name)([param], **settings)
    for step, grad in enumerate(grads):
        param.grad = torch.tensor(grad.copy())
        optimizer.step()
        np.testing.assert_allclose(
            ours[step], param.detach().numpy(), rtol=1e-12, atol=1e-14, err_msg=f"step {step}"
        )


@pytest.mark.parametrize("name", ["Adamax", "Adadelta", "NAdam", "RAdam"])
def test_defaults_match_pytorch(name):
    torch = pytest.importorskip("torch")
    ours = getattr(nn.optim, name)([nn.Parameter(np.ones(1))]).defaults
    theirs = getattr(torch.optim, name)([torch.nn.Parameter(torch.ones(1))]).defaults
    for key, value in ours.items():
        assert theirs[key] == value, key


@pytest.mark.parametrize(("name", "settings"), SETTINGS[::2])
def test_state_dict_round_trip_continues_the_same_trajectory(name, settings):
    start = np.random.default_rng(2).standard_normal(5)
    grads = _gradients(6, start.shape, seed=3)
    straight, _ = _run_ours(name, settings, start, grads)
    first, optimizer = _run_ours(name, settings, start, grads[:3])
    param = nn.Parameter(first[-1].copy())
    resumed = getattr(nn.optim, name)([param], **settings)
    resumed.load_state_dict(optimizer.state_dict())
    for grad, expected in zip(grads[3:], straight[3:], strict=True):
        param.grad = grad.copy()
        resumed.step()
        np.testing.assert_allclose(param.numpy(), expected, rtol=1e-13)


@pytest.mark.parametrize(
    ("name", "settings", "message"),
    [
        ("Adamax", {"betas": (1.0, 0.9)}, "betas must be in"),
        ("NAdam", {"momentum_decay": -1.0}, "momentum_decay must be non-negative"),
        ("RAdam", {"eps": -1.0}, "eps must be non-negative"),
        ("Adadelta", {"rho": 1.5}, "rho must be in"),
        ("Adadelta", {"lr": -1.0}, "invalid learning rate"),
    ],
)
def test_bad_hyper_parameters_are_refused_by_name(name, settings, message):
    with pytest.raises(ValueError, match=message):
        getattr(nn.optim, name)([nn.Parameter(np.ones(1))], **settings)


def test_a_model_trains():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 3))
    y = X @ np.array([1.0, -2.0, 0.5])
    for name in ("Adamax", "Adadelta", "NAdam", "RAdam"):
        model = nn.Linear(3, 1, dtype=np.float64)
        lr = 5.0 if name == "Adadelta" else 0.05  # Adadelta's steps start at sqrt(eps)
        optimizer = getattr(nn.optim, name)(model.parameters(), lr=lr)
        losses = []
        for _ in range(150):
            loss = ((model(Tensor(X))[:, 0] - Tensor(y)) ** 2).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(float(loss))
        assert losses[-1] < losses[0] / 10, name
