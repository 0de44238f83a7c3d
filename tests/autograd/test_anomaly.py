"""detect_anomaly: the first NaN/inf in forward or backward names its op and the user's line."""

import inspect
import os

import numpy as np
import pytest

import autograd
from autograd import AnomalyError, Tensor, detect_anomaly

THIS_FILE = os.path.basename(__file__)


def next_line():
    """The line number of the caller's next line."""
    return inspect.currentframe().f_back.f_lineno + 1


def test_forward_nan_names_the_op_and_the_line():
    x = Tensor(np.array([1.0, -1.0]), requires_grad=True)
    with detect_anomaly(), pytest.raises(AnomalyError, match=r"forward of 'log'") as info:
        line = next_line()
        x.log()
    assert f"{THIS_FILE}:{line}" in str(info.value)
    assert "NaN" in str(info.value) and "(2,)" in str(info.value)


def test_forward_nan_in_a_tensor_without_grad_is_found_too():
    with detect_anomaly(), pytest.raises(AnomalyError, match="forward of 'sqrt'"):
        Tensor(np.array([-1.0])).sqrt()


def test_forward_inf_is_reported():
    x = Tensor(np.array([1.0, 0.0]), requires_grad=True)
    with detect_anomaly(), pytest.raises(AnomalyError, match=r"forward of 'div'.*inf"):
        Tensor(np.ones(2)) / x


def test_backward_inf_names_the_op_and_where_it_was_created():
    x = Tensor(np.array([0.0, 4.0]), requires_grad=True)
    with detect_anomaly():
        line = next_line()
        y = x.sqrt().sum()  # fine forward: sqrt(0) = 0; backward 1 / (2 sqrt(0)) = inf
        with pytest.raises(AnomalyError, match=r"backward of 'sqrt'") as info:
            y.backward()
    assert f"{THIS_FILE}:{line}" in str(info.value)
    assert "inf" in str(info.value)


def test_backward_nan_is_reported():
    x = Tensor(np.array([0.0]), requires_grad=True)
    with detect_anomaly():
        y = (x.sqrt() * 0.0).sum()  # backward: 0 / (2 sqrt(0)) = NaN
        with pytest.raises(AnomalyError, match=r"backward of 'sqrt'.*NaN"):
            y.backward()


def test_nothing_is_raised_outside_the_context():
    x = Tensor(np.array([0.0, -1.0]), requires_grad=True)
    y = x.sqrt().sum()
    y.backward()
    assert np.isinf(x.grad[0])


def test_the_context_ends_with_the_block():
    with detect_anomaly():
        pass
    Tensor(np.array([-1.0])).log()


def test_finite_computation_passes_under_anomaly_mode():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    with detect_anomaly():
        (x.softmax() * x.log()).sum().backward()
    assert np.isfinite(x.grad).all()


def test_masked_branches_do_not_raise_under_anomaly_mode():
    # pow with a tensor exponent takes log(base), which is -inf at base 0; the where()
    # in its backward discards it, so no anomaly should be reported
    base = Tensor(np.array([0.0, 2.0]))
    exponent = Tensor(np.array([2.0, 3.0]), requires_grad=True)
    with detect_anomaly():
        (base**exponent).sum().backward()
    np.testing.assert_allclose(exponent.grad, [0.0, 8 * np.log(2.0)])


def test_backward_inf_with_create_graph_names_the_op_whose_backward_made_it():
    x = Tensor(np.array([0.0, 4.0]), requires_grad=True)
    with detect_anomaly():
        y = x.sqrt().sum()
        with pytest.raises(AnomalyError, match=r"backward of 'sqrt'"):
            autograd.grad(y, [x], create_graph=True)


def test_masked_branches_do_not_raise_with_create_graph():
    base = Tensor(np.array([0.0, 2.0]))
    exponent = Tensor(np.array([2.0, 3.0]), requires_grad=True)
    with detect_anomaly():
        (grad,) = autograd.grad((base**exponent).sum(), [exponent], create_graph=True)
    np.testing.assert_allclose(grad.data, [0.0, 8 * np.log(2.0)])
