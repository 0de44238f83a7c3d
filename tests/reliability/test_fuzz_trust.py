"""Fuzzing the classes of silently wrong gradients that were fixed once, so they cannot return.

- in-place changes under ``no_grad``: the gradient is that of the function as actually
  computed, or backward refuses with "modified in place"; never a different gradient;
- NumPy arrays handed to ops (operands, indices, masks, conditions, bounds) and changed after
  the forward change nothing;
- float16 graphs and reductions over more than 65,504 values agree with float64;
- empty and size-1 shapes follow NumPy, and gradients keep the input's shape;
- masked functions (relu, clip, maximum, max) give 0, not NaN, where they masked, also at 0 and
  at infinities; a NaN input makes NaN only in the gradient entries PyTorch makes NaN.

References are central finite differences in float64, or exact math written out with NumPy.
For a long run (ten times the examples): GRAPHGRAD_FUZZ_LONG=1 python -m pytest <this file>.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Tensor
from autograd.gradcheck import numerical_jacobian

from ..strategies import (
    broadcast_partners,
    empty_or_unit_shapes,
    examples,
    large_float16_shapes,
    nan_masks,
    seeds,
    special_arrays,
)
from .random_graphs import programs

MODIFIED = "modified in place"


def fresh(inputs):
    """New leaves with the same values: a run that changes its leaves leaves these alone."""
    return [Tensor(x.data.copy(), requires_grad=True) for x in inputs]


def gradients(out, leaves, upstream=None):
    """d out / d leaf for each leaf (``upstream`` weighting a non-scalar ``out``), zeros for a
    leaf that ``out`` does not use."""
    grads = autograd.grad(out, leaves, grad_outputs=upstream, allow_unused=True)
    return [
        np.zeros(x.shape, x.dtype) if g is None else g.data
        for x, g in zip(leaves, grads, strict=True)
    ]


def numpy_quietly(function, *arrays):
    """A NumPy reference value, without NumPy's warnings (mean of nothing, inf - inf)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return function(*arrays)


def finite_differences(function, inputs):
    """Central differences (eps 1e-6, float64) of a scalar function, one array per input."""
    return [
        numerical_jacobian(function, inputs, position, 0, 1e-6).reshape(x.shape)
        for position, x in enumerate(inputs)
    ]


# ------------------------------------------------------------------ in-place changes
@settings(max_examples=examples(120))
@given(programs(max_steps=7, mutations=True))
def test_inplace_change_gives_the_gradient_of_the_function_as_computed_or_refuses(case):
    inputs, program = case
    leaves = fresh(inputs)
    nodes, changes = program.run_recording(*leaves)
    loss = program.loss(nodes)
    try:
        got = gradients(loss, leaves)
    except RuntimeError as error:
        assert MODIFIED in str(error), program
        return
    # a change under no_grad acts as adding a constant: the same function, out of place
    as_computed = program.out_of_place(changes)
    np.testing.assert_allclose(as_computed(*inputs).data, loss.data, rtol=1e-12, atol=1e-12)
    expected = finite_differences(as_computed, inputs)
    for want, have in zip(expected, got, strict=True):
        np.testing.assert_allclose(have, want, rtol=1e-3, atol=1e-5, err_msg=repr(program))


@settings(max_examples=examples(120))
@given(programs(max_steps=7, mutations=True))
def test_inplace_change_of_memory_that_no_op_saved_never_refuses(case):
    inputs, program = case
    leaves = fresh(inputs)
    nodes, changes = program.run_recording(*leaves)
    if any(saved for _, saved in changes):
        return  # backward may refuse: covered by the test above
    gradients(program.loss(nodes), leaves)  # must not raise "modified in place"


# ------------------------------------------------------------------ captured NumPy arrays
@settings(max_examples=examples(150))
@given(programs().filter(lambda case: case[1].captured))
def test_numpy_arrays_changed_after_the_forward_do_not_change_the_gradient(case):
    inputs, program = case
    expected = gradients(program(*inputs), inputs)
    loss = program(*inputs)
    program.scribble()  # operands, index arrays, masks, where conditions, clip bounds
    for want, have in zip(expected, gradients(loss, inputs), strict=True):
        np.testing.assert_array_equal(have, want, err_msg=repr(program))


