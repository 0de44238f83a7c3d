"""Indexing, scatter/gather and products: values against NumPy, gradcheck in float64, the forward
rule against backward (the dot-product test) and against finite differences, second order where
the backward is non-linear, repeated indices, and the errors (naming the op and the shapes)."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Tensor, grad, gradcheck
from autograd.forward_ad import dual_level, make_dual, unpack_dual
from autograd.ops import Gather, Scatter, ScatterAdd, ScatterReduce
from tests.strategies import seeds, shapes

INDEX = np.array([[0, 1, 1], [2, 0, 3], [1, 1, 1]])  # repeats within rows 0 and 2
UNIQUE = np.array([[0, 1], [2, 3], [1, 0]])  # no position named twice along dim 1


@dataclass(frozen=True)
class Case:
    """An op under test: the function of its float inputs and the inputs' shapes."""

    name: str
    function: Callable[..., Tensor]
    input_shapes: tuple[tuple[int, ...], ...]
    smooth: bool = True  # False: amax/amin, whose derivative jumps at ties (distinct values)

    def __str__(self):
        return self.name


def reduce_case(reduce, include_self):
    return Case(
        f"scatter_reduce_{reduce}_{'self' if include_self else 'noself'}",
        lambda x, s: x.scatter_reduce(1, INDEX, s, reduce, include_self=include_self),
        ((3, 4), (3, 3)),
        smooth=reduce not in ("amax", "amin"),
    )


CASES = [
    Case("gather", lambda x: x.gather(1, INDEX[:, :2]), ((3, 4),)),
    Case("gather_repeats", lambda x: x.gather(0, np.array([[0, 0, 2, 1]])), ((3, 4),)),
    Case("scatter_add", lambda x, s: x.scatter_add(1, INDEX, s), ((3, 4), (3, 3))),
    Case("scatter_add_big_src", lambda x, s: x.scatter_add(1, INDEX, s), ((3, 4), (4, 5))),
    Case("scatter", lambda x, s: x.scatter(1, UNIQUE, s), ((3, 4), (3, 2))),
    Case("scatter_value", lambda x: x.scatter(1, UNIQUE, 2.5), ((3, 4),)),
    Case(
        "scatter_multiply", lambda x, s: x.scatter(1, INDEX, s, reduce="multiply"), ((3, 4), (3, 3))
    ),
    *[reduce_case(r, i) for r in ("sum", "prod", "mean", "amax", "amin") for i in (True, False)],
    Case("index_select", lambda x: x.index_select(1, np.array([2, 0, 2])), ((3, 4),)),
    Case(
        "index_add", lambda x, s: x.index_add(1, np.array([2, 0, 2]), s, alpha=2), ((3, 4), (3, 3))
    ),
    Case("index_copy", lambda x, s: x.index_copy(0, np.array([2, 0]), s), ((3, 4), (2, 4))),
    Case("index_fill", lambda x: x.index_fill(1, np.array([1, 1]), -1.0), ((3, 4),)),
    Case("index_fill_tensor", lambda x, v: x.index_fill(0, np.array([1]), v), ((3, 4), ())),
    Case("masked_fill", lambda x, v: x.masked_fill(np.eye(3, 4, dtype=bool), v), ((3, 4), ())),
    Case(
        "masked_fill_broadcast",
        lambda x: x.masked_fill(np.array([True, False, True, False]), 0.0),
        ((3, 4),),
    ),
    Case(
        "masked_select", lambda x: x.masked_select(np.array([[True], [False], [True]])), ((3, 4),)
    ),
    Case(
        "masked_scatter", lambda x, s: x.masked_scatter(np.eye(3, 4, dtype=bool), s), ((3, 4), (5,))
    ),
    Case("take", lambda x: x.take(np.array([[0, -1], [5, 5]])), ((3, 4),)),
    Case("take_along_dim", lambda x: x.take_along_dim(np.array([[0], [3], [3]]), 1), ((3, 4),)),
    Case(
        "take_along_dim_broadcast", lambda x: x.take_along_dim(np.array([[1, 2]]), dim=1), ((3, 4),)
    ),
    Case("take_along_dim_flat", lambda x: x.take_along_dim(np.array([11, 0, 0])), ((3, 4),)),
    Case("outer", lambda a, b: a.outer(b), ((3,), (4,))),
    Case("inner", lambda a, b: a.inner(b), ((2, 3), (4, 3))),
    Case("tensordot", lambda a, b: autograd.tensordot(a, b, dims=([0], [1])), ((3, 4), (2, 3))),
    Case("cross", lambda a, b: a.cross(b), ((4, 3), (1, 3))),
    Case("cross_dim", lambda a, b: autograd.cross(a, b, dim=0), ((3, 2), (3, 2))),
    Case("kron", lambda a, b: a.kron(b), ((2, 3), (3,))),
    Case("getitem_nested_list", lambda x: x[[[0, 1, 1], [1, 2, 2]]], ((3, 4),)),
    Case(
        "getitem_tensor_and_mask",
        lambda x: x[Tensor(np.array([0, 0])), :, Tensor(np.array([True, False]))],
        ((2, 3, 2),),
    ),
    Case("getitem_none_ellipsis", lambda x: x[None, ..., 1:], ((2, 3),)),
]
SMOOTH = [case for case in CASES if case.smooth]


