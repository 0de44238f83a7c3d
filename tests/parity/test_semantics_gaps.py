"""PyTorch's semantics where graphgrad used to follow NumPy (issue 12): fills keep the tensor's
dtype, products refuse mixed dtypes, reductions of nothing, partition-based selections, and
assignment beside an integer index. Each compares with PyTorch itself."""

import warnings

import numpy as np
import pytest

import autograd
from autograd import Tensor

torch = pytest.importorskip("torch")

INT, MASK = [1, 2, 3], [True, False, True]


def ours_and_theirs(values, dtype):
    return Tensor(np.array(values, dtype=dtype)), torch.tensor(np.array(values, dtype=dtype))


def assert_same(ours, theirs):
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    np.testing.assert_array_equal(ours.data, theirs.numpy())


# ---------------------------------------------------------------- fills keep the dtype
FILLS = [
    ("masked_fill", lambda x, m, v: x.masked_fill(m, v)),
    ("index_fill", lambda x, m, v: x.index_fill(0, m.nonzero().reshape(-1), v)),
    ("scatter", lambda x, m, v: x.scatter(0, m.nonzero().reshape(-1), v)),
]


@pytest.mark.parametrize("name, fill", FILLS, ids=[name for name, _ in FILLS])
@pytest.mark.parametrize(
    "dtype, value",
    [("int64", 2.5), ("int64", -2.7), ("int32", 7), ("uint8", -1), ("bool", 2.5),
     ("float32", 2.5), ("float16", 3), ("int64", True)],
)  # fmt: skip
def test_fill_keeps_the_tensors_dtype_as_pytorch(name, fill, dtype, value):
    x, tx = ours_and_theirs(INT, dtype)
    m, tm = ours_and_theirs(MASK, bool)
    assert_same(fill(x, m, value), fill(tx, tm, value))


@pytest.mark.parametrize("name, fill", FILLS, ids=[name for name, _ in FILLS])
@pytest.mark.parametrize(
    "dtype, value", [("int64", float("nan")), ("int64", float("inf")), ("int8", 300),
                     ("float16", 1e6), ("int64", 2**63)],
)  # fmt: skip
def test_fill_with_a_value_the_dtype_cannot_hold_is_an_error_as_pytorch(name, fill, dtype, value):
    x, tx = ours_and_theirs(INT, dtype)
    m, tm = ours_and_theirs(MASK, bool)
    with pytest.raises(RuntimeError, match="cannot be converted"):
        fill(tx, tm, value)
    with pytest.raises(RuntimeError, match=rf"{name}\(\): value .* cannot be converted to type"):
        fill(x, m, value)


def test_masked_fill_with_a_0d_tensor_keeps_the_dtype_and_its_gradient():
    x, tx = ours_and_theirs(INT, "int64")
    m, tm = ours_and_theirs(MASK, bool)
    assert_same(x.masked_fill(m, Tensor(2.7)), tx.masked_fill(tm, torch.tensor(2.7)))
    value = Tensor(np.array(3.5), requires_grad=True)
    out = Tensor(np.array(INT, dtype=np.float32)).masked_fill(m, value)
    assert out.dtype == np.float32
    out.sum().backward()
    assert value.grad == 2.0 and value.grad.dtype == np.float64


def test_in_place_fills_keep_the_dtype_as_pytorch():
    x, tx = ours_and_theirs(INT, "int64")
    m, tm = ours_and_theirs(MASK, bool)
    assert_same(x.masked_fill_(m, 2.5), tx.masked_fill_(tm, 2.5))
    y, ty = ours_and_theirs(INT, "int64")
    assert_same(y.fill_(-2.5), ty.fill_(-2.5))


@pytest.mark.parametrize("value", [2.5, 2, np.float64(2.5)])
def test_where_promotes_an_int_tensor_with_a_number_as_pytorch(value):
    x, tx = ours_and_theirs(INT, "int64")
    m, tm = ours_and_theirs(MASK, bool)
    assert_same(autograd.where(m, x, value), torch.where(tm, tx, value))
    assert_same(autograd.where(m, value, x), torch.where(tm, value, tx))


def test_where_of_an_int_tensor_and_a_float64_0d_tensor_is_float64_as_pytorch():
    x, tx = ours_and_theirs(INT, "int64")
    m, tm = ours_and_theirs(MASK, bool)
    other = Tensor(2.5, dtype=np.float64)
    assert_same(autograd.where(m, x, other), torch.where(tm, tx, torch.tensor(2.5).double()))


