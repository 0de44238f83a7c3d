"""Fuzzing the engine: random graphs of primitive ops, each gradient checked against finite
differences in float64.

The regular suite checks a few hundred graphs; for a long run set GRAPHGRAD_FUZZ_LONG=1 (ten
times the examples), or GRAPHGRAD_FUZZ_EXAMPLES for an exact count per test:

    GRAPHGRAD_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/reliability/test_fuzz_graphs.py -q
"""

import os

import numpy as np
from hypothesis import given, settings

import autograd
from autograd import Tensor

from .. import strategies
from .random_graphs import BINARY, UNARY, op_names, programs

EXAMPLES = int(os.environ.get("GRAPHGRAD_FUZZ_EXAMPLES", "0")) or None


def examples(regular: int) -> int:
    return EXAMPLES or strategies.examples(regular)


@settings(max_examples=examples(600))
@given(programs())
def test_random_graph_gradients_match_finite_differences(case):
    inputs, program = case
    assert autograd.gradcheck(program, inputs), program


@settings(max_examples=examples(200))
@given(programs())
def test_backward_into_grad_equals_autograd_grad_and_accumulates(case):
    inputs, program = case
    expected = autograd.grad(program(*inputs), inputs, allow_unused=True)
    loss = program(*inputs)
    loss.backward(retain_graph=True)
    first = [None if x.grad is None else x.grad.copy() for x in inputs]
    loss.backward()
    for x, want, got in zip(inputs, expected, first, strict=True):
        if want is None:
            assert x.grad is None, program
            continue
        np.testing.assert_allclose(got, want.data, rtol=1e-12, atol=1e-12, err_msg=repr(program))
        np.testing.assert_allclose(
            x.grad, 2 * want.data, rtol=1e-12, atol=1e-12, err_msg=repr(program)
        )


@settings(max_examples=examples(100))
@given(programs(max_steps=4))
def test_random_graph_second_derivatives_match_finite_differences(case):
    inputs, program = case

    def first_derivative(*tensors):
        grads = autograd.grad(program(*tensors), tensors, create_graph=True, allow_unused=True)
        terms = [(g * g).sum() for g in grads if g is not None and g.requires_grad]
        return sum(terms[1:], terms[0]) if terms else Tensor(np.array(0.0)) * tensors[0].sum()

    assert autograd.gradcheck(first_derivative, inputs, atol=1e-4, rtol=1e-3), program


def test_fuzzer_exercises_every_primitive():
    seen = set()

    @settings(max_examples=300)
    @given(programs())
    def collect(case):
        inputs, program = case
        seen.update(op_names(program(*inputs)))

    collect()
    primitives = {
        "add",
        "sub",
        "neg",
        "mul",
        "div",
        "pow",
        "exp",
        "log",
        "sqrt",
        "abs",
        "relu",
        "sigmoid",
        "tanh",
        "clip",
        "maximum",
        "minimum",
        "where",
        "sum",
        "mean",
        "max",
        "min",
        "reshape",
        "transpose",
        "expand",
        "getitem",
        "concatenate",
        "stack",
        "matmul",
        "linear",
    }
    assert primitives <= seen, f"never generated: {sorted(primitives - seen)}"
    assert set(UNARY).isdisjoint(BINARY)
