"""Matrix multiplication with NumPy's rules: 1-D operands and broadcast batch dimensions."""

import numpy as np
import pytest

import autograd
from autograd import Tensor, gradcheck
from autograd.ops import Linear

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


# ---------------------------------------------------------------------- the fused linear primitive
def _linear_inputs(rng, batch_shape=(4,), bias=True):
    x = Tensor(rng.standard_normal((*batch_shape, 3)), requires_grad=True)
    weight = Tensor(rng.standard_normal((2, 3)), requires_grad=True)
    inputs = [x, weight]
    if bias:
        inputs.append(Tensor(rng.standard_normal(2), requires_grad=True))
    return inputs


@pytest.mark.parametrize("batch_shape", [(4,), (2, 4), ()], ids=["matrix", "batched", "vector"])
@pytest.mark.parametrize("bias", [True, False], ids=["bias", "no-bias"])
def test_linear_primitive_passes_gradcheck(rng, batch_shape, bias):
    assert gradcheck(lambda *args: Linear.apply(*args), _linear_inputs(rng, batch_shape, bias))


def test_linear_primitive_equals_matmul_with_the_transposed_weight_plus_bias(rng):
    x, weight, bias = _linear_inputs(rng)
    np.testing.assert_allclose(
        Linear.apply(x, weight, bias).data, x.data @ weight.data.T + bias.data
    )


def test_linear_primitive_has_second_derivatives(rng):
    def weight_gradient(x, weight, bias):
        out = Linear.apply(x, weight, bias).tanh().sum()
        return autograd.grad(out, [weight], create_graph=True)[0]

    assert gradcheck(weight_gradient, _linear_inputs(rng))


def test_linear_primitive_gives_a_c_ordered_weight_gradient(rng):
    x, weight, bias = _linear_inputs(rng)
    Linear.apply(x, weight, bias).sum().backward()
    assert weight.grad.flags.c_contiguous and weight.grad.shape == weight.shape


def test_linear_primitive_names_the_shapes_when_they_do_not_fit(rng):
    with pytest.raises(
        ValueError,
        match=r"linear: input of shape \(4, 5\) does not fit a weight "
        r"of shape \(2, 3\)",
    ):
        Linear.apply(Tensor(np.ones((4, 5))), Tensor(np.ones((2, 3))))
    with pytest.raises(ValueError, match=r"linear: bias of shape \(3,\)"):
        Linear.apply(Tensor(np.ones((4, 3))), Tensor(np.ones((2, 3))), Tensor(np.ones(3)))
