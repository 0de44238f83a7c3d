"""The catalogue of PyTorch names behind the docs' parity table (``docs/parity.md``).

Each entry is one PyTorch name, the forms PyTorch has it in, a tiny sample call and whether it
is differentiable. Three things read it:

- ``docs/hooks/parity.py`` draws the table at docs-build time: which forms graphgrad has is
  found by introspection (``hasattr``), so the table follows the code;
- ``tests/parity/test_catalogue.py`` runs every sample with PyTorch and with graphgrad and
  compares the values and, for a differentiable entry, the gradients in float64; it also checks
  each entry's declared forms and differentiability against PyTorch itself, so the table cannot
  claim what is not so;
- anyone asking "does graphgrad have X?".

A sample is ``call(lib, *tensors)``, written once against the PyTorch-shaped API: ``lib`` is
``torch`` or graphgrad's namespace (``autograd`` with ``nn`` and ``nn.optim`` as ``lib.nn`` and
``lib.optim``), and the tensors are made from the entry's ``inputs`` by the test. A layer or a
loss gives ``module(lib)`` instead; the test sets its parameters to the same values in both
libraries and compares their gradients too.

This module imports nothing from ``nn`` (it only names things), so ``autograd`` stays below it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["CATALOGUE", "CATEGORIES", "Arg", "Entry"]

Lib = Any  # torch, or graphgrad's torch-shaped namespace


@dataclass(frozen=True)
class Arg:
    """One input of a sample: its shape and how its values are drawn."""

    shape: tuple[int, ...]
    kind: str = "real"  # "real" (uniform in [low, high]), "int" (0 <= v < high), "bool"
    low: float = -2.0
    high: float = 2.0

    def draw(self, rng: np.random.Generator) -> np.ndarray:
        """The values: float64 reals, int64 integers or bools."""
        if self.kind == "int":
            return rng.integers(0, int(self.high), self.shape)
        if self.kind == "bool":
            return rng.random(self.shape) < 0.5
        return rng.uniform(self.low, self.high, self.shape)


@dataclass(frozen=True)
class Entry:
    """A PyTorch name and how to try it here.

    ``name`` is PyTorch's spelling: a bare name (``tanh``) that PyTorch has in the ``forms``
    ``f`` (``torch.tanh``), ``m`` (``Tensor.tanh``) and ``F`` (``nn.functional.tanh``), or a
    dotted one (``nn.Conv2d``, ``optim.RMSprop``, ``linalg.norm``) with no forms.
    """

    category: str
    name: str
    forms: str
    inputs: tuple[Arg, ...]
    call: Callable[..., Any] | None = None
    module: Callable[[Lib], Any] | None = None
    grad: bool = True


def real(*shape: int, low: float = -2.0, high: float = 2.0) -> Arg:
    return Arg(shape, "real", low, high)


def positive(*shape: int) -> Arg:
    return Arg(shape, "real", 0.3, 2.0)


def unit(*shape: int) -> Arg:
    return Arg(shape, "real", -0.9, 0.9)


def ints(*shape: int, high: int = 3) -> Arg:
    return Arg(shape, "int", 0, high)


def mask(*shape: int) -> Arg:
    return Arg(shape, "bool")


CREATION = "Creation"
POINTWISE = "Pointwise"
COMPARISON = "Comparison, integer and bitwise"
ACTIVATIONS = "Activations"
REDUCTIONS = "Reductions and scans"
SHAPE = "Shape and indexing"
LINALG = "Linear algebra"
CONVERSION = "Dtypes, conversions and tensor facts"
LAYERS = "nn layers"
LOSSES = "Losses"
OPTIMISERS = "Optimisers and utilities"
CATEGORIES = (
    CREATION,
    POINTWISE,
    COMPARISON,
    ACTIVATIONS,
    REDUCTIONS,
    SHAPE,
    LINALG,
    CONVERSION,
    LAYERS,
    LOSSES,
    OPTIMISERS,
)

M = real(3, 4)  # the usual matrix
V = real(4)  # the usual vector


def _fn(
    category: str, name: str, forms: str, call: Callable[..., Any], *inputs: Arg, grad: bool = True
) -> Entry:
    return Entry(category, name, forms, inputs, call=call, grad=grad)


def _unary(category: str, names: str, forms: str, arg: Arg = M, grad: bool = True) -> list[Entry]:
    """``torch.NAME(x)`` for each of the space-separated ``names``."""
    return [
        _fn(category, name, forms, lambda t, x, name=name: getattr(t, name)(x), arg, grad=grad)
        for name in names.split()
    ]


def _binary(category: str, names: str, forms: str, a: Arg = M, b: Arg = V) -> list[Entry]:
    """``torch.NAME(a, b)`` for each of the space-separated ``names`` (b broadcasts)."""
    return [
        _fn(category, name, forms, lambda t, x, y, name=name: getattr(t, name)(x, y), a, b)
        for name in names.split()
    ]


def _layer(category: str, name: str, make: Callable[[Lib], Any], *inputs: Arg) -> Entry:
    return Entry(category, f"nn.{name}", "", inputs, module=make)


def _optimise(t: Lib, p: Any, make: Callable[[Lib, list[Any]], Any]) -> Any:
    """Three steps of an optimiser on ``sum(c * p**2)``; the parameter's values after them."""
    p = p.detach().clone().requires_grad_()
    optimizer = make(t, [p])
    scale = t.tensor(np.linspace(0.5, 2.0, p.numel()).reshape(tuple(p.shape)))
    for _ in range(3):
        optimizer.zero_grad()
        (scale * p * p).sum().backward()
        optimizer.step()
    return p.detach()