# ------------------------------------------------------- products: one dtype, as PyTorch
PRODUCTS = {
    "matmul": (lambda lib, a, b: lib.matmul(a, b), (2, 3), (3, 2)),
    "@": (lambda lib, a, b: a @ b, (2, 3), (3,)),
    "mm": (lambda lib, a, b: lib.mm(a, b), (2, 3), (3, 2)),
    "bmm": (lambda lib, a, b: lib.bmm(a, b), (2, 2, 3), (2, 3, 2)),
    "dot": (lambda lib, a, b: lib.dot(a, b), (3,), (3,)),
    "vdot": (lambda lib, a, b: lib.vdot(a, b), (3,), (3,)),
    "mv": (lambda lib, a, b: lib.mv(a, b), (2, 3), (3,)),
    "inner": (lambda lib, a, b: lib.inner(a, b), (2, 3), (3,)),
    "tensordot": (lambda lib, a, b: lib.tensordot(a, b, 1), (2, 3), (3, 2)),
    "einsum": (lambda lib, a, b: lib.einsum("ij,jk->ik", a, b), (2, 3), (3, 2)),
}


def operands(first, second, dtypes):
    rng = np.random.default_rng(0)
    arrays = [rng.integers(-3, 4, size=shape).astype(dtype) for shape, dtype in
              zip((first, second), dtypes, strict=True)]  # fmt: skip
    return [Tensor(a) for a in arrays], [torch.from_numpy(a) for a in arrays]


@pytest.mark.parametrize("name", list(PRODUCTS))
@pytest.mark.parametrize("dtypes", [("int64", "int64"), ("float32", "float32"), ("int8", "int8")])
def test_product_of_one_dtype_keeps_it_as_pytorch(name, dtypes):
    product, first, second = PRODUCTS[name]
    ours, theirs = operands(first, second, dtypes)
    assert_same(product(autograd, *ours), product(torch, *theirs))


@pytest.mark.parametrize("name", list(PRODUCTS))
@pytest.mark.parametrize(
    "dtypes", [("int64", "float32"), ("float32", "int64"), ("float32", "float64"),
               ("int32", "int64")],
)  # fmt: skip
def test_product_of_mixed_dtypes_is_an_error_naming_both_as_pytorch(name, dtypes):
    product, first, second = PRODUCTS[name]
    ours, theirs = operands(first, second, dtypes)
    with pytest.raises(RuntimeError):
        product(torch, *theirs)
    with pytest.raises(RuntimeError, match=f"{dtypes[0]} and {dtypes[1]}"):
        product(autograd, *ours)


@pytest.mark.parametrize("name", ["matmul", "mm", "dot", "einsum"])
def test_product_of_bools_is_not_implemented_as_pytorch(name):
    product, first, second = PRODUCTS[name]
    ours, theirs = operands(first, second, ("bool", "bool"))
    with pytest.raises(NotImplementedError):
        product(torch, *theirs)
    with pytest.raises(NotImplementedError, match="bool"):
        product(autograd, *ours)


@pytest.mark.parametrize("dtypes", [("int64", "float32"), ("int8", "uint8"), ("bool", "float64")])
def test_outer_promotes_as_pytorch(dtypes):
    ours, theirs = operands((2,), (3,), dtypes)
    assert_same(autograd.outer(*ours), torch.outer(*theirs))


# ------------------------------------------------------------------ reductions of nothing
SHAPES_DIMS = [((0,), None), ((0,), 0), ((2, 0), None), ((2, 0), 0), ((2, 0), 1), ((0, 3), 0),
               ((0, 3), 1), ((0, 3), -1)]  # fmt: skip
VALUED = ["sum", "prod", "mean", "nansum", "nanmean", "logsumexp", "var", "std", "count_nonzero"]


def call(lib, name, x, dim):
    function = getattr(lib, name)
    if dim is None:
        return function(x, dim=tuple(range(x.ndim))) if name == "logsumexp" else function(x)
    return function(x, dim)


@pytest.mark.parametrize("name", VALUED)
@pytest.mark.parametrize("shape, dim", SHAPES_DIMS)
def test_reduction_of_an_empty_tensor_gives_pytorchs_value(name, shape, dim):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch warns of no degrees of freedom; we do not
        theirs = call(torch, name, torch.zeros(shape, dtype=torch.float64), dim)
    ours = call(autograd, name, Tensor(np.zeros(shape)), dim)
    assert ours.shape == tuple(theirs.shape) and str(ours.dtype) in str(theirs.dtype)
    np.testing.assert_array_equal(ours.data, theirs.numpy())


NO_IDENTITY = [
    (name, shape, dim)
    for name in ["amax", "amin", "max", "min", "argmax", "argmin", "median", "nanmedian"]
    for shape, dim in SHAPES_DIMS
    if (dim is None and name not in ("median", "nanmedian"))  # their median of all is NaN
    or (dim is not None and shape[dim] == 0)
]


