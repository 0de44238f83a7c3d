"""Reductions, scans and selections: prod, cumsum, cumprod, logcumsumexp, sort, topk, kthvalue,
median, cummax/cummin, amax/amin, nansum/nanmean and the norms of ``autograd.linalg``.

For each: values against NumPy, a float64 gradcheck (zeros in products included), the forward
rule against backward (the dot-product test), second derivatives where the backward is
non-linear, and hypothesis properties over shapes and dims.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Tensor, grad, gradcheck, linalg
from autograd.forward_ad import dual_level, make_dual, unpack_dual
from autograd.ops import PutAlongAxis, TakeAlongAxis
from tests.strategies import distinct_array, random_array, seeds, shapes

INF = float("inf")


def with_zeros(rng, shape, count):
    """Random normal values with ``count`` entries set to 0 (in the first slice along 0)."""
    data = rng.standard_normal(shape)
    data.reshape(-1)[:count] = 0.0
    return data


def leaf_of(data):
    return Tensor(np.asarray(data, dtype=np.float64), requires_grad=True)


# ---------------------------------------------------------------- values
def test_prod_matches_numpy_over_all_and_one_dim(rng):
    data = rng.standard_normal((3, 4))
    x = Tensor(data)
    np.testing.assert_allclose(x.prod().data, np.prod(data))
    np.testing.assert_allclose(x.prod(1).data, np.prod(data, axis=1))
    assert x.prod(-1, keepdim=True).shape == (3, 1)


def test_cumulative_ops_match_numpy(rng):
    data = rng.standard_normal((3, 4))
    x = Tensor(data)
    np.testing.assert_allclose(x.cumsum(1).data, np.cumsum(data, axis=1))
    np.testing.assert_allclose(x.cumprod(0).data, np.cumprod(data, axis=0))
    np.testing.assert_allclose(
        x.logcumsumexp(1).data, np.log(np.cumsum(np.exp(data), axis=1)), rtol=1e-12
    )


def test_logcumsumexp_neither_overflows_nor_loses_small_early_terms():
    x = Tensor(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_allclose(x.logcumsumexp(0).data, [-1000.0, 0.0, 1000.0])


def test_integer_cumsum_and_prod_give_int64():
    x = Tensor(np.array([1, 2, 3], dtype=np.int32))
    assert x.cumsum(0).dtype == np.int64
    assert x.prod().dtype == np.int64
    assert x.cumprod(0).data.tolist() == [1, 2, 6]


def test_sort_descending_keeps_equal_values_in_order_and_nan_first():
    values, indices = Tensor(np.array([1.0, np.nan, 1.0, 2.0])).sort(descending=True)
    assert indices.data.tolist() == [1, 3, 0, 2]
    assert np.isnan(values.data[0])


def test_cummax_reports_the_later_of_tied_maxima():
    values, indices = Tensor(np.array([1.0, 3.0, 3.0, 2.0, 5.0])).cummax(0)
    assert values.data.tolist() == [1.0, 3.0, 3.0, 3.0, 5.0]
    assert indices.data.tolist() == [0, 1, 2, 2, 4]


def test_median_of_an_even_count_is_the_lower_middle():
    assert Tensor([4.0, 1.0, 3.0, 2.0]).median().item() == 2.0


def test_median_with_a_nan_is_nan_and_nanmedian_skips_it():
    x = Tensor(np.array([1.0, np.nan, 3.0, 2.0]))
    assert np.isnan(x.median().item())
    assert x.nanmedian().item() == 2.0
    assert x.median(0).indices.item() == 1  # the NaN's index


def test_indices_are_int64_and_do_not_require_grad(leaf):
    x = leaf(3, 4)
    for result in (x.sort(1), x.topk(2), x.kthvalue(1), x.median(0), x.cummax(1), x.cummin(0)):
        assert result.indices.dtype == np.int64
        assert not result.indices.requires_grad
        assert result.values.requires_grad


# ---------------------------------------------------------------- gradients
@pytest.mark.parametrize("zeros", [0, 1, 2, 3])
@pytest.mark.parametrize("dim", [None, 0, 1])
def test_prod_gradcheck_with_zeros(rng, zeros, dim):
    x = leaf_of(with_zeros(rng, (3, 4), zeros))
    assert gradcheck(lambda t: t.prod(dim), [x])


def test_prod_gradient_at_a_single_zero_is_the_product_of_the_others():
    x = leaf_of([2.0, 0.0, 3.0, 4.0])
    x.prod().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 24.0, 0.0, 0.0])


def test_prod_gradient_with_two_zeros_is_zero_and_not_nan():
    x = leaf_of([2.0, 0.0, 3.0, 0.0])
    x.prod().backward()
    np.testing.assert_array_equal(x.grad, np.zeros(4))


@pytest.mark.parametrize("zeros", [0, 1, 2])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cumprod_gradcheck_with_zeros(rng, zeros, dim):
    x = leaf_of(with_zeros(rng, (3, 4), zeros))
    assert gradcheck(lambda t: t.cumprod(dim), [x])


def test_cumsum_gradient_is_a_reversed_cumsum():
    x = leaf_of([1.0, 2.0, 3.0])
    x.cumsum(0).backward(Tensor(np.array([1.0, 10.0, 100.0])))
    np.testing.assert_array_equal(x.grad, [111.0, 110.0, 100.0])


@pytest.mark.parametrize("dim", [0, 1])
def test_cumsum_and_logcumsumexp_gradcheck(leaf, dim):
    x = leaf(3, 4)
    assert gradcheck(lambda t: t.cumsum(dim), [x])
    assert gradcheck(lambda t: t.logcumsumexp(dim), [x])


def test_logcumsumexp_gradient_stays_finite_far_from_zero():
    x = leaf_of([-1000.0, -1000.0, 1000.0])
    x.logcumsumexp(0).sum().backward()
    assert np.isfinite(x.grad).all()
    np.testing.assert_allclose(x.grad, [1.5, 0.5, 1.0])


SELECTIONS = {
    "sort": lambda t: t.sort(1).values,
    "sort_descending": lambda t: t.sort(0, descending=True).values,
    "topk": lambda t: t.topk(2, 1).values,
    "topk_smallest": lambda t: t.topk(3, 0, largest=False).values,
    "kthvalue": lambda t: t.kthvalue(2, 1, keepdim=True).values,
    "median_dim": lambda t: t.median(0).values,
    "median_all": lambda t: t.median(),
    "nanmedian_dim": lambda t: t.nanmedian(1).values,
    "cummax": lambda t: t.cummax(1).values,
    "cummin": lambda t: t.cummin(0).values,
    "amax": lambda t: t.amax((0, 1)),
    "amin": lambda t: t.amin(-1, keepdim=True),
    "msort": lambda t: t.msort(),
}


@pytest.mark.parametrize("select", SELECTIONS.values(), ids=SELECTIONS.keys())
def test_selection_gradcheck(distinct_leaf, select):
    assert gradcheck(select, [distinct_leaf(3, 4)])


def test_sort_sends_each_gradient_back_to_where_the_value_came_from():
    x = leaf_of([3.0, 1.0, 2.0])
    x.sort().values.backward(Tensor(np.array([10.0, 20.0, 30.0])))
    np.testing.assert_array_equal(x.grad, [30.0, 10.0, 20.0])


def test_cummax_gradient_accumulates_at_a_repeated_index():
    x = leaf_of([1.0, 3.0, 2.0, 0.0])
    x.cummax(0).values.sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 3.0, 0.0, 0.0])


def test_amax_shares_the_gradient_evenly_among_ties():
    x = leaf_of([[1.0, 3.0, 3.0], [3.0, 0.0, 2.0]])
    x.amax().backward()
    np.testing.assert_allclose(x.grad, [[0.0, 1 / 3, 1 / 3], [1 / 3, 0.0, 0.0]])


def test_median_of_all_shares_the_gradient_among_entries_equal_to_it():
    x = leaf_of([1.0, 2.0, 5.0, 2.0, 7.0])
    x.median().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.5, 0.0, 0.5, 0.0])


def test_median_with_dim_sends_the_gradient_to_its_index_only():
    x = leaf_of([[1.0, 2.0, 5.0, 2.0, 7.0]])
    values, indices = x.median(1)
    values.sum().backward()
    assert x.grad[0, indices.item()] == 1.0
    assert x.grad.sum() == 1.0


def test_nansum_and_nanmean_give_nan_entries_no_gradient():
    x = leaf_of([[1.0, np.nan, 3.0]])
    x.nansum().backward()
    np.testing.assert_array_equal(x.grad, [[1.0, 0.0, 1.0]])
    x.grad = None
    x.nanmean(1).sum().backward()
    np.testing.assert_array_equal(x.grad, [[0.5, 0.0, 0.5]])


def test_nanmean_of_an_all_nan_slice_is_nan_with_a_zero_gradient():
    x = leaf_of([[np.nan, np.nan], [1.0, 2.0]])
    mean = x.nanmean(1)
    assert np.isnan(mean.data[0])
    mean.backward(Tensor(np.ones(2)))
    np.testing.assert_array_equal(x.grad, [[0.0, 0.0], [0.5, 0.5]])


VECTOR_ORDERS = [2, 1, 3, 0.5, 1.5, INF, -INF, -1]


@pytest.mark.parametrize("order", VECTOR_ORDERS, ids=str)
def test_vector_norm_gradcheck(distinct_leaf, order):
    x = distinct_leaf(3, 4)
    assert gradcheck(lambda t: linalg.vector_norm(t, order, 1), [x])


@pytest.mark.parametrize("order", ["fro", "nuc", 1, -1, 2, -2, INF, -INF], ids=str)
def test_matrix_norm_gradcheck(distinct_leaf, order):
    x = distinct_leaf(2, 3, 4)
    assert gradcheck(lambda t: linalg.matrix_norm(t, order), [x])


def test_two_norm_gradient_at_zero_is_zero_not_nan():
    x = leaf_of(np.zeros((2, 3)))
    x.norm(dim=1).sum().backward()
    np.testing.assert_array_equal(x.grad, np.zeros((2, 3)))


def test_zero_norm_counts_non_zero_entries_with_a_zero_gradient():
    x = leaf_of([0.0, 2.0, -3.0])
    count = linalg.vector_norm(x, 0)
    assert count.item() == 2.0
    count.backward()
    np.testing.assert_array_equal(x.grad, np.zeros(3))


def test_singular_value_second_derivatives_are_a_clear_error(leaf):
    x = leaf(3, 3)
    (first,) = grad(linalg.matrix_norm(x, "nuc"), x, create_graph=False)
    assert first.shape == (3, 3)
    with pytest.raises(NotImplementedError, match="svdvals: its second derivatives"):
        grad(linalg.matrix_norm(x, "nuc"), x, create_graph=True)


# ---------------------------------------------------------------- second order
def hessian_check(function, x):
    """gradcheck of x -> d(function(x) . v)/dx: the backward's own derivative."""
    v = Tensor(np.linspace(-1.0, 1.5, function(x).size).reshape(function(x).shape))
    return gradcheck(lambda t: grad(function(t), t, grad_outputs=v, create_graph=True)[0], [x])


