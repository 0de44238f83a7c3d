"""Construction, dtypes and the shape/dtype of gradients; repr and conversions."""

import numpy as np
import pytest

import autograd
from autograd import Tensor


def test_lists_and_numbers_default_to_float32():
    assert Tensor([1, 2, 3]).dtype == np.float32
    assert Tensor([[1.5], [2.5]]).dtype == np.float32
    assert Tensor(3).dtype == np.float32
    assert Tensor(2.5).shape == ()


def test_list_of_booleans_stays_boolean():
    assert Tensor([True, False]).dtype == np.bool_


def test_numpy_arrays_keep_their_dtype():
    for dtype in (np.float16, np.float32, np.float64, np.int32, np.int64, np.bool_):
        assert Tensor(np.zeros(2, dtype=dtype)).dtype == dtype


def test_explicit_dtype_wins():
    assert Tensor([1, 2], dtype=np.float64).dtype == np.float64
    assert Tensor(np.zeros(2, dtype=np.float32), dtype=np.float64).dtype == np.float64


def test_set_default_dtype_changes_what_lists_become(restore_default_dtype):
    autograd.set_default_dtype(np.float64)
    assert autograd.get_default_dtype() == np.float64
    assert Tensor([1.0, 2.0]).dtype == np.float64
    assert Tensor(1.0).dtype == np.float64
    assert Tensor(np.zeros(2, dtype=np.float32)).dtype == np.float32


def test_default_dtype_is_float32():
    assert autograd.get_default_dtype() == np.float32


def test_attributes():
    x = Tensor(np.zeros((2, 3)), requires_grad=True, name="weights")
    assert (x.shape, x.ndim, x.size, x.dtype) == ((2, 3), 2, 6, np.float64)
    assert x.requires_grad and x.is_leaf and x.name == "weights" and x.grad is None
    assert isinstance(x.data, np.ndarray)


def test_numpy_returns_the_data_and_item_a_python_number():
    x = Tensor(np.array([[2.5]]))
    assert x.numpy() is x.data
    value = x.item()
    assert value == 2.5 and isinstance(value, float)


def test_python_numbers_do_not_widen_the_tensor_dtype():
    x = Tensor(np.ones(2, dtype=np.float32), requires_grad=True)
    assert (x * 2.5).dtype == np.float32
    assert (1 - x).dtype == np.float32
    assert (x**2).dtype == np.float32


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_grad_has_the_shape_and_dtype_of_its_tensor(dtype):
    x = Tensor(np.ones((2, 1, 3), dtype=dtype), requires_grad=True)
    bias = Tensor(np.ones((4, 1), dtype=dtype), requires_grad=True)
    ((x + bias).softmax(axis=-1) * x).sum().backward()
    assert x.grad.shape == (2, 1, 3) and x.grad.dtype == dtype
    assert bias.grad.shape == (4, 1) and bias.grad.dtype == dtype


def test_float32_leaf_combined_with_a_float64_constant_gets_a_float32_grad():
    x = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    out = (x * np.array([1.0, 2.0, 3.0])).sum()  # float64 array: result is float64
    assert out.dtype == np.float64
    out.backward()
    assert x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad, [1.0, 2.0, 3.0])


def test_float32_leaf_mixed_with_a_float64_leaf_gets_a_float32_grad():
    x = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    y = Tensor(np.ones(3, dtype=np.float64), requires_grad=True)
    (x * y).sum().backward()  # matmul refuses mixed dtypes, as PyTorch
    assert x.grad.dtype == np.float32 and y.grad.dtype == np.float64


def test_float16_gradients_stay_float16():
    x = Tensor(np.ones(3, dtype=np.float16), requires_grad=True)
    (x * x).sum().backward()
    assert x.grad.dtype == np.float16


def test_integer_tensors_take_part_as_constants():
    x = Tensor(np.ones(3), requires_grad=True)
    (x * Tensor(np.array([1, 2, 3]))).sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 2.0, 3.0])


def test_repr_of_a_small_tensor_shows_values_and_grad_state():
    x = Tensor([1.0, 2.0], requires_grad=True)
    assert repr(x) == "Tensor([1., 2.], requires_grad=True)"
    assert repr(x * 2) == "Tensor([2., 4.], grad_fn=<mul>)"


def test_repr_shows_a_non_default_dtype_and_name():
    x = Tensor(np.array([1, 2]), name="ids")
    assert "dtype=int64" in repr(x) and "name='ids'" in repr(x)


def test_repr_of_a_large_tensor_is_a_short_summary():
    text = repr(Tensor(np.zeros((100, 100))))
    assert len(text) < 80
    assert "(100, 100)" in text and "float64" in text


def test_tensor_of_a_tensor_is_a_new_leaf_with_its_own_memory():
    # as torch.tensor(t): sharing would let an in-place change to one silently alter the
    # other without the version counter that guards saved values noticing
    x = Tensor(np.ones(2), requires_grad=True)
    y = Tensor(x)
    assert not np.shares_memory(y.data, x.data)
    np.testing.assert_array_equal(y.data, x.data)
    assert y.is_leaf and not y.requires_grad


def test_float_and_int_of_a_scalar_tensor():
    assert float(Tensor(2.5)) == 2.5 and int(Tensor(np.array(3))) == 3


def test_len_and_array_conversion():
    x = Tensor(np.arange(6.0).reshape(3, 2))
    assert len(x) == 3
    np.testing.assert_array_equal(np.asarray(x), x.data)
