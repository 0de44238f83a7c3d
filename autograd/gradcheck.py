"""Compare analytic gradients with central finite differences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .engine import grad as autograd_grad
from .grad_mode import enable_grad
from .tensor import Tensor

__all__ = ["GradcheckError", "gradcheck", "numerical_jacobian"]


class GradcheckError(AssertionError):
    """An analytic gradient disagrees with the numerical one.

    >>> issubclass(GradcheckError, AssertionError)
    True
    """


def _outputs(fn: Callable[..., Any], inputs: Sequence[Tensor]) -> list[Any]:
    result = fn(*inputs)
    return list(result) if isinstance(result, (tuple, list)) else [result]


def numerical_jacobian(
    fn: Callable[..., Any], inputs: Sequence[Tensor], position: int, output_index: int, eps: float
) -> np.ndarray:
    """d(output)/d(inputs[position]) by central differences, shape (output.size, input.size).

    >>> from autograd import Tensor
    >>> x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    >>> numerical_jacobian(lambda t: t * t, [x], 0, 0, 1e-6).round(6)
    array([[2., 0.],
           [0., 4.]])
    """
    target = inputs[position]
    data = target.data  # perturbed in place and restored; indexed by position, because
    columns = []  # reshape(-1) of a non-contiguous array would be a copy
    # grad mode stays on: fn may itself call autograd.grad (checking a gradient of a gradient)
    with enable_grad():
        for element in range(data.size):
            where = np.unravel_index(element, data.shape)
            original = data[where]
            data[where] = original + eps
            plus = np.array(_outputs(fn, inputs)[output_index].data, dtype=np.float64)
            data[where] = original - eps
            minus = np.array(_outputs(fn, inputs)[output_index].data, dtype=np.float64)
            data[where] = original
            columns.append(((plus - minus) / (2 * eps)).reshape(-1))
    size = (
        int(np.prod(_outputs(fn, inputs)[output_index].shape)) if not columns else columns[0].size
    )
    return np.stack(columns, axis=1) if columns else np.zeros((size, 0))


def gradcheck(
    fn: Callable[..., Any],
    inputs: Sequence[Any],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """Check every gradient of ``fn(*inputs)`` against finite differences; True or raise.

    Use float64 inputs: float32 cannot resolve eps=1e-6. Every output element's gradient with
    respect to every element of every input that requires grad is compared. An output that
    does not require grad (detached, or made under ``no_grad``) must then not depend on the
    inputs at all, as in PyTorch: a checker never passes what it did not check.

    >>> x = Tensor(np.random.default_rng(0).standard_normal((3, 4)), requires_grad=True)
    >>> gradcheck(lambda t: t.softmax(axis=1), [x])
    True
    >>> gradcheck(lambda t: (t * 2).detach(), [x])
    Traceback (most recent call last):
    ...
    autograd.gradcheck.GradcheckError: gradcheck: wrong gradient ... analytic 0, numerical 2 ...
    """
    tensors = [value if isinstance(value, Tensor) else Tensor(value) for value in inputs]
    checked = _checked_inputs(tensors)
    for output_index, out in enumerate(_outputs(fn, tensors)):
        if not isinstance(out, Tensor):
            continue
        analytic = _analytic_jacobians(out, tensors, checked)
        for i in checked:
            numeric = numerical_jacobian(fn, tensors, i, output_index, eps)
            close = np.isclose(analytic[i], numeric, atol=atol, rtol=rtol, equal_nan=True)
            if not close.all():
                raise _mismatch(
                    tensors[i],
                    i,
                    out,
                    output_index,
                    analytic[i],
                    numeric,
                    close,
                    f"(atol={atol}, rtol={rtol})",
                )
    return True


def _checked_inputs(inputs: Sequence[Tensor]) -> list[int]:
    """The positions of the inputs that require grad (float64 only)."""
    checked = [i for i, tensor in enumerate(inputs) if tensor.requires_grad]
    if not checked:
        raise ValueError("gradcheck: no input requires grad, so there is nothing to check")
    for i in checked:
        if inputs[i].dtype != np.float64:
            raise TypeError(
                f"gradcheck: input {i} is {inputs[i].dtype}; use float64 inputs, "
                f"finite differences are too coarse in lower precision"
            )
    return checked


def _analytic_jacobians(
    out: Tensor, inputs: Sequence[Tensor], checked: Sequence[int]
) -> dict[int, np.ndarray]:
    """d(out)/d(inputs[i]) for each checked i, one reverse pass per output element.

    An output outside the graph has an analytic Jacobian of zeros."""
    analytic = {i: np.zeros((out.size, inputs[i].size)) for i in checked}
    if not out.requires_grad:
        return analytic
    for row in range(out.size):
        seed = np.zeros(out.shape, dtype=out.dtype)
        seed.reshape(-1)[row] = 1.0
        wrt = [inputs[i] for i in checked]
        grads = autograd_grad(out, wrt, grad_outputs=seed, retain_graph=True, allow_unused=True)
        for i, value in zip(checked, grads, strict=True):
            if value is not None:
                analytic[i][row] = value.data.reshape(-1)
    return analytic


def _mismatch(
    tensor: Tensor,
    position: int,
    out: Tensor,
    output_index: int,
    analytic: np.ndarray,
    numeric: np.ndarray,
    close: np.ndarray,
    tolerances: str,
) -> GradcheckError:
    row, column = map(int, np.argwhere(~close)[0])
    element = tuple(int(e) for e in np.unravel_index(column, tensor.shape))
    out_element = tuple(int(e) for e in np.unravel_index(row, out.shape))
    name = f" '{tensor.name}'" if tensor.name else ""
    detached = "" if out.requires_grad else " (the output does not require grad: detached?)"
    return GradcheckError(
        f"gradcheck: wrong gradient for input {position}{name} (shape {tensor.shape}) at "
        f"element {element}, output {output_index} element {out_element}: analytic "
        f"{analytic[row, column]:.8g}, numerical {numeric[row, column]:.8g} {tolerances}"
        f"{detached}"
    )
