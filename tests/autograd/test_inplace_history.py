"""In-place ops on tensors in the graph rewrite their history, as PyTorch's do: the tensor
object stays the same (aliases and views see the new value), its grad_fn becomes the new op,
the new op takes the old value as its input, and an earlier op that reads the overwritten
value refuses backward. All in-place ops share one mechanism (``Tensor._inplace``)."""

import numpy as np
import pytest

import autograd
from autograd import Tensor, no_grad
from autograd.functional import jvp

MODIFIED = "modified in place"

# name -> (in-place change, the same out of place)
METHODS = {
    "+=": (lambda t, o: t.__iadd__(o), lambda t, o: t + o),
    "-=": (lambda t, o: t.__isub__(o), lambda t, o: t - o),
    "*=": (lambda t, o: t.__imul__(o), lambda t, o: t * o),
    "/=": (lambda t, o: t.__itruediv__(o), lambda t, o: t / o),
    "**=": (lambda t, o: t.__ipow__(o), lambda t, o: t**o),
    "add_": (lambda t, o: t.add_(o, alpha=2), lambda t, o: t + 2 * o),
    "sub_": (lambda t, o: t.sub_(o), lambda t, o: t - o),
    "mul_": (lambda t, o: t.mul_(o), lambda t, o: t * o),
    "div_": (lambda t, o: t.div_(o), lambda t, o: t / o),
    "pow_": (lambda t, o: t.pow_(o), lambda t, o: t**o),
    "neg_": (lambda t, o: t.neg_(), lambda t, o: -t),
    "clamp_": (lambda t, o: t.clamp_(0.8, 1.6), lambda t, o: t.clamp(0.8, 1.6)),
    "clip_": (lambda t, o: t.clip_(max=o), lambda t, o: t.clip(max=o)),
    "exp_": (lambda t, o: t.exp_(), lambda t, o: t.exp()),
    "log_": (lambda t, o: t.log_(), lambda t, o: t.log()),
    "sqrt_": (lambda t, o: t.sqrt_(), lambda t, o: t.sqrt()),
    "abs_": (lambda t, o: t.abs_(), lambda t, o: t.abs()),
    "relu_": (lambda t, o: t.relu_(), lambda t, o: t.relu()),
    "sigmoid_": (lambda t, o: t.sigmoid_(), lambda t, o: t.sigmoid()),
    "tanh_": (lambda t, o: t.tanh_(), lambda t, o: t.tanh()),
    "fill_": (lambda t, o: t.fill_(o.sum()), lambda t, o: t * 0 + o.sum()),
    "copy_": (lambda t, o: t.copy_(o), lambda t, o: t * 0 + o),
    "zero_": (lambda t, o: t.zero_(), lambda t, o: t * 0),
    "masked_fill_": (
        lambda t, o: t.masked_fill_(t.data > 1.2, 0.0),
        lambda t, o: t.masked_fill(t.data > 1.2, 0.0),
    ),
    "nan_to_num_": (lambda t, o: t.nan_to_num_(), lambda t, o: t.nan_to_num()),
}


def inputs(rng):
    x = Tensor(rng.uniform(0.5, 2.0, 4), requires_grad=True)
    other = Tensor(rng.uniform(0.5, 2.0, 4), requires_grad=True)
    return x, other


@pytest.mark.parametrize("name", sorted(METHODS))
def test_inplace_on_a_non_leaf_gives_the_out_of_place_value_and_gradients(name, rng):
    change, reference = METHODS[name]
    x, other = inputs(rng)
    y = x * 1.5
    alias = y
    result = change(y, other)
    assert result is y and alias is y
    (y * y).sum().backward()
    got = (y.data.copy(), x.grad.copy(), None if other.grad is None else other.grad.copy())
    x.grad = other.grad = None
    expected_y = reference(x * 1.5, other)
    (expected_y * expected_y).sum().backward()
    np.testing.assert_allclose(got[0], expected_y.data)
    np.testing.assert_allclose(got[1], x.grad)
    if other.grad is None:
        assert got[2] is None
    else:
        np.testing.assert_allclose(got[2], other.grad)


@pytest.mark.parametrize("name", ["+=", "*=", "/=", "pow_", "clamp_", "tanh_", "copy_"])
def test_inplace_ops_pass_gradcheck(name, leaf):
    change, _ = METHODS[name]

    def function(x, other):
        y = x * 1.0
        change(y, other)
        return y * x

    assert autograd.gradcheck(function, [leaf(4, low=0.5, high=2.0), leaf(4, low=0.5, high=2.0)])


def test_grad_fn_becomes_the_new_op():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    y.mul_(2.0)
    assert y.grad_fn.name == "mul"
    y.sigmoid_()
    assert y.grad_fn.name == "sigmoid"


