"""The ``torch.NAME`` namespace: every Tensor method that PyTorch also has as a function is an
``autograd`` function with torch's parameter names, equal to the method, and PyTorch's dtype
names are NumPy dtypes usable wherever a dtype is."""

import inspect
import re

import numpy as np
import pytest
import torch

import autograd
from autograd import Tensor, dtype_names, namespace

# names that are dtypes in torch (torch.float) and conversion methods on the Tensor (x.float()),
# and torch.cpu, a module there (the device namespace), a no-op method here and in torch
DTYPE_METHODS = {"bool", "double", "float", "half", "int", "long", "short", "dtype", "cpu"}

# Existing autograd functions whose parameters are not yet torch's (x for input, a/b for
# input/other, ...): listed so that a NEW function with other names than torch's fails.
KNOWN_PARAMETER_MISMATCHES = {
    *[
        "acos",
        "acosh",
        "asin",
        "asinh",
        "atan",
        "atan2",
        "atanh",
        "broadcast_to",
        "ceil",
        "chunk",
        "copysign",
        "cos",
        "cosh",
    ],
    *[
        "diag",
        "diag_embed",
        "diagonal",
        "dsplit",
        "erf",
        "erfc",
        "erfinv",
        "exp2",
        "expm1",
        "flatten",
        "flip",
        "fliplr",
    ],
    *[
        "flipud",
        "floor",
        "fmod",
        "frac",
        "from_numpy",
        "hsplit",
        "hypot",
        "isclose",
        "isfinite",
        "isinf",
        "isnan",
        "lerp",
    ],
    *[
        "log10",
        "log1p",
        "log2",
        "logaddexp",
        "logsumexp",
        "maximum",
        "minimum",
        "moveaxis",
        "movedim",
        "narrow",
    ],
    *[
        "permute",
        "ravel",
        "reciprocal",
        "remainder",
        "repeat_interleave",
        "reshape",
        "result_type",
        "roll",
    ],
    *[
        "round",
        "rsqrt",
        "searchsorted",
        "sign",
        "sin",
        "sinh",
        "softmax",
        "square",
        "squeeze",
        "std",
        "swapaxes",
    ],
    *[
        "swapdims",
        "t",
        "tan",
        "tensor_split",
        "tile",
        "trace",
        "transpose",
        "tril",
        "triu",
        "trunc",
        "unbind",
    ],
    *["unflatten", "unsqueeze", "var", "vsplit", "broadcast_tensors", "randint"],
}


# torch's docstring says true_divide(dividend, divisor) but it takes input=, other=; clone's
# memory_format has no meaning for NumPy arrays
TORCH_PARAMETERS = {"true_divide": ["input", "other"], "clone": ["input"]}


TORCH_ONLY = {"out", "layout", "device", "pin_memory", "memory_format", "names"}


def public_methods():
    return sorted(
        name for name in dir(Tensor) if not name.startswith("_") and callable(getattr(Tensor, name))
    )


def torch_parameters(name):
    """The parameter names of ``torch.NAME`` from the first line of its docstring, without
    ``out`` and torch-only ones (device, layout...); None when torch documents none."""
    if name in TORCH_PARAMETERS:
        return TORCH_PARAMETERS[name]
    doc = (getattr(torch, name).__doc__ or "").strip().split("\n")[0]
    match = re.match(rf"{name}\((.*?)\)\s*(->|$)", doc)
    if match is None:
        return None
    names = [part.split(":")[0].split("=")[0].strip(" *") for part in match.group(1).split(",")]
    return [n for n in names if re.fullmatch(r"\w+", n) and n not in TORCH_ONLY]


def test_every_tensor_method_that_torch_has_as_a_function_is_an_autograd_function():
    missing = [
        name
        for name in public_methods()
        if hasattr(torch, name) and name not in DTYPE_METHODS and not hasattr(autograd, name)
    ]
    assert missing == [], f"Tensor methods with a torch.NAME but no autograd.NAME: {missing}"


