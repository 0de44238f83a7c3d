"""The reverse pass: accumulation, graph release, grad mode, graph shapes, memory."""

import gc
import threading
import weakref

import numpy as np
import pytest

import autograd
from autograd import Tensor, enable_grad, no_grad


# ---------------------------------------------------------------- accumulation into .grad
def test_leaf_grad_accumulates_across_backward_calls():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (x * 3).sum().backward()
    (x * 4).sum().backward()
    np.testing.assert_array_equal(x.grad, [7.0, 7.0])


def test_zero_grad_resets_the_leaf_grad():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (x * 3).sum().backward()
    x.zero_grad()
    assert x.grad is None


def test_backward_with_an_explicit_upstream_gradient():
    x = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    (x * 2).backward(np.array([1.0, 10.0, 100.0]))
    np.testing.assert_array_equal(x.grad, [2.0, 20.0, 200.0])


def test_backward_on_a_leaf_sets_its_grad_to_ones():
    x = Tensor(np.array(5.0), requires_grad=True)
    x.backward()
    assert x.grad == 1.0


def test_backward_on_a_single_element_non_scalar_needs_no_grad():
    x = Tensor(np.array([[2.0]]), requires_grad=True)
    (x * x).backward()
    np.testing.assert_array_equal(x.grad, [[4.0]])


def test_grad_is_not_aliased_to_the_upstream_gradient():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    upstream = np.array([1.0, 1.0])
    (x + 0).backward(upstream)
    x.grad += 1
    np.testing.assert_array_equal(upstream, [1.0, 1.0])


# ---------------------------------------------------------------- retain_graph
def test_second_backward_without_retain_graph_raises():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match=r"retain_graph=True"):
        y.backward()


def test_retain_graph_allows_a_second_backward():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_array_equal(x.grad, [4.0, 8.0])


def test_released_graph_keeps_its_structure_for_drawing():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = (x * x).sum()
    y.backward()
    assert y.grad_fn.name == "sum"
    assert y.grad_fn.inputs[0].grad_fn.name == "mul"


# ---------------------------------------------------------------- grad mode
def test_no_grad_context_stops_recording():
    x = Tensor(np.array([1.0]), requires_grad=True)
    with no_grad():
        y = x * 2
    assert not y.requires_grad and y.grad_fn is None
    assert (x * 2).requires_grad


def test_no_grad_as_a_decorator():
    x = Tensor(np.array([1.0]), requires_grad=True)

    @no_grad()
    def double(tensor):
        return tensor * 2

    assert not double(x).requires_grad
    assert autograd.is_grad_enabled()


def test_no_grad_as_a_bare_decorator():
    x = Tensor(np.array([1.0]), requires_grad=True)

    @no_grad
    def double(tensor):
        return tensor * 2

    assert not double(x).requires_grad
    assert autograd.is_grad_enabled()


def test_enable_grad_inside_no_grad_records_again():
    x = Tensor(np.array([1.0]), requires_grad=True)
    with no_grad():
        with enable_grad():
            y = x * 2
        z = x * 2
    assert y.requires_grad and not z.requires_grad


def test_enable_grad_as_a_decorator():
    x = Tensor(np.array([1.0]), requires_grad=True)

    @enable_grad()
    def double(tensor):
        return tensor * 2

    with no_grad():
        assert double(x).requires_grad


def test_grad_mode_is_restored_after_an_exception():
    with pytest.raises(ZeroDivisionError), no_grad():
        1 / 0
    assert autograd.is_grad_enabled()