# ------------------------------------------------------------------ float16
def assert_close_in_float16(half, double, what, rtol=2e-2, floor=0.0):
    """float16 against float64: within ``rtol`` of the entry plus 1% of the largest entry plus
    ``floor`` (2e-3, two float16 steps at 1, for graph terms that cancel to 0 in float64);
    float16 carries 11 bits, and a few ops and sums lose some of them."""
    assert half.dtype == np.float16, what
    scale = float(np.max(np.abs(double), initial=0.0))
    np.testing.assert_allclose(
        half.astype(np.float64), double, rtol=rtol, atol=1e-2 * scale + floor, err_msg=what
    )


@settings(max_examples=examples(120))
@given(programs(max_steps=6, smooth=True, dtype=np.float16))
def test_float16_graph_gradients_match_float64(case):
    inputs, program = case
    halves = [Tensor(x.data.astype(np.float16), requires_grad=True) for x in inputs]
    expected = gradients(program(*inputs), inputs)
    # a saturated tanh or sigmoid (1 - t^2 with t a few float16 steps from 1) keeps few bits, so
    # 25%: the bugs meant are gradients that are 0, inf or off by a factor, not rounding
    for want, have in zip(expected, gradients(program(*halves), halves), strict=True):
        assert_close_in_float16(have, want, repr(program), rtol=0.25, floor=2e-3)


@settings(max_examples=examples(12))
@given(
    large_float16_shapes(),
    st.sampled_from(["sum", "mean"]),
    st.sampled_from([None, 0, -1]),
    st.booleans(),
    seeds(),
)
def test_float16_reductions_over_more_than_65504_values_match_float64(
    shape, reduction, axis, keepdims, seed
):
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.5, 1.5, shape).astype(np.float16)
    reduced_shape = np.zeros(shape, np.bool_).sum(axis=axis, keepdims=keepdims).shape
    weights = rng.uniform(-1.0, 1.0, reduced_shape).astype(np.float16)
    results = {}
    for dtype in (np.float16, np.float64):
        x = Tensor(values.astype(dtype), requires_grad=True)
        with warnings.catch_warnings():  # a float16 sum beyond 65,504 is inf, as in PyTorch
            warnings.simplefilter("ignore", RuntimeWarning)
            reduced = getattr(x, reduction)(axis=axis, keepdims=keepdims)
        results[dtype] = reduced.data, gradients(reduced, [x], Tensor(weights.astype(dtype)))[0]
    (forward16, grad16), (forward64, grad64) = results[np.float16], results[np.float64]
    what = f"{reduction}(axis={axis}, keepdims={keepdims}) of {shape}"
    # 1/n of 70,000 is a float16 subnormal: steps of 2**-24 are as close as float16 gets
    assert_close_in_float16(grad16, grad64, what, floor=2.0**-24)
    if np.all(np.abs(forward64) < 60000):  # below float16's largest value
        assert_close_in_float16(forward16, forward64, what)