def test_namespace_functions_take_torch_parameter_names():
    wrong = {}
    for name in namespace.__all__:
        expected = torch_parameters(name) if hasattr(torch, name) else None
        if expected is None:
            continue
        ours = list(inspect.signature(getattr(namespace, name)).parameters)
        if ours[: len(expected)] != expected:
            wrong[name] = (ours, expected)
    assert wrong == {}


def test_no_new_autograd_function_departs_from_torch_parameter_names():
    wrong = []
    for name in autograd.__all__:
        function = getattr(autograd, name)
        if not inspect.isfunction(function) or not hasattr(torch, name):
            continue
        expected = torch_parameters(name)
        if expected is None or name in KNOWN_PARAMETER_MISMATCHES:
            continue
        ours = list(inspect.signature(function).parameters)
        if ours[:1] != expected[:1] or any(p not in ours for p in expected):
            wrong.append(f"{name}{tuple(ours)} vs torch {tuple(expected)}")
    assert wrong == []


# -------------------------------------------------------------------- wrappers against torch
rng = np.random.default_rng(12)
REAL = rng.uniform(-2, 2, (3, 4))
ROW = rng.uniform(-2, 2, (4,))
POSITIVE = rng.uniform(0.3, 2.0, (3, 4))
UNIT = rng.uniform(-0.9, 0.9, (3, 4))
ABOVE_ONE = rng.uniform(1.2, 3.0, (3, 4))
AWAY_FROM_ZERO = np.sign(REAL) * (np.abs(REAL) + 0.3)

# name -> the keyword arguments of a call (arrays become float64 tensors), by torch's names
CALLS = {
    "abs": {"input": AWAY_FROM_ZERO},
    "exp": {"input": REAL},
    "log": {"input": POSITIVE},
    "sqrt": {"input": POSITIVE},
    "neg": {"input": REAL},
    "negative": {"input": REAL},
    "fix": {"input": REAL * 3},
    "relu": {"input": AWAY_FROM_ZERO},
    "sigmoid": {"input": REAL},
    "tanh": {"input": REAL},
    "arcsin": {"input": UNIT},
    "arccos": {"input": UNIT},
    "arctan": {"input": REAL},
    "arcsinh": {"input": REAL},
    "arccosh": {"input": ABOVE_ONE},
    "arctanh": {"input": UNIT},
    "clamp": {"input": REAL, "min": -0.5, "max": 1.0},
    "clip": {"input": REAL, "max": 0.5},
    "clone": {"input": REAL},
    "detach": {"input": REAL},
    "add": {"input": REAL, "other": ROW, "alpha": 2.0},
    "sub": {"input": REAL, "other": ROW, "alpha": 0.5},
    "subtract": {"input": ROW, "other": REAL},
    "mul": {"input": REAL, "other": ROW},
    "multiply": {"input": ROW, "other": REAL},
    "div": {"input": REAL, "other": AWAY_FROM_ZERO},
    "divide": {"input": REAL * 5, "other": AWAY_FROM_ZERO, "rounding_mode": "floor"},
    "true_divide": {"input": REAL, "other": AWAY_FROM_ZERO[0]},
    "pow": {"input": POSITIVE, "exponent": ROW},
    "arctan2": {"input": REAL, "other": AWAY_FROM_ZERO},
    "matmul": {"input": rng.uniform(-1, 1, (2, 3, 4)), "other": rng.uniform(-1, 1, (4, 2))},
    "mm": {"input": REAL, "mat2": rng.uniform(-1, 1, (4, 2))},
    "bmm": {"input": rng.uniform(-1, 1, (2, 3, 4)), "mat2": rng.uniform(-1, 1, (2, 4, 5))},
    "dot": {"input": ROW, "tensor": ROW[::-1].copy()},
    "mv": {"input": REAL, "vec": ROW},
}
NOT_DIFFERENTIABLE = {"detach", "fix", "divide"}  # detached, or piecewise constant


def _ours(kwargs, requires_grad=False):
    return {
        key: Tensor(value, requires_grad=requires_grad) if isinstance(value, np.ndarray) else value
        for key, value in kwargs.items()
    }