def _clip_grad_norm(t: Lib, p: Any) -> Any:
    p = p.detach().clone().requires_grad_()
    (p * p * 3).sum().backward()
    norm = t.nn.utils.clip_grad_norm_([p], 0.5)
    return norm, t.tensor(np.asarray(p.grad))


def _creation() -> list[Entry]:
    c = CREATION

    def _fn(category: str, name: str, forms: str, call: Callable[..., Any], *inputs: Arg) -> Entry:
        return Entry(category, name, forms, inputs, call=call, grad=False)

    return [
        _fn(c, "zeros", "f", lambda t: t.zeros(2, 3)),
        _fn(c, "ones", "f", lambda t: t.ones((2, 3))),
        _fn(c, "full", "f", lambda t: t.full((2, 3), 1.5)),
        _fn(c, "empty", "f", lambda t: t.empty(2, 3).shape),
        _fn(c, "eye", "f", lambda t: t.eye(3, 4)),
        _fn(c, "arange", "f", lambda t: t.arange(1, 7, 2)),
        _fn(c, "linspace", "f", lambda t: t.linspace(0, 1, 5)),
        _fn(c, "rand", "f", lambda t: t.rand(2, 3).shape),
        _fn(c, "randn", "f", lambda t: t.randn(2, 3).shape),
        _fn(c, "randint", "f", lambda t: t.randint(0, 5, (2, 3)).dtype),
        _fn(c, "zeros_like", "f", lambda t, x: t.zeros_like(x), M),
        _fn(c, "ones_like", "f", lambda t, x: t.ones_like(x), M),
        _fn(c, "full_like", "f", lambda t, x: t.full_like(x, 7.0), M),
        _fn(c, "rand_like", "f", lambda t, x: t.rand_like(x).shape, M),
        _fn(c, "randn_like", "f", lambda t, x: t.randn_like(x).shape, M),
        _fn(c, "tensor", "f", lambda t: t.tensor([[1.0, 2.0], [3.0, 4.0]])),
        _fn(c, "from_numpy", "f", lambda t: t.from_numpy(np.arange(3.0))),
        _fn(c, "empty_like", "f", lambda t, x: t.empty_like(x).shape, M),
        _fn(c, "logspace", "f", lambda t: t.logspace(0, 2, 3)),
        _fn(c, "manual_seed", "f", lambda t: t.manual_seed(0) is not None),
    ]


