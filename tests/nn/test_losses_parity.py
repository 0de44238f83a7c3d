"""The PyTorch-parity losses against NumPy closed forms of PyTorch's definitions, and gradcheck."""

import numpy as np
import pytest

import nn
from autograd import Tensor, gradcheck
from nn import functional

N, C = 6, 4


@pytest.fixture
def logits(rng):
    return rng.standard_normal((N, C)) * 2


@pytest.fixture
def pair(rng):
    return rng.standard_normal((N, C)) * 2, rng.standard_normal((N, C)) * 2


TARGET = np.array([0, 3, 1, 1, 2, 3])
WEIGHT = np.array([0.5, 2.0, 1.0, 3.0])


def log_softmax(x):
    shifted = x - x.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def torch_cross_entropy(x, t, weight, eps=0.0, ignore=-100):
    """PyTorch's: (1 - eps) nll_loss(w) + eps / C * sum_i sum_c w_c (-logp_ic), each over the
    sum of w[t_i] of the kept rows."""
    logp, keep = log_softmax(x), t != ignore
    safe = np.where(keep, t, 0)
    nll = np.where(keep, -weight[safe] * logp[np.arange(len(t)), safe], 0.0)
    smooth = np.where(keep, -(logp * weight).sum(axis=1), 0.0)
    return ((1 - eps) * nll.sum() + eps / x.shape[1] * smooth.sum()) / weight[safe][keep].sum()


# ---------------------------------------------------------------- class weights
def test_weighted_nll_loss_mean_divides_by_the_sum_of_target_weights(logits):
    logp = log_softmax(logits)
    expected = -(WEIGHT[TARGET] * logp[np.arange(N), TARGET]).sum() / WEIGHT[TARGET].sum()
    got = functional.nll_loss(Tensor(logp), TARGET, weight=WEIGHT).item()
    assert got == pytest.approx(expected, rel=1e-12)


def test_weighted_nll_loss_ignores_targets_and_their_weights(logits):
    target = np.where(np.arange(N) % 3 == 0, -100, TARGET)
    got = functional.nll_loss(Tensor(log_softmax(logits)), target, weight=WEIGHT).item()
    assert got == pytest.approx(torch_cross_entropy(logits, target, WEIGHT), rel=1e-12)


def test_weighted_cross_entropy_none_and_sum_are_weighted_per_row(logits):
    per_row = -WEIGHT[TARGET] * log_softmax(logits)[np.arange(N), TARGET]
    none = functional.cross_entropy(Tensor(logits), TARGET, reduction="none", weight=WEIGHT)
    np.testing.assert_allclose(none.data, per_row, rtol=1e-12)
    total = functional.cross_entropy(Tensor(logits), TARGET, reduction="sum", weight=WEIGHT)
    assert total.item() == pytest.approx(per_row.sum(), rel=1e-12)


@pytest.mark.parametrize("eps", [0.0, 0.2])
def test_weighted_cross_entropy_with_label_smoothing_and_ignore_index(logits, eps):
    target = TARGET.copy()
    target[[1, 4]] = 7
    got = functional.cross_entropy(
        Tensor(logits), target, label_smoothing=eps, ignore_index=7, weight=WEIGHT
    ).item()
    assert got == pytest.approx(torch_cross_entropy(logits, target, WEIGHT, eps, 7), rel=1e-12)


def test_weighted_cross_entropy_with_probabilities_means_over_rows(logits, rng):
    probabilities = rng.dirichlet(np.ones(C), size=N)
    expected = -(log_softmax(logits) * probabilities * WEIGHT).sum() / N
    got = functional.cross_entropy(Tensor(logits), probabilities, weight=WEIGHT).item()
    assert got == pytest.approx(expected, rel=1e-12)


def test_weighted_cross_entropy_gradients_match_finite_differences(tensor64, logits):
    target = np.where(np.arange(N) == 2, -100, TARGET)
    assert gradcheck(
        lambda x: functional.cross_entropy(x, target, label_smoothing=0.1, weight=WEIGHT),
        [tensor64(logits)],
    )


def test_a_float32_weight_list_keeps_float32_scores_float32(logits):
    loss = functional.cross_entropy(Tensor(logits.astype(np.float32)), TARGET, weight=[1.0] * C)
    assert loss.dtype == np.float32


def test_class_weight_of_the_wrong_length_names_both_shapes(logits):
    with pytest.raises(ValueError, match=r"cross_entropy.*\(4,\).*\(3,\)"):
        functional.cross_entropy(Tensor(logits), TARGET, weight=np.ones(3))


def test_weight_passed_third_is_the_weight_as_in_pytorch(logits):
    positional = functional.nll_loss(Tensor(logits), TARGET, WEIGHT)
    assert positional.item() == functional.nll_loss(Tensor(logits), TARGET, weight=WEIGHT).item()


