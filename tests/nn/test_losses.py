"""Losses and nn.functional against hand computation in NumPy, and gradcheck."""

import numpy as np
import pytest

import nn
from autograd import Tensor, gradcheck
from nn import functional


def log_softmax(x):
    shifted = x - x.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


@pytest.fixture
def logits(rng):
    return rng.standard_normal((5, 4)) * 2


TARGET = np.array([0, 3, 1, 1, 2])


# ---------------------------------------------------------------- cross-entropy, indices
def test_cross_entropy_with_indices_is_mean_negative_log_probability(logits):
    expected = -log_softmax(logits)[np.arange(5), TARGET].mean()
    assert functional.cross_entropy(Tensor(logits), TARGET).item() == pytest.approx(
        expected, rel=1e-12
    )


@pytest.mark.parametrize("target", [TARGET.tolist(), Tensor(TARGET)], ids=["list", "tensor"])
def test_cross_entropy_accepts_lists_and_tensors_of_indices(logits, target):
    expected = functional.cross_entropy(Tensor(logits), TARGET).item()
    assert functional.cross_entropy(Tensor(logits), target).item() == pytest.approx(expected)


def test_cross_entropy_reductions_sum_and_none(logits):
    per_sample = -log_softmax(logits)[np.arange(5), TARGET]
    np.testing.assert_allclose(
        functional.cross_entropy(Tensor(logits), TARGET, reduction="none").data,
        per_sample,
        rtol=1e-12,
    )
    assert functional.cross_entropy(
        Tensor(logits), TARGET, reduction="sum"
    ).item() == pytest.approx(per_sample.sum(), rel=1e-12)


def test_cross_entropy_gradient_is_softmax_minus_onehot_over_n(tensor64, logits):
    x = tensor64(logits)
    functional.cross_entropy(x, TARGET).backward()
    probabilities = np.exp(log_softmax(logits))
    np.testing.assert_allclose(x.grad, (probabilities - np.eye(4)[TARGET]) / 5, rtol=1e-10)


def test_cross_entropy_is_stable_for_huge_logits():
    loss = functional.cross_entropy(Tensor(np.array([[1000.0, 2000.0, 3000.0]])), [2])
    assert loss.item() == 0.0


def test_cross_entropy_gradients_match_finite_differences(tensor64, logits):
    assert gradcheck(
        lambda x: functional.cross_entropy(x, TARGET, label_smoothing=0.2), [tensor64(logits)]
    )


def test_cross_entropy_label_smoothing_matches_pytorch_formula(logits):
    eps, classes = 0.1, 4
    logp = log_softmax(logits)
    per_sample = (1 - eps) * -logp[np.arange(5), TARGET] + eps / classes * -logp.sum(axis=1)
    loss = functional.cross_entropy(Tensor(logits), TARGET, label_smoothing=eps)
    assert loss.item() == pytest.approx(per_sample.mean(), rel=1e-12)


def test_cross_entropy_ignore_index_averages_over_the_other_targets(logits):
    target = np.array([0, -100, 1, -100, 2])
    kept = target != -100
    expected = -log_softmax(logits)[np.arange(5)[kept], target[kept]].mean()
    assert functional.cross_entropy(Tensor(logits), target).item() == pytest.approx(
        expected, rel=1e-12
    )


def test_cross_entropy_ignored_rows_get_no_gradient(tensor64, logits):
    x = tensor64(logits)
    functional.cross_entropy(x, np.array([0, 7, 1, 7, 2]), ignore_index=7).backward()
    assert not x.grad[[1, 3]].any()


def test_cross_entropy_ignore_index_with_label_smoothing(logits):
    eps, target = 0.2, np.array([0, -100, 1, 3, -100])
    kept = target != -100
    logp = log_softmax(logits)[kept]
    per_sample = (1 - eps) * -logp[np.arange(3), target[kept]] + eps / 4 * -logp.sum(axis=1)
    for reduction, expected in (("mean", per_sample.mean()), ("sum", per_sample.sum())):
        loss = functional.cross_entropy(
            Tensor(logits), target, label_smoothing=eps, reduction=reduction
        )
        assert loss.item() == pytest.approx(expected, rel=1e-12)
    none = functional.cross_entropy(
        Tensor(logits), target, label_smoothing=eps, reduction="none"
    ).data
    np.testing.assert_allclose(none[kept], per_sample, rtol=1e-12)
    assert not none[~kept].any()


def test_cross_entropy_with_every_target_ignored_is_nan_like_pytorch(logits):
    assert np.isnan(functional.cross_entropy(Tensor(logits), np.full(5, -100)).item())


