"""The remaining pointwise, BLAS-style and other ops (autograd/other_ops.py) against PyTorch:
forward values and dtypes, float64 gradients, and gradcheck (the functions are compositions,
so second derivatives come for free: a few are checked)."""

import numpy as np
import pytest

import autograd
from autograd import Tensor, gradcheck

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)
A = RNG.standard_normal((3, 4))
B = RNG.standard_normal((3, 4))
P = RNG.uniform(0.05, 0.95, (3, 4))
M1, M2 = RNG.standard_normal((3, 5)), RNG.standard_normal((5, 4))
B1, B2 = RNG.standard_normal((2, 3, 5)), RNG.standard_normal((2, 5, 4))
V = RNG.standard_normal(5)
WITH_ZEROS = np.array([[0.0, 1.5, -2.0, 0.0], [0.25, 0.0, 3.0, -0.5]])

# name -> (call with the library as `lib`, inputs)
CASES = {
    "deg2rad": (lambda lib, x: lib.deg2rad(x), [A]),
    "rad2deg": (lambda lib, x: x.rad2deg(), [A]),
    "logit": (lambda lib, x: lib.logit(x), [P]),
    "logit eps": (lambda lib, x: x.logit(eps=0.2), [P]),
    "sinc": (lambda lib, x: lib.sinc(x), [WITH_ZEROS]),
    "xlogy": (lambda lib, x, y: lib.xlogy(x, y), [WITH_ZEROS, np.abs(WITH_ZEROS) + 0.5]),
    "fmax": (lambda lib, x, y: lib.fmax(x, y), [A, B]),
    "fmin": (lambda lib, x, y: x.fmin(y), [A, B]),
    "addcmul": (lambda lib, x, y, z: lib.addcmul(x, y, z, value=0.5), [A, B, P]),
    "addcdiv": (lambda lib, x, y, z: x.addcdiv(y, z, value=-2), [A, B, P]),
    "addmm": (lambda lib, x, a, b: lib.addmm(x, a, b, beta=0.5, alpha=2), [A, M1, M2]),
    "addmm broadcast": (lambda lib, x, a, b: x.addmm(a, b), [A[0], M1, M2]),
    "addmv": (lambda lib, x, a, v: lib.addmv(x, a, v, alpha=3), [A[:, 0], M1, V]),
    "baddbmm": (lambda lib, x, a, b: lib.baddbmm(x, a, b, beta=2), [A, B1, B2]),
    "diff": (lambda lib, x: lib.diff(x), [A]),
    "diff n=2 dim=0": (lambda lib, x: x.diff(n=2, dim=0), [A]),
    "diff prepend": (lambda lib, x, p: lib.diff(x, dim=1, prepend=p), [A, B[:, :2]]),
    "diff append": (lambda lib, x, p: lib.diff(x, append=p, n=3), [A, B]),
    "rot90": (lambda lib, x: lib.rot90(x), [A]),
    "rot90 k=-1": (lambda lib, x: x.rot90(-1, [1, 0]), [A]),
    "rot90 k=2 3-d": (lambda lib, x: lib.rot90(x, 2, (0, 2)), [B1]),
    "trapezoid": (lambda lib, y: lib.trapezoid(y), [A]),
    "trapezoid dx": (lambda lib, y: lib.trapezoid(y, dx=0.5, dim=0), [A]),
    "trapezoid x": (lambda lib, y, x: lib.trapezoid(y, x), [A, np.array([0.0, 0.5, 2.0, 2.5])]),
    "cumulative_trapezoid": (lambda lib, y: lib.cumulative_trapezoid(y), [A]),
    "aminmax": (lambda lib, x: lib.stack(list(lib.aminmax(x, dim=1))), [A]),
}


def _run(lib, call, arrays, requires_grad):
    inputs = [lib.tensor(a.copy(), requires_grad=requires_grad) for a in arrays]
    return call(lib, *inputs), inputs


@pytest.mark.parametrize("name", list(CASES))
def test_values_and_gradients_match_pytorch(name):
    call, arrays = CASES[name]
    ours, our_inputs = _run(autograd, call, arrays, True)
    theirs, their_inputs = _run(torch, call, arrays, True)
    np.testing.assert_allclose(ours.numpy(), theirs.detach().numpy(), rtol=1e-12, atol=1e-12)
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    weights = np.random.default_rng(1).standard_normal(ours.shape)
    (ours * Tensor(weights)).sum().backward()
    (theirs * torch.tensor(weights)).sum().backward()
    for mine, other in zip(our_inputs, their_inputs, strict=True):
        expected = other.grad.numpy() if other.grad is not None else np.zeros(other.shape)
        got = mine.grad if mine.grad is not None else np.zeros(mine.shape)
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ["logit", "sinc", "xlogy", "addcdiv", "diff append", "rot90"])
def test_gradcheck(name):
    call, arrays = CASES[name]
    inputs = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    assert gradcheck(lambda *xs: call(autograd, *xs), inputs)


