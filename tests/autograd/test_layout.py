"""Shape and layout ops with PyTorch's names: values against NumPy, gradients (gradcheck in
float64, negative dims included), forward rules (the dot-product test against backward),
second derivatives through the primitives' adjoints, property tests over shapes and dims, and
the errors for bad arguments."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.lib.stride_tricks import sliding_window_view

import autograd
from autograd import Tensor, gradcheck
from autograd.forward_ad import dual_level, make_dual, unpack_dual
from autograd.ops import (
    DiagEmbed,
    Diagonal,
    RepeatInterleave,
    Roll,
    SegmentSum,
    UnfoldDim,
    UnfoldDimBackward,
)
from autograd.viz import narrate
from tests.strategies import random_array, seeds, shapes

REPEATS = np.array([2, 0, 1])


def diag_embed_numpy(a, offset, dim1, dim2):
    """NumPy's construction of ``torch.diag_embed``: zeros, then the diagonal written."""
    side = a.shape[-1] + abs(offset)
    out = np.zeros((*a.shape[:-1], side, side))
    index = np.arange(a.shape[-1])
    out[..., index + max(-offset, 0), index + max(offset, 0)] = a
    return np.moveaxis(out, (-2, -1), (dim1, dim2))


def joined(pieces):
    """A tuple of pieces as one flat array (or Tensor), to compare and to differentiate."""
    if isinstance(pieces[0], Tensor):
        return autograd.concatenate([piece.reshape(-1) for piece in pieces])
    return np.concatenate([np.ravel(piece) for piece in pieces])


@dataclass(frozen=True)
class Case:
    """One call of an op: on a Tensor, and the same on a NumPy array."""

    name: str
    shape: tuple
    function: Callable
    expected: Callable

    def __str__(self):
        return self.name


