"""Edges of the reductions, scans and selections, as PyTorch has them: empty tensors (sum 0,
prod 1, mean NaN, no maximum of nothing), 0-d tensors, dim tuples, negative dims, keepdim,
dtypes of the results, and the errors for bad arguments (each names the op)."""

import numpy as np
import pytest

import autograd
from autograd import Tensor, linalg

EMPTY = (0, 3)


def empty(requires_grad=False):
    return Tensor(np.zeros(EMPTY), requires_grad=requires_grad)


# ---------------------------------------------------------------- reductions with an identity
@pytest.mark.parametrize(
    ("reduce", "identity"),
    [
        (lambda t: t.sum(), 0.0),
        (lambda t: t.prod(), 1.0),
        (lambda t: t.nansum(), 0.0),
        (lambda t: t.count_nonzero(), 0),
        (lambda t: t.norm(), 0.0),
        (lambda t: linalg.vector_norm(t, 1), 0.0),
        (lambda t: linalg.vector_norm(t, 0.5), 0.0),
        (lambda t: linalg.matrix_norm(t), 0.0),
        (lambda t: linalg.matrix_norm(t, "nuc"), 0.0),
        (lambda t: linalg.matrix_norm(t, 1), 0.0),
        (lambda t: linalg.matrix_norm(t, float("inf")), 0.0),
    ],
    ids=[
        "sum",
        "prod",
        "nansum",
        "count_nonzero",
        "norm",
        "l1",
        "l0.5",
        "fro",
        "nuc",
        "m1",
        "minf",
    ],
)
def test_reducing_all_of_an_empty_tensor_gives_the_identity(reduce, identity):
    assert reduce(empty()).item() == identity


@pytest.mark.parametrize(
    "reduce", [lambda t: t.mean(), lambda t: t.nanmean(), lambda t: t.median()]
)
def test_mean_and_median_of_nothing_are_nan(reduce):
    assert np.isnan(reduce(empty()).item())


def test_prod_over_the_empty_dim_is_ones_per_column():
    np.testing.assert_array_equal(empty().prod(0).data, np.ones(3))


def test_any_of_nothing_is_false_and_all_is_true():
    assert not empty().any().item()
    assert empty().all().item()


def test_gradient_of_the_product_of_nothing_is_empty():
    x = empty(requires_grad=True)
    x.prod().backward()
    assert x.grad.shape == EMPTY


# ---------------------------------------------------------------- reductions without one
@pytest.mark.parametrize(
    "reduce",
    [
        lambda t: t.amax(0),
        lambda t: t.amin((0, 1)),
        lambda t: t.amax(),
        lambda t: t.argmax(),
        lambda t: t.argmin(dim=0),
        lambda t: t.max(),
        lambda t: t.median(0),
        lambda t: t.nanmedian(0),
        lambda t: t.kthvalue(1, 0),
    ],
    ids=["amax", "amin", "amax_all", "argmax", "argmin", "max", "median", "nanmedian", "kthvalue"],
)
def test_reducing_an_empty_dim_without_an_identity_is_a_clear_error(reduce):
    with pytest.raises(ValueError, match=r"cannot reduce an empty tensor of shape \(0, 3\)"):
        reduce(empty())


def test_the_error_names_the_op():
    with pytest.raises(ValueError, match=r"^argmax: "):
        empty().argmax()
    with pytest.raises(ValueError, match=r"^amin: "):
        empty().amin(0)


@pytest.mark.parametrize("order", [float("inf"), -float("inf"), -1])
def test_vector_norms_without_an_identity_of_nothing_are_an_error(order):
    with pytest.raises(ValueError, match=r"linalg\.vector_norm: cannot compute the"):
        linalg.vector_norm(empty(), order)


@pytest.mark.parametrize(
    "reduce",
    [
        lambda t: t.amax(1),
        lambda t: t.argmax(1),
        lambda t: t.median(1).values,
        lambda t: t.kthvalue(1, 1).values,
        lambda t: t.nanmean(1),
    ],
    ids=["amax", "argmax", "median", "kthvalue", "nanmean"],
)
def test_reducing_the_non_empty_dim_of_an_empty_tensor_gives_an_empty_result(reduce):
    assert reduce(empty()).shape == (0,)


@pytest.mark.parametrize(
    "scan",
    [
        lambda t: t.cumsum(0),
        lambda t: t.cumprod(1),
        lambda t: t.logcumsumexp(0),
        lambda t: t.cummax(0).values,
        lambda t: t.sort(0).values,
        lambda t: t.topk(0, 0).values,
        lambda t: t.argsort(1),
    ],
    ids=["cumsum", "cumprod", "logcumsumexp", "cummax", "sort", "topk", "argsort"],
)
def test_scans_and_sorts_of_an_empty_tensor_keep_its_shape(scan):
    assert scan(empty()).shape == EMPTY