def test_loss_modules_keep_their_weight_as_a_buffer():
    criterion = nn.CrossEntropyLoss(weight=WEIGHT)
    assert set(criterion.state_dict()) == {"weight"}
    assert nn.NLLLoss(weight=WEIGHT, ignore_index=1).ignore_index == 1


# ---------------------------------------------------------------- binary cross-entropy
def test_binary_cross_entropy_matches_its_definition(rng):
    x, y, w = rng.uniform(0.01, 0.99, (N, C)), rng.uniform(0, 1, (N, C)), rng.uniform(0, 2, C)
    expected = -(w * (y * np.log(x) + (1 - y) * np.log(1 - x))).mean()
    got = functional.binary_cross_entropy(Tensor(x), y, weight=w).item()
    assert got == pytest.approx(expected, rel=1e-12)


def test_binary_cross_entropy_clamps_the_log_at_minus_100_as_pytorch():
    loss = functional.binary_cross_entropy([0.0, 1.0, 1e-50], [1.0, 0.0, 1.0], reduction="none")
    np.testing.assert_array_equal(loss.data, [100.0, 100.0, 100.0])


def test_binary_cross_entropy_at_0_and_1_has_finite_gradients(tensor64):
    x = tensor64([0.0, 1.0, 0.5])
    functional.binary_cross_entropy(x, [1.0, 0.0, 1.0], reduction="sum").backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, -2.0])


def test_binary_cross_entropy_gradients_match_finite_differences(tensor64, rng):
    x, y = rng.uniform(0.05, 0.95, (N, C)), rng.uniform(0, 1, (N, C))
    assert gradcheck(lambda p: functional.binary_cross_entropy(p, y), [tensor64(x)])


def test_binary_cross_entropy_refuses_values_outside_0_1():
    with pytest.raises(ValueError, match=r"binary_cross_entropy.*\[0, 1\].*with_logits"):
        functional.binary_cross_entropy([1.5, 0.5], [1.0, 0.0])


def bce_with_logits_reference(x, y, pos_weight, weight):
    """PyTorch's definition: -w (p y log sigmoid(x) + (1 - y) log(1 - sigmoid(x)))."""
    s = 1 / (1 + np.exp(-x))
    return -weight * (pos_weight * y * np.log(s) + (1 - y) * np.log(1 - s))


def test_bce_with_logits_pos_weight_and_weight_match_the_definition(rng):
    x, y = rng.standard_normal((N, C)) * 3, rng.uniform(0, 1, (N, C))
    pos_weight, weight = rng.uniform(0.5, 3, C), rng.uniform(0, 2, (N, 1))
    got = functional.binary_cross_entropy_with_logits(
        Tensor(x), y, reduction="none", weight=weight, pos_weight=pos_weight
    )
    np.testing.assert_allclose(got.data, bce_with_logits_reference(x, y, pos_weight, weight))


def test_bce_with_logits_pos_weight_is_stable_at_huge_logits(tensor64):
    x = tensor64([1000.0, -1000.0, 1000.0, -1000.0])
    loss = functional.binary_cross_entropy_with_logits(
        x, [1.0, 1.0, 0.0, 0.0], reduction="none", pos_weight=[2.0, 2.0, 2.0, 2.0]
    )
    np.testing.assert_array_equal(loss.data, [0.0, 2000.0, 1000.0, 0.0])
    loss.sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, -2.0, 1.0, 0.0])


def test_bce_with_logits_pos_weight_gradients_match_finite_differences(tensor64, rng):
    x, y = rng.standard_normal((N, C)), rng.uniform(0, 1, (N, C))
    pos_weight = tensor64(rng.uniform(0.5, 3, C))
    assert gradcheck(
        lambda z, p: functional.binary_cross_entropy_with_logits(z, y, pos_weight=p),
        [tensor64(x), pos_weight],
    )


def test_bce_modules_pass_weight_and_pos_weight():
    x, y = np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]])
    module = nn.BCEWithLogitsLoss(reduction="sum", weight=[2.0, 1.0], pos_weight=[3.0, 1.0])
    expected = bce_with_logits_reference(x, y, np.array([3.0, 1.0]), np.array([2.0, 1.0])).sum()
    assert module(Tensor(x), y).item() == pytest.approx(expected)
    assert nn.BCELoss(weight=[2.0])([0.5], [1.0]).item() == pytest.approx(2 * np.log(2))


# ---------------------------------------------------------------- L1, smooth L1, Huber
def test_l1_loss_is_the_mean_absolute_difference(pair):
    x, y = pair
    assert functional.l1_loss(Tensor(x), y).item() == pytest.approx(np.abs(x - y).mean())


