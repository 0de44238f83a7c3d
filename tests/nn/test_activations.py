"""The activations of nn.functional and their layers, against PyTorch's closed forms in NumPy."""

import inspect
import math

import numpy as np
import pytest

import nn
from autograd import Tensor, gradcheck
from nn import functional

SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805
erf = np.vectorize(math.erf)  # scipy is not a dependency


def _softplus(x, beta=1.0, threshold=20.0):
    return np.where(beta * x > threshold, x, np.logaddexp(0.0, beta * x) / beta)


def _elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def _relu6(x):
    return np.clip(x, 0.0, 6.0)


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(x / 2.0))


# name: (functional call, NumPy closed form)
ELEMENTWISE = {
    "gelu": (functional.gelu, lambda x: 0.5 * x * (1 + erf(x / math.sqrt(2)))),
    "gelu_tanh": (
        lambda x: functional.gelu(x, approximate="tanh"),
        lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))),
    ),
    "silu": (functional.silu, lambda x: x * _sigmoid(x)),
    "mish": (functional.mish, lambda x: x * np.tanh(_softplus(x))),
    "softplus": (functional.softplus, _softplus),
    "softplus_beta": (
        lambda x: functional.softplus(x, beta=2.0, threshold=3.0),
        lambda x: _softplus(x, 2.0, 3.0),
    ),
    "elu": (functional.elu, _elu),
    "elu_alpha": (lambda x: functional.elu(x, alpha=0.5), lambda x: _elu(x, 0.5)),
    "selu": (functional.selu, lambda x: SELU_SCALE * _elu(x, SELU_ALPHA)),
    "celu": (
        lambda x: functional.celu(x, alpha=2.0),
        lambda x: np.maximum(0, x) + np.minimum(0, 2.0 * np.expm1(np.minimum(x, 0) / 2.0)),
    ),
    "leaky_relu": (functional.leaky_relu, lambda x: np.where(x > 0, x, 0.01 * x)),
    "leaky_relu_slope": (
        lambda x: functional.leaky_relu(x, negative_slope=0.2),
        lambda x: np.where(x > 0, x, 0.2 * x),
    ),
    "relu6": (functional.relu6, _relu6),
    "hardtanh": (functional.hardtanh, lambda x: np.clip(x, -1.0, 1.0)),
    "hardtanh_range": (
        lambda x: functional.hardtanh(x, min_val=-2.0, max_val=0.5),
        lambda x: np.clip(x, -2.0, 0.5),
    ),
    "hardsigmoid": (functional.hardsigmoid, lambda x: _relu6(x + 3) / 6),
    "hardswish": (functional.hardswish, lambda x: x * _relu6(x + 3) / 6),
    "logsigmoid": (functional.logsigmoid, lambda x: -np.logaddexp(0.0, -x)),
    "softsign": (functional.softsign, lambda x: x / (1 + np.abs(x))),
    "tanhshrink": (functional.tanhshrink, lambda x: x - np.tanh(x)),
}
STABLE = ["softplus", "softplus_beta", "logsigmoid", "mish", "silu", "elu", "selu", "celu", "gelu"]
# kinks (where a piece ends) of the piecewise ones: gradcheck's inputs keep away from them
KINKS = [-3.0, -2.0, -1.0, 0.0, 0.5, 1.0, 1.5, 3.0, 6.0]