def leaves(case, rng, dtype=np.float64):
    """Inputs for a case; amax/amin get distinct values far from ties (finite differences)."""
    made = []
    for shape in case.input_shapes:
        size = int(np.prod(shape))
        data = rng.standard_normal(shape) if case.smooth else rng.permutation(size).reshape(shape)
        made.append(Tensor(np.asarray(data, dtype=dtype), requires_grad=True))
    return made


def random_like(rng, tensor):
    return Tensor(rng.standard_normal(tensor.shape))


def forward_tangent(function, inputs, tangents):
    with dual_level():
        duals = [make_dual(x, t) for x, t in zip(inputs, tangents, strict=True)]
        return unpack_dual(function(*duals)).tangent


# ---------------------------------------------------------------- values
def test_gather_matches_take_along_axis(rng):
    x = rng.standard_normal((3, 4))
    index = rng.integers(0, 4, (3, 6))
    np.testing.assert_array_equal(Tensor(x).gather(1, index).data, np.take_along_axis(x, index, 1))


def test_gather_reads_only_the_corner_of_a_larger_tensor(rng):
    x = rng.standard_normal((4, 5))
    index = np.array([[4, 0], [1, 1]])
    np.testing.assert_array_equal(Tensor(x).gather(1, index).data, x[[[0], [1]], index])


def test_scatter_add_accumulates_repeated_positions_exactly():
    out = Tensor(np.zeros(3)).scatter_add(
        0, np.array([1, 1, 1, 0]), Tensor(np.array([0.1, 0.2, 0.3, 1.0]))
    )
    expected = np.zeros(3)
    np.add.at(expected, [1, 1, 1, 0], [0.1, 0.2, 0.3, 1.0])
    np.testing.assert_array_equal(out.data, expected)


def test_scatter_keeps_the_last_write_of_a_repeated_position():
    out = Tensor(np.zeros((2, 3))).scatter(
        1, np.array([[2, 2, 2]]), Tensor(np.array([[1.0, 2.0, 3.0]]))
    )
    np.testing.assert_array_equal(out.data, [[0, 0, 3], [0, 0, 0]])


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce_matches_a_loop(reduce, include_self, rng):
    x, src = rng.standard_normal((3, 4)), rng.standard_normal((3, 3))
    combine = {"sum": np.sum, "prod": np.prod, "mean": np.mean, "amax": np.max, "amin": np.min}
    expected = x.copy()
    for row in range(3):
        for column in range(4):
            taken = list(src[row][INDEX[row] == column])
            if taken:
                values = ([x[row, column]] if include_self else []) + taken
                expected[row, column] = combine[reduce](values)
    out = Tensor(x).scatter_reduce(1, INDEX, Tensor(src), reduce, include_self=include_self)
    np.testing.assert_allclose(out.data, expected, rtol=1e-12)