@pytest.mark.parametrize("name, shape, dim", NO_IDENTITY)
def test_reduction_without_identity_of_nothing_raises_pytorchs_error(name, shape, dim):
    with pytest.raises((IndexError, RuntimeError)) as theirs:
        call(torch, name, torch.zeros(shape), dim)
    with pytest.raises(type(theirs.value), match="cannot reduce an empty tensor") as ours:
        call(autograd, name, Tensor(np.zeros(shape)), dim)
    assert "Expected reduction dim" in str(ours.value)
    assert isinstance(ours.value, ValueError)  # as graphgrad raised before


@pytest.mark.parametrize(
    "data, correction", [([1.0, 3.0], 2), ([1.0, 3.0], 3), ([2.0], 1), ([1.0, 3.0, 5.0], 5)]
)
def test_variance_without_degrees_of_freedom_is_pytorchs_inf_or_nan(data, correction):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected_var = torch.var(torch.tensor(data), correction=correction).item()
        expected_std = torch.std(torch.tensor(data), correction=correction).item()
    x = Tensor(np.array(data), requires_grad=True)
    variance, deviation = autograd.var(x, correction=correction), x.std(correction=correction)
    np.testing.assert_array_equal([float(variance), float(deviation)], [expected_var, expected_std])
    deviation.backward()  # no NumPy warning (they are errors here); NaN, as PyTorch's
    assert np.isnan(x.grad).all()


def test_logsumexp_of_nothing_is_minus_inf_with_an_empty_gradient():
    x = Tensor(np.zeros((3, 0)), requires_grad=True)
    out = autograd.logsumexp(x, 1)
    np.testing.assert_array_equal(out.data, torch.logsumexp(torch.zeros(3, 0), 1).numpy())
    out.sum().backward()
    assert x.grad.shape == (3, 0)


# ------------------------------------------------------ selections by partition, as PyTorch
def random_rows(rng, shape, ties):
    data = rng.integers(0, 5, size=shape).astype(float) if ties else rng.normal(size=shape)
    return data


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("largest", [True, False])
@pytest.mark.parametrize("k", [1, 3, 7])
def test_topk_values_match_pytorch(rng, ties, largest, k):
    data = random_rows(rng, (4, 7), ties)
    ours = Tensor(data).topk(k, largest=largest)
    theirs = torch.tensor(data).topk(k, largest=largest)
    np.testing.assert_array_equal(ours.values.data, theirs.values.numpy())
    if not ties:  # without ties the indices are defined, and the same
        np.testing.assert_array_equal(ours.indices.data, theirs.indices.numpy())
    np.testing.assert_array_equal(np.take_along_axis(data, ours.indices.data, 1), ours.values.data)


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_kthvalue_and_median_values_match_pytorch(rng, ties, dim):
    data = random_rows(rng, (5, 6), ties)
    x, tx = Tensor(data), torch.tensor(data)
    for k in range(1, data.shape[dim] + 1):
        np.testing.assert_array_equal(
            x.kthvalue(k, dim).values.data, tx.kthvalue(k, dim).values.numpy()
        )
    np.testing.assert_array_equal(x.median(dim).values.data, tx.median(dim).values.numpy())
    np.testing.assert_array_equal(x.median().data, tx.median().numpy())
    if not ties:
        np.testing.assert_array_equal(x.median(dim).indices.data, tx.median(dim).indices.numpy())


def test_nan_is_the_largest_in_topk_kthvalue_and_median_as_pytorch():
    data = np.array([[1.0, np.nan, 3.0, 0.5], [2.0, 1.0, np.nan, np.nan]])
    x, tx = Tensor(data), torch.tensor(data)
    for ours, theirs in [
        (x.topk(2), tx.topk(2)),
        (x.topk(2, largest=False), tx.topk(2, largest=False)),
        (x.kthvalue(4), tx.kthvalue(4)),
        (x.median(1), tx.median(1)),
        (x.nanmedian(1), tx.nanmedian(1)),
    ]:
        np.testing.assert_array_equal(ours.values.data, theirs.values.numpy())
        np.testing.assert_array_equal(ours.indices.data, theirs.indices.numpy())