def _torchs(kwargs):
    return {
        key: torch.from_numpy(value) if isinstance(value, np.ndarray) else value
        for key, value in kwargs.items()
    }


def test_every_wrapper_has_a_call_here():
    functions = {name for name in namespace.__all__ if hasattr(Tensor, name)}
    in_place = {name for name in functions if name.endswith("_")}
    assert functions - in_place - set(CALLS) == {"numel"}  # numel: test_type_queries_as_torch


@pytest.mark.parametrize("name", sorted(CALLS))
def test_wrapper_by_torch_keywords_equals_torch(name):
    ours = getattr(autograd, name)(**_ours(CALLS[name]))
    theirs = getattr(torch, name)(**_torchs(CALLS[name]))
    np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-12, atol=1e-12)
    assert ours.dtype == theirs.numpy().dtype


METHOD_OF = {"fix": "trunc", "negative": "neg", "clip": "clamp", "subtract": "sub"}
METHOD_OF |= {"multiply": "mul", "divide": "div", "arctan2": "atan2", "mv": "matmul"}
METHOD_OF |= {f"arc{name}": f"a{name}" for name in ("sin", "cos", "tan", "sinh", "cosh", "tanh")}
KEYWORD_ONLY = ("min", "max", "alpha", "rounding_mode")


@pytest.mark.parametrize("name", sorted(CALLS))
def test_wrapper_equals_the_method(name):
    kwargs = _ours(CALLS[name])
    first, *rest = (value for key, value in kwargs.items() if key not in KEYWORD_ONLY)
    keywords = {key: value for key, value in kwargs.items() if key in KEYWORD_ONLY}
    expected = getattr(first, METHOD_OF.get(name, name))(*rest, **keywords)
    got = getattr(autograd, name)(first, *rest, **keywords)
    np.testing.assert_array_equal(got.data, expected.data)


@pytest.mark.parametrize("name", sorted(set(CALLS) - NOT_DIFFERENTIABLE))
def test_wrapper_gradients_pass_gradcheck(name):
    kwargs = _ours(CALLS[name], requires_grad=True)
    keys = [key for key, value in kwargs.items() if isinstance(value, Tensor)]
    function = getattr(autograd, name)

    def call(*tensors):
        return function(**{**kwargs, **dict(zip(keys, tensors, strict=True))})

    assert autograd.gradcheck(call, [kwargs[key] for key in keys])


@pytest.mark.parametrize("name", ["abs", "exp", "sqrt", "tanh", "sigmoid", "relu", "neg"])
def test_unary_wrappers_accept_numbers_lists_and_arrays(name):
    function, reference = getattr(autograd, name), getattr(torch, name)
    for value in (0.7, [0.5, 1.5], np.array([[0.25, 2.0]], dtype=np.float64)):
        got = function(value)
        expected = reference(
            torch.tensor(value, dtype=torch.float32 if isinstance(value, (float, list)) else None)
        )
        assert isinstance(got, Tensor)
        np.testing.assert_allclose(got.data, expected.numpy(), rtol=1e-6)
        assert got.dtype == expected.numpy().dtype


def test_a_number_first_takes_the_other_tensors_dtype():
    x = Tensor(np.array([1.0, 2.0], dtype=np.float16))
    assert autograd.sub(1, x).dtype == np.float16
    assert autograd.pow(2, x).dtype == np.float16
    np.testing.assert_array_equal(autograd.sub(1, x).data, [0.0, -1.0])
    np.testing.assert_array_equal(autograd.div(1, Tensor(np.array([2, 4]))).data, [0.5, 0.25])


