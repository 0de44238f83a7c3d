"""Forward mode through the elementwise ops: each op's forward rule (jvp) is the transpose of its
backward (the dot-product test), agrees with finite differences, selects at masks, carries
tangents through a backward pass (Hessian-vector products) and keeps the output's dtype."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given

from autograd import Tensor, grad, maximum, minimum
from autograd.forward_ad import dual_level, make_dual, unpack_dual
from autograd.ops import ReluBackward, SigmoidBackward, TanhBackward
from tests.strategies import broadcast_pairs, seeds, shapes

Sampler = Callable[[np.random.Generator, tuple], np.ndarray]


def normal(rng, shape):
    return rng.standard_normal(shape)


def positive(rng, shape):
    return rng.uniform(0.5, 2.0, shape)


def probability(rng, shape):
    return rng.uniform(0.05, 0.95, shape)


def away_from_zero(rng, shape):
    """Either sign, at least 0.5 from 0: where relu_backward's mask does not change."""
    return rng.choice([-1.0, 1.0], shape) * rng.uniform(0.5, 2.0, shape)


def between_grid(rng, shape):
    """Odd eighths (±1/8, ±3/8, ...): never 0, ±1/2 or a quarter, so no kink of relu, abs,
    clip(-1/2, 1/2) or max against ``on_grid`` is within 1/8 (finite differences stay smooth)."""
    return (rng.integers(-8, 8, shape) + 0.5) / 4


def on_grid(rng, shape):
    """Quarters: never equal to a ``between_grid`` value (no ties for maximum and minimum)."""
    return rng.integers(-8, 8, shape) / 4


@dataclass(frozen=True)
class Case:
    """An op under test: how to call it and where to sample each of its inputs."""

    name: str
    function: Callable[..., Tensor]
    domains: tuple[Sampler, ...]
    broadcasts: bool = True  # binary ops whose inputs may have different shapes
    step: float = 1e-6  # finite-difference step (a linear op can take a large one)

    def __str__(self):
        return self.name


UNARY = [
    Case("neg", lambda a: -a, (normal,)),
    Case("exp", lambda a: a.exp(), (normal,)),
    Case("log", lambda a: a.log(), (positive,)),
    Case("sqrt", lambda a: a.sqrt(), (positive,)),
    Case("abs", lambda a: a.abs(), (between_grid,)),
    Case("relu", lambda a: a.relu(), (between_grid,)),
    Case("sigmoid", lambda a: a.sigmoid(), (normal,)),
    Case("tanh", lambda a: a.tanh(), (normal,)),
    Case("clip", lambda a: a.clip(-0.5, 0.5), (between_grid,)),
    Case("clip_below", lambda a: a.clip(min=0.0), (between_grid,)),
    Case("clone", lambda a: a.clone(), (normal,)),
    Case("cast", lambda a: a.astype(np.float32), (normal,), step=1.0),
]
BINARY = [
    Case("add", lambda a, b: a + b, (normal, normal)),
    Case("sub", lambda a, b: a - b, (normal, normal)),
    Case("mul", lambda a, b: a * b, (normal, normal)),
    Case("div", lambda a, b: a / b, (normal, positive)),
    Case("pow", lambda a, b: a**b, (positive, normal)),
    Case("maximum", maximum, (between_grid, on_grid)),
    Case("minimum", minimum, (between_grid, on_grid)),
    Case("sigmoid_backward", SigmoidBackward.apply, (normal, probability), broadcasts=False),
    Case("tanh_backward", TanhBackward.apply, (normal, normal), broadcasts=False),
    Case("relu_backward", ReluBackward.apply, (normal, away_from_zero), broadcasts=False),
]
CASES = UNARY + BINARY
BROADCASTING = [case for case in BINARY if case.broadcasts]
WHICH = {"first": (0,), "second": (1,), "both": (0, 1)}  # the inputs that carry tangents
WITH_TANGENTS = [
    pytest.param(case, which, id=f"{case}-{which}")
    for case in CASES
    for which in (WHICH if len(case.domains) == 2 else ["first"])
]


