"""The pointwise math of ``autograd/ops/pointwise.py``: values against NumPy (``math`` for the
error function), gradients against finite differences, forward mode as the transpose of reverse
mode (the dot-product test), second derivatives, and dtypes kept."""

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

from autograd import Tensor, grad, gradcheck, pointwise
from autograd.forward_ad import dual_level, make_dual, unpack_dual

Sampler = Callable[[np.random.Generator, tuple], np.ndarray]


def normal(rng, shape):
    return rng.standard_normal(shape)


@dataclass(frozen=True)
class Unary:
    """A unary op under test: its name (method and ``autograd`` function), the reference it
    must equal, and where to sample its input for gradients."""

    name: str
    reference: Callable[[np.ndarray], np.ndarray]
    domain: Sampler = normal

    def __str__(self):
        return self.name


def by_element(function):
    """A ``math`` function applied to each element (the reference where NumPy has none)."""
    return lambda values: np.vectorize(function, otypes=[np.float64])(values)


UNARY = [
    Unary("erf", by_element(math.erf)),
    Unary("erfc", by_element(math.erfc)),
]


def leaf(rng, sample, shape=(2, 3), dtype=np.float64):
    return Tensor(np.asarray(sample(rng, shape), dtype=dtype), requires_grad=True)


def forward_tangent(function, inputs, tangents):
    with dual_level():
        duals = [make_dual(x, tangent) for x, tangent in zip(inputs, tangents, strict=True)]
        return unpack_dual(function(*duals)).tangent


def dot_product_sides(function, inputs, rng):
    """<J t, c> and <t, J^T c> for random t and c: equal when jvp is backward's transpose."""
    tangents = [Tensor(rng.standard_normal(x.shape)) for x in inputs]
    out = function(*inputs)
    cotangent = Tensor(rng.standard_normal(out.shape))
    jvp = forward_tangent(function, inputs, tangents)
    vjps = grad(out, inputs, grad_outputs=cotangent)
    forward_side = np.sum(jvp.data * cotangent.data)
    reverse_side = sum(np.sum(t.data * v.data) for t, v in zip(tangents, vjps, strict=True))
    return forward_side, reverse_side


# ---------------------------------------------------------------- unary
@pytest.mark.parametrize("case", UNARY, ids=str)
def test_unary_value_matches_the_reference(case, rng):
    x = leaf(rng, case.domain, (4, 5))
    expected = case.reference(x.data)
    np.testing.assert_allclose(getattr(x, case.name)().data, expected, rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("case", UNARY, ids=str)
def test_unary_function_is_the_tensor_method(case, rng):
    x = leaf(rng, case.domain)
    function = getattr(pointwise, case.name)
    np.testing.assert_array_equal(function(x).data, getattr(x, case.name)().data)


@pytest.mark.parametrize("case", UNARY, ids=str)
def test_unary_gradient_matches_finite_differences(case, rng):
    assert gradcheck(lambda x: getattr(x, case.name)(), [leaf(rng, case.domain)])


@pytest.mark.parametrize("case", UNARY, ids=str)
def test_unary_forward_rule_is_the_transpose_of_backward(case, rng):
    forward_side, reverse_side = dot_product_sides(
        lambda x: getattr(x, case.name)(), [leaf(rng, case.domain)], rng
    )
    np.testing.assert_allclose(forward_side, reverse_side, rtol=1e-10)


@pytest.mark.parametrize("case", UNARY, ids=str)
def test_unary_float32_input_gives_float32_value_and_gradient(case, rng):
    x = leaf(rng, case.domain, dtype=np.float32)
    out = getattr(x, case.name)()
    out.sum().backward()
    assert out.dtype == np.float32
    assert x.grad is not None and x.grad.dtype == np.float32


# ---------------------------------------------------------------- the error function
def test_erf_is_accurate_to_double_precision_in_the_tails():
    x = Tensor(np.array([-6.0, -3.0, 1e-10, 2.5, 6.0]), dtype=np.float64)
    expected = [math.erf(value) for value in x.data]
    np.testing.assert_array_equal(x.erf().data, expected)


def test_erfc_keeps_its_relative_accuracy_where_erf_rounds_to_one():
    assert Tensor(np.array([10.0])).erfc().data[0] == math.erfc(10.0) > 0


SECOND_ORDER = {
    # f''(x) in closed form
    "erf": (lambda x: x.erf(), lambda x: -2 * x * _TWO_OVER_SQRT_PI * np.exp(-x * x)),
}
_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)


@pytest.mark.parametrize("name", SECOND_ORDER)
def test_second_derivative_by_create_graph_matches_the_closed_form(name, rng):
    function, second = SECOND_ORDER[name]
    x = leaf(rng, normal)
    (first,) = grad(function(x).sum(), x, create_graph=True)
    (second_derivative,) = grad(first.sum(), x)
    np.testing.assert_allclose(second_derivative.data, second(x.data), rtol=1e-12)