CASES = [
    Case("flip", (2, 3, 4), lambda x: x.flip(0, -1), lambda a: np.flip(a, (0, -1))),
    Case("flip-tuple", (2, 3), lambda x: x.flip((1,)), lambda a: np.flip(a, 1)),
    Case("fliplr", (2, 3), lambda x: x.fliplr(), np.fliplr),
    Case("flipud", (2, 3), lambda x: x.flipud(), np.flipud),
    Case("roll", (3, 4), lambda x: x.roll((1, -2), (0, -1)), lambda a: np.roll(a, (1, -2), (0, 1))),
    Case("roll-flat", (3, 4), lambda x: x.roll(5), lambda a: np.roll(a, 5)),
    Case("roll-repeated-dim", (5,), lambda x: x.roll((1, 2), (0, 0)), lambda a: np.roll(a, 3)),
    Case("repeat", (2, 3), lambda x: x.repeat(2, 1, 3), lambda a: np.tile(a, (2, 1, 3))),
    Case("repeat-zero", (2, 3), lambda x: x.repeat(0, 2), lambda a: np.tile(a, (0, 2))),
    Case("tile", (2, 3), lambda x: x.tile((2,)), lambda a: np.tile(a, 2)),
    Case(
        "repeat_interleave-int",
        (2, 3),
        lambda x: x.repeat_interleave(2, dim=-1),
        lambda a: np.repeat(a, 2, axis=-1),
    ),
    Case(
        "repeat_interleave-tensor",
        (3, 2),
        lambda x: x.repeat_interleave(Tensor(REPEATS), dim=0),
        lambda a: np.repeat(a, REPEATS, axis=0),
    ),
    Case(
        "repeat_interleave-flat",
        (2, 2),
        lambda x: x.repeat_interleave(3),
        lambda a: np.repeat(a.reshape(-1), 3),
    ),
    Case("tril", (2, 3, 4), lambda x: x.tril(), np.tril),
    Case("tril-negative", (3, 4), lambda x: x.tril(-1), lambda a: np.tril(a, -1)),
    Case("triu", (2, 4, 3), lambda x: x.triu(1), lambda a: np.triu(a, 1)),
    Case("diagonal", (3, 4), lambda x: x.diagonal(), np.diagonal),
    Case(
        "diagonal-dims",
        (2, 3, 4),
        lambda x: x.diagonal(1, -1, 0),
        lambda a: np.diagonal(a, 1, 2, 0),
    ),
    Case(
        "diagonal-below",
        (4, 3, 2),
        lambda x: x.diagonal(-1, 0, -2),
        lambda a: np.diagonal(a, -1, 0, 1),
    ),
    Case("diag-vector", (3,), lambda x: x.diag(), np.diag),
    Case("diag-vector-offset", (3,), lambda x: x.diag(-2), lambda a: np.diag(a, -2)),
    Case("diag-matrix", (3, 4), lambda x: x.diag(1), lambda a: np.diag(a, 1)),
    Case(
        "diag_embed",
        (2, 3),
        lambda x: x.diag_embed(),
        lambda a: diag_embed_numpy(a, 0, -2, -1),
    ),
    Case(
        "diag_embed-dims",
        (2, 3),
        lambda x: x.diag_embed(1, 0, -1),
        lambda a: diag_embed_numpy(a, 1, 0, 2),
    ),
    Case("trace", (3, 4), lambda x: x.trace(), np.trace),
    Case(
        "unflatten",
        (2, 12),
        lambda x: x.unflatten(-1, (3, -1, 2)),
        lambda a: a.reshape(2, 3, 2, 2),
    ),
    Case(
        "unfold",
        (2, 7),
        lambda x: x.unfold(-1, 3, 2),
        lambda a: sliding_window_view(a, 3, axis=1)[:, ::2],
    ),
    Case(
        "unfold-overlapping",
        (5, 2),
        lambda x: x.unfold(0, 4, 1),
        lambda a: sliding_window_view(a, 4, axis=0),
    ),
    Case(
        "unfold-gaps",
        (7,),
        lambda x: x.unfold(0, 2, 3),
        lambda a: sliding_window_view(a, 2)[::3],
    ),
    Case(
        "split-size",
        (5, 2),
        lambda x: joined(x.split(2)),
        lambda a: joined(np.split(a, [2, 4])),
    ),
    Case(
        "split-sizes",
        (2, 5),
        lambda x: joined(x.split([1, 0, 4], dim=-1)),
        lambda a: joined(np.split(a, [1, 1], axis=1)),
    ),
    Case(
        "chunk",
        (2, 5),
        lambda x: joined(x.chunk(3, -1)),
        lambda a: joined(np.split(a, [2, 4], axis=1)),
    ),
    Case(
        "tensor_split-sections",
        (7, 2),
        lambda x: joined(x.tensor_split(3)),
        lambda a: joined(np.array_split(a, 3)),
    ),
    Case(
        "tensor_split-indices",
        (2, 6),
        lambda x: joined(x.tensor_split([1, 4], dim=-1)),
        lambda a: joined(np.split(a, [1, 4], axis=1)),
    ),
    Case(
        "hsplit",
        (2, 6),
        lambda x: joined(x.hsplit(3)),
        lambda a: joined(np.hsplit(a, 3)),
    ),
    Case(
        "vsplit",
        (4, 2),
        lambda x: joined(autograd.vsplit(x, [1, 3])),
        lambda a: joined(np.vsplit(a, [1, 3])),
    ),
    Case(
        "dsplit",
        (1, 2, 4),
        lambda x: joined(x.dsplit(2)),
        lambda a: joined(np.dsplit(a, 2)),
    ),
    Case(
        "unbind",
        (2, 3),
        lambda x: joined(x.unbind(-1)),
        lambda a: joined(list(np.moveaxis(a, -1, 0))),
    ),
    Case("narrow", (3, 5), lambda x: x.narrow(-1, 1, 3), lambda a: a[:, 1:4]),
    Case("narrow-negative-start", (5,), lambda x: x.narrow(0, -2, 2), lambda a: a[3:5]),
    Case(
        "movedim",
        (2, 3, 4),
        lambda x: x.movedim((0, -1), (-1, 0)),
        lambda a: np.moveaxis(a, (0, 2), (2, 0)),
    ),
    Case(
        "moveaxis",
        (2, 3, 4),
        lambda x: x.moveaxis(0, -2),
        lambda a: np.moveaxis(a, 0, 1),
    ),
    Case("swapdims", (2, 3, 4), lambda x: x.swapdims(0, -1), lambda a: np.swapaxes(a, 0, 2)),
    Case("squeeze-dims", (1, 3, 1), lambda x: x.squeeze((0, 1)), lambda a: a.reshape(3, 1)),
    Case("expand", (3, 1), lambda x: x.expand(2, -1, 4), lambda a: np.broadcast_to(a, (2, 3, 4))),
    Case("ravel", (2, 3), lambda x: x.ravel(), np.ravel),
    Case(
        "hstack",
        (2, 3),
        lambda x: autograd.hstack([x, x[:, :1]]),
        lambda a: np.hstack([a, a[:, :1]]),
    ),
    Case("vstack", (3,), lambda x: autograd.vstack([x, x * 2]), lambda a: np.vstack([a, a * 2])),
    Case("dstack", (2, 3), lambda x: autograd.dstack([x, x]), lambda a: np.dstack([a, a])),
    Case(
        "column_stack",
        (3,),
        lambda x: autograd.column_stack([x, x.reshape(3, 1)]),
        lambda a: np.column_stack([a, a.reshape(3, 1)]),
    ),
    Case(
        "broadcast_tensors",
        (3, 1),
        lambda x: joined(autograd.broadcast_tensors(x, x.reshape(1, 3))),
        lambda a: joined(np.broadcast_arrays(a, a.reshape(1, 3))),
    ),
]