def _pointwise() -> list[Entry]:
    p = POINTWISE
    entries = [
        *_unary(p, "sin cos tan atan sinh asinh exp exp2 expm1 erf erfc", "fm"),
        *_unary(p, "neg square sign floor ceil round trunc frac", "fm"),
        *_unary(p, "asin acos atanh erfinv", "fm", unit(3, 4)),
        *_unary(p, "log log2 log10 log1p rsqrt sqrt reciprocal", "fm", positive(3, 4)),
        *_unary(p, "abs", "fm"),
        *_unary(p, "acosh", "fm", real(3, 4, low=1.2, high=3.0)),
        *_unary(p, "deg2rad rad2deg logit sinc", "fm", unit(3, 4)),
        *_binary(p, "atan2 hypot logaddexp copysign fmod remainder", "fm"),
        *_binary(p, "add sub mul div true_divide maximum minimum fmax fmin xlogy", "fm"),
        _fn(p, "pow", "fm", lambda t, x, y: t.pow(x, y), positive(3, 4), V),
        _fn(p, "lerp", "fm", lambda t, a, b, w: t.lerp(a, b, w), M, V, unit(3, 4)),
        _fn(p, "clamp", "fm", lambda t, x: t.clamp(x, -0.5, 1.0), M),
        _fn(p, "clip", "fm", lambda t, x: t.clip(x, max=0.5), M),
        _fn(p, "nan_to_num", "fm", lambda t, x: t.nan_to_num(t.log(x), neginf=-9.0), M),
        _fn(p, "addcmul", "fm", lambda t, a, b, c: t.addcmul(a, b, c, value=0.5), M, V, M),
        _fn(p, "addcdiv", "fm", lambda t, a, b, c: t.addcdiv(a, b, c), M, V, positive(3, 4)),
        _fn(p, "div (rounding_mode)", "", lambda t, x: t.div(x, 0.7, rounding_mode="floor"), M),
        _fn(p, "% (remainder)", "", lambda t, x, y: x % y, M, positive(4)),
        _fn(p, "// (floor division)", "", lambda t, x: x // 3, ints(3, 4, high=20), grad=False),
    ]
    return entries


def _comparison() -> list[Entry]:
    c = COMPARISON
    i3, i4 = ints(3, 4, high=16), ints(4, high=4)
    return [
        *_unary(c, "isnan isinf isfinite", "fm", grad=False),
        *[
            _fn(c, name, "fm", lambda t, x, y, name=name: getattr(t, name)(x, y), M, V, grad=False)
            for name in ["eq", "ne", "lt", "le", "gt", "ge", "isclose"]
        ],
        _fn(c, "equal", "fm", lambda t, x: t.equal(x, x.clone()), M, grad=False),
        _fn(c, "allclose", "fm", lambda t, x: t.allclose(x, x + 1e-9), M, grad=False),
        _fn(c, "floor_divide", "fm", lambda t, x, y: t.floor_divide(x, y + 1), i3, i4, grad=False),
        *[
            _fn(
                c, name, "fm", lambda t, x, y, name=name: getattr(t, name)(x, y), i3, i4, grad=False
            )
            for name in [
                "bitwise_and",
                "bitwise_or",
                "bitwise_xor",
                "bitwise_left_shift",
                "bitwise_right_shift",
                "logical_and",
                "logical_or",
                "logical_xor",
            ]
        ],
        _fn(c, "bitwise_not", "fm", lambda t, x: t.bitwise_not(x), i3, grad=False),
        _fn(c, "logical_not", "fm", lambda t, x: t.logical_not(x), i3, grad=False),
        _fn(
            c,
            "& | ^ ~ << >>",
            "",
            lambda t, x, y: (x & y, x | y, x ^ y, ~x, x << y, x >> y),
            i3,
            i4,
            grad=False,
        ),
        _fn(
            c,
            "== != < <= > >=",
            "",
            lambda t, x, y: (x == y, x != y, x < y, x <= y, x > y, x >= y),
            M,
            V,
            grad=False,
        ),
        _fn(c, "where", "fm", lambda t, m, x, y: t.where(m, x, y), mask(3, 4), M, V),
    ]


def _activations() -> list[Entry]:
    a = ACTIVATIONS

    def f(name: str, forms: str, *args: Any, arg: Arg = M, **kwargs: Any) -> Entry:
        return _fn(
            a,
            name,
            forms,
            lambda t, x: getattr(t.nn.functional, name)(x, *args, **kwargs),
            arg,
        )

    return [
        f("relu", "fmF"),
        f("relu6", "F"),
        f("leaky_relu", "F", 0.1),
        f("elu", "F", alpha=0.7),
        f("selu", "fF"),
        f("celu", "fF", alpha=0.8),
        f("gelu", "F"),
        _fn(
            a,
            "gelu (approximate='tanh')",
            "",
            lambda t, x: t.nn.functional.gelu(x, approximate="tanh"),
            M,
        ),
        f("silu", "F"),
        f("mish", "F"),
        f("softplus", "F", beta=2.0),
        f("hardtanh", "F", -0.5, 0.5),
        f("hardsigmoid", "F"),
        f("hardswish", "F"),
        f("logsigmoid", "F"),
        f("softsign", "F"),
        f("tanhshrink", "F"),
        f("hardshrink", "fmF"),
        f("softshrink", "F"),
        f("threshold", "fF", 0.1, 20.0),
        f("sigmoid", "fmF"),
        f("tanh", "fmF"),
        f("softmax", "fmF", dim=1),
        f("log_softmax", "fmF", dim=0),
        f("glu", "F", dim=-1),
        f("normalize", "F", dim=1),
        f("softmin", "F", dim=1),
        _fn(a, "prelu", "fmF", lambda t, x, w: t.nn.functional.prelu(x, w), M, real(1)),
        _fn(a, "dropout", "fF", lambda t, x: t.nn.functional.dropout(x, 0.5, training=False), M),
    ]


def _reductions() -> list[Entry]:
    r = REDUCTIONS

    def f(
        name: str, *args: Any, arg: Arg = M, grad: bool = True, forms: str = "fm", **kwargs: Any
    ) -> Entry:
        return _fn(
            r, name, forms, lambda t, x: getattr(t, name)(x, *args, **kwargs), arg, grad=grad
        )

    return [
        f("sum", 1, keepdim=True),
        f("mean", (0, 1)),
        f("prod", -1),
        f("max"),
        f("min", 1),
        f("amax", 0),
        f("amin", (0, 1)),
        f("argmax", 1, grad=False),
        f("argmin", grad=False),
        f("any", 1, arg=mask(3, 4), grad=False),
        f("all", arg=mask(3, 4), grad=False),
        f("median", 1),
        f("nanmedian"),
        f("mode", 1, arg=ints(3, 4), grad=False),
        f("kthvalue", 2, 1),
        f("topk", 2),
        f("sort", 0, descending=True),
        f("argsort", 1, grad=False),
        f("msort"),
        f("cumsum", 1),
        f("cumprod", 0),
        f("cummax", 1),
        f("cummin", 0),
        f("logcumsumexp", 1),
        f("logsumexp", 1),
        f("std", 1),
        f("var", correction=0),
        f("std_mean", 0, forms="f"),
        f("var_mean", 1, forms="f"),
        f("norm", p=3),
        f("nansum", 1),
        f("nanmean"),
        f("count_nonzero", 1, arg=mask(3, 4), grad=False),
        f("unique", arg=ints(3, 4), grad=False),
        f("aminmax", arg=M),
        f("diff", dim=1),
        f("cumulative_trapezoid", dim=1, forms="f"),
        f("trapezoid", dim=1, forms="f"),
        f("histc", bins=4, grad=False),
        f("bincount", arg=ints(6), grad=False),
    ]


def _shape() -> list[Entry]:
    s = SHAPE
    cube = real(2, 3, 4)

    def f(name: str, *args: Any, arg: Arg = M, forms: str = "fm", **kwargs: Any) -> Entry:
        return _fn(s, name, forms, lambda t, x: getattr(t, name)(x, *args, **kwargs), arg)

    def m(name: str, *args: Any, arg: Arg = M) -> Entry:
        return _fn(s, name, "m", lambda t, x: getattr(x, name)(*args), arg)

    return [
        f("reshape", (4, 3)),
        m("view", 2, 6),
        _fn(s, "view_as", "m", lambda t, x, y: x.view_as(y), M, real(6, 2)),
        f("flatten", arg=cube),
        f("unflatten", 1, (2, 2)),
        f("squeeze", arg=real(3, 1, 4)),
        f("unsqueeze", 1),
        f("transpose", 0, 1),
        f("permute", (2, 0, 1), arg=cube),
        f("t"),
        f("movedim", 0, 2, arg=cube),
        f("swapaxes", 0, 2, arg=cube),
        f("swapdims", 0, 1),
        f("flip", (0, 1)),
        f("fliplr"),
        f("flipud"),
        f("roll", 1, 1),
        f("rot90", 1, (0, 1)),
        m("repeat", 2, 1),
        f("tile", (2, 1)),
        f("repeat_interleave", 2, dim=0),
        m("expand", 2, 3, 4),
        _fn(s, "expand_as", "m", lambda t, x, y: x.expand_as(y), real(1, 4), M),
        f("broadcast_to", (2, 3, 4)),
        f("tril", -1),
        f("triu", 1),
        f("diagonal", 1),
        f("diag", arg=V),
        f("diag_embed", arg=M),
        f("trace"),
        _fn(s, "unfold", "mF", lambda t, x: x.unfold(1, 2, 1), M),
        _fn(s, "split", "fm", lambda t, x: t.split(x, [1, 3], dim=1), M),
        f("chunk", 2, 1),
        f("tensor_split", 3, 1),
        f("unbind", 1),
        f("narrow", 1, 1, 2),
        f("hsplit", 2),
        f("vsplit", 3),
        _fn(s, "cat", "f", lambda t, x, y: t.cat([x, y], dim=0), M, real(2, 4)),
        _fn(s, "concat", "f", lambda t, x, y: t.concat([x, y], dim=1), M, real(3, 2)),
        _fn(s, "stack", "f", lambda t, x, y: t.stack([x, y], dim=1), M, M),
        _fn(s, "hstack", "f", lambda t, x, y: t.hstack([x, y]), M, M),
        _fn(s, "vstack", "f", lambda t, x, y: t.vstack([x, y]), M, M),
        _fn(s, "dstack", "f", lambda t, x, y: t.dstack([x, y]), M, M),
        _fn(s, "column_stack", "f", lambda t, x, y: t.column_stack([x, y]), V, V),
        _fn(s, "atleast_2d", "f", lambda t, x: t.atleast_2d(x), V),
        _fn(s, "broadcast_tensors", "f", lambda t, x, y: t.broadcast_tensors(x, y), M, V),
        _fn(s, "gather", "fm", lambda t, x, i: t.gather(x, 1, i), M, ints(3, 2, high=4)),
        _fn(
            s,
            "scatter",
            "fm",
            lambda t, x, s_: t.scatter(x, 0, t.tensor([[0, 1, 2, 0]]), s_),
            M,
            real(1, 4),
        ),
        _fn(
            s,
            "scatter_add",
            "fm",
            lambda t, x, s_: t.scatter_add(x, 1, t.tensor([[0, 0], [1, 1], [3, 3]]), s_),
            M,
            real(3, 2),
        ),
        _fn(
            s,
            "scatter_reduce",
            "fm",
            lambda t, x, s_: t.scatter_reduce(x, 1, t.tensor([[0, 0], [1, 2], [3, 3]]), s_, "amax"),
            M,
            real(3, 2),
        ),
        _fn(s, "index_select", "fm", lambda t, x: t.index_select(x, 1, t.tensor([0, 2, 2])), M),
        _fn(
            s,
            "index_add",
            "fm",
            lambda t, x, y: t.index_add(x, 0, t.tensor([0, 2]), y),
            M,
            real(2, 4),
        ),
        _fn(
            s,
            "index_copy",
            "fm",
            lambda t, x, y: t.index_copy(x, 0, t.tensor([2, 0]), y),
            M,
            real(2, 4),
        ),
        _fn(s, "index_fill", "fm", lambda t, x: t.index_fill(x, 1, t.tensor([1]), -1.0), M),
        _fn(s, "masked_fill", "fm", lambda t, x, m_: t.masked_fill(x, m_, 0.5), M, mask(3, 4)),
        _fn(s, "masked_select", "fm", lambda t, x, m_: t.masked_select(x, m_), M, mask(3, 4)),
        _fn(
            s,
            "masked_scatter",
            "fm",
            lambda t, x, m_, y: t.masked_scatter(x, m_, y),
            M,
            mask(3, 4),
            M,
        ),
        _fn(s, "take", "fm", lambda t, x: t.take(x, t.tensor([0, 5, 11])), M),
        _fn(
            s,
            "take_along_dim",
            "fm",
            lambda t, x, i: t.take_along_dim(x, i, dim=1),
            M,
            ints(3, 2, high=4),
        ),
        _fn(s, "nonzero", "fm", lambda t, m_: t.nonzero(m_), mask(3, 4), grad=False),
        _fn(s, "argwhere", "fm", lambda t, m_: t.argwhere(m_), mask(3, 4), grad=False),
        _fn(
            s,
            "searchsorted",
            "f",
            lambda t, v: t.searchsorted(t.tensor([-1.0, 0.0, 1.0]), v),
            M,
            grad=False,
        ),
        _fn(
            s,
            "bucketize",
            "f",
            lambda t, v: t.bucketize(v, t.tensor([-1.0, 0.0, 1.0])),
            M,
            grad=False,
        ),
        _fn(s, "x[index]", "", lambda t, x: x[1:, [0, 2]], M),
        _fn(s, "x[index] = value", "", lambda t, x, y: _setitem(x, y), M, real(4)),
        _fn(
            s,
            "one_hot",
            "F",
            lambda t, i: t.nn.functional.one_hot(i, 4),
            ints(5, high=4),
            grad=False,
        ),
        _fn(s, "pad", "F", lambda t, x: t.nn.functional.pad(x, (1, 2)), M),
        _fn(
            s,
            "interpolate",
            "F",
            lambda t, x: t.nn.functional.interpolate(x, scale_factor=2),
            real(1, 2, 3),
        ),
        _fn(
            s,
            "nn.functional.unfold",
            "",
            lambda t, x: t.nn.functional.unfold(x, 2),
            real(1, 2, 3, 3),
        ),
        _fn(s, "fold", "F", lambda t, x: t.nn.functional.fold(x, (3, 3), 2), real(1, 8, 4)),
    ]


def _setitem(x: Any, y: Any) -> Any:
    out = x.clone()
    out[1] = y
    return out


def _linalg() -> list[Entry]:
    la = LINALG
    return [
        _fn(la, "matmul", "fm", lambda t, a, b: t.matmul(a, b), real(2, 3, 4), real(4, 2)),
        _fn(la, "mm", "fm", lambda t, a, b: t.mm(a, b), M, real(4, 2)),
        _fn(la, "bmm", "fm", lambda t, a, b: t.bmm(a, b), real(2, 3, 4), real(2, 4, 2)),
        _fn(la, "mv", "fm", lambda t, a, b: t.mv(a, b), M, V),
        _fn(la, "dot", "fm", lambda t, a, b: t.dot(a, b), V, V),
        _fn(la, "@", "", lambda t, a, b: a @ b, M, V),
        _fn(la, "einsum", "f", lambda t, a, b: t.einsum("ij,jk->ik", a, b), M, real(4, 2)),
        _fn(la, "outer", "fm", lambda t, a, b: t.outer(a, b), V, real(3)),
        _fn(la, "inner", "fm", lambda t, a, b: t.inner(a, b), M, V),
        _fn(la, "tensordot", "f", lambda t, a, b: t.tensordot(a, b, dims=1), M, real(4, 2)),
        _fn(la, "cross", "fm", lambda t, a, b: t.cross(a, b, dim=1), real(2, 3), real(2, 3)),
        _fn(la, "kron", "fm", lambda t, a, b: t.kron(a, b), real(2, 2), real(2, 3)),
        _fn(la, "addmm", "fm", lambda t, c, a, b: t.addmm(c, a, b), real(3, 2), M, real(4, 2)),
        _fn(
            la,
            "baddbmm",
            "fm",
            lambda t, c, a, b: t.baddbmm(c, a, b),
            real(2, 3, 2),
            real(2, 3, 4),
            real(2, 4, 2),
        ),
        _fn(la, "linalg.norm", "", lambda t, a: t.linalg.norm(a), M),
        _fn(la, "linalg.vector_norm", "", lambda t, a: t.linalg.vector_norm(a, 3, dim=1), M),
        _fn(la, "linalg.matrix_norm", "", lambda t, a: t.linalg.matrix_norm(a, "nuc"), M),
        _fn(la, "linalg.svdvals", "", lambda t, a: t.linalg.svdvals(a), M),
        _fn(la, "linalg.inv", "", lambda t, a: t.linalg.inv(a + 3 * t.eye(3)), real(3, 3)),
        _fn(la, "linalg.det", "", lambda t, a: t.linalg.det(a), real(3, 3)),
        _fn(
            la,
            "linalg.solve",
            "",
            lambda t, a, b: t.linalg.solve(a + 3 * t.eye(3), b),
            real(3, 3),
            real(3, 2),
        ),
        _fn(
            la,
            "linalg.cholesky",
            "",
            lambda t, a: t.linalg.cholesky(a @ a.mT + t.eye(3)),
            real(3, 3),
        ),
        _fn(la, "linalg.qr", "", lambda t, a: t.linalg.qr(a)[1].abs(), M),
        _fn(la, "linalg.eigh", "", lambda t, a: t.linalg.eigh(a + a.mT)[0], real(3, 3)),
    ]


def _conversion() -> list[Entry]:
    c = CONVERSION

    def m(name: str, *args: Any, arg: Arg = M, grad: bool = False, forms: str = "m") -> Entry:
        return _fn(c, name, forms, lambda t, x: getattr(x, name)(*args), arg, grad=grad)

    return [
        # torch.float is a dtype (autograd.float too), x.float() a conversion
        m("float", grad=True, forms="fm"),
        m("double", grad=True, forms="fm"),
        m("half", forms="fm"),
        m("int", forms="fm"),
        m("long", forms="fm"),
        m("bool", forms="fm"),
        _fn(c, "to", "m", lambda t, x: x.to(t.float32), M),
        _fn(c, "type_as", "m", lambda t, x, y: x.type_as(y), ints(3), real(2), grad=False),
        m("dim"),
        m("size"),
        _fn(c, "numel", "fm", lambda t, x: t.numel(x), M, grad=False),
        m("item", arg=real()),
        m("tolist"),
        _fn(c, "clone", "fm", lambda t, x: t.clone(x), M),
        _fn(c, "detach", "fm", lambda t, x: t.detach(x), M, grad=False),
        _fn(c, "contiguous", "m", lambda t, x: x.contiguous(), M),
        _fn(c, "is_tensor", "f", lambda t, x: (t.is_tensor(x), t.is_tensor(1.0)), M, grad=False),
        _fn(c, "is_floating_point", "fm", lambda t, x: t.is_floating_point(x), M, grad=False),
        _fn(
            c,
            "result_type",
            "f",
            lambda t, x: str(t.result_type(x, 1)).replace("torch.", ""),
            ints(2),
            grad=False,
        ),
        _fn(
            c,
            "promote_types",
            "f",
            lambda t: str(t.promote_types(t.int32, t.float16)).replace("torch.", ""),
            grad=False,
        ),
        _fn(c, "can_cast", "f", lambda t: t.can_cast(t.float32, t.int64), grad=False),
        _fn(
            c,
            "get_default_dtype",
            "f",
            lambda t: str(t.get_default_dtype()).replace("torch.", ""),
            grad=False,
        ),
        _fn(
            c,
            "dtype names",
            "",
            lambda t: [str(getattr(t, d)).replace("torch.", "") for d in _DTYPES.split()],
            grad=False,
        ),
        _fn(c, "finfo", "f", lambda t: float(t.finfo(t.float32).eps), grad=False),
        _fn(c, "iinfo", "f", lambda t: int(t.iinfo(t.int16).max), grad=False),
        _fn(c, "no_grad", "f", _under_no_grad, M, grad=False),
        m("requires_grad_", arg=M, grad=True),
        _fn(c, "add_ (in place)", "", lambda t, x: x.clone().add_(1.0, alpha=2), M),
        _fn(c, "clamp_ (in place)", "", lambda t, x: x.clone().clamp_(max=0.5), M),
        _fn(c, "zero_ (in place)", "", lambda t, x: x.clone().zero_(), M),
    ]


_DTYPES = (
    "float16 float32 float64 half float double int8 int16 int32 int64 uint8 short int long bool"
)


def _under_no_grad(t: Lib, x: Any) -> Any:
    with t.no_grad():
        return (x * 2).requires_grad


def _layers() -> list[Entry]:
    lay = LAYERS
    image = real(2, 2, 5, 5)
    return [
        _layer(lay, "Linear", lambda t: t.nn.Linear(4, 3), M),
        _layer(lay, "Conv1d", lambda t: t.nn.Conv1d(2, 3, 3, padding=1), real(2, 2, 6)),
        _layer(lay, "Conv2d", lambda t: t.nn.Conv2d(2, 3, 3, stride=2, padding=1), image),
        _layer(
            lay, "ConvTranspose1d", lambda t: t.nn.ConvTranspose1d(2, 3, 3, stride=2), real(2, 2, 4)
        ),
        _layer(lay, "ConvTranspose2d", lambda t: t.nn.ConvTranspose2d(2, 3, 3, stride=2), image),
        _layer(lay, "MaxPool1d", lambda t: t.nn.MaxPool1d(2), real(2, 2, 6)),
        _layer(lay, "MaxPool2d", lambda t: t.nn.MaxPool2d(2), image),
        _layer(lay, "AvgPool1d", lambda t: t.nn.AvgPool1d(2), real(2, 2, 6)),
        _layer(lay, "AvgPool2d", lambda t: t.nn.AvgPool2d(2, stride=1), image),
        _layer(lay, "AdaptiveAvgPool2d", lambda t: t.nn.AdaptiveAvgPool2d((2, 3)), image),
        _layer(lay, "AdaptiveMaxPool2d", lambda t: t.nn.AdaptiveMaxPool2d(2), image),
        _layer(lay, "BatchNorm1d", lambda t: t.nn.BatchNorm1d(4), M),
        _layer(lay, "BatchNorm2d", lambda t: t.nn.BatchNorm2d(2), image),
        _layer(lay, "LayerNorm", lambda t: t.nn.LayerNorm(4), M),
        _layer(lay, "GroupNorm", lambda t: t.nn.GroupNorm(2, 4), real(2, 4, 3)),
        _layer(lay, "InstanceNorm2d", lambda t: t.nn.InstanceNorm2d(2), image),
        _layer(lay, "Embedding", lambda t: t.nn.Embedding(5, 3), ints(2, 4, high=5)),
        _layer(lay, "Dropout", lambda t: t.nn.Dropout(0.0), M),
        _layer(lay, "Identity", lambda t: t.nn.Identity(), M),
        _layer(lay, "Flatten", lambda t: t.nn.Flatten(), real(2, 3, 4)),
        _layer(lay, "Unflatten", lambda t: t.nn.Unflatten(1, (2, 2)), M),
        _layer(
            lay,
            "Sequential",
            lambda t: t.nn.Sequential(t.nn.Linear(4, 5), t.nn.ReLU(), t.nn.Linear(5, 2)),
            M,
        ),
        _layer(lay, "ReLU", lambda t: t.nn.ReLU(), M),
        _layer(lay, "GELU", lambda t: t.nn.GELU(approximate="tanh"), M),
        _layer(lay, "SiLU", lambda t: t.nn.SiLU(), M),
        _layer(lay, "Softmax", lambda t: t.nn.Softmax(dim=1), M),
        _layer(lay, "LogSoftmax", lambda t: t.nn.LogSoftmax(dim=1), M),
        _layer(lay, "Tanh", lambda t: t.nn.Tanh(), M),
        _layer(lay, "Sigmoid", lambda t: t.nn.Sigmoid(), M),
        _layer(lay, "LeakyReLU", lambda t: t.nn.LeakyReLU(0.2), M),
        _layer(lay, "ELU", lambda t: t.nn.ELU(), M),
        _layer(lay, "Softplus", lambda t: t.nn.Softplus(), M),
        _layer(lay, "Hardswish", lambda t: t.nn.Hardswish(), M),
        _layer(lay, "Mish", lambda t: t.nn.Mish(), M),
        _layer(lay, "PReLU", lambda t: t.nn.PReLU(), M),
        _layer(lay, "Upsample", lambda t: t.nn.Upsample(scale_factor=2, mode="nearest"), image),
        _layer(lay, "ZeroPad2d", lambda t: t.nn.ZeroPad2d(1), image),
        _layer(lay, "ReflectionPad2d", lambda t: t.nn.ReflectionPad2d(1), image),
        _layer(lay, "MultiheadAttention", lambda t: _self_attention(t), real(2, 3, 4)),
        _fn(
            lay,
            "scaled_dot_product_attention",
            "F",
            lambda t, q, k, v: t.nn.functional.scaled_dot_product_attention(q, k, v),
            real(2, 3, 4),
            real(2, 5, 4),
            real(2, 5, 4),
        ),
        _layer(
            lay,
            "TransformerEncoderLayer",
            lambda t: t.nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, batch_first=True),
            real(2, 3, 4),
        ),
        _layer(lay, "RNN", lambda t: t.nn.RNN(4, 3, batch_first=True), real(2, 3, 4)),
        _layer(lay, "LSTM", lambda t: t.nn.LSTM(4, 3, batch_first=True), real(2, 3, 4)),
        _layer(lay, "GRU", lambda t: t.nn.GRU(4, 3, batch_first=True), real(2, 3, 4)),
    ]


