"""graphgrad against PyTorch on semantics: type promotion, in-place history, integer and
bitwise ops, pow's gradients at 0 and negative bases, and a second backward."""

import itertools

import numpy as np
import pytest

import autograd
from autograd import Tensor

torch = pytest.importorskip("torch")

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


def ours_and_theirs(dtype, shape):
    data = np.ones(shape, dtype=dtype) if dtype != "bool" else np.ones(shape, dtype=bool)
    return Tensor(data), torch.from_numpy(data.copy())


# ---------------------------------------------------------------------- promotion
@pytest.mark.parametrize("first, second", list(itertools.combinations_with_replacement(DTYPES, 2)))
@pytest.mark.parametrize("shapes", [((3,), (3,)), ((3,), ()), ((), (3,)), ((), ())])
def test_tensor_tensor_promotion_matches_torch(first, second, shapes):
    a, ta = ours_and_theirs(first, shapes[0])
    b, tb = ours_and_theirs(second, shapes[1])
    expected = str(torch.result_type(ta, tb)).replace("torch.", "")
    assert str(autograd.result_type(a, b)) == expected
    assert str((a * b).dtype) == str((ta * tb).dtype).replace("torch.", "")
    assert str(autograd.maximum(a, b).dtype) == expected
    condition = np.array(True)
    assert str(autograd.where(condition, a, b).dtype) == expected
    assert (a < b).dtype == np.bool_


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("number", [True, 2, 2.5, 1j])
def test_tensor_number_promotion_matches_torch(dtype, number):
    if dtype == "float16" and isinstance(number, complex):
        pytest.skip("PyTorch's complex32 has no NumPy dtype: graphgrad gives complex64")
    a, ta = ours_and_theirs(dtype, (3,))
    expected = str(torch.result_type(ta, number)).replace("torch.", "")
    assert str(autograd.result_type(a, number)) == expected
    if not isinstance(number, complex):
        assert str((a + number).dtype) == str((ta + number).dtype).replace("torch.", "")
        assert str((number * a).dtype) == str((number * ta).dtype).replace("torch.", "")


@pytest.mark.parametrize(
    "first, second", [("int64", "int64"), ("bool", "int32"), ("int8", "float16")]
)
def test_true_division_dtype_matches_torch(first, second):
    a, ta = ours_and_theirs(first, (3,))
    b, tb = ours_and_theirs(second, (3,))
    assert str((a / b).dtype) == str((ta / tb).dtype).replace("torch.", "")


def test_where_with_python_numbers_matches_torch():
    condition = np.array([True, False])
    for x, y in [(4, 2), (4.0, 2), (True, 2)]:
        ours = autograd.where(condition, x, y)
        theirs = torch.where(torch.from_numpy(condition), x, y)
        assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
        np.testing.assert_array_equal(ours.data, theirs.numpy())


def test_cat_of_mixed_dtypes_matches_torch():
    pairs = [("int64", "float32"), ("float16", "float64"), ("bool", "int8")]
    for first, second in pairs:
        a, ta = ours_and_theirs(first, (2,))
        b, tb = ours_and_theirs(second, (2,))
        assert str(autograd.cat([a, b]).dtype) == str(torch.cat([ta, tb]).dtype).replace(
            "torch.", ""
        )


def test_mixed_dtype_gradients_match_torch():
    x = Tensor(np.array([1.0, 2.0], dtype=np.float32), requires_grad=True)
    s = Tensor(np.array(3.0), requires_grad=True)
    tx = torch.tensor([1.0, 2.0], requires_grad=True)
    ts = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    (x * s).sum().backward()
    (tx * ts).sum().backward()
    assert x.grad.dtype == np.float32 and s.grad.dtype == np.float64
    np.testing.assert_allclose(x.grad, tx.grad.numpy())
    np.testing.assert_allclose(s.grad, ts.grad.numpy())


# ---------------------------------------------------------------------- in-place programs
def slice_view_program(x, zeros):
    y = x * 1
    view = y[0:2]
    view.mul_(3)
    return y * y