def random_like(rng, tensor):
    return Tensor(rng.standard_normal(tensor.shape))


def forward_tangent(function, x, tangent):
    with dual_level():
        return unpack_dual(function(make_dual(x, tangent))).tangent


# ---------------------------------------------------------------- values, gradients, tangents
@pytest.mark.parametrize("case", CASES, ids=str)
def test_values_match_numpy(case, rng):
    data = rng.standard_normal(case.shape)
    out = case.function(Tensor(data))
    expected = np.asarray(case.expected(data))
    assert out.shape == expected.shape
    np.testing.assert_array_equal(out.data, expected)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_gradcheck(case, leaf):
    assert gradcheck(case.function, [leaf(*case.shape)])


@pytest.mark.parametrize("case", CASES, ids=str)
def test_forward_rule_is_the_transpose_of_backward(case, rng, leaf):
    x = leaf(*case.shape)
    out = case.function(x)
    tangent, cotangent = random_like(rng, x), random_like(rng, out)
    jvp = forward_tangent(case.function, x, tangent)
    (vjp,) = autograd.grad(out, x, grad_outputs=cotangent)
    assert jvp.shape == out.shape
    np.testing.assert_allclose(
        np.sum(jvp.data * cotangent.data), np.sum(tangent.data * vjp.data), rtol=1e-10
    )


@pytest.mark.parametrize("case", CASES, ids=str)
def test_tangent_of_a_linear_op_is_the_op_of_the_tangent(case, rng):
    x, tangent = Tensor(rng.standard_normal(case.shape)), Tensor(rng.standard_normal(case.shape))
    np.testing.assert_array_equal(
        forward_tangent(case.function, x, tangent).data, case.function(tangent).data
    )


@pytest.mark.parametrize("case", CASES, ids=str)
def test_gradient_of_the_gradient_is_checked(case, leaf, rng):
    weights = Tensor(rng.standard_normal(case.function(leaf(*case.shape)).shape))

    def gradient(x):
        (first,) = autograd.grad((case.function(x) ** 2 * weights).sum(), x, create_graph=True)
        return first

    assert gradcheck(gradient, [leaf(*case.shape)])


ADJOINTS = {
    "diag_embed": (
        lambda g: DiagEmbed.apply(g, shape=(2, 3, 4), offset=-1, dim1=2, dim2=0),
        (3, 2),
    ),
    "unfold_dim_backward": (
        lambda g: UnfoldDimBackward.apply(g, shape=(2, 7), dimension=1, size=3, step=2),
        (2, 3, 3),
    ),
    "unfold_dim_backward-by-window": (
        lambda g: UnfoldDimBackward.apply(g, shape=(6,), dimension=0, size=4, step=1),
        (3, 4),
    ),
    "segment_sum": (lambda g: SegmentSum.apply(g, lengths=REPEATS, axis=1), (2, 3)),
}


@pytest.mark.parametrize("adjoint", ADJOINTS.values(), ids=ADJOINTS.keys())
def test_adjoint_ops_have_checked_gradients_and_forward_rules(adjoint, leaf, rng):
    function, shape = adjoint
    g = leaf(*shape)
    assert gradcheck(function, [g])
    out = function(g)
    tangent, cotangent = random_like(rng, g), random_like(rng, out)
    (vjp,) = autograd.grad(out, g, grad_outputs=cotangent)
    np.testing.assert_allclose(
        np.sum(forward_tangent(function, g, tangent).data * cotangent.data),
        np.sum(tangent.data * vjp.data),
        rtol=1e-10,
    )


