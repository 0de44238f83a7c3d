"""Convolutions, padding and interpolation against PyTorch: values and gradients of the same
inputs (float64), over a grid of strides, paddings ('same' with even kernels included),
dilations, groups (depthwise included), padding modes and output paddings."""

import itertools

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import nn  # noqa: E402
from autograd import Tensor  # noqa: E402
from nn import functional  # noqa: E402

TF = torch.nn.functional
# PyTorch's note that 'same' with an even kernel copies the input: no concern here
pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")


def compare(ours, theirs, *arrays, rtol=1e-10, atol=1e-12, seed=0):
    """Run both functions on copies of ``arrays`` (float64 leaves); compare the outputs, then
    the gradients for the same random upstream gradient."""
    rng = np.random.default_rng(seed)
    leaves = [Tensor(array.copy(), requires_grad=True) for array in arrays]
    torch_leaves = [torch.tensor(array, requires_grad=True) for array in arrays]
    out = ours(*leaves)
    expected = theirs(*torch_leaves)
    assert out.shape == tuple(expected.shape)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=rtol, atol=atol)
    upstream = rng.standard_normal(out.shape)
    out.backward(upstream)
    expected.backward(torch.tensor(upstream))
    for leaf, torch_leaf in zip(leaves, torch_leaves, strict=True):
        np.testing.assert_allclose(leaf.grad, torch_leaf.grad.numpy(), rtol=rtol, atol=atol)


def arrays(rng, *shapes):
    return [rng.standard_normal(shape) for shape in shapes]


# ---------------------------------------------------------------- conv2d
CONV2D_GRID = [
    (kernel, stride, padding, dilation, groups)
    for kernel, stride, padding, dilation, groups in itertools.product(
        [(3, 3), (2, 4)],
        [1, (2, 1)],
        [0, (2, 1), "valid", "same"],
        [1, 2],
        [1, 2],
    )
    if not (padding == "same" and stride != 1)
]


