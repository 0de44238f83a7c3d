"""Layers against hand-computed NumPy results, and their gradients against finite differences."""

import numpy as np
import pytest

import nn
from autograd import Tensor, gradcheck, no_grad


# ---------------------------------------------------------------- Linear
def test_linear_computes_x_times_weight_transposed_plus_bias(rng, float64):
    layer = float64(nn.Linear(3, 2))
    x = rng.standard_normal((4, 3))
    expected = x @ layer.weight.data.T + layer.bias.data
    np.testing.assert_allclose(layer(Tensor(x)).data, expected)


def test_linear_has_pytorch_shapes():
    layer = nn.Linear(5, 7)
    assert layer.weight.shape == (7, 5) and layer.bias.shape == (7,)


def test_linear_without_bias_has_no_bias_parameter():
    layer = nn.Linear(3, 2, bias=False)
    assert layer.bias is None
    assert [name for name, _ in layer.named_parameters()] == ["weight"]


def test_linear_gradients_match_finite_differences(leaf, float64):
    layer = float64(nn.Linear(3, 2))
    x = leaf(4, 3)
    assert gradcheck(lambda x, w, b: nn.functional.linear(x, w, b), [x, layer.weight, layer.bias])


def test_linear_names_the_expected_input_size():
    with pytest.raises(ValueError, match=r"in_features=3, got shape \(2, 4\)"):
        nn.Linear(3, 1)(Tensor(np.zeros((2, 4), dtype=np.float32)))


# ---------------------------------------------------------------- activations
@pytest.mark.parametrize(
    "module, reference",
    [
        (nn.ReLU(), lambda x: np.maximum(x, 0)),
        (nn.Sigmoid(), lambda x: 1 / (1 + np.exp(-x))),
        (nn.Tanh(), np.tanh),
        (nn.Softmax(axis=1), lambda x: np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)),
        (nn.LogSoftmax(axis=1), lambda x: x - np.log(np.exp(x).sum(axis=1, keepdims=True))),
    ],
)
def test_activation_matches_numpy(module, reference, rng):
    x = rng.standard_normal((3, 4))
    np.testing.assert_allclose(module(Tensor(x)).data, reference(x), rtol=1e-12)


@pytest.mark.parametrize("module", [nn.Sigmoid(), nn.Tanh(), nn.Softmax(), nn.LogSoftmax(axis=0)])
def test_activation_gradients_match_finite_differences(module, leaf):
    assert gradcheck(module, [leaf(3, 4)])


# ---------------------------------------------------------------- Dropout
def test_dropout_scales_survivors_by_one_over_keep_probability():
    out = nn.Dropout(0.25)(Tensor(np.ones((100, 100)))).data
    assert set(np.unique(out)) == {0.0, 1 / 0.75}


def test_dropout_drops_about_p_of_the_elements_and_preserves_the_mean():
    out = nn.Dropout(0.3)(Tensor(np.ones(200_000))).data
    assert (out == 0).mean() == pytest.approx(0.3, abs=0.005)
    assert out.mean() == pytest.approx(1.0, abs=0.01)


def test_dropout_is_the_identity_in_eval_mode():
    layer = nn.Dropout(0.5).eval()
    x = Tensor(np.arange(6.0))
    assert layer(x) is x


def test_dropout_is_reproducible_with_a_seed():
    nn.manual_seed(3)
    first = nn.Dropout(0.5)(Tensor(np.ones(50))).data
    nn.manual_seed(3)
    np.testing.assert_array_equal(nn.Dropout(0.5)(Tensor(np.ones(50))).data, first)


def test_dropout_gradient_is_the_same_mask_and_scale(tensor64):
    x = tensor64(np.ones(1000))
    out = nn.Dropout(0.5, generator=np.random.default_rng(1))(x)
    out.sum().backward()
    np.testing.assert_array_equal(x.grad, out.data)


def test_dropout_rejects_a_probability_outside_zero_one():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        nn.Dropout(1.5)


# ---------------------------------------------------------------- BatchNorm1d
def test_batchnorm_normalises_with_batch_statistics_in_training(rng, float64):
    layer = float64(nn.BatchNorm1d(3))
    layer.weight.data[:] = [1.0, 2.0, 0.5]
    layer.bias.data[:] = [0.0, -1.0, 3.0]
    x = rng.standard_normal((8, 3)) * 4 + 2
    expected = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-5) * layer.weight.data + layer.bias.data
    np.testing.assert_allclose(layer(Tensor(x)).data, expected, rtol=1e-10)


def test_batchnorm_running_statistics_follow_pytorch_update(rng, float64):
    layer = float64(nn.BatchNorm1d(2, momentum=0.1))
    mean, var = np.zeros(2), np.ones(2)
    for _ in range(3):
        x = rng.standard_normal((5, 2)) * 3 + 1
        layer(Tensor(x))
        mean = 0.9 * mean + 0.1 * x.mean(0)
        var = 0.9 * var + 0.1 * x.var(0, ddof=1)  # unbiased in the running update
    np.testing.assert_allclose(layer.running_mean.data, mean, rtol=1e-12)
    np.testing.assert_allclose(layer.running_var.data, var, rtol=1e-12)
    assert int(layer.num_batches_tracked.data) == 3


def test_batchnorm_uses_running_statistics_in_eval(rng, float64):
    layer = float64(nn.BatchNorm1d(2))
    layer.running_mean.data[:] = [1.0, -2.0]
    layer.running_var.data[:] = [4.0, 0.25]
    layer.eval()
    x = rng.standard_normal((3, 2))
    expected = (x - [1.0, -2.0]) / np.sqrt(np.array([4.0, 0.25]) + 1e-5)
    np.testing.assert_allclose(layer(Tensor(x)).data, expected, rtol=1e-12)