LAYOUT_OPS = [DiagEmbed, Diagonal, RepeatInterleave, Roll, SegmentSum, UnfoldDim, UnfoldDimBackward]


@pytest.mark.parametrize("cls", LAYOUT_OPS, ids=lambda cls: cls.__name__)
def test_each_primitive_declares_its_rule_in_terms_of_its_input(cls):
    parameters = [name for name in inspect.signature(cls.forward).parameters if name != "self"]
    assert cls.__dict__["rule"].startswith("∂")
    assert [clause.target for clause in narrate.parse_rule(cls.rule)] == parameters


def test_unfold_gradient_counts_how_many_windows_hold_each_entry():
    x = Tensor(np.zeros(5), requires_grad=True)
    x.unfold(0, 3, 1).sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 2.0, 3.0, 2.0, 1.0])


def test_repeat_interleave_gradient_sums_each_run():
    x = Tensor(np.zeros(3), requires_grad=True)
    x.repeat_interleave(Tensor(REPEATS)).backward(Tensor(np.array([1.0, 2.0, 5.0])))
    np.testing.assert_array_equal(x.grad, [3.0, 0.0, 5.0])


def test_tril_gradient_is_zero_above_the_diagonal_even_for_an_infinite_upstream():
    x = Tensor(np.zeros((2, 2)), requires_grad=True)
    x.tril().backward(Tensor(np.full((2, 2), np.inf)))
    np.testing.assert_array_equal(x.grad, [[np.inf, 0.0], [np.inf, np.inf]])


def test_split_pieces_that_are_not_used_get_no_gradient():
    x = Tensor(np.zeros(4), requires_grad=True)
    first, _ = x.split(2)
    first.sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 1.0, 0.0, 0.0])


def test_float32_stays_float32(rng):
    x = Tensor(rng.standard_normal((3, 4)).astype(np.float32), requires_grad=True)
    outputs = [x.flip(0), x.roll(1, 1), x.diagonal(), x.unfold(1, 2, 1), x.repeat_interleave(2)]
    assert all(out.dtype == np.float32 for out in outputs)
    autograd.concatenate([out.reshape(-1) for out in outputs]).sum().backward()
    assert x.grad.dtype == np.float32


def test_integer_tensors_keep_their_dtype():
    x = Tensor(np.arange(6).reshape(2, 3))
    assert x.tril().dtype == x.flip(0).dtype == x.diagonal().dtype == np.int64
    np.testing.assert_array_equal(x.triu().data, np.triu(x.data))


# ---------------------------------------------------------------- squeeze and friends
def test_squeeze_of_a_dim_whose_size_is_not_one_is_a_no_op():
    x = Tensor(np.zeros((2, 1, 3)))
    assert x.squeeze(0).shape == (2, 1, 3)
    assert x.squeeze(-2).shape == (2, 3)
    assert x.squeeze((0, 1)).shape == (2, 3)
    assert autograd.squeeze(x, 2).shape == (2, 1, 3)


def test_squeeze_with_numpys_axis_keyword_keeps_numpys_error():
    with pytest.raises(ValueError, match=r"squeeze: axis 0 has size 2, not 1"):
        Tensor(np.zeros((2, 1))).squeeze(axis=0)


def test_flatten_of_a_scalar_is_one_dimensional():
    assert Tensor(1.0).flatten().shape == (1,)
    assert autograd.flatten(Tensor(np.zeros((2, 3, 4))), 1, -1).shape == (2, 12)


def test_view_and_reshape_take_minus_one():
    x = Tensor(np.zeros((2, 6)))
    assert x.view(-1, 3).shape == (4, 3)
    assert x.view_as(Tensor(np.zeros((3, 4)))).shape == (3, 4)
    assert autograd.reshape(x, (3, -1)).shape == (3, 4)


def test_atleast_functions_add_axes_as_pytorch():
    scalar, vector, matrix = Tensor(1.0), Tensor([1.0, 2.0]), Tensor(np.zeros((2, 3)))
    assert autograd.atleast_1d(scalar).shape == (1,)
    assert [x.shape for x in autograd.atleast_2d(scalar, vector)] == [(1, 1), (1, 2)]
    assert [x.shape for x in autograd.atleast_3d([vector, matrix])] == [(1, 2, 1), (2, 3, 1)]
    assert autograd.atleast_3d(scalar).shape == (1, 1, 1)