def test_integer_scatter_reduce_mean_rounds_down():
    x = Tensor(np.array([2, 3]))
    out = x.scatter_reduce(0, np.array([0, 0, 1]), Tensor(np.array([1, 2, 2])), "mean")
    np.testing.assert_array_equal(out.data, [1, 2])
    assert out.dtype == np.int64


def test_index_add_and_index_copy_match_numpy(rng):
    x, source = rng.standard_normal((3, 4)), rng.standard_normal((3, 2))
    expected = x.copy()
    np.add.at(expected, (slice(None), [1, 1]), 2 * source)
    np.testing.assert_allclose(
        Tensor(x).index_add(1, [1, 1], Tensor(source), alpha=2).data, expected
    )
    copied = x.copy()
    copied[:, [3, 0]] = source
    np.testing.assert_array_equal(
        Tensor(x).index_copy(1, np.array([3, 0]), Tensor(source)).data, copied
    )


def test_masked_scatter_fills_in_order():
    mask = np.array([[True, False], [True, True]])
    out = Tensor(np.zeros((2, 2))).masked_scatter(mask, Tensor(np.arange(1.0, 6.0)))
    np.testing.assert_array_equal(out.data, [[1, 0], [2, 3]])


def test_nonzero_argwhere_and_one_argument_where():
    x = Tensor(np.array([[0.0, 1.0], [2.0, 0.0]]))
    np.testing.assert_array_equal(x.nonzero().data, np.argwhere(x.data))
    assert x.nonzero().dtype == np.int64
    rows, cols = autograd.where(x > 0)
    np.testing.assert_array_equal(rows.data, [0, 1])
    np.testing.assert_array_equal(cols.data, [1, 0])
    np.testing.assert_array_equal(autograd.argwhere(x).data, x.nonzero().data)


def test_nonzero_of_a_scalar():
    assert Tensor(3.0).nonzero().shape == (1, 0)
    (only,) = Tensor(3.0).nonzero(as_tuple=True)
    np.testing.assert_array_equal(only.data, [0])


def test_one_hot_is_reexported_by_nn_functional():
    from nn.functional import one_hot

    out = one_hot(Tensor(np.array([[0, 2]])), num_classes=4)
    np.testing.assert_array_equal(out.data, [[[1, 0, 0, 0], [0, 0, 1, 0]]])
    assert out.dtype == np.int64


def test_searchsorted_and_bucketize_match_numpy(rng):
    boundaries = np.sort(rng.standard_normal(6))
    values = rng.standard_normal((2, 3))
    for right in (False, True):
        side = "right" if right else "left"
        expected = np.searchsorted(boundaries, values, side=side)
        found = autograd.searchsorted(Tensor(boundaries), Tensor(values), right=right)
        np.testing.assert_array_equal(found.data, expected)
        np.testing.assert_array_equal(
            autograd.bucketize(Tensor(values), Tensor(boundaries), right=right).data, expected
        )


def test_searchsorted_pairs_up_leading_dimensions():
    rows = Tensor(np.array([[1.0, 3.0], [2.0, 4.0]]))
    found = autograd.searchsorted(rows, Tensor(np.array([[3.0], [3.0]])), side="right")
    np.testing.assert_array_equal(found.data, [[2], [1]])
    assert (
        autograd.searchsorted(rows, Tensor(np.array([[3.0], [3.0]])), out_int32=True).dtype
        == np.int32
    )