def test_a_view_sees_the_new_value():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    seen = y.detach()
    y += 10.0
    np.testing.assert_array_equal(seen.data, [11.0, 12.0, 13.0])


def test_inplace_on_a_slice_view_rewrites_its_base_too():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    view = y[0:2]
    view.mul_(3.0)
    np.testing.assert_array_equal(y.data, [3.0, 6.0, 3.0])
    (y * y).sum().backward()
    np.testing.assert_allclose(x.grad, [18.0, 36.0, 6.0])  # d (9 x^2) = 18 x where scaled


def test_augmented_assignment_into_a_slice_of_a_non_leaf():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    y[1:] += x[:2] * 3
    y.sum().backward()
    np.testing.assert_allclose(x.grad, [5.0, 5.0, 2.0])


def test_inplace_on_a_reshape_view_of_a_graph_tensor_is_refused():
    y = Tensor([1.0, 2.0], requires_grad=True) * 1
    with pytest.raises(RuntimeError, match=r"view made by 'reshape'.*clone"):
        y.reshape(2, 1).mul_(2.0)


def test_a_constant_buffer_updated_with_a_tensor_that_requires_grad_joins_the_graph():
    w = Tensor([2.0, 3.0], requires_grad=True)
    buffer = Tensor(np.zeros(2))
    buffer += w
    buffer *= w
    assert not buffer.is_leaf and buffer.requires_grad
    buffer.sum().backward()
    np.testing.assert_allclose(w.grad, [4.0, 6.0])


# ---------------------------------------------------------------------- what refuses
def test_an_earlier_op_that_read_the_overwritten_value_refuses_backward():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    z = y.sin()  # sin reads y
    y += 1.0
    with pytest.raises(RuntimeError, match=r"input 0 .*of 'sin' was modified in place"):
        z.sum().backward()


def test_an_earlier_op_that_did_not_read_the_value_is_fine():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    z = y * 3.0 + y  # mul by a constant reads only the constant
    y += 1.0
    (z * 2).sum().backward()
    np.testing.assert_allclose(x.grad, [8.0, 8.0])


def test_overwriting_an_output_that_its_op_reads_refuses_backward():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    y += 1.0
    with pytest.raises(RuntimeError, match=r"output .*of 'exp' was modified in place"):
        y.sum().backward()


def test_overwriting_the_output_of_an_inplace_op_that_reads_it_refuses_backward():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    y.exp_()  # fine alone
    y.mul_(2.0)
    with pytest.raises(RuntimeError, match=r"of 'exp' was modified in place"):
        y.sum().backward()


def test_inplace_on_a_leaf_that_requires_grad_raises_pytorchs_error():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used"):
        x.add_(1.0)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        x[0:1].mul_(2.0)
    assert x.data.tolist() == [1.0, 2.0] and x._version[0] == 0


def test_under_no_grad_anything_may_change_in_place():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        x.mul_(3.0).add_(1.0)
        x.clamp_(max=5.0)
    assert x.data.tolist() == [4.0, 5.0] and x.is_leaf and x._version[0] == 3


def test_an_inplace_result_keeps_the_tensors_dtype_and_shape():
    x = Tensor(np.ones(3, dtype=np.float32))
    x += Tensor(np.ones(3))  # float64 result written into float32
    assert x.dtype == np.float32
    with pytest.raises(RuntimeError, match="can't be cast to the desired output type"):
        Tensor(np.array([1, 2])).add_(0.5)
    with pytest.raises(ValueError, match="doesn't match the broadcast shape"):
        Tensor(np.ones(3)).add_(Tensor(np.ones((2, 3))))


def test_failed_inplace_change_leaves_the_tensor_alone():
    y = Tensor([1.0, 2.0], requires_grad=True) * 1
    op, version = y.grad_fn, y._version[0]
    with pytest.raises(ValueError):
        y.add_(Tensor(np.ones((2, 2))))
    assert y.grad_fn is op and y._version[0] == version and y.data.tolist() == [1.0, 2.0]


# ---------------------------------------------------------------------- forward mode
def test_inplace_ops_carry_forward_mode_tangents():
    def function(x):
        y = x * 1
        y.mul_(x)
        y += 2 * x
        y[0] = x[1] * 5
        return y

    x = Tensor(np.array([1.0, 2.0, 3.0]))
    out, tangent = jvp(function, x, Tensor(np.ones(3)))
    np.testing.assert_allclose(out.data, [10.0, 8.0, 15.0])
    np.testing.assert_allclose(tangent.data, [5.0, 6.0, 8.0])  # 2x + 2; 5 where written


# ---------------------------------------------------------------------- release
def test_a_graph_that_saved_nothing_may_be_backpropagated_twice():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x + 1).reshape(2, 1).sum()
    y.backward()
    y.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


def test_a_graph_that_saved_values_still_refuses_a_second_backward():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="a second time"):
        y.backward()
