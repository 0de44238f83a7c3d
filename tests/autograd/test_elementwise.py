"""Elementwise ops: values and gradients (gradcheck in float64), broadcasting both ways."""

import numpy as np
import pytest

from autograd import Tensor, gradcheck, maximum, minimum, where

BROADCAST_CASES = [
    # (shape of a, shape of b): each operand takes its turn being the stretched one
    ((3, 4), (3, 4)),
    ((3, 4), (4,)),
    ((4,), (3, 4)),
    ((3, 1), (1, 4)),
    ((2, 1, 4), (3, 1)),
    ((), (2, 3)),
    ((2, 3), ()),
]


@pytest.mark.parametrize("shape_a, shape_b", BROADCAST_CASES)
def test_add_gradient_with_broadcasting(leaf, shape_a, shape_b):
    assert gradcheck(lambda a, b: a + b, [leaf(*shape_a), leaf(*shape_b)])


@pytest.mark.parametrize("shape_a, shape_b", BROADCAST_CASES)
def test_sub_gradient_with_broadcasting(leaf, shape_a, shape_b):
    assert gradcheck(lambda a, b: a - b, [leaf(*shape_a), leaf(*shape_b)])


@pytest.mark.parametrize("shape_a, shape_b", BROADCAST_CASES)
def test_mul_gradient_with_broadcasting(leaf, shape_a, shape_b):
    assert gradcheck(lambda a, b: a * b, [leaf(*shape_a), leaf(*shape_b)])


@pytest.mark.parametrize("shape_a, shape_b", BROADCAST_CASES)
def test_div_gradient_with_broadcasting(leaf, shape_a, shape_b):
    numerator, denominator = leaf(*shape_a), leaf(*shape_b, low=0.5, high=2.0)
    assert gradcheck(lambda a, b: a / b, [numerator, denominator])


@pytest.mark.parametrize("shape_a, shape_b", BROADCAST_CASES)
def test_pow_gradient_with_tensor_exponent_and_broadcasting(leaf, shape_a, shape_b):
    base, exponent = leaf(*shape_a, low=0.5, high=2.0), leaf(*shape_b)
    assert gradcheck(lambda a, b: a**b, [base, exponent])


def test_pow_gradient_with_number_exponent(leaf):
    assert gradcheck(lambda a: a**3, [leaf(3, 2)])


def test_pow_gradient_with_number_base(leaf):
    assert gradcheck(lambda a: 2.0**a, [leaf(3, 2)])


def test_pow_gradient_of_square_at_zero_is_zero():
    x = Tensor(np.array([0.0, 2.0]), requires_grad=True)
    (x**2).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 4.0])


def test_pow_exponent_gradient_at_zero_base_is_zero_not_nan():
    base = Tensor(np.array([0.0, 1.0]))
    exponent = Tensor(np.array([2.0, 3.0]), requires_grad=True)
    (base**exponent).sum().backward()
    np.testing.assert_array_equal(exponent.grad, [0.0, 0.0])


def test_neg_gradient(leaf):
    assert gradcheck(lambda a: -a, [leaf(2, 3)])


def test_reflected_operators_with_numbers_and_arrays(leaf, rng):
    array = rng.uniform(0.5, 2.0, size=(2, 3))
    x = leaf(2, 3, low=0.5, high=2.0)
    assert gradcheck(lambda a: 1.0 + a, [x])
    assert gradcheck(lambda a: 1.0 - a, [x])
    assert gradcheck(lambda a: 3.0 * a, [x])
    assert gradcheck(lambda a: 1.0 / a, [x])
    assert gradcheck(lambda a: array / a, [x])
    assert gradcheck(lambda a: array - a, [x])


@pytest.mark.parametrize("method", ["exp", "tanh", "sigmoid"])
def test_smooth_unary_gradient(leaf, method):
    assert gradcheck(lambda a: getattr(a, method)(), [leaf(3, 4)])


@pytest.mark.parametrize("method", ["log", "sqrt"])
def test_positive_domain_unary_gradient(leaf, method):
    assert gradcheck(lambda a: getattr(a, method)(), [leaf(3, 4, low=0.2, high=3.0)])


@pytest.mark.parametrize("method", ["abs", "relu"])
def test_kinked_unary_gradient_away_from_zero(distinct_leaf, method):
    assert gradcheck(lambda a: getattr(a, method)(), [distinct_leaf(3, 4)])


def test_abs_gradient_at_zero_is_zero():
    x = Tensor(np.array([-2.0, 0.0, 3.0]), requires_grad=True)
    x.abs().sum().backward()
    np.testing.assert_array_equal(x.grad, [-1.0, 0.0, 1.0])


@pytest.mark.parametrize("shape", [(), (5,), (64, 300)])
def test_relu_gradient_selects_so_an_inf_upstream_at_a_dead_unit_gives_zero(shape):
    # the fast path multiplies by the mask; inf · 0 would be NaN where PyTorch gives 0
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal(shape), requires_grad=True)
    upstream = np.full(shape, 2.0)
    upstream.reshape(-1)[:3] = [np.inf, -np.inf, np.nan][: upstream.size]
    x.relu().backward(upstream)
    expected = np.where(x.data > 0, upstream, 0.0)
    np.testing.assert_array_equal(x.grad, expected)


def test_relu_gradient_at_zero_is_zero():
    x = Tensor(np.array([-2.0, 0.0, 3.0]), requires_grad=True)
    x.relu().sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 1.0])


