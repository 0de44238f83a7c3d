"""Shape ops and indexing: gradients only move (or, for repeated indices, accumulate)."""

import numpy as np
import pytest

from autograd import Tensor, concatenate, gradcheck, stack


def test_reshape_gradient(leaf):
    assert gradcheck(lambda a: a.reshape(4, 3) * np.arange(12.0).reshape(4, 3), [leaf(2, 6)])


def test_reshape_accepts_a_tuple_and_minus_one(leaf):
    x = leaf(2, 6)
    assert x.reshape((3, -1)).shape == (3, 4)
    assert x.reshape(-1).shape == (12,)


def test_view_is_reshape(leaf):
    assert leaf(2, 6).view(4, 3).shape == (4, 3)


@pytest.mark.parametrize("axes", [(), ((2, 0, 1),), (2, 0, 1), (-1, 0, 1)])
def test_transpose_gradient(leaf, axes):
    weights = np.arange(24.0)
    assert gradcheck(lambda a: a.transpose(*axes).reshape(-1) * weights, [leaf(2, 3, 4)])


def test_transpose_of_two_axes_swaps_them_for_3d(leaf):
    assert leaf(2, 3, 4).transpose(0, 2).shape == (4, 3, 2)


def test_permute_and_swapaxes(leaf):
    x = leaf(2, 3, 4)
    assert x.permute(1, 2, 0).shape == (3, 4, 2)
    assert x.swapaxes(0, -1).shape == (4, 3, 2)
    assert gradcheck(lambda a: a.swapaxes(0, 1).reshape(-1) * np.arange(24.0), [x])


def test_T_reverses_axes(leaf):
    x = leaf(2, 3)
    np.testing.assert_array_equal(x.T.data, x.data.T)
    assert gradcheck(lambda a: a.T * np.arange(6.0).reshape(3, 2), [x])


@pytest.mark.parametrize(
    "source, target",
    [((3, 1), (3, 4)), ((4,), (2, 3, 4)), ((1, 1), (2, 5)), ((2, 1, 3), (4, 2, 5, 3))],
)
def test_broadcast_to_gradient_sums_the_copies(leaf, source, target):
    weights = np.arange(float(np.prod(target))).reshape(target)
    assert gradcheck(lambda a: a.broadcast_to(target) * weights, [leaf(*source)])


def test_expand_with_minus_one_keeps_a_size(leaf):
    x = leaf(3, 1)
    assert x.expand(2, -1, 4).shape == (2, 3, 4)
    assert gradcheck(lambda a: a.expand(-1, 4) * np.arange(12.0).reshape(3, 4), [x])


def test_broadcast_to_exact_gradient():
    x = Tensor(np.array([[1.0], [2.0]]), requires_grad=True)
    x.broadcast_to((3, 2, 4)).sum().backward()
    np.testing.assert_array_equal(x.grad, [[12.0], [12.0]])


def test_squeeze_and_unsqueeze_gradients(leaf):
    x = leaf(3, 1, 4, 1)
    assert x.squeeze().shape == (3, 4)
    assert x.squeeze(1).shape == (3, 4, 1)
    assert x.squeeze((1, -1)).shape == (3, 4)
    assert gradcheck(
        lambda a: a.squeeze(-1).unsqueeze(0) * np.arange(12.0).reshape(1, 3, 1, 4), [x]
    )


@pytest.mark.parametrize(
    "axis, shape",
    [(0, (1, 3, 4)), (1, (3, 1, 4)), (2, (3, 4, 1)), (-1, (3, 4, 1)), (-3, (1, 3, 4))],
)
def test_unsqueeze_inserts_an_axis(leaf, axis, shape):
    assert leaf(3, 4).unsqueeze(axis).shape == shape


def test_flatten_gradient(leaf):
    x = leaf(2, 3, 4)
    assert x.flatten().shape == (24,)
    assert x.flatten(1).shape == (2, 12)
    assert x.flatten(0, 1).shape == (6, 4)
    assert gradcheck(lambda a: a.flatten(1) * np.arange(24.0).reshape(2, 12), [x])


