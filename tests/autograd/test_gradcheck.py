"""gradcheck itself: it passes correct gradients and pinpoints wrong ones."""

import numpy as np
import pytest

from autograd import GradcheckError, Tensor, gradcheck
from autograd.ops import Op


class SquareWithWrongBackward(Op):
    """x^2 whose backward forgets the factor 2: the mistake gradcheck must catch."""

    name = "bad_square"

    def forward(self, x):
        return x * x

    def backward(self, grad):
        return (grad * self.inputs[0],)


def test_gradcheck_returns_true_for_correct_gradients(leaf):
    assert gradcheck(lambda a, b: (a * b).tanh(), [leaf(2, 3), leaf(3)]) is True


def test_gradcheck_names_input_element_and_both_values_for_a_wrong_backward():
    x = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda t: SquareWithWrongBackward.apply(t), [x])
    message = str(info.value)
    assert "input 0" in message
    assert "element (0,)" in message
    assert "analytic 1" in message and "numerical 2" in message


def test_gradcheck_names_the_failing_input_by_position_and_name():
    good = Tensor(np.array([1.0]), requires_grad=True)
    bad = Tensor(np.array([[1.0, 2.0]]), requires_grad=True, name="w")
    with pytest.raises(GradcheckError, match=r"input 1 'w' \(shape \(1, 2\)\) at element \(0, 1\)"):
        gradcheck(lambda a, b: a * SquareWithWrongBackward.apply(b)[:, ::-1], [good, bad])


def test_gradcheck_only_checks_inputs_that_require_grad(leaf):
    constant = Tensor(np.array([1.0, 2.0]))
    assert gradcheck(lambda a, c: a * c, [leaf(2), constant])


def test_gradcheck_refuses_float32_inputs():
    with pytest.raises(TypeError, match="gradcheck: input 0 is float32; use float64"):
        gradcheck(lambda a: a * 2, [Tensor([1.0], requires_grad=True)])


def test_gradcheck_needs_an_input_that_requires_grad():
    with pytest.raises(ValueError, match="no input requires grad"):
        gradcheck(lambda a: a * 2, [Tensor(np.ones(2))])


def test_gradcheck_handles_several_outputs(leaf):
    assert gradcheck(lambda a: (a.exp(), a.sum()), [leaf(3)])


def test_gradcheck_works_on_non_contiguous_inputs(rng):
    x = Tensor(rng.standard_normal((3, 2)).T, requires_grad=True)  # a transposed view
    assert gradcheck(lambda a: a * np.arange(6.0).reshape(2, 3), [x])


def test_gradcheck_leaves_the_inputs_unchanged(leaf):
    x = leaf(2, 3)
    before = x.data.copy()
    gradcheck(lambda a: a.exp(), [x])
    np.testing.assert_array_equal(x.data, before)
