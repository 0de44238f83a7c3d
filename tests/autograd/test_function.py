"""autograd.Function: custom operations with a user-written backward, as torch.autograd.Function."""

from __future__ import annotations

import numpy as np
import pytest

import autograd
from autograd import AnomalyError, Function, GradcheckError, Tensor, gradcheck, viz


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x**2


def _softmax(array, axis):
    exps = np.exp(array - array.max(axis=axis, keepdims=True))
    return exps / exps.sum(axis=axis, keepdims=True)


class FullJacobianSoftmax(Function):
    @staticmethod
    def forward(ctx, z, axis):
        h = Tensor(_softmax(z.data, axis))
        ctx.save_for_backward(h)
        ctx.axis = axis
        return h

    @staticmethod
    def backward(ctx, grad):
        # dh_i/dz_j = h_i (delta_ij - h_j): J^T g = h (g - <g, h>)
        (h,) = ctx.saved_tensors
        return h * (grad - (grad * h).sum(axis=ctx.axis, keepdims=True)), None


class DiagonalOnlySoftmax(Function):
    @staticmethod
    def forward(ctx, z):
        h = Tensor(_softmax(z.data, -1))
        ctx.save_for_backward(h)
        return h

    @staticmethod
    def backward(ctx, grad):
        (h,) = ctx.saved_tensors  # WRONG: h_j (1 - h_j) only, the cross terms are dropped
        return grad * h * (1 - h)


