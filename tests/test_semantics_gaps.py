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
    for mv in (autograd.mv, Tensor.mv):
        with pytest.raises(RuntimeError, match=r"mv: expected a matrix \(n, m\) and a vector"):
            mv(Tensor(np.ones((2, 3))), Tensor(np.ones(2)))


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


# -------------------------------------------- einsum's sublist form, torch.linalg functions
def test_einsum_sublist_form_is_the_equation_form(leaf):
    a, b = leaf(2, 3), leaf(3, 4)
    expected = autograd.einsum("ij,jk->ik", a, b).data
    np.testing.assert_allclose(autograd.einsum(a, [0, 1], b, [1, 2], [0, 2]).data, expected)
    np.testing.assert_allclose(autograd.einsum(a, [0, 1], b, [1, 2]).data, expected)
    batch = leaf(5, 2, 3)
    out = autograd.einsum(batch, [..., 0, 1], b, [1, 2], [..., 0, 2])
    assert out.shape == (5, 2, 4)
    assert gradcheck(lambda x, y: autograd.einsum(x, [0, 1], y, [1, 2], [2, 0]), (a, b))


def test_einsum_sublist_subscripts_must_be_in_range():
    with pytest.raises(ValueError, match=r"not within the valid range \[0, 52\)"):
        autograd.einsum(Tensor(np.ones(2)), [52])
    with pytest.raises(TypeError, match="followed by a list of ints"):
        autograd.einsum(Tensor(np.ones(2)), 0)


def test_linalg_cross_defaults_to_the_last_dim_unlike_cross(leaf):
    a, b = leaf(3, 3), leaf(3, 3)
    np.testing.assert_allclose(autograd.linalg.cross(a, b).data, np.cross(a.data, b.data, axis=-1))
    np.testing.assert_allclose(autograd.cross(a, b).data, np.cross(a.data, b.data, axis=0))
    assert gradcheck(lambda x, y: autograd.linalg.cross(x, y), (leaf(2, 3), leaf(1, 3)))
    with pytest.raises(ValueError, match="same number of dimensions"):
        autograd.linalg.cross(leaf(2, 3), leaf(3))
    with pytest.raises(ValueError, match="must have length 3"):
        autograd.linalg.cross(Tensor(np.ones((3, 2))), Tensor(np.ones((3, 2))))


def test_linalg_vecdot_sums_products_along_dim(leaf):
    x, y = leaf(2, 3), leaf(3)
    np.testing.assert_allclose(autograd.linalg.vecdot(x, y).data, x.data @ y.data)
    assert gradcheck(lambda a, b: autograd.linalg.vecdot(a, b, dim=0), (leaf(3, 2), leaf(3, 1)))
    with pytest.raises(RuntimeError, match=r"linalg.vecdot: .*float64 and float32"):
        autograd.linalg.vecdot(x, Tensor(np.ones(3, dtype=np.float32)))
    with pytest.raises(TypeError, match="needs a floating-point tensor"):
        autograd.linalg.vecdot(Tensor(np.ones(3, dtype=np.int64)), y)


def well_conditioned(rng, *shape):
    n = shape[-1]
    data = rng.normal(size=shape) + 3 * np.eye(n)
    return Tensor(data, requires_grad=True)


def test_det_inv_solve_values_against_numpy(rng):
    a = well_conditioned(rng, 2, 3, 3)
    b = Tensor(rng.normal(size=(2, 3, 4)))
    np.testing.assert_allclose(autograd.linalg.det(a).data, np.linalg.det(a.data))
    np.testing.assert_allclose(autograd.linalg.inv(a).data, np.linalg.inv(a.data))
    np.testing.assert_allclose(autograd.linalg.solve(a, b).data, np.linalg.solve(a.data, b.data))
    vector = Tensor(rng.normal(size=3))
    assert autograd.linalg.solve(a, vector).shape == (2, 3)  # one vector for the batch


def test_det_inv_solve_gradients(rng):
    a = well_conditioned(rng, 2, 3, 3)
    assert gradcheck(autograd.linalg.det, (a,))
    assert gradcheck(autograd.linalg.inv, (a,))
    b = Tensor(rng.normal(size=(3, 2)), requires_grad=True)
    assert gradcheck(autograd.linalg.solve, (a, b))  # b's batch broadcasts
    vectors = Tensor(rng.normal(size=(2, 3)), requires_grad=True)
    assert gradcheck(autograd.linalg.solve, (a, vectors))


def test_det_inv_second_derivatives(rng):
    a = well_conditioned(rng, 3, 3)
    assert gradcheck(lambda m: autograd.grad(autograd.linalg.det(m), m, create_graph=True)[0], (a,))
    assert gradcheck(
        lambda m: autograd.grad(autograd.linalg.inv(m).sum(), m, create_graph=True)[0], (a,)
    )


def test_det_gradient_at_a_singular_matrix_is_the_adjugate():
    a = Tensor(np.array([[1.0, 2.0], [2.0, 4.0]]), requires_grad=True)
    autograd.linalg.det(a).backward()
    np.testing.assert_allclose(a.grad, [[4.0, -2.0], [-2.0, 1.0]], atol=1e-12)
    zero = Tensor(np.zeros((3, 3)), requires_grad=True)
    autograd.linalg.det(zero).backward()
    np.testing.assert_allclose(zero.grad, np.zeros((3, 3)), atol=1e-12)


def test_inv_of_a_singular_matrix_is_a_clear_error():
    with pytest.raises(RuntimeError, match=r"linalg.inv: the input matrix is singular"):
        autograd.linalg.inv(Tensor(np.zeros((2, 2))))
    with pytest.raises(ValueError, match="square matrices"):
        autograd.linalg.inv(Tensor(np.zeros((2, 3))))
    with pytest.raises(ValueError, match=r"linalg.solve: incompatible shapes"):
        autograd.linalg.solve(Tensor(np.eye(2)), Tensor(np.ones(3)))
