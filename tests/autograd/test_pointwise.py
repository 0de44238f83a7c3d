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


def unit(rng, shape):
    """Inside (-1, 1), away from the ends where asin, atanh and erfinv are steep."""
    return rng.uniform(-0.9, 0.9, shape)


def positive(rng, shape):
    return rng.uniform(0.5, 2.0, shape)


def above_one(rng, shape):
    return rng.uniform(1.2, 3.0, shape)


def above_minus_one(rng, shape):
    return rng.uniform(-0.5, 2.0, shape)


def nonzero(rng, shape):
    """Magnitudes in [0.5, 2], either sign: away from the poles of reciprocal and copysign's
    kink."""
    return rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], shape)


def off_grid(rng, shape):
    """Whole numbers plus a quarter to three quarters: away from every jump of floor, ceil,
    trunc, round and frac."""
    return rng.integers(-3, 3, shape) + rng.uniform(0.25, 0.75, shape)


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
    Unary("sin", np.sin),
    Unary("cos", np.cos),
    Unary("tan", np.tan, unit),
    Unary("asin", np.arcsin, unit),
    Unary("acos", np.arccos, unit),
    Unary("atan", np.arctan),
    Unary("sinh", np.sinh),
    Unary("cosh", np.cosh),
    Unary("asinh", np.arcsinh),
    Unary("acosh", np.arccosh, above_one),
    Unary("atanh", np.arctanh, unit),
    Unary("log2", np.log2, positive),
    Unary("log10", np.log10, positive),
    Unary("log1p", np.log1p, above_minus_one),
    Unary("expm1", np.expm1),
    Unary("exp2", np.exp2),
    Unary("rsqrt", lambda x: 1 / np.sqrt(x), positive),
    Unary("reciprocal", np.reciprocal, nonzero),
    Unary("square", np.square),
    Unary("erf", by_element(math.erf)),
    Unary("erfc", by_element(math.erfc)),
    Unary("erfinv", None, unit),  # checked through erf: erf(erfinv(x)) = x
    Unary("frac", lambda x: x - np.trunc(x), off_grid),
]
FLAT = [
    Unary("sign", np.sign, nonzero),
    Unary("floor", np.floor, off_grid),
    Unary("ceil", np.ceil, off_grid),
    Unary("round", np.round, off_grid),
    Unary("trunc", np.trunc, off_grid),
]
WITH_REFERENCE = [case for case in UNARY + FLAT if case.reference is not None]


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
@pytest.mark.parametrize("case", WITH_REFERENCE, ids=str)
def test_unary_value_matches_the_reference(case, rng):
    x = leaf(rng, case.domain, (4, 5))
    expected = case.reference(x.data)
    np.testing.assert_allclose(getattr(x, case.name)().data, expected, rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("case", UNARY + FLAT, ids=str)
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


@pytest.mark.parametrize("case", UNARY + FLAT, ids=str)
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


def test_erfinv_inverts_erf_to_double_precision():
    x = Tensor(np.array([-0.999999, -0.7, -1e-12, 0.0, 0.3, 0.5, 0.9, 0.999999999]))
    np.testing.assert_allclose(x.erfinv().erf().data, x.data, rtol=1e-15, atol=0)


def test_erfinv_of_erf_gives_back_its_argument():
    # beyond |y| = 3, erf(y) rounds so near 1 that y itself is no longer determined
    y = Tensor(np.array([-3.0, -2.0, 1e-8, 0.1, 1.5, 2.5]))
    np.testing.assert_allclose(y.erf().erfinv().data, y.data, rtol=1e-10)


def test_erfinv_is_infinite_at_plus_minus_one_and_nan_beyond():
    x = Tensor(np.array([-1.0, 1.0, 1.5, -2.0, np.nan]))
    np.testing.assert_array_equal(x.erfinv().data, [-np.inf, np.inf, np.nan, np.nan, np.nan])


_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)
SECOND_ORDER = {
    # f''(x) in closed form
    "sin": (lambda x: x.sin(), lambda x: -np.sin(x)),
    "log1p": (lambda x: x.log1p(), lambda x: -1 / (1 + x) ** 2),
    "erf": (lambda x: x.erf(), lambda x: -2 * x * _TWO_OVER_SQRT_PI * np.exp(-x * x)),
}


@pytest.mark.parametrize("name", SECOND_ORDER)
def test_second_derivative_by_create_graph_matches_the_closed_form(name, rng):
    function, second = SECOND_ORDER[name]
    x = leaf(rng, positive)
    (first,) = grad(function(x).sum(), x, create_graph=True)
    (second_derivative,) = grad(first.sum(), x)
    np.testing.assert_allclose(second_derivative.data, second(x.data), rtol=1e-12)


