"""In-place safety: every in-place change bumps the version counter shared by a tensor and its
views, and a backward that needs a value changed since it was saved raises instead of
returning a wrong gradient."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, no_grad

MODIFIED = r"modified in place"


def saved_leaf(values=(1.0, 2.0, 3.0), name=None):
    return Tensor(np.array(values), requires_grad=True, name=name)


# ---------------------------------------------------------------------- version counter
@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.__iadd__(1.0),
        lambda t: t.__isub__(1.0),
        lambda t: t.__imul__(2.0),
        lambda t: t.__itruediv__(2.0),
        lambda t: t.__setitem__(0, 5.0),
        lambda t: t.__setitem__(slice(None), Tensor(np.zeros(3))),
    ],
    ids=["+=", "-=", "*=", "/=", "setitem-int", "setitem-slice-tensor"],
)
def test_every_inplace_operator_bumps_the_version(change):
    tensor = Tensor(np.array([1.0, 2.0, 3.0]))
    before = tensor._version[0]
    change(tensor)
    assert tensor._version[0] == before + 1


@pytest.mark.parametrize(
    "make_view",
    [
        lambda t: t.reshape(3, 2),
        lambda t: t.transpose(),
        lambda t: t.T,
        lambda t: t[1:],
        lambda t: t[0],
        lambda t: t.detach(),
        lambda t: t.reshape(6)[::2],
    ],
    ids=["reshape", "transpose", "T", "slice", "int-index", "detach", "chain"],
)
def test_views_share_the_version_counter_with_their_base(make_view):
    base = Tensor(np.arange(6.0).reshape(2, 3))
    view = make_view(base)
    with no_grad():
        view *= 2.0
    assert base._version[0] == 1 and view._version is base._version


def test_advanced_indexing_makes_a_copy_with_its_own_counter():
    base = Tensor(np.arange(6.0))
    picked = base[np.array([0, 2])]
    picked += 1.0
    assert base._version[0] == 0 and base.data[0] == 0.0


def test_failed_inplace_operation_leaves_the_version_alone():
    tensor = Tensor(np.zeros(3))
    with pytest.raises(ValueError):
        tensor += np.ones(4)
    assert tensor._version[0] == 0


# ---------------------------------------------------------------------- leaves
@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.__iadd__(1.0),
        lambda t: t.__isub__(1.0),
        lambda t: t.__imul__(2.0),
        lambda t: t.__itruediv__(2.0),
        lambda t: t.__setitem__(0, 5.0),
    ],
    ids=["+=", "-=", "*=", "/=", "setitem"],
)
def test_inplace_on_a_leaf_requiring_grad_raises_in_grad_mode(change):
    leaf = saved_leaf()
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used"):
        change(leaf)
    assert leaf._version[0] == 0 and leaf.data.tolist() == [1.0, 2.0, 3.0]


def test_inplace_on_a_view_of_a_leaf_requiring_grad_raises_in_grad_mode():
    leaf = saved_leaf()
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        leaf[1:] *= 2.0


def test_inplace_on_a_leaf_is_allowed_under_no_grad():
    leaf = saved_leaf()
    with no_grad():
        leaf -= 1.0
    assert leaf.data.tolist() == [0.0, 1.0, 2.0] and leaf._version[0] == 1


# ---------------------------------------------------------------------- saved inputs
def test_backward_raises_when_a_saved_input_changed():
    x = saved_leaf(name="x")
    y = (x * x).sum()
    with no_grad():
        x += 1.0
    with pytest.raises(RuntimeError, match=MODIFIED) as info:
        y.backward()
    message = str(info.value)
    assert "'mul'" in message and "'x'" in message and "(shape (3,))" in message
    assert x.grad is None


def test_backward_raises_when_a_constant_operand_changed():
    x = saved_leaf()
    weight = Tensor(np.array([1.0, 2.0, 3.0]), name="weight")
    y = (x * weight).sum()
    weight[0] = 10.0
    with pytest.raises(RuntimeError, match=r"input 1 'weight'.*of 'mul'"):
        y.backward()


@pytest.mark.parametrize(
    "make_view",
    [
        lambda t: t.reshape(3, 1),
        lambda t: t.T,
        lambda t: t[:2],
        lambda t: t.detach(),
        lambda t: t.reshape(1, 3).transpose()[1:],
    ],
    ids=["reshape", "transpose", "slice", "detach", "chain"],
)
def test_backward_raises_when_a_saved_input_changed_through_a_view(make_view):
    x = saved_leaf()
    y = x.log().sum()
    view = make_view(x)
    with no_grad():
        view[...] = 7.0
    with pytest.raises(RuntimeError, match=r"of 'log' was modified in place"):
        y.backward()


def test_backward_raises_when_a_view_in_the_graph_is_changed_through_its_base():
    base = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]))
    x = saved_leaf((0.5, 0.5))
    row = base[0]  # a view: shares base's counter
    y = (row * x).sum()
    base[0, 0] = -1.0
    with pytest.raises(RuntimeError, match=r"input 0 .*of 'mul'"):
        y.backward()


@pytest.mark.parametrize(
    "build, name",
    [
        (lambda x: x.exp(), "exp"),
        (lambda x: x.sqrt(), "sqrt"),
        (lambda x: x.tanh(), "tanh"),
        (lambda x: x.sigmoid(), "sigmoid"),
        (lambda x: x.max(), "max"),
        (lambda x: 1.0 / x, "div"),
        (lambda x: x ** Tensor(np.array(2.0)), "pow"),
    ],
)
def test_backward_raises_when_a_saved_output_changed(build, name):
    x = saved_leaf()
    out = build(x)
    with no_grad():
        out *= 2.0
    with pytest.raises(RuntimeError, match=rf"output .*of '{name}' was modified in place"):
        out.sum().backward()
    assert x.grad is None


def test_backward_raises_when_a_saved_output_changed_through_a_view():
    x = saved_leaf()
    out = x.exp()
    view = out.reshape(3, 1)[1:]
    with no_grad():
        view[...] = 0.0
    with pytest.raises(RuntimeError, match=r"of 'exp' was modified in place"):
        out.sum().backward()


def test_inplace_change_on_an_input_of_an_op_that_saves_nothing_is_harmless():
    x = saved_leaf()
    shift = Tensor(np.ones(3))
    y = (x + shift).sum()  # add's backward needs no values
    shift += 5.0
    y.backward()
    np.testing.assert_array_equal(x.grad, np.ones(3))


def test_where_condition_changed_after_the_forward_does_not_change_the_gradient():
    condition = Tensor(np.array([True, False]))
    a = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    out = autograd.where(condition, a, 0.0)
    condition[0] = False
    out.sum().backward()
    np.testing.assert_array_equal(a.grad, [1.0, 0.0])


def test_index_tensor_changed_after_the_forward_does_not_change_the_gradient():
    index = Tensor(np.array([0, 0]))
    a = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    picked = a[index]
    index[1] = 1
    picked.sum().backward()
    np.testing.assert_array_equal(a.grad, [2.0, 0.0])


def test_change_after_backward_and_before_the_next_forward_is_fine():
    x = saved_leaf()
    (x * x).sum().backward()
    with no_grad():
        x -= 0.5 * Tensor(x.grad)
    x.grad = None
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad, 2 * np.zeros(3))


def test_grad_with_create_graph_also_refuses_a_changed_input():
    x = saved_leaf()
    y = (x**3).sum()
    with no_grad():
        x *= 2.0
    with pytest.raises(RuntimeError, match=MODIFIED):
        autograd.grad(y, [x], create_graph=True)


def test_nothing_is_accumulated_when_the_check_fails_halfway_down_the_graph():
    x = saved_leaf()
    w = saved_leaf((2.0, 2.0, 2.0))
    hidden = (x * w).tanh()
    loss = (hidden * hidden).sum() + (w * 3).sum()
    with no_grad():
        w += 1.0  # mul (x * w) and mul (w * 3) saved w
    with pytest.raises(RuntimeError, match=MODIFIED):
        loss.backward()
    assert x.grad is None and w.grad is None


# ---------------------------------------------------------------------- optimisers
def small_model():
    nn.init.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))


def batch():
    rng = np.random.default_rng(0)
    return Tensor(rng.standard_normal((5, 3)).astype(np.float32)), np.array([0, 1, 0, 1, 1])


@pytest.mark.parametrize(
    "make_optimizer",
    [
        lambda p: nn.optim.SGD(p, lr=0.1),
        lambda p: nn.optim.SGD(p, lr=0.1, momentum=0.9),
        lambda p: nn.optim.SGD(p, lr=0.1, weight_decay=0.01),
        lambda p: nn.optim.Adam(p, lr=0.01),
        lambda p: nn.optim.AdamW(p, lr=0.01),
    ],
    ids=["sgd", "sgd-momentum", "sgd-weight-decay", "adam", "adamw"],
)
def test_optimizer_step_bumps_every_updated_parameters_version(make_optimizer):
    model = small_model()
    optimizer = make_optimizer(model.parameters())
    x, target = batch()
    nn.functional.cross_entropy(model(x), target).backward()
    before = [p._version[0] for p in model.parameters()]
    optimizer.step()
    after = [p._version[0] for p in model.parameters()]
    assert all(new > old for old, new in zip(before, after, strict=True))


@pytest.mark.parametrize(
    "make_optimizer",
    [
        lambda p: nn.optim.SGD(p, lr=0.1),
        lambda p: nn.optim.Adam(p, lr=0.01),
    ],
    ids=["sgd", "adam"],
)
def test_second_backward_after_optimizer_step_raises(make_optimizer):
    model = small_model()
    optimizer = make_optimizer(model.parameters())
    x, target = batch()
    loss = nn.functional.cross_entropy(model(x), target)
    loss.backward(retain_graph=True)
    optimizer.step()
    with pytest.raises(RuntimeError, match=MODIFIED):
        loss.backward()


def test_parameter_without_grad_is_not_bumped_by_the_optimizer():
    model = small_model()
    optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
    before = [p._version[0] for p in model.parameters()]
    optimizer.step()  # no gradients yet: nothing changes
    assert [p._version[0] for p in model.parameters()] == before


def test_load_state_dict_bumps_versions_so_a_stale_graph_refuses_backward():
    model = small_model()
    x, target = batch()
    loss = nn.functional.cross_entropy(model(x), target)
    model.load_state_dict(small_model().state_dict())
    with pytest.raises(RuntimeError, match=MODIFIED):
        loss.backward()


def test_zero_grad_in_place_does_not_touch_parameter_versions():
    model = small_model()
    optimizer = nn.optim.SGD(model.parameters(), lr=0.1)
    x, target = batch()
    nn.functional.cross_entropy(model(x), target).backward()
    before = [p._version[0] for p in model.parameters()]
    optimizer.zero_grad(set_to_none=False)
    assert [p._version[0] for p in model.parameters()] == before


# ---------------------------------------------------------------------- every writer is seen
def _raw_write():
    weight = Tensor(np.array([[1.0, 2.0, 3.0]]), requires_grad=True)
    return weight, lambda: weight.data.__setitem__(0, 9.0) or weight._count_change()


def _init_write():
    weight = Tensor(np.array([[1.0, 2.0, 3.0]]), requires_grad=True)
    return weight, lambda: nn.init.constant_(weight, 0.5)


def _load_state_dict_write():
    layer = nn.Linear(3, 1, bias=False)
    return layer.weight, lambda: layer.load_state_dict({"weight": np.zeros((1, 3), np.float32)})


def _embedding_renorm_write():
    table = nn.Embedding(3, 1, max_norm=0.1)
    return table.weight, lambda: table(Tensor(np.array([0, 1, 2])))


@pytest.mark.parametrize(
    "make",
    [_raw_write, _init_write, _load_state_dict_write, _embedding_renorm_write],
    ids=["count_change", "nn.init", "load_state_dict", "embedding-max_norm"],
)
def test_every_writer_outside_the_ops_is_seen_by_the_reverse_pass(make):
    # The pass compares saved versions only for ops recorded before the latest in-place change
    # (grad_mode.LAST_CHANGE): every writer must announce its change through _count_change.
    weight, write = make()
    loss = (weight * weight).sum()
    with no_grad():
        write()
    with pytest.raises(RuntimeError, match=MODIFIED):
        loss.backward()
