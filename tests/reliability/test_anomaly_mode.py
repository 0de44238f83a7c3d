"""detect_anomaly: each NaN/inf is reported with its op, the user's line and the shapes, also
when it comes from inside nn layers, composite functions or a no_grad block; outside the
context nothing is recorded and nothing is checked."""

import inspect
import os

import numpy as np
import pytest

import autograd
import nn
from autograd import AnomalyError, Tensor, detect_anomaly, no_grad

pytestmark = pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")

THIS_FILE = os.path.basename(__file__)


def next_line():
    """The line number of the caller's next line."""
    return inspect.currentframe().f_back.f_lineno + 1


def site_of(message: str) -> str:
    """The 'file:line' part of an anomaly message, with the directories stripped."""
    for word in message.split():
        if ".py:" in word:
            return os.path.basename(word.rstrip(")"))
    raise AssertionError(f"no file:line in {message!r}")


def overflowing_linear() -> nn.Linear:
    """A float32 Linear(2, 1) whose weights are so large that x @ W.T overflows for x ~ 1e10."""
    layer = nn.Linear(2, 1)
    with no_grad():
        layer.weight[...] = 3e38
        layer.bias[...] = 0.0
    return layer


# ---------------------------------------------------------------------- forward
def test_forward_nan_under_no_grad_inside_anomaly_mode_raises():
    with (
        detect_anomaly(),
        no_grad(),
        pytest.raises(AnomalyError, match=r"forward of 'log'.*NaN") as info,
    ):
        line = next_line()
        Tensor(np.array([-1.0, 2.0])).log()
    assert site_of(str(info.value)) == f"{THIS_FILE}:{line}"


def test_forward_inf_under_no_grad_names_the_shapes():
    with detect_anomaly(), no_grad(), pytest.raises(AnomalyError) as info:
        Tensor(np.ones((2, 3))) / Tensor(np.zeros((1, 3)))
    message = str(info.value)
    assert "'div'" in message and "inf" in message
    assert "(2, 3), (1, 3)" in message and "output shape (2, 3)" in message


def test_forward_anomaly_inside_an_nn_layer_reports_the_callers_line():
    layer = overflowing_linear()
    x = Tensor(np.array([[1e10, 1e10]], dtype=np.float32))
    with detect_anomaly(), pytest.raises(AnomalyError, match="forward of 'linear'") as info:
        line = next_line()
        layer(x)
    assert site_of(str(info.value)) == f"{THIS_FILE}:{line}"


def test_forward_anomaly_inside_nested_modules_reports_the_callers_line():
    model = nn.Sequential(nn.Sequential(overflowing_linear(), nn.ReLU()), nn.Linear(1, 1))
    x = Tensor(np.array([[1e10, 1e10]], dtype=np.float32))
    with detect_anomaly(), pytest.raises(AnomalyError) as info:
        line = next_line()
        model(x)
    assert site_of(str(info.value)) == f"{THIS_FILE}:{line}"


def test_forward_anomaly_inside_an_nn_layer_under_no_grad_is_reported():
    layer = overflowing_linear()
    x = Tensor(np.array([[1e10, 1e10]], dtype=np.float32))
    with (
        detect_anomaly(),
        no_grad(),
        pytest.raises(AnomalyError, match="forward of 'linear'") as info,
    ):
        line = next_line()
        layer(x)
    assert site_of(str(info.value)) == f"{THIS_FILE}:{line}"


def test_forward_anomaly_in_a_users_helper_reports_the_helpers_line():
    def unstable_log(t):
        return t.log()  # the innermost user frame is this line

    line = inspect.getsourcelines(unstable_log)[1] + 1
    with detect_anomaly(), pytest.raises(AnomalyError) as info:
        unstable_log(Tensor(np.array([-2.0]), requires_grad=True))
    assert site_of(str(info.value)) == f"{THIS_FILE}:{line}"


def test_forward_anomaly_blames_the_first_op_not_the_ones_that_propagate_it():
    x = Tensor(np.array([-1.0, 1.0]), requires_grad=True)
    with detect_anomaly(check_forward=False):
        y = x.log()  # NaN here, forward checks off
    with detect_anomaly():
        (y * 2).exp().sum()  # NaN in, NaN out: not a new anomaly


def test_check_forward_false_skips_forward_checks():
    with detect_anomaly(check_forward=False):
        y = Tensor(np.array([-1.0])).log()
    assert np.isnan(y.data).all()


def test_check_forward_false_still_checks_backward():
    x = Tensor(np.array([0.0]), requires_grad=True)
    with detect_anomaly(check_forward=False):
        y = x.sqrt().sum()
        with pytest.raises(AnomalyError, match="backward of 'sqrt'"):
            y.backward()