# ------------------------------------------------ assignment in PyTorch's order of indices
@pytest.mark.parametrize(
    "index",
    [(0, slice(None), [0, 1]), (slice(None), 0, [0, 3]), ([1, 0], slice(None), 2),
     (1, [0, 2], slice(None)), (0, slice(None), [[0], [3]]), (0, Ellipsis, [1, 2]),
     (1, slice(None), [True, False, True, False])],
)  # fmt: skip
def test_setitem_writes_where_getitem_reads_as_pytorch(rng, index):
    data = rng.normal(size=(2, 3, 4))
    torch_index = tuple(torch.tensor(i) if isinstance(i, list) else i for i in index)
    read_shape = torch.tensor(data)[torch_index].shape
    value = rng.normal(size=tuple(read_shape))
    expected = torch.tensor(data)
    expected[torch_index] = torch.tensor(value)
    plain = Tensor(data)
    assert plain[index].shape == tuple(read_shape)
    plain[index] = Tensor(value)
    np.testing.assert_array_equal(plain.data, expected.numpy())
    # recorded, with a value that requires grad: the same write, and its gradient
    source = Tensor(value, requires_grad=True)
    buffer = Tensor(data) * 1.0
    buffer[index] = source * 2
    weights = rng.normal(size=(2, 3, 4))
    (buffer * Tensor(weights)).sum().backward()
    their_source = torch.tensor(value, requires_grad=True)
    their_buffer = torch.tensor(data) * 1.0
    their_buffer[torch_index] = their_source * 2
    (their_buffer * torch.tensor(weights)).sum().backward()
    np.testing.assert_array_equal(buffer.data, their_buffer.detach().numpy())
    np.testing.assert_allclose(source.grad, their_source.grad.numpy())


def test_setitem_broadcasts_the_value_over_pytorchs_read_shape():
    data = np.zeros((2, 3, 4))
    ours, theirs = Tensor(data), torch.tensor(data)
    ours[0, :, [0, 1]] = Tensor([5.0, 6.0])  # the read is (3, 2): a row of 2 broadcasts
    theirs[0, :, torch.tensor([0, 1])] = torch.tensor([5.0, 6.0], dtype=torch.float64)
    np.testing.assert_array_equal(ours.data, theirs.numpy())


# ------------------------------------------------ einsum sublists and torch.linalg functions
def test_einsum_sublist_form_matches_pytorch(rng):
    a, b, c = rng.normal(size=(2, 3)), rng.normal(size=(3, 4)), rng.normal(size=(5, 2, 3))
    cases = [(a, [0, 1], b, [1, 2], [0, 2]), (a, [30, 1], b, [1, 2]), (a, [1, 0]),
             (c, [..., 0, 1], b, [1, 2], [..., 0, 2])]  # fmt: skip
    for case in cases:
        ours = autograd.einsum(*[Tensor(x) if isinstance(x, np.ndarray) else x for x in case])
        theirs = torch.einsum(*[torch.tensor(x) if isinstance(x, np.ndarray) else x for x in case])
        np.testing.assert_allclose(ours.data, theirs.numpy())


def test_linalg_functions_and_their_gradients_match_pytorch(rng):
    a_data = rng.normal(size=(2, 3, 3)) + 3 * np.eye(3)
    b_data, v_data = rng.normal(size=(3, 2)), rng.normal(size=(2, 3))
    x_data, y_data = rng.normal(size=(4, 3)), rng.normal(size=(1, 3))
    functions = {
        "det": lambda lib, a, b, v, x, y: lib.linalg.det(a).sum(),
        "inv": lambda lib, a, b, v, x, y: (lib.linalg.inv(a) * a).sum(),
        "solve": lambda lib, a, b, v, x, y: (lib.linalg.solve(a, b) ** 2).sum(),
        "solve_vector": lambda lib, a, b, v, x, y: (lib.linalg.solve(a, v) ** 2).sum(),
        "cross": lambda lib, a, b, v, x, y: (lib.linalg.cross(x, y) ** 2).sum(),
        "vecdot": lambda lib, a, b, v, x, y: (lib.linalg.vecdot(x, y) ** 2).sum(),
    }
    for name, function in functions.items():
        datas = (a_data, b_data, v_data, x_data, y_data)
        ours = [Tensor(d, requires_grad=True) for d in datas]
        theirs = [torch.tensor(d, requires_grad=True) for d in datas]
        out, their_out = function(autograd, *ours), function(torch, *theirs)
        np.testing.assert_allclose(out.data, their_out.item(), err_msg=name)
        out.backward()
        their_out.backward()
        for mine, other in zip(ours, theirs, strict=True):
            expected = np.zeros(mine.shape) if other.grad is None else other.grad.numpy()
            got = np.zeros(mine.shape) if mine.grad is None else mine.grad
            np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12, err_msg=name)


def test_det_gradient_near_a_singular_matrix_is_pytorchs_adjugate():
    # at an exactly singular matrix PyTorch 2 gives 0; ours is the adjugate there too (the
    # limit of these)
    data = np.array([[1.0, 2.0], [2.0, 4.000001]])
    ours, theirs = Tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    autograd.linalg.det(ours).backward()
    torch.linalg.det(theirs).backward()
    np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-6)
    singular = Tensor(np.array([[1.0, 2.0], [2.0, 4.0]]), requires_grad=True)
    autograd.linalg.det(singular).backward()
    np.testing.assert_allclose(singular.grad, theirs.grad.numpy(), rtol=1e-5)
