"""Argument errors are caught by PyTorch's exception types as well as by Python's usual ones,
and an index may nest tuples where PyTorch reads them as sequences."""

import numpy as np
import pytest

import autograd
from autograd import Tensor
from autograd.errors import DimensionError, DtypeError, ShapeError


@pytest.mark.parametrize(
    "call",
    [
        lambda t: t.sum(5),
        lambda t: t.sum((1, 7)),
        lambda t: t.cumsum(dim=2),
        lambda t: t.squeeze(4),
        lambda t: t.mean(dim=-3),
    ],
)
def test_dimension_out_of_range_is_an_index_error_and_a_value_error(call):
    with pytest.raises(IndexError) as info:
        call(Tensor(np.ones((3, 4))))
    assert isinstance(info.value, ValueError) and isinstance(info.value, DimensionError)
    assert "out of range" in str(info.value)


@pytest.mark.parametrize(
    "call",
    [
        lambda t: t.permute((0, 0)),
        lambda t: t.reshape((-1, -1, 2)),
        lambda t: t.reshape(5, 5),
        lambda t: t.flip((1, -1)),
        lambda t: t.expand(2, 5),
        lambda t: t @ t,  # do not line up
        lambda t: t + t[:, :3],  # do not broadcast
        lambda t: t.clip(None, None),
        lambda t: t.div(t, rounding_mode="typo"),
        lambda t: autograd.einsum("ij,jk->", t, t),
        lambda t: t.roll((1, 2)),
    ],
)
def test_shape_errors_are_runtime_errors_and_value_errors(call):
    with pytest.raises(RuntimeError) as info:
        call(Tensor(np.ones((3, 4))))
    assert isinstance(info.value, ValueError) and isinstance(info.value, ShapeError)


def test_the_classes():
    assert issubclass(ShapeError, ValueError) and issubclass(ShapeError, RuntimeError)
    assert issubclass(DimensionError, ValueError) and issubclass(DimensionError, IndexError)
    assert issubclass(DtypeError, TypeError) and issubclass(DtypeError, RuntimeError)


@pytest.mark.parametrize(
    "index",
    [
        ((0,),),
        (((0,),),),
        ((0,), [1], [2], [3], slice(None)),
        ((1, 0, -1), [1], [2], [3], slice(None)),
        (1, (2, 1, 0), None, [0], (2, 1, 0), [1]),
        ([0, 1], ((1,), (0,)), [0], (2, 1)),
    ],
)
def test_nested_tuples_index_as_sequences(index):
    torch = pytest.importorskip("torch")
    data = np.random.default_rng(0).standard_normal((2, 5, 6, 5, 3, 4))
    x = Tensor(data, requires_grad=True)
    picked = x[index]
    np.testing.assert_array_equal(picked.numpy(), torch.tensor(data)[index].numpy())
    picked.sum().backward()
    assert x.grad.shape == data.shape and x.grad.sum() == picked.numpy().size
