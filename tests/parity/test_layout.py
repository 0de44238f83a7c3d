"""Shape and layout ops against PyTorch itself: the same call on both gives the same values, the
same gradients, the same number and shapes of pieces, and an error where PyTorch raises one."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
from autograd import Tensor  # noqa: E402


def flat(result):
    """One flat float64 array of a result that may be a tuple of pieces."""
    if isinstance(result, (tuple, list)):
        return [flat(piece) for piece in result]
    if isinstance(result, Tensor):
        return result.data
    return result.detach().numpy()


def as_tuple(result):
    return tuple(result) if isinstance(result, (tuple, list)) else (result,)


# each call runs as written on a graphgrad Tensor (with `lib` = autograd) and on a torch Tensor
# (with `lib` = torch): the method and the function of the same name
CALLS = {
    "flip": (lambda x, lib: x.flip(0, -1), (2, 3, 4)),
    "flip-function": (lambda x, lib: lib.flip(x, (1,)), (2, 3)),
    "fliplr": (lambda x, lib: lib.fliplr(x), (2, 3, 2)),
    "flipud": (lambda x, lib: x.flipud(), (3,)),
    "roll": (lambda x, lib: x.roll((2, -1), (-1, 0)), (3, 4)),
    "roll-flat": (lambda x, lib: lib.roll(x, -7), (3, 4)),
    "roll-same-dim-twice": (lambda x, lib: x.roll((1, 3), (1, 1)), (2, 5)),
    "repeat": (lambda x, lib: x.repeat(2, 3, 1), (3, 2)),
    "repeat-scalar": (lambda x, lib: x.repeat(2, 2), ()),
    "tile": (lambda x, lib: lib.tile(x, (2,)), (2, 3)),
    "tile-longer": (lambda x, lib: x.tile(2, 1, 2), (2, 3)),
    "repeat_interleave": (lambda x, lib: x.repeat_interleave(2, dim=-2), (2, 3)),
    "repeat_interleave-flat": (lambda x, lib: lib.repeat_interleave(x, 2), (2, 2)),
    "repeat_interleave-scalar": (lambda x, lib: x.repeat_interleave(3), ()),
    "tril": (lambda x, lib: x.tril(), (3, 4)),
    "tril-batch": (lambda x, lib: lib.tril(x, -1), (2, 4, 3)),
    "triu": (lambda x, lib: x.triu(2), (3, 5)),
    "triu-far": (lambda x, lib: lib.triu(x, -9), (3, 5)),
    "diagonal": (lambda x, lib: x.diagonal(), (3, 4)),
    "diagonal-dims": (lambda x, lib: lib.diagonal(x, -1, 2, 0), (4, 2, 3)),
    "diagonal-reversed-dims": (lambda x, lib: x.diagonal(1, -1, -3), (3, 2, 4)),
    "diagonal-empty": (lambda x, lib: x.diagonal(7), (3, 4)),
    "diag-vector": (lambda x, lib: lib.diag(x, 1), (3,)),
    "diag-vector-below": (lambda x, lib: x.diag(-2), (2,)),
    "diag-matrix": (lambda x, lib: lib.diag(x, -1), (4, 3)),
    "diag_embed": (lambda x, lib: x.diag_embed(), (2, 3)),
    "diag_embed-dims": (lambda x, lib: lib.diag_embed(x, -1, 0, 2), (2, 3)),
    "diag_embed-swapped": (lambda x, lib: x.diag_embed(2, -1, 0), (3,)),
    "trace": (lambda x, lib: lib.trace(x), (3, 4)),
    "unflatten": (lambda x, lib: x.unflatten(-1, (2, -1)), (3, 6)),
    "unflatten-function": (lambda x, lib: lib.unflatten(x, 0, (1, 3, 1)), (3, 2)),
    "unfold": (lambda x, lib: x.unfold(1, 3, 2), (2, 7, 2)),
    "unfold-last": (lambda x, lib: x.unfold(-1, 2, 1), (3, 4)),
    "unfold-big-step": (lambda x, lib: x.unfold(0, 2, 4), (9,)),
    "unfold-empty-window": (lambda x, lib: x.unfold(0, 0, 1), (3,)),
    "unfold-scalar": (lambda x, lib: x.unfold(0, 1, 1), ()),
    "split-size": (lambda x, lib: x.split(2, -1), (2, 5)),
    "split-sizes": (lambda x, lib: lib.split(x, [3, 0, 2]), (5, 2)),
    "split-bigger-than-axis": (lambda x, lib: x.split(9), (3,)),
    "chunk": (lambda x, lib: x.chunk(4, 1), (2, 6)),
    "chunk-more-than-entries": (lambda x, lib: lib.chunk(x, 5), (3,)),
    "tensor_split-sections": (lambda x, lib: x.tensor_split(4, 1), (2, 7)),
    "tensor_split-indices": (lambda x, lib: lib.tensor_split(x, [1, 7, 3]), (5,)),
    "tensor_split-negative": (lambda x, lib: x.tensor_split([-2]), (5,)),
    "tensor_split-none": (lambda x, lib: x.tensor_split([]), (5,)),
    "hsplit": (lambda x, lib: x.hsplit(2), (3, 4)),
    "hsplit-vector": (lambda x, lib: lib.hsplit(x, [1, 3]), (5,)),
    "vsplit": (lambda x, lib: lib.vsplit(x, 2), (4, 3)),
    "dsplit": (lambda x, lib: x.dsplit([1]), (2, 3, 4)),
    "unbind": (lambda x, lib: x.unbind(-1), (2, 3)),
    "unbind-function": (lambda x, lib: lib.unbind(x), (3, 2)),
    "narrow": (lambda x, lib: x.narrow(0, 1, 2), (4, 2)),
    "narrow-negative": (lambda x, lib: lib.narrow(x, -1, -3, 2), (2, 4)),
    "narrow-empty": (lambda x, lib: x.narrow(0, 4, 0), (4,)),
    "movedim": (lambda x, lib: x.movedim(0, -1), (2, 3, 4)),
    "movedim-several": (lambda x, lib: lib.movedim(x, (2, 0), (0, 1)), (2, 3, 4)),
    "moveaxis": (lambda x, lib: lib.moveaxis(x, -1, 1), (2, 3, 4)),
    "swapaxes": (lambda x, lib: lib.swapaxes(x, 0, -1), (2, 3, 4)),
    "swapdims": (lambda x, lib: x.swapdims(1, 0), (2, 3)),
    "transpose": (lambda x, lib: lib.transpose(x, -1, 0), (2, 3, 4)),
    "permute": (lambda x, lib: lib.permute(x, (1, 2, 0)), (2, 3, 4)),
    "t": (lambda x, lib: lib.t(x), (2, 3)),
    "t-vector": (lambda x, lib: x.t(), (3,)),
    "flatten": (lambda x, lib: lib.flatten(x, 1), (2, 3, 4)),
    "flatten-scalar": (lambda x, lib: x.flatten(), ()),
    "flatten-one-dim": (lambda x, lib: x.flatten(1, 1), (2, 3, 4)),
    "ravel": (lambda x, lib: lib.ravel(x), (2, 3)),
    "reshape": (lambda x, lib: lib.reshape(x, (3, -1)), (2, 6)),
    "view": (lambda x, lib: x.view(-1, 4), (2, 6)),
    "view-tuple": (lambda x, lib: x.view((4, 3)), (2, 6)),
    "squeeze-all": (lambda x, lib: x.squeeze(), (1, 3, 1)),
    "squeeze-size-two-dim": (lambda x, lib: x.squeeze(1), (1, 3, 1)),
    "squeeze-dims": (lambda x, lib: lib.squeeze(x, (0, 1, -1)), (1, 3, 1)),
    "squeeze-scalar": (lambda x, lib: x.squeeze(0), ()),
    "unsqueeze": (lambda x, lib: lib.unsqueeze(x, -1), (2, 3)),
    "unsqueeze-scalar": (lambda x, lib: x.unsqueeze(0), ()),
    "expand": (lambda x, lib: x.expand(2, -1, 4), (3, 1)),
    "expand-tuple": (lambda x, lib: x.expand((2, 3)), (3,)),
    "broadcast_to": (lambda x, lib: lib.broadcast_to(x, (2, 3, 4)), (3, 1)),
    "broadcast_to-minus-one": (lambda x, lib: lib.broadcast_to(x, (2, -1)), (3,)),
    "broadcast_tensors": (lambda x, lib: lib.broadcast_tensors(x, x[:1, :1, None]), (3, 1)),
    "hstack": (lambda x, lib: lib.hstack([x, x[:, :1]]), (2, 3)),
    "hstack-vectors": (lambda x, lib: lib.hstack([x, x[1:]]), (3,)),
    "vstack": (lambda x, lib: lib.vstack([x, x]), (3,)),
    "dstack": (lambda x, lib: lib.dstack([x, x[:, :, :1]]), (2, 3, 2)),
    "dstack-matrices": (lambda x, lib: lib.dstack([x, x]), (2, 3)),
    "dstack-vectors": (lambda x, lib: lib.dstack([x, x]), (3,)),
    "column_stack": (lambda x, lib: lib.column_stack([x[0], x]), (2, 2)),
    "column_stack-scalars": (lambda x, lib: lib.column_stack([x, x]), ()),
    "atleast_1d": (lambda x, lib: lib.atleast_1d(x), ()),
    "atleast_2d": (lambda x, lib: lib.atleast_2d((x, x[0])), (3, 2)),
    "atleast_3d": (lambda x, lib: lib.atleast_3d(x, x[0], x[0, 0]), (3, 2)),
}


def run_both(call, shape, seed=0):
    data = np.random.default_rng(seed).standard_normal(shape)
    ours = Tensor(data, requires_grad=True)
    theirs = torch.tensor(data, requires_grad=True)
    return ours, theirs, call(ours, autograd), call(theirs, torch)


@pytest.mark.parametrize("call, shape", CALLS.values(), ids=CALLS.keys())
def test_values_and_shapes_match_pytorch(call, shape):
    _, _, ours, theirs = run_both(call, shape)
    ours, theirs = as_tuple(ours), as_tuple(theirs)
    assert [piece.shape for piece in ours] == [tuple(piece.shape) for piece in theirs]
    for mine, expected in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(mine.data, expected.detach().numpy())


@pytest.mark.parametrize("call, shape", CALLS.values(), ids=CALLS.keys())
def test_gradients_match_pytorch(call, shape):
    x, y, ours, theirs = run_both(call, shape)
    rng = np.random.default_rng(1)
    weights = [rng.standard_normal(tuple(piece.shape)) for piece in as_tuple(theirs)]
    sum(
        (piece * Tensor(weight)).sum()
        for piece, weight in zip(as_tuple(ours), weights, strict=True)
    ).backward()
    sum(
        (piece * torch.tensor(weight)).sum()
        for piece, weight in zip(as_tuple(theirs), weights, strict=True)
    ).backward()
    np.testing.assert_allclose(x.grad, y.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_repeat_interleave_with_a_tensor_of_counts_matches_pytorch():
    counts = [2, 0, 3]
    x, y, ours, theirs = run_both(
        lambda x, lib: x.repeat_interleave(lib.tensor(counts), dim=1), (2, 3)
    )
    np.testing.assert_array_equal(ours.data, theirs.detach().numpy())
    ours.sum().backward()
    theirs.sum().backward()
    np.testing.assert_array_equal(x.grad, y.grad.numpy())


def test_one_argument_repeat_interleave_matches_pytorch():
    ours = autograd.repeat_interleave(autograd.tensor([2, 0, 1]))
    np.testing.assert_array_equal(ours.data, torch.repeat_interleave(torch.tensor([2, 0, 1])))


def test_tensor_split_with_a_tensor_of_indices_matches_pytorch():
    data = np.arange(6.0)
    ours = Tensor(data).tensor_split(Tensor(np.array([2, 5])))
    theirs = torch.tensor(data).tensor_split(torch.tensor([2, 5]))
    assert [piece.shape for piece in ours] == [tuple(piece.shape) for piece in theirs]


def test_chunk_of_an_empty_dimension_gives_as_many_empty_pieces():
    ours, theirs = Tensor(np.zeros((0, 3))).chunk(3), torch.zeros(0, 3).chunk(3)
    assert [piece.shape for piece in ours] == [tuple(piece.shape) for piece in theirs]


def test_split_of_an_empty_dimension_gives_one_empty_piece():
    ours, theirs = Tensor(np.zeros((0, 3))).split(2), torch.zeros(0, 3).split(2)
    assert [piece.shape for piece in ours] == [tuple(piece.shape) for piece in theirs]


# calls that PyTorch refuses: graphgrad refuses them too
REFUSED = {
    "split-sizes-not-summing": (lambda x, lib: x.split([1, 1], 1), (2, 3)),
    "split-size-zero": (lambda x, lib: x.split(0), (2, 3)),
    "chunk-zero": (lambda x, lib: x.chunk(0), (2, 3)),
    "chunk-scalar": (lambda x, lib: x.chunk(1), ()),
    "tensor_split-zero": (lambda x, lib: x.tensor_split(0), (3,)),
    "hsplit-not-divisible": (lambda x, lib: x.hsplit(2), (2, 3)),
    "hsplit-scalar": (lambda x, lib: x.hsplit(1), ()),
    "vsplit-vector": (lambda x, lib: x.vsplit(1), (3,)),
    "dsplit-matrix": (lambda x, lib: x.dsplit(1), (2, 3)),
    "narrow-past-the-end": (lambda x, lib: x.narrow(1, 2, 2), (2, 3)),
    "narrow-scalar": (lambda x, lib: x.narrow(0, 0, 1), ()),
    "unbind-out-of-range": (lambda x, lib: x.unbind(2), (2, 3)),
    "flip-repeated": (lambda x, lib: x.flip(0, 0), (2, 3)),
    "roll-misaligned": (lambda x, lib: x.roll((1, 2), (0,)), (2, 3)),
    "repeat-too-few": (lambda x, lib: x.repeat(2), (2, 3)),
    "repeat_interleave-wrong-count": (lambda x, lib: x.repeat_interleave(lib.tensor([1, 2])), (3,)),
    "repeat_interleave-negative": (lambda x, lib: x.repeat_interleave(-1), (3,)),
    "tril-vector": (lambda x, lib: x.tril(), (3,)),
    "fliplr-vector": (lambda x, lib: x.fliplr(), (3,)),
    "diag-3d": (lambda x, lib: x.diag(), (2, 2, 2)),
    "diagonal-same-dims": (lambda x, lib: x.diagonal(0, 1, 1), (2, 3)),
    "diagonal-vector": (lambda x, lib: x.diagonal(), (3,)),
    "diag_embed-same-dims": (lambda x, lib: x.diag_embed(0, 0, -3), (2,)),
    "trace-vector": (lambda x, lib: x.trace(), (3,)),
    "unflatten-bad-sizes": (lambda x, lib: x.unflatten(0, (4, -1)), (6,)),
    "unfold-too-big": (lambda x, lib: x.unfold(0, 4, 1), (3,)),
    "unfold-step-zero": (lambda x, lib: x.unfold(0, 2, 0), (3,)),
    "movedim-repeated": (lambda x, lib: x.movedim((0, 1), (1, 1)), (2, 3)),
    "movedim-misaligned": (lambda x, lib: x.movedim((0, 1), (1,)), (2, 3)),
    "flatten-reversed": (lambda x, lib: x.flatten(2, 1), (2, 3, 4)),
    "expand-negative-new-dim": (lambda x, lib: x.expand(-1, 3), (3,)),
    "expand-not-broadcastable": (lambda x, lib: x.expand(2, 4), (3,)),
    "t-3d": (lambda x, lib: x.t(), (2, 3, 4)),
    "broadcast_tensors-incompatible": (
        lambda x, lib: lib.broadcast_tensors(x, lib.ones(3, 2, dtype=x.dtype)),
        (2, 3),
    ),
}


@pytest.mark.parametrize("call, shape", REFUSED.values(), ids=REFUSED.keys())
def test_calls_that_pytorch_refuses_are_refused(call, shape):
    data = np.zeros(shape)
    with pytest.raises((RuntimeError, IndexError, ValueError, TypeError)):
        call(torch.tensor(data), torch)
    with pytest.raises((ValueError, IndexError, TypeError)) as error:
        call(Tensor(data), autograd)
    assert ":" in str(error.value)  # the message starts with the op's name
