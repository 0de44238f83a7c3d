"""PyTorch's spellings of what exists: dim=/keepdim=, max/min(dim=) as (values, indices),
var/std's correction, the operator methods, dtype conversions, size/numel/dim.

Each spelling is checked against the op it stands for: the same values, the same gradients."""

import numpy as np
import pytest

import autograd
from autograd import Tensor, composite, functions, gradcheck


def values_and_grads(make_output, data):
    """The output's values and the gradient of its sum with respect to a fresh leaf."""
    x = Tensor(data.copy(), requires_grad=True)
    out = make_output(x)
    out.sum().backward()
    return out.data, x.grad


def assert_same(first, second, data):
    (values_a, grad_a), (values_b, grad_b) = (
        values_and_grads(first, data),
        values_and_grads(second, data),
    )
    np.testing.assert_array_equal(values_a, values_b)
    np.testing.assert_array_equal(grad_a, grad_b)


@pytest.fixture
def data(rng):
    return rng.permutation(24).reshape(2, 3, 4).astype(np.float64) - 11.5  # no ties


# ---------------------------------------------------------------- dim= / keepdim=
DIMS = [0, -1, (0, 2), (-1, 0)]
REDUCTIONS = ["sum", "mean", "var", "std", "logsumexp"]


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", DIMS)
@pytest.mark.parametrize("name", REDUCTIONS)
def test_reduction_dim_and_keepdim_mean_axis_and_keepdims(data, name, dim, keepdim):
    assert_same(
        lambda x: getattr(x, name)(dim=dim, keepdim=keepdim),
        lambda x: getattr(x, name)(axis=dim, keepdims=keepdim),
        data,
    )


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [0, -1, (0, 2)])
@pytest.mark.parametrize("name", ["max", "min"])
def test_max_min_with_axis_and_keepdim_reduce_as_with_keepdims(data, name, dim, keepdim):
    assert_same(
        lambda x: getattr(x, name)(axis=dim, keepdim=keepdim),
        lambda x: getattr(x, name)(axis=dim, keepdims=keepdim),
        data,
    )


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_softmax_family_dim_means_axis(data, name, dim):
    assert_same(lambda x: getattr(x, name)(dim=dim), lambda x: getattr(x, name)(axis=dim), data)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_family_defaults_to_the_last_axis(data, name):
    assert_same(lambda x: getattr(x, name)(), lambda x: getattr(x, name)(axis=-1), data)


@pytest.mark.parametrize("name", ["argmax", "argmin"])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_argmax_argmin_dim_and_keepdim(data, name, dim):
    x = Tensor(data)
    result = getattr(x, name)(dim=dim, keepdim=True)
    expected = getattr(np, name)(data, axis=dim, keepdims=True)
    np.testing.assert_array_equal(result.data, expected)
    assert result.dtype == np.int64


def test_argmax_without_dim_indexes_the_flattened_tensor(data):
    assert int(Tensor(data).argmax()) == int(np.argmax(data))


def test_composite_functions_accept_dim(data):
    x = Tensor(data)
    np.testing.assert_array_equal(composite.var(x, dim=1).data, x.var(axis=1).data)
    np.testing.assert_array_equal(composite.std(x, dim=1).data, x.std(axis=1).data)
    np.testing.assert_array_equal(autograd.softmax(x, dim=0).data, x.softmax(axis=0).data)


def test_squeeze_dim_leaves_an_axis_whose_size_is_not_one():
    x = Tensor(np.zeros((1, 3, 1)))
    assert x.squeeze(dim=1).shape == (1, 3, 1)
    assert x.squeeze(dim=(0, 1, -1)).shape == (3,)


def test_squeeze_axis_of_size_other_than_one_stays_an_error():
    with pytest.raises(ValueError, match="size 3, not 1"):
        Tensor(np.zeros((1, 3))).squeeze(axis=1)


def test_unsqueeze_dim_means_axis(data):
    assert_same(lambda x: x.unsqueeze(dim=-2), lambda x: x.unsqueeze(-2), data)


@pytest.mark.parametrize("name", ["concatenate", "stack"])
def test_concatenate_and_stack_accept_dim(data, name):
    join = getattr(functions, name)
    assert_same(lambda x: join([x, x * 2], dim=-1), lambda x: join([x, x * 2], axis=-1), data)