@pytest.mark.parametrize("kernel, stride, padding, dilation, groups", CONV2D_GRID)
def test_conv2d_matches_pytorch(rng, kernel, stride, padding, dilation, groups):
    x, w, b = arrays(rng, (2, 4, 7, 8), (6, 4 // groups, *kernel), (6,))
    settings = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    compare(
        lambda x, w, b: functional.conv2d(x, w, b, **settings),
        lambda x, w, b: TF.conv2d(x, w, b, **settings),
        x,
        w,
        b,
    )


@pytest.mark.parametrize("kernel", [(2, 2), (4, 3), (3, 3)])
def test_conv2d_depthwise_same_padding_matches_pytorch(rng, kernel):
    x, w = arrays(rng, (2, 3, 6, 5), (3, 1, *kernel))
    compare(
        lambda x, w: functional.conv2d(x, w, padding="same", groups=3),
        lambda x, w: TF.conv2d(x, w, padding="same", groups=3),
        x,
        w,
    )


def test_conv2d_depthwise_with_channel_multiplier_matches_pytorch(rng):
    x, w, b = arrays(rng, (2, 3, 6, 6), (6, 1, 3, 3), (6,))
    compare(
        lambda x, w, b: functional.conv2d(x, w, b, stride=2, padding=1, groups=3),
        lambda x, w, b: TF.conv2d(x, w, b, stride=2, padding=1, groups=3),
        x,
        w,
        b,
    )


def test_conv2d_of_an_unbatched_input_matches_pytorch(rng):
    x, w = arrays(rng, (2, 5, 5), (3, 2, 3, 3))
    compare(lambda x, w: functional.conv2d(x, w), lambda x, w: TF.conv2d(x, w), x, w)


# ---------------------------------------------------------------- conv1d
@pytest.mark.parametrize(
    "kernel, stride, padding, dilation, groups",
    [
        (k, s, p, d, g)
        for k, s, p, d, g in itertools.product(
            [1, 2, 3], [1, 3], [0, 2, "same", "valid"], [1, 2], [1, 3]
        )
        if not (p == "same" and s != 1)
    ],
)
def test_conv1d_matches_pytorch(rng, kernel, stride, padding, dilation, groups):
    x, w, b = arrays(rng, (2, 3, 9), (6, 3 // groups, kernel), (6,))
    settings = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    compare(
        lambda x, w, b: functional.conv1d(x, w, b, **settings),
        lambda x, w, b: TF.conv1d(x, w, b, **settings),
        x,
        w,
        b,
    )


# ---------------------------------------------------------------- transposed convolutions
TRANSPOSE2D_GRID = [
    (stride, padding, output_padding, dilation, groups)
    for stride, padding, output_padding, dilation, groups in itertools.product(
        [1, (3, 2)], [0, (2, 1)], [0, 1, (1, 0)], [1, 2], [1, 2]
    )
    if all(
        op < s or op < dilation
        for op, s in zip(
            output_padding if isinstance(output_padding, tuple) else (output_padding,) * 2,
            stride if isinstance(stride, tuple) else (stride,) * 2,
            strict=True,
        )
    )
]


@pytest.mark.parametrize("stride, padding, output_padding, dilation, groups", TRANSPOSE2D_GRID)
def test_conv_transpose2d_matches_pytorch(rng, stride, padding, output_padding, dilation, groups):
    x, w, b = arrays(rng, (2, 4, 4, 5), (4, 6 // groups, 3, 2), (6,))
    settings = {
        "stride": stride,
        "padding": padding,
        "output_padding": output_padding,
        "dilation": dilation,
        "groups": groups,
    }
    compare(
        lambda x, w, b: functional.conv_transpose2d(x, w, b, **settings),
        lambda x, w, b: TF.conv_transpose2d(x, w, b, **settings),
        x,
        w,
        b,
    )


@pytest.mark.parametrize(
    "stride, padding, output_padding, dilation",
    [(1, 0, 0, 1), (2, 1, 1, 1), (3, 2, 2, 2), (1, 0, 1, 2), (2, 0, 0, 3)],
)
def test_conv_transpose1d_matches_pytorch(rng, stride, padding, output_padding, dilation):
    x, w, b = arrays(rng, (2, 4, 5), (4, 3, 3), (3,))
    settings = {
        "stride": stride,
        "padding": padding,
        "output_padding": output_padding,
        "dilation": dilation,
    }
    compare(
        lambda x, w, b: functional.conv_transpose1d(x, w, b, **settings),
        lambda x, w, b: TF.conv_transpose1d(x, w, b, **settings),
        x,
        w,
        b,
    )


# ---------------------------------------------------------------- unfold and fold
@pytest.mark.parametrize(
    "kernel, dilation, padding, stride",
    [(2, 1, 0, 1), ((2, 3), (1, 2), (1, 0), (2, 1)), (3, 2, 1, 2)],
)
def test_unfold_and_fold_match_pytorch(rng, kernel, dilation, padding, stride):
    settings = {"dilation": dilation, "padding": padding, "stride": stride}
    (x,) = arrays(rng, (2, 3, 7, 6))
    compare(
        lambda x: functional.unfold(x, kernel, **settings),
        lambda x: TF.unfold(x, kernel, **settings),
        x,
    )
    cols = TF.unfold(torch.tensor(x), kernel, **settings).numpy()
    compare(
        lambda c: functional.fold(c, (7, 6), kernel, **settings),
        lambda c: TF.fold(c, (7, 6), kernel, **settings),
        cols,
    )


# ---------------------------------------------------------------- layers
@pytest.mark.parametrize("padding_mode", ["zeros", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("padding", [1, (2, 1), "same", "valid"])
def test_conv2d_layer_with_every_padding_mode_matches_pytorch(rng, padding_mode, padding):
    ours = nn.Conv2d(2, 4, (3, 2), padding=padding, padding_mode=padding_mode, dtype=np.float64)
    theirs = torch.nn.Conv2d(2, 4, (3, 2), padding=padding, padding_mode=padding_mode).double()
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(ours.weight.data))
        theirs.bias.copy_(torch.tensor(ours.bias.data))
    (x,) = arrays(rng, (2, 2, 5, 6))
    compare(lambda x: ours(x), lambda x: theirs(x), x)
    np.testing.assert_allclose(ours.weight.grad, theirs.weight.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(ours.bias.grad, theirs.bias.grad.numpy(), rtol=1e-10)


@pytest.mark.parametrize("padding_mode", ["zeros", "reflect", "replicate", "circular"])
def test_conv1d_layer_with_every_padding_mode_matches_pytorch(rng, padding_mode):
    ours = nn.Conv1d(2, 3, 4, padding="same", padding_mode=padding_mode, dtype=np.float64)
    theirs = torch.nn.Conv1d(2, 3, 4, padding="same", padding_mode=padding_mode).double()
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(ours.weight.data))
        theirs.bias.copy_(torch.tensor(ours.bias.data))
    (x,) = arrays(rng, (2, 2, 7))
    compare(lambda x: ours(x), lambda x: theirs(x), x)


def test_conv_transpose2d_layer_with_output_size_matches_pytorch(rng):
    ours = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, dtype=np.float64)
    theirs = torch.nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1).double()
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(ours.weight.data))
        theirs.bias.copy_(torch.tensor(ours.bias.data))
    (x,) = arrays(rng, (1, 3, 4, 4))
    compare(lambda x: ours(x, output_size=[8, 8]), lambda x: theirs(x, output_size=[8, 8]), x)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (nn.Conv1d(4, 6, 3, groups=2), torch.nn.Conv1d(4, 6, 3, groups=2)),
        (nn.Conv2d(4, 6, (3, 2), bias=False), torch.nn.Conv2d(4, 6, (3, 2), bias=False)),
        (nn.ConvTranspose1d(4, 6, 3, groups=2), torch.nn.ConvTranspose1d(4, 6, 3, groups=2)),
        (nn.ConvTranspose2d(4, 6, 3, groups=2), torch.nn.ConvTranspose2d(4, 6, 3, groups=2)),
    ],
    ids=["Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d"],
)
def test_conv_layers_have_pytorchs_parameters_and_bounds(ours, theirs):
    assert {name: p.shape for name, p in ours.named_parameters()} == {
        name: tuple(p.shape) for name, p in theirs.named_parameters()
    }
    bound = float(theirs.weight.detach().abs().max())  # just below 1 / sqrt(fan_in)
    fan_in = theirs.weight.shape[1] * np.prod(theirs.weight.shape[2:])
    assert bound <= 1 / np.sqrt(fan_in) and np.abs(ours.weight.data).max() <= 1 / np.sqrt(fan_in)
    assert np.abs(ours.weight.data).max() > 0.5 / np.sqrt(fan_in)  # the same spread


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (
            nn.Conv2d(4, 6, 3, padding="same", padding_mode="reflect", dilation=2, groups=2),
            torch.nn.Conv2d(4, 6, 3, padding="same", padding_mode="reflect", dilation=2, groups=2),
        ),
        (nn.Conv1d(4, 6, 3), torch.nn.Conv1d(4, 6, 3)),
        (
            nn.ConvTranspose2d(4, 6, 3, stride=2, output_padding=1, bias=False),
            torch.nn.ConvTranspose2d(4, 6, 3, stride=2, output_padding=1, bias=False),
        ),
    ],
)
def test_conv_layers_print_as_pytorch_does(ours, theirs):
    assert repr(ours) == repr(theirs)


