"""Module hooks: forward pre-hooks, forward hooks, full backward (pre-)hooks, as PyTorch's."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor


def _layer(seed=0):
    autograd.manual_seed(seed)
    return nn.Linear(3, 2, dtype=np.float64) if _takes_dtype() else nn.Linear(3, 2)


def _takes_dtype():
    import inspect

    return "dtype" in inspect.signature(nn.Linear).parameters


def test_forward_hooks_order_and_replacement():
    layer = _layer()
    calls = []
    layer.register_forward_pre_hook(lambda m, args: calls.append("pre 1"))
    layer.register_forward_pre_hook(lambda m, args: calls.append("pre 0"), prepend=True)
    handle = layer.register_forward_hook(lambda m, args, out: out * 0 + 7)
    layer.register_forward_hook(lambda m, args, out: calls.append(float(out.sum())))
    out = layer(np.ones((2, 3)))
    assert calls == ["pre 0", "pre 1", 28.0]
    np.testing.assert_array_equal(out.numpy(), np.full((2, 2), 7.0))
    handle.remove()
    handle.remove()  # twice is harmless
    assert not np.allclose(layer(np.ones((2, 3))).numpy(), 7.0)


def test_forward_pre_hook_replaces_arguments_and_kwargs():
    layer = _layer()
    layer.register_forward_pre_hook(lambda m, args: args[0] * 0)  # one value: the new args
    np.testing.assert_allclose(layer(np.ones((1, 3))).numpy()[0], layer.bias.numpy(), rtol=1e-6)

    class Scale(nn.Module):
        def forward(self, x, factor=1.0):
            return x * factor

    module = Scale()
    module.register_forward_pre_hook(
        lambda m, args, kwargs: (args, {"factor": 3.0}), with_kwargs=True
    )
    seen = []
    module.register_forward_hook(lambda m, args, kwargs, out: seen.append(kwargs), with_kwargs=True)
    assert float(module(Tensor(2.0), factor=5.0)) == 6.0
    assert seen == [{"factor": 3.0}]


def test_handle_as_context_manager():
    layer = _layer()
    calls = []
    with layer.register_forward_hook(lambda m, a, o: calls.append(1)):
        layer(np.ones((1, 3)))
    layer(np.ones((1, 3)))
    assert calls == [1]


def test_backward_hook_sees_only_this_calls_gradients():
    layer = _layer()
    grads = {}

    def hook(module, grad_input, grad_output):
        grads["in"], grads["out"] = grad_input, grad_output

    layer.register_full_backward_hook(hook)
    x = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    y = layer(x)
    loss = (y * y).sum() + (x * 10).sum()  # x also reaches the loss by another path
    loss.backward()
    (grad_in,) = grads["in"]
    (grad_out,) = grads["out"]
    np.testing.assert_allclose(grad_out.numpy(), 2 * y.numpy(), rtol=1e-6)
    np.testing.assert_allclose(grad_in.numpy(), grad_out.numpy() @ layer.weight.numpy(), rtol=1e-6)
    np.testing.assert_allclose(x.grad, grad_in.numpy() + 10, rtol=1e-6)


def test_backward_hooks_replace_gradients():
    layer = _layer()
    layer.register_full_backward_pre_hook(lambda m, grad_output: (grad_output[0] * 0,))
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    layer(x).sum().backward()
    np.testing.assert_array_equal(x.grad, np.zeros((2, 3)))
    np.testing.assert_array_equal(layer.weight.grad, np.zeros((2, 3)))

    other = _layer()
    other.register_full_backward_hook(lambda m, grad_input, grad_output: (grad_input[0] + 1,))
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    other(x).sum().backward()
    np.testing.assert_allclose(x.grad[0], other.weight.numpy().sum(0) + 1, rtol=1e-6)
    assert x.grad.shape == (2, 3)


def test_backward_hook_without_input_gradients_fires_with_none():
    layer = _layer()
    seen = []
    layer.register_full_backward_hook(lambda m, gi, go: seen.append((gi, go[0].shape)))
    layer(np.ones((4, 3))).sum().backward()
    assert seen == [((None,), (4, 2))]


def test_backward_hook_wrong_shape_is_a_clear_error():
    layer = _layer()
    layer.register_full_backward_hook(lambda m, gi, go: (Tensor(np.ones(5)),))
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    message = r"Linear: a backward hook returned a gradient of shape \(5,\)"
    with pytest.raises(RuntimeError, match=message):
        layer(x).sum().backward()


def test_no_hooks_under_no_grad_and_not_a_callable():
    layer = _layer()
    layer.register_full_backward_hook(lambda *a: None)
    with autograd.no_grad():
        out = layer(np.ones((1, 3)))
    assert out.grad_fn is None
    with pytest.raises(TypeError, match="callable"):
        layer.register_forward_hook(3)


def test_hooks_do_not_change_state_dict_or_repr():
    layer = _layer()
    before = (repr(layer), list(layer.state_dict()))
    layer.register_forward_hook(lambda *a: None)
    assert (repr(layer), list(layer.state_dict())) == before


def test_matches_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    x0 = rng.standard_normal((4, 3))
    results = []
    for lib, namespace in ((torch, torch.nn), (autograd, nn)):
        lib.manual_seed(0)
        layer = namespace.Linear(3, 2).double() if lib is torch else _layer()
        if results:
            layer.load_state_dict({k: v.detach().numpy() for k, v in results[0][1].items()})
        seen = []
        layer.register_full_backward_pre_hook(
            lambda m, go, seen=seen: seen.append(go[0].detach().numpy().copy())
        )
        layer.register_full_backward_hook(
            lambda m, gi, go, seen=seen: seen.append(gi[0].detach().numpy().copy())
        )
        x = lib.tensor(x0, requires_grad=True)
        y = layer(x)
        (y.tanh().sum() + (x * x).sum()).backward()
        results.append((seen, layer.state_dict(), x.grad.numpy() if lib is torch else x.grad))
    (seen_t, _, grad_t), (seen_g, _, grad_g) = results
    for a, b in zip(seen_t, seen_g, strict=True):
        np.testing.assert_allclose(b, a, rtol=1e-12)
    np.testing.assert_allclose(grad_g, grad_t, rtol=1e-12)