def leaves(case, rng, input_shapes, dtype=np.float64):
    return [
        Tensor(np.asarray(domain(rng, shape), dtype=dtype), requires_grad=True)
        for domain, shape in zip(case.domains, input_shapes, strict=True)
    ]


def random_like(rng, tensor):
    return Tensor(np.asarray(rng.standard_normal(tensor.shape), dtype=tensor.dtype))


def forward_tangent(function, inputs, tangents):
    """``J t`` by forward mode: the output's tangent, with ``tangents[i]`` on input i (or none)."""
    with dual_level():
        duals = [
            x if tangent is None else make_dual(x, tangent)
            for x, tangent in zip(inputs, tangents, strict=True)
        ]
        return unpack_dual(function(*duals)).tangent


def input_shapes(case, pair, shape):
    """The drawn shape for a unary op or one that does not broadcast, else the drawn pair."""
    if len(case.domains) == 1:
        return (shape,)
    return pair if case.broadcasts else (shape, shape)


def tangents_for(rng, inputs, carriers):
    return [random_like(rng, x) if i in carriers else None for i, x in enumerate(inputs)]


# ---------------------------------------------------------------- (1) the dot-product test
@pytest.mark.parametrize("case, which", WITH_TANGENTS)
@given(seed=seeds(), pair=broadcast_pairs(), shape=shapes())
def test_forward_rule_is_the_transpose_of_backward(case, which, seed, pair, shape):
    rng = np.random.default_rng(seed)
    inputs = leaves(case, rng, input_shapes(case, pair, shape))
    tangents = tangents_for(rng, inputs, WHICH[which])
    out = case.function(*inputs)
    cotangent = random_like(rng, out)
    jvp = forward_tangent(case.function, inputs, tangents)
    vjps = grad(out, inputs, grad_outputs=cotangent, allow_unused=True)
    forward_side = np.sum(jvp.data * cotangent.data)
    reverse_side = sum(
        np.sum(tangent.data * vjp.data)
        for tangent, vjp in zip(tangents, vjps, strict=True)
        if tangent is not None
    )
    np.testing.assert_allclose(forward_side, reverse_side, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("case", BROADCASTING, ids=str)
@pytest.mark.parametrize("which", WHICH)
@given(seed=seeds(), pair=broadcast_pairs())
def test_tangent_of_a_broadcast_input_has_the_output_shape(case, which, seed, pair):
    rng = np.random.default_rng(seed)
    inputs = leaves(case, rng, pair)
    jvp = forward_tangent(case.function, inputs, tangents_for(rng, inputs, WHICH[which]))
    assert jvp.shape == case.function(*inputs).shape


# ---------------------------------------------------------------- (2) finite differences
@pytest.mark.parametrize("case", CASES, ids=str)
@given(seed=seeds(), pair=broadcast_pairs(), shape=shapes())
def test_forward_rule_matches_central_finite_differences(case, seed, pair, shape):
    rng = np.random.default_rng(seed)
    inputs = leaves(case, rng, input_shapes(case, pair, shape))
    tangents = [random_like(rng, x) for x in inputs]

    def shifted(sign):
        moved = [
            Tensor(x.data + sign * case.step * t.data)
            for x, t in zip(inputs, tangents, strict=True)
        ]
        return case.function(*moved).data.astype(np.float64)

    numeric = (shifted(1) - shifted(-1)) / (2 * case.step)
    jvp = forward_tangent(case.function, inputs, tangents)
    np.testing.assert_allclose(jvp.data, numeric, rtol=1e-5, atol=1e-5)


# ---------------------------------------------------------------- (3) masks select
MASKS_AT_ZERO = {
    # each is 0 at x = 0 in its first element, where sqrt's tangent is inf: the mask must
    # give 0 there, not inf * 0 = NaN
    "relu": lambda root: root.relu(),
    "clip": lambda root: root.clip(1.0, 3.0),
    "maximum": lambda root: maximum(root, 1.0),
    "minimum": lambda root: minimum(root, -1.0),
    "abs": lambda root: root.abs(),
}


@pytest.mark.parametrize("mask", MASKS_AT_ZERO.values(), ids=MASKS_AT_ZERO.keys())
def test_mask_after_an_infinite_tangent_gives_zero_not_nan(mask):
    x = Tensor(np.array([0.0, 4.0]))
    jvp = forward_tangent(lambda x: mask(x.sqrt()), [x], [Tensor(np.ones(2))])
    assert jvp.data[0] == 0.0


def test_relu_tangent_at_zero_is_zero():
    jvp = forward_tangent(lambda x: x.relu(), [Tensor(np.zeros(2))], [Tensor(np.ones(2))])
    np.testing.assert_array_equal(jvp.data, [0.0, 0.0])


@pytest.mark.parametrize("function", [maximum, minimum], ids=["maximum", "minimum"])
def test_max_and_min_ties_take_the_mean_of_the_tangents(function):
    a, b = Tensor(np.array([1.0, 2.0])), Tensor(np.array([1.0, 3.0]))
    jvp = forward_tangent(function, [a, b], [Tensor(np.array([2.0, 2.0])), Tensor(np.ones(2))])
    assert jvp.data[0] == 1.5


def test_pow_tangent_in_the_base_is_zero_where_the_exponent_is_zero():
    base, exponent = Tensor(np.array([0.0, 2.0])), Tensor(np.zeros(2))
    jvp = forward_tangent(lambda a, b: a**b, [base, exponent], [Tensor(np.ones(2)), None])
    np.testing.assert_array_equal(jvp.data, [0.0, 0.0])


def test_pow_tangent_in_the_exponent_is_zero_where_the_base_is_zero():
    base, exponent = Tensor(np.array([0.0, 1.0])), Tensor(np.array([2.0, 2.0]))
    jvp = forward_tangent(lambda a, b: a**b, [base, exponent], [None, Tensor(np.ones(2))])
    np.testing.assert_array_equal(jvp.data, [0.0, 0.0])


# ---------------------------------------------------------------- (4) forward-over-reverse
CHAINS = {
    "tanh": lambda x: (x.tanh() * x).tanh(),
    "sigmoid": lambda x: (x.sigmoid() * x).sigmoid(),
    "exp": lambda x: (x.exp() * x).exp(),
    "pow": lambda x: (x**3 + 2.0**x) ** 2,
    "mixed": lambda x: (x.tanh().exp() / (x.sigmoid() + 1)) ** 2,
}


@pytest.mark.parametrize("function", CHAINS.values(), ids=CHAINS.keys())
@given(seed=seeds(), shape=shapes())
def test_tangent_of_a_gradient_is_the_hessian_vector_product(function, seed, shape):
    rng = np.random.default_rng(seed)
    x = Tensor(rng.uniform(-1.0, 1.0, shape), requires_grad=True)
    direction, cotangent = random_like(rng, x), random_like(rng, x)
    (first,) = grad(function(x), x, grad_outputs=cotangent, create_graph=True)
    (double_backward,) = grad(first, x, grad_outputs=direction)
    with dual_level():
        dual = make_dual(x, direction)
        (gradient,) = grad(function(dual), dual, grad_outputs=cotangent, create_graph=True)
        forward_over_reverse = unpack_dual(gradient).tangent
    np.testing.assert_allclose(forward_over_reverse.data, double_backward.data, rtol=1e-10)


# ---------------------------------------------------------------- (5) dtypes
@pytest.mark.parametrize("case", CASES, ids=str)
def test_float32_inputs_give_a_float32_tangent(case, rng):
    inputs = leaves(case, rng, [(2, 3)] * len(case.domains), dtype=np.float32)
    jvp = forward_tangent(case.function, inputs, [random_like(rng, x) for x in inputs])
    assert jvp.dtype == np.float32


def test_tangent_takes_the_wider_output_dtype_of_mixed_inputs(rng):
    narrow = Tensor(rng.standard_normal(3).astype(np.float32))
    wide = Tensor(rng.standard_normal(3))
    jvp = forward_tangent(lambda a, b: a + b, [narrow, wide], [Tensor(np.ones(3)), None])
    assert jvp.dtype == np.float64
