"""No silently wrong gradient: each case here once gave a wrong answer without a word.

Each test is one behaviour, checked against PyTorch's answer (written out as numbers).
"""

import numpy as np
import pytest

import autograd
from autograd import Tensor, no_grad


# --------------------------------------------------------------- values are captured when used
def test_numpy_index_array_changed_after_the_forward_does_not_change_the_gradient():
    index = np.array([0, 1])
    x = Tensor(np.ones(3), requires_grad=True)
    y = x[index].sum()
    index[:] = 2
    y.backward()
    np.testing.assert_array_equal(x.grad, [1.0, 1.0, 0.0])


def test_numpy_operand_changed_after_the_forward_does_not_change_the_gradient():
    operand = np.ones(3)
    w = Tensor(np.ones(3), requires_grad=True)
    y = (w * operand).sum()
    operand[:] = 5
    y.backward()
    np.testing.assert_array_equal(w.grad, [1.0, 1.0, 1.0])


def test_numpy_where_condition_changed_after_the_forward_does_not_change_the_gradient():
    condition = np.array([True, False])
    a = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    out = autograd.where(condition, a, 0.0)
    condition[:] = [False, True]
    out.sum().backward()
    np.testing.assert_array_equal(a.grad, [1.0, 0.0])


def test_clip_bound_array_changed_after_the_forward_does_not_change_the_gradient():
    low = np.array([0.0, 0.0])
    x = Tensor(np.array([1.0, -1.0]), requires_grad=True)
    y = x.clip(min=low).sum()
    low[:] = 5.0
    y.backward()
    np.testing.assert_array_equal(x.grad, [1.0, 0.0])


def test_tensor_made_from_an_array_does_not_share_it():
    source = np.array([1.0, 2.0])
    x = Tensor(source, requires_grad=True)
    y = (x * x).sum()
    source[:] = 10.0
    y.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0])


def test_numpy_array_of_a_tensor_is_a_copy_and_asarray_shares():
    x = Tensor(np.array([1.0, 2.0]))
    np.array(x)[0] = 9.0
    assert x.data[0] == 1.0
    np.asarray(x)[0] = 9.0
    assert x.data[0] == 9.0


# --------------------------------------------------------------- masks select, not multiply
@pytest.mark.parametrize(
    ("name", "function"),
    [
        ("relu then sqrt", lambda x: x.relu().sqrt()),
        ("clip then sqrt", lambda x: x.clip(min=0.0).sqrt()),
        ("maximum then sqrt", lambda x: autograd.maximum(x, 0.0).sqrt()),
        ("relu then log", lambda x: x.relu().log()),
    ],
)
def test_masked_backward_gives_zero_where_the_input_was_masked(name, function):
    x = Tensor(np.array([-1.0, -2.0]), requires_grad=True)
    function(x).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0], err_msg=name)


def test_std_of_a_constant_row_has_gradient_zero():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    x.std(axis=1).sum().backward()
    np.testing.assert_array_equal(x.grad, np.zeros((2, 3)))


def test_power_zero_at_zero_has_gradient_zero():
    x = Tensor(np.zeros(2), requires_grad=True)
    (x**0).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])


def test_max_reduction_sends_zero_not_nan_to_the_losers_of_an_infinite_gradient():
    x = Tensor(np.array([0.0, -1.0]), requires_grad=True)
    x.max().sqrt().backward()  # sqrt'(0) = inf reaches the max
    assert x.grad[1] == 0.0


# --------------------------------------------------------------- float16
def test_mean_of_many_float16_values_has_the_right_gradient():
    x = Tensor(np.ones(70_000, dtype=np.float16), requires_grad=True)
    x.mean().backward()
    assert x.grad.dtype == np.float16
    np.testing.assert_allclose(x.grad[:3], 1 / 70_000, rtol=1e-2)


# --------------------------------------------------------------- versions belong to memory
def test_writing_into_a_reshape_that_copied_does_not_touch_its_source():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    y = x.exp()  # exp's backward reads its output y
    with no_grad():
        copied = y.transpose(0, 1).reshape(-1)  # not contiguous: reshape copies
    copied[0] = 5.0
    y.sum().backward()
    np.testing.assert_allclose(x.grad, np.exp(np.ones((2, 3))))


# --------------------------------------------------------------- a failed pass changes nothing
def test_a_hook_that_raises_leaves_the_graph_whole_for_a_second_try():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x * 3

    def broken(grad):
        raise ValueError("hook failed")

    handle = y.register_hook(broken)
    loss = (y * y).sum()
    with pytest.raises(ValueError, match="hook failed"):
        loss.backward()
    handle.remove()
    loss.backward()  # nothing was released by the failed pass
    np.testing.assert_allclose(x.grad, [18.0, 36.0])


def test_clip_accepts_tensor_and_array_bounds():
    x = Tensor(np.array([-2.0, 0.5, 3.0]), requires_grad=True)
    y = x.clip(min=Tensor(np.array([-1.0, 0.0, 0.0])), max=np.array([1.0, 1.0, 1.0]))
    y.sum().backward()
    np.testing.assert_array_equal(y.data, [-1.0, 0.5, 1.0])
    np.testing.assert_array_equal(x.grad, [0.0, 1.0, 0.0])


def test_clip_bound_that_does_not_broadcast_is_a_clear_error():
    x = Tensor(np.zeros(3))
    with pytest.raises(ValueError, match=r"clip: cannot broadcast a tensor of shape \(2,\)"):
        x.clip(min=np.zeros(2))