def test_one_argument_repeat_interleave_repeats_the_indices():
    out = autograd.repeat_interleave(Tensor(np.array([1, 0, 2])))
    np.testing.assert_array_equal(out.data, [0, 2, 2])


def test_module_functions_are_the_methods(rng):
    x = Tensor(rng.standard_normal((2, 3, 4)))
    pairs = [
        (autograd.flip(x, (0,)), x.flip(0)),
        (autograd.roll(x, 1, -1), x.roll(1, -1)),
        (autograd.tile(x, (2,)), x.tile(2)),
        (autograd.tril(x, 1), x.tril(1)),
        (autograd.triu(x), x.triu()),
        (autograd.diagonal(x, 0, 1, 2), x.diagonal(0, 1, 2)),
        (autograd.diag_embed(x), x.diag_embed()),
        (autograd.diag(x[0]), x[0].diag()),
        (autograd.trace(x[0]), x[0].trace()),
        (autograd.unflatten(x, 2, (2, 2)), x.unflatten(2, (2, 2))),
        (autograd.narrow(x, 2, 1, 2), x.narrow(2, 1, 2)),
        (autograd.movedim(x, 0, 2), x.movedim(0, 2)),
        (autograd.moveaxis(x, 0, 2), x.moveaxis(0, 2)),
        (autograd.swapaxes(x, 0, 2), x.swapaxes(0, 2)),
        (autograd.swapdims(x, 0, 2), x.swapdims(0, 2)),
        (autograd.transpose(x, 0, 2), x.transpose(0, 2)),
        (autograd.permute(x, (2, 0, 1)), x.permute(2, 0, 1)),
        (autograd.unsqueeze(x, 1), x.unsqueeze(1)),
        (autograd.t(x[0]), x[0].t()),
        (autograd.ravel(x), x.ravel()),
        (autograd.broadcast_to(x[0, 0], (3, 4)), x[0, 0].expand(3, 4)),
        (autograd.repeat_interleave(x, 2, 1), x.repeat_interleave(2, 1)),
        (joined(autograd.split(x, 2, 2)), joined(x.split(2, 2))),
        (joined(autograd.chunk(x, 2, 1)), joined(x.chunk(2, 1))),
        (joined(autograd.tensor_split(x, 2, 1)), joined(x.tensor_split(2, 1))),
        (joined(autograd.unbind(x, 1)), joined(x.unbind(1))),
    ]
    for via_function, via_method in pairs:
        np.testing.assert_array_equal(via_function.data, via_method.data)


# ---------------------------------------------------------------- properties over shapes
@st.composite
def shape_and_dim(draw, min_dims=1):
    shape = draw(shapes(min_dims=min_dims, max_dims=4))
    ndim = len(shape)
    return shape, draw(st.integers(-ndim, ndim - 1))


def check_linear_op(function, expected, seed, shape):
    """Values as NumPy's, and the gradient as the adjoint: <f(t), c> == <t, vjp(c)>."""
    rng = np.random.default_rng(seed)
    data = random_array(seed, shape)
    x = Tensor(data, requires_grad=True)
    out = function(x)
    np.testing.assert_array_equal(out.data, np.asarray(expected(data)))
    tangent, cotangent = random_like(rng, x), random_like(rng, out)
    if out.size == 0 or x.size == 0:
        return
    (vjp,) = autograd.grad(out, x, grad_outputs=cotangent, allow_unused=True)
    forward = function(tangent).data
    np.testing.assert_allclose(
        np.sum(forward * cotangent.data), np.sum(tangent.data * vjp.data), rtol=1e-9, atol=1e-12
    )


@given(seed=seeds(), case=shape_and_dim(), shift=st.integers(-5, 5))
def test_flip_and_roll_along_any_dim(seed, case, shift):
    shape, dim = case
    check_linear_op(lambda x: x.flip(dim), lambda a: np.flip(a, dim), seed, shape)
    check_linear_op(lambda x: x.roll(shift, dim), lambda a: np.roll(a, shift, dim), seed, shape)


@given(seed=seeds(), case=shape_and_dim(), data=st.data())
def test_movedim_is_numpys_moveaxis(seed, case, data):
    shape, dim = case
    ndim = len(shape)
    destination = data.draw(st.integers(-ndim, ndim - 1))
    check_linear_op(
        lambda x: x.movedim(dim, destination),
        lambda a: np.moveaxis(a, dim, destination),
        seed,
        shape,
    )


