"""Matrix multiplication with NumPy's rules: 1-D operands and broadcast batch dimensions."""
import numpy as np
import pytest

from autograd import Tensor, gradcheck

MATMUL_CASES = {
    "matrix @ matrix": ((3, 4), (4, 2)),
    "vector @ matrix": ((4,), (4, 2)),
    "matrix @ vector": ((3, 4), (4,)),
    "vector @ vector": ((4,), (4,)),
    "batched @ batched": ((5, 3, 4), (5, 4, 2)),
    "batched @ matrix": ((5, 3, 4), (4, 2)),
    "matrix @ batched": ((3, 4), (5, 4, 2)),
    "batch dims broadcast both ways": ((2, 1, 3, 4), (1, 5, 4, 2)),
    "vector @ batched": ((4,), (2, 4, 3)),
    "batched @ vector": ((2, 3, 4), (4,)),
}


@pytest.mark.parametrize("shape_a, shape_b", MATMUL_CASES.values(), ids=MATMUL_CASES.keys())
def test_matmul_gradient(leaf, shape_a, shape_b):
    assert gradcheck(lambda a, b: a @ b, [leaf(*shape_a), leaf(*shape_b)])


@pytest.mark.parametrize("shape_a, shape_b", MATMUL_CASES.values(), ids=MATMUL_CASES.keys())
def test_matmul_value_and_shape_match_numpy(rng, shape_a, shape_b):
    a, b = rng.standard_normal(shape_a), rng.standard_normal(shape_b)
    result = Tensor(a) @ Tensor(b)
    np.testing.assert_allclose(result.data, a @ b)
    assert result.shape == np.matmul(a, b).shape


def test_vector_dot_vector_is_a_scalar_that_backpropagates():
    a = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    b = Tensor(np.array([4.0, 5.0, 6.0]), requires_grad=True)
    out = a @ b
    assert out.shape == ()
    out.backward()
    np.testing.assert_array_equal(a.grad, [4.0, 5.0, 6.0])
    np.testing.assert_array_equal(b.grad, [1.0, 2.0, 3.0])


def test_matmul_with_a_numpy_array_on_either_side(leaf, rng):
    weights = rng.standard_normal((4, 3))
    assert gradcheck(lambda a: a @ weights, [leaf(2, 4)])
    assert gradcheck(lambda a: weights.T @ a, [leaf(4, 2)])


def test_matmul_gradient_formula():
    a = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]), requires_grad=True)
    b = Tensor(np.array([[5.0, 6.0], [7.0, 8.0]]), requires_grad=True)
    upstream = np.array([[1.0, 0.0], [0.0, 2.0]])
    (a @ b).backward(upstream)
    np.testing.assert_array_equal(a.grad, upstream @ b.data.T)
    np.testing.assert_array_equal(b.grad, a.data.T @ upstream)
