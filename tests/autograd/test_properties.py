"""Properties over random shapes, broadcasts and axes (hypothesis, deterministic profile)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Tensor, gradcheck
from tests.strategies import (
    broadcast_pairs,
    distinct_array,
    matmul_shapes,
    random_array,
    seeds,
    shape_and_axis,
    shapes,
)

BINARY_OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
    "maximum": autograd.maximum,
    "minimum": autograd.minimum,
}


def binary_operands(name, shape_a, shape_b, seed, dtype=np.float64):
    """Operands that keep each op smooth: positive bases and divisors, no ties for max/min."""
    if name in ("maximum", "minimum"):
        a = distinct_array(seed, shape_a)
        b = distinct_array(seed + 1, shape_b) + 0.5  # quarter-grid offsets: never equal to a
    elif name in ("div", "pow"):
        a = random_array(seed, shape_a, 0.5, 2.0)
        b = random_array(seed + 1, shape_b, 0.5, 2.0)
    else:
        a, b = random_array(seed, shape_a), random_array(seed + 1, shape_b)
    return (
        Tensor(np.asarray(a, dtype=dtype), requires_grad=True),
        Tensor(np.asarray(b, dtype=dtype), requires_grad=True),
    )


@given(name=st.sampled_from(sorted(BINARY_OPS)), pair=broadcast_pairs(), seed=seeds())
def test_binary_op_gradients_pass_gradcheck_under_broadcasting(name, pair, seed):
    a, b = binary_operands(name, *pair, seed)
    assert gradcheck(BINARY_OPS[name], [a, b])


@given(
    name=st.sampled_from(sorted(BINARY_OPS)),
    pair=broadcast_pairs(),
    seed=seeds(),
    dtype=st.sampled_from([np.float32, np.float64]),
)
def test_binary_op_grads_have_their_inputs_shape_and_dtype(name, pair, seed, dtype):
    a, b = binary_operands(name, *pair, seed, dtype=dtype)
    out = BINARY_OPS[name](a, b)
    assert out.shape == np.broadcast_shapes(a.shape, b.shape)
    out.sum().backward()
    assert a.grad.shape == a.shape and a.grad.dtype == a.dtype
    assert b.grad.shape == b.shape and b.grad.dtype == b.dtype


@given(
    case=shape_and_axis(),
    keepdims=st.booleans(),
    seed=seeds(),
    reduction=st.sampled_from(["sum", "mean", "max", "min"]),
)
def test_reductions_over_random_axes_pass_gradcheck(case, keepdims, seed, reduction):
    shape, axis = case
    x = Tensor(distinct_array(seed, shape), requires_grad=True)
    assert gradcheck(lambda t: getattr(t, reduction)(axis=axis, keepdims=keepdims), [x])


@given(
    case=shape_and_axis(),
    keepdims=st.booleans(),
    seed=seeds(),
    reduction=st.sampled_from(["sum", "mean", "max", "min"]),
)
def test_reductions_over_random_axes_match_numpy(case, keepdims, seed, reduction):
    shape, axis = case
    data = random_array(seed, shape)
    result = getattr(Tensor(data), reduction)(axis=axis, keepdims=keepdims)
    expected = getattr(np, reduction)(data, axis=axis, keepdims=keepdims)
    assert result.shape == np.shape(expected)
    np.testing.assert_allclose(result.data, expected)


@given(case=shape_and_axis(), seed=seeds())
def test_max_gradient_sums_to_one_per_reduced_slice_even_with_ties(case, seed):
    shape, axis = case
    # small integers: ties are frequent
    x = Tensor(
        np.random.default_rng(seed).integers(0, 3, size=shape).astype(np.float64),
        requires_grad=True,
    )
    out = x.max(axis=axis)
    out.sum().backward()
    np.testing.assert_allclose(x.grad.sum(axis=axis), np.ones(out.shape))
    assert (x.grad[x.data < x.data.max(axis=axis, keepdims=True)] == 0).all()


@given(pair=matmul_shapes(), seed=seeds())
def test_matmul_passes_gradcheck_for_any_valid_shapes(pair, seed):
    shape_a, shape_b = pair
    a = Tensor(random_array(seed, shape_a), requires_grad=True)
    b = Tensor(random_array(seed + 1, shape_b), requires_grad=True)
    assert gradcheck(lambda x, y: x @ y, [a, b])
    assert (a @ b).shape == np.matmul(a.data, b.data).shape


@given(
    shape=shapes(),
    seed=seeds(),
    method=st.sampled_from(["exp", "tanh", "sigmoid", "log", "sqrt", "abs", "relu"]),
)
def test_unary_ops_pass_gradcheck_on_any_shape(shape, seed, method):
    if method in ("log", "sqrt"):
        data = random_array(seed, shape, 0.3, 3.0)
    else:
        data = distinct_array(seed, shape) * 0.5
    x = Tensor(data, requires_grad=True)
    assert gradcheck(lambda t: getattr(t, method)(), [x])


@given(case=shape_and_axis(max_dims=3), seed=seeds(), log=st.booleans())
def test_softmax_over_any_axis_passes_gradcheck(case, seed, log):
    shape, axis = case
    if not isinstance(axis, int):
        axis = -1
    x = Tensor(random_array(seed, shape), requires_grad=True)
    assert gradcheck(lambda t: t.log_softmax(axis=axis) if log else t.softmax(axis=axis), [x])


@given(case=shape_and_axis(), seed=seeds())
def test_softmax_gradient_sums_to_zero_along_its_axis(case, seed):
    shape, axis = case
    if not isinstance(axis, int):
        axis = 0
    x = Tensor(random_array(seed, shape), requires_grad=True)
    upstream = random_array(seed + 1, shape)
    x.softmax(axis=axis).backward(upstream)
    np.testing.assert_allclose(x.grad.sum(axis=axis), 0.0, atol=1e-12)


@given(size=st.integers(1, 6), count=st.integers(0, 12), seed=seeds())
def test_repeated_indices_accumulate_their_counts(size, count, seed):
    index = np.random.default_rng(seed).integers(-size, size, size=count)
    x = Tensor(np.zeros(size), requires_grad=True)
    x[index].sum().backward()
    np.testing.assert_array_equal(x.grad, np.bincount(index % size, minlength=size))


@given(shape=shapes(min_dims=1), seed=seeds())
def test_boolean_mask_gradient_is_the_mask(shape, seed):
    mask = np.random.default_rng(seed).random(shape) > 0.5
    x = Tensor(np.zeros(shape), requires_grad=True)
    x[mask].sum().backward()
    np.testing.assert_array_equal(x.grad, mask.astype(np.float64))


@settings(max_examples=30)
@given(shape=shapes(min_dims=1), seed=seeds(), data=st.data())
def test_reshape_then_transpose_round_trips_the_gradient(shape, seed, data):
    axes = data.draw(st.permutations(range(len(shape))))
    x = Tensor(random_array(seed, shape), requires_grad=True)
    upstream = random_array(seed + 1, tuple(shape[a] for a in axes))
    x.reshape(-1).reshape(shape).permute(*axes).backward(upstream)
    np.testing.assert_array_equal(x.grad, upstream.transpose(np.argsort(axes)))


@given(pair=broadcast_pairs(), seed=seeds())
def test_broadcast_to_gradient_sums_over_the_stretched_axes(pair, seed):
    source, other = pair
    target = np.broadcast_shapes(source, other)
    x = Tensor(random_array(seed, source), requires_grad=True)
    upstream = random_array(seed + 1, target)
    x.broadcast_to(target).backward(upstream)
    expected = upstream.sum(axis=tuple(range(len(target) - len(source))))
    expected = expected.sum(axis=tuple(i for i, n in enumerate(source) if n == 1), keepdims=True)
    np.testing.assert_allclose(x.grad, expected.reshape(source))


@st.composite
def programs(draw):
    """A random computation graph on three leaves: each step combines earlier nodes, and
    the output sums every node, so nodes feed several consumers (diamonds, fan-in)."""
    steps = []
    for step in range(draw(st.integers(1, 8))):
        available = 3 + step
        kind = draw(st.sampled_from(["add", "sub", "mul", "tanh", "neg", "index", "expand_sum"]))
        first = draw(st.integers(0, available - 1))
        second = draw(st.integers(0, available - 1))
        steps.append((kind, first, second))
    return steps


def run_program(steps, leaves):
    nodes = list(leaves)
    for kind, first, second in steps:
        a, b = nodes[first], nodes[second]
        nodes.append(
            {
                "add": lambda a=a, b=b: a + b,
                "sub": lambda a=a, b=b: a - b,
                "mul": lambda a=a, b=b: a * b,
                "tanh": lambda a=a: a.tanh(),
                "neg": lambda a=a: -a,
                "index": lambda a=a: a[[2, 2, 0]],
                "expand_sum": lambda a=a: a.reshape(3, 1).broadcast_to((3, 2)).sum(axis=1),
            }[kind]()
        )
    weights = np.linspace(0.5, 1.5, len(nodes))
    total = nodes[0].sum() * weights[0]
    for weight, node in zip(weights[1:], nodes[1:], strict=True):
        total = total + node.sum() * weight
    return total


@given(steps=programs(), seed=seeds())
def test_random_graphs_with_shared_nodes_pass_gradcheck(steps, seed):
    leaves = [Tensor(random_array(seed + i, (3,)), requires_grad=True) for i in range(3)]
    assert gradcheck(lambda *xs: run_program(steps, xs), leaves)


@given(steps=programs(), seed=seeds())
def test_random_graphs_backward_matches_grad_and_doubles_with_retain_graph(steps, seed):
    leaves = [Tensor(random_array(seed + i, (3,)), requires_grad=True) for i in range(3)]
    out = run_program(steps, leaves)
    expected = [g.data.copy() for g in autograd.grad(out, leaves, retain_graph=True)]
    out.backward(retain_graph=True)
    for leaf, value in zip(leaves, expected, strict=True):
        np.testing.assert_allclose(leaf.grad, value, rtol=1e-12)
    out.backward()
    for leaf, value in zip(leaves, expected, strict=True):
        np.testing.assert_allclose(leaf.grad, 2 * value, rtol=1e-12)