def test_sigmoid_is_stable_for_large_magnitudes():
    x = Tensor(np.array([-1000.0, 0.0, 1000.0]), requires_grad=True)
    y = x.sigmoid()
    np.testing.assert_array_equal(y.data, [0.0, 0.5, 1.0])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.25, 0.0])


def test_exp_overflow_is_inf_without_warning():
    assert Tensor(np.array([1000.0])).exp().data[0] == np.inf


def test_log_of_zero_is_minus_inf_without_warning():
    assert Tensor([0.0]).log().data[0] == -np.inf


def test_log_of_negative_is_nan_without_warning():
    assert np.isnan(Tensor([-1.0]).log().data[0])


def test_division_by_zero_is_inf_without_warning():
    assert (Tensor([1.0]) / 0.0).data[0] == np.inf


def test_clip_gradient_flows_only_inside_the_range(distinct_leaf):
    assert gradcheck(lambda a: a.clip(-0.6, 0.8), [distinct_leaf(3, 4)])


def test_clip_with_one_bound(distinct_leaf):
    assert gradcheck(lambda a: a.clip(min=0.1), [distinct_leaf(3, 4)])
    assert gradcheck(lambda a: a.clip(max=0.1), [distinct_leaf(3, 4)])


def test_clip_gradient_is_one_on_the_bounds():
    x = Tensor(np.array([-2.0, -1.0, 0.0, 1.0, 2.0]), requires_grad=True)
    x.clip(-1.0, 1.0).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 1.0, 1.0, 1.0, 0.0])


@pytest.mark.parametrize("shape_a, shape_b", BROADCAST_CASES)
def test_maximum_gradient_with_broadcasting(rng, shape_a, shape_b):
    # values on a coarse grid shifted apart, so no element of a equals one of b
    a = Tensor(rng.integers(-5, 5, size=shape_a) + 0.25, requires_grad=True)
    b = Tensor(rng.integers(-5, 5, size=shape_b) - 0.25, requires_grad=True)
    assert gradcheck(maximum, [a, b])
    assert gradcheck(minimum, [a, b])


def test_maximum_splits_gradient_equally_on_ties():
    a = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    b = Tensor(np.array([3.0, 2.0, 1.0]), requires_grad=True)
    maximum(a, b).sum().backward()
    np.testing.assert_array_equal(a.grad, [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(b.grad, [1.0, 0.5, 0.0])


def test_minimum_splits_gradient_equally_on_ties():
    a = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    b = Tensor(np.array([3.0, 2.0, 1.0]), requires_grad=True)
    minimum(a, b).sum().backward()
    np.testing.assert_array_equal(a.grad, [1.0, 0.5, 0.0])
    np.testing.assert_array_equal(b.grad, [0.0, 0.5, 1.0])


def test_maximum_with_a_number(distinct_leaf):
    assert gradcheck(lambda a: maximum(a, 0.1), [distinct_leaf(2, 3)])


def test_where_gradient_goes_to_the_chosen_side(leaf, rng):
    condition = rng.random((3, 4)) > 0.5
    assert gradcheck(lambda a, b: where(condition, a, b), [leaf(3, 4), leaf(3, 4)])


def test_where_gradient_with_broadcast_operands(leaf, rng):
    condition = rng.random((3, 4)) > 0.5
    assert gradcheck(lambda a, b: where(condition, a, b), [leaf(4), leaf(3, 1)])


def test_where_gradient_with_broadcast_condition(leaf, rng):
    condition = rng.random((2, 1, 4)) > 0.5
    assert gradcheck(lambda a, b: where(condition, a, b), [leaf(3, 4), leaf(4)])


def test_where_exact_gradient():
    x = Tensor(np.array([1.0, -2.0, 3.0]), requires_grad=True)
    where(x > 0, x, 0.0).sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 0.0, 1.0])


def test_where_accepts_a_bool_tensor_condition(leaf):
    x = leaf(5)
    assert gradcheck(lambda a: where(a > 0, a, a * 0.1), [x])


def test_cast_between_floats_is_differentiable(leaf):
    # float32 in the middle: a coarser eps so rounding does not swamp the difference
    assert gradcheck(
        lambda a: a.astype(np.float32).astype(np.float64) * 2, [leaf(3)], eps=1e-3, atol=1e-3
    )


def test_cast_gradient_has_the_source_dtype(leaf):
    x = leaf(3)
    x.astype(np.float32).sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_array_equal(x.grad, [1.0, 1.0, 1.0])


def test_cast_to_integer_is_not_differentiable(leaf):
    assert not leaf(3).astype(np.int64).requires_grad


def test_scalar_workflow_micrograd_style():
    a = Tensor(-4.0, requires_grad=True)
    b = Tensor(2.0, requires_grad=True)
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    g.backward()
    # the values micrograd's README gives for this expression
    assert abs(g.item() - 24.7041) < 1e-3
    assert abs(a.grad.item() - 138.8338) < 1e-2
    assert abs(b.grad.item() - 645.5773) < 1e-2
    assert a.grad.shape == () and a.grad.dtype == np.float32


def test_clone_copies_memory_and_passes_the_gradient_through():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x.clone()
    assert not np.shares_memory(y.data, x.data)
    (y * 3).sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])
    assert gradcheck(lambda t: t.clone() * t, [Tensor(np.array([0.5, -1.5]), requires_grad=True)])