def _away_from_kinks(rng, shape):
    x = rng.uniform(-8.0, 8.0, size=shape)
    for kink in KINKS:
        close = np.abs(x - kink) < 0.05
        x[close] = kink + 0.1
    return x


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activation_matches_its_closed_form(name, rng):
    function, reference = ELEMENTWISE[name]
    x = np.concatenate([rng.uniform(-8.0, 8.0, 50), [-50.0, -25.0, 0.0, 25.0, 50.0]])
    np.testing.assert_allclose(function(Tensor(x)).data, reference(x), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activation_gradients_match_finite_differences(name, rng):
    function, _ = ELEMENTWISE[name]
    x = Tensor(_away_from_kinks(rng, (4, 5)), requires_grad=True)
    assert gradcheck(function, [x])


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activation_keeps_float32(name):
    function, _ = ELEMENTWISE[name]
    assert function(Tensor([-1.0, 2.0])).dtype == np.float32


@pytest.mark.parametrize("name", STABLE)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_stable_activation_has_finite_values_and_gradients_at_large_inputs(name, dtype):
    function, _ = ELEMENTWISE[name]
    x = Tensor(np.array([-1000.0, -50.0, 50.0, 1000.0], dtype=dtype), requires_grad=True)
    y = function(x)
    y.sum().backward()
    assert np.isfinite(y.data).all() and np.isfinite(x.grad).all()


@pytest.mark.parametrize(
    "function, slopes",
    [
        (functional.softplus, [0.0, 1.0]),
        (functional.logsigmoid, [1.0, 0.0]),
        (functional.silu, [0.0, 1.0]),
    ],
)
def test_stable_activation_has_the_limit_slopes_at_plus_and_minus_50(function, slopes):
    x = Tensor(np.array([-50.0, 50.0]), requires_grad=True)
    function(x).sum().backward()
    np.testing.assert_allclose(x.grad, slopes, atol=1e-15)


@pytest.mark.parametrize("function", [functional.softplus, functional.logsigmoid])
def test_softplus_and_logsigmoid_have_slope_one_half_at_zero(function):
    x = Tensor(np.array([0.0]), requires_grad=True)
    function(x).sum().backward()
    np.testing.assert_allclose(x.grad, [0.5])


def test_softplus_is_linear_above_the_threshold():
    x = Tensor(np.array([10.5, 11.0]), requires_grad=True)
    functional.softplus(x, beta=2.0, threshold=20.0).sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 1.0])


def test_gelu_rejects_an_unknown_approximation():
    with pytest.raises(ValueError, match="approximate must be 'none' or 'tanh', got 'fast'"):
        functional.gelu(Tensor([1.0]), approximate="fast")


# ---------------------------------------------------------------- glu
def test_glu_gates_the_first_half_with_the_sigmoid_of_the_second(rng):
    x = rng.standard_normal((3, 4, 6))
    expected = x[:, :2] * _sigmoid(x[:, 2:])
    np.testing.assert_allclose(functional.glu(Tensor(x), dim=1).data, expected, rtol=1e-12)


def test_glu_splits_the_last_dim_by_default(rng):
    x = rng.standard_normal((2, 6))
    np.testing.assert_allclose(
        functional.glu(Tensor(x)).data, x[:, :3] * _sigmoid(x[:, 3:]), rtol=1e-12
    )


def test_glu_gradients_match_finite_differences(leaf):
    assert gradcheck(lambda x: functional.glu(x, dim=0), [leaf(4, 3)])


def test_glu_names_the_odd_dimension():
    with pytest.raises(ValueError, match=r"dim=1 must be even .* shape \(2, 3\)"):
        functional.glu(Tensor(np.zeros((2, 3))))


# ---------------------------------------------------------------- normalize
@pytest.mark.parametrize("p", [1.0, 2.0, 3.0, math.inf])
def test_normalize_divides_by_the_p_norm_along_dim(p, rng):
    x = rng.standard_normal((3, 4, 5))
    norm = np.linalg.norm(x, ord=p, axis=1, keepdims=True)
    np.testing.assert_allclose(functional.normalize(Tensor(x), p=p).data, x / norm, rtol=1e-12)


@pytest.mark.parametrize("p", [1.0, 2.0, 3.0, math.inf])
def test_normalize_gradients_match_finite_differences(p, leaf):
    assert gradcheck(lambda x: functional.normalize(x, p=p, dim=-1), [leaf(3, 4)])


def test_normalize_leaves_a_zero_vector_zero_with_a_finite_gradient():
    x = Tensor(np.zeros((2, 3)), requires_grad=True)
    y = functional.normalize(x)
    y.sum().backward()
    np.testing.assert_array_equal(y.data, 0.0)
    assert np.isfinite(x.grad).all()