def test_products_match_numpy(rng):
    a, b = rng.standard_normal((2, 3)), rng.standard_normal((4, 3))
    np.testing.assert_allclose(Tensor(a).inner(Tensor(b)).data, np.inner(a, b))
    np.testing.assert_allclose(Tensor(a[0]).outer(Tensor(b[0])).data, np.outer(a[0], b[0]))
    np.testing.assert_allclose(Tensor(a).kron(Tensor(b)).data, np.kron(a, b))
    np.testing.assert_allclose(Tensor(a).cross(Tensor(b[:2])).data, np.cross(a, b[:2]))
    np.testing.assert_allclose(
        autograd.tensordot(Tensor(a), Tensor(b), dims=([1], [1])).data,
        np.tensordot(a, b, axes=([1], [1])),
    )
    np.testing.assert_allclose(
        autograd.tensordot(Tensor(a), Tensor(b.T), dims=1).data, np.tensordot(a, b.T, 1)
    )


def test_linalg_cross_defaults_to_the_last_dimension_and_cross_to_the_first_of_size_3(rng):
    from autograd.indexing import linalg_cross

    a, b = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    np.testing.assert_allclose(linalg_cross(Tensor(a), Tensor(b)).data, np.cross(a, b))
    np.testing.assert_allclose(Tensor(a).cross(Tensor(b)).data, np.cross(a, b, axis=0))


# ---------------------------------------------------------------- gradients
@pytest.mark.parametrize("case", CASES, ids=str)
def test_gradcheck(case, rng):
    assert gradcheck(case.function, leaves(case, rng))


@pytest.mark.parametrize("case", CASES, ids=str)
def test_forward_rule_is_the_transpose_of_backward(case, rng):
    inputs = leaves(case, rng)
    tangents = [random_like(rng, x) for x in inputs]
    out = case.function(*inputs)
    cotangent = random_like(rng, out)
    jvp = forward_tangent(case.function, inputs, tangents)
    vjps = grad(out, inputs, grad_outputs=cotangent)
    reverse = sum(np.sum(t.data * v.data) for t, v in zip(tangents, vjps, strict=True))
    np.testing.assert_allclose(np.sum(jvp.data * cotangent.data), reverse, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_forward_rule_matches_central_finite_differences(case, rng):
    inputs = leaves(case, rng)
    tangents = [random_like(rng, x) for x in inputs]
    step = 1e-6

    def shifted(sign):
        moved = [
            Tensor(x.data + sign * step * t.data) for x, t in zip(inputs, tangents, strict=True)
        ]
        return case.function(*moved).data

    numeric = (shifted(1) - shifted(-1)) / (2 * step)
    jvp = forward_tangent(case.function, inputs, tangents)
    np.testing.assert_allclose(jvp.data, numeric, rtol=1e-5, atol=1e-6)


SECOND_ORDER_OPS = (
    "scatter_reduce_prod",
    "scatter_reduce_mean",
    "gather",
    "masked_scatter",
    "kron",
)
SECOND_ORDER = [case for case in SMOOTH if case.name.startswith((*SECOND_ORDER_OPS, "cross"))]


@pytest.mark.parametrize("case", SECOND_ORDER, ids=str)
def test_gradient_of_the_gradient_is_checked(case, rng):
    inputs = leaves(case, rng)
    cotangent = random_like(rng, case.function(*inputs))

    def gradient(*xs):
        outs = grad(case.function(*xs), xs, grad_outputs=cotangent, create_graph=True)
        return sum(((o * o).sum() for o in outs), Tensor(0.0, dtype=np.float64))

    assert gradcheck(gradient, inputs)


@pytest.mark.parametrize("include_self", [True, False])
def test_prod_gradient_with_zeros_is_the_product_of_the_others(include_self):
    x = Tensor(np.array([0.0, 2.0]), requires_grad=True)
    src = Tensor(np.array([0.0, 3.0, 5.0, 0.0, 0.0]), requires_grad=True)
    index = np.array([0, 0, 0, 1, 1])  # one zero with x's zero at 0; two zeros at 1
    x.scatter_reduce(0, index, src, "prod", include_self=include_self).sum().backward()
    if include_self:
        np.testing.assert_array_equal(x.grad, [0.0, 0.0])
        np.testing.assert_array_equal(src.grad, [0.0, 0.0, 0.0, 0.0, 0.0])
    else:
        np.testing.assert_array_equal(x.grad, [0.0, 0.0])
        np.testing.assert_array_equal(src.grad, [15.0, 0.0, 0.0, 0.0, 0.0])
    assert gradcheck(
        lambda a, b: a.scatter_reduce(0, index, b, "prod", include_self=include_self),
        [
            Tensor(np.array([0.5, 2.0]), requires_grad=True),
            Tensor(np.array([0.0, 3.0, 5.0, 0.0, 1.5]), requires_grad=True),
        ],
    )


def test_amax_ties_share_the_gradient_equally_between_self_and_src():
    x = Tensor(np.array([3.0, 0.0]), requires_grad=True)
    src = Tensor(np.array([1.0, 3.0, 3.0, 2.0]), requires_grad=True)
    out = x.scatter_reduce(0, np.array([0, 0, 0, 1]), src, "amax")
    out.backward(np.array([1.0, 10.0]))
    np.testing.assert_allclose(x.grad, [1 / 3, 0.0])
    np.testing.assert_allclose(src.grad, [0.0, 1 / 3, 1 / 3, 10.0])


def test_gather_gradient_accumulates_repeated_indices():
    x = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    x.gather(0, np.array([2, 2, 0, 2])).sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 0.0, 3.0])


