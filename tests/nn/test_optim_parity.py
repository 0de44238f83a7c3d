"""RMSprop, Adagrad and gradient clipping against PyTorch's update rules, written out in NumPy."""

import math

import numpy as np
import pytest

import nn
from autograd import Tensor
from nn.utils import clip_grad_norm_, clip_grad_value_

STEPS = 5


def gradient(p):
    """Gradient of the test objective f(p) = sum(p^4 / 4 - p): p^3 - 1."""
    return p**3 - 1


def step_once(param, optimizer):
    optimizer.zero_grad()
    ((param**4) / 4 - param).sum().backward()
    optimizer.step()


def run(optimizer_class, start, **settings):
    """STEPS steps on f through the engine; returns each iterate."""
    param = nn.Parameter(start.copy())
    optimizer = optimizer_class([param], **settings)
    iterates = []
    for _ in range(STEPS):
        step_once(param, optimizer)
        iterates.append(param.data.copy())
    return iterates


@pytest.fixture
def start(rng):
    return rng.uniform(-1.0, 1.5, size=(3, 2))


def rmsprop_reference(p, lr, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
    """torch.optim.RMSprop: v = a v + (1 - a) g^2; centered: m = a m + (1 - a) g, v~ = v - m^2;
    d = g / (sqrt(v~) + eps); with momentum b = mu b + d, p -= lr b; else p -= lr d."""
    p, v, m, b, iterates = p.copy(), 0.0, 0.0, 0.0, []
    for _ in range(STEPS):
        g = gradient(p) + weight_decay * p
        v = alpha * v + (1 - alpha) * g**2
        if centered:
            m = alpha * m + (1 - alpha) * g
        d = g / (np.sqrt(v - m**2 if centered else v) + eps)
        if momentum:
            b = momentum * b + d
            d = b
        p = p - lr * d
        iterates.append(p)
    return iterates


def adagrad_reference(
    p, lr, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10
):
    """torch.optim.Adagrad: s = s + g^2; p -= lr / (1 + (t - 1) lr_decay) * g / (sqrt(s) + eps)."""
    p, s, iterates = p.copy(), initial_accumulator_value, []
    for t in range(1, STEPS + 1):
        g = gradient(p) + weight_decay * p
        s = s + g**2
        p = p - lr / (1 + (t - 1) * lr_decay) * g / (np.sqrt(s) + eps)
        iterates.append(p)
    return iterates


RMSPROP_SETTINGS = [
    {"lr": 0.01},
    {"lr": 0.02, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.1},
    {"lr": 0.01, "momentum": 0.9},
    {"lr": 0.01, "centered": True},
    {"lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.01},
]


@pytest.mark.parametrize(
    "settings", RMSPROP_SETTINGS, ids=["plain", "decay", "momentum", "centered", "all"]
)
def test_rmsprop_follows_pytorchs_update_rule(start, settings):
    expected = rmsprop_reference(start, **settings)
    for got, want in zip(run(nn.optim.RMSprop, start, **settings), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-10)


ADAGRAD_SETTINGS = [
    {"lr": 0.1},
    {"lr": 0.1, "lr_decay": 0.5},
    {"lr": 0.1, "weight_decay": 0.2, "initial_accumulator_value": 0.3, "eps": 1e-4},
]


@pytest.mark.parametrize("settings", ADAGRAD_SETTINGS, ids=["plain", "lr_decay", "all"])
def test_adagrad_follows_pytorchs_update_rule(start, settings):
    expected = adagrad_reference(start, **settings)
    for got, want in zip(run(nn.optim.Adagrad, start, **settings), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-10)


def test_rmsprop_and_adagrad_defaults_match_pytorch():
    rmsprop = nn.optim.RMSprop([nn.Parameter(np.ones(1))]).defaults
    adagrad = nn.optim.Adagrad([nn.Parameter(np.ones(1))]).defaults
    assert (rmsprop["lr"], rmsprop["alpha"], rmsprop["eps"]) == (1e-2, 0.99, 1e-8)
    assert (rmsprop["momentum"], rmsprop["centered"], rmsprop["weight_decay"]) == (0, False, 0)
    assert (adagrad["lr"], adagrad["lr_decay"], adagrad["eps"]) == (1e-2, 0, 1e-10)
    assert adagrad["initial_accumulator_value"] == 0


@pytest.mark.parametrize(
    ("optimizer_class", "settings"),
    [
        (nn.optim.RMSprop, {"lr": 0.01, "momentum": 0.9, "centered": True}),
        (nn.optim.Adagrad, {"lr": 0.1, "lr_decay": 0.1}),
    ],
    ids=["rmsprop", "adagrad"],
)
def test_state_dict_round_trip_continues_the_same_trajectory(start, optimizer_class, settings):
    param = nn.Parameter(start.copy())
    optimizer = optimizer_class([param], **settings)
    for _ in range(3):
        step_once(param, optimizer)
    saved_state, saved_data = optimizer.state_dict(), param.data.copy()
    step_once(param, optimizer)
    resumed_param = nn.Parameter(saved_data)
    resumed = optimizer_class([resumed_param], lr=1.0)
    resumed.load_state_dict(saved_state)
    step_once(resumed_param, resumed)
    np.testing.assert_array_equal(resumed_param.data, param.data)


@pytest.mark.parametrize(
    ("optimizer_class", "setting"),
    [(nn.optim.RMSprop, "alpha"), (nn.optim.RMSprop, "momentum"), (nn.optim.Adagrad, "lr_decay")],
)
def test_negative_hyper_parameters_are_refused_by_name(optimizer_class, setting):
    with pytest.raises(ValueError, match=setting):
        optimizer_class([nn.Parameter(np.ones(1))], **{setting: -0.1})


# ---------------------------------------------------------------- gradient clipping
def with_grads(*grads):
    params = []
    for grad in grads:
        param = nn.Parameter(np.zeros_like(np.asarray(grad, dtype=np.float64)))
        param.grad = np.array(grad, dtype=np.float64)
        params.append(param)
    return params


def test_clip_grad_norm_returns_the_total_norm_of_all_gradients_as_a_tensor():
    params = with_grads([3.0, 0.0], [[4.0]], [12.0])
    total = clip_grad_norm_(params, max_norm=100.0)
    assert isinstance(total, Tensor)
    assert total.item() == pytest.approx(13.0)


def test_clip_grad_norm_scales_by_max_norm_over_total_plus_1e_6():
    params = with_grads([3.0, 0.0], [[4.0]])
    clip_grad_norm_(params, max_norm=1.0)
    np.testing.assert_allclose(params[0].grad, [3.0 / (5 + 1e-6), 0.0], rtol=1e-12)
    np.testing.assert_allclose(params[1].grad, [[4.0 / (5 + 1e-6)]], rtol=1e-12)


def test_clip_grad_norm_leaves_small_gradients_unchanged():
    params = with_grads([0.3, 0.4])
    clip_grad_norm_(params, max_norm=1.0)
    np.testing.assert_array_equal(params[0].grad, [0.3, 0.4])


@pytest.mark.parametrize(
    ("norm_type", "expected"), [(1.0, 8.0), (math.inf, 4.0), (3.0, 92 ** (1 / 3))]
)
def test_clip_grad_norm_of_other_orders(norm_type, expected):
    params = with_grads([3.0, -1.0], [-4.0])
    assert clip_grad_norm_(params, 100.0, norm_type=norm_type).item() == pytest.approx(expected)


def test_clip_grad_norm_skips_parameters_without_gradient_and_accepts_one_tensor():
    (param,) = with_grads([3.0, 4.0])
    assert clip_grad_norm_([nn.Parameter(np.ones(2)), param], 1.0).item() == pytest.approx(5.0)
    assert clip_grad_norm_(param, 1.0).item() == pytest.approx(1.0, rel=1e-5)


@pytest.mark.parametrize("bad", [math.inf, math.nan])
def test_clip_grad_norm_refuses_a_nonfinite_norm_when_asked(bad):
    params = with_grads([1.0, bad])
    with pytest.raises(RuntimeError, match="non-finite"):
        clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
    np.testing.assert_array_equal(params[0].grad, [1.0, bad])


def test_clip_grad_norm_scales_by_a_nonfinite_norm_otherwise_like_pytorch():
    params = with_grads([1.0, math.inf])
    total = clip_grad_norm_(params, 1.0)
    assert math.isinf(total.item())
    assert np.isnan(params[0].grad[1]) and params[0].grad[0] == 0.0


def test_clip_grad_value_clamps_every_element_in_place():
    params = with_grads([-3.0, 0.5, 4.0])
    grad = params[0].grad
    clip_grad_value_(params, 1.0)
    assert params[0].grad is grad
    np.testing.assert_array_equal(grad, [-1.0, 0.5, 1.0])