def test_cat_is_concatenate(data):
    assert_same(
        lambda x: functions.cat([x, x * 2], dim=1),
        lambda x: functions.concatenate([x, x * 2], axis=1),
        data,
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda x: x.sum(axis=0, dim=0),
        lambda x: x.mean(axis=0, dim=1),
        lambda x: x.max(axis=0, dim=0),
        lambda x: x.min(axis=0, dim=0),
        lambda x: x.var(axis=0, dim=0),
        lambda x: x.argmax(axis=0, dim=0),
        lambda x: x.softmax(axis=0, dim=0),
        lambda x: x.squeeze(axis=0, dim=0),
        lambda x: x.unsqueeze(0, dim=0),
        lambda x: x.sum(keepdims=True, keepdim=True),
        lambda x: functions.stack([x], axis=0, dim=0),
        lambda x: x.var(ddof=0, correction=0),
        lambda x: x.std(correction=1, unbiased=True),
    ],
)
def test_giving_both_spellings_is_a_type_error(call):
    with pytest.raises(TypeError, match="give only one"):
        call(Tensor(np.ones((1, 2))))


# ---------------------------------------------------------------- max/min(dim=)
@pytest.mark.parametrize("name", ["max", "min"])
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_max_min_dim_return_values_and_int64_indices(data, name, dim, keepdim):
    values, indices = getattr(Tensor(data), name)(dim=dim, keepdim=keepdim)
    np.testing.assert_array_equal(values.data, getattr(np, name)(data, axis=dim, keepdims=keepdim))
    arg = np.argmax if name == "max" else np.argmin
    np.testing.assert_array_equal(indices.data, arg(data, axis=dim, keepdims=keepdim))
    assert indices.dtype == np.int64


@pytest.mark.parametrize("name", ["max", "min"])
def test_max_min_dim_values_are_differentiable(data, name):
    assert_same(lambda x: getattr(x, name)(dim=1).values, lambda x: getattr(x, name)(axis=1), data)
    assert gradcheck(lambda x: getattr(x, name)(dim=-1).values, [Tensor(data, requires_grad=True)])


def test_max_dim_result_has_named_fields(data):
    result = Tensor(data).max(dim=0)
    assert result.values is result[0] and result.indices is result[1]
    assert not result.indices.requires_grad


def test_max_axis_still_returns_the_values_tensor(data):
    assert isinstance(Tensor(data).max(axis=0), Tensor)


def test_max_dim_of_a_0d_tensor_is_itself_at_index_0():
    values, indices = Tensor(3.0).max(dim=0)
    assert float(values) == 3.0 and int(indices) == 0


def test_max_dim_takes_one_dim_only(data):
    with pytest.raises(TypeError, match="one int"):
        Tensor(data).max(dim=(0, 1))


# ---------------------------------------------------------------- var/std correction
def test_var_default_is_the_unbiased_sample_variance(data):
    np.testing.assert_allclose(Tensor(data).var(dim=1).data, data.var(axis=1, ddof=1))
    np.testing.assert_allclose(Tensor(data).var().data, data.var(ddof=1))


def test_std_default_is_the_unbiased_sample_deviation(data):
    np.testing.assert_allclose(Tensor(data).std(dim=1).data, data.std(axis=1, ddof=1))


@pytest.mark.parametrize(
    "arguments", [{"ddof": 0}, {"correction": 0}, {"unbiased": False}], ids=str
)
def test_var_correction_zero_is_the_population_variance(data, arguments):
    np.testing.assert_allclose(Tensor(data).var(axis=0, **arguments).data, data.var(axis=0))


def test_var_correction_other_than_zero_and_one(data):
    np.testing.assert_allclose(Tensor(data).var(correction=2).data, data.var(ddof=2))


@pytest.mark.parametrize("arguments", [{}, {"correction": 0}, {"ddof": 2}], ids=str)
def test_var_and_std_gradients_with_each_correction(leaf, arguments):
    assert gradcheck(lambda x: x.var(dim=1, **arguments), [leaf(3, 4)])
    assert gradcheck(lambda x: x.std(dim=1, **arguments), [leaf(3, 4)])


def test_var_of_one_value_with_the_default_correction_is_nan_as_pytorch():
    assert np.isnan(Tensor([1.0]).var().data)  # no degrees of freedom; PyTorch warns


