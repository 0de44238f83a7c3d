"""Initialisation: PyTorch's default formulas, filled in place, reproducible by seed."""

import math

import numpy as np
import pytest

import nn


def test_linear_weight_and_bias_lie_within_one_over_sqrt_fan_in():
    layer = nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)
    assert np.abs(layer.weight.data).max() <= bound
    assert np.abs(layer.bias.data).max() <= bound
    # uniform on [-b, b]: the extremes are approached and the variance is b^2 / 3
    assert np.abs(layer.weight.data).max() > 0.99 * bound
    assert layer.weight.data.var() == pytest.approx(bound**2 / 3, rel=0.02)


def test_linear_parameters_use_the_default_float_dtype():
    assert nn.Linear(2, 3).weight.dtype == np.float32


def test_manual_seed_makes_initialisation_reproducible():
    nn.manual_seed(7)
    first = nn.Linear(5, 5).weight.data.copy()
    nn.manual_seed(7)
    np.testing.assert_array_equal(nn.Linear(5, 5).weight.data, first)


def test_generator_argument_overrides_the_module_generator():
    first = nn.Linear(5, 5, generator=np.random.default_rng(3)).weight.data
    second = nn.Linear(5, 5, generator=np.random.default_rng(3)).weight.data
    np.testing.assert_array_equal(first, second)


def test_kaiming_uniform_bound_is_gain_times_sqrt_three_over_fan_in():
    weight = nn.Parameter(np.zeros((500, 200)))
    nn.init.kaiming_uniform_(weight, nonlinearity="relu")
    bound = math.sqrt(2) * math.sqrt(3 / 200)
    assert np.abs(weight.data).max() <= bound
    assert weight.data.var() == pytest.approx(bound**2 / 3, rel=0.02)


def test_kaiming_normal_std_is_gain_over_sqrt_fan():
    weight = nn.Parameter(np.zeros((500, 200)))
    nn.init.kaiming_normal_(weight, mode="fan_out", nonlinearity="relu")
    assert weight.data.std() == pytest.approx(math.sqrt(2 / 500), rel=0.02)


def test_xavier_uniform_bound_uses_both_fans():
    weight = nn.Parameter(np.zeros((300, 200)))
    nn.init.xavier_uniform_(weight)
    bound = math.sqrt(6 / 500)
    assert np.abs(weight.data).max() <= bound
    assert weight.data.var() == pytest.approx(bound**2 / 3, rel=0.02)


def test_xavier_normal_std_uses_both_fans():
    weight = nn.Parameter(np.zeros((300, 200)))
    nn.init.xavier_normal_(weight, gain=2.0)
    assert weight.data.std() == pytest.approx(2 * math.sqrt(2 / 500), rel=0.02)


def test_conv_weight_fans_include_the_kernel_area():
    weight = nn.Parameter(np.zeros((64, 16, 3, 3)))
    nn.init.kaiming_uniform_(weight, a=math.sqrt(5))
    assert np.abs(weight.data).max() <= 1 / math.sqrt(16 * 9)


def test_zeros_ones_and_constant_fill_in_place_and_bump_the_version():
    weight = nn.Parameter(np.full((2, 2), 5.0))
    array = weight.data
    nn.init.zeros_(weight)
    assert weight.data is array and not array.any()
    nn.init.ones_(weight)
    assert (array == 1).all()
    assert weight._version[0] == 2


def test_fan_of_a_vector_is_an_error():
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        nn.init.xavier_uniform_(nn.Parameter(np.zeros(3)))


@pytest.mark.parametrize(
    "initialise",
    [
        lambda w: nn.init.kaiming_uniform_(w, a=math.sqrt(5)),
        nn.init.kaiming_normal_,
        nn.init.xavier_uniform_,
        nn.init.xavier_normal_,
    ],
    ids=["kaiming_uniform_", "kaiming_normal_", "xavier_uniform_", "xavier_normal_"],
)
@pytest.mark.parametrize("shape", [(2, 0), (0, 3), (0, 0)])
def test_initialising_a_zero_element_tensor_is_a_no_op(initialise, shape):
    weight = np.zeros(shape, np.float32)
    assert initialise(weight) is weight
    assert weight.shape == shape