def test_topk_of_an_empty_tensor_keeps_the_other_dims():
    assert empty().topk(2, 1).values.shape == (0, 2)


# ---------------------------------------------------------------- 0-d tensors
@pytest.mark.parametrize(
    "select",
    [
        lambda t: t.sort().values,
        lambda t: t.topk(1).values,
        lambda t: t.median(0).values,
        lambda t: t.kthvalue(1, 0, True).values,
        lambda t: t.cummax(0).values,
        lambda t: t.cumsum(0),
        lambda t: t.cumprod(-1),
        lambda t: t.logcumsumexp(0),
        lambda t: t.prod(0),
        lambda t: t.amax(()),
    ],
    ids=[
        "sort",
        "topk",
        "median",
        "kthvalue",
        "cummax",
        "cumsum",
        "cumprod",
        "lcse",
        "prod",
        "amax",
    ],
)
def test_a_0d_tensor_is_its_own_scan_and_selection_with_a_0d_result(select):
    x = Tensor(np.array(3.0), requires_grad=True)
    result = select(x)
    assert result.shape == ()
    result.backward()
    assert x.grad == 1.0


def test_indices_of_a_0d_selection_are_0d_zeros():
    _, indices = Tensor(np.array(3.0)).sort()
    assert indices.shape == () and indices.item() == 0


def test_unique_with_a_dim_of_a_0d_tensor_is_an_error():
    with pytest.raises(ValueError, match="unique: dim=0 given for a 0-d tensor"):
        Tensor(np.array(3.0)).unique(dim=0)


# ---------------------------------------------------------------- dims and keepdim
@pytest.mark.parametrize("dim", [(0, 2), (-1, 0), (1,), -2, ()])
@pytest.mark.parametrize("keepdim", [False, True])
def test_dim_tuples_and_negative_dims_match_numpy(rng, dim, keepdim):
    data = rng.standard_normal((2, 3, 4))
    data[0, 1, 2] = np.nan
    x = Tensor(data)
    axis = None if dim == () else dim
    np.testing.assert_array_equal(x.amax(dim, keepdim).data, np.max(data, axis, keepdims=keepdim))
    np.testing.assert_array_equal(x.amin(dim, keepdim).data, np.min(data, axis, keepdims=keepdim))
    np.testing.assert_allclose(
        x.nansum(axis, keepdim).data, np.nansum(data, axis, keepdims=keepdim), atol=1e-12
    )
    np.testing.assert_array_equal(x.any(axis, keepdim).data, np.any(data, axis, keepdims=keepdim))
    np.testing.assert_array_equal(x.count_nonzero(axis).data, np.count_nonzero(data, axis=axis))
    with np.errstate(invalid="ignore"):  # NumPy warns about all-NaN slices; PyTorch does not
        expected = np.nanmean(data, axis, keepdims=keepdim)
    np.testing.assert_allclose(x.nanmean(axis, keepdim).data, expected, atol=1e-12)


@pytest.mark.parametrize("keepdim", [False, True])
def test_selections_drop_the_dim_unless_keepdim(rng, keepdim):
    x = Tensor(rng.standard_normal((2, 3, 4)))
    expected = (2, 1, 4) if keepdim else (2, 4)
    assert x.median(-2, keepdim).values.shape == expected
    assert x.nanmedian(1, keepdim).indices.shape == expected
    assert x.kthvalue(2, 1, keepdim).values.shape == expected
    assert x.prod(-2, keepdim).shape == expected


def test_prod_with_a_dim_tuple_is_a_type_error_as_in_pytorch():
    with pytest.raises(TypeError, match="prod: dim must be one int"):
        Tensor(np.ones((2, 2))).prod((0, 1))


def test_a_dim_out_of_range_names_the_op():
    with pytest.raises(ValueError, match="sort: axis 1 is out of range"):
        Tensor(np.ones(2)).sort(1)
    with pytest.raises(ValueError, match="cumsum: axis -3 is out of range"):
        Tensor(np.ones((2, 2))).cumsum(-3)


def test_scans_want_one_int_dim():
    with pytest.raises(TypeError, match="cumprod: dim must be one int"):
        Tensor(np.ones((2, 2))).cumprod((0, 1))