def test_cross_entropy_with_class_dimension_in_the_middle(rng):
    logits = rng.standard_normal((2, 3, 4))  # (N, C, L)
    target = rng.integers(0, 3, size=(2, 4))
    flat = logits.transpose(0, 2, 1).reshape(-1, 3)
    expected = -log_softmax(flat)[np.arange(8), target.reshape(-1)]
    np.testing.assert_allclose(
        functional.cross_entropy(Tensor(logits), target, reduction="none").data,
        expected.reshape(2, 4),
        rtol=1e-12,
    )


# ---------------------------------------------------------------- cross-entropy, probabilities
def test_cross_entropy_with_one_hot_equals_cross_entropy_with_indices(logits):
    one_hot = np.eye(4)[TARGET]
    assert functional.cross_entropy(Tensor(logits), one_hot).item() == pytest.approx(
        functional.cross_entropy(Tensor(logits), TARGET).item(), rel=1e-12
    )


def test_cross_entropy_with_probabilities_and_label_smoothing(logits, rng):
    q = rng.dirichlet(np.ones(4), size=5)
    eps = 0.3
    expected = -((q * (1 - eps) + eps / 4) * log_softmax(logits)).sum(axis=1).mean()
    loss = functional.cross_entropy(Tensor(logits), q, label_smoothing=eps)
    assert loss.item() == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_probability_target_gradients(tensor64, logits, rng):
    q = tensor64(rng.dirichlet(np.ones(4), size=5))
    assert gradcheck(lambda x, q: functional.cross_entropy(x, q), [tensor64(logits), q])


# ---------------------------------------------------------------- cross-entropy errors
def test_cross_entropy_out_of_range_class_names_function_and_shape(logits):
    with pytest.raises(
        IndexError,
        match=r"cross_entropy: target holds class 4, out of range "
        r"for 4 classes \(scores shape \(5, 4\)\)",
    ):
        functional.cross_entropy(Tensor(logits), np.array([0, 1, 2, 3, 4]))


def test_cross_entropy_negative_class_is_out_of_range(logits):
    with pytest.raises(IndexError, match="class -1"):
        functional.cross_entropy(Tensor(logits), np.array([0, 1, 2, 3, -1]))


def test_cross_entropy_wrong_target_length_names_both_shapes(logits):
    with pytest.raises(ValueError, match=r"shape \(5,\).*got target shape \(4,\)"):
        functional.cross_entropy(Tensor(logits), np.array([0, 1, 2, 3]))


def test_cross_entropy_float_indices_are_refused_with_a_hint(logits):
    with pytest.raises(TypeError, match="must hold integer class indices"):
        functional.cross_entropy(Tensor(logits), TARGET.astype(np.float64))


def test_cross_entropy_unknown_reduction(logits):
    with pytest.raises(ValueError, match="reduction must be one of"):
        functional.cross_entropy(Tensor(logits), TARGET, reduction="avg")


# ---------------------------------------------------------------- loss modules
def test_cross_entropy_loss_module_passes_its_settings(logits):
    module = nn.CrossEntropyLoss(reduction="sum", label_smoothing=0.1, ignore_index=3)
    expected = functional.cross_entropy(
        Tensor(logits), TARGET, reduction="sum", label_smoothing=0.1, ignore_index=3
    )
    assert module(Tensor(logits), TARGET).item() == pytest.approx(expected.item())


def test_nll_loss_picks_the_target_log_probability(logits):
    logp = log_softmax(logits)
    assert nn.NLLLoss()(Tensor(logp), TARGET).item() == pytest.approx(
        -logp[np.arange(5), TARGET].mean(), rel=1e-12
    )


def test_nll_loss_respects_ignore_index(logits):
    logp = log_softmax(logits)
    target = np.array([0, 1, -100, 2, 3])
    expected = -logp[[0, 1, 3, 4], [0, 1, 2, 3]].mean()
    assert functional.nll_loss(Tensor(logp), target).item() == pytest.approx(expected, rel=1e-12)


def test_mse_loss_is_the_mean_squared_difference(rng):
    a, b = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    assert nn.MSELoss()(Tensor(a), Tensor(b)).item() == pytest.approx(((a - b) ** 2).mean())
    assert nn.MSELoss(reduction="sum")(Tensor(a), b).item() == pytest.approx(((a - b) ** 2).sum())


def test_mse_loss_gradients_match_finite_differences(leaf):
    assert gradcheck(functional.mse_loss, [leaf(3, 2), leaf(3, 2)])


def test_mse_loss_refuses_silently_broadcasting_shapes():
    with pytest.raises(
        ValueError,
        match=r"mse_loss: input of shape \(4, 1\) and target of "
        r"shape \(4,\)",
    ):
        functional.mse_loss(Tensor(np.zeros((4, 1))), Tensor(np.zeros(4)))


