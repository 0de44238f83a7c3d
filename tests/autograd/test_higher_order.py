"""Second derivatives: gradients built with create_graph=True are themselves differentiable.

Each Hessian-vector product H v = d/dx (grad f(x) . v) is compared with central finite
differences of the first derivative, (grad f(x + eps v) - grad f(x - eps v)) / (2 eps).
"""

import numpy as np
import pytest

import autograd
from autograd import Tensor, gradcheck, maximum, where

EPS = 1e-6


def first_derivative(f, x_data):
    x = Tensor(x_data.copy(), requires_grad=True)
    (gx,) = autograd.grad(f(x), [x])
    return gx.data


def hessian_vector_product(f, x_data, v):
    x = Tensor(x_data.copy(), requires_grad=True)
    (gx,) = autograd.grad(f(x), [x], create_graph=True)
    assert gx.requires_grad, "a gradient built with create_graph=True must be differentiable"
    (hv,) = autograd.grad((gx * Tensor(v)).sum(), [x])
    return hv.data


def finite_difference_hvp(f, x_data, v):
    plus = first_derivative(f, x_data + EPS * v)
    minus = first_derivative(f, x_data - EPS * v)
    return (plus - minus) / (2 * EPS)


WEIGHTS = np.linspace(-1.0, 2.0, 12).reshape(3, 4)
OTHER = np.linspace(0.5, -0.7, 20).reshape(4, 5)

FUNCTIONS = {
    "softmax": lambda x: (x.softmax(axis=1) * WEIGHTS).sum(),
    "log_softmax": lambda x: (x.log_softmax(axis=0) * WEIGHTS).sum(),
    "cross_entropy": lambda x: -(x.log_softmax(axis=1)[np.arange(3), [0, 3, 1]]).mean(),
    "matmul": lambda x: ((x @ Tensor(OTHER)) ** 2).sum(),
    "matmul with itself": lambda x: (x @ x.T).tanh().sum(),
    "tanh": lambda x: (x.tanh() * WEIGHTS).sum(),
    "sigmoid": lambda x: (x.sigmoid() * WEIGHTS).sum(),
    "exp": lambda x: (x.exp() * WEIGHTS).sum(),
    "log": lambda x: ((x * x + 1).log() * WEIGHTS).sum(),
    "sqrt": lambda x: (x * x + 1).sqrt().sum(),
    "div": lambda x: (WEIGHTS / (x * x + 1)).sum(),
    "pow with tensor exponent": lambda x: ((x * x + 1) ** (x * 0.5)).sum(),
    "max": lambda x: (x.max(axis=1) ** 2).sum() + (x.max() * x).sum(),
    "min": lambda x: (x.min(axis=0) ** 3).sum(),
    "maximum": lambda x: (maximum(x, x * 0.5 + 0.1) ** 2).sum(),
    "indexing with repeats": lambda x: (x[[0, 0, 2]] ** 3).sum() + (x[:, 1:3] ** 2).sum(),
    "boolean mask": lambda x: (x[WEIGHTS > 0] ** 3).sum(),
    "where": lambda x: (where(WEIGHTS > 0, x**3, x.exp())).sum(),
    "var": lambda x: x.var(axis=1).sum() * x.mean(),
    "logsumexp": lambda x: x.logsumexp(axis=1).sum(),
    "broadcast and reshape": lambda x: (
        (x.reshape(3, 1, 4) * x.T.reshape(1, 4, 3).transpose(0, 2, 1)) ** 2
    ).sum(),
    "concatenate and stack": lambda x: (
        autograd.stack([x, x * x]).sum(axis=0) * autograd.concatenate([x, x], axis=1)[:, :4]
    ).sum(),
}


@pytest.mark.parametrize("f", FUNCTIONS.values(), ids=FUNCTIONS.keys())
def test_hessian_vector_product_matches_finite_differences(rng, f):
    x_data = rng.permutation(12).reshape(3, 4) * 0.3 - 1.65 + rng.uniform(-0.05, 0.05, (3, 4))
    v = rng.standard_normal((3, 4))
    np.testing.assert_allclose(
        hessian_vector_product(f, x_data, v),
        finite_difference_hvp(f, x_data, v),
        rtol=1e-4,
        atol=1e-6,
    )


def test_second_derivative_of_a_cube():
    x = Tensor(np.array(2.0), requires_grad=True)
    (dy,) = autograd.grad(x**3, [x], create_graph=True)
    (d2y,) = autograd.grad(dy, [x])
    assert np.isclose(dy.data, 12.0) and np.isclose(d2y.data, 12.0)


def test_third_derivative_of_tanh():
    x = Tensor(np.array(0.3), requires_grad=True)
    (d1,) = autograd.grad(x.tanh(), [x], create_graph=True)
    (d2,) = autograd.grad(d1, [x], create_graph=True)
    (d3,) = autograd.grad(d2, [x])
    t = np.tanh(0.3)
    assert np.isclose(d3.data, -2 * (1 - t**2) ** 2 + 4 * t**2 * (1 - t**2))


def test_gradient_of_a_gradient_passes_gradcheck(leaf):
    def grad_of_softmax_loss(x):
        (gx,) = autograd.grad((x.softmax(axis=1) * WEIGHTS).sum(), [x], create_graph=True)
        return gx

    assert gradcheck(grad_of_softmax_loss, [leaf(3, 4)])


def test_gradient_of_matmul_gradient_passes_gradcheck(leaf):
    b = leaf(4, 2)

    def grad_wrt_a(a, b):
        (ga,) = autograd.grad(((a @ b) ** 2).sum(), [a], create_graph=True)
        return ga

    assert gradcheck(grad_wrt_a, [leaf(3, 4), b])


def test_backward_with_create_graph_then_grad_of_a_grad_norm():
    # gradient penalty: d/dx |grad f(x)|^2 with f = sum(x^3): grad = 3x^2, penalty' = 36 x^3
    x = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    (gx,) = autograd.grad((x**3).sum(), [x], create_graph=True)
    (gx * gx).sum().backward()
    np.testing.assert_allclose(x.grad, 36 * np.array([1.0, -8.0]))


def test_create_graph_keeps_the_first_graph_for_another_pass():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = (x**3).sum()
    autograd.grad(y, [x], create_graph=True)
    (again,) = autograd.grad(y, [x])
    np.testing.assert_allclose(again.data, [3.0, 12.0])


def test_mixed_second_derivative_of_pow_at_zero_base_is_nan_as_in_pytorch():
    # d/da (a^b log a) = a^(b-1) (b log a + 1); at a = 0 PyTorch's formula (a masked
    # out^b log a) differentiates to 0 * inf = NaN, and so does graphgrad's, the same formula
    a = Tensor(np.array([0.0, 2.0]), requires_grad=True)
    b = Tensor(np.array([2.0, 3.0]), requires_grad=True)
    (grad_b,) = autograd.grad((a**b).sum(), [b], create_graph=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        (mixed,) = autograd.grad(grad_b.sum(), [a])
    np.testing.assert_allclose(mixed.data, [np.nan, 4.0 * (3 * np.log(2.0) + 1)])
