"""Pooling against PyTorch: values, indices and gradients of the same inputs (float64), over
kernels, strides, paddings, dilations, ceil_mode, count_include_pad, divisor_override and
adaptive output sizes; ties and NaN resolved as PyTorch resolves them."""

import itertools

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import nn  # noqa: E402
from autograd import Tensor  # noqa: E402
from nn import functional  # noqa: E402

TF = torch.nn.functional
TNN = torch.nn


def compare(ours, theirs, x, seed=0, indices=False):
    """Values (and indices) and the gradient for one random upstream gradient."""
    leaf, torch_leaf = Tensor(x.copy(), requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(leaf), theirs(torch_leaf)
    if indices:
        (out, index), (expected, expected_index) = out, expected
        np.testing.assert_array_equal(index.data, expected_index.numpy())
        assert index.dtype == np.int64
    assert out.shape == tuple(expected.shape)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12, atol=1e-12)
    upstream = np.random.default_rng(seed).standard_normal(out.shape)
    out.backward(upstream)
    expected.backward(torch.tensor(upstream))
    np.testing.assert_allclose(leaf.grad, torch_leaf.grad.numpy(), rtol=1e-12, atol=1e-12)


MAX_GRID = [
    (kernel, stride, padding, dilation, ceil_mode)
    for kernel, stride, padding, dilation, ceil_mode in itertools.product(
        [2, 3, (2, 3)], [None, 1, 2, (2, 1)], [0, 1], [1, 2], [False, True]
    )
]


@pytest.mark.parametrize("kernel, stride, padding, dilation, ceil_mode", MAX_GRID)
def test_max_pool2d_values_indices_and_gradients_match_pytorch(
    rng, kernel, stride, padding, dilation, ceil_mode
):
    settings = {
        "stride": stride,
        "padding": padding,
        "dilation": dilation,
        "ceil_mode": ceil_mode,
        "return_indices": True,
    }
    compare(
        lambda x: functional.max_pool2d(x, kernel, **settings),
        lambda x: TF.max_pool2d(x, kernel, **settings),
        rng.standard_normal((2, 3, 7, 8)),
        indices=True,
    )


@pytest.mark.parametrize(
    "kernel, stride, padding, dilation, ceil_mode",
    [(2, None, 0, 1, False), (3, 2, 1, 1, True), (2, 1, 1, 2, False), (4, 3, 2, 1, True)],
)
def test_max_pool1d_matches_pytorch(rng, kernel, stride, padding, dilation, ceil_mode):
    settings = {"stride": stride, "padding": padding, "dilation": dilation, "ceil_mode": ceil_mode}
    compare(
        lambda x: functional.max_pool1d(x, kernel, return_indices=True, **settings),
        lambda x: TF.max_pool1d(x, kernel, return_indices=True, **settings),
        rng.standard_normal((2, 3, 10)),
        indices=True,
    )


@pytest.mark.parametrize("stride", [1, 2])
def test_max_pool2d_ties_send_the_gradient_where_pytorch_does(rng, stride):
    x = rng.integers(0, 3, (2, 2, 6, 6)).astype(np.float64)  # many equal values
    compare(
        lambda x: functional.max_pool2d(x, 3, stride, padding=1, return_indices=True),
        lambda x: TF.max_pool2d(x, 3, stride, padding=1, return_indices=True),
        x,
        indices=True,
    )


def test_max_pool2d_picks_nan_as_pytorch_does():
    x = np.array([[[[1.0, np.nan, 0.0], [np.nan, 0.0, 5.0], [2.0, 3.0, 4.0]]]])
    ours = functional.max_pool2d(Tensor(x), 2, stride=1, return_indices=True)
    theirs = TF.max_pool2d(torch.tensor(x), 2, stride=1, return_indices=True)
    np.testing.assert_array_equal(ours[0].data, theirs[0].numpy())
    np.testing.assert_array_equal(ours[1].data, theirs[1].numpy())


def test_max_pool2d_of_minus_infinity_points_inside_the_input_as_pytorch_does():
    x = np.full((1, 1, 3, 3), -np.inf)
    ours = functional.max_pool2d(Tensor(x), 2, padding=1, return_indices=True)
    theirs = TF.max_pool2d(torch.tensor(x), 2, padding=1, return_indices=True)
    np.testing.assert_array_equal(ours[1].data, theirs[1].numpy())


AVG_GRID = [
    (kernel, stride, padding, ceil_mode, count_include_pad, divisor)
    for kernel, stride, padding, ceil_mode, count_include_pad, divisor in itertools.product(
        [2, 3, (3, 2)], [None, 2, (1, 2)], [0, 1], [False, True], [True, False], [None, 5]
    )
]


@pytest.mark.parametrize("kernel, stride, padding, ceil_mode, count_include_pad, divisor", AVG_GRID)
def test_avg_pool2d_matches_pytorch(
    rng, kernel, stride, padding, ceil_mode, count_include_pad, divisor
):
    settings = {
        "stride": stride,
        "padding": padding,
        "ceil_mode": ceil_mode,
        "count_include_pad": count_include_pad,
        "divisor_override": divisor,
    }
    compare(
        lambda x: functional.avg_pool2d(x, kernel, **settings),
        lambda x: TF.avg_pool2d(x, kernel, **settings),
        rng.standard_normal((2, 3, 7, 8)),
    )


