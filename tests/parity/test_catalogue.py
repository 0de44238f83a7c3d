"""The parity catalogue (``autograd/_parity.py``) against PyTorch: what the docs' parity table
says is what is so.

For every entry: the forms it declares are the forms PyTorch has; its sample runs in both
libraries (all of its forms present here means it MUST run) with equal values, dtypes and
shapes; a differentiable entry's gradients, of the inputs and of a layer's parameters, equal
PyTorch's in float64; and an entry declared not differentiable has no gradient in PyTorch
either."""

import zlib

import numpy as np
import pytest
import torch

import autograd
import nn
from autograd import Tensor
from autograd._parity import CATALOGUE, CATEGORIES, is_spelling, presence


class Graphgrad:
    """graphgrad as a torch-shaped namespace: autograd's names, ``nn``, and ``nn.optim`` as
    ``optim``."""

    nn = nn
    optim = nn.optim

    def __getattr__(self, name):
        return getattr(autograd, name)


GRAPHGRAD = Graphgrad()
OUR_HOMES = (autograd, nn, nn.functional, nn.optim, nn.utils, autograd.linalg, Graphgrad)


def ids(entry):
    return f"{entry.category}:{entry.name}"


@pytest.fixture(autouse=True)
def float64_defaults():
    """Modules and creation functions in float64 in both libraries, for exact comparisons."""
    previous_torch, previous_ours = torch.get_default_dtype(), autograd.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    autograd.set_default_dtype(np.float64)
    yield
    torch.set_default_dtype(previous_torch)
    autograd.set_default_dtype(previous_ours)


def test_catalogue_names_are_unique_and_categorised():
    names = [(entry.category, entry.name) for entry in CATALOGUE]
    assert len(names) == len(set(names))
    assert {entry.category for entry in CATALOGUE} == set(CATEGORIES)
    assert len(CATALOGUE) >= 250


@pytest.mark.parametrize("entry", CATALOGUE, ids=ids)
def test_declared_forms_are_pytorchs(entry):
    if is_spelling(entry):
        return
    if entry.forms:
        actual = {
            "f": hasattr(torch, entry.name),
            "m": hasattr(torch.Tensor, entry.name),
            "F": hasattr(torch.nn.functional, entry.name),
        }
        assert set(entry.forms) == {form for form, there in actual.items() if there}
    else:
        found = {"nn": torch.nn, "optim": torch.optim, "linalg": torch.linalg}
        root, *path = entry.name.split(".")
        found = found[root]
        for part in path:
            found = getattr(found, part)  # raises if PyTorch has no such name


def _missing_here(exc):
    """Is this error graphgrad lacking a name the sample uses (not a bug in one it has)?"""
    owner = getattr(exc, "obj", None)
    return isinstance(exc, AttributeError) and (
        any(owner is home for home in OUR_HOMES) or isinstance(owner, (Tensor, Graphgrad))
    )


def _inputs(entry):
    rng = np.random.default_rng(zlib.crc32(entry.name.encode()))
    arrays = [arg.draw(rng) for arg in entry.inputs]
    ours = [
        Tensor(a.copy(), requires_grad=arg.kind == "real")
        for a, arg in zip(arrays, entry.inputs, strict=True)
    ]
    theirs = [
        torch.tensor(a.copy(), requires_grad=arg.kind == "real")
        for a, arg in zip(arrays, entry.inputs, strict=True)
    ]
    return ours, theirs


def _initialised(library, module):
    """The module with every parameter set to the same values in both libraries."""
    with library.no_grad():
        for name, parameter in sorted(module.named_parameters()):
            rng = np.random.default_rng(zlib.crc32(name.encode()))
            parameter.copy_(library.tensor(rng.uniform(-0.5, 0.5, tuple(parameter.shape))))
    return module


def _run(entry, library, tensors):
    if entry.module is not None:
        module = _initialised(library, entry.module(library))
        return module(*tensors), dict(sorted(module.named_parameters()))
    return entry.call(library, *tensors), {}


