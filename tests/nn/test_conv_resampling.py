"""Bicubic and trilinear interpolation and pixel (un)shuffle: gradcheck in float64, bicubic
values against the cubic convolution formula, pixel_unshuffle as pixel_shuffle's inverse."""

import numpy as np
import pytest

from autograd import Tensor, gradcheck
from nn import functional


def leaf64(rng, *shape):
    return Tensor(rng.standard_normal(shape), requires_grad=True)


@pytest.mark.parametrize("align_corners", [False, True])
def test_bicubic_and_trilinear_pass_gradcheck(rng, align_corners):
    x = leaf64(rng, 1, 2, 3, 4)
    assert gradcheck(
        lambda x: functional.interpolate(
            x, size=(5, 3), mode="bicubic", align_corners=align_corners
        ),
        [x],
    )
    y = leaf64(rng, 1, 1, 2, 3, 2)
    assert gradcheck(
        lambda y: functional.interpolate(
            y, scale_factor=1.5, mode="trilinear", align_corners=align_corners
        ),
        [y],
    )


def test_bicubic_reproduces_cubic_convolution_with_a_minus_three_quarters():
    # one row, upsampled x2 with align_corners=False: output 1 sits at source 0.25
    row = np.array([1.0, 4.0, 2.0, 8.0])
    x = np.tile(row, (4, 1)).reshape(1, 1, 4, 4)  # constant along the height
    out = functional.interpolate(x, scale_factor=2, mode="bicubic").data[0, 0, 0]
    a, t = -0.75, 0.25

    def kernel(d):
        d = abs(d)
        if d <= 1:
            return ((a + 2) * d - (a + 3)) * d * d + 1
        return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a

    taps = row[[0, 0, 1, 2]]  # floor(0.25) - 1 .. + 2, clamped at the left edge
    expected = sum(tap * kernel(t - k) for tap, k in zip(taps, (-1, 0, 1, 2), strict=True))
    np.testing.assert_allclose(out[1], expected, rtol=1e-12)


def test_bicubic_keeps_a_constant_image_constant():
    out = functional.interpolate(np.full((1, 1, 3, 5), 2.5), size=(7, 4), mode="bicubic")
    np.testing.assert_allclose(out.data, 2.5, rtol=1e-12)


def test_pixel_unshuffle_inverts_pixel_shuffle_and_both_pass_gradcheck(rng):
    x = leaf64(rng, 2, 8, 2, 3)
    np.testing.assert_array_equal(
        functional.pixel_unshuffle(functional.pixel_shuffle(x, 2), 2).data, x.data
    )
    assert gradcheck(lambda x: functional.pixel_shuffle(x, 2), [x])
    assert gradcheck(lambda x: functional.pixel_unshuffle(x, 2), [leaf64(rng, 3, 4, 6)])