@pytest.mark.parametrize(
    "kernel, stride, padding, ceil_mode, count_include_pad",
    [(2, None, 0, False, True), (3, 2, 1, True, False), (4, 3, 2, True, True)],
)
def test_avg_pool1d_matches_pytorch(rng, kernel, stride, padding, ceil_mode, count_include_pad):
    settings = {
        "stride": stride,
        "padding": padding,
        "ceil_mode": ceil_mode,
        "count_include_pad": count_include_pad,
    }
    compare(
        lambda x: functional.avg_pool1d(x, kernel, **settings),
        lambda x: TF.avg_pool1d(x, kernel, **settings),
        rng.standard_normal((2, 3, 10)),
    )


ADAPTIVE_SIZES = [1, 3, (2, 5), (None, 4), (7, None), (4, 8), (9, 11)]


@pytest.mark.parametrize("output_size", ADAPTIVE_SIZES)
def test_adaptive_avg_pool2d_matches_pytorch(rng, output_size):
    compare(
        lambda x: functional.adaptive_avg_pool2d(x, output_size),
        lambda x: TF.adaptive_avg_pool2d(x, output_size),
        rng.standard_normal((2, 3, 7, 8)),
    )


@pytest.mark.parametrize("output_size", ADAPTIVE_SIZES)
def test_adaptive_max_pool2d_matches_pytorch(rng, output_size):
    compare(
        lambda x: functional.adaptive_max_pool2d(x, output_size, return_indices=True),
        lambda x: TF.adaptive_max_pool2d(x, output_size, return_indices=True),
        rng.standard_normal((2, 3, 7, 8)),
        indices=True,
    )


@pytest.mark.parametrize("output_size", [1, 3, 4, 13])
def test_adaptive_pool1d_matches_pytorch(rng, output_size):
    x = rng.standard_normal((2, 3, 10))
    compare(
        lambda x: functional.adaptive_avg_pool1d(x, output_size),
        lambda x: TF.adaptive_avg_pool1d(x, output_size),
        x,
    )
    compare(
        lambda x: functional.adaptive_max_pool1d(x, output_size, return_indices=True),
        lambda x: TF.adaptive_max_pool1d(x, output_size, return_indices=True),
        x,
        indices=True,
    )


def test_pooling_of_unbatched_inputs_matches_pytorch(rng):
    x = rng.standard_normal((3, 6, 6))
    compare(lambda x: functional.max_pool2d(x, 2), lambda x: TF.max_pool2d(x, 2), x)
    compare(lambda x: functional.avg_pool2d(x, 3, 1, 1), lambda x: TF.avg_pool2d(x, 3, 1, 1), x)
    compare(
        lambda x: functional.adaptive_avg_pool2d(x, 4),
        lambda x: TF.adaptive_avg_pool2d(x, 4),
        x,
    )


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (nn.MaxPool2d(2), torch.nn.MaxPool2d(2)),
        (nn.MaxPool2d((3, 2), 1, 1, 2, False, True), TNN.MaxPool2d((3, 2), 1, 1, 2, False, True)),
        (nn.MaxPool1d(3, stride=2), torch.nn.MaxPool1d(3, stride=2)),
        (nn.AvgPool2d(3, stride=1, padding=1), torch.nn.AvgPool2d(3, stride=1, padding=1)),
        (nn.AvgPool1d(2), torch.nn.AvgPool1d(2)),
        (nn.AdaptiveAvgPool2d((None, 3)), torch.nn.AdaptiveAvgPool2d((None, 3))),
        (nn.AdaptiveMaxPool2d(2), torch.nn.AdaptiveMaxPool2d(2)),
        (nn.AdaptiveAvgPool1d(1), torch.nn.AdaptiveAvgPool1d(1)),
    ],
)  # fmt: skip
def test_pooling_layers_compute_and_print_as_pytorchs(rng, ours, theirs):
    assert repr(ours) == repr(theirs)
    shape = (2, 3, 6, 7) if "2d" in type(ours).__name__ else (2, 3, 7)
    compare(lambda x: ours(x), lambda x: theirs(x), rng.standard_normal(shape))


ERRORS = [
    ("padding over half the kernel", lambda m: m.max_pool2d(X, 3, padding=2)),
    ("output too small", lambda m: m.max_pool2d(X, 7)),
    ("avg output too small", lambda m: m.avg_pool2d(X, 7)),
    ("rank", lambda m: m.max_pool2d(X[0, 0], 2)),
    ("divisor zero", lambda m: m.avg_pool2d(X, 2, divisor_override=0)),
    ("adaptive output rank", lambda m: m.adaptive_avg_pool2d(X, (2, 3, 4))),
    ("adaptive empty", lambda m: m.adaptive_avg_pool2d(np.zeros((1, 2, 0, 3)), 2)),
]
X = np.zeros((1, 2, 5, 5))


@pytest.mark.parametrize("case", ERRORS, ids=[name for name, _ in ERRORS])
def test_raises_where_pytorch_raises_and_of_the_same_type(case):
    _, call = case

    class Torch:
        def __getattr__(self, name):
            function = getattr(TF, name)
            return lambda *args, **kwargs: function(
                *[torch.tensor(a) if isinstance(a, np.ndarray) else a for a in args], **kwargs
            )

    with pytest.raises(Exception) as theirs:
        call(Torch())
    with pytest.raises(theirs.type):
        call(functional)