SECOND_ORDER = {
    "prod": lambda t: t.prod(1),
    "prod_all": lambda t: t.prod(),
    "cumprod": lambda t: t.cumprod(1),
    "logcumsumexp": lambda t: t.logcumsumexp(1),
    "vector_norm_2": lambda t: linalg.vector_norm(t, 2, 1),
    "vector_norm_3": lambda t: linalg.vector_norm(t, 3, 0),
    "nanmean": lambda t: t.nanmean(0),
}


@pytest.mark.parametrize("function", SECOND_ORDER.values(), ids=SECOND_ORDER.keys())
@pytest.mark.parametrize("zeros", [0, 1, 2])
def test_second_derivatives_by_gradcheck_of_the_gradient(rng, function, zeros):
    data = with_zeros(rng, (3, 4), zeros)
    if function is SECOND_ORDER["vector_norm_3"] or function is SECOND_ORDER["vector_norm_2"]:
        data = data + (data == 0) * 0.5  # the norms' kink at 0 is not differentiable twice
    assert hessian_check(function, leaf_of(data))


def test_third_derivative_of_cumprod_with_a_zero_uses_the_quadratic_backward(rng):
    x = leaf_of(with_zeros(rng, (4,), 1))
    v = Tensor(rng.standard_normal(4))

    def second(t):
        (first,) = grad(t.cumprod(0), t, grad_outputs=v, create_graph=True)
        (second,) = grad(first, t, grad_outputs=v, create_graph=True)
        return second

    assert gradcheck(second, [x], eps=1e-4)  # a polynomial: a large step is exact