PROGRAMS = {
    "setitem-augmented": lambda x, zeros: _augmented(x),
    "slice view": slice_view_program,
    "exp_ then mul_": lambda x, zeros: _chain(x, lambda y: (y.exp_(), y.mul_(x))),
    "exp then +=": lambda x, zeros: _chain_output(x),
    "sigmoid_": lambda x, zeros: _chain(x, lambda y: y.sigmoid_()),
    "sin then add_": lambda x, zeros: _saved_input(x),
    "zero_": lambda x, zeros: _zeroed(x),
    "clamp_ then masked_fill_": lambda x, zeros: _chain(
        x, lambda y: (y.clamp_(0.8, 1.5), y.masked_fill_(y > 1.2, 0.0))
    ),
    "constant buffer": lambda x, zeros: _buffer(x, zeros),
    "div_ pow_ sub_": lambda x, zeros: _chain(x, lambda y: (y.div_(x + 1), y.pow_(2), y.sub_(x))),
}


def _augmented(x):
    y = x * 2
    y[1:3] += x[0:2] * 3
    return y


def _chain(x, change):
    y = x * 1
    change(y)
    return y


def _chain_output(x):
    y = x.exp()
    y += 1
    return y


def _saved_input(x):
    y = x * 1
    z = y.sin()
    y.add_(1)
    return z


def _zeroed(x):
    y = x * 1
    z = y * 3
    y.zero_()
    return z + y


def _buffer(x, zeros):
    buffer = zeros(4)
    buffer += x
    buffer *= x
    return buffer


def run(program, library):
    data = np.array([0.6, 1.1, 1.4, 1.9])
    if library == "torch":
        x = torch.tensor(data, requires_grad=True)
        zeros = lambda n: torch.zeros(n, dtype=torch.float64)  # noqa: E731
    else:
        x = Tensor(data, requires_grad=True)
        zeros = lambda n: Tensor(np.zeros(n))  # noqa: E731
    try:
        y = program(x, zeros)
        y.sum().backward()
    except RuntimeError as exc:
        return "error", str(exc)
    value = y.detach().numpy() if library == "torch" else y.data
    grad = x.grad.numpy() if library == "torch" else x.grad
    return np.array(value), np.array(grad)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_inplace_program_matches_torch(name):
    ours, theirs = run(PROGRAMS[name], "ours"), run(PROGRAMS[name], "torch")
    assert isinstance(ours[0], str) == isinstance(theirs[0], str), (ours, theirs)
    if isinstance(ours[0], str):
        assert "modified in place" in ours[1]
        assert "modified by an inplace operation" in theirs[1]
    else:
        np.testing.assert_allclose(ours[0], theirs[0])
        np.testing.assert_allclose(ours[1], theirs[1])


@pytest.mark.parametrize(
    "change",
    [lambda t: t.add_(1), lambda t: t.mul_(2), lambda t: t.__setitem__(0, 5.0)],
)
def test_inplace_on_a_leaf_raises_like_torch(change):
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used"):
        change(Tensor([1.0, 2.0], requires_grad=True))
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used"):
        change(torch.tensor([1.0, 2.0], requires_grad=True))


def test_int_inplace_with_a_float_raises_like_torch():
    with pytest.raises(RuntimeError, match="can't be cast to the desired output type"):
        Tensor(np.array([1, 2])).add_(0.5)
    with pytest.raises(RuntimeError, match="can't be cast to the desired output type"):
        torch.tensor([1, 2]).add_(0.5)


# ---------------------------------------------------------------------- integer ops
INTEGER_OPS = {
    "//": lambda a, b: a // b,
    "%": lambda a, b: a % b,
    "floor": lambda a, b: a.div(b, rounding_mode="floor"),
    "trunc": lambda a, b: a.div(b, rounding_mode="trunc"),
    "&": lambda a, b: a & b,
    "|": lambda a, b: a | b,
    "^": lambda a, b: a ^ b,
    "<<": lambda a, b: a << (b % 70),
    ">>": lambda a, b: a >> (b % 70),
    "logical_and": lambda a, b: a.logical_and(b),
    "logical_xor": lambda a, b: a.logical_xor(b),
    "eq": lambda a, b: a.eq(b),
    "le": lambda a, b: a.le(b),
}


