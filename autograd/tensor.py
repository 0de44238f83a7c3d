"""The Tensor: an ndarray that remembers the operation that made it.

Most of this file is thin sugar that forwards to the primitive ops in ``autograd/ops``; the
math of every gradient lives there, next to its forward. The engine (``engine.py``) walks the
recorded graph backwards.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, overload

import numpy as np

from . import checks, composite, dtypes
from .checks import Axis
from .grad_mode import STATE

if TYPE_CHECKING:
    from .ops.base import Op

__all__ = ["Tensor", "from_numpy", "to_tensor"]

DTypeLike = Any  # what np.dtype() accepts: np.float32, "float64", a dtype...
Operand = Any  # the other side of a binary operator: a Tensor, an ndarray, a number, a list
Bound = Any  # a clip bound: None, a number, an array or a Tensor
Scalar = float  # a Python number (an alias: inside Tensor, `float` is the method)
Flag = bool  # (an alias: inside Tensor, `bool` is the method)
Tolerance = float  # isclose's rtol and atol (an alias, as Bound)
Hook = Callable[["Tensor"], "Tensor | np.ndarray | None"]

_SMALL_REPR = 24  # tensors with at most this many elements print their values


class Tensor:
    """An n-dimensional array that records the operations applied to it.

    >>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    array([2., 4., 6.], dtype=float32)

    ``data`` may be an ndarray (its dtype is kept), a nested list or a Python number (these
    become the default float dtype, float32 unless ``set_default_dtype`` changed it).
    """

    __slots__ = (
        "__weakref__",
        "_hooks",
        "_op",
        "_requires_grad",
        "_retains_grad",
        "_tangent",
        "_version",
        "data",
        "grad",
        "name",
    )
    # Let NumPy defer to our reflected operators: ``ndarray * Tensor`` -> ``Tensor.__rmul__``.
    __array_ufunc__ = None

    data: np.ndarray
    grad: np.ndarray | None
    name: str | None
    _requires_grad: bool
    _op: Op | None
    _version: list[int]  # one counter shared by every view of the same memory
    _retains_grad: bool
    _hooks: list[Hook] | None
    _tangent: tuple[int, Tensor] | None  # (dual level, tangent) in forward mode (forward_ad.py)
    # The reverse pass: engine.py installs it when autograd is imported (the engine builds on
    # Tensor, so Tensor does not import it; PyTorch's Variable._execution_engine does the same).
    _backward: ClassVar[Callable[..., None]]

    def __init__(
        self,
        data: object,
        requires_grad: bool = False,
        dtype: DTypeLike = None,
        name: str | None = None,
    ) -> None:
        if isinstance(data, Tensor):
            data = data.data.copy()  # a new leaf with its own memory (as torch.tensor(t))
        self.data = dtypes.to_array(data, dtype)
        self.grad = None
        self._requires_grad = False
        self._op = None
        self.name = name
        self._version = [0]  # shared with views of this tensor's data
        self._retains_grad = False
        self._hooks = None
        self._tangent = None
        if requires_grad:
            self.requires_grad = True

    @classmethod
    def _wrap(cls, data: np.ndarray) -> Tensor:
        """Fast constructor for an array the library made itself (no checks, no copies)."""
        tensor = cls.__new__(cls)
        tensor.data = data
        tensor.grad = None
        tensor._requires_grad = False
        tensor._op = None
        tensor.name = None
        tensor._version = [0]
        tensor._retains_grad = False
        tensor._hooks = None
        tensor._tangent = None
        return tensor

    # ------------------------------------------------------------------ attributes
    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        value = bool(value)
        if self._op is not None and not value:
            raise RuntimeError(
                "requires_grad: cannot turn off requires_grad on a non-leaf tensor (made by "
                f"{self._op.name}); use .detach() to get a tensor outside the graph"
            )
        if value and not dtypes.is_float(self.data.dtype):
            raise TypeError(
                f"requires_grad: only floating tensors can require gradients, this one is "
                f"{self.data.dtype} with shape {self.shape}; convert first, e.g. "
                f"Tensor(data, dtype=np.float32, requires_grad=True)"
            )
        self._requires_grad = value

    @property
    def grad_fn(self) -> Op | None:
        """The op that produced this tensor (None for leaves): the node the visualiser draws."""
        return self._op

    @property
    def is_leaf(self) -> bool:
        """True for tensors made by the user (not by a recorded operation)."""
        return self._op is None

    @property
    def shape(self) -> tuple:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def size(self) -> SizeAttribute:
        """NumPy's number of elements, an int; called, PyTorch's ``size()`` (the shape) or
        ``size(d)`` (the length of dimension d).

        >>> x = Tensor(np.zeros((2, 3)))
        >>> x.size, x.size(), x.size(-1)
        (6, (2, 3), 3)
        """
        return SizeAttribute(self.data.shape)

    def numel(self) -> int:
        """The number of elements (as ``torch.Tensor.numel``; NumPy's ``.size``).

        >>> Tensor(np.zeros((2, 3))).numel()
        6
        """
        return self.data.size

    def dim(self) -> int:
        """The number of dimensions (as ``torch.Tensor.dim``; NumPy's ``.ndim``).

        >>> Tensor(np.zeros((2, 3))).dim()
        2
        """
        return self.data.ndim

    def __len__(self) -> int:
        if self.data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.data.shape[0]

    def __iter__(self) -> Iterator[Tensor]:
        for position in range(len(self)):
            yield self[position]

    def __bool__(self) -> bool:
        if self.data.size != 1:
            raise ValueError(
                f"bool(): the truth value of a tensor with {self.data.size} elements (shape "
                f"{self.shape}) is ambiguous; use .any() or .all() on .data"
            )
        return bool(self.data)

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        if self.data.dtype.kind not in "iub" or self.data.size != 1:
            raise TypeError("only single-element integer tensors can be used as an index")
        return int(self.data)

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        parts = []
        if self.data.size <= _SMALL_REPR:
            body = np.array2string(self.data, separator=", ", precision=4, prefix="Tensor(")
        else:
            body = f"<shape {self.shape}>"
        parts.append(body)
        if self.data.dtype != dtypes.get_default_dtype() or self.data.size > _SMALL_REPR:
            parts.append(f"dtype={self.data.dtype}")
        if self._op is not None:
            parts.append(f"grad_fn=<{self._op.name}>")
        elif self._requires_grad:
            parts.append("requires_grad=True")
        if self.name:
            parts.append(f"name={self.name!r}")
        return f"Tensor({', '.join(parts)})"

    # ------------------------------------------------------------------ conversion
    def numpy(self) -> np.ndarray:
        """The underlying array (shared, not copied), like ``torch.Tensor.numpy``."""
        return self.data

    def item(self) -> Tensor:
        """The value of a single-element tensor as a Python number."""
        if self.data.size != 1:
            raise ValueError(
                f"item(): only a tensor with exactly one element can be converted to a Python "
                f"number, this one has shape {self.shape} ({self.data.size} elements)"
            )
        return self.data.item()

    def tolist(self) -> Tensor:
        """The values as nested Python lists (or a number for a 0-d tensor).

        >>> Tensor([[1.0, 2.0]]).tolist()
        [[1.0, 2.0]]
        """
        return self.data.tolist()

    def __array__(self, dtype: DTypeLike = None, copy: bool | None = None) -> np.ndarray:
        """The data for NumPy: ``np.asarray(t)`` shares it, ``np.array(t)`` copies it."""
        if dtype is not None and np.dtype(dtype) != self.data.dtype:
            return self.data.astype(dtype)  # a new array anyway
        return self.data.copy() if copy else self.data

    def detach(self) -> Tensor:
        """A new leaf tensor sharing this tensor's data, outside the graph."""
        out = Tensor._wrap(self.data)
        out._version = self._version
        out.name = self.name
        return out

    def clone(self) -> Tensor:
        """A differentiable copy with its own memory (in-place changes to it do not reach
        this tensor, nor the values an op saved for backward)."""
        return ops.Clone.apply(self)

    def astype(self, dtype: DTypeLike) -> Tensor:
        """Cast to ``dtype`` (differentiable between float dtypes)."""
        dtype = np.dtype(dtype)
        if dtype == self.data.dtype:
            return self
        return ops.Cast.apply(self, dtype=dtype)

    def float(self) -> Tensor:
        """Cast to float32, differentiably (as ``torch.Tensor.float``).

        >>> Tensor(np.arange(2)).float().dtype
        dtype('float32')
        """
        return self.astype(np.float32)

    def double(self) -> Tensor:
        """Cast to float64, differentiably (as ``torch.Tensor.double``).

        >>> Tensor([1.0]).double().dtype
        dtype('float64')
        """
        return self.astype(np.float64)

    def half(self) -> Tensor:
        """Cast to float16, differentiably (as ``torch.Tensor.half``).

        >>> Tensor([1.0]).half().dtype
        dtype('float16')
        """
        return self.astype(np.float16)

    def to(self, *args: Any, dtype: DTypeLike = None, device: Any = None) -> Tensor:
        """Cast to a dtype, or to another tensor's dtype (as ``torch.Tensor.to``); a device may
        be named, and the only one is ``"cpu"``. Differentiable between float dtypes.

        >>> x = Tensor([1.0, 2.0])
        >>> x.to(np.float64).dtype, x.to("cpu") is x, x.to(Tensor([1], dtype=np.int64)).dtype
        (dtype('float64'), True, dtype('int64'))
        """
        for arg in args:
            if isinstance(arg, Tensor):
                dtype = arg.dtype
            elif isinstance(arg, str) and arg.split(":")[0] in ("cpu", "cuda", "mps"):
                device = arg
            else:
                dtype = arg
        if device is not None and str(device).split(":")[0] != "cpu":
            raise ValueError(
                f"to: graphgrad computes with NumPy, on the CPU only; got device {device!r} "
                f"(use 'cpu', or leave the device out)"
            )
        return self if dtype is None else self.astype(dtype)

    def type_as(self, other: Tensor) -> Tensor:
        """Cast to ``other``'s dtype (as ``torch.Tensor.type_as``).

        >>> Tensor([1.0]).type_as(Tensor([1.0], dtype=np.float64)).dtype
        dtype('float64')
        """
        return self.astype(other.dtype)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` in place and return the tensor (as PyTorch's).

        >>> Tensor([1.0]).requires_grad_().requires_grad
        True
        """
        self.requires_grad = requires_grad
        return self

    def retain_grad(self) -> Tensor:
        """Keep ``.grad`` on this non-leaf tensor after backward (leaves always keep it)."""
        if not self._requires_grad:
            raise RuntimeError("retain_grad(): the tensor does not require grad")
        self._retains_grad = True
        return self

    def register_hook(self, hook: Hook) -> HookHandle:
        """Call ``hook(grad)`` when this tensor's gradient is computed; a Tensor it returns
        replaces the gradient. Returns a handle with ``.remove()``.

        >>> x = Tensor([1.0, 2.0], requires_grad=True)
        >>> handle = x.register_hook(lambda grad: grad * 10)
        >>> x.sum().backward()
        >>> x.grad
        array([10., 10.], dtype=float32)
        >>> handle.remove()
        """
        if not self._requires_grad:
            raise RuntimeError("register_hook(): the tensor does not require grad")
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return HookHandle(self._hooks, hook)

    def backward(
        self,
        grad: Tensor | np.ndarray | None = None,
        retain_graph: bool = False,
        create_graph: bool = False,
    ) -> None:
        """Accumulate d(self)/d(leaf) into every leaf's ``.grad``.

        ``grad`` is the upstream gradient (same shape as this tensor); it may be omitted only
        when this tensor has a single element, where it defaults to 1.
        """
        self._backward(self, grad, retain_graph=retain_graph, create_graph=create_graph)

    def zero_grad(self) -> None:
        """Forget the accumulated gradient (``.grad`` becomes None).

        >>> x = Tensor([1.0], requires_grad=True)
        >>> (x * 2).sum().backward()
        >>> x.zero_grad()
        >>> x.grad is None
        True
        """
        self.grad = None

    # ------------------------------------------------------------------ arithmetic sugar
    def __add__(self, other: Operand) -> Tensor:
        return ops.Add.apply(self, to_tensor(other, self))

    def __radd__(self, other: Operand) -> Tensor:
        return ops.Add.apply(to_tensor(other, self), self)

    def __sub__(self, other: Operand) -> Tensor:
        return ops.Sub.apply(self, to_tensor(other, self))

    def __rsub__(self, other: Operand) -> Tensor:
        return ops.Sub.apply(to_tensor(other, self), self)

    def __mul__(self, other: Operand) -> Tensor:
        return ops.Mul.apply(self, to_tensor(other, self))

    def __rmul__(self, other: Operand) -> Tensor:
        return ops.Mul.apply(to_tensor(other, self), self)

    def __truediv__(self, other: Operand) -> Tensor:
        return ops.Div.apply(self, to_tensor(other, self))

    def __rtruediv__(self, other: Operand) -> Tensor:
        return ops.Div.apply(to_tensor(other, self), self)

    def __pow__(self, other: Operand) -> Tensor:
        return ops.Pow.apply(self, to_tensor(other, self))

    def __rpow__(self, other: Operand) -> Tensor:
        return ops.Pow.apply(to_tensor(other, self), self)

    def __matmul__(self, other: Operand) -> Tensor:
        return ops.MatMul.apply(self, to_tensor(other, self))

    def __rmatmul__(self, other: Operand) -> Tensor:
        return ops.MatMul.apply(to_tensor(other, self), self)

    def __neg__(self) -> Tensor:
        return ops.Neg.apply(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return self.abs()

    # PyTorch's method spellings of the operators: the same ops
    def add(self, other: Operand, *, alpha: Scalar = 1) -> Tensor:
        """self + alpha * other (as ``torch.add``).

        >>> Tensor([1.0, 2.0]).add(Tensor([10.0, 20.0]), alpha=0.5)
        Tensor([ 6., 12.])
        """
        return self + (other if alpha == 1 else to_tensor(other, self) * alpha)

    def sub(self, other: Operand, *, alpha: Scalar = 1) -> Tensor:
        """self - alpha * other (as ``torch.sub``).

        >>> Tensor([1.0, 2.0]).sub(1.0, alpha=2)
        Tensor([-1.,  0.])
        """
        return self - (other if alpha == 1 else to_tensor(other, self) * alpha)

    def mul(self, other: Operand) -> Tensor:
        """self * other, broadcasting (as ``torch.mul``).

        >>> Tensor([1.0, 2.0]).mul(3.0)
        Tensor([3., 6.])
        """
        return self * other

    def div(self, other: Operand, *, rounding_mode: str | None = None) -> Tensor:
        """self / other, broadcasting (as ``torch.div``); ``rounding_mode="trunc"`` or
        ``"floor"`` rounds the quotient (gradient 0), keeping an integer dtype.

        >>> Tensor([-7.0, 7.0]).div(2.0), Tensor([-7.0, 7.0]).div(2.0, rounding_mode="floor")
        (Tensor([-3.5,  3.5]), Tensor([-4.,  3.]))
        """
        quotient = self / other
        if rounding_mode is None:
            return quotient
        if rounding_mode not in ("trunc", "floor"):
            raise ValueError(
                f"div: rounding_mode must be None, 'trunc' or 'floor', got {rounding_mode!r}"
            )
        rounded = quotient.trunc() if rounding_mode == "trunc" else quotient.floor()
        other_dtype = to_tensor(other, self).dtype
        if self.dtype.kind in "iu" and other_dtype.kind in "iu":
            return rounded.astype(np.result_type(self.dtype, other_dtype))
        return rounded

    def true_divide(self, other: Operand) -> Tensor:
        """self / other, always a float quotient (as ``torch.true_divide``).

        >>> Tensor([1.0]).true_divide(4.0)
        Tensor([0.25])
        """
        return self / other

    def pow(self, exponent: Operand) -> Tensor:
        """self ** exponent, broadcasting (as ``torch.pow``).

        >>> Tensor([2.0, 3.0]).pow(2)
        Tensor([4., 9.])
        """
        return self**exponent

    def neg(self) -> Tensor:
        """-self (as ``torch.neg``).

        >>> Tensor([1.0, -2.0]).neg()
        Tensor([-1.,  2.])
        """
        return -self

    subtract, multiply, divide, negative = sub, mul, div, neg  # PyTorch's aliases

    def matmul(self, other: Operand) -> Tensor:
        """self @ other: matrix product with NumPy's broadcasting (as ``torch.matmul``).

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).matmul(Tensor([1.0, 1.0]))
        Tensor([3., 7.])
        """
        return self @ other

    def mm(self, mat2: Operand) -> Tensor:
        """The product of two matrices, (n, m) @ (m, p), 2-D only (as ``torch.mm``).

        >>> Tensor(np.ones((2, 3))).mm(Tensor(np.ones((3, 4)))).shape
        (2, 4)
        """
        other = to_tensor(mat2, self)
        _check_product("mm", self, other, 2)
        return ops.MatMul.apply(self, other)

    def bmm(self, mat2: Operand) -> Tensor:
        """A batch of matrix products, (b, n, m) @ (b, m, p), 3-D only and no broadcasting
        (as ``torch.bmm``).

        >>> Tensor(np.ones((5, 2, 3))).bmm(Tensor(np.ones((5, 3, 4)))).shape
        (5, 2, 4)
        """
        other = to_tensor(mat2, self)
        _check_product("bmm", self, other, 3)
        return ops.MatMul.apply(self, other)

    def dot(self, other: Operand) -> Tensor:
        """The inner product of two 1-D tensors of the same length (as ``torch.dot``).

        >>> Tensor([1.0, 2.0]).dot(Tensor([3.0, 4.0]))
        Tensor(11.)
        """
        other = to_tensor(other, self)
        _check_product("dot", self, other, 1)
        return ops.MatMul.apply(self, other)

    # comparisons: non-differentiable boolean tensors
    def _compare(self, other: Operand, ufunc: np.ufunc) -> Tensor:
        other = other.data if isinstance(other, Tensor) else other
        try:
            return Tensor._wrap(np.asarray(ufunc(self.data, other)))
        except ValueError as exc:
            raise ValueError(
                f"{ufunc.__name__}: cannot compare shapes {self.shape} and "
                f"{np.shape(other)} ({exc})"
            ) from None

    def __eq__(self, other: Operand) -> Tensor:  # type: ignore[override]
        return self._compare(other, np.equal)

    def __ne__(self, other: Operand) -> Tensor:  # type: ignore[override]
        return self._compare(other, np.not_equal)

    def __lt__(self, other: Operand) -> Tensor:
        return self._compare(other, np.less)

    def __le__(self, other: Operand) -> Tensor:
        return self._compare(other, np.less_equal)

    def __gt__(self, other: Operand) -> Tensor:
        return self._compare(other, np.greater)

    def __ge__(self, other: Operand) -> Tensor:
        return self._compare(other, np.greater_equal)

    # in-place operators: change the data, bump the version counter
    def _check_inplace(self, what: str) -> None:
        if self._requires_grad and STATE.enabled:
            kind = "a leaf tensor" if self._op is None else "a tensor in the graph"
            raise RuntimeError(
                f"{what}: in-place change of {kind} that requires grad (shape {self.shape}) "
                f"would make its gradients wrong; write it out of place (x = x + y) or, for "
                f"parameter updates, inside `with no_grad():`"
            )

    def _inplace(self, what: str, ufunc: np.ufunc, other: Operand) -> Tensor:
        self._check_inplace(what)
        other = other.data if isinstance(other, Tensor) else other
        try:
            ufunc(self.data, other, out=self.data, casting="same_kind")
        except (ValueError, TypeError) as exc:
            raise ValueError(
                f"{what}: cannot update a tensor of shape {self.shape} and dtype {self.dtype} "
                f"in place with shape {np.shape(other)} ({exc})"
            ) from None
        self._version[0] += 1
        return self

    def __iadd__(self, other: Operand) -> Tensor:
        return self._inplace("+=", np.add, other)

    def __isub__(self, other: Operand) -> Tensor:
        return self._inplace("-=", np.subtract, other)

    def __imul__(self, other: Operand) -> Tensor:
        return self._inplace("*=", np.multiply, other)

    def __itruediv__(self, other: Operand) -> Tensor:
        return self._inplace("/=", np.true_divide, other)

    def __setitem__(self, index: object, value: Operand) -> None:
        """Write ``value`` at ``index``, in place. A ``value`` that requires grad is recorded
        (the buffer pattern of RNNs, as PyTorch's): the gradient reaches it and the rest.

        >>> w = Tensor(2.0, requires_grad=True)
        >>> buffer = Tensor(np.zeros(2))
        >>> buffer[0] = w * 3
        >>> (buffer.sum() + w * w).backward()
        >>> float(w.grad)  # 3 + 2 w
        7.0
        """
        if isinstance(value, Tensor) and (
            (value._requires_grad and STATE.enabled)
            or (STATE.dual_level and (value._tangent or self._tangent))
        ):
            self._record_assignment(index, value)  # a path for gradients or tangents
            return
        self._check_inplace("__setitem__")
        key = checks.normalize_index(index, self.shape, "__setitem__")
        value = value.data if isinstance(value, Tensor) else value
        try:
            self.data[key] = value
        except (ValueError, IndexError) as exc:
            raise type(exc)(
                f"__setitem__: cannot assign a value of shape {np.shape(value)} into a tensor "
                f"of shape {self.shape} at {key!r} ({exc})"
            ) from None
        self._version[0] += 1

    def _record_assignment(self, index: object, value: Tensor) -> None:
        """``self[index] = value`` as a recorded op: ``self`` becomes its output, and a stand-in
        for what ``self`` was before becomes its first input."""
        op = self._op
        if self._requires_grad and (
            op is None or (op.makes_view and op.inputs[0]._version is self._version)
        ):
            self._check_inplace("__setitem__")  # a leaf that requires grad, or a view of one
        if self.data.dtype.kind != "f":
            raise TypeError(
                f"__setitem__: a value that requires grad cannot be written into a tensor of "
                f"dtype {self.data.dtype} (shape {self.shape}); make it a float tensor first"
            )
        key = checks.normalize_index(index, self.shape, "__setitem__")
        before = Tensor._wrap(self.data)
        before._op, before._requires_grad, before.name = op, self._requires_grad, self.name
        before._version, before._tangent = self._version, self._tangent
        ops.SetItem.recorded = True  # from now on the engine looks for overwritten inputs
        written = ops.SetItem.apply(before, value, index=key, rebound_version=self._version[0])
        self._op, self._tangent = written._op, written._tangent
        self._requires_grad = written._requires_grad
        if self._op is not None:
            self._op._output_ref = None
        self._version[0] += 1

    def __getitem__(self, index: object) -> Tensor:
        return ops.GetItem.apply(self, index=checks.normalize_index(index, self.shape, "indexing"))

    # ------------------------------------------------------------------ elementwise
    def exp(self) -> Tensor:
        """e to the power of each element; d exp(x) = exp(x) dx.

        >>> Tensor([0.0, 1.0]).exp()
        Tensor([1.    , 2.7183])
        """
        return ops.Exp.apply(self)

    def log(self) -> Tensor:
        """Natural logarithm; d log(x) = dx / x (log 0 = -inf, as NumPy).

        >>> Tensor([1.0, np.e]).log()
        Tensor([0., 1.])
        """
        return ops.Log.apply(self)

    def sqrt(self) -> Tensor:
        """Square root; d sqrt(x) = dx / (2 sqrt(x)).

        >>> Tensor([4.0, 9.0]).sqrt()
        Tensor([2., 3.])
        """
        return ops.Sqrt.apply(self)

    def abs(self) -> Tensor:
        """Absolute value; d |x| = sign(x) dx (0 at 0, as PyTorch).

        >>> Tensor([-2.0, 3.0]).abs()
        Tensor([2., 3.])
        """
        return ops.Abs.apply(self)

    def relu(self) -> Tensor:
        """max(x, 0); the gradient passes where x > 0 and is 0 elsewhere.

        >>> Tensor([-1.0, 2.0]).relu()
        Tensor([0., 2.])
        """
        return ops.Relu.apply(self)

    def sigmoid(self) -> Tensor:
        """1 / (1 + exp(-x)), computed without overflow; d s = s (1 - s) dx.

        >>> Tensor([0.0]).sigmoid()
        Tensor([0.5])
        """
        return ops.Sigmoid.apply(self)

    def tanh(self) -> Tensor:
        """Hyperbolic tangent; d tanh(x) = (1 - tanh(x)^2) dx.

        >>> Tensor([0.0]).tanh()
        Tensor([0.])
        """
        return ops.Tanh.apply(self)

    def clip(self, min: Bound = None, max: Bound = None) -> Tensor:  # noqa: A002 - NumPy's names
        """Clamp values into [min, max] (``clamp`` is the same); the gradient flows where the
        value was not clipped. A bound may be a number or a tensor (broadcasting); a bound that
        requires grad receives the gradient where it is the result, as in PyTorch.

        >>> x = Tensor([-2.0, 0.5, 3.0], requires_grad=True)
        >>> low = Tensor([-1.0, -1.0, -1.0], requires_grad=True)
        >>> x.clamp(min=low, max=1.0).sum().backward()
        >>> x.grad, low.grad
        (array([0., 1., 0.], dtype=float32), array([1., 0., 0.], dtype=float32))
        """
        if min is None and max is None:
            raise ValueError("clip: give at least one of min and max")
        if STATE.enabled and any(
            isinstance(bound, Tensor) and bound._requires_grad for bound in (min, max)
        ):
            return self._clip_by_where(min, max)
        low, high = (_bound(value, self, "clip") for value in (min, max))
        return ops.Clip.apply(self, low=low, high=high)

    def _clip_by_where(self, low: Bound, high: Bound) -> Tensor:
        """clip as max(min(x, high), low) written with ``where``, so that every bound is in the
        graph; a NaN in x stays NaN (the comparisons keep it)."""
        out = self
        if low is not None:
            low = to_tensor(low, self)
            out = out.where(~(out < low).data, low)
        if high is not None:
            high = to_tensor(high, self)
            out = out.where(~(out > high).data, high)
        return out

    clamp = clip

    # ------------------------------------------------------------------ pointwise math
    def erf(self) -> Tensor:
        """The error function, 2 / sqrt(pi) times the integral of exp(-t^2) from 0 to x;
        d erf(x) = 2 / sqrt(pi) exp(-x^2) dx.

        >>> Tensor([0.0, 1.0], dtype=np.float64).erf()
        Tensor([0.    , 0.8427], dtype=float64)
        """
        return ops.Erf.apply(self)

    def erfc(self) -> Tensor:
        """The complementary error function 1 - erf(x), accurate where erf(x) is near 1;
        d erfc(x) = -2 / sqrt(pi) exp(-x^2) dx.

        >>> Tensor([0.0, 1.0], dtype=np.float64).erfc()
        Tensor([1.    , 0.1573], dtype=float64)
        """
        return ops.Erfc.apply(self)

    def sin(self) -> Tensor:
        """Sine; d sin(x) = cos(x) dx.

        >>> Tensor([0.0, np.pi / 2]).sin()
        Tensor([0., 1.])
        """
        return ops.Sin.apply(self)

    def cos(self) -> Tensor:
        """Cosine; d cos(x) = -sin(x) dx.

        >>> Tensor([0.0, np.pi]).cos()
        Tensor([ 1., -1.])
        """
        return ops.Cos.apply(self)

    def tan(self) -> Tensor:
        """Tangent; d tan(x) = (1 + tan(x)^2) dx.

        >>> Tensor([0.0, np.pi / 4]).tan()
        Tensor([0., 1.])
        """
        return ops.Tan.apply(self)

    def asin(self) -> Tensor:
        """Inverse sine (NaN outside [-1, 1]); d asin(x) = dx / sqrt(1 - x^2).

        >>> Tensor([0.0, 1.0, 2.0]).asin()
        Tensor([0.    , 1.5708,    nan])
        """
        return ops.Asin.apply(self)

    def acos(self) -> Tensor:
        """Inverse cosine (NaN outside [-1, 1]); d acos(x) = -dx / sqrt(1 - x^2).

        >>> Tensor([1.0, 0.0]).acos()
        Tensor([0.    , 1.5708])
        """
        return ops.Acos.apply(self)

    def atan(self) -> Tensor:
        """Inverse tangent; d atan(x) = dx / (1 + x^2).

        >>> Tensor([0.0, 1.0]).atan()
        Tensor([0.    , 0.7854])
        """
        return ops.Atan.apply(self)

    def sinh(self) -> Tensor:
        """Hyperbolic sine; d sinh(x) = cosh(x) dx.

        >>> Tensor([0.0, 1.0]).sinh()
        Tensor([0.    , 1.1752])
        """
        return ops.Sinh.apply(self)

    def cosh(self) -> Tensor:
        """Hyperbolic cosine; d cosh(x) = sinh(x) dx.

        >>> Tensor([0.0, 1.0]).cosh()
        Tensor([1.    , 1.5431])
        """
        return ops.Cosh.apply(self)

    def asinh(self) -> Tensor:
        """Inverse hyperbolic sine; d asinh(x) = dx / sqrt(x^2 + 1).

        >>> Tensor([0.0, 1.0]).asinh()
        Tensor([0.    , 0.8814])
        """
        return ops.Asinh.apply(self)

    def acosh(self) -> Tensor:
        """Inverse hyperbolic cosine (NaN below 1); d acosh(x) = dx / sqrt(x^2 - 1).

        >>> Tensor([1.0, 2.0]).acosh()
        Tensor([0.   , 1.317])
        """
        return ops.Acosh.apply(self)

    def atanh(self) -> Tensor:
        """Inverse hyperbolic tangent (±inf at ±1, NaN beyond); d atanh(x) = dx / (1 - x^2).

        >>> Tensor([0.0, 0.5, 1.0]).atanh()
        Tensor([0.    , 0.5493,    inf])
        """
        return ops.Atanh.apply(self)

    def log2(self) -> Tensor:
        """Base-2 logarithm; d log2(x) = dx / (x ln 2).

        >>> Tensor([1.0, 8.0]).log2()
        Tensor([0., 3.])
        """
        return ops.Log2.apply(self)

    def log10(self) -> Tensor:
        """Base-10 logarithm; d log10(x) = dx / (x ln 10).

        >>> Tensor([1.0, 100.0]).log10()
        Tensor([0., 2.])
        """
        return ops.Log10.apply(self)

    def log1p(self) -> Tensor:
        """log(1 + x), accurate for small x (log1p(-1) = -inf); d log1p(x) = dx / (1 + x).

        >>> Tensor([0.0, -1.0]).log1p()
        Tensor([  0., -inf])
        """
        return ops.Log1p.apply(self)

    def expm1(self) -> Tensor:
        """exp(x) - 1, accurate for small x; d expm1(x) = exp(x) dx.

        >>> Tensor([0.0, 1.0]).expm1()
        Tensor([0.    , 1.7183])
        """
        return ops.Expm1.apply(self)

    def exp2(self) -> Tensor:
        """2 to the power of each element; d 2^x = 2^x ln 2 dx.

        >>> Tensor([0.0, 3.0]).exp2()
        Tensor([1., 8.])
        """
        return ops.Exp2.apply(self)

    def rsqrt(self) -> Tensor:
        """1 / sqrt(x); d x^(-1/2) = -x^(-3/2) / 2 dx.

        >>> Tensor([4.0, 0.25]).rsqrt()
        Tensor([0.5, 2. ])
        """
        return ops.Rsqrt.apply(self)

    def reciprocal(self) -> Tensor:
        """1 / x; d (1 / x) = -dx / x^2.

        >>> Tensor([2.0, -0.5]).reciprocal()
        Tensor([ 0.5, -2. ])
        """
        return ops.Reciprocal.apply(self)

    def square(self) -> Tensor:
        """x * x; d x^2 = 2 x dx.

        >>> Tensor([-2.0, 3.0]).square()
        Tensor([4., 9.])
        """
        return ops.Square.apply(self)

    def erfinv(self) -> Tensor:
        """The inverse error function, erf(erfinv(x)) = x (±inf at ±1, NaN beyond);
        d erfinv(x) = sqrt(pi) / 2 exp(erfinv(x)^2) dx.

        >>> Tensor([0.0, 0.5]).erfinv()
        Tensor([0.    , 0.4769])
        """
        return ops.Erfinv.apply(self)

    def sign(self) -> Tensor:
        """-1, 0 or 1 by the sign of each element; its gradient is 0, as in PyTorch.

        >>> Tensor([-2.0, 0.0, 3.0]).sign()
        Tensor([-1.,  0.,  1.])
        """
        return ops.Sign.apply(self)

    def floor(self) -> Tensor:
        """The largest whole number not above each element; its gradient is 0, as in PyTorch.

        >>> Tensor([-1.5, 1.5]).floor()
        Tensor([-2.,  1.])
        """
        return ops.Floor.apply(self)

    def ceil(self) -> Tensor:
        """The smallest whole number not below each element; its gradient is 0, as in PyTorch.

        >>> Tensor([-1.5, 1.5]).ceil()
        Tensor([-1.,  2.])
        """
        return ops.Ceil.apply(self)

    def trunc(self) -> Tensor:
        """Each element rounded toward 0; its gradient is 0, as in PyTorch.

        >>> Tensor([-1.5, 1.5]).trunc()
        Tensor([-1.,  1.])
        """
        return ops.Trunc.apply(self)

    def frac(self) -> Tensor:
        """The fractional part x - trunc(x), with the sign of x; d frac(x) = dx.

        >>> Tensor([-1.5, 2.25]).frac()
        Tensor([-0.5 ,  0.25])
        """
        return ops.Frac.apply(self)

    def round(self, decimals: int = 0) -> Tensor:
        """Round to ``decimals`` places, halves to even (as NumPy and PyTorch); its gradient is 0.

        >>> Tensor([0.5, 1.5, 2.25]).round()
        Tensor([0., 2., 2.])
        """
        if not isinstance(decimals, numbers.Integral):
            raise TypeError(f"round: decimals must be an int, got {type(decimals).__name__}")
        return ops.Round.apply(self, decimals=int(decimals))

    arcsin, arccos, arctan = asin, acos, atan  # PyTorch's aliases
    arcsinh, arccosh, arctanh = asinh, acosh, atanh
    fix = trunc

    def atan2(self, other: Operand) -> Tensor:
        """The angle of the point (other, self), in (-pi, pi], broadcasting;
        d atan2(y, x) = (x dy - y dx) / (x^2 + y^2).

        >>> Tensor([1.0, -1.0]).atan2(Tensor([0.0, -1.0]))
        Tensor([ 1.5708, -2.3562])
        """
        return ops.Atan2.apply(self, to_tensor(other, self))

    arctan2 = atan2

    def hypot(self, other: Operand) -> Tensor:
        """sqrt(self^2 + other^2) without overflow, broadcasting; d h = (a da + b db) / h.

        >>> Tensor([3.0]).hypot(4.0)
        Tensor([5.])
        """
        return ops.Hypot.apply(self, to_tensor(other, self))

    def logaddexp(self, other: Operand) -> Tensor:
        """log(exp(self) + exp(other)) without overflow, broadcasting;
        d = sigmoid(a - b) da + sigmoid(b - a) db.

        >>> Tensor([1000.0]).logaddexp(1000.0)
        Tensor([1000.6932])
        """
        return ops.Logaddexp.apply(self, to_tensor(other, self))

    def copysign(self, other: Operand) -> Tensor:
        """|self| with the sign of ``other`` (its sign bit: -0.0 counts as negative),
        broadcasting; the gradient flows into self only.

        >>> Tensor([1.0, -2.0]).copysign(Tensor([-1.0, 0.0]))
        Tensor([-1.,  2.])
        """
        return ops.Copysign.apply(self, to_tensor(other, self))

    def fmod(self, other: Operand) -> Tensor:
        """The remainder of self / other with the sign of self (C's fmod), broadcasting;
        d fmod(a, b) = da - trunc(a / b) db.

        >>> Tensor([-3.0, 3.0]).fmod(2.0)
        Tensor([-1.,  1.])
        """
        return ops.Fmod.apply(self, to_tensor(other, self))

    def remainder(self, other: Operand) -> Tensor:
        """The remainder of self / other with the sign of other (Python's %), broadcasting;
        d remainder(a, b) = da - floor(a / b) db.

        >>> Tensor([-3.0, 3.0]).remainder(2.0)
        Tensor([1., 1.])
        """
        return ops.Remainder.apply(self, to_tensor(other, self))

    def lerp(self, end: Operand, weight: Operand) -> Tensor:
        """self + weight (end - self), broadcasting; differentiable in all three:
        d lerp(s, e, w) = (1 - w) ds + w de + (e - s) dw.

        >>> Tensor([0.0, 10.0]).lerp(Tensor([10.0, 20.0]), 0.25)
        Tensor([ 2.5, 12.5])
        """
        return ops.Lerp.apply(self, to_tensor(end, self), to_tensor(weight, self))

    # predicates: non-differentiable boolean tensors
    def isnan(self) -> Tensor:
        """True where an element is NaN.

        >>> Tensor([1.0, np.nan]).isnan()
        Tensor([False,  True], dtype=bool)
        """
        return Tensor._wrap(np.asarray(np.isnan(self.data)))

    def isinf(self) -> Tensor:
        """True where an element is +inf or -inf.

        >>> Tensor([1.0, -np.inf]).isinf()
        Tensor([False,  True], dtype=bool)
        """
        return Tensor._wrap(np.asarray(np.isinf(self.data)))

    def isfinite(self) -> Tensor:
        """True where an element is neither infinite nor NaN.

        >>> Tensor([1.0, np.inf, np.nan]).isfinite()
        Tensor([ True, False, False], dtype=bool)
        """
        return Tensor._wrap(np.asarray(np.isfinite(self.data)))

    def isclose(
        self,
        other: Operand,
        rtol: Tolerance = 1e-05,
        atol: Tolerance = 1e-08,
        equal_nan: bool = False,
    ) -> Tensor:
        """True where |self - other| <= atol + rtol |other| (PyTorch's defaults), broadcasting.

        >>> Tensor([1.0, 2.0]).isclose(Tensor([1.0 + 1e-7, 2.1]))
        Tensor([ True, False], dtype=bool)
        """
        other = other.data if isinstance(other, Tensor) else other
        return Tensor._wrap(np.asarray(np.isclose(self.data, other, rtol, atol, equal_nan)))

    # ------------------------------------------------------------------ reductions
    # Each takes NumPy's axis=/keepdims= or PyTorch's dim=/keepdim= (composite.resolve_axis).
    def sum(
        self,
        axis: Axis = None,
        keepdims: bool = False,
        *,
        dim: Axis = None,
        keepdim: bool | None = None,
    ) -> Tensor:
        """Sum over ``axis`` (all axes by default); the gradient is copied back to every entry.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).sum(axis=0)
        Tensor([4., 6.])
        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).sum(dim=-1, keepdim=True).shape
        (2, 1)
        """
        axis, keepdims = composite.resolve_axis("sum", axis, dim, keepdims, keepdim)
        return ops.Sum.apply(
            self, axis=checks.normalize_axis(axis, self.ndim, "sum"), keepdims=keepdims
        )

    def mean(
        self,
        axis: Axis = None,
        keepdims: bool = False,
        *,
        dim: Axis = None,
        keepdim: bool | None = None,
    ) -> Tensor:
        """Mean over ``axis`` (all axes by default); the mean of nothing is NaN, as in PyTorch.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).mean(axis=1, keepdims=True)
        Tensor([[1.5],
                [3.5]])
        """
        axis, keepdims = composite.resolve_axis("mean", axis, dim, keepdims, keepdim)
        return ops.Mean.apply(
            self, axis=checks.normalize_axis(axis, self.ndim, "mean"), keepdims=keepdims
        )

    @overload
    def max(
        self,
        axis: Axis = None,
        keepdims: bool = False,
        *,
        dim: None = None,
        keepdim: bool | None = None,
    ) -> Tensor: ...
    @overload
    def max(
        self, axis: None = None, keepdims: bool = False, *, dim: int, keepdim: bool | None = None
    ) -> ValuesIndices: ...
    def max(
        self,
        axis: Axis = None,
        keepdims: bool = False,
        *,
        dim: int | None = None,
        keepdim: bool | None = None,
    ) -> Tensor | ValuesIndices:
        """Maximum; with ties the gradient is shared equally among the tied entries.

        With ``axis=`` the maxima; with PyTorch's ``dim=``, PyTorch's ``(values, indices)``
        along that one dimension (the indices: int64, of the first maximum).

        >>> x = Tensor([[1.0, 5.0], [7.0, 2.0]])
        >>> x.max(axis=1)
        Tensor([5., 7.])
        >>> x.max(dim=1)
        ValuesIndices(values=Tensor([5., 7.]), indices=Tensor([1, 0], dtype=int64))
        """
        if dim is not None:
            return self._values_indices("max", axis, dim, keepdims, keepdim)
        axis, keepdims = composite.resolve_axis("max", axis, None, keepdims, keepdim)
        return ops.Max.apply(
            self, axis=checks.normalize_axis(axis, self.ndim, "max"), keepdims=keepdims
        )

    @overload
    def min(
        self,
        axis: Axis = None,
        keepdims: bool = False,
        *,
        dim: None = None,
        keepdim: bool | None = None,
    ) -> Tensor: ...
    @overload
    def min(
        self, axis: None = None, keepdims: bool = False, *, dim: int, keepdim: bool | None = None
    ) -> ValuesIndices: ...
    def min(
        self,
        axis: Axis = None,
        keepdims: bool = False,
        *,
        dim: int | None = None,
        keepdim: bool | None = None,
    ) -> Tensor | ValuesIndices:
        """Minimum; with ties the gradient is shared equally among the tied entries. With
        ``dim=``, PyTorch's ``(values, indices)`` (as ``max``).

        >>> Tensor([[1.0, 5.0], [7.0, 2.0]]).min(dim=0).indices
        Tensor([0, 1], dtype=int64)
        """
        if dim is not None:
            return self._values_indices("min", axis, dim, keepdims, keepdim)
        axis, keepdims = composite.resolve_axis("min", axis, None, keepdims, keepdim)
        return ops.Min.apply(
            self, axis=checks.normalize_axis(axis, self.ndim, "min"), keepdims=keepdims
        )

    def _values_indices(
        self, name: str, axis: Axis, dim: int, keepdims: bool, keepdim: bool | None
    ) -> ValuesIndices:
        """PyTorch's ``max(dim)``/``min(dim)``: the extremes (differentiable) and where they are."""
        axis, keepdims = composite.resolve_axis(name, axis, dim, keepdims, keepdim)
        if not isinstance(axis, (int, np.integer)):
            raise TypeError(
                f"{name}: dim= must be one int ({name}(dim=d) returns values and indices along "
                f"one dimension), got {axis!r}; use axis= to reduce over several"
            )
        axes = checks.normalize_axis(axis, self.ndim, name)
        op = ops.Max if name == "max" else ops.Min
        values = op.apply(self, axis=axes, keepdims=keepdims)
        find = np.argmax if name == "max" else np.argmin
        where = axes[0] if axes else None  # a 0-d tensor is its own extreme, at index 0
        indices = np.asarray(find(self.data, axis=where, keepdims=keepdims), dtype=np.int64)
        return ValuesIndices(values, Tensor._wrap(indices))

    def var(
        self,
        axis: Axis = None,
        keepdims: bool = False,
        ddof: int | None = None,
        *,
        dim: Axis = None,
        keepdim: bool | None = None,
        correction: int | None = None,
        unbiased: bool | None = None,
    ) -> Tensor:
        """Variance over ``axis`` (or ``dim``), divided by n - correction; PyTorch's default
        correction=1 (the sample variance). NumPy's ``ddof`` is the same number.

        >>> x = Tensor([1.0, 2.0, 3.0, 4.0])
        >>> x.var(), x.var(ddof=0), x.var(correction=0)
        (Tensor(1.6667), Tensor(1.25), Tensor(1.25))
        """
        return composite.var(
            self,
            axis,
            keepdims,
            ddof,
            dim=dim,
            keepdim=keepdim,
            correction=correction,
            unbiased=unbiased,
        )

    def std(
        self,
        axis: Axis = None,
        keepdims: bool = False,
        ddof: int | None = None,
        *,
        dim: Axis = None,
        keepdim: bool | None = None,
        correction: int | None = None,
        unbiased: bool | None = None,
    ) -> Tensor:
        """Standard deviation over ``axis`` (or ``dim``), sqrt(var) with the same correction
        (default 1); its gradient is 0 where all values are equal.

        >>> Tensor([1.0, 3.0]).std(), Tensor([1.0, 3.0]).std(correction=0)
        (Tensor(1.4142), Tensor(1.))
        """
        return composite.std(
            self,
            axis,
            keepdims,
            ddof,
            dim=dim,
            keepdim=keepdim,
            correction=correction,
            unbiased=unbiased,
        )

    def where(self, condition: Any, other: Operand) -> Tensor:
        """This tensor where ``condition`` holds, else ``other`` (as ``torch.Tensor.where``);
        differentiable in both. ``autograd.where(condition, a, b)`` is ``a.where(condition, b)``.

        >>> x = Tensor([-2.0, 3.0])
        >>> x.where(x > 0, 0.0)
        Tensor([0., 3.])
        """
        # backward reads the condition: a snapshot, so that changing it later changes nothing
        mask = np.array(condition.data if isinstance(condition, Tensor) else condition)
        if mask.dtype != bool:
            raise TypeError(f"where: the condition must be boolean, got dtype {mask.dtype}")
        other = to_tensor(other, self)
        shape = checks.broadcast_shapes("where", mask.shape, self.shape, other.shape)
        a, b = self, other
        if a.shape != shape:
            a = ops.Expand.apply(a, shape=shape)  # its backward sums the gradient back
        if b.shape != shape:
            b = ops.Expand.apply(b, shape=shape)
        if mask.shape != shape:
            mask = np.broadcast_to(mask, shape)
        return ops.Where.apply(a, b, condition=mask)

    def logsumexp(
        self,
        axis: Axis = None,
        keepdims: bool = False,
        *,
        dim: Axis = None,
        keepdim: bool | None = None,
    ) -> Tensor:
        """log(sum(exp(x))) over ``axis`` (or ``dim``), without overflow.

        >>> float(Tensor([0.0, 0.0], dtype=np.float64).logsumexp())
        0.6931471805599453
        """
        return composite.logsumexp(self, axis, keepdims, dim=dim, keepdim=keepdim)

    def softmax(self, axis: int | None = None, *, dim: int | None = None) -> Tensor:
        """exp(x) / sum(exp(x)) along ``axis`` (or ``dim``; the last by default),
        max-normalised; made of primitives only.

        >>> Tensor([1.0, 1.0]).softmax()
        Tensor([0.5, 0.5])
        """
        return composite.softmax(self, axis, dim=dim)

    def log_softmax(self, axis: int | None = None, *, dim: int | None = None) -> Tensor:
        """log(softmax(x)) along ``axis`` (or ``dim``; the last by default), computed stably;
        made of primitives only.

        >>> Tensor([0.0, 0.0], dtype=np.float64).log_softmax()
        Tensor([-0.6931, -0.6931], dtype=float64)
        """
        return composite.log_softmax(self, axis, dim=dim)

    def argmax(
        self,
        axis: Axis = None,
        keepdims: bool = False,
        *,
        dim: Axis = None,
        keepdim: bool | None = None,
    ) -> Tensor:
        """Indices of the maxima along ``axis`` (or ``dim``), of the flattened tensor by
        default (an int64 tensor, not differentiable).

        >>> Tensor([[1.0, 5.0], [7.0, 2.0]]).argmax(dim=1, keepdim=True)
        Tensor([[1],
                [0]], dtype=int64)
        """
        axis, keepdims = composite.resolve_axis("argmax", axis, dim, keepdims, keepdim)
        index = np.argmax(self.data, _one_axis(axis, self, "argmax"), keepdims=keepdims)
        return Tensor._wrap(np.asarray(index, dtype=np.int64))

    def argmin(
        self,
        axis: Axis = None,
        keepdims: bool = False,
        *,
        dim: Axis = None,
        keepdim: bool | None = None,
    ) -> Tensor:
        """Indices of the minima along ``axis`` (or ``dim``), of the flattened tensor by
        default (an int64 tensor, not differentiable).

        >>> Tensor([3.0, 1.0, 2.0]).argmin()
        Tensor(1, dtype=int64)
        """
        axis, keepdims = composite.resolve_axis("argmin", axis, dim, keepdims, keepdim)
        index = np.argmin(self.data, _one_axis(axis, self, "argmin"), keepdims=keepdims)
        return Tensor._wrap(np.asarray(index, dtype=np.int64))

    # ------------------------------------------------------------------ shape
    def reshape(self, *shape: int | Sequence[int]) -> Tensor:
        """The same values in a new shape (one size may be -1); ``reshape(2, 3)`` or
        ``reshape((2, 3))``. A view when NumPy can make one, as PyTorch's.

        >>> Tensor([1.0, 2.0, 3.0, 4.0]).reshape(2, -1).shape
        (2, 2)
        """
        sizes = _sizes(shape)
        return ops.Reshape.apply(self, shape=checks.normalize_shape(sizes, self.shape, "reshape"))

    view = reshape

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        """Merge the axes ``start_dim`` to ``end_dim`` into one (all by default).

        >>> Tensor(np.zeros((2, 3, 4))).flatten(1).shape
        (2, 12)
        """
        if self.ndim == 0:
            return self.reshape(1)
        start, end = (_one_axis(d, self, "flatten") for d in (start_dim, end_dim))
        merged = math.prod(self.shape[start : end + 1])
        return self.reshape((*self.shape[:start], merged, *self.shape[end + 1 :]))

    def squeeze(self, axis: Axis = None, *, dim: Axis = None) -> Tensor:
        """Drop axes of size 1 (the given ones, or all of them). A named axis whose size is not
        1 is an error with NumPy's ``axis=``, and left as it is with PyTorch's ``dim=``.

        >>> Tensor(np.zeros((1, 3, 1))).squeeze().shape
        (3,)
        >>> Tensor(np.zeros((1, 3, 1))).squeeze(dim=(0, 1)).shape
        (3, 1)
        """
        pytorch = dim is not None
        axis, _ = composite.resolve_axis("squeeze", axis, dim)
        axes = checks.normalize_axis(axis, self.ndim, "squeeze")
        if axes is None or pytorch:
            axes = tuple(
                i for i, n in enumerate(self.shape) if n == 1 and (axes is None or i in axes)
            )
        for ax in axes:
            if self.shape[ax] != 1:
                raise ValueError(
                    f"squeeze: axis {ax} has size {self.shape[ax]}, not 1 (shape {self.shape})"
                )
        return self.reshape(tuple(n for i, n in enumerate(self.shape) if i not in axes))

    def unsqueeze(self, axis: int | None = None, *, dim: int | None = None) -> Tensor:
        """Insert an axis of size 1 at ``axis`` (or ``dim``; ``expand_dims`` is the same).

        >>> Tensor(np.zeros(3)).unsqueeze(0).shape, Tensor(np.zeros(3)).unsqueeze(dim=-1).shape
        ((1, 3), (3, 1))
        """
        axis, _ = composite.resolve_axis("unsqueeze", axis, dim)
        if axis is None:
            raise TypeError("unsqueeze: missing the axis (dim) at which to insert a size-1 axis")
        ndim = self.ndim + 1
        if not -ndim <= axis < ndim:
            raise ValueError(
                f"unsqueeze: axis {axis} is out of range for a result with {ndim} "
                f"dimensions (input shape {self.shape})"
            )
        axis %= ndim
        return self.reshape((*self.shape[:axis], 1, *self.shape[axis:]))

    expand_dims = unsqueeze

    def transpose(self, *axes: int | Sequence[int]) -> Tensor:
        """Permute axes. ``transpose()`` reverses them, ``transpose((2, 0, 1))`` (one tuple) is
        NumPy's permutation, ``transpose(d0, d1)`` (two ints) swaps two axes as in PyTorch."""
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            return self.permute(*axes[0])
        order = _sizes(axes)
        if not order:
            order = tuple(reversed(range(self.ndim)))
        elif len(order) == 2:
            return self.swapaxes(*order)
        return ops.Transpose.apply(self, axes=checks.normalize_permutation(order, self.ndim))

    def permute(self, *axes: int | Sequence[int]) -> Tensor:
        """Reorder the axes: ``permute(2, 0, 1)``; the gradient is permuted back.

        >>> Tensor(np.zeros((2, 3, 4))).permute(2, 0, 1).shape
        (4, 2, 3)
        """
        order = checks.normalize_permutation(_sizes(axes), self.ndim)
        return ops.Transpose.apply(self, axes=order)

    def swapaxes(self, first: int, second: int) -> Tensor:
        """Exchange two axes (PyTorch's ``transpose(d0, d1)``).

        >>> Tensor(np.zeros((2, 3))).swapaxes(0, 1).shape
        (3, 2)
        """
        first, second = _one_axis(first, self, "swapaxes"), _one_axis(second, self, "swapaxes")
        order = list(range(self.ndim))
        order[first], order[second] = order[second], order[first]
        return ops.Transpose.apply(self, axes=tuple(order))

    @property
    def T(self) -> Tensor:
        """All axes reversed (the matrix transpose for 2-D tensors)."""
        return ops.Transpose.apply(self, axes=tuple(reversed(range(self.ndim))))

    def t(self) -> Tensor:
        """The transpose of a matrix; a 0-d or 1-D tensor as it is (as ``torch.Tensor.t``).

        >>> Tensor(np.zeros((2, 3))).t().shape, Tensor(np.zeros(3)).t().shape
        ((3, 2), (3,))
        """
        if self.ndim > 2:
            raise ValueError(
                f"t: expects a tensor with at most 2 dimensions, got shape {self.shape}; use "
                f"transpose(dim0, dim1) or permute(...) for more"
            )
        return self.T

    def reshape_as(self, other: Tensor) -> Tensor:
        """The same values in ``other``'s shape (as ``torch.Tensor.reshape_as``).

        >>> Tensor([1.0, 2.0, 3.0, 4.0]).reshape_as(Tensor(np.zeros((2, 2)))).shape
        (2, 2)
        """
        return self.reshape(other.shape)

    view_as = reshape_as

    def expand_as(self, other: Tensor) -> Tensor:
        """Broadcast to ``other``'s shape (as ``torch.Tensor.expand_as``).

        >>> Tensor([[1.0], [2.0]]).expand_as(Tensor(np.zeros((2, 3)))).shape
        (2, 3)
        """
        return self.expand(other.shape)

    def expand(self, *shape: int | Sequence[int]) -> Tensor:
        """Broadcast to a larger shape without copying; -1 keeps a size.

        >>> Tensor([[1.0], [2.0]]).expand(2, 3).shape
        (2, 3)
        """
        requested = _sizes(shape)
        new_axes = len(requested) - self.ndim
        for axis, size in enumerate(requested):
            if size < 0 and (size != -1 or axis < new_axes):
                where = "a new leading dimension" if axis < new_axes else "a size"
                raise ValueError(
                    f"expand: {size} is not allowed for {where} (dimension {axis}); -1 keeps "
                    f"an existing size (tensor shape {self.shape}, requested {requested})"
                )
        padded = (-1,) * new_axes + self.shape
        sizes = tuple(
            old if new == -1 else new for new, old in zip(requested, padded, strict=False)
        )
        return ops.Expand.apply(
            self, shape=checks.broadcast_shape(self.shape, sizes, "expand", requested)
        )

    def broadcast_to(self, shape: Sequence[int]) -> Tensor:
        """Broadcast to ``shape`` (NumPy's rules); the gradient is summed back.

        >>> Tensor([1.0, 2.0]).broadcast_to((3, 2)).shape
        (3, 2)
        """
        sizes = tuple(shape)
        return ops.Expand.apply(
            self, shape=checks.broadcast_shape(self.shape, sizes, "broadcast_to", sizes)
        )

    # Last in the class: below these, ``int`` and ``bool`` in an annotation mean the methods.
    def int(self) -> Tensor:
        """Cast to int32 (as ``torch.Tensor.int``): the result is not differentiable.

        >>> Tensor([1.7, -1.7]).int()
        Tensor([ 1, -1], dtype=int32)
        """
        return self.astype(np.int32)

    def long(self) -> Tensor:
        """Cast to int64 (as ``torch.Tensor.long``): the result is not differentiable.

        >>> Tensor([2.0]).long()
        Tensor([2], dtype=int64)
        """
        return self.astype(np.int64)

    def bool(self) -> Tensor:
        """Cast to bool, True where nonzero (as ``torch.Tensor.bool``); not differentiable.

        >>> Tensor([0.0, 2.0]).bool()
        Tensor([False,  True], dtype=bool)
        """
        return self.astype(np.bool_)


class ValuesIndices(NamedTuple):
    """What ``max(dim=)`` and ``min(dim=)`` return, as PyTorch's ``torch.return_types.max``."""

    values: Tensor
    indices: Tensor


class SizeAttribute(int):
    """``Tensor.size``: the number of elements, an int (NumPy's ``.size``) that can also be
    called as PyTorch's ``size()`` (the shape tuple) or ``size(d)`` (one dimension's length)."""

    _shape: tuple[int, ...]

    def __new__(cls, shape: tuple[int, ...]) -> SizeAttribute:
        count = super().__new__(cls, math.prod(shape))
        count._shape = shape
        return count

    @overload
    def __call__(self, dim: None = None) -> tuple[int, ...]: ...
    @overload
    def __call__(self, dim: int) -> int: ...
    def __call__(self, dim: int | None = None) -> tuple[int, ...] | int:
        if dim is None:
            return self._shape
        if not self._shape:
            raise IndexError(f"size: dimension {dim} asked of a 0-d tensor (shape ())")
        (axis,) = checks.normalize_axis(dim, len(self._shape), "size") or (0,)
        return self._shape[axis]


def _check_product(name: str, a: Tensor, b: Tensor, ndim: int) -> None:
    """PyTorch's checks of ``mm`` (2-D), ``bmm`` (3-D) and ``dot`` (1-D), naming the shapes."""
    kind = {1: "1-D vectors", 2: "2-D matrices", 3: "3-D batches of matrices"}[ndim]
    if a.ndim != ndim or b.ndim != ndim:
        raise ValueError(
            f"{name}: both operands must be {kind}, got shapes {a.shape} and {b.shape}; "
            f"matmul (@) takes other shapes"
        )
    if ndim == 3 and a.shape[0] != b.shape[0]:
        raise ValueError(
            f"bmm: batch sizes differ, shapes {a.shape} and {b.shape} (bmm does not "
            f"broadcast; matmul (@) does)"
        )
    inner_a, inner_b = a.shape[-1], b.shape[0 if ndim == 1 else -2]
    if inner_a != inner_b:
        what = "lengths differ" if ndim == 1 else f"{inner_a} columns do not meet {inner_b} rows"
        raise ValueError(f"{name}: shapes {a.shape} and {b.shape} cannot be multiplied: {what}")


class HookHandle:
    """What ``register_hook`` returns: ``remove()`` takes the hook off again."""

    def __init__(self, hooks: list[Hook], hook: Hook) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        """Stop calling the hook (removing twice is harmless)."""
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def _bound(value: Any, tensor: Tensor, op_name: str) -> Any:
    """A clip bound: None, a number, or a snapshot array that broadcasts to the tensor."""
    if value is None or isinstance(value, numbers.Number):
        return value
    array = np.array(value.data if isinstance(value, Tensor) else value, dtype=tensor.dtype)
    checks.broadcast_shape(array.shape, tensor.shape, op_name, tensor.shape)
    return array


def _sizes(arguments: Sequence[int | Sequence[int]]) -> tuple[int, ...]:
    """``f(2, 3)`` and ``f((2, 3))`` both mean the sizes (or axes) ``(2, 3)``, as in PyTorch."""
    if len(arguments) == 1 and isinstance(arguments[0], (tuple, list)):
        return tuple(int(n) for n in arguments[0])
    return tuple(int(n) for n in arguments if isinstance(n, (int, np.integer)))


def _one_axis(axis: Any, tensor: Tensor, op_name: str) -> Any:
    """One axis, checked and made non-negative (None stays None)."""
    axes = checks.normalize_axis(axis, tensor.ndim, op_name)
    return None if axes is None else (axes[0] if axes else 0)


def from_numpy(array: np.ndarray) -> Tensor:
    """A Tensor that shares ``array``'s memory, as ``torch.from_numpy``: no copy is made.

    ``Tensor(array)`` copies (as ``torch.tensor``), so later changes to the array cannot change
    a gradient. Sharing is faster for large batches, with PyTorch's caveat: writing into the
    array yourself (not through the Tensor) after an op used it is not detected.

    >>> data = np.array([1.0, 2.0])
    >>> x = from_numpy(data).requires_grad_()
    >>> x.data is data, x.requires_grad
    (True, True)
    """
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy: expected a numpy.ndarray, got {type(array).__name__}")
    return Tensor._wrap(array)


def to_tensor(value: object, like: Tensor | None = None) -> Tensor:
    """``value`` as a Tensor: the one way the library turns a user's value into one.

    A Tensor is returned as it is. With ``like``, a Python number takes ``like``'s dtype (as in
    PyTorch, ``x * 2`` does not widen a float32 ``x``); an ndarray keeps its own dtype and is
    copied (an operand is captured when the op is recorded, as in PyTorch). Without
    ``like``, the value becomes a Tensor as ``Tensor(value)`` would make it.

    >>> x = Tensor([1.0, 2.0], dtype=np.float16)
    >>> to_tensor(3, like=x).dtype
    dtype('float16')
    >>> to_tensor([1, 2]).dtype
    dtype('float32')
    """
    if isinstance(value, Tensor):
        return value
    if like is None:
        return Tensor(value)
    if isinstance(value, np.ndarray):  # a snapshot: changing the array later changes nothing
        return Tensor._wrap(value.copy())
    if isinstance(value, (numbers.Number, np.generic)):
        return Tensor._wrap(np.asarray(value, dtype=_scalar_dtype(value, like.data.dtype)))
    if isinstance(value, (list, tuple)):
        return Tensor(value)
    raise TypeError(f"unsupported operand type for a Tensor operation: {type(value).__name__}")


def _scalar_dtype(value: object, own: np.dtype) -> np.dtype:
    """The dtype a Python number takes beside a tensor of dtype ``own`` (PyTorch's rule)."""
    if isinstance(value, (bool, np.bool_)):
        return own
    if isinstance(value, numbers.Integral) and own.kind in "iufb":
        return own if own.kind != "b" else np.dtype(np.int64)
    if own.kind in "fc":
        return own
    return dtypes.get_default_dtype()


# The one late import of the library: every op builds on Tensor (its backward is written in
# Tensor operations), and every Tensor operation ends in an op, so ops and Tensor import each
# other. Imported here, after Tensor exists.
from . import ops  # noqa: E402