# ---------------------------------------------------------------- forward mode
def forward_tangent(function, x, tangent):
    with dual_level():
        return unpack_dual(function(make_dual(x, tangent))).tangent


FORWARD = {
    "prod": lambda t: t.prod(1),
    "prod_all": lambda t: t.prod(),
    "cumsum": lambda t: t.cumsum(0),
    "cumprod": lambda t: t.cumprod(1),
    "logcumsumexp": lambda t: t.logcumsumexp(1),
    "sort": lambda t: t.sort(1).values,
    "topk": lambda t: t.topk(2, 0).values,
    "median": lambda t: t.median(),
    "cummax": lambda t: t.cummax(1).values,
    "amax": lambda t: t.amax(0),
    "nuc": lambda t: linalg.matrix_norm(t, "nuc"),
    "spectral": lambda t: linalg.matrix_norm(t, 2),
}


@pytest.mark.parametrize("function", FORWARD.values(), ids=FORWARD.keys())
@pytest.mark.parametrize("zeros", [0, 1, 2])
def test_forward_rule_is_the_transpose_of_backward(rng, function, zeros):
    data = distinct_array(int(rng.integers(2**31)), (3, 4)) / 4
    data.reshape(-1)[:zeros] = 0.0
    x = leaf_of(data)
    tangent = Tensor(rng.standard_normal(x.shape))
    out = function(x)
    cotangent = Tensor(rng.standard_normal(out.shape))
    jvp = forward_tangent(function, x, tangent)
    (vjp,) = grad(out, x, grad_outputs=cotangent)
    np.testing.assert_allclose(
        np.sum(jvp.data * cotangent.data), np.sum(tangent.data * vjp.data), rtol=1e-9, atol=1e-9
    )


