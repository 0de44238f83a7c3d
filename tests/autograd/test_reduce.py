"""Reductions and the composite functions built on them: axis tuples, negative axes,
keepdims, ties in max/min, and the stable softmax family."""

import numpy as np
import pytest

import autograd
from autograd import Tensor, gradcheck

AXIS_CASES = [None, 0, 1, -1, -3, (0, 2), (2, 0), (-1, 0), (0, 1, 2)]


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXIS_CASES)
def test_sum_gradient(leaf, axis, keepdims):
    assert gradcheck(lambda a: a.sum(axis=axis, keepdims=keepdims), [leaf(2, 3, 4)])


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXIS_CASES)
def test_mean_gradient(leaf, axis, keepdims):
    assert gradcheck(lambda a: a.mean(axis=axis, keepdims=keepdims), [leaf(2, 3, 4)])


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXIS_CASES)
def test_max_gradient_without_ties(distinct_leaf, axis, keepdims):
    assert gradcheck(lambda a: a.max(axis=axis, keepdims=keepdims), [distinct_leaf(2, 3, 4)])


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXIS_CASES)
def test_min_gradient_without_ties(distinct_leaf, axis, keepdims):
    assert gradcheck(lambda a: a.min(axis=axis, keepdims=keepdims), [distinct_leaf(2, 3, 4)])


@pytest.mark.parametrize("reduction", ["sum", "mean", "max", "min"])
def test_reduction_values_match_numpy(rng, reduction):
    data = rng.standard_normal((2, 3, 4))
    result = getattr(Tensor(data), reduction)(axis=(0, -1), keepdims=True)
    expected = getattr(np, reduction)(data, axis=(0, 2), keepdims=True)
    np.testing.assert_allclose(result.data, expected)
    assert result.shape == (1, 3, 1)


def test_sum_of_a_scalar_is_itself():
    x = Tensor(np.float64(3.0), requires_grad=True)
    x.sum().backward()
    assert x.grad.shape == () and x.grad == 1.0


def test_mean_gradient_is_one_over_count():
    x = Tensor(np.zeros((2, 5)), requires_grad=True)
    x.mean(axis=1).sum().backward()
    np.testing.assert_array_equal(x.grad, np.full((2, 5), 0.2))


def test_max_splits_gradient_equally_among_ties():
    x = Tensor(np.array([1.0, 3.0, 3.0]), requires_grad=True)
    x.max().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.5, 0.5])


def test_min_splits_gradient_equally_among_ties():
    x = Tensor(np.array([2.0, 1.0, 5.0, 1.0, 1.0]), requires_grad=True)
    x.min().backward()
    np.testing.assert_allclose(x.grad, [0.0, 1 / 3, 0.0, 1 / 3, 1 / 3])


def test_max_ties_are_counted_per_row():
    x = Tensor(np.array([[1.0, 1.0, 0.0], [4.0, 2.0, 3.0], [7.0, 7.0, 7.0]]), requires_grad=True)
    x.max(axis=1).backward(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(x.grad, [[0.5, 0.5, 0.0], [2.0, 0.0, 0.0], [1.0, 1.0, 1.0]])


def test_max_ties_over_an_axis_tuple():
    x = Tensor(np.array([[[2.0, 0.0], [2.0, 1.0]], [[5.0, 5.0], [5.0, 5.0]]]), requires_grad=True)
    x.max(axis=(-1, 1)).sum().backward()
    np.testing.assert_allclose(x.grad, [[[0.5, 0.0], [0.5, 0.0]], [[0.25, 0.25], [0.25, 0.25]]])


def test_max_gradient_with_ties_keeps_the_input_dtype():
    x = Tensor(np.array([3.0, 3.0], dtype=np.float32), requires_grad=True)
    x.max().backward()
    assert x.grad.dtype == np.float32


@pytest.mark.parametrize("ddof", [0, 1])
@pytest.mark.parametrize("axis", [None, 0, (-1, 0)])
def test_var_gradient(leaf, axis, ddof):
    assert gradcheck(lambda a: a.var(axis=axis, ddof=ddof), [leaf(3, 2, 4)])


def test_var_matches_numpy(rng):
    data = rng.standard_normal((3, 5))
    np.testing.assert_allclose(Tensor(data).var(axis=1, ddof=1).data, data.var(axis=1, ddof=1))


def test_var_keepdims(leaf):
    assert leaf(3, 4).var(axis=1, keepdims=True).shape == (3, 1)


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", [None, 1, -1, (0, 2)])
def test_logsumexp_gradient(leaf, axis, keepdims):
    assert gradcheck(lambda a: a.logsumexp(axis=axis, keepdims=keepdims), [leaf(2, 3, 4)])


def test_logsumexp_is_stable_for_large_values():
    x = Tensor(np.array([1000.0, 1000.0]))
    np.testing.assert_allclose(x.logsumexp().data, 1000.0 + np.log(2.0))


def test_logsumexp_matches_numpy(rng):
    data = rng.standard_normal((3, 4))
    expected = np.log(np.exp(data).sum(axis=0))
    np.testing.assert_allclose(autograd.logsumexp(Tensor(data), axis=0).data, expected)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_gradient(leaf, axis):
    assert gradcheck(lambda a: a.softmax(axis=axis), [leaf(3, 4)])


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_log_softmax_gradient(leaf, axis):
    assert gradcheck(lambda a: a.log_softmax(axis=axis), [leaf(3, 4)])


def test_softmax_rows_sum_to_one(rng):
    probabilities = Tensor(rng.standard_normal((5, 7))).softmax(axis=1)
    np.testing.assert_allclose(probabilities.data.sum(axis=1), np.ones(5), rtol=1e-6)


def test_log_softmax_is_log_of_softmax(rng):
    x = Tensor(rng.standard_normal((4, 3)))
    np.testing.assert_allclose(x.log_softmax().data, np.log(x.softmax().data), rtol=1e-5)


def test_softmax_function_and_method_agree(rng):
    x = Tensor(rng.standard_normal((2, 3)))
    np.testing.assert_array_equal(autograd.softmax(x, axis=0).data, x.softmax(axis=0).data)
    np.testing.assert_array_equal(autograd.log_softmax(x).data, x.log_softmax().data)


def test_softmax_of_a_vector_gradient(leaf):
    assert gradcheck(lambda a: a.softmax(), [leaf(5)])


def test_logsumexp_of_only_minus_inf_is_minus_inf_without_warning():
    x = Tensor(np.array([[-np.inf, -np.inf], [0.0, 0.0]]))
    np.testing.assert_array_equal(x.logsumexp(axis=1).data, [-np.inf, np.log(2.0)])


def test_softmax_with_masked_minus_inf_entries_gives_them_zero_probability_and_gradient():
    x = Tensor(np.array([1.0, -np.inf, 2.0]), requires_grad=True)
    probabilities = x.softmax()
    assert probabilities.data[1] == 0.0
    (probabilities * Tensor(np.array([1.0, 2.0, 3.0]))).sum().backward()
    assert x.grad[1] == 0.0 and np.isfinite(x.grad).all()
