"""LayerNorm, GroupNorm, BatchNorm1d/2d/3d and InstanceNorm: values against NumPy, gradients
against finite differences (first and second order), running statistics, modes and errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
from autograd import Tensor, gradcheck
from nn import functional as F  # noqa: N812 (PyTorch's spelling)
from tests.strategies import examples, random_array, seeds

PROPERTY = settings(max_examples=examples(25))


def normalized(x, axes, eps=1e-5):
    mean = x.mean(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(x.var(axis=axes, keepdims=True) + eps)


def second_order_check(f, x):
    """gradcheck of x -> d/dx sum(f(x) * v): the backward is itself differentiable."""
    v = np.random.default_rng(3).standard_normal(f(x).shape)

    def gradient(x):
        (gx,) = autograd.grad((f(x) * v).sum(), [x], create_graph=True)
        return gx

    return gradcheck(gradient, [x])


# ---------------------------------------------------------------------------- layer norm
def test_layer_norm_normalizes_the_last_dimensions(rng):
    x = rng.standard_normal((3, 4, 5))
    np.testing.assert_allclose(F.layer_norm(x, (4, 5)).data, normalized(x, (1, 2)), rtol=1e-10)


def test_layer_norm_applies_weight_and_bias(rng):
    x, weight, bias = rng.standard_normal((2, 3)), rng.standard_normal(3), rng.standard_normal(3)
    out = F.layer_norm(x, 3, Tensor(weight), Tensor(bias), eps=1e-3)
    np.testing.assert_allclose(out.data, normalized(x, (1,), 1e-3) * weight + bias, rtol=1e-10)


def test_layer_norm_gradients_match_finite_differences(leaf):
    x, weight, bias = leaf(3, 2, 4), leaf(2, 4), leaf(2, 4)
    assert gradcheck(lambda x, w, b: F.layer_norm(x, (2, 4), w, b), [x, weight, bias])


def test_layer_norm_second_derivatives_match_finite_differences(leaf):
    assert second_order_check(lambda x: F.layer_norm(x, (4,)), leaf(3, 4))


@PROPERTY
@given(seed=seeds(), shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), data=st.data())
def test_layer_norm_output_has_zero_mean_over_the_normalized_shape(seed, shape, data):
    count = data.draw(st.integers(1, len(shape)))
    x = random_array(seed, tuple(shape))
    out = F.layer_norm(Tensor(x), tuple(shape[-count:])).data
    axes = tuple(range(len(shape) - count, len(shape)))
    np.testing.assert_allclose(out.mean(axis=axes), 0.0, atol=1e-9)


def test_layer_norm_module_has_ones_and_zeros_of_the_normalized_shape():
    layer = nn.LayerNorm((2, 3))
    np.testing.assert_array_equal(layer.weight.data, np.ones((2, 3)))
    np.testing.assert_array_equal(layer.bias.data, np.zeros((2, 3)))


def test_layer_norm_without_bias_or_affine_registers_none():
    assert [name for name, _ in nn.LayerNorm(3, bias=False).named_parameters()] == ["weight"]
    assert list(nn.LayerNorm(3, elementwise_affine=False).parameters()) == []


def test_layer_norm_refuses_a_shape_that_does_not_end_the_input():
    with pytest.raises(ValueError, match=r"layer_norm: given normalized_shape=\[4\]"):
        F.layer_norm(np.zeros((2, 3)), (4,))


def test_layer_norm_refuses_a_weight_of_another_shape():
    with pytest.raises(ValueError, match="expected weight of shape"):
        F.layer_norm(np.zeros((2, 3)), (3,), weight=np.ones(2))


# ---------------------------------------------------------------------------- group norm
def test_group_norm_normalizes_each_group_of_each_sample(rng):
    x = rng.standard_normal((2, 6, 5))
    expected = normalized(x.reshape(2, 3, 10), (2,)).reshape(2, 6, 5)
    np.testing.assert_allclose(F.group_norm(x, 3).data, expected, rtol=1e-10)


def test_group_norm_gradients_match_finite_differences(leaf):
    x, weight, bias = leaf(2, 4, 3), leaf(4), leaf(4)
    assert gradcheck(lambda x, w, b: F.group_norm(x, 2, w, b), [x, weight, bias])


def test_group_norm_second_derivatives_match_finite_differences(leaf):
    assert second_order_check(lambda x: F.group_norm(x, 2), leaf(2, 4, 2))


def test_group_norm_module_applies_per_channel_affine(rng):
    layer = nn.GroupNorm(2, 4)
    layer.weight.data[:] = [1.0, 2.0, 3.0, 4.0]
    x = rng.standard_normal((3, 4, 2, 2)).astype(np.float32)
    expected = normalized(x.reshape(3, 2, 8), (2,)).reshape(x.shape) * np.array(
        [1.0, 2.0, 3.0, 4.0]
    ).reshape(4, 1, 1)
    np.testing.assert_allclose(layer(x).data, expected, rtol=1e-4, atol=1e-5)


def test_group_norm_refuses_channels_not_divisible_by_groups():
    with pytest.raises(ValueError, match="divisible by num_groups"):
        nn.GroupNorm(3, 4)
    with pytest.raises(ValueError, match="divisible by num_groups"):
        F.group_norm(np.zeros((1, 4, 2)), 3)


# ---------------------------------------------------------------------------- batch norm
def test_batch_norm_2d_uses_batch_and_spatial_statistics(rng, float64):
    layer = float64(nn.BatchNorm2d(3))
    x = rng.standard_normal((4, 3, 2, 5))
    np.testing.assert_allclose(layer(Tensor(x)).data, normalized(x, (0, 2, 3)), rtol=1e-10)
    np.testing.assert_allclose(
        layer.running_var.data, 0.9 + 0.1 * x.var(axis=(0, 2, 3), ddof=1), rtol=1e-12
    )
    np.testing.assert_allclose(layer.running_mean.data, 0.1 * x.mean(axis=(0, 2, 3)), rtol=1e-12)


def test_batch_norm_2d_eval_uses_running_statistics(rng, float64):
    layer = float64(nn.BatchNorm2d(2))
    layer.running_mean.data[:] = [1.0, -1.0]
    layer.running_var.data[:] = [4.0, 9.0]
    x = rng.standard_normal((2, 2, 3, 3))
    expected = (x - np.array([1.0, -1.0]).reshape(2, 1, 1)) / np.sqrt(
        np.array([4.0, 9.0]).reshape(2, 1, 1) + 1e-5
    )
    np.testing.assert_allclose(layer.eval()(Tensor(x)).data, expected, rtol=1e-12)


def test_batch_norm_counts_batches_as_a_zero_dimensional_int64():
    layer = nn.BatchNorm2d(2)
    layer(np.ones((2, 2, 2, 2), np.float32))
    layer(np.ones((2, 2, 2, 2), np.float32))
    assert layer.num_batches_tracked.dtype == np.int64
    assert layer.num_batches_tracked.shape == ()
    assert int(layer.num_batches_tracked.data) == 2


def test_batch_norm_without_running_stats_uses_the_batch_in_eval(rng, float64):
    layer = float64(nn.BatchNorm1d(2, track_running_stats=False)).eval()
    x = rng.standard_normal((5, 2))
    np.testing.assert_allclose(layer(Tensor(x)).data, normalized(x, (0,)), rtol=1e-10)
    assert list(layer.buffers()) == []


def test_batch_norm_without_affine_has_no_parameters():
    assert list(nn.BatchNorm2d(3, affine=False).parameters()) == []


def test_batch_norm_2d_gradients_match_finite_differences(leaf, float64):
    layer = float64(nn.BatchNorm2d(2))
    layer.weight.data[:] = [1.5, -0.5]
    assert gradcheck(lambda x, w, b: layer(x), [leaf(3, 2, 2, 2), layer.weight, layer.bias])


def test_batch_norm_second_derivatives_match_finite_differences(leaf):
    mean, var = np.zeros(2), np.ones(2)
    assert second_order_check(lambda x: F.batch_norm(x, mean, var, training=True), leaf(4, 2))


def test_functional_batch_norm_updates_given_running_statistics(rng):
    mean, var = np.zeros(3), np.ones(3)
    x = rng.standard_normal((6, 3))
    F.batch_norm(x, mean, var, training=True, momentum=0.5)
    np.testing.assert_allclose(mean, 0.5 * x.mean(0), rtol=1e-12)
    np.testing.assert_allclose(var, 0.5 + 0.5 * x.var(0, ddof=1), rtol=1e-12)


def test_functional_batch_norm_needs_running_statistics_when_not_training():
    with pytest.raises(ValueError, match="running_mean and running_var are needed"):
        F.batch_norm(np.zeros((2, 3)), None, None)


def test_batch_norm_2d_refuses_a_3d_input():
    with pytest.raises(ValueError, match=r"BatchNorm2d: expected a 4-D \(N, C, H, W\) input"):
        nn.BatchNorm2d(3)(np.zeros((2, 3, 4)))


def test_batch_norm_refuses_a_wrong_channel_count():
    with pytest.raises(ValueError, match="expected 3 channels"):
        nn.BatchNorm2d(3)(np.zeros((2, 4, 2, 2)))


def test_batch_norm_2d_refuses_one_value_per_channel_in_training():
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm2d(2)(np.zeros((1, 2, 1, 1)))


def test_batch_norm_1d_is_importable_from_nn_layers():
    from nn.layers import BatchNorm1d

    assert BatchNorm1d is nn.BatchNorm1d


def test_batch_norm_reset_parameters_restores_initial_state(rng):
    layer = nn.BatchNorm2d(2)
    layer(rng.standard_normal((2, 2, 2, 2)))
    layer.weight.data[:] = 3.0
    layer.reset_parameters()
    np.testing.assert_array_equal(layer.weight.data, [1.0, 1.0])
    np.testing.assert_array_equal(layer.running_mean.data, [0.0, 0.0])
    assert int(layer.num_batches_tracked.data) == 0


# ---------------------------------------------------------------------------- instance norm
def test_instance_norm_normalizes_each_channel_of_each_sample(rng):
    x = rng.standard_normal((2, 3, 4, 4))
    np.testing.assert_allclose(F.instance_norm(x).data, normalized(x, (2, 3)), rtol=1e-10)


def test_instance_norm_gradients_match_finite_differences(leaf):
    x, weight, bias = leaf(2, 2, 3), leaf(2), leaf(2)
    assert gradcheck(lambda x, w, b: F.instance_norm(x, weight=w, bias=b), [x, weight, bias])


def test_instance_norm_accepts_an_unbatched_input(rng):
    x = rng.standard_normal((3, 5))
    np.testing.assert_allclose(nn.InstanceNorm1d(3)(x).data, normalized(x, (1,)), rtol=1e-10)


def test_instance_norm_refuses_a_single_spatial_element():
    with pytest.raises(ValueError, match="more than 1 spatial element"):
        F.instance_norm(np.zeros((2, 3, 1)))


@PROPERTY
@given(seed=seeds(), batch=st.integers(2, 4), channels=st.integers(1, 3))
def test_batch_norm_output_has_unit_variance_per_channel(seed, batch, channels):
    x = random_array(seed, (batch, channels, 3)) * 5 + 2
    out = F.batch_norm(Tensor(x), None, None, training=True, eps=0.0).data
    np.testing.assert_allclose(out.var(axis=(0, 2)), 1.0, rtol=1e-8)