# --------------------------------------------------------------- empty tensors, as PyTorch
def test_mean_of_an_empty_tensor_is_nan_and_its_gradient_is_empty():
    x = Tensor(np.zeros((0, 3)), requires_grad=True)
    y = x.mean()
    assert np.isnan(y.item())
    y.backward()
    assert x.grad.shape == (0, 3)


def test_mean_over_an_empty_axis_is_nan_per_column():
    x = Tensor(np.zeros((0, 3)))
    assert np.isnan(x.mean(axis=0).data).all()
    assert x.mean(axis=0).shape == (3,)


@pytest.mark.parametrize("reduction", ["sum", "mean", "max", "min"])
def test_reducing_the_non_empty_axis_of_an_empty_tensor_gives_an_empty_result(reduction):
    x = Tensor(np.zeros((0, 3)), requires_grad=True)
    y = getattr(x, reduction)(axis=1)
    assert y.shape == (0,)
    y.sum().backward()
    assert x.grad.shape == (0, 3)


def test_max_over_an_axis_of_size_zero_is_a_clear_error():
    with pytest.raises(
        ValueError, match=r"max: cannot reduce an empty tensor of shape \(0, 3\) over axis 0"
    ):
        Tensor(np.zeros((0, 3))).max(axis=0)


# --------------------------------------------------------------- clear errors, not NumPy's
def test_expand_with_minus_one_for_a_new_dimension_is_a_clear_error():
    with pytest.raises(ValueError, match=r"expand: -1 is not allowed for a new leading dimension"):
        Tensor(np.ones(3)).expand(-1, 3)


def test_grad_accepts_a_numpy_scalar_as_grad_outputs():
    w = Tensor(np.array(2.0), requires_grad=True)
    (value,) = autograd.grad(w * w, w, grad_outputs=np.float64(2))
    assert value.item() == 8.0


# --------------------------------------------------------------- recorded assignment (buf[i] = t)
def test_writing_a_tensor_that_requires_grad_into_a_buffer_keeps_its_path():
    w = Tensor(np.array(2.0), requires_grad=True)
    buffer = Tensor(np.zeros(3))
    buffer[0] = (w * 3).sum()
    (buffer.sum() + (w * w).sum()).backward()
    assert w.grad == 7.0  # 3 + 2 w, as PyTorch (the path through the buffer is not dropped)


def test_an_rnn_written_into_a_buffer_has_the_gradient_of_the_same_rnn_stacked():
    def run(write_into_buffer):
        w = Tensor(np.array(0.5), requires_grad=True)
        x = Tensor(np.array(1.0))
        if write_into_buffer:
            states = Tensor(np.zeros(4))
            for step in range(1, 4):
                states[step] = (states[step - 1] * w + x).tanh()
        else:
            steps = [Tensor(np.array(0.0))]
            for _ in range(3):
                steps.append((steps[-1] * w + x).tanh())
            states = autograd.stack(steps)
        states.sum().backward()
        return w.grad

    np.testing.assert_allclose(run(True), run(False), rtol=1e-12)


def test_an_op_that_used_the_buffer_before_the_write_sends_its_gradient_to_the_old_buffer():
    w = Tensor(np.array(2.0), requires_grad=True)
    buffer = Tensor(np.zeros(3))
    earlier = buffer + 1  # made before the write: it does not depend on w
    buffer[1] = w * 5
    (earlier.sum() + buffer.sum()).backward()
    assert w.grad == 5.0


def test_the_rest_of_a_buffer_in_the_graph_gets_the_gradient_outside_the_written_slot():
    x = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    w = Tensor(np.array(4.0), requires_grad=True)
    y = x * 2
    y[1] = w
    (y * y).sum().backward()
    np.testing.assert_array_equal(x.grad, [8.0, 0.0, 24.0])
    assert w.grad == 8.0


def test_writing_a_tensor_that_requires_grad_into_a_leaf_that_requires_grad_raises():
    leaf = Tensor(np.zeros(3), requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used"):
        leaf[0] = Tensor(np.array(1.0), requires_grad=True) * 2


def test_writing_a_tensor_that_requires_grad_into_an_integer_tensor_is_a_clear_error():
    counts = Tensor(np.zeros(3, dtype=np.int64))
    with pytest.raises(TypeError, match="cannot be written into a tensor of dtype int64"):
        counts[0] = Tensor(np.array(1.0), requires_grad=True) * 2


@pytest.mark.parametrize(
    "index", [1, slice(0, 2), (np.array([0, 2]),)], ids=["int", "slice", "array"]
)
def test_recorded_assignment_passes_gradcheck(index):
    rng = np.random.default_rng(3)
    x = Tensor(rng.standard_normal(3), requires_grad=True)
    value = Tensor(rng.standard_normal(np.zeros(3)[index].shape), requires_grad=True)

    def written(base, part):
        out = base * 1.5
        out[index] = part * part
        return out * base

    assert autograd.gradcheck(written, [x, value])


def test_mse_loss_of_a_float16_image_has_the_right_gradient():
    import nn

    prediction = Tensor(np.ones((1, 3, 160, 160), dtype=np.float16), requires_grad=True)
    target = Tensor(np.zeros((1, 3, 160, 160), dtype=np.float16))  # 76,800 values
    nn.functional.mse_loss(prediction, target).backward()
    np.testing.assert_allclose(prediction.grad[0, 0, 0, :2], 2 / 76_800, rtol=1e-2)