# ---------------------------------------------------------------- domain edges
EDGES = {
    # input, expected: NumPy's values, with no warning (the suite turns warnings into errors)
    "log1p": ([-1.0, -2.0], [-np.inf, np.nan]),
    "asin": ([2.0, -1.5], [np.nan, np.nan]),
    "acos": ([2.0], [np.nan]),
    "acosh": ([0.5], [np.nan]),
    "atanh": ([1.0, -1.0, 2.0], [np.inf, -np.inf, np.nan]),
    "log2": ([0.0, -1.0], [-np.inf, np.nan]),
    "log10": ([0.0], [-np.inf]),
    "rsqrt": ([0.0, -1.0], [np.inf, np.nan]),
    "reciprocal": ([0.0], [np.inf]),
    "exp2": ([2000.0], [np.inf]),
    "sinh": ([1000.0], [np.inf]),
}


@pytest.mark.parametrize("name", EDGES)
def test_domain_edges_give_numpys_values_without_a_warning(name):
    values, expected = EDGES[name]
    out = getattr(Tensor(np.array(values)), name)()
    np.testing.assert_array_equal(out.data, expected)


# ---------------------------------------------------------------- flat ops: gradient 0
@pytest.mark.parametrize("case", FLAT, ids=str)
def test_flat_op_has_gradient_zero(case, rng):
    x = leaf(rng, case.domain)
    getattr(x, case.name)().sum().backward()
    np.testing.assert_array_equal(x.grad, np.zeros(x.shape))


@pytest.mark.parametrize("case", FLAT, ids=str)
def test_flat_op_gives_zero_not_nan_after_an_infinite_gradient(case):
    x = Tensor(np.array([0.0, 4.0]), requires_grad=True)
    getattr(x, case.name)().sqrt().sum().backward()  # sqrt's gradient at 0 is inf
    assert x.grad is not None and x.grad[0] == 0.0


@pytest.mark.parametrize("case", FLAT, ids=str)
def test_flat_op_has_tangent_zero(case, rng):
    x = leaf(rng, case.domain)
    tangent = forward_tangent(lambda t: getattr(t, case.name)(), [x], [Tensor(np.ones(x.shape))])
    np.testing.assert_array_equal(tangent.data, np.zeros(x.shape))


def test_round_halves_to_even_and_takes_decimals():
    x = Tensor(np.array([0.5, 1.5, 2.5, 1.25]))
    np.testing.assert_array_equal(x.round().data, [0.0, 2.0, 2.0, 1.0])
    np.testing.assert_array_equal(x.round(decimals=1).data, [0.5, 1.5, 2.5, 1.2])


def test_frac_keeps_the_sign_of_its_input():
    np.testing.assert_array_equal(Tensor(np.array([-1.5, 2.25])).frac().data, [-0.5, 0.25])


def test_rounding_an_integer_tensor_keeps_it():
    x = Tensor(np.array([1, -2]), dtype=np.int64)
    assert x.floor().dtype == np.int64
    np.testing.assert_array_equal(x.floor().data, [1, -2])


# ---------------------------------------------------------------- binary
@dataclass(frozen=True)
class Binary:
    """A binary op under test: its reference, and where to sample each input."""

    name: str
    reference: Callable[[np.ndarray, np.ndarray], np.ndarray]
    domains: tuple[Sampler, Sampler] = (normal, normal)

    def __str__(self):
        return self.name


def off_multiples(rng, shape):
    """Dividends in (0.25, 0.75) + whole numbers: with divisors in [1.05, 1.2] (``divisor``)
    the quotient is never within 0.05 of a whole number, where fmod and remainder jump."""
    return rng.integers(-3, 3, shape) * 1.1 + rng.uniform(0.3, 0.7, shape)


def divisor(rng, shape):
    return rng.uniform(1.05, 1.15, shape) * rng.choice([-1.0, 1.0], shape)


BINARY = [
    Binary("atan2", np.arctan2, (normal, nonzero)),
    Binary("hypot", np.hypot, (nonzero, nonzero)),
    Binary("logaddexp", np.logaddexp),
    Binary("copysign", np.copysign, (nonzero, nonzero)),
    Binary("fmod", np.fmod, (off_multiples, divisor)),
    Binary("remainder", np.remainder, (off_multiples, divisor)),
]
SHAPE_PAIRS = [((2, 3), (2, 3)), ((2, 3), (3,)), ((3,), (2, 3))]


def binary_leaves(rng, case, shapes, dtype=np.float64):
    return [
        leaf(rng, domain, shape, dtype) for domain, shape in zip(case.domains, shapes, strict=True)
    ]


@pytest.mark.parametrize("case", BINARY, ids=str)
def test_binary_value_matches_numpy(case, rng):
    a, b = binary_leaves(rng, case, [(2, 3), (3,)])
    np.testing.assert_array_equal(getattr(a, case.name)(b).data, case.reference(a.data, b.data))


@pytest.mark.parametrize("case", BINARY, ids=str)
def test_binary_function_is_the_tensor_method(case, rng):
    a, b = binary_leaves(rng, case, [(2, 3), (3,)])
    function = getattr(pointwise, case.name)
    np.testing.assert_array_equal(function(a, b).data, getattr(a, case.name)(b).data)