@pytest.mark.parametrize("beta", [0.5, 1.0, 3.0])
def test_smooth_l1_loss_matches_pytorchs_definition(pair, beta):
    x, y = pair
    d = np.abs(x - y)
    expected = np.where(d < beta, 0.5 * d**2 / beta, d - 0.5 * beta)
    got = functional.smooth_l1_loss(Tensor(x), y, reduction="none", beta=beta)
    np.testing.assert_allclose(got.data, expected, rtol=1e-12)


def test_smooth_l1_loss_with_beta_0_is_l1(pair):
    x, y = pair
    got = functional.smooth_l1_loss(Tensor(x), y, beta=0.0).item()
    assert got == pytest.approx(np.abs(x - y).mean(), rel=1e-12)


@pytest.mark.parametrize("delta", [0.5, 1.0, 3.0])
def test_huber_loss_matches_pytorchs_definition(pair, delta):
    x, y = pair
    d = np.abs(x - y)
    expected = np.where(d < delta, 0.5 * d**2, delta * (d - 0.5 * delta)).sum()
    got = functional.huber_loss(Tensor(x), y, reduction="sum", delta=delta).item()
    assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "loss",
    [
        functional.l1_loss,
        lambda x, y: functional.smooth_l1_loss(x, y, beta=1.5),
        lambda x, y: functional.huber_loss(x, y, delta=0.7),
    ],
    ids=["l1", "smooth_l1", "huber"],
)
def test_regression_loss_gradients_match_finite_differences(tensor64, pair, loss):
    x, y = pair
    assert gradcheck(lambda p: loss(p, y), [tensor64(x)])


def test_negative_beta_and_nonpositive_delta_are_refused():
    with pytest.raises(ValueError, match="smooth_l1_loss: beta"):
        functional.smooth_l1_loss([1.0], [0.0], beta=-1.0)
    with pytest.raises(ValueError, match="huber_loss: delta"):
        functional.huber_loss([1.0], [0.0], delta=0.0)


def test_regression_loss_modules_pass_their_settings(pair):
    x, y = pair
    assert nn.L1Loss(reduction="sum")(Tensor(x), y).item() == pytest.approx(np.abs(x - y).sum())
    smooth = functional.smooth_l1_loss(Tensor(x), y, beta=2.0).item()
    assert nn.SmoothL1Loss(beta=2.0)(Tensor(x), y).item() == smooth
    huber = functional.huber_loss(Tensor(x), y, delta=2.0).item()
    assert nn.HuberLoss(delta=2.0)(Tensor(x), y).item() == huber


def test_regression_losses_refuse_mismatched_shapes():
    with pytest.raises(ValueError, match=r"huber_loss.*\(2,\).*\(2, 1\)"):
        functional.huber_loss(np.zeros(2), np.zeros((2, 1)))


# ---------------------------------------------------------------- KL divergence
@pytest.fixture
def distributions(rng):
    q = rng.dirichlet(np.ones(C), size=N)
    p = rng.dirichlet(np.ones(C), size=N)
    p[0, 1] = 0.0  # p log p is 0 there
    return np.log(q), p


@pytest.mark.parametrize(("reduction", "divisor"), [("mean", N * C), ("batchmean", N), ("sum", 1)])
def test_kl_div_matches_p_times_log_p_over_q(distributions, reduction, divisor):
    log_q, p = distributions
    pointwise = np.where(p > 0, p * (np.log(np.where(p > 0, p, 1)) - log_q), 0.0)
    got = functional.kl_div(Tensor(log_q), p, reduction=reduction).item()
    assert got == pytest.approx(pointwise.sum() / divisor, rel=1e-12)


def test_kl_div_with_log_target_equals_kl_div_of_the_probabilities(rng):
    log_q, p = np.log(rng.dirichlet(np.ones(C), size=N)), rng.dirichlet(np.ones(C), size=N)
    got = functional.kl_div(Tensor(log_q), np.log(p), reduction="none", log_target=True)
    expected = functional.kl_div(Tensor(log_q), p, reduction="none")
    np.testing.assert_allclose(got.data, expected.data, rtol=1e-10, atol=1e-15)


def test_kl_div_gradients_match_finite_differences(tensor64, distributions, rng):
    log_q, _ = distributions
    assert gradcheck(
        lambda x, t: functional.kl_div(x, t, reduction="batchmean"),
        [tensor64(log_q), tensor64(rng.dirichlet(np.ones(C), size=N))],
    )


def test_kl_div_loss_module_accepts_batchmean_and_refuses_unknown_reductions(distributions):
    log_q, p = distributions
    module = nn.KLDivLoss(reduction="batchmean")
    assert module(Tensor(log_q), p).item() == functional.kl_div(log_q, p, "batchmean").item()
    with pytest.raises(ValueError, match="batchmean"):
        nn.KLDivLoss(reduction="average")
    with pytest.raises(ValueError, match="l1_loss"):
        functional.l1_loss([1.0], [1.0], reduction="batchmean")