@pytest.mark.parametrize("reduction", ["var", "std"])
def test_var_and_std_of_more_than_65504_float16_values_match_float64(reduction):
    values = np.tile([0.0, 2.0], 35_000).astype(np.float16)  # var 1, std 1
    x = Tensor(values, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out = getattr(x, reduction)()
        out.backward()
    np.testing.assert_allclose(float(out.data), 1.0, rtol=1e-2)
    scale = 1 / 70_000 if reduction == "std" else 2 / 70_000  # d var/dx = 2 (x - mean) / n
    np.testing.assert_allclose(x.grad[:2].astype(np.float64), [-scale, scale], rtol=1e-2)


# ------------------------------------------------------------------ empty and size-1 shapes
SMOOTH_UNARY = {
    "exp": (lambda t: t.exp(), np.exp),
    "tanh": (lambda t: t.tanh(), np.tanh),
    "sigmoid": (lambda t: t.sigmoid(), lambda a: 1 / (1 + np.exp(-a))),
    "neg": (lambda t: -t, np.negative),
    "square": (lambda t: t * t, np.square),
    "reshape(-1)": (lambda t: t.reshape(-1), lambda a: a.reshape(-1)),
    "transpose": (lambda t: t.transpose(), np.transpose),
    "unsqueeze(0)": (lambda t: t.unsqueeze(0), lambda a: a[None]),
    "squeeze": (lambda t: t.squeeze(), np.squeeze),
}


@st.composite
def shape_programs(draw):
    """A shape with 0- and 1-sides, and 1-4 steps over it: smooth elementwise ops, shape ops,
    reductions over any axes (empty ones too), broadcasting with a second leaf, concatenation,
    slicing, expansion and matmul. A step is (label, tensor function, NumPy function, partner
    shape or None); the shapes are drawn against the NumPy result so far."""
    shape = draw(empty_or_unit_shapes())
    current = np.zeros(shape)
    steps = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["unary", "binary", "reduce", "concat", "slice", "expand"]))
        ndim = current.ndim
        if kind == "binary":
            partner = draw(broadcast_partners(current.shape))
            op = draw(st.sampled_from(["mul", "add", "matmul"]))
            if op == "matmul" and ndim:
                partner = (current.shape[-1], draw(st.integers(0, 2)))
                step = ("matmul", lambda t, y: t @ y, np.matmul, partner)
            elif op == "add":
                step = ("add", lambda t, y: t + y, np.add, partner)
            else:
                step = ("mul", lambda t, y: t * y, np.multiply, partner)
        elif kind == "reduce" and ndim:
            axes = tuple(draw(st.lists(st.integers(0, ndim - 1), min_size=1, unique=True)))
            axis = draw(st.sampled_from([None, axes]))
            keepdims = draw(st.booleans())
            name = draw(st.sampled_from(["sum", "mean"]))

            def tensor_reduce(t, n=name, a=axis, k=keepdims):
                return getattr(t, n)(axis=a, keepdims=k)

            def numpy_reduce(a, n=name, ax=axis, k=keepdims):
                return numpy_quietly(lambda b: getattr(np, n)(b, axis=ax, keepdims=k), a)

            step = (f"{name}(axis={axis}, keepdims={keepdims})", tensor_reduce, numpy_reduce, None)
        elif kind == "concat" and ndim:
            axis = draw(st.integers(0, ndim - 1))
            step = (
                f"concatenate(axis={axis})",
                lambda t, a=axis: autograd.concatenate([t, t * 2], a),
                lambda x, a=axis: np.concatenate([x, x * 2], a),
                None,
            )
        elif kind == "slice" and ndim:
            start = draw(st.integers(0, 2))
            step = (f"[{start}:]", lambda t, s=start: t[s:], lambda a, s=start: a[s:], None)
        elif kind == "expand":
            target = (
                2,
                *(
                    draw(st.sampled_from([0, 1, 2])) if side == 1 else side
                    for side in current.shape
                ),
            )
            step = (
                f"expand{target}",
                lambda t, s=target: t.expand(*s),
                lambda a, s=target: np.broadcast_to(a, s),
                None,
            )
        else:
            name = draw(st.sampled_from(sorted(SMOOTH_UNARY)))
            step = (name, *SMOOTH_UNARY[name], None)
        _, _, numpy_function, partner = step
        with np.errstate(all="ignore"):
            current = (
                numpy_function(current)
                if partner is None
                else numpy_function(current, np.zeros(partner))
            )
        steps.append(step)
    return shape, steps


def run_shape_program(steps, x, partners):
    """The steps on Tensors (``partners`` feed the binary steps, in order)."""
    remaining = iter(partners)
    for _, tensor_function, _, partner in steps:
        x = tensor_function(x) if partner is None else tensor_function(x, next(remaining))
    return x