def test_batchnorm_eval_does_not_change_running_statistics(rng):
    layer = nn.BatchNorm1d(2).eval()
    layer(Tensor(rng.standard_normal((4, 2))))
    np.testing.assert_array_equal(layer.running_mean.data, [0.0, 0.0])


def test_batchnorm_cumulative_average_when_momentum_is_none(rng, float64):
    layer = float64(nn.BatchNorm1d(1, momentum=None))
    batches = [rng.standard_normal((4, 1)) for _ in range(3)]
    for x in batches:
        layer(Tensor(x))
    np.testing.assert_allclose(layer.running_mean.data, np.mean([x.mean() for x in batches]))


def test_batchnorm_accepts_n_c_l_inputs(rng, float64):
    layer = float64(nn.BatchNorm1d(3))
    x = rng.standard_normal((4, 3, 5))
    mean, var = x.mean(axis=(0, 2), keepdims=True), x.var(axis=(0, 2), keepdims=True)
    np.testing.assert_allclose(layer(Tensor(x)).data, (x - mean) / np.sqrt(var + 1e-5), rtol=1e-10)
    np.testing.assert_allclose(
        layer.running_var.data, 0.9 + 0.1 * x.var(axis=(0, 2), ddof=1), rtol=1e-12
    )


def test_batchnorm_training_gradients_match_finite_differences(leaf, float64):
    layer = float64(nn.BatchNorm1d(3))
    layer.weight.data[:] = [1.5, -0.5, 2.0]
    assert gradcheck(lambda x, w, b: layer(x), [leaf(5, 3), layer.weight, layer.bias])


def test_batchnorm_refuses_one_value_per_channel_in_training():
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(2)(Tensor(np.zeros((1, 2))))


# ---------------------------------------------------------------- Flatten
def test_flatten_keeps_the_batch_axis():
    assert nn.Flatten()(Tensor(np.zeros((2, 3, 4, 5)))).shape == (2, 60)


# ---------------------------------------------------------------- Conv2d and MaxPool2d
def _conv_reference(x, weight, bias, stride, padding):
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out_channels, _, kh, kw = weight.shape
    out_h = (x.shape[2] - kh) // stride + 1
    out_w = (x.shape[3] - kw) // stride + 1
    out = np.zeros((x.shape[0], out_channels, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = x[:, :, i * stride : i * stride + kh, j * stride : j * stride + kw]
            out[:, :, i, j] = np.einsum("nchw,ochw->no", window, weight)
    return out + bias[None, :, None, None]


@pytest.mark.parametrize("stride, padding", [(1, 0), (1, 1), (2, 1)])
def test_conv2d_matches_a_direct_convolution(rng, float64, stride, padding):
    layer = float64(nn.Conv2d(2, 3, kernel_size=3, stride=stride, padding=padding))
    x = rng.standard_normal((2, 2, 6, 5))
    expected = _conv_reference(x, layer.weight.data, layer.bias.data, stride, padding)
    np.testing.assert_allclose(layer(Tensor(x)).data, expected, rtol=1e-10, atol=1e-12)


def test_conv2d_gradients_match_finite_differences(leaf, float64):
    layer = float64(nn.Conv2d(2, 2, kernel_size=2, padding=1))
    assert gradcheck(lambda x, w, b: layer(x), [leaf(1, 2, 3, 3), layer.weight, layer.bias])


def test_maxpool2d_takes_the_max_of_each_window(rng):
    x = rng.standard_normal((2, 3, 4, 6))
    expected = x.reshape(2, 3, 2, 2, 3, 2).max(axis=(3, 5))
    np.testing.assert_array_equal(nn.MaxPool2d(2)(Tensor(x)).data, expected)


def test_maxpool2d_gradients_match_finite_differences(distinct_leaf):
    assert gradcheck(nn.MaxPool2d(2, stride=1), [distinct_leaf(1, 2, 3, 3)])


def test_small_cnn_runs_forward_and_backward(rng):
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(4 * 4 * 4, 10),
    )
    x = Tensor(rng.standard_normal((2, 1, 8, 8)).astype(np.float32))
    nn.functional.cross_entropy(model(x), [3, 7]).backward()
    assert all(p.grad is not None and p.grad.shape == p.shape for p in model.parameters())


def test_layers_do_not_record_under_no_grad():
    with no_grad():
        out = nn.Linear(2, 2)(Tensor(np.ones((1, 2), dtype=np.float32)))
    assert not out.requires_grad


# ---------------------------------------------------------------- zero-size Linear (PyTorch's)
def test_linear_with_no_inputs_has_an_empty_weight_and_outputs_the_bias():
    layer = nn.Linear(0, 2)
    assert layer.weight.shape == (2, 0)
    np.testing.assert_array_equal(layer.bias.data, np.zeros(2))  # bound 1 / sqrt(0) -> 0
    x = Tensor(np.zeros((3, 0), np.float32), requires_grad=True)
    out = layer(x)
    np.testing.assert_array_equal(out.data, np.broadcast_to(layer.bias.data, (3, 2)))
    out.sum().backward()
    assert x.grad.shape == (3, 0)
    assert layer.weight.grad.shape == (2, 0)
    np.testing.assert_array_equal(layer.bias.grad, np.full(2, 3.0))


def test_linear_with_no_outputs_gives_an_empty_result():
    layer = nn.Linear(3, 0)
    out = layer(Tensor(np.ones((4, 3), np.float32)))
    assert out.shape == (4, 0)