def test_second_derivative_of_sinc_and_logit():
    x = Tensor(np.array([0.3, 0.7]), requires_grad=True)
    for fn, second in (
        (autograd.logit, lambda p: (2 * p - 1) / (p**2 * (1 - p) ** 2)),
        (autograd.sinc, None),
    ):
        (first,) = autograd.grad(fn(x).sum(), x, create_graph=True)
        (hessian_diagonal,) = autograd.grad(first.sum(), x)
        if second is not None:
            np.testing.assert_allclose(hessian_diagonal.numpy(), second(x.numpy()), rtol=1e-10)
        else:
            t = torch.tensor(x.numpy(), requires_grad=True)
            (g,) = torch.autograd.grad(torch.sinc(t).sum(), t, create_graph=True)
            (h,) = torch.autograd.grad(g.sum(), t)
            np.testing.assert_allclose(hessian_diagonal.numpy(), h.numpy(), rtol=1e-10)


def test_nan_handling_of_fmax_fmin_xlogy_and_sinc_at_zero():
    a = np.array([np.nan, 1.0, np.nan, 2.0])
    b = np.array([0.5, np.nan, np.nan, 3.0])
    for name in ("fmax", "fmin"):
        np.testing.assert_array_equal(
            getattr(autograd, name)(Tensor(a), Tensor(b)).numpy(),
            getattr(torch, name)(torch.tensor(a), torch.tensor(b)).numpy(),
        )
    x, y = np.array([0.0, 0.0, 1.0, 0.0]), np.array([0.0, np.inf, 0.0, np.nan])
    np.testing.assert_array_equal(
        autograd.xlogy(Tensor(x), Tensor(y)).numpy(),
        torch.xlogy(torch.tensor(x), torch.tensor(y)).numpy(),
    )
    zero = Tensor(np.array([0.0]), requires_grad=True)
    autograd.sinc(zero).sum().backward()
    assert zero.grad[0] == 0.0


@pytest.mark.parametrize(
    "data",
    [
        np.array([[1, 3, 3, 2, 1], [4, 4, 0, 0, 5]]),
        np.array([[2.0, 2.0, 1.0, 1.0, 7.0]]),
        np.array([[5, 1, 5, 1, 9, 9, 9]]),
    ],
)
@pytest.mark.parametrize(("dim", "keepdim"), [(-1, False), (0, True), (1, True)])
def test_mode_matches_pytorch(data, dim, keepdim):
    ours = autograd.mode(Tensor(data), dim, keepdim)
    theirs = torch.mode(torch.tensor(data), dim, keepdim)
    np.testing.assert_array_equal(ours.values.numpy(), theirs.values.numpy())
    np.testing.assert_array_equal(ours.indices.numpy(), theirs.indices.numpy())


def test_histc_bincount_logspace_contiguous():
    data = RNG.standard_normal(50)
    np.testing.assert_array_equal(
        autograd.histc(Tensor(data), bins=7).numpy(),
        torch.histc(torch.tensor(data), bins=7).numpy(),
    )
    np.testing.assert_array_equal(
        Tensor(data).histc(5, min=-1, max=1).numpy(),
        torch.histc(torch.tensor(data), 5, min=-1, max=1).numpy(),
    )
    counts = np.array([0, 3, 3, 1, 5])
    np.testing.assert_array_equal(
        autograd.bincount(Tensor(counts), minlength=8).numpy(),
        torch.bincount(torch.tensor(counts), minlength=8).numpy(),
    )
    w = np.linspace(0, 1, 5)
    np.testing.assert_allclose(
        Tensor(counts).bincount(Tensor(w)).numpy(),
        torch.tensor(counts).bincount(torch.tensor(w)).numpy(),
    )
    np.testing.assert_allclose(
        autograd.logspace(0, 2, 5, base=2).numpy(), torch.logspace(0, 2, 5, base=2).numpy()
    )
    x = Tensor(data)
    assert x.contiguous() is x


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: autograd.addmm(Tensor(A), Tensor(V), Tensor(M2)),
            "addmm: mat1 and mat2 must be 2-d",
        ),
        (lambda: autograd.diff(Tensor(1.0)), "diff: expects input to be at least one-dimensional"),
        (lambda: autograd.rot90(Tensor(A), dims=(0, 0)), "rot90: the rotation dims must differ"),
        (lambda: autograd.bincount(Tensor(np.array([-1, 2]))), "bincount: input must hold"),
        (lambda: autograd.histc(Tensor(A), bins=0), "histc: bins must be > 0"),
        (lambda: autograd.mode(Tensor(np.zeros((2, 0))), 1), "mode: cannot reduce an empty"),
    ],
)
def test_bad_arguments_raise_clear_runtime_errors(call, message):
    with pytest.raises(RuntimeError, match=message):
        call()