@settings(max_examples=examples(150))
@given(shape_programs(), seeds())
def test_empty_and_size_one_shapes_follow_numpy_and_gradients_keep_the_input_shape(case, seed):
    shape, steps = case
    rng = np.random.default_rng(seed)
    x = Tensor(rng.standard_normal(shape), requires_grad=True)
    partners = [
        Tensor(rng.standard_normal(partner), requires_grad=True)
        for *_, partner in steps
        if partner is not None
    ]
    labels = " -> ".join(label for label, *_ in steps) + f" on {shape}"
    expected = x.data
    remaining = iter(partners)
    with np.errstate(all="ignore"):
        for _, _, numpy_function, partner in steps:
            expected = (
                numpy_function(expected)
                if partner is None
                else numpy_function(expected, next(remaining).data)
            )
    out = run_shape_program(steps, x, partners)
    assert out.shape == expected.shape, labels
    numpy_quietly(  # inf - inf inside the comparison is no failure
        lambda: np.testing.assert_allclose(
            out.data, expected, rtol=1e-12, equal_nan=True, err_msg=labels
        )
    )
    leaves = [x, *partners]
    weights = Tensor(rng.standard_normal(out.shape))
    grads = gradients(out, leaves, weights)  # not (out * weights).sum(): out may hold inf
    assert [g.shape for g in grads] == [leaf.shape for leaf in leaves], labels
    if not np.all(np.abs(expected) < 1e3):  # NaN (a mean over nothing), or exp(exp(exp)):
        return  # finite differences of such values say nothing
    function = lambda *tensors: (run_shape_program(steps, tensors[0], tensors[1:]) * weights).sum()  # noqa: E731
    for want, have in zip(finite_differences(function, leaves), grads, strict=True):
        np.testing.assert_allclose(have, want, rtol=1e-5, atol=1e-6, err_msg=labels)


@settings(max_examples=examples(40))
@given(empty_or_unit_shapes().filter(lambda shape: 0 in shape), st.data())
def test_mean_over_an_empty_axis_is_nan_and_its_gradient_is_empty(shape, data):
    empty_axes = [axis for axis, side in enumerate(shape) if side == 0]
    axis = data.draw(st.sampled_from([None, *empty_axes]))
    x = Tensor(np.zeros(shape), requires_grad=True)
    expected = numpy_quietly(lambda a: np.mean(a, axis=axis), x.data)
    out = x.mean(axis=axis)
    assert out.shape == expected.shape
    assert np.isnan(out.data).all()
    out.sum().backward()
    assert x.grad.shape == shape


# ------------------------------------------------------------------ inf, NaN, masked points
MASKS = {
    # name: (function, PyTorch's local derivative at x: 0 where masked, 1/2 at a tie)
    "relu": (lambda t: t.relu(), lambda x: (x > 0) * 1.0),
    "clip(0, None)": (lambda t: t.clip(0.0, None), lambda x: (x >= 0) * 1.0),
    "clip(0, 1)": (lambda t: t.clip(0.0, 1.0), lambda x: ((x >= 0) & (x <= 1)) * 1.0),
    "maximum(x, 0)": (
        lambda t: autograd.maximum(t, 0.0),
        lambda x: np.where(x > 0, 1.0, np.where(x == 0, 0.5, 0.0)),
    ),
}
FOLLOWERS = {
    # name: (function, its derivative at y)
    "sqrt": (lambda t: t.sqrt(), lambda y: 0.5 / np.sqrt(y)),
    "log": (lambda t: t.log(), lambda y: 1 / y),
    "reciprocal": (lambda t: 1.0 / t, lambda y: -1 / (y * y)),
    "pow(0.5)": (lambda t: t**0.5, lambda y: 0.5 * y**-0.5),
}


@settings(max_examples=examples(150))
@given(special_arrays(), st.sampled_from(sorted(MASKS)), st.sampled_from(sorted(FOLLOWERS)))
def test_masked_functions_then_sqrt_or_log_give_zero_where_masked(values, mask, follower):
    masked, local = MASKS[mask]
    outer, derivative = FOLLOWERS[follower]
    x = Tensor(values, requires_grad=True)
    out = outer(masked(x))
    out.backward(np.ones(out.shape))  # not .sum(): inf + -inf would be NaN in the loss
    with np.errstate(all="ignore"):
        y = masked(Tensor(values)).data
        slope = local(values)
        expected = np.where(slope == 0, 0.0, slope * derivative(y))
    np.testing.assert_array_equal(x.grad, expected, err_msg=f"{follower}({mask}(x)) at {values}")