def test_number_first_binary_wrappers_are_differentiable_in_the_tensor():
    x = Tensor([1.0, 2.0], requires_grad=True)
    autograd.pow(2.0, x).sum().backward()
    np.testing.assert_allclose(x.grad, np.log(2.0) * 2.0 ** np.array([1.0, 2.0]), rtol=1e-6)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("abs_", ()),
        ("exp_", ()),
        ("log_", ()),
        ("sqrt_", ()),
        ("neg_", ()),
        ("relu_", ()),
        ("sigmoid_", ()),
        ("tanh_", ()),
        ("clamp_", (-0.5, 0.5)),
        ("clip_", (None, 0.5)),
        ("fill_", (3.0,)),
        ("zero_", ()),
        ("nan_to_num_", (0.0, 9.0)),
    ],
)
def test_in_place_wrappers_change_their_input_as_torch(name, args):
    values = POSITIVE.copy()
    values[0, 0] = np.inf
    ours, theirs = Tensor(values.copy()), torch.from_numpy(values.copy())
    result = getattr(autograd, name)(ours, *args)
    getattr(torch, name)(theirs, *args)
    assert result is ours
    np.testing.assert_allclose(ours.data, theirs.numpy())


def test_in_place_wrappers_refuse_what_is_not_a_tensor():
    with pytest.raises(TypeError, match=r"zero_: .* must be a Tensor, got ndarray"):
        autograd.zero_(np.zeros(2))


def test_mv_names_the_shapes_it_cannot_multiply():
    with pytest.raises(RuntimeError, match=r"mv: .* got shapes \(3, 4\) and \(3,\)"):
        autograd.mv(Tensor(REAL), Tensor(ROW[:3]))


# ------------------------------------------------------------------------------- type queries
def test_type_queries_as_torch():
    x, n = Tensor([1.0]), Tensor(np.array([0, 1]))
    assert autograd.is_tensor(x) and not autograd.is_tensor(np.zeros(1))
    assert autograd.is_floating_point(x) and not autograd.is_floating_point(n)
    assert not autograd.is_complex(x)
    assert autograd.is_nonzero(x) and not autograd.is_nonzero(Tensor([0.0]))
    assert autograd.numel(Tensor(np.zeros((2, 3)))) == torch.numel(torch.zeros(2, 3)) == 6


def test_is_nonzero_refuses_more_than_one_element():
    with pytest.raises(RuntimeError, match=r"is_nonzero: .* 2 elements"):
        autograd.is_nonzero(Tensor([1.0, 2.0]))


def test_type_queries_refuse_what_is_not_a_tensor():
    with pytest.raises(TypeError, match="numel: input must be a Tensor, got list"):
        autograd.numel([1, 2])


@pytest.mark.parametrize("name", ["float16", "float32", "float64"])
def test_finfo_has_torchs_limits(name):
    ours, theirs = autograd.finfo(getattr(autograd, name)), torch.finfo(getattr(torch, name))
    for field in ("eps", "max", "min", "tiny", "bits"):
        assert float(getattr(ours, field)) == float(getattr(theirs, field))
    assert float(ours.resolution) == pytest.approx(theirs.resolution, rel=1e-3)  # f16: 1.0004e-3


def test_finfo_defaults_to_the_default_dtype(restore_default_dtype):
    assert autograd.finfo().dtype == np.float32
    autograd.set_default_dtype(autograd.float64)
    assert autograd.finfo().eps == torch.finfo(torch.float64).eps


@pytest.mark.parametrize("name", ["uint8", "int8", "int16", "int32", "int64"])
def test_iinfo_has_torchs_limits(name):
    ours, theirs = autograd.iinfo(getattr(autograd, name)), torch.iinfo(getattr(torch, name))
    assert (ours.min, ours.max, ours.bits) == (theirs.min, theirs.max, theirs.bits)


def test_finfo_and_iinfo_refuse_the_other_kind():
    with pytest.raises(TypeError, match="finfo: int64 is not a floating dtype"):
        autograd.finfo(autograd.long)
    with pytest.raises(TypeError, match="iinfo: float32 is not an integer dtype"):
        autograd.iinfo(autograd.float)


def test_can_cast_as_torch():
    pairs = [("float64", "float32"), ("float32", "int64"), ("int64", "bool"), ("bool", "int8")]
    for source, target in pairs:
        ours = autograd.can_cast(getattr(autograd, source), getattr(autograd, target))
        assert ours == torch.can_cast(getattr(torch, source), getattr(torch, target))