def test_indexing_gradient_accumulates_repeated_indices():
    x = Tensor(np.zeros((3, 2)), requires_grad=True)
    x[[[0, 0, 2], [1, 1, 1]]].sum().backward()
    np.testing.assert_array_equal(x.grad, [[0, 2], [0, 0], [0, 1]])


def test_scatter_gradient_to_self_is_zero_where_written_even_for_an_infinite_upstream():
    x = Tensor(np.zeros(3), requires_grad=True)
    src = Tensor(np.ones(1), requires_grad=True)
    x.scatter(0, np.array([1]), src).backward(np.array([1.0, np.inf, 2.0]))
    np.testing.assert_array_equal(x.grad, [1.0, 0.0, 2.0])


def test_scatter_add_gradient_to_a_larger_src_is_zero_outside_the_index():
    src = Tensor(np.ones((2, 3)), requires_grad=True)
    Tensor(np.zeros((2, 3))).scatter_add(1, np.array([[0, 0]]), src).sum().backward()
    np.testing.assert_array_equal(src.grad, [[1, 1, 0], [0, 0, 0]])


def test_float32_stays_float32(rng):
    x = Tensor(rng.standard_normal((3, 4)).astype(np.float32), requires_grad=True)
    src = Tensor(rng.standard_normal((3, 3)).astype(np.float32), requires_grad=True)
    out = x.scatter_reduce(1, INDEX, src, "mean").gather(1, UNIQUE)
    out.sum().backward()
    assert out.dtype == x.grad.dtype == src.grad.dtype == np.float32


# ---------------------------------------------------------------- properties
@st.composite
def gather_problems(draw):
    """A shape, a dim and an index no larger than the shape apart from dim."""
    shape = draw(shapes(min_dims=1, max_dims=3))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    sizes = [draw(st.integers(1, n)) for n in shape]
    sizes[dim] = draw(st.integers(1, 5))
    return shape, dim, tuple(sizes)


@settings(max_examples=30)
@given(problem=gather_problems(), seed=seeds())
def test_gather_and_scatter_add_are_adjoint(problem, seed):
    shape, dim, index_shape = problem
    rng = np.random.default_rng(seed)
    index = rng.integers(0, shape[dim], index_shape)
    x, y = rng.standard_normal(shape), rng.standard_normal(index_shape)
    gathered = Gather.apply(Tensor(x), dim=dim % len(shape), index=index).data
    zeros = Tensor(np.zeros(shape))
    scattered = ScatterAdd.apply(zeros, Tensor(y), dim=dim % len(shape), index=index).data
    np.testing.assert_allclose(np.sum(gathered * y), np.sum(x * scattered), rtol=1e-10, atol=1e-10)


