"""Pooling: gradcheck in float64, where the gradient goes, PyTorch's window and divisor
formulas, layers and errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nn
from autograd import Tensor, gradcheck
from nn import functional


@pytest.mark.parametrize(
    "settings",
    [
        {"kernel_size": 2},
        {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True},
        {"kernel_size": 2, "stride": 1, "dilation": 2},
    ],
)
def test_max_pool2d_gradients_match_finite_differences(distinct_leaf, settings):
    assert gradcheck(lambda x: functional.max_pool2d(x, **settings), [distinct_leaf(1, 2, 5, 5)])


@pytest.mark.parametrize(
    "settings",
    [
        {"kernel_size": 2},
        {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True},
        {"kernel_size": 3, "padding": 1, "count_include_pad": False, "divisor_override": 4},
    ],
)
def test_avg_pool2d_gradients_match_finite_differences(leaf, settings):
    assert gradcheck(lambda x: functional.avg_pool2d(x, **settings), [leaf(1, 2, 5, 5)])


@pytest.mark.parametrize("output_size", [1, (2, 3), (None, 2)])
def test_adaptive_pool_gradients_match_finite_differences(distinct_leaf, output_size):
    x = distinct_leaf(1, 2, 5, 4)
    assert gradcheck(lambda x: functional.adaptive_avg_pool2d(x, output_size), [x])
    assert gradcheck(lambda x: functional.adaptive_max_pool2d(x, output_size), [x])


def test_max_pool2d_sends_the_gradient_to_the_first_maximum_only():
    x = Tensor(np.ones((1, 1, 2, 2)), requires_grad=True)
    functional.max_pool2d(x, 2).sum().backward()
    np.testing.assert_array_equal(x.grad[0, 0], [[1.0, 0.0], [0.0, 0.0]])


def test_overlapping_windows_add_their_gradients_at_a_shared_maximum():
    x = Tensor(np.array([[[0.0, 5.0, 0.0]]]), requires_grad=True)
    functional.max_pool1d(x, 2, stride=1).sum().backward()
    np.testing.assert_array_equal(x.grad, [[[0.0, 2.0, 0.0]]])


def test_max_pool2d_indices_are_flat_per_plane():
    x = np.arange(32.0).reshape(1, 2, 4, 4)
    _, indices = functional.max_pool2d(Tensor(x), 2, return_indices=True)
    np.testing.assert_array_equal(indices.data[0, 1], [[5, 7], [13, 15]])


@settings(max_examples=40)
@given(
    size=st.integers(1, 9),
    kernel=st.integers(1, 4),
    stride=st.integers(1, 3),
    padding=st.integers(0, 2),
    ceil_mode=st.booleans(),
)
def test_avg_pool1d_of_ones_is_pytorchs_divisor_ratio(size, kernel, stride, padding, ceil_mode):
    """Ones average to 1 without padding counted; with it, to (window inside) / (window)."""
    if padding > kernel // 2 or size + 2 * padding < kernel:
        return
    x = Tensor(np.ones((1, 1, size)))
    kept = functional.avg_pool1d(x, kernel, stride, padding, ceil_mode, count_include_pad=False)
    assert np.allclose(kept.data, 1.0)
    counted = functional.avg_pool1d(x, kernel, stride, padding, ceil_mode).data
    assert np.all((counted > 0) & (counted <= 1.0))


def test_adaptive_avg_pool2d_to_one_is_the_global_mean(rng):
    x = rng.standard_normal((2, 3, 5, 7))
    out = functional.adaptive_avg_pool2d(Tensor(x), 1).data
    np.testing.assert_allclose(out[..., 0, 0], x.mean(axis=(2, 3)))


def test_maxpool2d_layer_returns_indices_when_asked():
    out, indices = nn.MaxPool2d(2, return_indices=True)(np.zeros((1, 1, 4, 4), np.float32))
    assert out.shape == indices.shape == (1, 1, 2, 2)


def test_small_cnn_with_every_pool_trains_a_step(rng):
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2, ceil_mode=True),
        nn.AvgPool2d(3, stride=1, padding=1),
        nn.AdaptiveAvgPool2d(2),
        nn.Flatten(),
        nn.Linear(16, 3),
    )
    x = Tensor(rng.standard_normal((2, 1, 7, 7)).astype(np.float32))
    functional.cross_entropy(model(x), [0, 2]).backward()
    assert all(p.grad is not None and np.isfinite(p.grad).all() for p in model.parameters())


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: functional.max_pool2d(np.zeros((1, 1, 5, 5)), 3, padding=2), "at most half"),
        (lambda: functional.max_pool2d(np.zeros((1, 1, 2, 2)), 3), "Output size is too small"),
        (lambda: functional.avg_pool2d(np.zeros((1, 1, 4, 4)), 2, divisor_override=0), "zero"),
        (lambda: functional.max_pool2d(np.zeros((4, 4)), 2), "input of size \\[4, 4\\]"),
        (lambda: functional.adaptive_avg_pool2d(np.zeros((1, 1, 4, 4)), (1, 2, 3)), "must be 2"),
    ],
)
def test_pooling_errors_name_the_op_and_the_shapes(call, message):
    with pytest.raises(RuntimeError, match=message):
        call()
