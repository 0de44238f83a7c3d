"""Matrix multiplication, with NumPy's rules for 1-D and batched operands, and PyTorch's for
dtypes: both operands of one dtype (no promotion), not bool."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import DtypeError, ShapeError
from ..tensor import Tensor
from .base import Op
from .reduce import Expand, unbroadcast


def check_product_dtypes(name: str, *arrays: np.ndarray) -> None:
    """PyTorch's products (``matmul``, ``mm``, ``bmm``, ``dot``, ``mv``, ``einsum``,
    ``tensordot``, ``inner``) take operands of one dtype, and no bools: an int
    matrix times a float one is an error there, not a promotion.

    >>> check_product_dtypes("matmul", np.ones(2), np.ones(2, dtype=np.float32))
    Traceback (most recent call last):
    ...
    autograd.errors.DtypeError: matmul: expected both operands to have the same dtype, ...
    """
    first = arrays[0].dtype
    for other in arrays[1:]:
        if other.dtype != first:
            shapes = " and ".join(str(array.shape) for array in arrays)
            raise DtypeError(
                f"{name}: expected both operands to have the same dtype, got {first} and "
                f"{other.dtype} (shapes {shapes}); PyTorch does not promote in products: cast "
                f"one first (.to(), .float(), .double())"
            )
    if first.kind == "b":
        raise NotImplementedError(
            f"{name}: not implemented for bool operands (shapes "
            f"{' and '.join(str(array.shape) for array in arrays)}); cast them to an integer or "
            f"float dtype first"
        )


class MatMul(Op):
    rule = "∂a = g @ bᵀ; ∂b = aᵀ @ g"  # 1-D operands as NumPy treats them
    name = "matmul"  # NumPy's and PyTorch's spelling, not "mat_mul"

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if a.ndim == 0 or b.ndim == 0:
            raise ShapeError(
                f"matmul: operands must have at least 1 dimension, got shapes "
                f"{a.shape} and {b.shape}; use * for scalars"
            )
        if a.dtype is not b.dtype or a.dtype.kind == "b":
            check_product_dtypes(self.name, a, b)
        inner_a = a.shape[-1]
        inner_b = b.shape[0] if b.ndim == 1 else b.shape[-2]
        if inner_a != inner_b:
            raise ShapeError(
                f"matmul: shapes {a.shape} and {b.shape} do not line up: the last "
                f"axis of the first ({inner_a}) must equal the "
                f"{'only' if b.ndim == 1 else 'second-to-last'} axis of the second "
                f"({inner_b})"
            )
        return np.matmul(a, b)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, Tensor | None]:
        a, b = self.inputs
        # treat 1-D operands as a row (left) or a column (right) matrix, as NumPy does
        a2 = a if a.ndim > 1 else a.reshape(1, -1)
        b2 = b if b.ndim > 1 else b.reshape(-1, 1)
        out_shape = (*np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2]), a2.shape[-2], b2.shape[-1])
        grad2 = grad.reshape(out_shape) if grad.shape != out_shape else grad
        grad_a = grad_b = None
        if self.needs_grad[0]:
            grad_a = unbroadcast(_product_like(a.data, grad2, b2.swapaxes(-1, -2)), a2.shape)
            grad_a = grad_a.reshape(a.shape) if a.ndim == 1 else grad_a
        if self.needs_grad[1]:
            grad_b = unbroadcast(_product_like(b.data, a2.swapaxes(-1, -2), grad2), b2.shape)
            grad_b = grad_b.reshape(b.shape) if b.ndim == 1 else grad_b
        return grad_a, grad_b

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        a, b = self.inputs
        tangent_a, tangent_b = tangents
        left = None if tangent_a is None else MatMul.apply(tangent_a, b)
        right = None if tangent_b is None else MatMul.apply(a, tangent_b)
        if left is None or right is None:
            return left if right is None else right
        return left + right


def _product_like(operand: np.ndarray, left: Tensor, right: Tensor) -> Tensor:
    """``left @ right``, laid out in memory like ``operand`` (the input it is the gradient of).

    When the operand is a transposed view (``x @ W.T`` in a Linear layer), computing
    ``(right^T @ left^T)^T`` gives the same numbers in the operand's (Fortran) order, so the
    gradient that finally reaches W is C-ordered like W itself: the optimiser's update then
    runs over contiguous memory instead of striding through a transpose.
    """
    if operand.ndim >= 2 and operand.flags.f_contiguous and not operand.flags.c_contiguous:
        return (right.swapaxes(-1, -2) @ left.swapaxes(-1, -2)).swapaxes(-1, -2)
    return left @ right


def _in_dtype(tensor: Tensor, dtype: np.dtype) -> Tensor:
    return tensor if tensor.dtype == dtype else tensor.astype(dtype)


class Linear(Op):
    # out = x weightᵀ + bias (PyTorch's addmm)
    rule = "∂x = g @ weight; ∂weight = gᵀ @ x; ∂bias = g summed over rows"
    # One primitive instead of transpose, matmul and add: the weight's gradient comes out
    # C-ordered like W, and the bias is added into the fresh product in place.

    def forward(
        self, x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None
    ) -> np.ndarray:
        if weight.ndim != 2 or x.ndim == 0 or x.shape[-1] != weight.shape[1]:
            raise ShapeError(
                f"linear: input of shape {x.shape} does not fit a weight of shape "
                f"{weight.shape} (out_features, in_features): the input's last axis "
                f"must be in_features"
            )
        if bias is not None and bias.shape != (weight.shape[0],):
            raise ShapeError(
                f"linear: bias of shape {bias.shape} does not fit a weight of shape "
                f"{weight.shape}; expected ({weight.shape[0]},)"
            )
        out = x @ weight.T
        if bias is not None:
            out += bias
        return out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        x, weight = self.inputs[0], self.inputs[1]
        # linear still promotes mixed dtypes as NumPy does (a float32 layer takes float64
        # input); the products of its backward, which do not, take the gradient's dtype
        x, weight = _in_dtype(x, grad.dtype), _in_dtype(weight, grad.dtype)
        needs = self.needs_grad
        rows = grad.reshape(-1, weight.shape[0]) if grad.ndim != 2 else grad
        grad_x = grad @ weight if needs[0] else None
        grad_weight = None
        if needs[1]:
            flat_x = x.reshape(-1, weight.shape[1]) if x.ndim != 2 else x
            grad_weight = rows.T @ flat_x
        if len(self.inputs) == 2:
            return grad_x, grad_weight
        return grad_x, grad_weight, (rows.sum(axis=0) if needs[2] else None)

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        x, weight = self.inputs[0], self.inputs[1]
        terms = [
            Linear.apply(tangents[0], weight) if tangents[0] is not None else None,
            Linear.apply(x, tangents[1]) if tangents[1] is not None else None,
            tangents[2] if len(tangents) == 3 else None,
        ]
        present = [term for term in terms if term is not None]
        if not present:
            return None
        tangent = present[0]
        for term in present[1:]:
            tangent = tangent + term  # the bias's tangent broadcasts over the rows
        if tangent.shape != out.shape:  # the bias's tangent alone
            tangent = Expand.apply(tangent, shape=out.shape)
        return tangent if tangent.dtype == out.dtype else tangent.astype(out.dtype)


class LinAlgError(np.linalg.LinAlgError, RuntimeError):
    """A singular matrix where an inverse is needed (PyTorch's ``torch.linalg.LinAlgError``, a
    RuntimeError; NumPy's ``LinAlgError``, a ValueError: either catches it)."""


def _square(name: str, a: np.ndarray) -> None:
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ShapeError(
            f"{name}: A must be batches of square matrices, got shape {a.shape} (the last two "
            f"dimensions are the matrix)"
        )


def _inverted(name: str, compute: Any, shape: tuple[int, ...]) -> np.ndarray:
    try:
        return np.asarray(compute())
    except np.linalg.LinAlgError:
        raise LinAlgError(
            f"{name}: the input matrix is singular (shape {shape}), it has no inverse; check "
            f"its rank, or use linalg.pinv / lstsq for a least-squares answer"
        ) from None


def _mT(x: Tensor) -> Tensor:  # PyTorch's name for the matrix transpose
    return x.swapaxes(-1, -2)


class Inv(Op):
    rule = "∂a = −outᵀ @ g @ outᵀ"
    name = "linalg_inv"
    saves_inputs = False
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        _square("linalg.inv", a)
        return _inverted("linalg.inv", lambda: np.linalg.inv(a), a.shape)

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        out_t = _mT(self.output())
        return (-(out_t @ grad @ out_t),)


class Det(Op):
    rule = "∂a = g · out · a⁻ᵀ (the adjugate's transpose)"
    name = "linalg_det"
    saves_output = True

    def forward(self, a: np.ndarray) -> np.ndarray:
        _square("linalg.det", a)
        return np.asarray(np.linalg.det(a))

    def backward(self, grad: Tensor) -> tuple[Tensor]:
        (a,) = self.inputs
        scale = (grad * self.output()).reshape(*grad.shape, 1, 1)
        if np.all(np.linalg.matrix_rank(a.data) == a.shape[-1]):
            return (scale * _mT(Inv.apply(a)),)
        # a singular matrix has no inverse but an adjugate: from the SVD, as a constant (the
        # first derivative is exact; a second one through it is not)
        return ((grad.reshape(*grad.shape, 1, 1) * _adjugate(a.data).swapaxes(-1, -2)),)


def _adjugate(a: np.ndarray) -> np.ndarray:
    """adj(a) = det(a) a⁻¹, also for singular a: V diag(∏_{j≠i} s_j) Uᵀ det(U) det(Vᵀ)."""
    u, s, vh = np.linalg.svd(a)
    n = s.shape[-1]
    others = np.stack(
        [np.prod(np.delete(s, i, axis=-1), axis=-1) for i in range(n)], axis=-1
    )  # the product of the other singular values, without dividing by a zero one
    sign = np.linalg.det(u) * np.linalg.det(vh)
    adjugate = (vh.swapaxes(-1, -2) * others[..., None, :]) @ u.swapaxes(-1, -2)
    return np.asarray(adjugate * sign[..., None, None], dtype=a.dtype)


class Solve(Op):
    rule = "∂b = solve(aᵀ, g); ∂a = −∂b @ outᵀ"
    name = "linalg_solve"
    saves_output = True
    vector: bool  # b is a (batch of) vector(s), not of matrices

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        _square("linalg.solve", a)
        right = b[..., None] if self.vector else b  # NumPy solves for matrices of columns
        out = _inverted("linalg.solve", lambda: np.linalg.solve(a, right), a.shape)
        return out[..., 0] if self.vector else out

    def backward(self, grad: Tensor) -> tuple[Tensor | None, Tensor | None]:
        a, b = self.inputs
        solved = Solve.apply(_mT(a), grad, vector=self.vector)
        grad_a = None
        if self.needs_grad[0]:
            out = self.output()
            if self.vector:  # the outer product of each pair of vectors
                outer = solved.reshape(*solved.shape, 1) @ out.reshape(*out.shape[:-1], 1, -1)
            else:
                outer = solved @ _mT(out)
            grad_a = unbroadcast(-outer, a.shape)
        return grad_a, (unbroadcast(solved, b.shape) if self.needs_grad[1] else None)