@settings(max_examples=25)
@given(
    problem=gather_problems(),
    seed=seeds(),
    reduce=st.sampled_from(["sum", "prod", "mean", "amax", "amin"]),
    include_self=st.booleans(),
)
def test_scatter_reduce_gradient_matches_finite_differences(problem, seed, reduce, include_self):
    shape, dim, index_shape = problem
    rng = np.random.default_rng(seed)
    index = rng.integers(0, shape[dim], index_shape)
    index_shape_in_self = list(index_shape)
    src_shape = tuple(n + rng.integers(0, 2) for n in index_shape)
    size = int(np.prod(shape)) + int(np.prod(src_shape))
    values = rng.permutation(size) / size + 0.5  # distinct, away from 0: no ties, no kinks
    x = Tensor(values[: int(np.prod(shape))].reshape(shape), requires_grad=True)
    src = Tensor(values[int(np.prod(shape)) :].reshape(src_shape), requires_grad=True)
    del index_shape_in_self
    assert gradcheck(
        lambda a, b: a.scatter_reduce(dim, index, b, reduce, include_self=include_self), [x, src]
    )


@settings(max_examples=25)
@given(problem=gather_problems(), seed=seeds())
def test_scatter_without_repeats_has_its_jvp_as_the_transpose_of_backward(problem, seed):
    shape, dim, index_shape = problem
    rng = np.random.default_rng(seed)
    axis = dim % len(shape)
    index_shape = tuple(min(n, m) for n, m in zip(index_shape, shape, strict=True))
    index = np.stack(
        [
            rng.permutation(shape[axis])[: index_shape[axis]]
            for _ in range(int(np.prod(index_shape)) // index_shape[axis])
        ]
    ).reshape(np.moveaxis(np.empty(index_shape), axis, -1).shape)
    index = np.moveaxis(index, -1, axis)  # distinct along dim: each position written once
    x, src = Tensor(rng.standard_normal(shape)), Tensor(rng.standard_normal(index_shape))
    tx, ts = Tensor(rng.standard_normal(shape)), Tensor(rng.standard_normal(index_shape))
    function = lambda a, b: Scatter.apply(a, b, dim=axis, index=index)  # noqa: E731
    out = function(x.requires_grad_(), src.requires_grad_())
    cotangent = Tensor(rng.standard_normal(out.shape))
    jvp = forward_tangent(function, [x, src], [tx, ts])
    gx, gs = grad(out, [x, src], grad_outputs=cotangent)
    reverse = np.sum(tx.data * gx.data) + np.sum(ts.data * gs.data)
    np.testing.assert_allclose(np.sum(jvp.data * cotangent.data), reverse, rtol=1e-9, atol=1e-9)


@settings(max_examples=30)
@given(shape=shapes(min_dims=1, max_dims=3), seed=seeds())
def test_index_select_equals_numpy_take(shape, seed):
    rng = np.random.default_rng(seed)
    dim = int(rng.integers(0, len(shape)))
    index = rng.integers(0, shape[dim], 4)
    x = rng.standard_normal(shape)
    np.testing.assert_array_equal(Tensor(x).index_select(dim, index).data, np.take(x, index, dim))


# ---------------------------------------------------------------- errors
ERRORS = {
    "gather out of range": (
        lambda: Tensor(np.zeros((2, 3))).gather(1, np.array([[3]])),
        IndexError,
        r"gather\(\): index 3 is out of bounds for dimension 1 with size 3",
    ),
    "gather negative": (
        lambda: Tensor(np.zeros((2, 3))).gather(1, np.array([[-1]])),
        IndexError,
        "index -1 is out of bounds",
    ),
    "gather float index": (
        lambda: Tensor(np.zeros(3)).gather(0, np.array([0.0])),
        TypeError,
        r"gather\(\): expected an int64 \(or int32\) index, got dtype float64",
    ),
    "gather ndim": (
        lambda: Tensor(np.zeros((2, 3))).gather(1, np.array([0])),
        ValueError,
        r"index shape \(1,\) for a tensor of shape \(2, 3\)",
    ),
    "gather too large": (
        lambda: Tensor(np.zeros((2, 3))).gather(1, np.zeros((3, 1), dtype=np.int64)),
        ValueError,
        r"index \(3, 1\) to be no larger than the tensor \(2, 3\)",
    ),
    "scatter src too small": (
        lambda: Tensor(np.zeros((2, 3))).scatter(
            1, np.zeros((2, 2), dtype=np.int64), Tensor(np.zeros((2, 1)))
        ),
        ValueError,
        r"no larger than src \(2, 1\)",
    ),
    "scatter dtype": (
        lambda: Tensor(np.zeros(3)).scatter_add(0, np.array([0]), Tensor(np.zeros(1, np.float32))),
        TypeError,
        r"scatter_add\(\): expected self.dtype to be equal to src.dtype",
    ),
    "scatter_reduce reduce": (
        lambda: Tensor(np.zeros(3)).scatter_reduce(0, np.array([0]), Tensor(np.zeros(1)), "max"),
        ValueError,
        "sum, prod, mean, amax or amin",
    ),
    "index_select 2-d": (
        lambda: Tensor(np.zeros(3)).index_select(0, np.zeros((1, 1), dtype=np.int64)),
        ValueError,
        r"index_select\(\): index is supposed to be a vector",
    ),
    "index_select range": (
        lambda: Tensor(np.zeros((2, 3))).index_select(1, np.array([3])),
        IndexError,
        r"index 3 is out of range for dimension 1 with size 3",
    ),
    "index_add source": (
        lambda: Tensor(np.zeros((2, 3))).index_add(1, np.array([0, 1]), Tensor(np.zeros((2, 3)))),
        ValueError,
        r"index_add\(\): source of shape \(2, 3\) does not fit: expected \(2, 2\)",
    ),
    "masked_fill mask dtype": (
        lambda: Tensor(np.zeros(3)).masked_fill(np.ones(3), 1.0),
        TypeError,
        r"masked_fill\(\): only boolean masks",
    ),
    "masked_fill value": (
        lambda: Tensor(np.zeros(3)).masked_fill(np.ones(3, bool), Tensor(np.zeros(2))),
        ValueError,
        "0-dimensional value tensor",
    ),
    "masked_scatter count": (
        lambda: Tensor(np.zeros(3)).masked_scatter(np.ones(3, bool), Tensor(np.zeros(2))),
        ValueError,
        r"number of elements of source \(2",
    ),
    "take range": (
        lambda: Tensor(np.zeros((2, 2))).take(np.array([4])),
        IndexError,
        r"take\(\): index 4 is out of range for a tensor of 4 elements",
    ),
    "take_along_dim ndim": (
        lambda: Tensor(np.zeros((2, 2))).take_along_dim(np.array([0]), 1),
        ValueError,
        "same number of dimensions",
    ),
    "outer 2-d": (
        lambda: Tensor(np.zeros((2, 2))).outer(Tensor(np.zeros(2))),
        ValueError,
        "outer: expected 1-D argument self, but got 2-D",
    ),
    "inner sizes": (
        lambda: Tensor(np.zeros((2, 3))).inner(Tensor(np.zeros((4, 2)))),
        ValueError,
        r"inner\(\): the last dimension must match",
    ),
    "tensordot sizes": (
        lambda: autograd.tensordot(Tensor(np.zeros((2, 3))), Tensor(np.zeros((4, 2))), dims=1),
        ValueError,
        "contracted dimensions need to match, but first has size 3",
    ),
    "cross length": (
        lambda: Tensor(np.zeros((2, 4))).cross(Tensor(np.zeros((2, 4))), dim=1),
        ValueError,
        "cross: inputs dimension 1 must have length 3",
    ),
    "one_hot dtype": (
        lambda: autograd.indexing.one_hot(Tensor([0.0, 1.0])),
        TypeError,
        "only applicable to index tensors of dtype int64",
    ),
    "one_hot range": (
        lambda: autograd.indexing.one_hot(Tensor(np.array([3])), 2),
        ValueError,
        r"smaller than num_classes \(2\)",
    ),
    "one_hot negative": (
        lambda: autograd.indexing.one_hot(Tensor(np.array([-1]))),
        ValueError,
        "non-negative",
    ),
    "bucketize 2-d": (
        lambda: autograd.bucketize(Tensor([1.0]), Tensor(np.zeros((2, 2)))),
        ValueError,
        "boundaries tensor must be 1 dimension",
    ),
    "where one of two": (
        lambda: autograd.where(Tensor([True]), Tensor([1.0])),
        TypeError,
        "give both input and other",
    ),
}


@pytest.mark.parametrize("name", ERRORS)
def test_errors_name_the_op_and_the_shapes(name):
    call, error, message = ERRORS[name]
    with pytest.raises(error, match=message):
        call()


def test_zero_dimensional_and_one_dimensional_stand_for_each_other_as_in_pytorch():
    assert Tensor(np.arange(3.0)).gather(0, np.array(1)).shape == ()
    np.testing.assert_array_equal(Tensor(3.0).gather(0, np.array([0, 0])).data, [3.0, 3.0])
    out = Tensor(np.zeros(3)).scatter_add(0, np.array(1), Tensor(np.array(2.0)))
    np.testing.assert_array_equal(out.data, [0.0, 2.0, 0.0])


def test_scatter_reduce_ops_are_recorded_with_their_rule():
    x = Tensor(np.ones(2), requires_grad=True)
    out = x.scatter_reduce(0, np.array([0]), Tensor(np.ones(1)), "prod")
    assert out.grad_fn.name == "scatter_reduce"
    assert out.grad_fn.rule.startswith("∂x")
    assert ScatterReduce.rule and Gather.rule and Scatter.rule and ScatterAdd.rule


# ---------------------------------------------------------------- list indices, read as by PyTorch
def test_a_list_of_lists_indexes_like_a_tuple_and_a_list_of_ints_like_an_array():
    x = Tensor(np.arange(12.0).reshape(3, 4))
    np.testing.assert_array_equal(x[[[0, 1], [1, 2]]].data, x.data[[0, 1], [1, 2]])
    np.testing.assert_array_equal(x[[0, slice(1, 3)]].data, x.data[0, 1:3])
    np.testing.assert_array_equal(x[[2, 0]].data, x.data[[2, 0]])
    np.testing.assert_array_equal(x[[np.int64(2), np.int64(0)]].data, x.data[[2, 0]])


def test_a_long_list_of_lists_is_an_array_index():
    x = Tensor(np.arange(3.0))
    picked = x[[[0]] * 32]  # 32 items or more: PyTorch reads the list as one array
    assert picked.shape == (32, 1)


def test_an_int32_index_is_accepted_as_by_pytorch():
    x = Tensor(np.arange(4.0))
    np.testing.assert_array_equal(x.gather(0, np.array([3, 1], dtype=np.int32)).data, [3.0, 1.0])
    np.testing.assert_array_equal(x.index_select(0, np.array([2], dtype=np.int32)).data, [2.0])


def test_an_int_beside_an_array_is_selected_first_as_pytorch_does():
    x = Tensor(np.arange(24.0).reshape(2, 3, 4), requires_grad=True)
    out = x[0, :, [0, 1]]  # NumPy's order would give (2, 3)
    np.testing.assert_array_equal(out.data, x.data[0][:, [0, 1]])
    out.sum().backward()
    assert out.shape == (3, 2) and x.grad.sum() == 6.0
