"""The narration of the backward pass: each op's declared rule, with the numbers that flowed."""

import inspect
import re

import numpy as np
import pytest

import autograd
from autograd import Tensor
from autograd.edges import GradSummary
from autograd.ops import assign, elementwise, linalg, pointwise, reduce, shape
from autograd.ops.base import Op
from autograd.viz import narrate

# the classes that only share code between ops (no op of their own)
BASES = {pointwise.Smooth, pointwise.Flat, pointwise.Rounding, pointwise.Binary}


def builtin_ops():
    found = []
    for module in (elementwise, pointwise, reduce, shape, linalg, assign):
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, Op)
                and value.__module__ == module.__name__
                and value not in BASES
            ):
                found.append(value)
    return found


def numbers(text):
    """The numbers in a caption, with its true minus signs read as '-'."""
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text.replace("−", "-"))]


@pytest.mark.parametrize("cls", builtin_ops(), ids=lambda cls: cls.__name__)
def test_every_builtin_op_declares_its_own_rule(cls):
    assert isinstance(cls.__dict__.get("rule"), str) and cls.__dict__["rule"].startswith("∂")


@pytest.mark.parametrize("cls", builtin_ops(), ids=lambda cls: cls.__name__)
def test_rule_clauses_name_the_forward_parameters(cls):
    parameters = [name for name in inspect.signature(cls.forward).parameters if name != "self"]
    for clause in narrate.parse_rule(cls.rule):
        assert clause.target in parameters, (cls.__name__, clause.target, parameters)


def test_scalar_mul_substitutes_the_values_into_the_rule():
    a, b = Tensor(0.5, requires_grad=True), Tensor(3.0, requires_grad=True)
    out = a * b
    out.backward(Tensor(0.25))
    lines = narrate.narrate(out.grad_fn, out, np.asarray(0.25))
    assert lines[0] == "mul: ∂L/∂a = ∂L/∂out · b = 0.25 · 3 = 0.75"
    assert numbers(lines[0])[-1] == pytest.approx(float(a.grad))
    assert numbers(lines[1])[-1] == pytest.approx(float(b.grad))


def test_negative_values_are_bracketed_inside_a_product():
    x, y = Tensor(2.0, requires_grad=True, name="x"), Tensor(-3.0, requires_grad=True, name="y")
    out = x * y
    out.backward()
    first = narrate.narrate(out.grad_fn, out, np.asarray(1.0), "f")[0]
    assert first == "mul (a = x, b = y): ∂f/∂a = ∂f/∂out · b = 1 · (−3) = −3"


def test_a_rule_reading_the_output_substitutes_it():
    x = Tensor(0.5, requires_grad=True)
    out = x.exp()
    out.backward()
    (line,) = narrate.narrate(out.grad_fn, out, np.asarray(1.0))
    assert line.startswith("exp: ∂L/∂a = ∂L/∂out · out = 1 · 1.65 = 1.65")


def test_the_ops_arguments_are_substituted_too():
    x = Tensor(0.5, requires_grad=True)
    out = x.clip(-1.0, 1.0)
    out.backward()
    (line,) = narrate.narrate(out.grad_fn, out, np.asarray(1.0))
    assert "[−1 ≤ 0.5 ≤ 1]" in line and line.endswith("= 1")


def test_a_prose_rule_is_quoted_then_the_gradient():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True, name="x")
    out = x.sum()
    out.backward()
    (line,) = narrate.narrate(out.grad_fn, out, np.asarray(1.0), "y")
    assert line == "sum (a = x): ∂y/∂a = ∂y/∂out broadcast back to the shape of a = [1, 1, 1]"


def test_small_tensors_print_their_values_large_ones_a_summary():
    small = Tensor([1.0, -2.0], requires_grad=True)
    out = small * 3.0
    out.backward(Tensor([1.0, 1.0]))
    assert narrate.narrate(out.grad_fn, out, np.ones(2))[0].endswith("= [3, 3]")
    big = Tensor(np.arange(64.0).reshape(8, 8), requires_grad=True)
    out = big * 2.0
    out.backward(Tensor(np.ones((8, 8))))
    line = narrate.narrate(out.grad_fn, out, np.ones((8, 8)))[0]
    assert line.endswith("8×8, norm 16, first entries 2, 2, 2, 2, …")