def _self_attention(t: Lib) -> Any:
    """``nn.MultiheadAttention(4, 2, batch_first=True)`` called as self-attention."""
    attention = t.nn.MultiheadAttention(4, 2, batch_first=True)

    class SelfAttention(t.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.attention = attention

        def forward(self, x: Any) -> Any:
            return self.attention(x, x, x)

    return SelfAttention()


def _losses() -> list[Entry]:
    lo = LOSSES
    probs = Arg((3, 4), "real", 0.05, 0.95)
    return [
        _layer(
            lo,
            "CrossEntropyLoss",
            lambda t: t.nn.CrossEntropyLoss(label_smoothing=0.1),
            real(4, 3),
            ints(4),
        ),
        _layer(lo, "NLLLoss", lambda t: t.nn.NLLLoss(), real(4, 3), ints(4)),
        _layer(lo, "MSELoss", lambda t: t.nn.MSELoss(), M, M),
        _layer(lo, "L1Loss", lambda t: t.nn.L1Loss(reduction="sum"), M, M),
        _layer(lo, "SmoothL1Loss", lambda t: t.nn.SmoothL1Loss(beta=0.5), M, M),
        _layer(lo, "HuberLoss", lambda t: t.nn.HuberLoss(delta=0.5), M, M),
        _layer(lo, "KLDivLoss", lambda t: t.nn.KLDivLoss(reduction="batchmean"), M, probs),
        _layer(lo, "BCELoss", lambda t: t.nn.BCELoss(), probs, probs),
        _layer(
            lo,
            "BCEWithLogitsLoss",
            lambda t: t.nn.BCEWithLogitsLoss(),
            M,
            Arg((3, 4), "real", 0.0, 1.0),
        ),
        _layer(
            lo,
            "CosineEmbeddingLoss",
            lambda t: t.nn.CosineEmbeddingLoss(),
            M,
            M,
            Arg((3,), "real", 1.0, 1.0),
        ),
        _fn(
            lo,
            "cross_entropy",
            "F",
            lambda t, x, y: t.nn.functional.cross_entropy(x, y),
            real(4, 3),
            ints(4),
        ),
        _fn(
            lo, "nll_loss", "F", lambda t, x, y: t.nn.functional.nll_loss(x, y), real(4, 3), ints(4)
        ),
        _fn(lo, "mse_loss", "F", lambda t, x, y: t.nn.functional.mse_loss(x, y), M, M),
        _fn(lo, "l1_loss", "F", lambda t, x, y: t.nn.functional.l1_loss(x, y), M, M),
        _fn(lo, "smooth_l1_loss", "F", lambda t, x, y: t.nn.functional.smooth_l1_loss(x, y), M, M),
        _fn(lo, "huber_loss", "F", lambda t, x, y: t.nn.functional.huber_loss(x, y), M, M),
        _fn(
            lo,
            "kl_div",
            "fF",
            lambda t, x, y: t.nn.functional.kl_div(x, y, reduction="sum"),
            M,
            probs,
        ),
        _fn(
            lo,
            "binary_cross_entropy",
            "F",
            lambda t, x, y: t.nn.functional.binary_cross_entropy(x, y),
            probs,
            probs,
        ),
        _fn(
            lo,
            "binary_cross_entropy_with_logits",
            "fF",
            lambda t, x, y: t.nn.functional.binary_cross_entropy_with_logits(x, y),
            M,
            Arg((3, 4), "real", 0.0, 1.0),
        ),
    ]


def _optimisers() -> list[Entry]:
    o = OPTIMISERS

    def opt(name: str, **kwargs: Any) -> Entry:
        return _fn(
            o,
            f"optim.{name}",
            "",
            lambda t, p: _optimise(t, p, lambda t_, ps: getattr(t_.optim, name)(ps, **kwargs)),
            M,
            grad=False,
        )

    return [
        opt("SGD", lr=0.1, momentum=0.9, nesterov=True),
        opt("Adam", lr=0.1, weight_decay=0.01),
        opt("AdamW", lr=0.1),
        opt("RMSprop", lr=0.01, momentum=0.5),
        opt("Adagrad", lr=0.1),
        opt("Adadelta", lr=1.0),
        opt("Adamax", lr=0.1),
        opt("NAdam", lr=0.1),
        opt("RAdam", lr=0.1),
        _fn(o, "optim.lr_scheduler.StepLR", "", lambda t, p: _scheduled(t, p), M, grad=False),
        _fn(o, "nn.utils.clip_grad_norm_", "", _clip_grad_norm, M, grad=False),
        _fn(o, "nn.utils.clip_grad_value_", "", lambda t, p: _clip_value(t, p), M, grad=False),
    ]


def _scheduled(t: Lib, p: Any) -> Any:
    p = p.detach().clone().requires_grad_()
    optimizer = t.optim.SGD([p], lr=1.0)
    scheduler = t.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    rates = []
    for _ in range(3):
        optimizer.step()
        scheduler.step()
        rates.append(optimizer.param_groups[0]["lr"])
    return rates


def _clip_value(t: Lib, p: Any) -> Any:
    p = p.detach().clone().requires_grad_()
    (p * p * 3).sum().backward()
    t.nn.utils.clip_grad_value_([p], 0.5)
    return t.tensor(np.asarray(p.grad))


CATALOGUE: tuple[Entry, ...] = (
    *_creation(),
    *_pointwise(),
    *_comparison(),
    *_activations(),
    *_reductions(),
    *_shape(),
    *_linalg(),
    *_conversion(),
    *_layers(),
    *_losses(),
    *_optimisers(),
)


# ---------------------------------------------------------------------------- presence
FORM_COLUMNS = {"f": "autograd", "m": "Tensor", "F": "nn"}


def is_spelling(entry: Entry) -> bool:
    """An operator or keyword spelling (``x[index]``, ``div (rounding_mode)``): no name to look
    up, so its sample running is what shows it is there."""
    return not entry.forms and not all(part.isidentifier() for part in entry.name.split("."))


def presence(entry: Entry, autograd: Any, nn: Any) -> dict[str, bool]:
    """Which of the forms PyTorch has this name in graphgrad has too, by column (``autograd``,
    ``Tensor``, ``nn``); the modules are passed in, so this module imports neither."""
    if is_spelling(entry):
        return {"Tensor": True}
    if not entry.forms:  # a dotted name: nn.Conv2d, optim.Adam, linalg.norm, nn.utils.x
        root, *path = entry.name.split(".")
        found: Any = {"nn": nn, "optim": getattr(nn, "optim", None), "linalg": autograd.linalg}
        found = found[root]
        for part in path:
            found = getattr(found, part, None)
        return {"autograd" if root == "linalg" else "nn": found is not None}
    homes = {"f": autograd, "m": autograd.Tensor, "F": nn.functional}
    return {FORM_COLUMNS[form]: hasattr(homes[form], entry.name) for form in entry.forms}
