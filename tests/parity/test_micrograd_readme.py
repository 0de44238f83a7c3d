"""micrograd's README example, unchanged, on 0-d tensors: its in-place updates (``c += ...``)
of tensors in the graph rewrite their history as PyTorch's do, and the numbers are
micrograd's (and PyTorch's)."""

import pytest

from autograd import Tensor

torch = pytest.importorskip("torch")


def micrograd_readme(tensor):
    a = tensor(-4.0, requires_grad=True)
    b = tensor(2.0, requires_grad=True)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    return a, b, g


def test_micrograd_readme_prints_micrograds_numbers():
    a, b, g = micrograd_readme(Tensor)
    assert f"{g.data:.4f}" == "24.7041"
    assert f"{a.grad:.4f}" == "138.8338"
    assert f"{b.grad:.4f}" == "645.5773"


def test_micrograd_readme_matches_pytorch_in_float64():
    ours = micrograd_readme(lambda value, **kw: Tensor(value, dtype="float64", **kw))
    theirs = micrograd_readme(lambda value, **kw: torch.tensor(value, dtype=torch.float64, **kw))
    for mine, reference in zip(ours[:2], theirs[:2], strict=True):
        assert float(mine.grad) == pytest.approx(float(reference.grad), rel=1e-12)
    assert float(ours[2].data) == pytest.approx(float(theirs[2].detach()), rel=1e-12)


def test_in_place_updates_keep_the_tensor_and_rewrite_its_grad_fn():
    a = Tensor(-4.0, requires_grad=True)
    c = a + 1.0
    first = c.grad_fn
    same = c
    c += 1.0
    assert c is same and c.grad_fn is not first and c.grad_fn.name == "add"
    assert float(c.data) == -2.0
