"""``import autograd as torch`` also gives ``torch.nn``, ``torch.nn.functional`` and
``torch.optim``, as a PyTorch program spells them."""

import numpy as np
import pytest

import autograd as torch
import nn


def test_nn_and_optim_are_graphgrads():
    assert torch.nn is nn
    assert torch.nn.functional is nn.functional
    assert torch.optim is nn.optim


def test_a_pytorch_training_step_spelled_through_torch():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(5, 3)
    loss = torch.nn.functional.cross_entropy(model(x), torch.tensor([0, 1, 0, 1, 1]))
    optimizer.zero_grad()
    loss.backward()
    before = model[0].weight.numpy().copy()
    optimizer.step()
    assert not np.allclose(before, model[0].weight.numpy())


def test_other_missing_names_still_raise():
    with pytest.raises(AttributeError, match="no attribute 'cuda_magic'"):
        _ = torch.cuda_magic


def test_type_new_and_cpu_as_pytorch():
    torch_ = pytest.importorskip("torch")
    for lib in (torch_, torch):
        x = lib.tensor([1.0, 2.0])
        got = (
            x.type(),
            str(x.type(lib.float64).dtype).replace("torch.", ""),
            str(x.type("torch.LongTensor").dtype).replace("torch.", ""),
            tuple(x.new_zeros(2, 3).shape),
            tuple(x.new_ones((2,)).shape),
            x.new_full((2, 2), 3).numpy().tolist(),
            x.new_tensor([1, 2]).numpy().tolist(),
            str(x.new_empty(4, dtype=lib.int64).dtype).replace("torch.", ""),
            x.cpu() is x,
        )
        if lib is torch_:
            expected = got
        else:
            assert got == expected
    with pytest.raises(TypeError, match="unknown tensor type"):
        torch.tensor([1.0]).type("torch.QuuxTensor")
    grown = torch.tensor([1.0]).new_zeros(2, requires_grad=True)
    assert grown.requires_grad and grown.is_leaf


@pytest.mark.parametrize(
    "call",
    [
        lambda t, x: x.any(axis=(1, 2)),
        lambda t, x: x.all(axis=(0, 2)),
        lambda t, x: x.any(dim=1, keepdim=True),
        lambda t, x: x.sum(dtype=t.float64),
        lambda t, x: x.sum(1, dtype=t.int64),
        lambda t, x: x.sum(dim=(0, 2), keepdim=True, dtype=t.float16),
    ],
)
def test_reduction_spellings_match_pytorch(call):
    torch_ = pytest.importorskip("torch")
    data = np.random.default_rng(0).standard_normal((3, 4, 5)).round()
    ours = call(torch, torch.tensor(data, dtype=torch.float32))
    theirs = call(torch_, torch_.tensor(data, dtype=torch_.float32))
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-3)


def test_sum_with_dtype_is_differentiable():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    x.sum(dtype=torch.float64).backward()
    assert x.grad.dtype == np.float32 and x.grad.tolist() == [1.0, 1.0]