class MinMax(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.data.min(keepdims=True), x.data.max(keepdims=True)

    @staticmethod
    def backward(ctx, grad_min, grad_max):
        (x,) = ctx.saved_tensors
        return (x.data == x.data.min()) * grad_min.data + (x.data == x.data.max()) * grad_max.data


def _float64(*shape, seed=0):
    return Tensor(np.random.default_rng(seed).standard_normal(shape), requires_grad=True)


def test_cube_example_of_the_contract_gives_three_x_squared():
    x = Tensor([1.0, 2.0, -3.0], requires_grad=True)
    Cube.apply(x).sum().backward()
    assert np.allclose(x.grad, [3.0, 12.0, 27.0])


def test_apply_records_one_node_named_after_the_class():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = Cube.apply(x)
    assert y.grad_fn.name == "Cube"
    assert y.grad_fn.inputs == (x,)
    assert y.grad_fn.needs_grad == (True,)


def test_forward_is_not_recorded():
    class Recorder(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.grad_enabled = autograd.is_grad_enabled()
            return x.exp().log()

        @staticmethod
        def backward(ctx, grad):
            return grad

    y = Recorder.apply(Tensor([1.0], requires_grad=True))
    assert y.grad_fn.name == "Recorder"
    assert y.grad_fn.ctx.grad_enabled is False


def test_forward_may_return_an_ndarray():
    class Double(Function):
        @staticmethod
        def forward(ctx, x):
            return x.data * 2

        @staticmethod
        def backward(ctx, grad):
            return grad.data * 2  # an ndarray gradient is accepted too

    x = Tensor([1.0, 2.0], requires_grad=True)
    y = Double.apply(x)
    y.sum().backward()
    assert isinstance(y, Tensor) and np.allclose(y.data, [2.0, 4.0])
    assert np.allclose(x.grad, [2.0, 2.0])


def test_gradcheck_passes_softmax_with_the_full_jacobian():
    z = _float64(3, 4)
    assert gradcheck(lambda t: FullJacobianSoftmax.apply(t, -1), [z])
    assert gradcheck(lambda t: FullJacobianSoftmax.apply(t, 0), [z])


def test_gradcheck_fails_softmax_with_the_diagonal_only():
    with pytest.raises(GradcheckError):
        gradcheck(DiagonalOnlySoftmax.apply, [_float64(2, 4)])


def test_backward_in_tensor_ops_is_differentiable_twice():
    weights = Tensor(np.random.default_rng(1).standard_normal((2, 4)))

    def gradient_of_loss(logits):
        loss = (FullJacobianSoftmax.apply(logits, -1) * weights).sum()
        (gradient,) = autograd.grad(loss, logits, create_graph=True)
        return gradient

    assert gradcheck(gradient_of_loss, [_float64(2, 4)])


def test_second_derivative_of_cube_is_six_x():
    x = Tensor(2.0, requires_grad=True)
    (dy_dx,) = autograd.grad(Cube.apply(x), x, create_graph=True)
    (d2y_dx2,) = autograd.grad(dy_dx, x)
    assert float(dy_dx) == 12.0 and float(d2y_dx2) == 12.0


def test_non_tensor_arguments_get_no_gradient_and_needs_input_grad_false():
    class Power(Function):
        @staticmethod
        def forward(ctx, x, exponent, frozen):
            ctx.save_for_backward(x)
            ctx.exponent = exponent
            ctx.seen = ctx.needs_input_grad
            return x**exponent * frozen

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * ctx.exponent * x ** (ctx.exponent - 1), None, None

    x, frozen = Tensor([2.0], requires_grad=True), Tensor([1.0])
    y = Power.apply(x, 3, frozen)
    y.sum().backward()
    assert y.grad_fn.ctx.seen == (True, False, False)
    assert y.grad_fn.arguments() == {"exponent": 3}
    assert np.allclose(x.grad, [12.0]) and frozen.grad is None


def test_several_outputs_each_get_their_gradient_in_one_backward():
    x = Tensor([3.0, -1.0, 2.0], requires_grad=True)
    low, high = MinMax.apply(x)
    assert low.requires_grad and high.requires_grad
    (low * 10 + high).sum().backward()
    assert np.allclose(x.grad, [1.0, 10.0, 0.0])


def test_an_output_without_gradient_gets_zeros():
    x = Tensor([3.0, -1.0, 2.0], requires_grad=True)
    _, high = MinMax.apply(x)
    high.sum().backward()
    assert np.allclose(x.grad, [1.0, 0.0, 0.0])


def test_several_outputs_pass_gradcheck():
    x = Tensor(np.array([3.0, -1.0, 2.0]), requires_grad=True)  # float64
    assert gradcheck(MinMax.apply, [x])


def test_wrong_number_of_gradients_is_an_error_naming_the_function():
    class TooMany(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2, None

    with pytest.raises(RuntimeError, match=r"TooMany.backward returned 2 gradient"):
        TooMany.apply(Tensor([1.0], requires_grad=True)).sum().backward()


def test_wrong_gradient_shape_is_an_error_naming_the_function():
    class WrongShape(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad.sum()

    with pytest.raises(RuntimeError, match=r"WrongShape.backward returned a gradient of shape"):
        WrongShape.apply(Tensor([1.0, 2.0], requires_grad=True)).sum().backward()


def test_saved_tensor_modified_in_place_is_refused():
    class Scale(Function):
        @staticmethod
        def forward(ctx, x, w):
            ctx.save_for_backward(w)
            return x * w

        @staticmethod
        def backward(ctx, grad):
            (w,) = ctx.saved_tensors
            return grad * w, None

    x, w = Tensor([1.0, 2.0], requires_grad=True), Tensor([3.0, 4.0])
    y = Scale.apply(x, w)
    w += 1
    with pytest.raises(RuntimeError, match=r"saved tensor 0 .* of 'Scale' was modified in place"):
        y.sum().backward()


def test_drawn_under_the_class_name():
    y = Cube.apply(Tensor([1.0, 2.0], requires_grad=True)).sum()
    assert "Cube" in viz.draw(y).source


def test_released_after_backward():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = Cube.apply(x)
    y.backward(np.ones(2))
    assert y.grad_fn.released
    with pytest.raises(RuntimeError, match=r"a second time \(through 'Cube'\)"):
        y.backward(np.ones(2))


def test_retain_graph_keeps_it_for_a_second_backward():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = Cube.apply(x).sum()
    y.backward(retain_graph=True)
    y.backward()
    assert np.allclose(x.grad, [6.0, 24.0])


def test_anomaly_mode_reports_nan_from_its_backward():
    class BadSqrt(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x.sqrt()

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad / (2 * x.sqrt()) * 0.0 / 0.0  # NaN

    x = Tensor([1.0, 4.0], requires_grad=True)
    with (
        autograd.detect_anomaly(),
        np.errstate(invalid="ignore", divide="ignore"),
        pytest.raises(AnomalyError, match=r"backward of 'BadSqrt'"),
    ):
        BadSqrt.apply(x).sum().backward()


def test_not_recorded_without_an_input_that_requires_grad():
    y = Cube.apply(Tensor([1.0, 2.0]))
    assert y.grad_fn is None and not y.requires_grad
    with autograd.no_grad():
        assert Cube.apply(Tensor([1.0], requires_grad=True)).grad_fn is None


def test_a_jvp_staticmethod_is_accepted_before_forward_mode_exists():
    class CubeWithJvp(Cube):
        @staticmethod
        def jvp(ctx, tangent):
            (x,) = ctx.saved_tensors
            return 3 * x**2 * tangent

    x = Tensor([2.0], requires_grad=True)
    CubeWithJvp.apply(x).sum().backward()
    assert np.allclose(x.grad, [12.0])


# ---------------------------------------------------------------------------- forward mode
class CubeWithRule(Cube):
    # the same Cube, with its forward rule: d x^3 = 3 x^2 dx
    @staticmethod
    def jvp(ctx, tangent):
        (x,) = ctx.saved_tensors
        return tangent * 3 * x**2


def test_forward_mode_through_a_function_uses_its_jvp():
    x = Tensor(np.array([1.0, 2.0]))
    _, product = autograd.functional.jvp(CubeWithRule.apply, x, Tensor(np.array([1.0, 1.0])))
    np.testing.assert_allclose(product.data, [3.0, 12.0])


def test_forward_mode_through_a_function_without_jvp_is_a_clear_error():
    class NoRule(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    with pytest.raises(RuntimeError, match="NoRule: forward mode needs a forward rule"):
        autograd.functional.jvp(NoRule.apply, Tensor(np.array([1.0])), Tensor(np.array([1.0])))