def test_normalize_divides_by_eps_below_it():
    x = np.array([[3e-13, 4e-13]])
    np.testing.assert_allclose(functional.normalize(Tensor(x), eps=1e-12).data, x / 1e-12)


# ---------------------------------------------------------------- layers
LAYERS = [
    (nn.GELU(), functional.gelu),
    (nn.GELU(approximate="tanh"), lambda x: functional.gelu(x, approximate="tanh")),
    (nn.SiLU(), functional.silu),
    (nn.Mish(), functional.mish),
    (
        nn.Softplus(beta=2.0, threshold=3.0),
        lambda x: functional.softplus(x, beta=2.0, threshold=3.0),
    ),
    (nn.ELU(alpha=0.5), lambda x: functional.elu(x, alpha=0.5)),
    (nn.SELU(), functional.selu),
    (nn.CELU(alpha=2.0), lambda x: functional.celu(x, alpha=2.0)),
    (nn.LeakyReLU(0.2), lambda x: functional.leaky_relu(x, 0.2)),
    (nn.ReLU6(), functional.relu6),
    (nn.Hardtanh(-2.0, 0.5), lambda x: functional.hardtanh(x, -2.0, 0.5)),
    (nn.Hardsigmoid(), functional.hardsigmoid),
    (nn.Hardswish(), functional.hardswish),
    (nn.LogSigmoid(), functional.logsigmoid),
    (nn.Softsign(), functional.softsign),
    (nn.Tanhshrink(), functional.tanhshrink),
    (nn.GLU(dim=0), lambda x: functional.glu(x, dim=0)),
]


@pytest.mark.parametrize("layer, function", LAYERS, ids=lambda v: type(v).__name__)
def test_layer_computes_its_functional(layer, function, rng):
    x = Tensor(rng.uniform(-8.0, 8.0, (4, 6)))
    np.testing.assert_array_equal(layer(x).data, function(x).data)


@pytest.mark.parametrize(
    "layer, text",
    [
        (nn.GELU(), "GELU(approximate='none')"),
        (nn.Softplus(), "Softplus(beta=1.0, threshold=20.0)"),
        (nn.ELU(), "ELU(alpha=1.0)"),
        (nn.CELU(), "CELU(alpha=1.0)"),
        (nn.LeakyReLU(), "LeakyReLU(negative_slope=0.01)"),
        (nn.Hardtanh(), "Hardtanh(min_val=-1.0, max_val=1.0)"),
        (nn.ReLU6(), "ReLU6()"),
        (nn.GLU(), "GLU(dim=-1)"),
        (nn.SiLU(), "SiLU()"),
    ],
)
def test_layer_repr_shows_its_arguments_with_pytorch_defaults(layer, text):
    assert repr(layer) == text


def test_layers_have_no_parameters():
    assert all(not list(layer.parameters()) for layer, _ in LAYERS)


def test_gelu_layer_rejects_an_unknown_approximation():
    with pytest.raises(ValueError, match="GELU: approximate"):
        nn.GELU(approximate="fast")


# PyTorch's defaults, as its signatures state them
PYTORCH_DEFAULTS = [
    (functional.gelu, {"approximate": "none"}),
    (functional.softplus, {"beta": 1.0, "threshold": 20.0}),
    (functional.elu, {"alpha": 1.0}),
    (functional.celu, {"alpha": 1.0}),
    (functional.leaky_relu, {"negative_slope": 0.01}),
    (functional.hardtanh, {"min_val": -1.0, "max_val": 1.0}),
    (functional.glu, {"dim": -1}),
    (functional.normalize, {"p": 2.0, "dim": 1, "eps": 1e-12}),
]


@pytest.mark.parametrize("function, defaults", PYTORCH_DEFAULTS, ids=lambda v: str(v)[:20])
def test_functional_defaults_are_pytorchs(function, defaults):
    parameters = inspect.signature(function).parameters
    assert {name: parameters[name].default for name in defaults} == defaults