@settings(max_examples=examples(100))
@given(special_arrays(min_dims=2, max_dims=2), st.sampled_from(sorted(FOLLOWERS)), st.booleans())
def test_max_reduction_then_sqrt_or_log_gives_zero_to_the_entries_that_lost(values, follower, rows):
    outer, derivative = FOLLOWERS[follower]
    axis = 1 if rows else None
    x = Tensor(values, requires_grad=True)
    out = outer(x.max(axis=axis, keepdims=True))
    out.backward(np.ones(out.shape))
    extreme = values.max(axis=axis, keepdims=True)
    winners = values == extreme
    with np.errstate(all="ignore"):
        share = derivative(extreme) / winners.sum(axis=axis, keepdims=True)
        expected = np.where(winners, share, 0.0)
    np.testing.assert_array_equal(x.grad, expected, err_msg=f"{follower}(max) at {values}")


SMOOTH_ELEMENTWISE = {
    # name: (function, linear?) -- the derivative of a nonlinear op at NaN is NaN
    "exp": (lambda t: t.exp(), False),
    "tanh": (lambda t: t.tanh(), False),
    "sigmoid": (lambda t: t.sigmoid(), False),
    "square": (lambda t: t * t, False),
    "log(x*x+1)": (lambda t: (t * t + 1.0).log(), False),
    "neg": (lambda t: -t, True),
    "scale": (lambda t: t * 2.5, True),
    "shift": (lambda t: t + 1.0, True),
}
REDUCTIONS = {
    # name: (function, does an entry's gradient depend on its whole row?)
    "none": (lambda t: t, False),
    "sum(axis=1)": (lambda t: t.sum(axis=1, keepdims=True), True),
    "mean(axis=1)": (lambda t: t.mean(axis=1, keepdims=True), True),
}


def elementwise_chains():
    """0 to 3 smooth elementwise ops, by name."""
    return st.lists(st.sampled_from(sorted(SMOOTH_ELEMENTWISE)), min_size=0, max_size=3)


@settings(max_examples=examples(150))
@given(
    nan_masks(),
    elementwise_chains(),
    st.sampled_from(sorted(REDUCTIONS)),
    elementwise_chains(),
    seeds(),
)
def test_nan_input_makes_nan_only_in_the_gradient_entries_that_depend_on_it(
    nans, inner, reduction, outer, seed
):
    values = np.random.default_rng(seed).uniform(-1.0, 1.0, nans.shape)

    def function(x):
        for name in inner:
            x = SMOOTH_ELEMENTWISE[name][0](x)
        x = REDUCTIONS[reduction][0](x)
        for name in outer:
            x = SMOOTH_ELEMENTWISE[name][0](x)
        return x.sum()

    x = Tensor(np.where(nans, np.nan, values), requires_grad=True)
    function(x).backward()
    clean = Tensor(np.where(nans, 0.3, values), requires_grad=True)
    function(clean).backward()
    # PyTorch's rule: NaN flows back through every nonlinear op's derivative, and through a
    # reduction to every entry of the reduced row
    through_inner = not all(SMOOTH_ELEMENTWISE[name][1] for name in inner)
    through_outer = not all(SMOOTH_ELEMENTWISE[name][1] for name in outer)
    row_has_nan = nans.any(axis=1, keepdims=True) if REDUCTIONS[reduction][1] else nans
    expected_nan = (nans & through_inner) | (
        np.broadcast_to(row_has_nan, nans.shape) & through_outer
    )
    what = f"{outer} o {reduction} o {inner} with NaN at {np.argwhere(nans).tolist()}"
    np.testing.assert_array_equal(np.isnan(x.grad), expected_nan, err_msg=what)
    np.testing.assert_array_equal(x.grad[~expected_nan], clean.grad[~expected_nan], err_msg=what)


def test_max_of_a_tensor_holding_nan_sends_the_gradient_to_the_nan_entry():
    x = Tensor(np.array([1.0, np.nan, 2.0]), requires_grad=True)
    x.max().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 1.0, 0.0])