@pytest.mark.parametrize("function", FORWARD.values(), ids=FORWARD.keys())
def test_forward_rule_matches_central_finite_differences(rng, function):
    x = leaf_of(distinct_array(int(rng.integers(2**31)), (3, 4)) / 4)
    tangent = rng.standard_normal(x.shape)
    step = 1e-6
    plus = function(Tensor(x.data + step * tangent)).data
    minus = function(Tensor(x.data - step * tangent)).data
    jvp = forward_tangent(function, x, Tensor(tangent))
    np.testing.assert_allclose(jvp.data, (plus - minus) / (2 * step), rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------- properties
@st.composite
def shape_and_dim(draw):
    shape = draw(shapes(min_dims=1, max_dims=3))
    return shape, draw(st.integers(-len(shape), len(shape) - 1))


@settings(max_examples=30)
@given(seed=seeds(), case=shape_and_dim())
def test_scans_match_numpy_and_keep_the_shape(seed, case):
    shape, dim = case
    data = random_array(seed, shape)
    x = Tensor(data)
    np.testing.assert_allclose(x.cumsum(dim).data, np.cumsum(data, axis=dim), atol=1e-12)
    np.testing.assert_allclose(x.cumprod(dim).data, np.cumprod(data, axis=dim), atol=1e-12)
    np.testing.assert_allclose(
        x.logcumsumexp(dim).data, np.logaddexp.accumulate(data, axis=dim), atol=1e-12
    )


@settings(max_examples=30)
@given(seed=seeds(), case=shape_and_dim(), descending=st.booleans())
def test_sort_is_a_permutation_whose_gradient_is_its_inverse(seed, case, descending):
    shape, dim = case
    x = leaf_of(random_array(seed, shape))
    values, indices = x.sort(dim, descending)
    expected = np.sort(x.data, axis=dim)
    np.testing.assert_array_equal(values.data, np.flip(expected, dim) if descending else expected)
    np.testing.assert_array_equal(np.take_along_axis(x.data, indices.data, dim), values.data)
    upstream = random_array(seed + 1, shape)
    values.backward(Tensor(upstream))
    back = np.zeros(shape)
    np.put_along_axis(back, indices.data, upstream, dim)
    np.testing.assert_array_equal(x.grad, back)


@settings(max_examples=30)
@given(seed=seeds(), case=shape_and_dim(), zeros=st.integers(0, 3))
def test_prod_gradient_is_the_product_of_the_others(seed, case, zeros):
    shape, dim = case
    data = random_array(seed, shape)
    data.reshape(-1)[: min(zeros, data.size)] = 0.0
    x = leaf_of(data)
    x.prod(dim).sum().backward()
    moved = np.moveaxis(data, dim, -1)
    others = np.stack(
        [np.prod(np.delete(moved, k, axis=-1), axis=-1) for k in range(moved.shape[-1])], -1
    )
    np.testing.assert_allclose(x.grad, np.moveaxis(others, -1, dim), atol=1e-12)


@settings(max_examples=30)
@given(seed=seeds(), case=shape_and_dim(), data=st.data())
def test_topk_and_kthvalue_agree_with_a_full_sort(seed, case, data):
    shape, dim = case
    x = Tensor(distinct_array(seed, shape))
    size = shape[dim]
    k = data.draw(st.integers(1, size))
    ordered = np.sort(x.data, axis=dim)
    np.testing.assert_array_equal(
        x.topk(k, dim, largest=False).values.data, np.take(ordered, range(k), axis=dim)
    )
    np.testing.assert_array_equal(x.kthvalue(k, dim).values.data, np.take(ordered, k - 1, dim))


@settings(max_examples=30)
@given(seed=seeds(), shape=shapes(min_dims=1, max_dims=3))
def test_amax_over_every_dim_tuple_matches_numpy(seed, shape):
    data = random_array(seed, shape)
    x = Tensor(data)
    for dim in [None, (0,), tuple(range(len(shape))), (-1,)]:
        for keepdim in (False, True):
            axis = None if dim is None else tuple(d % len(shape) for d in dim)
            expected = np.max(data, axis=axis, keepdims=keepdim)
            np.testing.assert_array_equal(x.amax(dim or (), keepdim).data, expected)


def test_autograd_functions_are_the_tensor_methods(leaf):
    x = leaf(3, 4)
    pairs = [
        (autograd.prod(x, 1), x.prod(1)),
        (autograd.cumsum(x, 0), x.cumsum(0)),
        (autograd.cumprod(x, 1), x.cumprod(1)),
        (autograd.logcumsumexp(x, 1), x.logcumsumexp(1)),
        (autograd.amax(x, 0), x.amax(0)),
        (autograd.amin(x), x.amin()),
        (autograd.nansum(x), x.nansum()),
        (autograd.nanmean(x, 1), x.nanmean(1)),
        (autograd.norm(x, 3), x.norm(3)),
        (autograd.median(x), x.median()),
        (autograd.msort(x), x.msort()),
        (autograd.sort(x, 0).values, x.sort(0).values),
        (autograd.topk(x, 2).values, x.topk(2).values),
        (autograd.kthvalue(x, 2, 0).values, x.kthvalue(2, 0).values),
        (autograd.cummax(x, 1).values, x.cummax(1).values),
        (autograd.cummin(x, 1).values, x.cummin(1).values),
        (autograd.argsort(x), x.argsort()),
        (autograd.count_nonzero(x, 0), x.count_nonzero(0)),
    ]
    for function_result, method_result in pairs:
        np.testing.assert_array_equal(function_result.data, method_result.data)


def test_take_along_axis_adjoint_places_distinct_positions_and_adds_repeats(leaf):
    x = leaf(2, 3)
    repeated = np.array([[0, 0, 2], [1, 1, 1]])
    assert gradcheck(
        lambda t: TakeAlongAxis.apply(t, indices=repeated, axis=1, distinct=False), [x]
    )
    permutation = np.array([[2, 0, 1], [0, 1, 2]])
    assert gradcheck(
        lambda t: TakeAlongAxis.apply(t, indices=permutation, axis=1, distinct=True), [x]
    )
    put = PutAlongAxis.apply(
        Tensor(np.ones((2, 3))), indices=repeated, axis=1, distinct=False, shape=(2, 3)
    )
    np.testing.assert_array_equal(put.data, [[2.0, 0.0, 1.0], [0.0, 3.0, 0.0]])
    assert gradcheck(
        lambda t: PutAlongAxis.apply(t, indices=repeated, axis=1, distinct=False, shape=(2, 4)),
        [x],
    )