@pytest.mark.parametrize(
    "index",
    [
        0,
        -1,
        slice(1, 3),
        slice(None, None, -1),
        slice(0, 4, 2),
        (slice(None), 1),
        (Ellipsis, 0),
        (None, 1),
        (1, slice(None), None),
        (slice(1, None), slice(None, 2)),
    ],
)
def test_basic_index_gradient(leaf, index):
    assert gradcheck(lambda a: a[index], [leaf(4, 3)])


def test_basic_slice_gradient_is_one_at_the_picked_entries():
    x = Tensor(np.zeros((2, 4)), requires_grad=True)
    x[:, 1:3].sum().backward()
    np.testing.assert_array_equal(x.grad, [[0, 1, 1, 0], [0, 1, 1, 0]])


def test_integer_array_index_gradient(leaf):
    assert gradcheck(lambda a: a[np.array([2, 0, 1])], [leaf(4, 3)])


def test_repeated_indices_accumulate():
    x = Tensor(np.zeros(4), requires_grad=True)
    x[[0, 2, 2, 2, 3, 0]].sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 0.0, 3.0, 1.0])


def test_repeated_indices_gradient(leaf):
    assert gradcheck(lambda a: a[[1, 1, 0, 1]] * np.arange(12.0).reshape(4, 3), [leaf(3, 3)])


def test_pair_of_index_arrays_gradient(leaf):
    rows, cols = np.array([0, 1, 1, 2]), np.array([2, 0, 0, 1])
    assert gradcheck(lambda a: a[rows, cols], [leaf(3, 3)])


def test_index_array_mixed_with_slice_gradient(leaf):
    assert gradcheck(lambda a: a[:, [0, 2, 0]], [leaf(2, 3)])


def test_index_tensor_and_negative_indices(leaf):
    x = leaf(5)
    np.testing.assert_array_equal(x[Tensor(np.array([-1, 0]))].data, x.data[[-1, 0]])
    assert gradcheck(lambda a: a[[-1, -1, 0]], [x])


def test_boolean_mask_gradient(leaf, rng):
    mask = rng.random((3, 4)) > 0.4
    assert gradcheck(lambda a: a[mask], [leaf(3, 4)])


def test_boolean_mask_from_a_comparison():
    x = Tensor(np.array([-1.0, 2.0, -3.0, 4.0]), requires_grad=True)
    x[x > 0].sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 1.0, 0.0, 1.0])


def test_boolean_mask_over_one_axis_gradient(leaf):
    assert gradcheck(lambda a: a[np.array([True, False, True])], [leaf(3, 2)])


def test_indexing_a_scalar_result_backpropagates():
    x = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]), requires_grad=True)
    x[1, 0].backward()
    np.testing.assert_array_equal(x.grad, [[0.0, 0.0], [1.0, 0.0]])


def test_iteration_yields_differentiable_rows(leaf):
    x = leaf(3, 2)
    total = sum(row.sum() for row in x)
    total.backward()
    np.testing.assert_array_equal(x.grad, np.ones((3, 2)))


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concatenate_gradient(leaf, axis):
    shapes = {0: [(1, 3), (2, 3), (3, 3)], 1: [(2, 1), (2, 4), (2, 2)], -1: [(2, 2), (2, 1)]}
    inputs = [leaf(*shape) for shape in shapes[axis]]
    assert gradcheck(lambda *parts: concatenate(parts, axis=axis), inputs)


def test_concatenate_with_a_constant_part(leaf):
    constant = Tensor(np.ones((1, 3)))
    assert gradcheck(lambda a: concatenate([constant, a, constant]), [leaf(2, 3)])


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_stack_gradient(leaf, axis):
    inputs = [leaf(2, 3) for _ in range(3)]
    assert gradcheck(lambda *parts: stack(parts, axis=axis), inputs)


def test_stack_shapes(leaf):
    parts = [leaf(2, 3) for _ in range(4)]
    assert stack(parts).shape == (4, 2, 3)
    assert stack(parts, axis=-1).shape == (2, 3, 4)
