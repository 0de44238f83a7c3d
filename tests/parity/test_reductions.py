"""Reductions, scans, selections and norms against PyTorch itself: the same call on the same
float64 data gives the same values, indices, dtypes and gradients (random upstream gradients;
zeros and ties where PyTorch defines the result)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
from autograd import Tensor, linalg  # noqa: E402

INF = float("inf")


def compare(ours, theirs, data, rng, grad=True):
    """Run ``ours`` on a Tensor and ``theirs`` on a torch tensor of the same data; compare the
    outputs (and, with ``grad``, the gradients of a random weighting of the first output)."""
    x = Tensor(data.copy(), requires_grad=grad)
    t = torch.tensor(data.copy(), requires_grad=grad)
    mine, reference = ours(x), theirs(t)
    if isinstance(reference, tuple):
        assert len(mine) == len(reference)
        for a, b in zip(mine[1:], reference[1:], strict=True):
            np.testing.assert_array_equal(a.data, b.numpy())
            assert a.dtype == np.dtype(str(b.dtype).removeprefix("torch."))
        mine, reference = mine[0], reference[0]
    np.testing.assert_allclose(mine.data, reference.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert mine.dtype == np.dtype(str(reference.dtype).removeprefix("torch."))
    if grad and reference.requires_grad:
        weights = rng.standard_normal(reference.shape)
        (mine * Tensor(weights)).sum().backward()
        (reference * torch.tensor(weights)).sum().backward()
        # PyTorch leaves .grad None where its backward is identically zero (the 0-"norm")
        expected = np.zeros(data.shape) if t.grad is None else t.grad.numpy()
        np.testing.assert_allclose(x.grad, expected, rtol=1e-9, atol=1e-12)


def with_zeros(rng, count, shape=(3, 4)):
    data = rng.standard_normal(shape)
    data.reshape(-1)[[1, 6, 7][:count]] = 0.0
    return data


# ---------------------------------------------------------------- products and scans
@pytest.mark.parametrize("zeros", [0, 1, 2, 3])
@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.prod(),
        lambda m: m.prod(1),
        lambda m: m.prod(0, keepdim=True),
        lambda m: m.prod(-1),
        lambda m: m.cumprod(1),
        lambda m: m.cumprod(0),
        lambda m: m.cumsum(-1),
        lambda m: m.logcumsumexp(1),
        lambda m: m.logcumsumexp(0),
    ],
    ids=[
        "prod",
        "prod1",
        "prod0_keepdim",
        "prod-1",
        "cumprod1",
        "cumprod0",
        "cumsum",
        "lcse1",
        "lcse0",
    ],
)
def test_products_and_scans_match_pytorch_with_zeros(rng, call, zeros):
    compare(call, call, with_zeros(rng, zeros), rng)


def test_logcumsumexp_matches_pytorch_for_large_spreads(rng):
    data = rng.standard_normal((2, 5)) * 500
    compare(lambda m: m.logcumsumexp(1), lambda m: m.logcumsumexp(1), data, rng)


@pytest.mark.parametrize("zeros", [0, 1, 2])
def test_prod_second_derivatives_match_pytorch(rng, zeros):
    data = with_zeros(rng, zeros)
    weights = rng.standard_normal(3)
    direction = rng.standard_normal((3, 4))
    x = Tensor(data, requires_grad=True)
    (first,) = autograd.grad(x.prod(1), x, grad_outputs=Tensor(weights), create_graph=True)
    (second,) = autograd.grad(first, x, grad_outputs=Tensor(direction))
    t = torch.tensor(data, requires_grad=True)
    (first_t,) = torch.autograd.grad(t.prod(1), t, torch.tensor(weights), create_graph=True)
    (second_t,) = torch.autograd.grad(first_t, t, torch.tensor(direction))
    np.testing.assert_allclose(second.data, second_t.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("zeros", [0, 1, 2])
def test_cumprod_second_derivatives_match_pytorch(rng, zeros):
    data = with_zeros(rng, zeros)
    weights, direction = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    x = Tensor(data, requires_grad=True)
    (first,) = autograd.grad(x.cumprod(1), x, grad_outputs=Tensor(weights), create_graph=True)
    (second,) = autograd.grad(first, x, grad_outputs=Tensor(direction))
    t = torch.tensor(data, requires_grad=True)
    (first_t,) = torch.autograd.grad(t.cumprod(1), t, torch.tensor(weights), create_graph=True)
    (second_t,) = torch.autograd.grad(first_t, t, torch.tensor(direction))
    np.testing.assert_allclose(second.data, second_t.numpy(), rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------- selections
SELECTIONS = {
    "sort": lambda m: m.sort(1),
    "sort_descending_stable": lambda m: m.sort(dim=0, descending=True, stable=True),
    "argsort": lambda m: m.argsort(dim=-1, stable=True),
    "msort": lambda m: m.msort(),
    "topk": lambda m: m.topk(2, 1),
    "topk_smallest": lambda m: m.topk(2, 0, largest=False),
    "kthvalue": lambda m: m.kthvalue(3, 1),
    "kthvalue_keepdim": lambda m: m.kthvalue(2, 0, True),
    "median": lambda m: m.median(),
    "median_dim": lambda m: m.median(1),
    "median_keepdim": lambda m: m.median(0, keepdim=True),
    "nanmedian": lambda m: m.nanmedian(),
    "nanmedian_dim": lambda m: m.nanmedian(1),
    "cummax": lambda m: m.cummax(1),
    "cummin": lambda m: m.cummin(0),
    "amax": lambda m: m.amax(),
    "amax_dims": lambda m: m.amax((0, 1), keepdim=True),
    "amin_dim": lambda m: m.amin(-1),
    "argmax": lambda m: m.argmax(),
    "argmin_dim": lambda m: m.argmin(1, keepdim=True),
}


@pytest.mark.parametrize("call", SELECTIONS.values(), ids=SELECTIONS.keys())
def test_selections_match_pytorch_on_distinct_values(rng, call):
    data = rng.permutation(12).reshape(3, 4) / 4.0 - 1.0
    compare(call, call, data, rng)


TIES = {
    "sort_stable": lambda m: m.sort(dim=1, stable=True),
    "sort_descending_stable": lambda m: m.sort(dim=1, descending=True, stable=True),
    "cummax": lambda m: m.cummax(1),
    "cummin": lambda m: m.cummin(1),
    "amax": lambda m: m.amax(1),
    "amin_all": lambda m: m.amin(),
    "median_all": lambda m: m.median(),
    "nanmedian_all": lambda m: m.nanmedian(),
}


@pytest.mark.parametrize("call", TIES.values(), ids=TIES.keys())
def test_ties_are_resolved_and_share_gradients_as_in_pytorch(rng, call):
    data = np.array([[1.0, 3.0, 3.0, 2.0, 3.0], [2.0, 2.0, 0.0, 2.0, 5.0]])
    compare(call, call, data, rng)


NANS = {
    "sort": lambda m: m.sort(dim=1, stable=True),
    "sort_descending": lambda m: m.sort(dim=1, descending=True, stable=True),
    "cummax": lambda m: m.cummax(1),
    "cummin": lambda m: m.cummin(1),
    "median": lambda m: m.median(),
    "median_dim": lambda m: m.median(1),
    "nanmedian": lambda m: m.nanmedian(),
    "nanmedian_dim": lambda m: m.nanmedian(1),
    "nansum": lambda m: m.nansum(1),
    "nanmean": lambda m: m.nanmean(0),
}
# amax over a NaN: PyTorch's gradient is NaN for the whole slice (no entry equals NaN, and it
# divides by that count of 0); graphgrad sends it to the NaN, as PyTorch's max() and median() do


@pytest.mark.parametrize("call", NANS.values(), ids=NANS.keys())
def test_nans_are_treated_as_in_pytorch(rng, call):
    data = np.array([[1.0, np.nan, 3.0, 2.0], [0.5, 4.0, -1.0, 2.5], [np.nan, 1.0, np.nan, 0.0]])
    compare(call, call, data, rng)


# ---------------------------------------------------------------- other reductions
OTHERS = {
    "any": lambda m: m.any(),
    "any_dim": lambda m: m.any(1, keepdim=True),
    "all_dims": lambda m: m.all((0, 1)),
    "count_nonzero": lambda m: m.count_nonzero(),
    "count_nonzero_dims": lambda m: m.count_nonzero((0, -1)),
    "nansum": lambda m: m.nansum((0, 1)),
    "nanmean_keepdim": lambda m: m.nanmean(1, keepdim=True),
}


@pytest.mark.parametrize("call", OTHERS.values(), ids=OTHERS.keys())
def test_other_reductions_match_pytorch(rng, call):
    compare(call, call, with_zeros(rng, 3), rng)


def test_unique_matches_pytorch():
    data = np.array([3.0, 1.0, 1.0, 2.0, 3.0, 3.0])
    mine = Tensor(data).unique(return_inverse=True, return_counts=True)
    theirs = torch.unique(torch.tensor(data), return_inverse=True, return_counts=True)
    for a, b in zip(mine, theirs, strict=True):
        np.testing.assert_array_equal(a.data, b.numpy())


def test_unique_rows_match_pytorch():
    data = np.array([[1.0, 2.0], [0.0, 5.0], [1.0, 2.0]])
    mine = Tensor(data).unique(dim=0, return_inverse=True, return_counts=True)
    theirs = torch.unique(torch.tensor(data), dim=0, return_inverse=True, return_counts=True)
    for a, b in zip(mine, theirs, strict=True):
        np.testing.assert_array_equal(a.data, b.numpy())


@pytest.mark.parametrize("correction", [0, 1, 2])
def test_var_mean_and_std_mean_match_pytorch(rng, correction):
    data = rng.standard_normal((3, 4))
    for ours, theirs in [(autograd.var_mean, torch.var_mean), (autograd.std_mean, torch.std_mean)]:
        mine = ours(Tensor(data), 1, correction=correction, keepdim=True)
        reference = theirs(torch.tensor(data), 1, correction=correction, keepdim=True)
        for a, b in zip(mine, reference, strict=True):
            np.testing.assert_allclose(a.data, b.numpy(), rtol=1e-12)


# ---------------------------------------------------------------- norms
@pytest.mark.parametrize("order", [2, 1, 3, 0.5, 0, -1, -2.5, INF, -INF], ids=str)
@pytest.mark.parametrize("dim", [None, 1, (0, 1)], ids=str)
def test_vector_norm_matches_pytorch(rng, order, dim):
    compare(
        lambda m: linalg.vector_norm(m, order, dim),
        lambda m: torch.linalg.vector_norm(m, order, dim),
        rng.standard_normal((3, 4)),
        rng,
    )


@pytest.mark.parametrize("order", ["fro", "nuc", 1, -1, 2, -2, INF, -INF], ids=str)
@pytest.mark.parametrize("dim", [(-2, -1), (2, 0), (0, 1)], ids=str)
@pytest.mark.parametrize("keepdim", [False, True])
def test_matrix_norm_matches_pytorch(rng, order, dim, keepdim):
    compare(
        lambda m: linalg.matrix_norm(m, order, dim, keepdim),
        lambda m: torch.linalg.matrix_norm(m, order, dim, keepdim),
        rng.standard_normal((2, 3, 4)),
        rng,
    )


@pytest.mark.parametrize(
    ("order", "dim", "shape"),
    [
        (None, None, (2, 3, 4)),
        (None, 1, (3, 4)),
        (None, (0, 1), (3, 4)),
        (1, None, (3, 4)),
        (INF, None, (4,)),
        ("nuc", None, (3, 4)),
        (3, -1, (2, 3)),
        ("fro", (1, 2), (2, 3, 4)),
    ],
    ids=str,
)
def test_linalg_norm_matches_pytorch(rng, order, dim, shape):
    compare(
        lambda m: linalg.norm(m, order, dim),
        lambda m: torch.linalg.norm(m, order, dim),
        rng.standard_normal(shape),
        rng,
    )


@pytest.mark.parametrize(
    ("p", "dim"),
    [("fro", None), ("fro", 1), ("fro", (0, 1)), ("nuc", None), ("nuc", (0, 1)), (3, 1), (1, None)],
    ids=str,
)
def test_tensor_norm_matches_pytorch(rng, p, dim):
    compare(lambda m: m.norm(p, dim), lambda m: m.norm(p, dim), rng.standard_normal((3, 4)), rng)


def test_norm_gradients_at_zero_match_pytorch(rng):
    data = np.zeros((2, 3))
    data[1] = [1.0, -2.0, 0.0]
    for order in (2, 1, 3, INF):
        compare(
            lambda m, order=order: linalg.vector_norm(m, order, 1),
            lambda m, order=order: torch.linalg.vector_norm(m, order, 1),
            data,
            rng,
        )


# ---------------------------------------------------------------- empty tensors
EMPTY_CALLS = {
    "sum": lambda m: m.sum(),
    "prod": lambda m: m.prod(),
    "prod0": lambda m: m.prod(0),
    "mean": lambda m: m.mean(),
    "nansum": lambda m: m.nansum(),
    "nanmean0": lambda m: m.nanmean(0),
    "median": lambda m: m.median(),
    "amax1": lambda m: m.amax(1),
    "cumsum": lambda m: m.cumsum(0),
    "cumprod": lambda m: m.cumprod(1),
    "sort": lambda m: m.sort(0),
    "norm": lambda m: m.norm(),
    "matrix_inf": lambda m: (
        linalg.matrix_norm(m, INF) if isinstance(m, Tensor) else torch.linalg.matrix_norm(m, INF)
    ),
}


@pytest.mark.parametrize("call", EMPTY_CALLS.values(), ids=EMPTY_CALLS.keys())
def test_empty_tensors_reduce_as_in_pytorch(rng, call):
    compare(call, call, np.zeros((0, 3)), rng)


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.amax(0),
        lambda m: m.argmax(),
        lambda m: m.median(0),
        lambda m: m.kthvalue(1, 0),
        lambda m: m.max(),
    ],
    ids=["amax", "argmax", "median", "kthvalue", "max"],
)
def test_empty_reductions_without_identity_fail_in_both(call):
    with pytest.raises((IndexError, RuntimeError)):
        call(torch.zeros(0, 3))
    with pytest.raises(ValueError, match="cannot reduce an empty tensor"):
        call(Tensor(np.zeros((0, 3))))