def _plain(value):
    """A comparable form of an output: arrays (with their dtypes), tuples, numbers, strings."""
    if isinstance(value, Tensor):
        return value.data
    if isinstance(value, torch.Tensor):
        return value.detach().numpy()
    if isinstance(value, torch.dtype):
        return str(value).replace("torch.", "")
    if isinstance(value, np.dtype):
        return value.name
    if isinstance(value, (tuple, list)):  # torch.Size, (values, indices), lists of pieces
        return tuple(_plain(item) for item in value)
    return value


def _assert_same(ours, theirs, where):
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs), where
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            _assert_same(a, b, f"{where}[{index}]")
    elif isinstance(theirs, np.ndarray) or isinstance(ours, np.ndarray):
        ours, theirs = np.asarray(ours), np.asarray(theirs)
        assert ours.shape == theirs.shape, f"{where}: shape {ours.shape} vs {theirs.shape}"
        assert ours.dtype == theirs.dtype, f"{where}: dtype {ours.dtype} vs {theirs.dtype}"
        np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-10, err_msg=where)
    elif isinstance(theirs, float):
        assert ours == pytest.approx(theirs, rel=1e-7, abs=1e-10), where
    else:
        assert ours == theirs, where


def _differentiable_outputs(value, library_tensor):
    if isinstance(value, library_tensor):
        return [value] if value.requires_grad and value.dtype in _FLOATS else []
    if isinstance(value, (tuple, list)):
        return [t for item in value for t in _differentiable_outputs(item, library_tensor)]
    return []


_FLOATS = (np.float64, torch.float64, np.float32, torch.float32)


def _backward(outputs, as_array, seed):
    """Backpropagate a fixed random weighting of every differentiable output."""
    total = None
    for index, output in enumerate(outputs):
        weight = np.random.default_rng(seed + index).uniform(-1, 1, tuple(output.shape))
        term = (output * as_array(weight)).sum()
        total = term if total is None else total + term
    total.backward()


def _grad(tensor):
    grad = tensor.grad
    if grad is None:
        return None
    return grad.numpy() if isinstance(grad, torch.Tensor) else np.asarray(grad)


@pytest.mark.parametrize("entry", CATALOGUE, ids=ids)
def test_sample_matches_pytorch(entry):
    forms_here = presence(entry, autograd, nn)
    ours_in, theirs_in = _inputs(entry)
    theirs, their_parameters = _run(entry, torch, theirs_in)
    try:
        ours, our_parameters = _run(entry, GRAPHGRAD, ours_in)
    except Exception as exc:
        if _missing_here(exc) and not all(forms_here.values()):
            pytest.skip(f"not in graphgrad: {exc}")
        raise
    _assert_same(_plain(ours), _plain(theirs), entry.name)

    their_outputs = _differentiable_outputs(theirs, torch.Tensor)
    assert bool(their_outputs) == entry.grad, (
        f"{entry.name}: declared grad={entry.grad}, but PyTorch's output "
        f"{'has' if their_outputs else 'has no'} gradient"
    )
    if not entry.grad:
        return
    our_outputs = _differentiable_outputs(ours, Tensor)
    assert len(our_outputs) == len(their_outputs), f"{entry.name}: differentiable outputs"
    seed = zlib.crc32(entry.name.encode())
    _backward(their_outputs, torch.from_numpy, seed)
    _backward(our_outputs, Tensor, seed)
    assert sorted(our_parameters) == sorted(their_parameters)
    pairs = [*zip(ours_in, theirs_in, strict=True)]
    pairs += [(our_parameters[name], their_parameters[name]) for name in their_parameters]
    for index, (our_leaf, their_leaf) in enumerate(pairs):
        theirs_grad, ours_grad = _grad(their_leaf), _grad(our_leaf)
        if theirs_grad is None:
            assert ours_grad is None or not np.any(ours_grad), f"{entry.name}: grad {index}"
            continue
        assert ours_grad is not None, f"{entry.name}: no gradient reached input {index}"
        np.testing.assert_allclose(
            ours_grad, theirs_grad, rtol=1e-6, atol=1e-9, err_msg=f"{entry.name}: grad {index}"
        )


def test_the_table_summary_counts_the_names_present():
    present = [all(presence(entry, autograd, nn).values()) for entry in CATALOGUE]
    assert sum(present) > 0.7 * len(CATALOGUE)  # what the docs' summary line reports
