"""Resampling against PyTorch (float64): bicubic and trilinear interpolation (align_corners
both ways, sizes and scale factors up and down, recompute_scale_factor), nearest on 5-D input,
pixel (un)shuffle and the Fold/Unfold modules: values and gradients."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import nn  # noqa: E402
from autograd import Tensor  # noqa: E402
from nn import functional  # noqa: E402

TF = torch.nn.functional


def compare(ours, theirs, x, seed=0):
    leaf, torch_leaf = Tensor(x.copy(), requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(leaf), theirs(torch_leaf)
    assert out.shape == tuple(expected.shape)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    upstream = np.random.default_rng(seed).standard_normal(out.shape)
    out.backward(upstream)
    expected.backward(torch.tensor(upstream))
    np.testing.assert_allclose(leaf.grad, torch_leaf.grad.numpy(), rtol=1e-10, atol=1e-12)


RESIZES = [
    {"scale_factor": 2.5},
    {"scale_factor": 0.6},
    {"scale_factor": (1.7, 0.8), "recompute_scale_factor": True},
    {"size": (3, 4)},
    {"size": (9, 1)},
    {"size": (1, 11)},
]


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("resize", RESIZES, ids=str)
def test_bicubic_matches_pytorch(rng, resize, align_corners):
    compare(
        lambda x: functional.interpolate(x, mode="bicubic", align_corners=align_corners, **resize),
        lambda x: TF.interpolate(x, mode="bicubic", align_corners=align_corners, **resize),
        rng.standard_normal((2, 3, 5, 6)),
    )


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize(
    "resize", [{"scale_factor": 1.5}, {"scale_factor": (0.5, 2, 1.3)}, {"size": (2, 7, 1)}], ids=str
)
def test_trilinear_matches_pytorch(rng, resize, align_corners):
    compare(
        lambda x: functional.interpolate(
            x, mode="trilinear", align_corners=align_corners, **resize
        ),
        lambda x: TF.interpolate(x, mode="trilinear", align_corners=align_corners, **resize),
        rng.standard_normal((2, 2, 3, 4, 5)),
    )


@pytest.mark.parametrize("mode", ["nearest", "nearest-exact", "area"])
def test_5d_nearest_and_area_match_pytorch(rng, mode):
    compare(
        lambda x: functional.interpolate(x, size=(5, 3, 7), mode=mode),
        lambda x: TF.interpolate(x, size=(5, 3, 7), mode=mode),
        rng.standard_normal((1, 2, 3, 4, 5)),
    )


def test_upsample_bicubic_module_matches_pytorch(rng):
    ours = nn.Upsample(scale_factor=2, mode="bicubic", align_corners=True)
    theirs = torch.nn.Upsample(scale_factor=2, mode="bicubic", align_corners=True)
    compare(ours, theirs, rng.standard_normal((1, 2, 4, 3)))


@pytest.mark.parametrize("shape, factor", [((2, 8, 3, 4), 2), ((5, 18, 2, 2), 3), ((4, 2, 2), 1)])
def test_pixel_shuffle_and_unshuffle_match_pytorch(rng, shape, factor):
    x = rng.standard_normal(shape)
    compare(nn.PixelShuffle(factor), torch.nn.PixelShuffle(factor), x)
    *lead, channels, height, width = shape
    y = rng.standard_normal((*lead, channels, height * factor, width * factor))
    compare(nn.PixelUnshuffle(factor), torch.nn.PixelUnshuffle(factor), y)
    assert repr(nn.PixelShuffle(factor)) == repr(torch.nn.PixelShuffle(factor))


def test_fold_and_unfold_modules_match_pytorch(rng):
    settings = {"kernel_size": (2, 3), "dilation": (1, 2), "padding": 1, "stride": (2, 1)}
    ours, theirs = nn.Unfold(**settings), torch.nn.Unfold(**settings)
    assert repr(ours) == repr(theirs)
    x = rng.standard_normal((2, 3, 6, 7))
    compare(ours, theirs, x)
    cols = theirs(torch.tensor(x)).numpy()
    ours, theirs = nn.Fold((6, 7), **settings), torch.nn.Fold((6, 7), **settings)
    assert repr(ours) == repr(theirs)
    compare(ours, theirs, cols)


@pytest.mark.parametrize(
    "call",
    [
        lambda x: functional.interpolate(x, size=4, mode="bicubic"),  # 3-D input
        lambda x: functional.pixel_shuffle(x, 2),  # 3 channels, not divisible by 4
        lambda x: functional.pixel_unshuffle(x, 2),  # width 5, not divisible by 2
    ],
)
def test_bad_resampling_input_raises(call):
    with pytest.raises((RuntimeError, NotImplementedError), match=r"interpolate|pixel"):
        call(np.zeros((3, 4, 5)))