# -------------------------------------------------------------------------------- dtype names
@pytest.mark.parametrize("name", [n for n in dtype_names.__all__ if n != "dtype"])
def test_dtype_name_is_torchs_dtype_as_numpy(name):
    ours = getattr(autograd, name)
    assert isinstance(ours, np.dtype) and isinstance(ours, autograd.dtype)
    assert ours == torch.empty(0, dtype=getattr(torch, name)).numpy().dtype


def test_dtype_names_work_wherever_a_dtype_does():
    x = autograd.zeros(2, 3, dtype=autograd.long)
    assert x.dtype == autograd.int64 == np.int64
    assert x.to(autograd.float64).dtype == autograd.double
    assert x.to(dtype=autograd.half).dtype == np.float16
    assert Tensor([1, 2], dtype=autograd.int32).dtype == autograd.int
    assert autograd.tensor([True], dtype=autograd.bool).dtype == np.bool_
    assert autograd.ones(2, dtype=autograd.float).dtype == autograd.float32
    assert autograd.arange(3, dtype=autograd.short).dtype == np.int16
    assert autograd.promote_types(autograd.uint8, autograd.int8) == autograd.int16


def test_torch_programs_run_with_autograd_as_torch():
    import autograd as torch_like

    x = torch_like.randn(4, 3, dtype=torch_like.float64, requires_grad=True)
    w = torch_like.ones(3, 2, dtype=torch_like.float64, requires_grad=True)
    hidden = torch_like.tanh(torch_like.matmul(x, w))
    loss = torch_like.sum(torch_like.pow(torch_like.sub(hidden, 0.5), 2))
    loss.backward()
    assert x.grad.shape == (4, 3) and w.grad.dtype == torch_like.float64
    assert torch_like.is_tensor(loss) and torch_like.numel(loss) == 1


# ------------------------------------------------ Tensor's factory-made in-place methods (D1)
GENERATED_IN_PLACE = ["neg", "exp", "log", "sqrt", "abs", "relu", "sigmoid", "tanh"]
GENERATED_IN_PLACE += ["bitwise_not", "logical_not"]
GENERATED_IN_PLACE_BINARY = ["mul", "floor_divide", "remainder", "bitwise_and", "bitwise_or"]
GENERATED_IN_PLACE_BINARY += ["bitwise_xor", "bitwise_left_shift", "bitwise_right_shift"]
GENERATED_IN_PLACE_BINARY += ["logical_and", "logical_or", "logical_xor"]


@pytest.mark.parametrize("name", GENERATED_IN_PLACE + GENERATED_IN_PLACE_BINARY)
def test_factory_made_in_place_methods_read_as_methods(name):
    method = getattr(Tensor, f"{name}_")
    assert method.__name__ == f"{name}_" and method.__qualname__ == f"Tensor.{name}_"
    assert f"``torch.Tensor.{name}_``" in method.__doc__ and ">>> " in method.__doc__
    expected = ["self"] + (["other"] if name in GENERATED_IN_PLACE_BINARY else [])
    assert list(inspect.signature(method).parameters) == expected


def test_factory_made_in_place_methods_are_recorded_in_the_graph():
    x = Tensor([0.5, 1.5], requires_grad=True)
    y = x * 1.0
    assert y.mul_(2.0).tanh_() is y and y.grad_fn.name == "tanh"
    y.sum().backward()
    np.testing.assert_allclose(x.grad, 2 * (1 - np.tanh([1.0, 3.0]) ** 2), rtol=1e-5)


def test_in_place_operators_keep_the_tensor_and_name_themselves_in_errors():
    x = Tensor(np.array([6, 3]))
    same = x
    x &= 5
    x <<= 1
    assert x is same and x.tolist() == [8, 2]
    with pytest.raises(RuntimeError, match=r"^/=: result type float"):
        x /= 2.0
