"""Type promotion as PyTorch's ``torch.result_type``: one rule (``autograd.result_type``) for
every operator and multi-tensor function, and gradients in each input's own dtype."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Tensor, promote_types, result_type

from ..strategies import broadcast_pairs, examples

F16, F32, F64 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)
I8, I16, I32, I64 = (np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64))
U8, B, C64, C128 = (
    np.dtype(np.uint8),
    np.dtype(np.bool_),
    np.dtype(np.complex64),
    np.dtype(np.complex128),
)


def tensor(dtype, shape=(3,)):
    return Tensor(np.ones(shape, dtype=dtype))


# ---------------------------------------------------------------------- the rule itself
@pytest.mark.parametrize(
    "first, second, expected",
    [
        (I64, F32, F32),  # the higher category wins as it is (NumPy: float64)
        (I64, F16, F16),
        (U8, I8, I16),
        (B, I8, I8),
        (F16, F32, F32),
        (F32, F64, F64),
        (F64, C64, C128),  # complex keeps the float's precision
        (I32, C64, C64),
        (B, B, B),
    ],
)
def test_promote_types_follows_pytorchs_table(first, second, expected):
    assert promote_types(first, second) == expected
    assert promote_types(second, first) == expected


def test_promote_types_refuses_wide_unsigned_integers_as_pytorch():
    with pytest.raises(TypeError, match="uint16, uint32 and uint64"):
        promote_types(np.uint16, np.int8)


@pytest.mark.parametrize(
    "operands, expected",
    [
        ((tensor(I64), tensor(F32)), F32),
        ((tensor(F32), tensor(F64, ())), F32),  # a 0-d tensor does not widen its category
        ((tensor(I64), tensor(F64, ())), F64),  # ... but brings a higher category
        ((tensor(I64), tensor(F16, ())), F16),
        ((tensor(I8), tensor(I64, ())), I8),
        ((tensor(B), tensor(I8, ())), I8),
        ((tensor(I32), 2), I32),  # a Python number never widens its category
        ((tensor(F16), 2.0), F16),
        ((tensor(I64), 2.5), F32),  # an int tensor with a float number: the default dtype
        ((tensor(B), 1), I64),
        ((tensor(B), True), B),
        ((tensor(F32), 1j), C64),
        ((tensor(F64, ()), 2.0), F64),
        ((2, 3), I64),
        ((2, 3.0), F32),
        ((tensor(F16, ()), tensor(I64)), F16),
    ],
)
def test_result_type_ranks_tensors_zero_dim_tensors_and_numbers(operands, expected):
    assert result_type(*operands) == expected


def test_int_with_a_float_number_follows_the_default_dtype():
    autograd.set_default_dtype(np.float64)
    try:
        assert result_type(tensor(I64), 2.5) == F64
        assert (tensor(I64) + 2.5).dtype == F64
    finally:
        autograd.set_default_dtype(np.float32)


# ---------------------------------------------------------------------- every operator
BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "**": lambda a, b: a**b,
    "maximum": autograd.maximum,
    "minimum": autograd.minimum,
    "where": lambda a, b: autograd.where(np.array([True, False, True]), a, b),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize(
    "first, second",
    [
        (tensor(I64), tensor(F32)),
        (tensor(F32), tensor(F64, ())),
        (tensor(I32), 2),
        (tensor(F16), 2.0),
        (tensor(I64), 2.5),
        (2.5, tensor(I64)),
        (tensor(F64, ()), tensor(F32)),
    ],
)
def test_every_binary_operation_takes_the_result_type(name, first, second):
    assert BINARY[name](first, second).dtype == result_type(first, second)


def test_true_division_of_integers_is_the_default_float():
    assert (tensor(I64) / tensor(I64)).dtype == F32
    assert (tensor(I32) / 2).dtype == F32
    assert (2 / tensor(B)).dtype == F32
    np.testing.assert_array_equal((Tensor(np.array([1, 3])) / 2).data, [0.5, 1.5])


def test_where_with_two_python_ints_is_int64_and_with_a_float_the_default():
    condition = Tensor([True, False])
    assert autograd.where(condition, 4, 2).dtype == I64
    assert autograd.where(condition, 4.0, 2).dtype == F32


def test_comparisons_give_bools_of_the_promoted_values():
    big = Tensor(np.array([16_777_217]))  # not a float32: both become 16777216.0, as PyTorch
    assert (big == Tensor(np.array([16_777_216.0], dtype=np.float32))).data.tolist() == [True]
    assert (tensor(I64) < 2.5).dtype == B


def test_cat_and_stack_promote_all_their_tensors():
    assert autograd.cat([tensor(I64), tensor(F32)]).dtype == F32
    assert autograd.stack([tensor(F16), tensor(F64)]).dtype == F64


def test_lerp_and_atan2_promote():
    assert tensor(F32).lerp(tensor(F64, ()), 0.5).dtype == F32
    assert tensor(F32).atan2(tensor(F64)).dtype == F64


# ---------------------------------------------------------------------- gradients
def test_gradients_keep_each_inputs_own_dtype():
    x = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    scale = Tensor(np.array(2.0), requires_grad=True)  # float64, 0-d
    y = x * scale
    assert y.dtype == F32
    y.sum().backward()
    assert x.grad.dtype == F32 and scale.grad.dtype == F64
    assert float(scale.grad) == 3.0


def test_same_dtype_operands_add_no_cast_to_the_graph():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 2.0 + x
    assert y.grad_fn.name == "add"
    assert [inp.grad_fn.name for inp in y.grad_fn.inputs if inp.grad_fn] == ["mul"]


def test_an_int_constant_beside_a_float_leaf_is_cast_without_a_graph_node():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x + Tensor(np.array([1, 2]))
    assert y.dtype == F32 and y.grad_fn.inputs[1].grad_fn is None


@settings(max_examples=examples(30), deadline=None)
@given(
    shapes=broadcast_pairs(),
    dtypes=st.tuples(
        st.sampled_from([B, I8, I32, I64, F16, F32, F64]),
        st.sampled_from([B, I8, I32, I64, F16, F32, F64]),
    ),
)
def test_product_has_the_result_type_and_the_values_computed_in_it(shapes, dtypes):
    first_shape, second_shape = shapes
    a = Tensor(np.ones(first_shape, dtype=dtypes[0]))
    b = Tensor(np.full(second_shape, 2, dtype=dtypes[1]))
    expected = result_type(a, b)
    out = a * b
    assert out.dtype == expected
    reference = a.data.astype(expected) * b.data.astype(expected)
    np.testing.assert_array_equal(out.data, reference)