@pytest.mark.parametrize("name", sorted(INTEGER_OPS))
@pytest.mark.parametrize("dtype", ["int8", "int32", "int64"])
def test_integer_op_matches_torch(name, dtype, rng):
    a = rng.integers(-100, 100, 40).astype(dtype)
    b = rng.integers(-9, 9, 40).astype(dtype)
    b[b == 0] = 3
    operation = INTEGER_OPS[name]
    ours = operation(Tensor(a), Tensor(b))
    theirs = operation(torch.from_numpy(a.copy()), torch.from_numpy(b.copy()))
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    np.testing.assert_array_equal(ours.data, theirs.numpy())


def test_integer_division_by_zero_raises_like_torch():
    for library in (Tensor, torch.tensor):
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            library(np.array([5])) // 0 if library is Tensor else torch.tensor([5]) // 0


def test_bitwise_on_floats_raises_like_torch():
    with pytest.raises(TypeError):
        Tensor([1.0]) & Tensor([1.0])
    with pytest.raises((RuntimeError, NotImplementedError, TypeError)):
        torch.tensor([1.0]) & torch.tensor([1.0])


def test_nan_to_num_matches_torch():
    data = np.array([np.nan, np.inf, 1.0, -np.inf], dtype=np.float32)
    x, tx = Tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    y, ty = x.nan_to_num(), torch.nan_to_num(tx)
    np.testing.assert_array_equal(y.data, ty.detach().numpy())
    y.sum().backward()
    ty.sum().backward()
    np.testing.assert_array_equal(x.grad, tx.grad.numpy())


# ---------------------------------------------------------------------- pow
@pytest.mark.parametrize(
    "base, exponent",
    [
        ([0.0, 1.0, -2.0], [0.0, 0.0, 0.0]),  # x ** 0: slope 0 everywhere, x = 0 included
        ([0.0, 0.0, 0.0], [-1.0, 2.0, 0.5]),  # 0 ** p, and d/dp at base 0
        ([-2.0, -2.0, -2.0], [2.0, 3.0, 0.5]),  # (-2) ** p: d/dp is NaN
        ([0.0, 0.0], [1.0, 2.0]),
        ([1.5, 2.0], [2.5, -1.0]),
    ],
)
def test_pow_gradients_and_second_derivatives_match_torch(base, exponent):
    def derivatives(library, make):
        a, b = make(base), make(exponent)
        first = library.grad((a**b).sum(), [a, b], create_graph=True)
        second = library.grad(first[0].sum() + first[1].sum(), [a, b], allow_unused=True)
        return [
            np.asarray(t.detach().numpy() if library is torch.autograd else t.data)
            for t in (*first, *second)
        ]

    with np.errstate(all="ignore"):
        ours = derivatives(autograd, lambda v: Tensor(np.array(v), requires_grad=True))
    theirs = derivatives(
        torch.autograd, lambda v: torch.tensor(v, dtype=torch.float64, requires_grad=True)
    )
    for mine, reference in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(mine, reference, equal_nan=True)


def test_pow_with_a_python_exponent_zero_has_gradient_zero_at_zero():
    x = Tensor([0.0, 2.0], requires_grad=True)
    (x**0).sum().backward()
    tx = torch.tensor([0.0, 2.0], requires_grad=True)
    (tx**0).sum().backward()
    np.testing.assert_array_equal(x.grad, tx.grad.numpy())


# ---------------------------------------------------------------------- second backward
@pytest.mark.parametrize(
    "build, allowed",
    [
        (lambda x: (x + 1).sum(), True),
        (lambda x: x.reshape(3, 1).sum(), True),
        (lambda x: (x * x).sum(), False),
        (lambda x: x.exp().sum(), False),
        (lambda x: (x / 2).sum(), False),
    ],
)
def test_a_second_backward_without_retain_graph_is_allowed_exactly_as_in_torch(build, allowed):
    for make in (
        lambda: Tensor([1.0, 2.0, 3.0], requires_grad=True),
        lambda: torch.tensor([1.0, 2.0, 3.0], requires_grad=True),
    ):
        x = make()
        y = build(x)
        y.backward()
        if allowed:
            y.backward()
            np.testing.assert_array_equal(np.asarray(x.grad), [2.0, 2.0, 2.0])
        else:
            with pytest.raises(RuntimeError, match="second time"):
                y.backward()