# ---------------------------------------------------------------- k, ord, dtypes
def test_k_out_of_range_is_a_clear_error():
    with pytest.raises(ValueError, match=r"topk: k=3 is out of range for dim -1 of size 2"):
        Tensor(np.ones(2)).topk(3)
    with pytest.raises(ValueError, match=r"kthvalue: k=0 is out of range"):
        Tensor(np.ones(2)).kthvalue(0)


def test_matrix_norm_errors_name_the_op():
    with pytest.raises(ValueError, match=r"linalg\.matrix_norm: the input must have at least 2"):
        linalg.matrix_norm(Tensor(np.ones(2)))
    with pytest.raises(ValueError, match=r"linalg\.matrix_norm: ord=3 is not a matrix norm"):
        linalg.matrix_norm(Tensor(np.ones((2, 2))), 3)
    with pytest.raises(ValueError, match=r"linalg\.norm: without dim, ord=1 needs a 1-D or 2-D"):
        linalg.norm(Tensor(np.ones((2, 2, 2))), 1)


def test_norms_and_logcumsumexp_want_floating_tensors():
    ints = Tensor(np.array([1, 2], dtype=np.int64))
    with pytest.raises(TypeError, match=r"linalg\.vector_norm: needs a floating-point tensor"):
        linalg.vector_norm(ints)
    with pytest.raises(TypeError, match="logcumsumexp: needs a floating-point tensor"):
        ints.logcumsumexp(0)
    with pytest.raises(TypeError, match="nanmean: needs a floating-point tensor"):
        ints.nanmean()
    assert linalg.vector_norm(ints, dtype=np.float64).item() == pytest.approx(5**0.5)


def test_sums_and_products_of_bool_and_integers_are_int64():
    flags = Tensor(np.array([True, True, False]))
    assert flags.cumsum(0).data.tolist() == [1, 2, 2]
    assert flags.cumsum(0).dtype == np.int64
    assert autograd.sum(flags).dtype == np.int64
    assert Tensor(np.array([2, 3], dtype=np.int8)).prod().dtype == np.int64
    assert Tensor(np.array([2, 3], dtype=np.int8)).prod(dtype=np.float32).dtype == np.float32


def test_median_and_amax_of_integers_keep_the_dtype():
    x = Tensor(np.array([3, 1, 2], dtype=np.int32))
    assert x.median().dtype == np.int32 and x.median().item() == 2
    assert x.amax().dtype == np.int32


def test_unique_counts_and_inverse_are_int64_and_nans_stay_distinct():
    values, inverse, counts = Tensor(np.array([3.0, 1.0, 1.0, 2.0])).unique(
        return_inverse=True, return_counts=True
    )
    assert values.data.tolist() == [1.0, 2.0, 3.0]
    assert inverse.data.tolist() == [2, 0, 0, 1] and inverse.dtype == np.int64
    assert counts.data.tolist() == [2, 1, 1] and counts.dtype == np.int64
    assert Tensor(np.array([np.nan, np.nan, 1.0])).unique().shape == (3,)


def test_unique_along_a_dim_finds_distinct_rows():
    rows = Tensor(np.array([[1.0, 2.0], [0.0, 5.0], [1.0, 2.0]]))
    values, inverse = rows.unique(dim=0, return_inverse=True)
    assert values.data.tolist() == [[0.0, 5.0], [1.0, 2.0]]
    assert inverse.data.tolist() == [1, 0, 1]


def test_unique_is_not_differentiable():
    assert not Tensor(np.array([1.0, 1.0]), requires_grad=True).unique().requires_grad


def test_var_mean_and_std_mean_return_both_with_the_correction():
    x = Tensor(np.array([1.0, 2.0, 4.0]))
    variance, mean = autograd.var_mean(x, correction=0)
    assert variance.item() == pytest.approx(14 / 9) and mean.item() == pytest.approx(7 / 3)
    deviation, _ = autograd.std_mean(x, 0, keepdim=True)
    assert deviation.shape == (1,)
    assert deviation.item() == pytest.approx(np.std([1.0, 2.0, 4.0], ddof=1))


def test_max_and_min_functions_take_a_dim_or_another_tensor():
    x = Tensor(np.array([[1.0, 5.0], [7.0, 2.0]]))
    assert autograd.max(x).item() == 7.0
    assert autograd.min(x, 1).indices.data.tolist() == [0, 1]
    assert autograd.max(x, Tensor(np.array(3.0))).data.tolist() == [[3.0, 5.0], [7.0, 3.0]]
    assert autograd.mean(x, (0, 1)).item() == 3.75