# ---------------------------------------------------------------- operator methods
@pytest.mark.parametrize(
    ("method", "operator"),
    [
        (lambda x, y: x.add(y), lambda x, y: x + y),
        (lambda x, y: x.sub(y), lambda x, y: x - y),
        (lambda x, y: x.mul(y), lambda x, y: x * y),
        (lambda x, y: x.div(y), lambda x, y: x / y),
        (lambda x, y: x.true_divide(y), lambda x, y: x / y),
        (lambda x, y: x.pow(y), lambda x, y: x**y),
        (lambda x, y: x.multiply(y), lambda x, y: x * y),
        (lambda x, y: x.subtract(y), lambda x, y: x - y),
        (lambda x, y: x.divide(y), lambda x, y: x / y),
        (lambda x, y: x.add(y, alpha=2.5), lambda x, y: x + y * 2.5),
        (lambda x, y: x.sub(y, alpha=2.5), lambda x, y: x - y * 2.5),
    ],
    ids=[
        "add",
        "sub",
        "mul",
        "div",
        "true_divide",
        "pow",
        "multiply",
        "subtract",
        "divide",
        "add alpha",
        "sub alpha",
    ],
)
def test_operator_method_equals_the_operator(rng, method, operator):
    a, b = rng.uniform(0.5, 2.0, (2, 3)), rng.uniform(0.5, 2.0, (3,))
    results = []
    for function in (method, operator):
        x, y = Tensor(a, requires_grad=True), Tensor(b, requires_grad=True)
        out = function(x, y)
        out.sum().backward()
        results.append((out.data, x.grad, y.grad))
    for first, second in zip(*results, strict=True):
        np.testing.assert_allclose(first, second, rtol=1e-15)


@pytest.mark.parametrize("name", ["neg", "negative"])
def test_neg_is_unary_minus(data, name):
    assert_same(lambda x: getattr(x, name)(), lambda x: -x, data)


@pytest.mark.parametrize(("mode", "rounding"), [("trunc", np.trunc), ("floor", np.floor)])
def test_div_rounding_mode_rounds_the_quotient(mode, rounding):
    x = Tensor([-7.0, 7.0])
    np.testing.assert_array_equal(x.div(2.0, rounding_mode=mode).data, rounding([-3.5, 3.5]))


def test_div_rounding_mode_keeps_an_integer_dtype():
    result = Tensor(np.array([-7, 7])).div(2, rounding_mode="floor")
    assert result.dtype == np.int64
    np.testing.assert_array_equal(result.data, [-4, 3])


@pytest.mark.parametrize(
    ("name", "shapes"),
    [
        ("matmul", [(2, 3), (3, 4)]),
        ("mm", [(2, 3), (3, 4)]),
        ("bmm", [(5, 2, 3), (5, 3, 4)]),
        ("dot", [(3,), (3,)]),
    ],
)
def test_product_method_equals_matmul(rng, name, shapes):
    a, b = (rng.standard_normal(shape) for shape in shapes)
    results = []
    for function in (lambda x, y: getattr(x, name)(y), lambda x, y: x @ y):
        x, y = Tensor(a, requires_grad=True), Tensor(b, requires_grad=True)
        out = function(x, y)
        out.sum().backward()
        results.append((out.data, x.grad, y.grad))
    for first, second in zip(*results, strict=True):
        np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize(
    ("name", "shapes", "message"),
    [
        ("mm", [(2, 3), (3,)], r"2-D matrices, got shapes \(2, 3\) and \(3,\)"),
        ("mm", [(2, 3, 4), (4, 2)], r"2-D matrices, got shapes \(2, 3, 4\) and \(4, 2\)"),
        ("mm", [(2, 3), (4, 2)], r"shapes \(2, 3\) and \(4, 2\) cannot be multiplied"),
        ("bmm", [(2, 3), (3, 4)], r"3-D batches of matrices, got shapes \(2, 3\) and \(3, 4\)"),
        ("bmm", [(2, 2, 3), (3, 3, 4)], r"batch sizes differ, shapes \(2, 2, 3\) and \(3, 3, 4\)"),
        ("bmm", [(2, 2, 3), (2, 4, 4)], r"shapes \(2, 2, 3\) and \(2, 4, 4\) cannot be multiplied"),
        ("dot", [(2, 3), (3,)], r"1-D vectors, got shapes \(2, 3\) and \(3,\)"),
        ("dot", [(3,), (4,)], r"shapes \(3,\) and \(4,\) cannot be multiplied: lengths differ"),
    ],
)
def test_product_shape_errors_name_the_shapes(name, shapes, message):
    a, b = (Tensor(np.ones(shape)) for shape in shapes)
    with pytest.raises(ValueError, match=f"^{name}: .*{message}"):
        getattr(a, name)(b)


def test_t_transposes_a_matrix_and_keeps_a_vector(data):
    assert_same(lambda x: x[0].t(), lambda x: x[0].T, data)
    assert Tensor(np.zeros(3)).t().shape == (3,)


def test_t_of_more_than_two_dimensions_is_an_error(data):
    with pytest.raises(ValueError, match=r"at most 2 dimensions, got shape \(2, 3, 4\)"):
        Tensor(data).t()