# ---------------------------------------------------------------- pad
PAD_GRID = [
    ((2, 3, 5), (2, 1)),
    ((2, 3, 5), (-1, 3)),
    ((2, 3, 5), (3, -2)),
    ((2, 3, 4, 5), (1, 2, 3, 0)),
    ((2, 3, 4, 5), (-1, 1, 2, -2)),
    ((3, 4, 5), (2, 2, 1, 3)),
    ((1, 2, 3, 4, 5), (1, 1, 2, 0, 1, 2)),
]


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("shape, pads", PAD_GRID)
def test_pad_matches_pytorch(rng, mode, shape, pads):
    sizes = shape[len(shape) - len(pads) // 2 :][::-1]
    limit = {"reflect": lambda p, n: p < n, "circular": lambda p, n: p <= n}.get(mode)
    if limit and not all(limit(p, n) for p, n in zip(pads, np.repeat(sizes, 2), strict=True)):
        pytest.skip("beyond PyTorch's limit for this mode (tested as an error elsewhere)")
    (x,) = arrays(rng, shape)
    compare(lambda x: functional.pad(x, pads, mode=mode), lambda x: TF.pad(x, pads, mode=mode), x)


@pytest.mark.parametrize("pads", [(1, 2), (1, 0, 2, 1), (0, 0, 0, 0, -1, 2)])
def test_constant_pad_with_a_value_on_any_rank_matches_pytorch(rng, pads):
    (x,) = arrays(rng, (2, 3, 4))
    compare(
        lambda x: functional.pad(x, pads, value=-2.5),
        lambda x: TF.pad(x, pads, value=-2.5),
        x,
    )


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (nn.ZeroPad2d((1, 0, 2, 1)), torch.nn.ZeroPad2d((1, 0, 2, 1))),
        (nn.ConstantPad1d(2, 3.5), torch.nn.ConstantPad1d(2, 3.5)),
        (nn.ReflectionPad2d(2), torch.nn.ReflectionPad2d(2)),
        (nn.ReplicationPad1d((1, 3)), torch.nn.ReplicationPad1d((1, 3))),
        (nn.CircularPad2d(1), torch.nn.CircularPad2d(1)),
    ],
    ids=["ZeroPad2d", "ConstantPad1d", "ReflectionPad2d", "ReplicationPad1d", "CircularPad2d"],
)
def test_padding_layers_match_pytorch(rng, ours, theirs):
    (x,) = arrays(rng, (2, 3, 4, 5) if "2d" in type(ours).__name__ else (3, 4, 5))
    compare(lambda x: ours(x), lambda x: theirs(x), x)