def test_no_grad_in_one_thread_does_not_leak_into_another():
    inside_no_grad = threading.Event()
    other_done = threading.Event()
    seen = {}

    def worker_in_no_grad():
        with no_grad():
            inside_no_grad.set()
            other_done.wait(timeout=10)
            seen["worker"] = autograd.is_grad_enabled()

    def other_worker():
        inside_no_grad.wait(timeout=10)
        x = Tensor(np.array([1.0]), requires_grad=True)
        seen["other"] = (x * 2).requires_grad
        other_done.set()

    threads = [threading.Thread(target=worker_in_no_grad), threading.Thread(target=other_worker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert seen == {"worker": False, "other": True}


def test_set_grad_enabled_switches_recording():
    x = Tensor(np.array([1.0]), requires_grad=True)
    with autograd.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    with autograd.set_grad_enabled(True):
        assert (x * 2).requires_grad


# ---------------------------------------------------------------- detach, leaves, retain_grad
def test_detach_cuts_the_graph_and_shares_data():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x * 2
    d = y.detach()
    assert d.is_leaf and not d.requires_grad and d.grad_fn is None
    assert np.shares_memory(d.data, y.data)


def test_gradient_does_not_flow_through_detach():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (x * x.detach()).sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 2.0])


def test_is_leaf_and_grad_fn():
    x = Tensor(np.array([1.0]), requires_grad=True)
    y = x.exp()
    assert x.is_leaf and x.grad_fn is None
    assert not y.is_leaf and y.grad_fn.name == "exp" and y.grad_fn.inputs == (x,)


def test_non_leaf_grad_stays_none_without_retain_grad():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x * 2
    y.sum().backward()
    assert y.grad is None


def test_retain_grad_keeps_a_non_leaf_gradient():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = (x * 2).retain_grad()
    (y * y).sum().backward()
    np.testing.assert_array_equal(y.grad, [4.0, 8.0])
    np.testing.assert_array_equal(x.grad, [8.0, 16.0])


def test_register_hook_can_replace_the_gradient():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x * 2
    y.register_hook(lambda grad: grad * 10)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [20.0, 20.0])


def test_constants_get_no_grad():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    c = Tensor(np.array([3.0, 4.0]))
    (x * c).sum().backward()
    assert c.grad is None


# ---------------------------------------------------------------- graph shapes
def test_tensor_times_itself():
    x = Tensor(np.array(3.0), requires_grad=True)
    (x * x).backward()
    assert x.grad == 6.0


def test_tensor_used_by_two_ops():
    x = Tensor(np.array(2.0), requires_grad=True)
    (x.exp() + x * 3).backward()
    assert np.isclose(x.grad, np.exp(2.0) + 3.0)


def test_diamond_accumulates_both_paths():
    x = Tensor(np.array(2.0), requires_grad=True)
    shared = x * 3  # used by both branches
    left, right = shared * shared, shared.exp()
    (left + right).backward()
    # d/dx [(3x)^2 + exp(3x)] = 18x + 3 exp(3x)
    assert np.isclose(x.grad, 18 * 2.0 + 3 * np.exp(6.0))


def test_the_same_leaf_at_many_depths():
    x = Tensor(np.array(1.5), requires_grad=True)
    y = x
    for _ in range(4):
        y = y * x  # x^5
    y.backward()
    assert np.isclose(x.grad, 5 * 1.5**4)