@given(seed=seeds(), case=shape_and_dim(), size=st.integers(1, 5), chunks=st.integers(1, 5))
def test_split_chunk_and_tensor_split_cover_the_axis(seed, case, size, chunks):
    shape, dim = case
    length = shape[dim]
    split_at = list(range(size, length, size))
    check_linear_op(
        lambda x: joined(x.split(size, dim)),
        lambda a: joined(np.split(a, split_at, axis=dim)),
        seed,
        shape,
    )
    check_linear_op(
        lambda x: joined(x.tensor_split(chunks, dim)),
        lambda a: joined(np.array_split(a, chunks, axis=dim)),
        seed,
        shape,
    )
    pieces = Tensor(np.zeros(shape)).chunk(chunks, dim)
    assert len(pieces) == -(-length // -(-length // chunks))
    assert sum(piece.shape[dim] for piece in pieces) == length
    assert len(Tensor(np.zeros(shape)).unbind(dim)) == length


@given(seed=seeds(), shape=shapes(min_dims=0, max_dims=3), data=st.data())
def test_repeat_and_tile_are_numpys_tile(seed, shape, data):
    extra = data.draw(st.integers(0, 2))
    counts = tuple(data.draw(st.lists(st.integers(0, 3), min_size=len(shape) + extra)))
    check_linear_op(lambda x: x.repeat(*counts), lambda a: np.tile(a, counts), seed, shape)
    fewer = counts[: max(len(shape) - 1, 0)]
    check_linear_op(lambda x: x.tile(fewer), lambda a: np.tile(a, fewer), seed, shape)


@given(seed=seeds(), case=shape_and_dim(), data=st.data())
def test_repeat_interleave_is_numpys_repeat(seed, case, data):
    shape, dim = case
    counts = np.array(
        data.draw(st.lists(st.integers(0, 3), min_size=shape[dim], max_size=shape[dim]))
    )
    check_linear_op(
        lambda x: x.repeat_interleave(Tensor(counts), dim),
        lambda a: np.repeat(a, counts, axis=dim),
        seed,
        shape,
    )


@given(seed=seeds(), shape=shapes(min_dims=2, max_dims=4), data=st.data())
def test_diagonal_tril_and_triu_of_any_planes(seed, shape, data):
    ndim = len(shape)
    dim1, dim2 = data.draw(st.lists(st.integers(0, ndim - 1), min_size=2, max_size=2, unique=True))
    offset = data.draw(st.integers(-4, 4))
    check_linear_op(
        lambda x: x.diagonal(offset, dim1 - ndim, dim2),
        lambda a: np.diagonal(a, offset, dim1, dim2),
        seed,
        shape,
    )
    check_linear_op(lambda x: x.tril(offset), lambda a: np.tril(a, offset), seed, shape)
    check_linear_op(lambda x: x.triu(offset), lambda a: np.triu(a, offset), seed, shape)


@given(seed=seeds(), shape=shapes(min_dims=1, max_dims=3), data=st.data())
def test_diag_embed_puts_the_last_axis_on_a_diagonal(seed, shape, data):
    ndim = len(shape) + 1
    dim1, dim2 = data.draw(st.lists(st.integers(0, ndim - 1), min_size=2, max_size=2, unique=True))
    offset = data.draw(st.integers(-3, 3))
    check_linear_op(
        lambda x: x.diag_embed(offset, dim1, dim2 - ndim),
        lambda a: diag_embed_numpy(a, offset, dim1, dim2),
        seed,
        shape,
    )


@given(seed=seeds(), case=shape_and_dim(), data=st.data())
def test_unfold_is_a_strided_sliding_window(seed, case, data):
    shape, dim = case
    size = data.draw(st.integers(0, shape[dim]))
    step = data.draw(st.integers(1, 4))
    index = (slice(None),) * (dim % len(shape)) + (slice(None, None, step),)
    check_linear_op(
        lambda x: x.unfold(dim, size, step),
        lambda a: sliding_window_view(a, size, axis=dim)[index],
        seed,
        shape,
    )


@given(seed=seeds(), case=shape_and_dim(), data=st.data())
def test_narrow_is_a_slice(seed, case, data):
    shape, dim = case
    length = shape[dim]
    start = data.draw(st.integers(-length, length))
    begin = start % length if start < length else length
    size = data.draw(st.integers(0, length - begin))
    index = (slice(None),) * (dim % len(shape)) + (slice(begin, begin + size),)
    check_linear_op(lambda x: x.narrow(dim, start, size), lambda a: a[index], seed, shape)


# ---------------------------------------------------------------- errors
ERRORS = [
    (lambda x: x.split([1, 1], 1), ValueError, r"split: the sizes \[1, 1\] must .* add up to 3"),
    (lambda x: x.split(0), ValueError, r"split: split_size must be positive"),
    (lambda x: x.chunk(0), ValueError, r"chunk: chunks must be greater than 0, got 0"),
    (lambda x: x.tensor_split(0), ValueError, r"tensor_split: sections must be greater"),
    (lambda x: x.tensor_split([0.5]), TypeError, r"tensor_split: indices_or_sections must"),
    (lambda x: x.narrow(1, 2, 2), ValueError, r"narrow: start \(2\) \+ length \(2\) exceeds"),
    (lambda x: x.narrow(1, 4, 0), ValueError, r"narrow: start 4 is out of range"),
    (lambda x: x.flip(0, 0), ValueError, r"flip: repeated axis"),
    (lambda x: x.flip(2), ValueError, r"flip: axis 2 is out of range"),
    (lambda x: x.roll((1, 2), 0), ValueError, r"roll: shifts and dims must align"),
    (lambda x: x.roll((1, 2)), ValueError, r"roll: with dims=None .* one int"),
    (lambda x: x.repeat(2), ValueError, r"repeat: needs one non-negative count per dim"),
    (lambda x: x.repeat(-1, 2), ValueError, r"repeat: needs one non-negative count"),
    (lambda x: x.repeat_interleave(Tensor(np.array([1, 2]))), ValueError, r"same size"),
    (lambda x: x.repeat_interleave(-1), ValueError, r"repeats must be non-negative"),
    (lambda x: x.repeat_interleave(1.5), TypeError, r"repeat_interleave: repeats must be"),
    (lambda x: x.repeat_interleave(2, output_size=5), ValueError, r"output_size 5"),
    (lambda x: x.diagonal(0, 1, -1), ValueError, r"diagonal: needs two different dim"),
    (lambda x: x[0].tril(), ValueError, r"tril: expects at least 2 dimensions, got shape \(3,\)"),
    (lambda x: x[0].fliplr(), ValueError, r"fliplr: expects at least 2 dimensions"),
    (lambda x: x.reshape(1, 2, 3).diag(), ValueError, r"diag: expects a 1-D or 2-D tensor"),
    (lambda x: x[0].trace(), ValueError, r"trace: expects a matrix \(2-D\), got shape \(3,\)"),
    (lambda x: x.diag_embed(0, 1, -2), ValueError, r"diag_embed: needs two different"),
    (lambda x: x.unflatten(1, (2, -1)), ValueError, r"unflatten: sizes \(2, -1\) do not"),
    (lambda x: x.unfold(1, 4, 1), ValueError, r"unfold: needs 0 <= size <= 3"),
    (lambda x: x.unfold(1, 2, 0), ValueError, r"unfold: .* step > 0, got size=2, step=0"),
    (lambda x: x.unbind(2), ValueError, r"unbind: axis 2 is out of range"),
    (lambda x: x[0, 0].split(1), ValueError, r"split: expects a tensor with at least 1 dim"),
    (lambda x: x.movedim((0, 1), 0), ValueError, r"movedim: source \(0, 1\) and destination"),
    (lambda x: x.movedim((0, 1), (1, 1)), ValueError, r"movedim: repeated axis"),
    (lambda x: x.hsplit(2), ValueError, r"hsplit: the size 3 of dimension 1 is not divisible"),
    (lambda x: x.dsplit(1), ValueError, r"dsplit: expects at least 3 dimensions"),
    (lambda x: x.flatten(1, 0), ValueError, r"flatten: start_dim 1 comes after end_dim 0"),
    (lambda x: autograd.repeat_interleave(x), TypeError, r"1-D tensor of integer counts"),
    (
        lambda x: autograd.broadcast_tensors(x, x.reshape(3, 2)),
        ValueError,
        r"broadcast_tensors: shapes \(2, 3\) and \(3, 2\) cannot be broadcast",
    ),
]


@pytest.mark.parametrize("call, kind, message", ERRORS, ids=[m for _, _, m in ERRORS])
def test_bad_arguments_name_the_op_and_the_shapes(call, kind, message):
    with pytest.raises(kind, match=message):
        call(Tensor(np.zeros((2, 3))))