# ---------------------------------------------------------------- interpolate
INTERPOLATE_GRID = [
    (mode, shape, size, scale, align)
    for mode, shape in [
        ("nearest", (2, 3, 5)),
        ("nearest", (2, 3, 4, 5)),
        ("nearest-exact", (2, 3, 4, 5)),
        ("linear", (2, 3, 5)),
        ("bilinear", (2, 3, 4, 5)),
        ("area", (2, 3, 7, 5)),
    ]
    for size, scale in [(None, 2), (None, 1.7), (None, 0.6), (3, None), (9, None)]
    for align in ([None, False, True] if "linear" in mode else [None])
]


@pytest.mark.parametrize("mode, shape, size, scale, align", INTERPOLATE_GRID)
def test_interpolate_matches_pytorch(rng, mode, shape, size, scale, align):
    settings = {"size": size, "scale_factor": scale, "mode": mode, "align_corners": align}
    (x,) = arrays(rng, shape)
    compare(
        lambda x: functional.interpolate(x, **settings),
        lambda x: TF.interpolate(x, **settings),
        x,
    )


@pytest.mark.parametrize("mode", ["nearest", "bilinear"])
def test_interpolate_with_recomputed_scale_and_per_axis_factors_matches_pytorch(rng, mode):
    settings = {"scale_factor": (1.3, 2.6), "mode": mode, "recompute_scale_factor": True}
    (x,) = arrays(rng, (1, 2, 5, 4))
    compare(
        lambda x: functional.interpolate(x, **settings),
        lambda x: TF.interpolate(x, **settings),
        x,
    )


@pytest.mark.parametrize("mode", ["nearest", "nearest-exact", "bilinear"])
@pytest.mark.parametrize("size", [(7, 13), (3, 11), (16, 5)])
def test_interpolate_float32_picks_pytorchs_source_pixels(rng, mode, size):
    x = rng.standard_normal((1, 2, 6, 9)).astype(np.float32)
    ours = functional.interpolate(Tensor(x), size=size, mode=mode).data
    theirs = TF.interpolate(torch.tensor(x), size=size, mode=mode).numpy()
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6)


def test_upsample_matches_pytorch(rng):
    ours = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
    theirs = torch.nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
    (x,) = arrays(rng, (1, 2, 3, 4))
    compare(lambda x: ours(x), lambda x: theirs(x), x)
    assert repr(nn.Upsample(size=3)) == repr(torch.nn.Upsample(size=3))


# ---------------------------------------------------------------- errors PyTorch also raises
X = np.zeros((1, 1, 5, 5))
ERRORS = [
    ("conv2d input rank", lambda m: m.conv2d(np.zeros((5, 5)), np.zeros((1, 1, 3, 3)))),
    ("channels", lambda m: m.conv2d(np.zeros((1, 4, 5, 5)), np.zeros((6, 2, 3, 3)))),
    ("groups", lambda m: m.conv2d(np.zeros((1, 4, 5, 5)), np.zeros((5, 2, 3, 3)), groups=2)),
    ("kernel too large", lambda m: m.conv2d(X, np.zeros((1, 1, 3, 3)), dilation=3)),
    ("same strided", lambda m: m.conv2d(X, np.zeros((1, 1, 3, 3)), stride=2, padding="same")),
    ("bias", lambda m: m.conv2d(np.zeros((1, 1, 5, 5)), np.zeros((2, 1, 3, 3)), np.zeros(3))),
    ("output_padding", lambda m: m.conv_transpose2d(X, np.zeros((1, 1, 3, 3)), output_padding=1)),
    ("reflect too wide", lambda m: m.pad(np.zeros((1, 1, 3)), (3, 0), mode="reflect")),
    ("circular twice", lambda m: m.pad(np.zeros((1, 1, 3)), (4, 0), mode="circular")),
    ("odd pad", lambda m: m.pad(np.zeros((1, 1, 3)), (1, 1, 1))),
]  # fmt: skip


@pytest.mark.parametrize("case", ERRORS, ids=[name for name, _ in ERRORS])
def test_raises_where_pytorch_raises_and_of_the_same_type(case):
    _, call = case

    def torch_call():
        class Wrapped:
            def __getattr__(self, name):
                function = getattr(TF, name)
                return lambda *args, **kwargs: function(
                    *[torch.tensor(a) if isinstance(a, np.ndarray) else a for a in args],
                    **kwargs,
                )

        call(Wrapped())

    with pytest.raises(Exception) as theirs:
        torch_call()
    with pytest.raises(theirs.type):
        call(functional)
