"""Indexing, scatter/gather and products against PyTorch: the same code, the same values and the
same gradients (ties of amax/amin, zeros of prod, repeated indices, nested-list indices)."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
from autograd import Tensor  # noqa: E402
from autograd.indexing import linalg_cross  # noqa: E402
from nn.functional import one_hot  # noqa: E402
from tests.strategies import seeds, shapes  # noqa: E402

INDEX = np.array([[0, 1, 1], [2, 0, 3], [1, 1, 1]])
UNIQUE = np.array([[0, 1], [2, 3], [1, 0]])
MASK = np.array(
    [[True, False, True, False], [False, False, True, True], [True, True, False, False]]
)


def rows(seed, *shapes, rounded=False, zeros=()):
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(shape) for shape in shapes]
    if rounded:  # ties for amax/amin
        arrays = [np.round(a) for a in arrays]
    for which, position in zeros:
        arrays[which][position] = 0.0
    return arrays


def t(index):
    return torch.tensor(index)


CASES = {
    "gather": (
        lambda x: x.gather(1, INDEX[:, :2]),
        lambda x: x.gather(1, t(INDEX[:, :2])),
        [(3, 4)],
    ),
    "scatter_add": (
        lambda x, s: x.scatter_add(1, INDEX, s),
        lambda x, s: x.scatter_add(1, t(INDEX), s),
        [(3, 4), (3, 3)],
    ),
    "scatter": (
        lambda x, s: x.scatter(1, UNIQUE, s),
        lambda x, s: x.scatter(1, t(UNIQUE), s),
        [(3, 4), (3, 2)],
    ),
    "scatter_value": (
        lambda x: x.scatter(1, UNIQUE, 2.5),
        lambda x: x.scatter(1, t(UNIQUE), 2.5),
        [(3, 4)],
    ),
    "index_select": (
        lambda x: x.index_select(1, np.array([2, 0, 2])),
        lambda x: x.index_select(1, t([2, 0, 2])),
        [(3, 4)],
    ),
    "index_add": (
        lambda x, s: x.index_add(1, np.array([2, 0, 2]), s, alpha=2),
        lambda x, s: x.index_add(1, t([2, 0, 2]), s, alpha=2),
        [(3, 4), (3, 3)],
    ),
    "index_copy": (
        lambda x, s: x.index_copy(1, np.array([2, 0, 1]), s),
        lambda x, s: x.index_copy(1, t([2, 0, 1]), s),
        [(3, 4), (3, 3)],
    ),
    "index_fill": (
        lambda x: x.index_fill(1, np.array([2, 2]), -1.0),
        lambda x: x.index_fill(1, t([2, 2]), -1.0),
        [(3, 4)],
    ),
    "index_fill_tensor": (
        lambda x, v: x.index_fill(0, np.array([1]), v),
        lambda x, v: x.index_fill(0, t([1]), v),
        [(3, 4), ()],
    ),
    "masked_fill": (
        lambda x: x.masked_fill(MASK, 0.5),
        lambda x: x.masked_fill(t(MASK), 0.5),
        [(3, 4)],
    ),
    "masked_fill_tensor": (
        lambda x, v: x.masked_fill(MASK, v),
        lambda x, v: x.masked_fill(t(MASK), v),
        [(3, 4), ()],
    ),
    "masked_select": (
        lambda x: x.masked_select(MASK[0]),
        lambda x: x.masked_select(t(MASK[0])),
        [(3, 4)],
    ),
    "masked_scatter": (
        lambda x, s: x.masked_scatter(MASK, s),
        lambda x, s: x.masked_scatter(t(MASK), s),
        [(3, 4), (4, 4)],
    ),
    "take": (
        lambda x: x.take(np.array([[0, -1], [5, 5]])),
        lambda x: x.take(t([[0, -1], [5, 5]])),
        [(3, 4)],
    ),
    "take_along_dim": (
        lambda x: x.take_along_dim(np.array([[0, 1]]), 1),
        lambda x: x.take_along_dim(t([[0, 1]]), 1),
        [(3, 4)],
    ),
    "take_along_dim_flat": (
        lambda x: x.take_along_dim(np.array([0, 11, 3])),
        lambda x: x.take_along_dim(t([0, 11, 3])),
        [(3, 4)],
    ),
    "einsum": (
        lambda a, b: autograd.einsum("ij,jk->ik", a, b),
        lambda a, b: torch.einsum("ij,jk->ik", a, b),
        [(3, 4), (4, 5)],
    ),
    "einsum_trace": (lambda a: autograd.einsum("ii", a), lambda a: torch.einsum("ii", a), [(3, 3)]),
    "einsum_diagonal": (
        lambda a: autograd.einsum("iij->ji", a),
        lambda a: torch.einsum("iij->ji", a),
        [(3, 3, 2)],
    ),
    "einsum_ellipsis": (
        lambda a, b: autograd.einsum("...ij,...jk", a, b),
        lambda a, b: torch.einsum("...ij,...jk", a, b),
        [(2, 1, 3, 4), (5, 4, 2)],
    ),
    "einsum_implicit": (
        lambda a: autograd.einsum("ba", a),
        lambda a: torch.einsum("ba", a),
        [(2, 3)],
    ),
    "einsum_broadcast": (
        lambda a, b: autograd.einsum("ij,ij->ij", a, b),
        lambda a, b: torch.einsum("ij,ij->ij", a, b),
        [(2, 1), (1, 3)],
    ),
    "einsum_list": (
        lambda a, b, c: autograd.einsum("ij,jk,kl->il", [a, b, c]),
        lambda a, b, c: torch.einsum("ij,jk,kl->il", [a, b, c]),
        [(3, 4), (4, 5), (5, 2)],
    ),
    "outer": (lambda a, b: a.outer(b), lambda a, b: a.outer(b), [(5,), (3,)]),
    "ger": (lambda a, b: autograd.ger(a, b), lambda a, b: torch.ger(a, b), [(5,), (3,)]),
    "inner": (lambda a, b: a.inner(b), lambda a, b: a.inner(b), [(3, 4), (2, 5, 4)]),
    "inner_scalar": (
        lambda a, b: autograd.inner(a, b),
        lambda a, b: torch.inner(a, b),
        [(), (2, 3)],
    ),
    "tensordot_lists": (
        lambda a, b: autograd.tensordot(a, b, dims=([1, 0], [0, 2])),
        lambda a, b: torch.tensordot(a, b, dims=([1, 0], [0, 2])),
        [(3, 4), (4, 2, 3)],
    ),
    "tensordot_int": (
        lambda a, b: autograd.tensordot(a, b, dims=2),
        lambda a, b: torch.tensordot(a, b, dims=2),
        [(2, 3, 4), (3, 4, 2)],
    ),
    "tensordot_zero": (
        lambda a, b: autograd.tensordot(a, b, dims=0),
        lambda a, b: torch.tensordot(a, b, dims=0),
        [(3, 4), (5,)],
    ),
    "cross_default_dim": (
        lambda a, b: a.cross(b),
        lambda a, b: torch.cross(a, b),
        [(4, 3, 3), (1, 3, 3)],
    ),
    "cross_dim": (
        lambda a, b: autograd.cross(a, b, dim=-1),
        lambda a, b: torch.cross(a, b, dim=-1),
        [(3, 3), (3, 3)],
    ),
    "linalg_cross": (
        lambda a, b: linalg_cross(a, b),
        lambda a, b: torch.linalg.cross(a, b),
        [(3, 3), (1, 3)],
    ),
    "kron": (lambda a, b: a.kron(b), lambda a, b: torch.kron(a, b), [(3, 4), (2, 1, 3)]),
    "getitem_list": (lambda x: x[[0, 2, 0]], lambda x: x[[0, 2, 0]], [(3, 4)]),
    "getitem_nested_list": (lambda x: x[[[0, 1], [1, 2]]], lambda x: x[[[0, 1], [1, 2]]], [(3, 4)]),
    "getitem_list_with_slice": (
        lambda x: x[[0, slice(1, 3)]],
        lambda x: x[[0, slice(1, 3)]],
        [(3, 4)],
    ),
    "getitem_nested_array": (
        lambda x: x[np.array([[0, 1], [1, 1]])],
        lambda x: x[t([[0, 1], [1, 1]])],
        [(3, 4)],
    ),
    "getitem_int_tensor": (
        lambda x: x[Tensor(np.array([2, 2, 0]))],
        lambda x: x[t([2, 2, 0])],
        [(3, 4)],
    ),
    "getitem_bool_tensor": (lambda x: x[Tensor(MASK)], lambda x: x[t(MASK)], [(3, 4)]),
    "getitem_none_ellipsis": (lambda x: x[None, ..., 1:], lambda x: x[None, ..., 1:], [(3, 4, 5)]),
    "getitem_tensor_slice_mask": (
        lambda x: x[
            Tensor(np.array([0, 2, 0])), :, Tensor(np.array([True, False, True, True, False]))
        ],
        lambda x: x[t([0, 2, 0]), :, t([True, False, True, True, False])],
        [(3, 4, 5)],
    ),
    "getitem_int_beside_a_list": (
        lambda x: x[0, :, [0, 1, 1]],
        lambda x: x[0, :, [0, 1, 1]],
        [(2, 3, 4)],
    ),
    "getitem_scalar_tensor_beside_a_mask": (
        lambda x: x[Tensor(np.array(1)), :, Tensor(np.array([True, False, True, True]))],
        lambda x: x[t(1), :, t([True, False, True, True])],
        [(2, 3, 4)],
    ),
    "getitem_separated_arrays": (
        lambda x: x[[0, 1], :, [2, 3]],
        lambda x: x[[0, 1], :, [2, 3]],
        [(3, 4, 5)],
    ),
}

for reduce in ("sum", "prod", "mean", "amax", "amin"):
    for include_self in (True, False):
        CASES[f"scatter_reduce_{reduce}_{include_self}"] = (
            lambda x, s, r=reduce, i=include_self: x.scatter_reduce(1, INDEX, s, r, include_self=i),
            lambda x, s, r=reduce, i=include_self: x.scatter_reduce(
                1, t(INDEX), s, r, include_self=i
            ),
            [(3, 4), (3, 3)],
        )


def compare(ours_fn, torch_fn, arrays):
    ours = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a.copy(), requires_grad=True) for a in arrays]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's deprecation of list indices and cross's dim
        out, expected = ours_fn(*ours), torch_fn(*theirs)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12, atol=1e-12)
    cotangent = np.random.default_rng(1).standard_normal(out.shape)
    out.backward(cotangent)
    expected.backward(torch.tensor(cotangent))
    for mine, reference in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(mine.grad, reference.grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", CASES)
def test_values_and_gradients_match_pytorch(name):
    ours, theirs, shapes = CASES[name]
    compare(ours, theirs, rows(0, *shapes))


@pytest.mark.parametrize("reduce", ["amax", "amin"])
def test_amax_amin_ties_share_the_gradient_as_pytorch(reduce):
    ours, theirs, shapes = CASES[f"scatter_reduce_{reduce}_True"]
    compare(ours, theirs, rows(3, *shapes, rounded=True))


@pytest.mark.parametrize("reduce", ["amax", "amin"])
def test_without_self_ties_among_src_share_the_gradient_as_pytorch(reduce):
    ours, theirs, shapes = CASES[f"scatter_reduce_{reduce}_False"]
    x, src = rows(3, *shapes, rounded=True)
    compare(ours, theirs, [x + 0.5, src])  # x never equals a result: it takes no part


def test_without_self_an_equal_self_value_does_not_take_a_share_unlike_pytorch():
    # PyTorch counts self among the ties even with include_self=False (and then zeroes its
    # share), so its src gradients sum to less than the upstream one; ours sum to it
    x = Tensor(np.array([3.0]), requires_grad=True)
    src = Tensor(np.array([3.0, 3.0]), requires_grad=True)
    x.scatter_reduce(0, np.array([0, 0]), src, "amax", include_self=False).backward(np.ones(1))
    np.testing.assert_array_equal(src.grad, [0.5, 0.5])
    theirs = torch.tensor([3.0, 3.0], requires_grad=True)
    torch.tensor([3.0]).scatter_reduce(
        0, t([0, 0]), theirs, "amax", include_self=False
    ).sum().backward()
    np.testing.assert_allclose(theirs.grad.numpy(), [1 / 3, 1 / 3])


@pytest.mark.parametrize("include_self", [True, False])
def test_prod_gradients_with_zeros_match_pytorch(include_self):
    ours, theirs, shapes = CASES[f"scatter_reduce_prod_{include_self}"]
    zeros = [(0, (0, 0)), (1, (0, 1)), (1, (2, 0)), (1, (2, 1)), (0, (1, 2)), (1, (1, 0))]
    compare(ours, theirs, rows(4, *shapes, zeros=zeros))


def test_scatter_add_gradient_of_repeated_indices_matches_pytorch():
    index = np.array([0, 0, 0, 2])
    compare(
        lambda x, s: x.scatter_add(0, index, s),
        lambda x, s: x.scatter_add(0, t(index), s),
        rows(5, (3,), (4,)),
    )


def test_scatter_gradient_with_repeated_indices_is_pytorch_gather():
    index = np.array([1, 1])  # the value is the last write; the gradient is torch's gather
    compare(
        lambda x, s: x.scatter(0, index, s),
        lambda x, s: x.scatter(0, t(index), s),
        [np.zeros(3), np.array([1.0, 1.0])],  # equal values: the last write agrees with torch
    )


def test_nonzero_argwhere_where_and_one_hot_match_pytorch():
    data = np.array([[0.0, 1.0, 0.0], [2.0, 0.0, 3.0]])
    np.testing.assert_array_equal(Tensor(data).nonzero().data, torch.tensor(data).nonzero().numpy())
    np.testing.assert_array_equal(
        Tensor(data).argwhere().data, torch.tensor(data).argwhere().numpy()
    )
    for mine, theirs in zip(
        autograd.where(Tensor(data)), torch.where(torch.tensor(data)), strict=True
    ):
        np.testing.assert_array_equal(mine.data, theirs.numpy())
    assert Tensor(2.0).nonzero().shape == tuple(torch.tensor(2.0).nonzero().shape)
    labels = np.array([[0, 3], [1, 1]])
    np.testing.assert_array_equal(
        one_hot(Tensor(labels), 5).data, torch.nn.functional.one_hot(t(labels), 5).numpy()
    )
    np.testing.assert_array_equal(
        one_hot(Tensor(labels)).data, torch.nn.functional.one_hot(t(labels)).numpy()
    )


def test_searchsorted_and_bucketize_match_pytorch():
    boundaries = np.array([1.0, 3.0, 3.0, 5.0, 7.0])
    values = np.array([[3.0, 6.0, 0.0], [7.0, 8.0, 1.0]])
    for right in (False, True):
        np.testing.assert_array_equal(
            autograd.searchsorted(Tensor(boundaries), Tensor(values), right=right).data,
            torch.searchsorted(t(boundaries), t(values), right=right).numpy(),
        )
        np.testing.assert_array_equal(
            autograd.bucketize(Tensor(values), Tensor(boundaries), right=right).data,
            torch.bucketize(t(values), t(boundaries), right=right).numpy(),
        )
    batched = np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]])
    np.testing.assert_array_equal(
        autograd.searchsorted(Tensor(batched), Tensor(values), side="right").data,
        torch.searchsorted(t(batched), t(values), side="right").numpy(),
    )


def test_integer_scatter_reduce_mean_rounds_like_pytorch():
    x, src, index = np.array([2, 3]), np.array([1, 2, 2]), np.array([0, 0, 1])
    np.testing.assert_array_equal(
        Tensor(x).scatter_reduce(0, index, Tensor(src), "mean").data,
        t(x).scatter_reduce(0, t(index), t(src), "mean").numpy(),
    )


ERRORS = [
    ("gather out of range", lambda m: m.gather(1, INDEX + 2)),
    ("gather negative", lambda m: m.gather(1, INDEX - 1)),
    ("gather float index", lambda m: m.gather(1, INDEX.astype(np.float64))),
    ("gather wrong ndim", lambda m: m.gather(1, INDEX[0])),
    ("index_select matrix index", lambda m: m.index_select(1, INDEX)),
    ("index_select negative", lambda m: m.index_select(1, np.array([-1]))),
    ("take out of range", lambda m: m.take(np.array([12]))),
    ("masked_fill float mask", lambda m: m.masked_fill(MASK.astype(np.float64), 1.0)),
]


@pytest.mark.parametrize(("name", "call"), ERRORS, ids=[name for name, _ in ERRORS])
def test_what_pytorch_rejects_we_reject(name, call):
    data = np.zeros((3, 4))

    def convert(value):
        return t(value) if isinstance(value, np.ndarray) else value

    class TorchSide:  # the same call on a torch tensor, with torch index tensors
        def __getattr__(self, attribute):
            method = getattr(torch.tensor(data), attribute)
            return lambda *args: method(*[convert(a) for a in args])

    with pytest.raises((RuntimeError, IndexError, ValueError, TypeError)):
        call(TorchSide())
    with pytest.raises((IndexError, ValueError, TypeError)):
        call(Tensor(data))


# ---------------------------------------------------------------- random indices, against PyTorch
@st.composite
def indices(draw):
    """A shape and an index for it mixing ints, slices, int lists, None, ``...`` and a mask."""
    shape = draw(shapes(min_dims=1, max_dims=3))
    parts, axis, used_ellipsis = [], 0, False
    while axis < len(shape):
        kind = draw(st.sampled_from(["int", "scalar", "slice", "list", "none", "ellipsis", "mask"]))
        size = shape[axis]
        if kind == "int":
            parts.append(draw(st.integers(-size, size - 1)))
        elif kind == "scalar":  # a 0-d integer tensor: an int to PyTorch
            parts.append(np.array(draw(st.integers(-size, size - 1))))
        elif kind == "slice":
            start = draw(st.one_of(st.none(), st.integers(-size, size)))
            stop = draw(st.one_of(st.none(), st.integers(-size, size)))
            step = draw(st.sampled_from([None, 1, 2]))  # PyTorch has no negative steps
            parts.append(slice(start, stop, step))
        elif kind == "list":
            parts.append(draw(st.lists(st.integers(-size, size - 1), min_size=1, max_size=3)))
        elif kind == "none":
            parts.append(None)
            continue
        elif kind == "ellipsis" and not used_ellipsis:
            used_ellipsis = True
            parts.append(Ellipsis)
            axis = len(shape) - draw(st.integers(0, len(shape) - axis))
            continue
        else:
            parts.append(np.array(draw(st.lists(st.booleans(), min_size=size, max_size=size))))
        axis += 1
        if draw(st.booleans()):
            break
    return shape, tuple(parts)


def as_torch(part):
    if isinstance(part, np.ndarray):
        return torch.tensor(part)
    if isinstance(part, list):
        return torch.tensor(part)
    return part


@settings(max_examples=50)
@given(problem=indices(), seed=seeds())
def test_random_indices_give_pytorchs_values_and_gradients(problem, seed):
    shape, index = problem
    data = np.random.default_rng(seed).standard_normal(shape)
    theirs = torch.tensor(data, requires_grad=True)
    try:
        expected = theirs[tuple(as_torch(part) for part in index)]
    except (IndexError, RuntimeError, ValueError):
        with pytest.raises((IndexError, ValueError)):
            Tensor(data)[index]
        return
    ours = Tensor(data, requires_grad=True)
    out = ours[index]
    np.testing.assert_array_equal(out.data, expected.detach().numpy())
    cotangent = np.random.default_rng(seed + 1).standard_normal(out.shape)
    out.backward(cotangent)
    expected.backward(torch.tensor(cotangent))
    np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-12, atol=1e-12)
