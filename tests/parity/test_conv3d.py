"""3-D convolution and pooling against PyTorch (float64): values, indices, and the gradients of
every input for one random upstream gradient, over strides, paddings, dilations, groups,
output paddings, ceil_mode and adaptive sizes; the layers' parameters load from PyTorch's
state dicts under the same keys."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import nn  # noqa: E402
from autograd import Tensor  # noqa: E402
from nn import functional  # noqa: E402

TF = torch.nn.functional
RTOL, ATOL = 1e-10, 1e-12


def compare(ours, theirs, *arrays, seed=0, indices=False):
    leaves = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    torch_leaves = [torch.tensor(a, requires_grad=True) for a in arrays]
    out, expected = ours(*leaves), theirs(*torch_leaves)
    if indices:
        (out, index), (expected, expected_index) = out, expected
        np.testing.assert_array_equal(index.data, expected_index.numpy())
    assert out.shape == tuple(expected.shape)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=RTOL, atol=ATOL)
    upstream = np.random.default_rng(seed).standard_normal(out.shape)
    out.backward(upstream)
    expected.backward(torch.tensor(upstream))
    for leaf, torch_leaf in zip(leaves, torch_leaves, strict=True):
        np.testing.assert_allclose(leaf.grad, torch_leaf.grad.numpy(), rtol=RTOL, atol=ATOL)


CONV3D = [
    {},
    {"stride": (2, 1, 2)},
    {"padding": (1, 0, 2), "dilation": (1, 2, 1)},
    {"padding": "same", "dilation": 2},
    {"groups": 2, "stride": 2, "padding": 1},
]


@pytest.mark.parametrize("settings", CONV3D, ids=str)
def test_conv3d_matches_pytorch(rng, settings):
    groups = settings.get("groups", 1)
    x, w, b = (
        rng.standard_normal((2, 4, 5, 6, 7)),
        rng.standard_normal((6, 4 // groups, 3, 2, 3)),
        rng.standard_normal(6),
    )
    compare(
        lambda x, w, b: functional.conv3d(x, w, b, **settings),
        lambda x, w, b: TF.conv3d(x, w, b, **settings),
        x,
        w,
        b,
    )


TRANSPOSED3D = [
    {},
    {"stride": 2, "padding": 1, "output_padding": 1},
    {"stride": (1, 2, 3), "dilation": (2, 1, 1), "output_padding": (1, 1, 2)},
    {"groups": 2, "stride": 2, "padding": (0, 1, 1)},
]


@pytest.mark.parametrize("settings", TRANSPOSED3D, ids=str)
def test_conv_transpose3d_matches_pytorch(rng, settings):
    groups = settings.get("groups", 1)
    x, w, b = (
        rng.standard_normal((2, 4, 3, 4, 3)),
        rng.standard_normal((4, 6 // groups, 2, 3, 2)),
        rng.standard_normal(6),
    )
    compare(
        lambda x, w, b: functional.conv_transpose3d(x, w, b, **settings),
        lambda x, w, b: TF.conv_transpose3d(x, w, b, **settings),
        x,
        w,
        b,
    )


def test_conv_transpose1d_with_output_padding_past_the_padding_matches_pytorch(rng):
    x, w = rng.standard_normal((2, 3, 5)), rng.standard_normal((3, 2, 3))
    settings = {"stride": 3, "padding": 0, "output_padding": 2}
    compare(
        lambda x, w: functional.conv_transpose1d(x, w, **settings),
        lambda x, w: TF.conv_transpose1d(x, w, **settings),
        x,
        w,
    )


@pytest.mark.parametrize(
    "name, args, kwargs",
    [
        ("Conv3d", (4, 6, 3), {"padding": 1, "padding_mode": "circular"}),
        ("Conv3d", (4, 4, (1, 3, 3)), {"groups": 4, "bias": False, "padding_mode": "reflect"}),
        ("ConvTranspose3d", (4, 2, 3), {"stride": 2, "padding": 1}),
    ],
)
def test_layers_load_pytorchs_weights_and_agree(rng, name, args, kwargs, restore_default_dtype):
    autograd.set_default_dtype(np.float64)
    theirs = getattr(torch.nn, name)(*args, **kwargs).double()
    ours = getattr(nn, name)(*args, **kwargs)
    assert repr(ours) == repr(theirs)
    state = theirs.state_dict()
    assert list(ours.state_dict()) == list(state)
    ours.load_state_dict({key: value.numpy() for key, value in state.items()})
    x = rng.standard_normal((2, 4, 4, 5, 6))
    expected = theirs(torch.tensor(x))
    out = ours(x)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=RTOL, atol=ATOL)
    upstream = rng.standard_normal(out.shape)
    out.backward(upstream)
    expected.backward(torch.tensor(upstream))
    for key, parameter in ours.named_parameters():
        their_grad = dict(theirs.named_parameters())[key].grad.numpy()
        np.testing.assert_allclose(parameter.grad, their_grad, rtol=RTOL, atol=ATOL, err_msg=key)


POOL3D = [
    {"kernel_size": 2},
    {"kernel_size": (2, 3, 2), "stride": (1, 2, 1), "padding": (1, 1, 0)},
    {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True},
]


@pytest.mark.parametrize("settings", POOL3D, ids=str)
def test_max_pool3d_values_indices_and_gradients_match_pytorch(rng, settings):
    x = rng.standard_normal((2, 3, 5, 6, 7))
    compare(
        lambda x: functional.max_pool3d(x, return_indices=True, **settings),
        lambda x: TF.max_pool3d(x, return_indices=True, **settings),
        x,
        indices=True,
    )


def test_max_pool3d_with_dilation_and_ties_matches_pytorch(rng):
    x = rng.integers(0, 3, (1, 2, 6, 6, 6)).astype(np.float64)  # many tied maxima
    compare(
        lambda x: functional.max_pool3d(x, 2, stride=1, dilation=2, return_indices=True),
        lambda x: TF.max_pool3d(x, 2, stride=1, dilation=2, return_indices=True),
        x,
        indices=True,
    )


@pytest.mark.parametrize(
    "settings",
    [
        *POOL3D,
        {"kernel_size": 3, "padding": 1, "count_include_pad": False, "ceil_mode": True},
        {"kernel_size": 2, "divisor_override": 3},
    ],
    ids=str,
)
def test_avg_pool3d_matches_pytorch(rng, settings):
    compare(
        lambda x: functional.avg_pool3d(x, **settings),
        lambda x: TF.avg_pool3d(x, **settings),
        rng.standard_normal((2, 3, 5, 6, 7)),
    )


@pytest.mark.parametrize("output_size", [1, (2, 3, 4), (None, 2, 5), (3, 1, None)], ids=str)
def test_adaptive_pools_3d_match_pytorch(rng, output_size):
    x = rng.standard_normal((2, 3, 5, 6, 7))
    compare(
        lambda x: functional.adaptive_avg_pool3d(x, output_size),
        lambda x: TF.adaptive_avg_pool3d(x, output_size),
        x,
    )
    compare(
        lambda x: functional.adaptive_max_pool3d(x, output_size, return_indices=True),
        lambda x: TF.adaptive_max_pool3d(x, output_size, return_indices=True),
        x,
        indices=True,
    )


def test_unbatched_3d_inputs_match_pytorch(rng):
    x = rng.standard_normal((3, 4, 5, 6))
    w = rng.standard_normal((2, 3, 2, 2, 2))
    compare(lambda x, w: functional.conv3d(x, w), lambda x, w: TF.conv3d(x, w), x, w)
    compare(lambda x: functional.max_pool3d(x, 2), lambda x: TF.max_pool3d(x, 2), x)
    compare(lambda x: functional.avg_pool3d(x, 2), lambda x: TF.avg_pool3d(x, 2), x)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (nn.MaxPool3d(2, stride=1), torch.nn.MaxPool3d(2, stride=1)),
        (nn.AvgPool3d(3, padding=1), torch.nn.AvgPool3d(3, padding=1)),
        (nn.AdaptiveAvgPool3d((1, 2, 3)), torch.nn.AdaptiveAvgPool3d((1, 2, 3))),
        (nn.AdaptiveMaxPool3d(2), torch.nn.AdaptiveMaxPool3d(2)),
    ],
    ids=repr,
)
def test_pool3d_layers_compute_as_pytorchs(rng, ours, theirs):
    x = rng.standard_normal((2, 3, 4, 5, 6))
    compare(ours, theirs, x)


def test_bad_3d_input_raises_as_pytorch():
    with pytest.raises(RuntimeError, match="conv3d"):
        functional.conv3d(np.zeros((1, 2, 3, 3)), np.zeros((1, 2, 2, 2, 2)))
    with pytest.raises(RuntimeError, match="max_pool3d"):
        functional.max_pool3d(np.zeros((3, 3)), 2)
    with pytest.raises(RuntimeError, match="Output size is too small"):
        functional.avg_pool3d(np.zeros((1, 1, 1, 4, 4)), 2)
