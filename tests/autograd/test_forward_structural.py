"""Forward mode through the structural ops (reductions, shape, linalg, assignment): each op's
forward rule (jvp) is the adjoint of its backward, agrees with finite differences, keeps the
output's shape and dtype, and carries tangents through gradients (forward-over-reverse)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import Tensor
from autograd.forward_ad import dual_level, make_dual, unpack_dual
from autograd.ops import IndexAdd, SetItem, Where
from nn.functional import linear
from tests.strategies import distinct_array, matmul_shapes, random_array, seeds, shape_and_axis

AXES = [None, 0, -1, (0, 2)]
REPEATS = np.array([0, 2, 0])
MASK = np.array([True, False, True])
CONDITION = np.array([[True, False, True], [False, False, True]])


def assign(a, v, index):
    """``a`` with ``v`` written at ``index``, as one recorded SetItem on a fresh copy of ``a``."""
    before = a.clone()
    return SetItem.apply(before, v, index=index, rebound_version=before._version[0])


def case(name, function, *shapes, distinct=False):
    return pytest.param(function, shapes, distinct, id=name)


CASES = [
    case("expand-row", lambda a: a.broadcast_to((2, 3, 4)), (3, 1)),
    case("expand-scalar", lambda a: a.broadcast_to((2,)), ()),
    *(
        case(f"{reduction}-axis{axis}-keepdims{keepdims}", op, (2, 3, 4), distinct=distinct)
        for reduction, distinct in [("sum", False), ("mean", False), ("max", True), ("min", True)]
        for axis in AXES
        for keepdims in (False, True)
        for op in [lambda a, r=reduction, ax=axis, k=keepdims: getattr(a, r)(axis=ax, keepdims=k)]
    ),
    case("reshape", lambda a: a.reshape(4, 6), (2, 3, 4)),
    case("reshape-to-scalar", lambda a: a.reshape(()), (1,)),
    case("transpose", lambda a: a.permute(2, 0, 1), (2, 3, 4)),
    case("transpose-T", lambda a: a.T, (2, 3)),
    case("getitem-int", lambda a: a[1], (3, 4)),
    case("getitem-slice", lambda a: a[:, 1:3], (3, 4)),
    case("getitem-reversed", lambda a: a[::-1], (3, 4)),
    case("getitem-repeats", lambda a: a[REPEATS], (3, 4)),
    case("getitem-mask", lambda a: a[MASK], (3, 4)),
    case("getitem-mixed", lambda a: a[REPEATS, 1:], (3, 4)),
    case("getitem-newaxis", lambda a: a[..., None, 0], (3, 4)),
    case("index_add-repeats", lambda g: IndexAdd.apply(g, index=REPEATS, shape=(3, 4)), (3, 4)),
    case("index_add-mask", lambda g: IndexAdd.apply(g, index=MASK, shape=(3, 4)), (2, 4)),
    case(
        "index_add-slice", lambda g: IndexAdd.apply(g, index=(slice(1, 3),), shape=(3, 4)), (2, 4)
    ),
    case("concatenate-0", lambda a, b: autograd.concatenate([a, b]), (2, 3), (1, 3)),
    case(
        "concatenate-last",
        lambda a, b, c: autograd.concatenate([a, b, c], axis=-1),
        (2, 1),
        (2, 3),
        (2, 2),
    ),
    case("stack-0", lambda a, b: autograd.stack([a, b]), (2, 3), (2, 3)),
    case("stack-last", lambda a, b, c: autograd.stack([a, b, c], axis=-1), (2, 3), (2, 3), (2, 3)),
    case("where", lambda a, b: Where.apply(a, b, condition=CONDITION), (2, 3), (2, 3)),
    case("where-broadcast", lambda a, b: autograd.where(CONDITION, a, b), (3,), (2, 1)),
    case("matmul-vector-vector", lambda a, b: a @ b, (3,), (3,)),
    case("matmul-matrix-vector", lambda a, b: a @ b, (2, 3), (3,)),
    case("matmul-vector-matrix", lambda a, b: a @ b, (3,), (3, 4)),
    case("matmul-matrix-matrix", lambda a, b: a @ b, (2, 3), (3, 4)),
    case("matmul-batched", lambda a, b: a @ b, (2, 1, 2, 3), (3, 3, 4)),
    case("linear", lambda x, w, b: linear(x, w, b), (4, 3), (2, 3), (2,)),
    case("linear-no-bias", lambda x, w: linear(x, w), (4, 3), (2, 3)),
    case("linear-vector", lambda x, w, b: linear(x, w, b), (3,), (2, 3), (2,)),
    case("linear-batched", lambda x, w, b: linear(x, w, b), (2, 4, 3), (2, 3), (2,)),
    case("setitem-int", lambda a, v: assign(a, v, (1,)), (3, 4), (4,)),
    case(
        "setitem-broadcast", lambda a, v: assign(a, v, (slice(None), slice(1, 3))), (3, 4), (1, 2)
    ),
    case("setitem-array", lambda a, v: assign(a, v, (np.array([2, 0]),)), (3, 4), (2, 4)),
    case("setitem-repeats", lambda a, v: assign(a, v, (REPEATS,)), (3, 4), (3, 4)),
    case("setitem-mask", lambda a, v: assign(a, v, (MASK,)), (3, 4), (2, 4)),
]
MULTI_INPUT = [param for param in CASES if len(param.values[1]) > 1]


def make_inputs(rng, shapes, distinct):
    if distinct:
        return [distinct_array(int(rng.integers(2**32)), shape) for shape in shapes]
    return [rng.standard_normal(shape) for shape in shapes]


def forward_tangent(function, primals, tangents):
    """``(f(x), J t)`` by forward mode; a None tangent leaves that input without one."""
    with dual_level():
        duals = [
            Tensor(primal) if tangent is None else make_dual(Tensor(primal), Tensor(tangent))
            for primal, tangent in zip(primals, tangents, strict=True)
        ]
        out = function(*duals)
        value, tangent = unpack_dual(out)
    return value, tangent


def reverse_gradients(function, primals, cotangent):
    """``J^T u`` by reverse mode, one gradient per input."""
    leaves = [Tensor(primal, requires_grad=True) for primal in primals]
    out = function(*leaves)
    grads = autograd.grad(out, leaves, grad_outputs=Tensor(cotangent), allow_unused=True)
    return [np.zeros_like(p) if g is None else g.data for p, g in zip(primals, grads, strict=True)]


@pytest.mark.parametrize(("function", "shapes", "distinct"), CASES)
def test_forward_rule_is_the_adjoint_of_backward(rng, function, shapes, distinct):
    primals = make_inputs(rng, shapes, distinct)
    tangents = [rng.standard_normal(shape) for shape in shapes]
    out, tangent = forward_tangent(function, primals, tangents)
    cotangent = rng.standard_normal(out.shape)
    grads = reverse_gradients(function, primals, cotangent)
    adjoint = sum(np.vdot(t, g) for t, g in zip(tangents, grads, strict=True))
    np.testing.assert_allclose(np.vdot(tangent.data, cotangent), adjoint, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("function", "shapes", "distinct"), CASES)
def test_forward_rule_matches_central_differences(rng, function, shapes, distinct):
    primals = make_inputs(rng, shapes, distinct)
    tangents = [rng.standard_normal(shape) for shape in shapes]
    step = 1e-6

    def at(sign):
        return function(
            *[Tensor(p + sign * step * t) for p, t in zip(primals, tangents, strict=True)]
        ).data

    expected = (at(1) - at(-1)) / (2 * step)
    _, tangent = forward_tangent(function, primals, tangents)
    np.testing.assert_allclose(tangent.data, expected, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize(("function", "shapes", "distinct"), CASES)
def test_forward_rule_keeps_the_output_shape_and_dtype(rng, function, shapes, distinct):
    primals = make_inputs(rng, shapes, distinct)
    out, tangent = forward_tangent(function, primals, [np.ones(shape) for shape in shapes])
    assert tangent.shape == out.shape
    assert tangent.dtype == out.dtype == np.float64


@pytest.mark.parametrize(("function", "shapes", "distinct"), MULTI_INPUT)
def test_an_input_without_tangent_counts_as_a_zero_tangent(rng, function, shapes, distinct):
    primals = make_inputs(rng, shapes, distinct)
    for carrying in range(len(shapes)):
        tangent = rng.standard_normal(shapes[carrying])
        only = [tangent if i == carrying else None for i in range(len(shapes))]
        zeros = [tangent if i == carrying else np.zeros(s) for i, s in enumerate(shapes)]
        _, partial = forward_tangent(function, primals, only)
        _, full = forward_tangent(function, primals, zeros)
        np.testing.assert_array_equal(partial.data, full.data)


@pytest.mark.parametrize("reduction", ["sum", "mean", "max", "min"])
@given(shape_axis=shape_and_axis(), keepdims=st.booleans(), seed=seeds())
def test_reduction_forward_rule_is_the_adjoint_of_backward(reduction, shape_axis, keepdims, seed):
    shape, axis = shape_axis
    primal = distinct_array(seed, shape)
    tangent, cotangent_seed = random_array(seed + 1, shape), seed + 2

    def function(a):
        return getattr(a, reduction)(axis=axis, keepdims=keepdims)

    out, jvp = forward_tangent(function, [primal], [tangent])
    cotangent = random_array(cotangent_seed, out.shape)
    (grad,) = reverse_gradients(function, [primal], cotangent)
    np.testing.assert_allclose(np.vdot(jvp.data, cotangent), np.vdot(tangent, grad), atol=1e-12)


@given(shapes=matmul_shapes(), seed=seeds())
def test_matmul_forward_rule_is_the_product_rule(shapes, seed):
    a, b = (random_array(seed + i, shape) for i, shape in enumerate(shapes))
    ta, tb = (random_array(seed + 2 + i, shape) for i, shape in enumerate(shapes))
    _, tangent = forward_tangent(lambda x, y: x @ y, [a, b], [ta, tb])
    np.testing.assert_allclose(tangent.data, ta @ b + a @ tb, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("reduction", ["max", "min"])
def test_max_tangent_is_shared_equally_among_ties(reduction):
    values = np.array([1.0, 3.0, 3.0]) * (1 if reduction == "max" else -1)
    _, tangent = forward_tangent(
        lambda a: getattr(a, reduction)(), [values], [np.array([5, 2, 4.0])]
    )
    assert float(tangent) == 3.0  # the mean of the tied entries' tangents, 2 and 4


def test_max_tangent_shares_ties_within_each_slice():
    values = np.array([[2.0, 2.0, 2.0], [1.0, 4.0, 0.0]])
    tangents = np.array([[3.0, 6.0, 0.0], [7.0, 8.0, 9.0]])
    _, tangent = forward_tangent(lambda a: a.max(axis=1, keepdims=True), [values], [tangents])
    np.testing.assert_array_equal(tangent.data, [[3.0], [8.0]])


def test_max_tangent_of_a_slice_with_nans_comes_from_the_nans():
    values = np.array([[1.0, np.nan, np.nan], [1.0, 5.0, 2.0]])
    tangents = np.array([[10.0, 2.0, 4.0], [1.0, 6.0, 3.0]])
    _, tangent = forward_tangent(lambda a: a.max(axis=1), [values], [tangents])
    np.testing.assert_array_equal(tangent.data, [3.0, 6.0])  # as backward: the NaNs share


def test_setitem_forward_rule_matches_the_stacked_equivalent(rng):
    rows = [rng.standard_normal(3) for _ in range(2)]
    tangents = [rng.standard_normal(3) for _ in range(2)]

    def written(first, second):
        buffer = assign(Tensor(np.zeros((2, 3))), first, (0,))
        return assign(buffer, second, (1,))

    _, by_assignment = forward_tangent(written, rows, tangents)
    _, by_stacking = forward_tangent(lambda a, b: autograd.stack([a, b]), rows, tangents)
    np.testing.assert_array_equal(by_assignment.data, by_stacking.data)


def test_setitem_tangent_at_a_repeated_index_is_the_last_write():
    _, tangent = forward_tangent(
        lambda a, v: assign(a, v, (np.array([1, 1]),)),
        [np.zeros(3), np.array([5.0, 6.0])],
        [np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0])],
    )
    np.testing.assert_array_equal(tangent.data, [1.0, 20.0, 3.0])


def test_setitem_gradient_at_a_repeated_index_goes_to_the_last_write():
    value = Tensor(np.array([5.0, 6.0]), requires_grad=True)
    out = assign(Tensor(np.zeros(3)), value, (np.array([1, 1]),))
    (grad,) = autograd.grad(out, [value], grad_outputs=Tensor(np.array([1.0, 2.0, 3.0])))
    np.testing.assert_array_equal(grad.data, [0.0, 2.0])


def test_assignment_into_a_buffer_carries_the_tangent(rng):
    rows = [rng.standard_normal(3) for _ in range(2)]
    tangents = [rng.standard_normal(3) for _ in range(2)]
    with dual_level():
        first, second = (
            make_dual(Tensor(r), Tensor(t)) for r, t in zip(rows, tangents, strict=True)
        )
        buffer = Tensor(np.zeros((2, 3)))
        buffer[0] = first
        buffer[1] = second
        tangent = unpack_dual(buffer).tangent
    assert tangent is not None
    np.testing.assert_array_equal(tangent.data, np.stack(tangents))


TARGET = np.array([1, 0, 2, 2])
FEATURES = np.linspace(-1, 1, 12).reshape(4, 3)


def cross_entropy(logits):
    return logits.log_softmax(axis=1)[np.arange(4), TARGET].mean()


def matmul_chain(weight):
    hidden = linear(Tensor(FEATURES), weight, Tensor(np.array([0.5, -1.0, 2.0])))  # (4, 3)
    return (hidden.T @ hidden @ weight).max(axis=0).sum()


@pytest.mark.parametrize("loss", [cross_entropy, matmul_chain], ids=["cross_entropy", "matmul"])
def test_tangent_of_a_gradient_is_the_hessian_vector_product(rng, loss):
    primal, direction = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    if loss is matmul_chain:
        primal, direction = primal[:3], direction[:3]
    x = Tensor(primal, requires_grad=True)
    (gradient,) = autograd.grad(loss(x), [x], create_graph=True)
    (expected,) = autograd.grad(gradient, [x], grad_outputs=Tensor(direction))
    with dual_level():
        dual = make_dual(Tensor(primal, requires_grad=True), Tensor(direction))
        # create_graph: without it the engine hands back a bare array's Tensor, without tangent
        (dual_gradient,) = autograd.grad(loss(dual), [dual], create_graph=True)
        hessian_vector = unpack_dual(dual_gradient).tangent
    np.testing.assert_allclose(hessian_vector.data, expected.data, rtol=1e-10, atol=1e-12)


def test_linear_tangent_keeps_the_output_dtype_with_a_wider_bias():
    x, weight = np.ones((2, 3), np.float32), np.ones((4, 3), np.float32)
    bias = np.ones(4)
    out, tangent = forward_tangent(linear, [x, weight, bias], [None, None, bias])
    assert out.dtype == tangent.dtype == np.float32
    np.testing.assert_array_equal(tangent.data, np.ones((2, 4)))
