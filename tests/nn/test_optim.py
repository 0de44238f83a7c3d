"""Optimisers: trajectories against the published update equations, written here in NumPy."""

import math

import numpy as np
import pytest

import nn
from autograd import Tensor
from nn.optim.lr_scheduler import CosineAnnealingLR, StepLR

STEPS = 5


def quadratic_gradient(p):
    """Gradient of the test objective f(p) = sum(p^4 / 4 - p): p^3 - 1."""
    return p**3 - 1


def run(optimizer_class, start, **settings):
    """Run the optimiser on f for STEPS steps through the engine; returns each iterate."""
    param = nn.Parameter(start.copy())
    optimizer = optimizer_class([param], **settings)
    iterates = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        ((param**4) / 4 - param).sum().backward()
        optimizer.step()
        iterates.append(param.data.copy())
    return iterates


@pytest.fixture
def start(rng):
    return rng.uniform(-1.0, 1.5, size=(3, 2))


def sgd_reference(p, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    p, buffer, iterates = p.copy(), None, []
    for _ in range(STEPS):
        g = quadratic_gradient(p) + weight_decay * p
        if momentum:
            buffer = g.copy() if buffer is None else momentum * buffer + (1 - dampening) * g
            g = g + momentum * buffer if nesterov else buffer
        p = p - lr * g
        iterates.append(p)
    return iterates


def adam_reference(p, lr, beta1, beta2, eps, weight_decay=0.0, decoupled=False, amsgrad=False):
    p, m, v, v_max, iterates = p.copy(), 0.0, 0.0, 0.0, []
    for t in range(1, STEPS + 1):
        g = quadratic_gradient(p)
        if decoupled:
            p = p * (1 - lr * weight_decay)
        else:
            g = g + weight_decay * p
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        v_max = np.maximum(v_max, v)
        m_hat = m / (1 - beta1**t)
        v_hat = (v_max if amsgrad else v) / (1 - beta2**t)
        p = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        iterates.append(p)
    return iterates


@pytest.mark.parametrize(
    "settings",
    [
        {"lr": 0.1},
        {"lr": 0.1, "weight_decay": 0.05},
        {"lr": 0.05, "momentum": 0.9},
        {"lr": 0.05, "momentum": 0.9, "dampening": 0.3},
        {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.01},
    ],
    ids=["plain", "weight_decay", "momentum", "dampening", "nesterov"],
)
def test_sgd_follows_the_update_equations(start, settings):
    for got, expected in zip(
        run(nn.optim.SGD, start, **settings), sgd_reference(start, **settings), strict=True
    ):
        np.testing.assert_allclose(got, expected, rtol=1e-12)


@pytest.mark.parametrize(
    "settings",
    [
        {"lr": 0.1, "betas": (0.9, 0.999), "eps": 1e-8},
        {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-3, "weight_decay": 0.1},
        {"lr": 0.05, "betas": (0.9, 0.999), "eps": 1e-8, "amsgrad": True},
    ],
    ids=["default", "l2", "amsgrad"],
)
def test_adam_follows_the_update_equations(start, settings):
    expected = adam_reference(
        start,
        settings["lr"],
        *settings["betas"],
        settings["eps"],
        weight_decay=settings.get("weight_decay", 0.0),
        amsgrad=settings.get("amsgrad", False),
    )
    for got, want in zip(run(nn.optim.Adam, start, **settings), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-10)


def test_adamw_decays_weights_decoupled_from_the_gradient(start):
    expected = adam_reference(start, 0.05, 0.9, 0.999, 1e-8, weight_decay=0.1, decoupled=True)
    got = run(nn.optim.AdamW, start, lr=0.05, weight_decay=0.1)
    for a, b in zip(got, expected, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10)


def test_adam_defaults_match_pytorch():
    optimizer = nn.optim.Adam([nn.Parameter(np.zeros(1))])
    group = optimizer.param_groups[0]
    assert (group["lr"], group["betas"], group["eps"], group["weight_decay"]) == (
        1e-3,
        (0.9, 0.999),
        1e-8,
        0.0,
    )


def test_step_updates_data_in_place_and_bumps_the_version():
    param = nn.Parameter(np.ones(3))
    array, version = param.data, param._version[0]
    optimizer = nn.optim.SGD([param], lr=0.5)
    param.sum().backward()
    optimizer.step()
    assert param.data is array
    np.testing.assert_allclose(array, 0.5)
    assert param._version[0] == version + 1


def test_step_skips_parameters_without_gradient():
    param = nn.Parameter(np.ones(2))
    nn.optim.Adam([param], lr=1.0).step()
    np.testing.assert_array_equal(param.data, [1.0, 1.0])


def test_optimizer_zero_grad_sets_gradients_to_none():
    param = nn.Parameter(np.ones(2))
    optimizer = nn.optim.SGD([param], lr=0.1)
    param.sum().backward()
    optimizer.zero_grad()
    assert param.grad is None


def test_param_groups_take_their_own_learning_rate():
    first, second = nn.Parameter(np.ones(1)), nn.Parameter(np.ones(1))
    optimizer = nn.optim.SGD([{"params": [first], "lr": 1.0}, {"params": [second]}], lr=0.1)
    (first + second).sum().backward()
    optimizer.step()
    np.testing.assert_allclose([first.data[0], second.data[0]], [0.0, 0.9])


def test_a_parameter_in_two_groups_is_an_error():
    param = nn.Parameter(np.ones(1))
    with pytest.raises(ValueError, match="more than one parameter group"):
        nn.optim.SGD([{"params": [param]}, {"params": [param]}], lr=0.1)


def test_an_empty_parameter_list_is_an_error():
    with pytest.raises(ValueError, match="empty parameter list"):
        nn.optim.Adam([])


def test_nesterov_needs_momentum():
    with pytest.raises(ValueError, match="nesterov"):
        nn.optim.SGD([nn.Parameter(np.ones(1))], lr=0.1, nesterov=True)


def test_optimizer_state_dict_round_trip_continues_the_same_trajectory(start):
    def fresh():
        param = nn.Parameter(start.copy())
        return param, nn.optim.Adam([param], lr=0.1)

    def step(param, optimizer):
        optimizer.zero_grad()
        ((param**4) / 4 - param).sum().backward()
        optimizer.step()

    param, optimizer = fresh()
    for _ in range(3):
        step(param, optimizer)
    saved_state, saved_data = optimizer.state_dict(), param.data.copy()
    step(param, optimizer)
    resumed_param, resumed = fresh()
    resumed_param.data[...] = saved_data
    resumed.load_state_dict(saved_state)
    step(resumed_param, resumed)
    np.testing.assert_array_equal(resumed_param.data, param.data)


def test_optimizer_load_state_dict_checks_group_sizes():
    optimizer = nn.optim.SGD([nn.Parameter(np.ones(1))], lr=0.1, momentum=0.9)
    other = nn.optim.SGD([nn.Parameter(np.ones(1)), nn.Parameter(np.ones(1))], lr=0.1)
    with pytest.raises(ValueError, match="group 0 has 2 parameters"):
        optimizer.load_state_dict(other.state_dict())


def test_step_lr_multiplies_by_gamma_every_step_size_epochs():
    optimizer = nn.optim.SGD([nn.Parameter(np.ones(1))], lr=1.0)
    scheduler = StepLR(optimizer, step_size=2, gamma=0.5)
    rates = []
    for _ in range(6):
        rates.append(optimizer.param_groups[0]["lr"])
        scheduler.step()
    assert rates == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]


def test_cosine_annealing_follows_half_a_cosine_to_eta_min():
    optimizer = nn.optim.SGD([nn.Parameter(np.ones(1))], lr=1.0)
    scheduler = CosineAnnealingLR(optimizer, T_max=4, eta_min=0.1)
    rates = []
    for _ in range(5):
        rates.append(scheduler.get_last_lr()[0])
        scheduler.step()
    expected = [0.1 + 0.9 * (1 + math.cos(math.pi * t / 4)) / 2 for t in range(5)]
    np.testing.assert_allclose(rates, expected)


def test_training_a_linear_regression_converges(rng):
    X = rng.standard_normal((64, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3
    model = nn.Linear(3, 1, dtype=np.float64)
    optimizer = nn.optim.SGD(model.parameters(), lr=0.1, momentum=0.5)
    for _ in range(200):
        loss = nn.MSELoss()(model(Tensor(X)).reshape(-1), Tensor(y))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    np.testing.assert_allclose(model.weight.data[0], [1.0, -2.0, 0.5], atol=1e-4)
    assert model.bias.data[0] == pytest.approx(0.3, abs=1e-4)
