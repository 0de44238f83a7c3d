"""Convolutions, unfold/fold, padding and interpolation: gradcheck in float64, second order,
the Unfold/Fold forward rules against backward (dot-product test), the adjoint property over
random geometries, and behaviour (shapes, layers, errors)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nn
from autograd import Tensor, grad, gradcheck
from autograd.forward_ad import dual_level, make_dual, unpack_dual
from autograd.ops import Fold, Unfold
from nn import functional
from tests.strategies import seeds

GEOMETRY = {"kernel": (2, 3), "dilation": (1, 2), "padding": ((1, 0), (2, 1)), "stride": (2, 1)}


# ---------------------------------------------------------------- the primitives
def test_unfold_gradients_match_finite_differences(leaf):
    assert gradcheck(lambda x: Unfold.apply(x, **GEOMETRY), [leaf(2, 2, 5, 4)])


def test_fold_gradients_match_finite_differences(leaf):
    cols = Unfold.apply(Tensor(np.zeros((2, 2, 5, 4))), **GEOMETRY)
    assert gradcheck(lambda c: Fold.apply(c, size=(5, 4), **GEOMETRY), [leaf(*cols.shape)])


@settings(max_examples=30)
@given(
    seed=seeds(),
    size=st.tuples(st.integers(1, 6), st.integers(1, 6)),
    kernel=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    dilation=st.tuples(st.integers(1, 2), st.integers(1, 2)),
    stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    padding=st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 2), st.integers(0, 2)),
)
def test_fold_is_the_adjoint_of_unfold(seed, size, kernel, dilation, stride, padding):
    geometry = {
        "kernel": kernel,
        "dilation": dilation,
        "padding": (padding[:2], padding[2:]),
        "stride": stride,
    }
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, 3, *size))
    try:
        cols = Unfold.apply(Tensor(x), **geometry)
    except ValueError:
        return  # the kernel does not fit: nothing to check
    y = rng.standard_normal(cols.shape)
    folded = Fold.apply(Tensor(y), size=size, **geometry)
    np.testing.assert_allclose(np.sum(cols.data * y), np.sum(x * folded.data), rtol=1e-10)


def forward_tangent(function, inputs, tangents):
    with dual_level():
        duals = [make_dual(x, t) for x, t in zip(inputs, tangents, strict=True)]
        return unpack_dual(function(*duals)).tangent


@pytest.mark.parametrize(
    "function",
    [
        lambda x, w: functional.conv2d(x, w, stride=2, padding=1, dilation=(1, 2)),
        lambda x, w: functional.conv_transpose2d(x, w.swapaxes(0, 1), stride=2, output_padding=1),
    ],
    ids=["conv2d", "conv_transpose2d"],
)
def test_forward_rule_is_the_transpose_of_backward(rng, function):
    x, w = Tensor(rng.standard_normal((2, 3, 5, 6))), Tensor(rng.standard_normal((4, 3, 3, 2)))
    x.requires_grad = w.requires_grad = True
    tangents = [Tensor(rng.standard_normal(x.shape)), Tensor(rng.standard_normal(w.shape))]
    out = function(x, w)
    cotangent = Tensor(rng.standard_normal(out.shape))
    jvp = forward_tangent(function, [x, w], tangents)
    vjps = grad(out, [x, w], grad_outputs=cotangent)
    reverse = sum(np.sum(t.data * v.data) for t, v in zip(tangents, vjps, strict=True))
    np.testing.assert_allclose(np.sum(jvp.data * cotangent.data), reverse, rtol=1e-10)


# ---------------------------------------------------------------- gradcheck of the functions
@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"stride": 2, "padding": 1},
        {"padding": "same", "dilation": 2},
        {"groups": 2, "padding": (0, 1)},
    ],
)
def test_conv2d_gradients_match_finite_differences(leaf, settings):
    groups = settings.get("groups", 1)
    x, w, b = leaf(1, 4, 5, 5), leaf(2, 4 // groups, 2, 3), leaf(2)
    assert gradcheck(lambda x, w, b: functional.conv2d(x, w, b, **settings), [x, w, b])


def test_conv1d_gradients_match_finite_differences(leaf):
    x, w, b = leaf(2, 2, 7), leaf(4, 1, 3), leaf(4)
    assert gradcheck(
        lambda x, w, b: functional.conv1d(x, w, b, padding="same", groups=2), [x, w, b]
    )


@pytest.mark.parametrize("dims", [1, 2])
def test_conv_transpose_gradients_match_finite_differences(leaf, dims):
    spatial = (3,) * dims
    x, w, b = leaf(1, 2, *spatial), leaf(2, 3, *(2,) * dims), leaf(3)
    function = functional.conv_transpose1d if dims == 1 else functional.conv_transpose2d
    assert gradcheck(
        lambda x, w, b: function(x, w, b, stride=2, padding=1, output_padding=1), [x, w, b]
    )


def test_conv2d_second_derivatives_match_finite_differences(leaf):
    x, w = leaf(1, 2, 4, 4), leaf(2, 2, 3, 3)

    def weight_gradient(x, w):
        out = functional.conv2d(x, w, padding=1)
        (gw,) = grad((out * out).sum(), [w], create_graph=True)
        return gw

    assert gradcheck(weight_gradient, [x, w])


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
def test_pad_gradients_match_finite_differences(leaf, mode):
    assert gradcheck(lambda x: functional.pad(x, (2, -1, 1, 2), mode=mode), [leaf(2, 3, 4, 4)])


@pytest.mark.parametrize(
    "settings",
    [
        {"size": (5, 7), "mode": "bilinear"},
        {"scale_factor": 1.5, "mode": "bilinear", "align_corners": True},
        {"scale_factor": 2, "mode": "nearest"},
        {"size": (2, 3), "mode": "area"},
    ],
)
def test_interpolate_gradients_match_finite_differences(leaf, settings):
    assert gradcheck(lambda x: functional.interpolate(x, **settings), [leaf(1, 2, 3, 4)])


# ---------------------------------------------------------------- behaviour
def test_conv2d_layer_with_same_padding_keeps_the_size():
    layer = nn.Conv2d(3, 5, kernel_size=4, padding="same", padding_mode="reflect")
    assert layer(np.zeros((2, 3, 7, 6), np.float32)).shape == (2, 5, 7, 6)


def test_depthwise_conv2d_keeps_the_channels_apart(rng):
    x = rng.standard_normal((1, 3, 4, 4))
    weight = np.zeros((3, 1, 1, 1))
    weight[1] = 1.0  # only channel 1 passes
    out = functional.conv2d(Tensor(x), Tensor(weight), groups=3).data
    np.testing.assert_array_equal(out[0, 1], x[0, 1])
    assert not out[0, [0, 2]].any()


def test_conv_transpose2d_undoes_the_shape_of_a_strided_conv2d():
    down = nn.Conv2d(2, 4, 3, stride=2, padding=1)
    up = nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1)
    x = np.zeros((1, 2, 8, 8), np.float32)
    assert up(down(x)).shape == x.shape


def test_conv_transpose2d_output_size_picks_the_output_padding():
    up = nn.ConvTranspose2d(1, 1, 3, stride=2)
    assert up(np.zeros((1, 1, 4, 4), np.float32), output_size=(10, 9)).shape == (1, 1, 10, 9)
    with pytest.raises(ValueError, match="valid sizes range from"):
        up(np.zeros((1, 1, 4, 4), np.float32), output_size=(12, 12))


def test_conv_layers_keep_the_float32_default_dtype():
    out = nn.Conv1d(2, 2, 3)(np.zeros((1, 2, 5), np.float32))
    assert out.dtype == np.float32


def test_unbatched_conv1d_input_gives_an_unbatched_output():
    assert nn.Conv1d(2, 3, 3)(np.zeros((2, 6), np.float32)).shape == (3, 4)


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: nn.Conv2d(4, 6, 3, groups=4), "out_channels must be divisible by groups"),
        (lambda: nn.Conv2d(3, 6, 3, groups=2), "in_channels must be divisible by groups"),
        (lambda: nn.Conv2d(2, 2, 3, stride=2, padding="same"), "not supported for strided"),
        (lambda: nn.Conv2d(2, 2, 3, padding_mode="mirror"), "padding_mode must be one of"),
        (lambda: nn.ConvTranspose2d(2, 2, 3, padding_mode="reflect"), 'Only "zeros"'),
    ],
)
def test_conv_layers_reject_bad_arguments_as_pytorch_does(build, message):
    with pytest.raises(ValueError, match=message):
        build()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: nn.Conv2d(3, 2, 3)(np.zeros((1, 4, 5, 5), np.float32)),
            r"conv2d: given groups=1, weight of size \[2, 3, 3, 3\], expected input\[1, 4, 5, "
            r"5\] to have 3 channels, but got 4",
        ),
        (
            lambda: nn.Conv2d(1, 1, 3)(np.zeros((5, 5), np.float32)),
            r"expected 3D \(unbatched\) or 4D \(batched\) input to conv2d",
        ),
        (
            lambda: functional.conv2d(np.zeros((1, 1, 2, 2)), np.zeros((1, 1, 3, 3))),
            r"padded input size per channel: \(2 x 2\). Kernel size: \(3 x 3\)",
        ),
        (
            lambda: functional.pad(np.zeros((1, 1, 3)), (3, 3), mode="reflect"),
            "padding size should be less than the corresponding input dimension",
        ),
    ],
)
def test_conv_errors_name_the_op_and_the_shapes(call, message):
    with pytest.raises(RuntimeError, match=message):
        call()


def test_pad_of_unsupported_rank_for_reflect_is_not_implemented():
    with pytest.raises(NotImplementedError, match="padding size 2 is not supported for 4D"):
        functional.pad(np.zeros((1, 1, 3, 3)), (1, 1), mode="reflect")


def test_interpolate_needs_exactly_one_of_size_and_scale_factor():
    with pytest.raises(ValueError, match="only one of size or scale_factor"):
        functional.interpolate(np.zeros((1, 1, 3)), size=4, scale_factor=2)
    with pytest.raises(ValueError, match="either size or scale_factor"):
        functional.interpolate(np.zeros((1, 1, 3)))


def test_interpolate_rejects_align_corners_for_nearest():
    with pytest.raises(ValueError, match="align_corners option can only be set"):
        functional.interpolate(np.zeros((1, 1, 3)), size=4, align_corners=True)


def test_layers_module_still_exports_conv2d_and_maxpool2d():
    from nn.layers import Conv2d, MaxPool2d

    assert Conv2d is nn.Conv2d and MaxPool2d is nn.MaxPool2d
