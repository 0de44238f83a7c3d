"""3-D convolution and pooling, and the N-d Unfold/Fold primitives beneath them: gradcheck in
float64, Fold as Unfold's adjoint in 1, 2 and 3 spatial dimensions, values against a direct
NumPy loop."""

import itertools

import numpy as np
import pytest

from autograd import Tensor, gradcheck
from autograd.ops import Fold, Unfold
from nn import functional


def leaf64(rng, *shape):
    return Tensor(rng.standard_normal(shape), requires_grad=True)


GEOMETRIES = [
    ((2,), (1,), ((1, 0),), (2,)),
    ((2, 3), (2, 1), ((0, 1), (1, 1)), (1, 2)),
    ((2, 1, 2), (1, 1, 2), ((1, 1), (0, 0), (1, 0)), (2, 1, 1)),
]


@pytest.mark.parametrize("kernel, dilation, padding, stride", GEOMETRIES)
def test_fold_is_the_adjoint_of_unfold_in_every_dimension(rng, kernel, dilation, padding, stride):
    size = (5, 6, 4)[: len(kernel)]
    geometry = {"kernel": kernel, "dilation": dilation, "padding": padding, "stride": stride}
    x = rng.standard_normal((2, 3, *size))
    cols = Unfold.apply(Tensor(x), **geometry)
    y = rng.standard_normal(cols.shape)
    folded = Fold.apply(Tensor(y), size=size, **geometry)
    # <unfold(x), y> == <x, fold(y)>
    np.testing.assert_allclose((cols.data * y).sum(), (x * folded.data).sum(), rtol=1e-12)


@pytest.mark.parametrize("kernel, dilation, padding, stride", GEOMETRIES)
def test_unfold_and_fold_pass_gradcheck_in_every_dimension(rng, kernel, dilation, padding, stride):
    size = (5, 6, 4)[: len(kernel)]
    geometry = {"kernel": kernel, "dilation": dilation, "padding": padding, "stride": stride}
    x = leaf64(rng, 1, 2, *size)
    assert gradcheck(lambda x: Unfold.apply(x, **geometry), [x])
    cols = leaf64(rng, *Unfold.apply(x, **geometry).shape)
    assert gradcheck(lambda c: Fold.apply(c, size=size, **geometry), [cols])


def test_conv3d_equals_a_direct_loop(rng):
    x, w = rng.standard_normal((1, 2, 4, 5, 3)), rng.standard_normal((3, 2, 2, 3, 2))
    out = functional.conv3d(x, w, stride=(1, 2, 1)).data
    expected = np.zeros(out.shape)
    for o, d, h, v in itertools.product(*(range(n) for n in out.shape[1:])):
        block = x[0, :, d : d + 2, 2 * h : 2 * h + 3, v : v + 2]
        expected[0, o, d, h, v] = (block * w[o]).sum()
    np.testing.assert_allclose(out, expected, rtol=1e-12)


def test_conv3d_and_its_transpose_pass_gradcheck(rng):
    x, w, b = leaf64(rng, 1, 2, 3, 4, 3), leaf64(rng, 2, 1, 2, 2, 2), leaf64(rng, 2)
    assert gradcheck(
        lambda x, w, b: functional.conv3d(x, w, b, padding=(1, 0, 1), groups=2), [x, w, b]
    )
    assert gradcheck(
        lambda x, w, b: functional.conv_transpose3d(x, w, b, stride=2, output_padding=1),
        [x, w, leaf64(rng, 1)],
    )


def test_pools_3d_pass_gradcheck(rng):
    x = leaf64(rng, 1, 2, 4, 3, 5)
    assert gradcheck(lambda x: functional.max_pool3d(x, 2, stride=1, padding=1), [x])
    assert gradcheck(lambda x: functional.avg_pool3d(x, (2, 1, 3), ceil_mode=True), [x])
    assert gradcheck(lambda x: functional.adaptive_avg_pool3d(x, (3, 2, 2)), [x])
    assert gradcheck(lambda x: functional.adaptive_max_pool3d(x, (3, 2, 2)), [x])


def test_max_pool3d_indices_point_at_the_maxima(rng):
    x = rng.standard_normal((2, 3, 4, 6, 5))
    out, indices = functional.max_pool3d(x, 2, return_indices=True)
    flat = x.reshape(2, 3, -1)
    picked = np.take_along_axis(flat, indices.data.reshape(2, 3, -1), axis=2)
    np.testing.assert_array_equal(picked.reshape(out.shape), out.data)