def test_long_chain_backpropagates_without_recursion_error():
    x = Tensor(np.array(1.0), requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y + 1.0
    y.backward()
    assert x.grad == 1.0


def test_unused_branch_gets_no_gradient():
    x = Tensor(np.array([1.0]), requires_grad=True)
    unused = Tensor(np.array([1.0]), requires_grad=True)
    _ = unused * 2
    (x * 2).sum().backward()
    assert unused.grad is None


# ---------------------------------------------------------------- in-place changes
def test_setitem_works_on_a_tensor_not_requiring_grad():
    x = Tensor(np.zeros(3))
    x[1] = 5.0
    np.testing.assert_array_equal(x.data, [0.0, 5.0, 0.0])


def test_setitem_raises_on_a_tensor_requiring_grad():
    x = Tensor(np.zeros(3), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"__setitem__.*requires grad"):
        x[1] = 5.0


def test_parameter_update_under_no_grad_is_allowed():
    w = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (w * w).sum().backward()
    with no_grad():
        w -= 0.5 * Tensor(w.grad)
    np.testing.assert_array_equal(w.data, [0.0, 0.0])


def test_backward_after_an_in_place_change_of_a_saved_input_raises():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x * 2
    z = (y * y).sum()
    with no_grad():
        y += 1
    with pytest.raises(RuntimeError, match="modified in place"):
        z.backward()


def test_changing_a_copy_made_by_advanced_indexing_leaves_the_source_intact():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    hidden = x * 2
    out = (hidden * hidden).sum()
    with no_grad():
        picked = hidden[:, [0, 1]]  # a copy, not a view: changing it changes nothing else
        picked += 1
    out.backward()
    np.testing.assert_array_equal(x.grad, np.full((2, 3), 8.0))


def test_changing_a_basic_slice_view_counts_as_changing_the_source():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    hidden = x * 2
    out = (hidden * hidden).sum()
    with no_grad():
        view = hidden[:, :2]
        view += 1
    with pytest.raises(RuntimeError, match="modified in place"):
        out.backward()


# ---------------------------------------------------------------- autograd.grad
def test_grad_returns_a_tuple_of_tensors():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    result = autograd.grad((x * x).sum(), [x])
    assert isinstance(result, tuple) and len(result) == 1
    assert isinstance(result[0], Tensor)
    np.testing.assert_array_equal(result[0].data, [2.0, 4.0])


def test_grad_does_not_touch_dot_grad():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    autograd.grad((x * x).sum(), [x])
    assert x.grad is None


def test_grad_does_not_touch_a_retained_non_leaf_grad():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = (x * 2).retain_grad()
    autograd.grad((y * y).sum(), [x])
    assert y.grad is None


def test_grad_with_respect_to_an_intermediate_tensor():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x * 3
    (dy,) = autograd.grad((y * y).sum(), [y])
    np.testing.assert_array_equal(dy.data, [6.0, 12.0])


def test_grad_of_an_unused_input_raises_unless_allowed():
    x = Tensor(np.array([1.0]), requires_grad=True)
    unused = Tensor(np.array([1.0]), requires_grad=True)
    out = (x * 2).sum()
    with pytest.raises(RuntimeError, match="allow_unused=True"):
        autograd.grad(out, [x, unused], retain_graph=True)
    gx, gunused = autograd.grad(out, [x, unused], allow_unused=True)
    assert gunused is None and gx.data[0] == 2.0


def test_grad_of_several_outputs_sums_them():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (gx,) = autograd.grad([(x * x).sum(), (x * 3).sum()], [x])
    np.testing.assert_array_equal(gx.data, [5.0, 7.0])


def test_grad_with_grad_outputs():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (gx,) = autograd.grad(x * x, [x], grad_outputs=np.array([1.0, 10.0]))
    np.testing.assert_array_equal(gx.data, [2.0, 40.0])


def test_grad_without_create_graph_is_not_differentiable():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (gx,) = autograd.grad((x * x).sum(), [x])
    assert not gx.requires_grad


# ---------------------------------------------------------------- memory
def test_graph_has_no_reference_cycles():
    gc.collect()
    gc.disable()
    try:
        x = Tensor(np.ones(3), requires_grad=True)
        weight = Tensor(np.ones(3), requires_grad=True)
        hidden = (x * weight).exp()
        out = (hidden * hidden).sum()
        out.backward()
        hidden_ref, weight_ref = weakref.ref(hidden), weakref.ref(weight)
        del hidden, weight  # the graph (through `out`) is now the only holder
        assert hidden_ref() is not None and weight_ref() is not None
        del out
        assert hidden_ref() is None, "an intermediate tensor outlived its graph"
        assert weight_ref() is None, "a leaf held only by the graph outlived it"
    finally:
        gc.enable()


def test_graph_without_backward_has_no_reference_cycles():
    gc.collect()
    gc.disable()
    try:
        x = Tensor(np.ones((2, 3)), requires_grad=True)
        hidden = x.softmax(axis=1)
        out = hidden[0].max() + hidden.log_softmax().mean()
        hidden_ref = weakref.ref(hidden)
        del hidden, out
        assert hidden_ref() is None
    finally:
        gc.enable()


# ---------------------------------------------------------------- non-differentiable results
def test_comparisons_return_bool_tensors_without_grad():
    x = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    for result in (x > 2, x >= 2, x < 2, x <= 2, x == 2, x != 2):
        assert isinstance(result, Tensor)
        assert result.dtype == np.bool_ and not result.requires_grad
    np.testing.assert_array_equal((x > 1.5).data, [False, True, True])


def test_argmax_has_no_grad():
    x = Tensor(np.array([[1.0, 5.0], [7.0, 2.0]]), requires_grad=True)
    result = x.argmax(axis=1)
    assert not result.requires_grad and result.dtype.kind == "i"
    np.testing.assert_array_equal(result.data, [1, 0])
    np.testing.assert_array_equal(x.argmin(axis=1).data, [0, 1])


# ---------------------------------------------------------------- no shared gradient arrays
def test_two_leaves_of_one_add_get_independent_grad_arrays():
    a = Tensor(np.zeros(3), requires_grad=True)
    b = Tensor(np.zeros(3), requires_grad=True)
    (a + b).sum().backward()
    a.grad += 10
    np.testing.assert_array_equal(b.grad, [1.0, 1.0, 1.0])


def test_accumulating_into_one_leaf_grad_leaves_the_other_alone():
    a = Tensor(np.zeros(3), requires_grad=True)
    b = Tensor(np.zeros(3), requires_grad=True)
    (a + b).sum().backward()
    (a * 2).sum().backward()
    np.testing.assert_array_equal(a.grad, [3.0, 3.0, 3.0])
    np.testing.assert_array_equal(b.grad, [1.0, 1.0, 1.0])


def test_the_callers_upstream_gradient_is_never_written_into():
    x = Tensor(np.zeros(3), requires_grad=True)
    hidden = x + 0
    upstream = np.array([1.0, 2.0, 3.0])
    (hidden + hidden + x).backward(upstream)
    np.testing.assert_array_equal(upstream, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(x.grad, [3.0, 6.0, 9.0])


def test_a_retained_grad_is_not_changed_by_later_accumulation():
    x = Tensor(np.zeros(3), requires_grad=True)
    y = (x + 0).retain_grad()
    z = (y + 0).retain_grad()
    (z + z + y).sum().backward()
    np.testing.assert_array_equal(z.grad, [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(y.grad, [3.0, 3.0, 3.0])
    np.testing.assert_array_equal(x.grad, [3.0, 3.0, 3.0])


def test_a_gradient_seen_by_a_hook_is_not_changed_afterwards():
    x = Tensor(np.zeros(3), requires_grad=True)
    y = x + 0
    seen = []
    y.register_hook(lambda grad: seen.append(grad))
    (y + y + x).sum().backward()
    np.testing.assert_array_equal(seen[0].data, [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(x.grad, [3.0, 3.0, 3.0])


def test_edge_gradients_are_not_changed_by_later_accumulation():
    x = Tensor(np.zeros(3), requires_grad=True)
    y = x + 0
    out = (y + y).sum()
    out.backward()
    add = out.grad_fn.inputs[0].grad_fn
    np.testing.assert_array_equal(add.edge_grads[0], [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(add.edge_grads[1], [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(y.grad_fn.edge_grads[0], [2.0, 2.0, 2.0])


def test_grad_never_writes_into_grad_outputs():
    x = Tensor(np.zeros(3), requires_grad=True)
    hidden = x + 0
    upstream = np.ones(3)
    (gx,) = autograd.grad(hidden + hidden + x, [x], grad_outputs=upstream)
    np.testing.assert_array_equal(gx.data, [3.0, 3.0, 3.0])
    np.testing.assert_array_equal(upstream, [1.0, 1.0, 1.0])


def test_backward_twice_with_retain_graph_doubles_exactly(rng):
    x = Tensor(rng.standard_normal((3, 4)), requires_grad=True)
    hidden = x.tanh()
    out = (hidden * hidden + hidden.softmax(axis=1) + hidden[[0, 0, 2]].sum(axis=0)).sum()
    out.backward(retain_graph=True)
    first = x.grad.copy()
    out.backward()
    np.testing.assert_allclose(x.grad, 2 * first, rtol=1e-12)
