"""gradcheck never passes an output it did not check (as PyTorch's)."""

import numpy as np
import pytest

from autograd import GradcheckError, Tensor, gradcheck, no_grad


def test_gradcheck_fails_a_function_whose_output_is_detached():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    with pytest.raises(GradcheckError, match="does not require grad"):
        gradcheck(lambda t: (t * 3).detach(), [x])


def test_gradcheck_fails_an_output_computed_under_no_grad():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)

    def made_without_graph(t):
        with no_grad():
            return t * t

    with pytest.raises(GradcheckError, match="numerical 2"):
        gradcheck(made_without_graph, [x])


def test_gradcheck_accepts_an_output_that_truly_does_not_depend_on_the_inputs():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    assert gradcheck(lambda t: (t * 2, Tensor(np.ones(3))), [x])