def test_bce_with_logits_matches_the_textbook_formula(rng):
    x, y = rng.standard_normal(6) * 3, rng.uniform(size=6)
    p = 1 / (1 + np.exp(-x))
    expected = -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()
    assert nn.BCEWithLogitsLoss()(Tensor(x), Tensor(y)).item() == pytest.approx(expected, rel=1e-10)


def test_bce_with_logits_is_stable_for_huge_logits():
    loss = functional.binary_cross_entropy_with_logits(
        Tensor(np.array([1000.0, -1000.0])), np.array([0.0, 1.0]), reduction="none"
    )
    np.testing.assert_allclose(loss.data, [1000.0, 1000.0])


def test_bce_with_logits_gradient_is_sigmoid_minus_target_even_at_zero(tensor64):
    x = tensor64([0.0, 2.0, -3.0])
    y = np.array([1.0, 0.0, 1.0])
    functional.binary_cross_entropy_with_logits(x, y, reduction="sum").backward()
    np.testing.assert_allclose(x.grad, 1 / (1 + np.exp(-x.data)) - y, rtol=1e-12)


def test_bce_with_logits_gradients_match_finite_differences(tensor64, rng):
    x, y = tensor64(rng.standard_normal(5) + 0.1), tensor64(rng.uniform(size=5))
    assert gradcheck(functional.binary_cross_entropy_with_logits, [x, y])


# ---------------------------------------------------------------- functional odds and ends
def test_functional_activations_accept_tensors(rng):
    x = rng.standard_normal(4)
    np.testing.assert_allclose(functional.relu(Tensor(x)).data, np.maximum(x, 0))
    np.testing.assert_allclose(functional.sigmoid(Tensor(x)).data, 1 / (1 + np.exp(-x)))
    np.testing.assert_allclose(functional.tanh(Tensor(x)).data, np.tanh(x))
    np.testing.assert_allclose(functional.softmax(Tensor(x)).data, np.exp(x) / np.exp(x).sum())


def test_functional_dropout_in_eval_returns_the_input():
    x = Tensor(np.ones(3))
    assert functional.dropout(x, 0.5, training=False) is x


def test_softmax_cross_entropy_graph_has_no_custom_backward(logits):
    """Every op in the loss's graph is an engine primitive (ops live in autograd.ops)."""
    x = Tensor(logits, requires_grad=True)
    loss = functional.cross_entropy(x, TARGET, label_smoothing=0.1)
    stack, modules = [loss], set()
    while stack:
        tensor = stack.pop()
        if tensor.grad_fn is not None:
            modules.add(type(tensor.grad_fn).__module__)
            stack.extend(tensor.grad_fn.inputs)
    assert modules and all(module.startswith("autograd.ops") for module in modules)


# ---------------------------------------------------------------- empty batches (PyTorch's)
def empty_logits(classes=3):
    return Tensor(np.zeros((0, classes), np.float32), requires_grad=True)


@pytest.mark.parametrize(
    "target",
    [np.zeros(0, np.int64), np.zeros((0, 3), np.float32)],
    ids=["class-indices", "probabilities"],
)
def test_cross_entropy_of_an_empty_batch_is_nan_with_mean(target):
    logits = empty_logits()
    loss = functional.cross_entropy(logits, target)
    assert loss.shape == ()
    assert np.isnan(loss.item())
    loss.backward()
    assert logits.grad.shape == (0, 3)


@pytest.mark.parametrize(
    "target",
    [np.zeros(0, np.int64), np.zeros((0, 3), np.float32)],
    ids=["class-indices", "probabilities"],
)
def test_cross_entropy_of_an_empty_batch_is_zero_with_sum(target):
    logits = empty_logits()
    loss = functional.cross_entropy(logits, target, reduction="sum", label_smoothing=0.1)
    assert loss.item() == 0.0
    loss.backward()
    assert logits.grad.shape == (0, 3)


def test_cross_entropy_of_an_empty_batch_without_reduction_is_empty():
    logits = empty_logits()
    loss = functional.cross_entropy(logits, np.zeros(0, np.int64), reduction="none")
    assert loss.shape == (0,)
    loss.backward(np.zeros(0, np.float32))
    assert logits.grad.shape == (0, 3)


def test_cross_entropy_loss_module_on_an_empty_batch_is_nan():
    assert np.isnan(nn.CrossEntropyLoss()(empty_logits(), np.zeros(0, np.int64)).item())


def test_mse_loss_of_empty_inputs_follows_pytorch():
    prediction = Tensor(np.zeros(0, np.float32), requires_grad=True)
    mean = functional.mse_loss(prediction, np.zeros(0, np.float32))
    assert np.isnan(mean.item())
    mean.backward()
    assert prediction.grad.shape == (0,)
    assert functional.mse_loss(prediction, np.zeros(0), reduction="sum").item() == 0.0
    assert functional.mse_loss(prediction, np.zeros(0), reduction="none").shape == (0,)