@pytest.mark.parametrize("name", ["reshape_as", "view_as"])
def test_reshape_as_and_view_as_take_the_other_tensors_shape(data, name):
    like = Tensor(np.zeros((4, 6)))
    assert_same(lambda x: getattr(x, name)(like), lambda x: x.reshape(4, 6), data)


def test_expand_as_takes_the_other_tensors_shape(rng):
    like = Tensor(np.zeros((4, 3)))
    assert_same(lambda x: x.expand_as(like), lambda x: x.expand(4, 3), rng.standard_normal((4, 1)))


# ---------------------------------------------------------------- clamp
def test_clamp_is_clip(data):
    assert_same(lambda x: x.clamp(min=-3.0, max=4.0), lambda x: x.clip(-3.0, 4.0), data)


def test_clamp_with_tensor_bounds_clamps_elementwise():
    x = Tensor([-2.0, 0.5, 3.0])
    result = x.clamp(min=Tensor([-1.0, 1.0, -1.0]), max=Tensor([2.0, 2.0, 2.0]))
    np.testing.assert_array_equal(result.data, [-1.0, 1.0, 2.0])


def test_clamp_bounds_that_require_grad_receive_it_where_they_are_the_result():
    x = Tensor([-2.0, 0.5, 3.0], dtype=np.float64, requires_grad=True)
    low = Tensor([-1.0, -1.0, -1.0], dtype=np.float64, requires_grad=True)
    high = Tensor(2.0, dtype=np.float64, requires_grad=True)
    x.clamp(min=low, max=high).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(low.grad, [1.0, 0.0, 0.0])
    assert float(high.grad) == 1.0


def test_clamp_with_bounds_that_require_grad_keeps_nan():
    x = Tensor([np.nan, 5.0])
    assert np.isnan(x.clamp(min=Tensor(0.0, requires_grad=True)).data[0])


# ---------------------------------------------------------------- dtype conversions
@pytest.mark.parametrize(
    ("name", "dtype"),
    [("float", np.float32), ("double", np.float64), ("half", np.float16)],
)
def test_float_conversions_are_differentiable(name, dtype):
    x = Tensor([1.5, -2.0], dtype=np.float64, requires_grad=True)
    converted = getattr(x, name)()
    assert converted.dtype == dtype
    (converted * 2).sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


@pytest.mark.parametrize(
    ("name", "dtype", "expected"),
    [("int", np.int32, [1, -2]), ("long", np.int64, [1, -2]), ("bool", np.bool_, [True, True])],
)
def test_integer_and_bool_conversions_are_not_differentiable(name, dtype, expected):
    converted = getattr(Tensor([1.5, -2.5], requires_grad=True), name)()
    assert converted.dtype == dtype
    assert not converted.requires_grad and converted.grad_fn is None
    np.testing.assert_array_equal(converted.data, expected)


def test_to_casts_to_a_dtype_or_to_another_tensors_dtype():
    x = Tensor([1.0, 2.0])
    assert x.to(np.float64).dtype == np.float64
    assert x.to(dtype="float16").dtype == np.float16
    assert x.to(Tensor(np.array([1]))).dtype == np.int64
    assert x.to("cpu") is x


def test_to_another_device_is_a_clear_error():
    with pytest.raises(ValueError, match="CPU only; got device 'cuda'"):
        Tensor([1.0]).to("cuda")


def test_type_as_takes_the_other_tensors_dtype():
    x = Tensor([1.0], requires_grad=True)
    assert x.type_as(Tensor(np.array([1.0]))).dtype == np.float64


# ---------------------------------------------------------------- size, numel, dim
def test_size_called_is_the_shape_and_size_of_d_is_one_length(data):
    x = Tensor(data)
    assert x.size() == (2, 3, 4)
    assert x.size(0) == 2 and x.size(-1) == 4


def test_size_uncalled_is_still_the_number_of_elements(data):
    x = Tensor(data)
    assert x.size == 24 and isinstance(x.size, int)
    assert x.size + 1 == 25


def test_size_of_a_dimension_out_of_range_is_an_error():
    with pytest.raises(ValueError, match="out of range"):
        Tensor(np.zeros((2, 3))).size(2)
    with pytest.raises(IndexError, match="0-d tensor"):
        Tensor(1.0).size(0)


def test_numel_and_dim(data):
    x = Tensor(data)
    assert x.numel() == 24 and x.dim() == 3
    assert Tensor(1.0).numel() == 1 and Tensor(1.0).dim() == 0
