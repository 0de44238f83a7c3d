"""Integer and bitwise ops with PyTorch's semantics: floor division and remainder, integer
division by zero refused, bitwise and logical operators both sides and in place, comparisons,
``equal``/``allclose``, ``nan_to_num`` (gradient where finite) and ``clamp`` = ``clip``."""

import operator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Tensor

from ..strategies import examples

A = np.array([-7, -6, -1, 0, 1, 5, 7])
B = np.array([2, -3, 3, 4, -2, 5, -7])


def ints(values):
    return Tensor(np.asarray(values))


# ---------------------------------------------------------------------- division, remainder
def test_floor_division_and_remainder_round_toward_minus_infinity_like_python():
    np.testing.assert_array_equal(
        (ints(A) // ints(B)).data, [a // b for a, b in zip(A, B, strict=True)]
    )
    np.testing.assert_array_equal(
        (ints(A) % ints(B)).data, [a % b for a, b in zip(A, B, strict=True)]
    )
    assert (ints(A) // ints(B)).dtype == np.int64


def test_both_operand_sides_of_floor_division_and_remainder():
    np.testing.assert_array_equal((7 // ints([2, -2])).data, [3, -4])
    np.testing.assert_array_equal((7 % ints([2, -2])).data, [1, -1])
    np.testing.assert_array_equal((ints([7, -7]) // 2).data, [3, -4])


def test_div_rounding_modes_on_integers_are_exact_for_large_values():
    big = ints(np.array([2**62 + 1, -(2**62) - 1]))
    np.testing.assert_array_equal(big.div(3, rounding_mode="floor").data, big.data // 3)
    truncated = [-(-v // 3) if v < 0 else v // 3 for v in big.data.tolist()]  # exact ints
    np.testing.assert_array_equal(big.div(3, rounding_mode="trunc").data, truncated)
    np.testing.assert_array_equal(ints([-7, 7]).div(2, rounding_mode="trunc").data, [-3, 3])
    assert ints([1]).div(2, rounding_mode="trunc").dtype == np.int64


def test_floor_divide_function_and_method():
    np.testing.assert_array_equal(autograd.floor_divide(ints([-7]), 2).data, [-4])
    np.testing.assert_array_equal(ints([-7]).floor_divide(ints([2])).data, [-4])


@pytest.mark.parametrize(
    "divide",
    [
        lambda a: a // 0,
        lambda a: a % ints([1, 0]),
        lambda a: a.div(0, rounding_mode="trunc"),
        lambda a: a.floor_divide_(0),
    ],
)
def test_integer_division_by_zero_is_pytorchs_error(divide):
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        divide(ints([5, 6]))


def test_float_floor_division_and_remainder_by_zero_give_inf_and_nan():
    with np.errstate(divide="ignore", invalid="ignore"):
        assert (Tensor([-7.0]) // 0).data.tolist() == [-np.inf]
        assert np.isnan((Tensor([-7.0]) % 0).data[0])


def test_float_floor_division_has_gradient_zero_and_remainder_its_own():
    x = Tensor([3.5, -2.5], requires_grad=True)
    ((x // 2) + (x % 2)).sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 1.0])


@settings(max_examples=examples(30), deadline=None)
@given(
    a=st.lists(st.integers(-1000, 1000), min_size=1, max_size=6),
    b=st.integers(-50, 50).filter(lambda v: v != 0),
)
def test_integer_floor_division_and_remainder_satisfy_python(a, b):
    quotient, rest = (ints(a) // b).data, (ints(a) % b).data
    assert quotient.tolist() == [v // b for v in a] and rest.tolist() == [v % b for v in a]
    np.testing.assert_array_equal(quotient * b + rest, a)


# ---------------------------------------------------------------------- bitwise
BITWISE = {
    "&": (operator.and_, np.bitwise_and, "bitwise_and"),
    "|": (operator.or_, np.bitwise_or, "bitwise_or"),
    "^": (operator.xor, np.bitwise_xor, "bitwise_xor"),
}


@pytest.mark.parametrize("symbol", sorted(BITWISE))
def test_bitwise_operators_methods_and_functions_agree_with_numpy(symbol):
    python_op, numpy_op, name = BITWISE[symbol]
    expected = numpy_op(A, B)
    np.testing.assert_array_equal(python_op(ints(A), ints(B)).data, expected)
    np.testing.assert_array_equal(python_op(ints(A), 6).data, numpy_op(A, 6))
    np.testing.assert_array_equal(python_op(6, ints(A)).data, numpy_op(6, A))
    np.testing.assert_array_equal(getattr(ints(A), name)(ints(B)).data, expected)
    np.testing.assert_array_equal(getattr(autograd, name)(ints(A), ints(B)).data, expected)
    inplace = ints(A)
    getattr(inplace, name + "_")(ints(B))
    np.testing.assert_array_equal(inplace.data, expected)


def test_bitwise_operators_on_bools_stay_bool():
    t, f = Tensor([True, True, False]), Tensor([True, False, False])
    assert (t & f).data.tolist() == [True, False, False] and (t & f).dtype == np.bool_
    assert (t | f).data.tolist() == [True, True, False]
    assert (~t).data.tolist() == [False, False, True]


def test_invert_and_bitwise_not():
    np.testing.assert_array_equal((~ints([0, 5, -1])).data, [-1, -6, 0])
    np.testing.assert_array_equal(autograd.bitwise_not(ints([0])).data, [-1])


def test_shifts_both_sides_and_past_the_bit_width():
    np.testing.assert_array_equal((ints([1, 3]) << 2).data, [4, 12])
    np.testing.assert_array_equal((1 << ints([1, 3])).data, [2, 8])
    np.testing.assert_array_equal((ints([-8, 8]) >> 1).data, [-4, 4])
    assert (ints([1]) << 70).data.tolist() == [0]  # every bit shifted out, as PyTorch
    assert (ints([-8]) >> 100).data.tolist() == [-1]
    assert (ints([1]) >> -1).data.tolist() == [0]
    small = Tensor(np.array([1], dtype=np.int8))
    assert (small << 9).data.tolist() == [0] and (small << 9).dtype == np.int8


def test_inplace_shift_and_operators():
    x = ints([1, 2])
    x <<= 2
    x |= 1
    x ^= 3
    x &= 6
    x >>= 1
    x //= 1
    x %= 5
    assert x.data.tolist() == [3, 1] and x._version[0] == 7


@pytest.mark.parametrize(
    "operation",
    [lambda x: x & x, lambda x: x | 1, lambda x: 2 ^ x, lambda x: ~x, lambda x: x << 1],
)
def test_bitwise_ops_refuse_floats(operation):
    with pytest.raises(TypeError, match="integer"):
        operation(Tensor([1.0, 2.0]))


def test_shifts_refuse_bools():
    with pytest.raises(TypeError, match="only integer tensors"):
        Tensor([True]) << 1


def test_bitwise_with_an_int_narrower_than_the_number_wraps_as_pytorch():
    small = Tensor(np.array([3], dtype=np.int8))
    assert (small | 300).data.tolist() == [47] and (small | 300).dtype == np.int8


# ---------------------------------------------------------------------- logical
def test_logical_ops_take_any_dtype_and_give_bools():
    a, b = Tensor([1.0, 0.0, 2.0]), ints([0, 0, 3])
    assert a.logical_and(b).data.tolist() == [False, False, True]
    assert a.logical_or(b).data.tolist() == [True, False, True]
    assert autograd.logical_xor(a, b).data.tolist() == [True, False, False]
    assert autograd.logical_not(b).data.tolist() == [True, True, False]
    assert a.logical_and(b).dtype == np.bool_


def test_inplace_logical_op_keeps_the_tensors_dtype():
    x = Tensor([1.0, 0.0])
    x.logical_or_(Tensor([False, False]))
    assert x.data.tolist() == [1.0, 0.0] and x.dtype == np.float32


# ---------------------------------------------------------------------- comparisons
@pytest.mark.parametrize(
    "name, expected",
    [
        ("eq", [False, True, False]),
        ("ne", [True, False, True]),
        ("lt", [True, False, False]),
        ("le", [True, True, False]),
        ("gt", [False, False, True]),
        ("ge", [False, True, True]),
    ],
)
def test_comparison_methods_and_functions(name, expected):
    x = ints([1, 2, 3])
    assert getattr(x, name)(2.0).data.tolist() == expected
    assert getattr(autograd, name)(x, Tensor([2.0, 2.0, 2.0])).data.tolist() == expected
    assert getattr(autograd, name)(x, 2).dtype == np.bool_


def test_equal_compares_shapes_and_promoted_values():
    assert autograd.equal(ints([1, 2]), Tensor([1.0, 2.0]))
    assert not autograd.equal(Tensor([1.0]), Tensor([1.0, 1.0]))
    assert not Tensor([np.nan]).equal(Tensor([np.nan]))


def test_allclose_needs_the_same_dtype_as_pytorch():
    assert autograd.allclose(Tensor([1.0]), Tensor([1.0 + 1e-7]))
    assert Tensor([np.nan]).allclose(Tensor([np.nan]), equal_nan=True)
    with pytest.raises(RuntimeError, match="did not match"):
        autograd.allclose(ints([1]), Tensor([1.0]))


# ---------------------------------------------------------------------- nan_to_num, clamp
def test_nan_to_num_values_match_numpy():
    data = np.array([np.nan, np.inf, -np.inf, 1.5], dtype=np.float32)
    np.testing.assert_array_equal(Tensor(data).nan_to_num().data, np.nan_to_num(data))
    np.testing.assert_array_equal(
        autograd.nan_to_num(Tensor(data), nan=1.0, posinf=2.0, neginf=-2.0).data,
        [1.0, 2.0, -2.0, 1.5],
    )
    assert ints([1, 2]).nan_to_num().data.tolist() == [1, 2]


def test_nan_to_num_gradient_passes_where_finite():
    x = Tensor(np.array([np.nan, np.inf, 1.0, -np.inf]), requires_grad=True)
    x.nan_to_num().sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 1.0, 0.0])


def test_nan_to_num_gradcheck_and_forward_rule(leaf):
    assert autograd.gradcheck(lambda t: (t.nan_to_num() * t).sum(), [leaf(5)])
    x = Tensor(np.array([np.nan, 2.0]))
    _, tangent = autograd.functional.jvp(lambda t: t.nan_to_num(), x, Tensor(np.ones(2)))
    np.testing.assert_array_equal(tangent.data, [0.0, 1.0])


def test_clamp_is_clip_and_takes_tensor_bounds():
    assert Tensor.clamp is Tensor.clip
    x = Tensor([-2.0, 0.5, 3.0])
    low, high = Tensor([-1.0, 1.0, -1.0]), Tensor([1.0, 2.0, 2.0])
    np.testing.assert_array_equal(x.clamp(low, high).data, [-1.0, 1.0, 2.0])
    np.testing.assert_array_equal(x.clip(min=low).data, [-1.0, 1.0, 3.0])