@pytest.mark.parametrize("shapes", SHAPE_PAIRS, ids=str)
@pytest.mark.parametrize("case", BINARY, ids=str)
def test_binary_gradient_matches_finite_differences_with_broadcasting(case, shapes, rng):
    assert gradcheck(lambda a, b: getattr(a, case.name)(b), binary_leaves(rng, case, shapes))


@pytest.mark.parametrize("shapes", SHAPE_PAIRS, ids=str)
@pytest.mark.parametrize("case", BINARY, ids=str)
def test_binary_forward_rule_is_the_transpose_of_backward(case, shapes, rng):
    forward_side, reverse_side = dot_product_sides(
        lambda a, b: getattr(a, case.name)(b), binary_leaves(rng, case, shapes), rng
    )
    np.testing.assert_allclose(forward_side, reverse_side, rtol=1e-10)


@pytest.mark.parametrize("case", BINARY, ids=str)
def test_binary_float32_inputs_give_float32_value_and_gradients(case, rng):
    a, b = binary_leaves(rng, case, [(2, 3), (3,)], dtype=np.float32)
    out = getattr(a, case.name)(b)
    out.sum().backward()
    assert out.dtype == np.float32
    assert a.grad is not None and a.grad.dtype == np.float32
    assert b.grad is not None and b.grad.dtype == np.float32


def test_binary_op_takes_a_python_number_in_the_tensors_dtype():
    x = Tensor(np.array([3.0], dtype=np.float32))
    assert x.hypot(4.0).dtype == np.float32
    assert pointwise.atan2(1.0, x).dtype == np.float32


def test_copysign_sends_no_gradient_into_the_sign():
    a, b = (Tensor(np.array([1.0, -2.0]), requires_grad=True) for _ in range(2))
    a.copysign(b).sum().backward()
    np.testing.assert_array_equal(b.grad, [0.0, 0.0])


def test_logaddexp_does_not_overflow():
    x = Tensor(np.array([1000.0, -1000.0]))
    np.testing.assert_allclose(x.logaddexp(x).data, x.data + np.log(2))


def test_fmod_and_remainder_by_zero_are_nan_without_a_warning():
    x = Tensor(np.array([1.0]))
    assert np.isnan(x.fmod(0.0).data[0]) and np.isnan(x.remainder(0.0).data[0])


# ---------------------------------------------------------------- lerp
LERP_SHAPES = [((2, 3), (2, 3), (2, 3)), ((2, 3), (3,), (2, 1)), ((3,), (2, 3), ())]


@pytest.mark.parametrize("shapes", LERP_SHAPES, ids=str)
def test_lerp_gradient_matches_finite_differences_in_all_three(shapes, rng):
    inputs = [leaf(rng, normal, shape) for shape in shapes]
    assert gradcheck(lambda s, e, w: s.lerp(e, w), inputs)


@pytest.mark.parametrize("shapes", LERP_SHAPES, ids=str)
def test_lerp_forward_rule_is_the_transpose_of_backward(shapes, rng):
    inputs = [leaf(rng, normal, shape) for shape in shapes]
    forward_side, reverse_side = dot_product_sides(lambda s, e, w: s.lerp(e, w), inputs, rng)
    np.testing.assert_allclose(forward_side, reverse_side, rtol=1e-10)


def test_lerp_is_exact_at_both_ends():
    start, end = Tensor(np.array([0.1, 1e20])), Tensor(np.array([0.3, 1.0]))
    np.testing.assert_array_equal(start.lerp(end, 0.0).data, start.data)
    np.testing.assert_array_equal(start.lerp(end, 1.0).data, end.data)


def test_lerp_function_takes_a_number_weight():
    out = pointwise.lerp(Tensor(np.array([0.0, 10.0])), Tensor(np.array([10.0, 20.0])), 0.25)
    np.testing.assert_array_equal(out.data, [2.5, 12.5])


# ---------------------------------------------------------------- predicates
PREDICATES = {"isnan": np.isnan, "isinf": np.isinf, "isfinite": np.isfinite}


@pytest.mark.parametrize("name", PREDICATES)
def test_predicate_gives_a_boolean_tensor_without_gradient(name):
    x = Tensor(np.array([1.0, np.nan, np.inf, -np.inf]), requires_grad=True)
    out = getattr(x, name)()
    assert out.dtype == np.bool_ and not out.requires_grad
    np.testing.assert_array_equal(out.data, PREDICATES[name](x.data))
    np.testing.assert_array_equal(getattr(pointwise, name)(x).data, out.data)


def test_isclose_follows_pytorchs_tolerances_and_broadcasts():
    a = Tensor(np.array([[1.0, np.nan], [2.0, 3.0]]))
    b = Tensor(np.array([1.0 + 1e-6, np.nan]))
    np.testing.assert_array_equal(a.isclose(b).data, [[True, False], [False, False]])
    np.testing.assert_array_equal(
        pointwise.isclose(a, b, equal_nan=True).data, [[True, True], [False, False]]
    )
