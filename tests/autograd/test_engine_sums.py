"""Where the reverse pass sums gradients in place, and where it must not.

The engine adds into a gathered gradient only when nothing else holds it or its array
(``engine._alone``, by reference counts, as PyTorch's engine does), and keeps the gradient of
indexing and of an axis max sparse (``ops.Scattered``) until it can be added in at its
positions. These tests hold it to both halves: every array someone else can see stays as it
was, and the sums, sparse or dense, equal the ones written out by hand.
"""

import numpy as np
import pytest

import autograd
import nn
from autograd import Function, Tensor
from autograd.ops import Scattered

RNG = np.random.default_rng(7)


def test_an_upstream_gradient_the_caller_passed_is_never_written_into():
    x = Tensor(RNG.standard_normal((64, 100)), requires_grad=True)
    seed = RNG.standard_normal((64, 100))
    kept = seed.copy()
    (x + x * 2.0 + x.exp()).backward(seed)  # three gradients meet at x, the first is the seed
    np.testing.assert_array_equal(seed, kept)
    np.testing.assert_allclose(x.grad, seed * (3.0 + np.exp(x.data)))


def test_a_gradient_a_hook_kept_is_never_written_into():
    x = Tensor(RNG.standard_normal((64, 100)), requires_grad=True)
    middle = x * 3.0
    seen = []
    middle.register_hook(lambda grad: seen.append((grad, grad.data.copy())))
    (middle.exp() + middle * middle).sum().backward()
    ((grad, value),) = seen
    np.testing.assert_array_equal(grad.data, value)  # the hook's array, as it saw it


def test_a_small_edge_gradient_kept_for_the_drawings_is_never_written_into():
    x = Tensor(RNG.standard_normal(5), requires_grad=True)
    y = x * 2.0
    by_three, by_five = y * 3.0, y * 5.0
    (by_three.sum() + by_five.sum() + y.sum()).backward()  # three gradients meet at y
    np.testing.assert_array_equal(by_three.grad_fn.edge_grads[0], np.full(5, 3.0))
    np.testing.assert_array_equal(by_five.grad_fn.edge_grads[0], np.full(5, 5.0))
    np.testing.assert_array_equal(x.grad, np.full(5, 18.0))


def test_a_gradient_a_function_keeps_is_never_written_into():
    stash = []

    class Keep(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 1.0

        @staticmethod
        def backward(ctx, grad):
            out = grad * 1.0
            stash.append((out, out.data.copy()))
            return out

    x = Tensor(RNG.standard_normal((64, 100)), requires_grad=True)
    (Keep.apply(x) + x.exp()).sum().backward()
    ((kept, value),) = stash
    np.testing.assert_array_equal(kept.data, value)
    np.testing.assert_allclose(x.grad, 1.0 + np.exp(x.data))


def test_a_leaf_grad_shares_no_memory_with_an_edge_or_a_seed():
    x = Tensor(RNG.standard_normal(5), requires_grad=True)
    y = x * 2.0
    y.backward(np.ones(5))
    assert not np.shares_memory(x.grad, y.grad_fn.edge_grads[0])


# ---------------------------------------------------------------------- sparse sums
def _count_sparse_adds(monkeypatch):
    calls = []
    original = Scattered.add_into

    def counted(self, dense):
        calls.append(self.values.shape)
        original(self, dense)

    monkeypatch.setattr(Scattered, "add_into", counted)
    return calls


@pytest.mark.parametrize("edges", [True, False])
def test_cross_entropy_adds_its_max_and_pick_gradients_sparsely(monkeypatch, edges):
    autograd.record_edge_grads(edges)
    logits = Tensor(RNG.standard_normal((64, 300)), requires_grad=True)
    target = RNG.integers(0, 300, 64)
    calls = _count_sparse_adds(monkeypatch)
    nn.functional.cross_entropy(logits, target).backward()
    assert len(calls) == 2  # logits[rows, target] and max's winners, each added in place
    probs = np.exp(logits.data - logits.data.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    probs[np.arange(64), target] -= 1.0
    np.testing.assert_allclose(logits.grad, probs / 64, atol=1e-15)  # p - y, over N


@pytest.mark.parametrize(
    "index",
    [
        (np.array([0, 3, 3, 7]),),  # a repeated row: the values add up
        (np.arange(8), np.array([1, 0, 4, 4, 2, 9, 9, 3])),  # one per row
        (slice(2, 6),),  # a basic slice
        (np.arange(8) % 2 == 0,),  # a mask
    ],
    ids=["repeats", "pairs", "slice", "mask"],
)
@pytest.mark.parametrize("size", [10, 1000], ids=["small", "large"])
def test_an_indexing_gradient_meets_a_dense_one_exactly(index, size):
    data = RNG.standard_normal((8, size))
    x = Tensor(data, requires_grad=True)
    picked = x[index]
    weights = RNG.standard_normal(picked.shape)
    (x.exp().sum() + (picked * Tensor(weights)).sum()).backward()
    expected = np.exp(data)
    np.add.at(expected, index, weights)
    np.testing.assert_allclose(x.grad, expected, rtol=1e-12)  # (summed in another order)
    if size == 1000:
        summary = picked.grad_fn.edge_grads[0]
        assert summary.shape == (8, size)
        np.testing.assert_allclose(summary.norm, np.linalg.norm(_scattered(index, weights, data)))


def _scattered(index, weights, like):
    dense = np.zeros_like(like)
    np.add.at(dense, index, weights)
    return dense


def test_two_sparse_gradients_alone_make_a_dense_one():
    x = Tensor(RNG.standard_normal((4, 2000)), requires_grad=True)
    (x[np.array([0, 1])].sum() + x[np.array([1, 3])].sum() * 2.0).backward()
    expected = np.zeros((4, 2000))
    expected[[0, 1]] += 1.0
    expected[[1, 3]] += 2.0
    np.testing.assert_array_equal(x.grad, expected)


def test_a_sparse_gradient_reaches_hooks_retain_grad_and_grad_as_a_plain_tensor():
    x = Tensor(RNG.standard_normal((4, 2000)), requires_grad=True)
    middle = x * 1.0
    middle.retain_grad()
    seen = []
    middle.register_hook(lambda grad: seen.append(type(grad)))
    loss = middle[np.array([2, 0])].sum() + middle.sum()
    (direct,) = autograd.grad(loss, middle, retain_graph=True)
    loss.backward()
    expected = np.ones((4, 2000))
    expected[[2, 0]] += 1.0
    np.testing.assert_array_equal(direct.data, expected)
    np.testing.assert_array_equal(middle.grad, expected)
    np.testing.assert_array_equal(x.grad, expected)
    assert seen == [Tensor, Tensor]


def test_create_graph_sums_stay_recorded_and_differentiable():
    x = Tensor(RNG.standard_normal((3, 5)), requires_grad=True)
    loss = (x[np.array([0, 2])] ** 2).sum() + (x**3).sum()
    (first,) = autograd.grad(loss, x, create_graph=True)
    assert first.grad_fn is not None
    (second,) = autograd.grad(first.sum(), x)
    expected = 6 * x.data
    expected[[0, 2]] += 2.0
    np.testing.assert_allclose(second.data, expected)


def test_a_scattered_tensor_reads_as_its_dense_value():
    grad = Scattered.of(np.array([1.0, 2.0, 4.0]), (np.array([1, 1, 0]),), (3,))
    assert grad.sparse
    np.testing.assert_array_equal(grad.data, [4.0, 3.0, 0.0])
    assert not grad.sparse and grad.shape == (3,)