def test_a_summarised_gradient_gives_shape_and_norm():
    summary = GradSummary((100, 10), np.dtype("float32"), 3.5, -0.25, 0.5)
    assert narrate.value_text(summary) == "100×10, norm 3.5, min −0.25, max 0.5"


def test_broadcast_inputs_say_their_gradient_was_summed_back():
    a = Tensor(np.ones((2, 3)), requires_grad=True)
    b = Tensor(np.ones(3), requires_grad=True)
    out = a + b
    out.backward(Tensor(np.ones((2, 3))))
    lines = narrate.narrate(out.grad_fn, out, np.ones((2, 3)))
    assert "summed" not in lines[0]
    assert lines[1].endswith("= [2, 2, 2] (summed over the broadcast axes to (3,))")


def test_an_op_without_a_rule_is_named_with_plain_words():
    class Cube(Op):
        def forward(self, a):
            return a**3

        def backward(self, grad):
            (a,) = self.inputs
            return (grad * a * a * 3,)

    x = Tensor(2.0, requires_grad=True)
    out = Cube.apply(x)
    out.backward()
    (line,) = narrate.narrate(out.grad_fn, out, np.asarray(1.0))
    assert line.startswith("cube: ∂L/∂a = 12")
    assert "no rule declared" in line


def test_a_function_with_a_rule_is_narrated_like_a_builtin_op():
    class Scale(autograd.Function):
        rule = "∂x = g · factor"

        @staticmethod
        def forward(ctx, x, factor):
            ctx.factor = factor
            return x.data * factor

        @staticmethod
        def backward(ctx, grad):
            return grad * ctx.factor, None

    x = Tensor(2.0, requires_grad=True, name="x")
    out = Scale.apply(x, 5.0)
    out.backward()
    (line,) = narrate.narrate(out.grad_fn, out, np.asarray(1.0))
    assert line == "Scale: ∂L/∂x = ∂L/∂out · factor = 1 · 5 = 5"  # x is called x already


def test_a_function_without_a_rule_is_narrated_plainly():
    class Double(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    x = Tensor([1.0, 2.0], requires_grad=True)
    out = Double.apply(x)
    out.backward(Tensor([1.0, 1.0]))
    (line,) = narrate.narrate(out.grad_fn, out, np.ones(2))
    assert line.startswith("Double: ∂L/∂x = [2, 2]") and "no rule declared" in line


def test_a_variadic_op_names_each_input_after_its_parameter():
    a, b = Tensor([1.0], requires_grad=True), Tensor([2.0, 3.0], requires_grad=True)
    out = autograd.concatenate([a, b])
    out.backward(Tensor([1.0, 2.0, 3.0]))
    lines = narrate.narrate(out.grad_fn, out, np.array([1.0, 2.0, 3.0]))
    assert [line.split(" = ")[0] for line in lines] == ["concatenate: ∂L/∂arrays"] * 2
    assert lines[0].endswith("= [1]") and lines[1].endswith("= [2, 3]")


def test_rules_with_and_without_formulas_are_told_apart():
    clauses = narrate.parse_rule("∂a = g · sqrt(π) / 2 · exp(out²); ∂b = g summed over rows")
    assert [(clause.target, clause.formula) for clause in clauses] == [("a", True), ("b", False)]
    (loose,) = narrate.parse_rule("the gradient is copied back")
    assert loose.target == "" and not loose.formula


def test_accumulation_writes_the_sum_of_what_arrived():
    line = narrate.accumulation("a.grad", [np.array(4.0), np.array(-6.0)], np.array(-2.0))
    assert line == "a.grad = 4 + (−6) = −2"
    large = narrate.accumulation("w.grad", [np.ones(10), np.ones(10)], np.full(10, 2.0))
    assert large.startswith("w.grad = the sum of the 2 gradients that arrived = (10,), norm 6.32")


def test_tooltip_text_keeps_full_precision():
    assert narrate.exact_text(np.float64(1 / 3)) == "0.3333333333333333"
    assert narrate.exact_text(np.array([0.1, 0.2], dtype=np.float32)) == "[0.1, 0.2]"
    long = narrate.exact_text(np.arange(100.0), limit=3)
    assert long.startswith("[0.0, 1.0, 2.0, …]") and "first 3 of 100" in long
