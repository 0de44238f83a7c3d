"""Matrix multiplication, with NumPy's rules for 1-D and batched operands."""
from __future__ import annotations

import numpy as np

from .base import Op, unbroadcast


class MatMul(Op):
    # d(A @ B) = dA @ B + A @ dB, so grad_A = G @ B^T and grad_B = A^T @ G
    name = "matmul"

    def forward(self, a, b):
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError(f"matmul: operands must have at least 1 dimension, got shapes "
                             f"{a.shape} and {b.shape}; use * for scalars")
        inner_a = a.shape[-1]
        inner_b = b.shape[0] if b.ndim == 1 else b.shape[-2]
        if inner_a != inner_b:
            raise ValueError(f"matmul: shapes {a.shape} and {b.shape} do not line up: the last "
                             f"axis of the first ({inner_a}) must equal the "
                             f"{'only' if b.ndim == 1 else 'second-to-last'} axis of the second "
                             f"({inner_b})")
        return np.matmul(a, b)

    def backward(self, grad):
        a, b = self.inputs
        # treat 1-D operands as a row (left) or a column (right) matrix, as NumPy does
        a2 = a if a.ndim > 1 else a.reshape(1, -1)
        b2 = b if b.ndim > 1 else b.reshape(-1, 1)
        out_shape = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2]) + (a2.shape[-2],
                                                                         b2.shape[-1])
        grad2 = grad.reshape(out_shape) if grad.shape != out_shape else grad
        grad_a = grad_b = None
        if self.needs_grad[0]:
            grad_a = unbroadcast(grad2 @ b2.swapaxes(-1, -2), a2.shape)
            grad_a = grad_a.reshape(a.shape) if a.ndim == 1 else grad_a
        if self.needs_grad[1]:
            grad_b = unbroadcast(a2.swapaxes(-1, -2) @ grad2, b2.shape)
            grad_b = grad_b.reshape(b.shape) if b.ndim == 1 else grad_b
        return grad_a, grad_b
