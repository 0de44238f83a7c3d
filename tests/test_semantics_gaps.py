"""PyTorch's semantics where graphgrad used to follow NumPy (issue 12), without PyTorch: the
gradients (gradcheck in float64) of the changed paths, and their errors
(tests/parity/test_semantics_gaps.py compares the values with PyTorch itself)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import Tensor, gradcheck
from autograd.ops.scan import kth_order, sort_order, top_order


# ---------------------------------------------------------------- fills keep the dtype
def test_masked_fill_of_an_int_tensor_truncates_a_float_value_toward_zero():
    x = Tensor(np.array([5, 6, 7]))
    out = x.masked_fill(np.array([True, False, True]), -2.7)
    assert out.dtype == np.int64 and out.data.tolist() == [-2, 6, -2]


def test_masked_fill_gradient_reaches_the_tensor_and_a_0d_value(leaf):
    x, value = leaf(3, 4), leaf()
    mask = np.random.default_rng(0).random((3, 4)) > 0.5
    assert gradcheck(lambda a, v: a.masked_fill(mask, v), (x, value))


def test_index_fill_and_scatter_value_gradients_reach_the_tensor(leaf):
    x = leaf(3, 4)
    index = Tensor(np.array([0, 2]))
    assert gradcheck(lambda a: a.index_fill(1, index, 2.5), (x,))
    assert gradcheck(lambda a: a.scatter(0, Tensor(np.array([[1, 0, 2, 1]])), value=-1.5), (x,))


def test_fill_value_that_requires_grad_cannot_fill_an_int_tensor():
    with pytest.raises(TypeError, match=r"masked_fill\(\): a value that requires grad"):
        Tensor(np.array([1, 2])).masked_fill(
            np.array([True, False]), Tensor(1.5, requires_grad=True)
        )


def test_fill_value_must_be_a_number_or_a_0d_tensor():
    with pytest.raises(ValueError, match="0-dimensional value tensor"):
        Tensor([1.0, 2.0]).masked_fill(np.array([True, False]), Tensor([1.0, 2.0]))
    with pytest.raises(TypeError, match="value must be a number or a 0-d tensor"):
        Tensor([1.0, 2.0]).masked_fill(np.array([True, False]), "a")


# ---------------------------------------------------------------------- products
def test_matmul_of_ints_stays_int_and_exact():
    a = Tensor(np.array([[3, 1], [0, 1]]))
    out = a @ a
    assert out.dtype == np.int64 and out.data.tolist() == [[9, 4], [0, 1]]


def test_matmul_error_names_the_op_both_dtypes_and_shapes():
    with pytest.raises(
        RuntimeError, match=r"matmul: .* int64 and float32 \(shapes \(2, 2\) and \(2,\)\)"
    ):
        Tensor(np.ones((2, 2), dtype=np.int64)) @ Tensor(np.ones(2, dtype=np.float32))
    with pytest.raises(RuntimeError, match=r"^mm: .*float64 and float32"):
        autograd.mm(Tensor(np.ones((2, 2))), Tensor(np.ones((2, 2), dtype=np.float32)))
    with pytest.raises(RuntimeError, match=r"^einsum: "):
        autograd.einsum("i,i->", Tensor(np.ones(2)), Tensor(np.ones(2, dtype=np.float32)))


def test_mv_and_vdot_gradients(leaf):
    assert gradcheck(lambda m, v: autograd.mv(m, v), (leaf(3, 4), leaf(4)))
    assert gradcheck(lambda a, b: autograd.vdot(a, b), (leaf(4), leaf(4)))


def test_mv_needs_a_matrix_and_a_vector_that_fit():
    with pytest.raises(ValueError, match=r"mv: expected a matrix \(n, m\) and a vector"):
        autograd.mv(Tensor(np.ones((2, 3))), Tensor(np.ones(2)))


def test_outer_of_an_int_and_a_float_vector_is_float32_with_a_gradient(leaf):
    ints = Tensor(np.arange(3))
    assert autograd.outer(ints, Tensor([1.0, 2.0])).dtype == np.float32
    assert gradcheck(lambda v: autograd.outer(ints, v), (leaf(2),))


# ------------------------------------------------------------- reductions of nothing
def test_var_and_std_without_degrees_of_freedom_are_nan_without_warnings(leaf):
    x = leaf(1, 3)
    variance = x.var(dim=0)  # one value per column, correction 1
    assert np.isnan(variance.data).all()
    deviation = x.std(dim=0)
    deviation.sum().backward()
    assert np.isnan(x.grad).all()


def test_var_with_degrees_of_freedom_keeps_its_gradient(leaf):
    assert gradcheck(lambda a: a.var(dim=(0, -1), correction=1, keepdim=True), (leaf(2, 3, 4),))
    assert gradcheck(lambda a: a.std(dim=-1), (leaf(3, 4),))


def test_logsumexp_over_an_empty_dim_is_minus_inf_and_elsewhere_unchanged(leaf):
    out = autograd.logsumexp(Tensor(np.zeros((0, 3))), dim=0)
    assert out.shape == (3,) and (out.data == -np.inf).all()
    assert autograd.logsumexp(Tensor(np.zeros((2, 0))), dim=0).shape == (0,)
    assert gradcheck(lambda a: autograd.logsumexp(a, dim=(0, -1)), (leaf(2, 3, 4),))


def test_max_over_an_empty_dim_is_an_index_error_and_a_value_error():
    with pytest.raises(IndexError, match=r"Expected reduction dim 1 to have non-zero size"):
        Tensor(np.zeros((2, 0))).amax(1)
    with pytest.raises(ValueError, match=r"max: cannot reduce an empty tensor of shape \(2, 0\)"):
        Tensor(np.zeros((2, 0))).max()


# ------------------------------------------------------------ selections by partition
rows = st.integers(1, 4).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(1, 8), st.integers(0, 3), st.booleans())
)


@given(rows)
def test_partition_selections_agree_with_the_stable_sort(case):
    count, size, levels, with_nan = case
    rng = np.random.default_rng(count * 100 + size * 10 + levels)
    data = rng.integers(0, levels + 1, size=(count, size)).astype(float)
    if with_nan:
        data[rng.random(data.shape) < 0.25] = np.nan
    for axis in (0, 1):
        for largest in (True, False):
            order = sort_order(data, axis, largest)
            for k in range(data.shape[axis] + 1):
                expected = np.take(order, np.arange(k), axis=axis)
                np.testing.assert_array_equal(top_order(data, axis, k, largest), expected)
        ascending = sort_order(data, axis, False)
        for kth in range(data.shape[axis]):
            expected = np.take(ascending, [kth], axis=axis)
            np.testing.assert_array_equal(kth_order(data, axis, kth), expected)


def test_topk_ties_come_in_index_order():
    values = Tensor([2.0, 1.0, 2.0, 1.0, 2.0]).topk(2)
    assert values.indices.data.tolist() == [0, 2]
    assert Tensor([2.0, 1.0, 2.0, 1.0]).topk(1, largest=False).indices.data.tolist() == [1]


def test_topk_kthvalue_median_gradients(distinct_leaf):
    x = distinct_leaf(4, 6)
    assert gradcheck(lambda a: a.topk(3, dim=1).values, (x,))
    assert gradcheck(lambda a: a.topk(2, dim=0, largest=False).values, (x,))
    assert gradcheck(lambda a: a.kthvalue(2, dim=-1, keepdim=True).values, (x,))
    assert gradcheck(lambda a: a.median(dim=0).values, (x,))
    assert gradcheck(lambda a: a.median(), (x,))


# ------------------------------------------------------ assignment beside an integer
def test_setitem_beside_an_integer_writes_the_elements_getitem_reads():
    x = Tensor(np.zeros((2, 3, 4)))
    x[0, :, [0, 1]] = Tensor(np.arange(6.0).reshape(3, 2))
    assert (x[0, :, [0, 1]].data == np.arange(6.0).reshape(3, 2)).all()
    assert x.data.sum() == 15.0


def test_setitem_beside_an_integer_recorded_gradient(leaf):
    def write(value):
        buffer = Tensor(np.zeros((2, 3, 4))) * 1.0
        buffer[1, :, [0, 2]] = value * value
        return buffer

    assert gradcheck(write, (leaf(3, 2),))