# ---------------------------------------------------------------------- backward
def test_backward_anomaly_inside_an_nn_layer_reports_the_line_that_called_the_layer():
    layer = nn.Linear(2, 1)
    with no_grad():
        layer.weight[...] = 3e38
    x = Tensor(np.array([[1e-30, 1e-30]], dtype=np.float32), requires_grad=True)
    with detect_anomaly():
        line = next_line()
        out = layer(x)
        loss = (out * 1e10).sum()  # backward: 1e10 * 3e38 overflows float32
        with pytest.raises(AnomalyError, match=r"backward of 'linear'") as info:
            loss.backward()
    assert site_of(str(info.value)) == f"{THIS_FILE}:{line}"
    assert "inf" in str(info.value)


def test_backward_anomaly_in_a_nested_composite_reports_the_users_line():
    # (std of a constant row used to be the example; its gradient is now 0, as PyTorch's)
    x = Tensor(np.full(4, -np.inf), requires_grad=True)
    with detect_anomaly(check_forward=False):  # log(0) = -inf in forward already
        line = next_line()
        total = x.logsumexp()  # exp -> sum -> log inside composite.py; log(0) = -inf
        with pytest.raises(AnomalyError, match=r"backward of 'log'") as info:
            total.backward()  # d log/dv at v = 0 is inf
    assert site_of(str(info.value)) == f"{THIS_FILE}:{line}"
    assert "input shapes (1,)" in str(info.value)


def test_backward_anomaly_reports_the_input_position_and_gradient_shape():
    x = Tensor(np.array([[1.0, 0.0]]), requires_grad=True)
    y = Tensor(np.array([[2.0, 3.0]]), requires_grad=True)
    with detect_anomaly(check_forward=False):  # y / x is inf in forward already
        z = (y / x).sum()
        with pytest.raises(AnomalyError) as info:
            z.backward()
    message = str(info.value)
    assert "backward of 'div'" in message and "gradient of input" in message
    assert "input shapes (1, 2), (1, 2)" in message and "gradient shape (1, 2)" in message


def test_created_at_is_recorded_only_inside_the_context():
    x = Tensor(np.array([1.0]), requires_grad=True)
    outside = x.exp()
    with detect_anomaly():
        line = next_line()
        inside = x.exp()
    after = x.exp()
    assert outside.grad_fn.created_at is None
    assert after.grad_fn.created_at is None
    filename, lineno = inside.grad_fn.created_at
    assert os.path.basename(filename) == THIS_FILE and lineno == line


def test_nothing_is_checked_outside_the_context():
    x = Tensor(np.array([0.0, -1.0]), requires_grad=True)
    y = x.log()  # NaN and -inf, no error
    with no_grad():
        Tensor(np.array([-1.0])).sqrt()
    (x.sqrt() * 0).sum().backward()  # NaN gradient, no error
    assert np.isnan(y.data[1]) and np.isnan(x.grad[0])


def test_anomaly_mode_is_restored_after_an_exception():
    with pytest.raises(AnomalyError), detect_anomaly():
        Tensor(np.array([-1.0])).log()
    Tensor(np.array([-1.0])).log()  # outside again: no error
    assert autograd.grad_mode.STATE.anomaly is False


def test_nested_detect_anomaly_blocks_restore_the_outer_setting():
    with detect_anomaly():
        with detect_anomaly(check_forward=False):
            Tensor(np.array([-1.0])).log()
        with pytest.raises(AnomalyError):
            Tensor(np.array([-1.0])).log()


def test_anomaly_mode_is_thread_local():
    import threading

    results = []

    def other_thread():
        Tensor(np.array([-1.0])).log()  # this thread is not in anomaly mode
        results.append("ok")

    with detect_anomaly():
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
    assert results == ["ok"]


def test_a_users_directory_named_like_the_package_is_not_skipped(tmp_path):
    user_dir = tmp_path / "nn_experiments"
    user_dir.mkdir()
    script = user_dir / "script.py"
    script.write_text(
        "import numpy as np\nfrom autograd import Tensor\n\n"
        "def run():\n    return Tensor(np.array([-1.0])).log()\n"
    )
    namespace = {}
    exec(compile(script.read_text(), str(script), "exec"), namespace)
    with detect_anomaly(), pytest.raises(AnomalyError) as info:
        namespace["run"]()
    assert "script.py:5" in str(info.value)


def test_finite_training_step_passes_under_anomaly_mode():
    nn.init.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
    x = Tensor(np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32))
    with detect_anomaly():
        loss = nn.functional.cross_entropy(model(x), np.array([0, 1, 2, 0, 1]))
        loss.backward()
    assert all(np.isfinite(p.grad).all() for p in model.parameters())
