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

from . import checks, composite, dtypes, linalg
from .checks import Axis
from .errors import ShapeError
from .grad_mode import LAST_CHANGE, STATE, sequence

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
_new_object = object.__new__


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

    # The attributes every op sets are slots; the rarely set ones are class defaults that an
    # instance overrides in its own dict (so a new tensor costs four stores, not nine). As in
    # PyTorch, a tensor also takes attributes of the user's own.
    __slots__ = ("__dict__", "__weakref__", "_counter", "_op", "_requires_grad", "data")
    grad: np.ndarray | None = None
    name: str | None = None
    _retains_grad: bool = False
    _hooks: list[Hook] | None = None
    _tangent: tuple[int, Tensor] | None = None  # (dual level, tangent): forward_ad.py

    # Let NumPy defer to our reflected operators: ``ndarray * Tensor`` -> ``Tensor.__rmul__``.
    __array_ufunc__ = None

    data: np.ndarray
    _requires_grad: bool
    _op: Op | None
    # the version counter, one list shared by every view of the same memory; None until it is
    # needed (version 0): most tensors are never changed in place nor viewed, and a list each
    # is one more object for Python's cyclic GC to scan in a long graph. Read it as _version.
    _counter: list[int] | None
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
        self._counter = None  # (version 0; made when first needed, see _version)
        self._retains_grad = False
        self._hooks = None
        self._tangent = None
        if requires_grad:
            self.requires_grad = True

    @classmethod
    def _wrap(cls, data: np.ndarray) -> Tensor:
        """Fast constructor for an array the library made itself (no checks, no copies)."""
        tensor = _new_object(cls)  # object.__new__ bound once: half the cost of cls.__new__
        tensor.data = data
        tensor._requires_grad = False
        tensor._op = None
        tensor._counter = None
        return tensor

    @property
    def _version(self) -> list[int]:
        """The version counter: ``[n]`` after n in-place changes, shared with every view."""
        counter = self._counter
        if counter is None:
            counter = self._counter = [0]
        return counter

    @_version.setter
    def _version(self, counter: list[int]) -> None:
        self._counter = counter

    def _count_change(self) -> None:
        """An in-place change of this tensor's memory: one more version (shared with its views),
        and the process-wide mark of the latest change (``grad_mode.LAST_CHANGE``). Every
        in-place write goes through here."""
        self._version[0] += 1
        LAST_CHANGE[0] = next(sequence)

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
            raise ShapeError(
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
            raise ShapeError(
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
            raise ShapeError(
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
    # Every binary operator promotes its operands as PyTorch does (``_promoted``: the same
    # dtype, or a Python number beside a float tensor, cost one check; the rest goes through
    # ``dtypes.result_type``). Gradients keep each input's own dtype (the engine casts them).
    def __add__(self, other: Operand) -> Tensor:
        return ops.Add.apply(*_promoted(self, other))

    def __radd__(self, other: Operand) -> Tensor:
        a, b = _promoted(self, other)
        return ops.Add.apply(b, a)

    def __sub__(self, other: Operand) -> Tensor:
        return ops.Sub.apply(*_promoted(self, other))

    def __rsub__(self, other: Operand) -> Tensor:
        a, b = _promoted(self, other)
        return ops.Sub.apply(b, a)

    def __mul__(self, other: Operand) -> Tensor:
        return ops.Mul.apply(*_promoted(self, other))

    def __rmul__(self, other: Operand) -> Tensor:
        a, b = _promoted(self, other)
        return ops.Mul.apply(b, a)

    def __truediv__(self, other: Operand) -> Tensor:
        return ops.Div.apply(*_true_division(*_promoted(self, other)))

    def __rtruediv__(self, other: Operand) -> Tensor:
        a, b = _promoted(self, other)
        return ops.Div.apply(*_true_division(b, a))

    def __pow__(self, other: Operand) -> Tensor:
        return ops.Pow.apply(*_promoted(self, other))

    def __rpow__(self, other: Operand) -> Tensor:
        a, b = _promoted(self, other)
        return ops.Pow.apply(b, a)

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
        if rounding_mode is None:
            return self / other
        if rounding_mode not in ("trunc", "floor"):
            raise ShapeError(
                f"div: rounding_mode must be None, 'trunc' or 'floor', got {rounding_mode!r}"
            )
        a, b = _promoted(self, other)
        if a.data.dtype.kind in "iub" and b.data.dtype.kind in "iub":  # exact, as PyTorch
            return _bitwise.integer_division(a, b, rounding_mode)
        quotient = ops.Div.apply(a, b)
        return quotient.trunc() if rounding_mode == "trunc" else quotient.floor()

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

    # comparisons: non-differentiable boolean tensors, of the promoted operands (as PyTorch)
    def _compare(self, other: Operand, ufunc: np.ufunc) -> Tensor:
        try:
            a, b = _promoted(self, other)
            return Tensor._wrap(np.asarray(ufunc(a.data, b.data)))
        except ValueError as exc:
            raise ShapeError(
                f"{ufunc.__name__}: cannot compare shapes {self.shape} and "
                f"{np.shape(other.data if isinstance(other, Tensor) else other)} ({exc})"
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

    # in-place changes: ONE mechanism for every in-place op, PyTorch's semantics. With no graph
    # to keep (no_grad, or nothing involved requires grad) the data is overwritten and the
    # version counter bumped. Otherwise the op is recorded out of place on a stand-in for the
    # old value, and the result written back: this tensor (and its views) hold the new value,
    # its grad_fn is the new op, and the engine sends what earlier ops owe the old value to the
    # stand-in (``_follow_assignments``); an earlier op that saved the old value raises.
    def _check_inplace(self, what: str) -> None:
        """PyTorch's refusal, in grad mode: a leaf that requires grad, or a view of one."""
        if not (self._requires_grad and STATE.enabled):
            return
        base, _ = self._view_base()
        if self._op is None or (base is not None and base._op is None):
            view = "" if self._op is None else "a view of "
            raise RuntimeError(
                f"{what}: {view}a leaf Variable that requires grad is being used in an "
                f"in-place operation (shape {self.shape}); write it out of place (x = x + y) "
                f"or, for parameter updates, inside `with no_grad():`"
            )

    def _view_base(self) -> tuple[Tensor | None, Op | None]:
        """The root tensor whose memory this recorded view shares, and the view's own op."""
        op, base = self._op, None
        node = self
        while op is not None and op.makes_view and op.inputs[0]._version is node._version:
            base = node = op.inputs[0]
            op = node._op
        return base, (self._op if base is not None else None)

    def _records_inplace(self, others: Sequence[Any]) -> bool:
        """Is there a graph (or a forward-mode tangent) that this in-place change must keep?"""
        state = STATE
        if state.enabled and (
            self._requires_grad
            or any(isinstance(other, Tensor) and other._requires_grad for other in others)
        ):
            return True
        return bool(state.dual_level) and (
            self._tangent is not None
            or any(isinstance(other, Tensor) and other._tangent is not None for other in others)
        )

    def _inplace(
        self,
        what: str,
        compute: Callable[[Tensor], Tensor],
        *others: Any,
        reads_self: bool | None = None,
    ) -> Tensor:
        """Make this tensor ``compute(self)`` in place: the one mechanism of every in-place op.

        ``compute`` is the out-of-place op (``lambda t: t + other``); ``others`` are the other
        tensors it reads, and ``reads_self`` says whether its backward reads the old value
        (None: ask the op it records), which is then kept in a copy for it.
        """
        if not self._records_inplace(others):
            self._overwrite(what, compute(self))
            self._count_change()
            return self
        self._check_inplace(what)
        base, view_op = self._view_base()
        if view_op is not None and not isinstance(view_op, ops.GetItem):
            raise RuntimeError(
                f"{what}: in-place change of a view made by '{view_op.name}' of a tensor in "
                f"the graph (shape {self.shape}) is not supported; clone() it first, or change "
                f"the tensor it views"
            )
        version, old_op = self._version[0], self._op
        reads_output = old_op is not None and ops.assign.reads_output(old_op)
        if (
            old_op is not None
            and "_kept_output" in old_op.__dict__
            and ops.assign.output_overwrite_refused(old_op)
        ):
            old_op.__dict__.pop("saves_output", None)  # its output is overwritten: checked again
        elif old_op is not None and "_kept_output" in old_op.__dict__:
            reads_output = False  # it reads its kept copy, which stays right
        before = Tensor._wrap(self.data)  # the stand-in for the old value, in the graph's place
        before._op, before._requires_grad, before.name = old_op, self._requires_grad, self.name
        before._tangent = self._tangent
        # its own counter: nonzero when the op that made it reads its (now overwritten) output
        before._version = [version + 1 if reads_output else 0]
        result = compute(before)
        op = result._op
        if reads_self is None:
            reads_self = op is not None and any(
                inp is before and ops.assign.reads_input(op, position)
                for position, inp in enumerate(op.inputs)
            )
        result = self._checked_result(what, result)
        if reads_self and result.data is not self.data:
            before.data = self.data.copy()  # the old value, for the new op's backward
        if result.data is not self.data:
            np.copyto(self.data, result.data, casting="unsafe")
        self._count_change()
        op = result._op
        if op is not None and op is not old_op:
            # per-op marks the engine reads (_follow_assignments): not part of Op's interface
            op.__dict__.update(rebound_version=version, rebound_from=before)
            ops.SetItem.recorded = True  # from now on the engine looks for overwritten inputs
            if op._output_ref is not None and result is not self:
                # the output backward reads is the value written here, kept where nothing can
                # change it: the check of the written tensor's version does not apply to it
                op.__dict__.update(_kept_output=result, saves_output=False)
                result._op = None
            else:
                op._output_ref = None
        self._op, self._tangent = op, result._tangent
        self._requires_grad = self._requires_grad or result._requires_grad
        if base is not None and view_op is not None:  # the base's history changes too
            assert isinstance(view_op, ops.GetItem)
            view_op.inputs[0]._inplace(
                what,
                lambda old_base: ops.SetItem.apply(old_base, self, index=view_op.index),
                self,
                reads_self=False,
            )
        return self

    def _checked_result(self, what: str, result: Tensor) -> Tensor:
        """``result`` fit to be written into this tensor: the same shape, and a dtype that
        casts to this tensor's (PyTorch's rule: in-place keeps the dtype, never lowers the
        category: no float result into an int tensor)."""
        if result.shape != self.shape:
            raise ShapeError(
                f"{what}: the output with shape {self.shape} doesn't match the broadcast "
                f"shape {result.shape}; an in-place op cannot change the tensor's shape"
            )
        if result.dtype != self.data.dtype:
            if not dtypes.can_cast(result.dtype, self.data.dtype):
                raise RuntimeError(
                    f"{what}: result type {result.dtype} can't be cast to the desired output "
                    f"type {self.data.dtype} (an in-place op keeps the tensor's dtype; write it "
                    f"out of place, or cast the tensor first)"
                )
            result = result.astype(self.data.dtype)
        return result

    def _overwrite(self, what: str, result: Tensor) -> None:
        """Write an unrecorded in-place result into this tensor's memory (views see it)."""
        result = self._checked_result(what, result)
        if result.data is not self.data:
            np.copyto(self.data, result.data, casting="unsafe")

    def _arithmetic_inplace(
        self, what: str, ufunc: np.ufunc, compute: Callable[[Tensor], Tensor], other: Operand
    ) -> Tensor:
        """``+= -= *= /=``: the unrecorded same-dtype case (optimiser steps) runs one ufunc into
        the tensor's memory; everything else goes through ``_inplace``."""
        own = self.data.dtype
        array = other.data if other.__class__ is Tensor else other
        if (
            not self._records_inplace((other,))
            and own.kind in "fc"
            and ((array.__class__ is np.ndarray and array.dtype is own) or array.__class__ is float)
        ):
            try:
                ufunc(self.data, array, out=self.data)
            except ValueError as exc:
                raise ShapeError(
                    f"{what}: cannot update a tensor of shape {self.shape} and dtype {own} in "
                    f"place with shape {np.shape(array)} ({exc})"
                ) from None
            self._count_change()
            return self
        return self._inplace(what, compute, other)

    # The in-place operators: ``+= -= *= /=`` through _arithmetic_inplace (its fast path is the
    # optimiser's step), the others through _inplace, each with its out-of-place operator.
    @staticmethod
    def _arithmetic_operator(
        symbol: str, ufunc: np.ufunc, operator: Callable[[Tensor, Operand], Tensor]
    ) -> Callable[[Tensor, Operand], Tensor]:
        """The method of ``x OP= y`` for an arithmetic ``OP`` (``ufunc`` is its NumPy form)."""

        def method(self: Tensor, other: Operand) -> Tensor:
            return self._arithmetic_inplace(symbol, ufunc, lambda t: operator(t, other), other)

        return method

    @staticmethod
    def _inplace_operator(
        symbol: str, operator: Callable[[Tensor, Operand], Tensor]
    ) -> Callable[[Tensor, Operand], Tensor]:
        """The method of ``x OP= y``: ``x`` becomes ``operator(x, y)`` in place."""

        def method(self: Tensor, other: Operand) -> Tensor:
            return self._inplace(symbol, lambda t: operator(t, other), other)

        return method

    __iadd__ = _arithmetic_operator("+=", np.add, lambda a, b: a + b)
    __isub__ = _arithmetic_operator("-=", np.subtract, lambda a, b: a - b)
    __imul__ = _arithmetic_operator("*=", np.multiply, lambda a, b: a * b)
    __itruediv__ = _arithmetic_operator("/=", np.true_divide, lambda a, b: a / b)
    __ifloordiv__ = _inplace_operator("//=", lambda a, b: a // b)
    __imod__ = _inplace_operator("%=", lambda a, b: a % b)
    __ipow__ = _inplace_operator("**=", lambda a, b: a**b)
    __iand__ = _inplace_operator("&=", lambda a, b: a & b)
    __ior__ = _inplace_operator("|=", lambda a, b: a | b)
    __ixor__ = _inplace_operator("^=", lambda a, b: a ^ b)
    __ilshift__ = _inplace_operator("<<=", lambda a, b: a << b)
    __irshift__ = _inplace_operator(">>=", lambda a, b: a >> b)

    # ---- in-place, integer and bitwise (torch parity)
    # Integer division and remainder with PyTorch's floor semantics (an integer division by
    # zero is an error), bitwise and logical operators both sides, and the in-place methods.
    # None is differentiable except through floats (// and % of floats: gradient 0 and
    # remainder's); every in-place method is ``_inplace`` with the out-of-place op.
    def __floordiv__(self, other: Operand) -> Tensor:
        return self.div(other, rounding_mode="floor")

    def __rfloordiv__(self, other: Operand) -> Tensor:
        a, b = _promoted(self, other)
        return b.div(a, rounding_mode="floor")

    @staticmethod
    def _both_sides(
        function: Callable[[Tensor, Tensor], Tensor],
    ) -> tuple[Callable[[Tensor, Operand], Tensor], Callable[[Tensor, Operand], Tensor]]:
        """The methods of ``self OP other`` and of the reflected ``other OP self``: both
        operands promoted as PyTorch's (``_promoted``), then ``function``."""

        def method(self: Tensor, other: Operand) -> Tensor:
            return function(*_promoted(self, other))

        def reflected(self: Tensor, other: Operand) -> Tensor:
            own, promoted_other = _promoted(self, other)
            return function(promoted_other, own)

        return method, reflected

    # (lambdas: _bitwise is imported below the class, and looked up when the operator runs)
    __mod__, __rmod__ = _both_sides(lambda a, b: _bitwise.remainder(a, b))
    __and__, __rand__ = _both_sides(lambda a, b: _bitwise.binary("bitwise_and", a, b))
    __or__, __ror__ = _both_sides(lambda a, b: _bitwise.binary("bitwise_or", a, b))
    __xor__, __rxor__ = _both_sides(lambda a, b: _bitwise.binary("bitwise_xor", a, b))
    __lshift__, __rlshift__ = _both_sides(lambda a, b: _bitwise.binary("bitwise_left_shift", a, b))
    __rshift__, __rrshift__ = _both_sides(lambda a, b: _bitwise.binary("bitwise_right_shift", a, b))

    def __invert__(self) -> Tensor:
        return _bitwise.bitwise_not(self)

    def floor_divide(self, other: Operand) -> Tensor:
        """The quotient rounded down, ``self // other`` (as ``torch.floor_divide``); integer
        operands stay integers, and dividing an integer by 0 is an error.

        >>> Tensor(np.array([-7, 7])).floor_divide(2)
        Tensor([-4,  3], dtype=int64)
        """
        return self // other

    def bitwise_and(self, other: Operand) -> Tensor:
        """Elementwise AND of integer or bool tensors (``&``, as ``torch.bitwise_and``).

        >>> Tensor(np.array([12, 10])).bitwise_and(6)
        Tensor([4, 2], dtype=int64)
        """
        return self & other

    def bitwise_or(self, other: Operand) -> Tensor:
        """Elementwise OR of integer or bool tensors (``|``, as ``torch.bitwise_or``).

        >>> Tensor(np.array([12, 10])).bitwise_or(1)
        Tensor([13, 11], dtype=int64)
        """
        return self | other

    def bitwise_xor(self, other: Operand) -> Tensor:
        """Elementwise XOR of integer or bool tensors (``^``, as ``torch.bitwise_xor``).

        >>> Tensor(np.array([12, 10])).bitwise_xor(6)
        Tensor([10, 12], dtype=int64)
        """
        return self ^ other

    def bitwise_not(self) -> Tensor:
        """Elementwise NOT: ``~x`` (``-x - 1`` for integers, logical not for bools).

        >>> Tensor(np.array([0, 5])).bitwise_not(), Tensor([True, False]).bitwise_not()
        (Tensor([-1, -6], dtype=int64), Tensor([False,  True], dtype=bool))
        """
        return ~self

    def bitwise_left_shift(self, other: Operand) -> Tensor:
        """``self << other`` for integer tensors (bits shifted out are lost, as PyTorch's).

        >>> Tensor(np.array([1, 3])).bitwise_left_shift(2)
        Tensor([ 4, 12], dtype=int64)
        """
        return self << other

    def bitwise_right_shift(self, other: Operand) -> Tensor:
        """``self >> other`` for integer tensors (arithmetic: the sign is kept).

        >>> Tensor(np.array([-8, 8])).bitwise_right_shift(1)
        Tensor([-4,  4], dtype=int64)
        """
        return self >> other

    def logical_and(self, other: Operand) -> Tensor:
        """Elementwise AND of the truth values (nonzero is True), a bool tensor.

        >>> Tensor([1.0, 0.0]).logical_and(Tensor(np.array([2, 2])))
        Tensor([ True, False], dtype=bool)
        """
        return _bitwise.logical("logical_and", *_promoted(self, other))

    def logical_or(self, other: Operand) -> Tensor:
        """Elementwise OR of the truth values (nonzero is True), a bool tensor.

        >>> Tensor([1.0, 0.0]).logical_or(0)
        Tensor([ True, False], dtype=bool)
        """
        return _bitwise.logical("logical_or", *_promoted(self, other))

    def logical_xor(self, other: Operand) -> Tensor:
        """Elementwise XOR of the truth values (nonzero is True), a bool tensor.

        >>> Tensor([1.0, 0.0]).logical_xor(1)
        Tensor([False,  True], dtype=bool)
        """
        return _bitwise.logical("logical_xor", *_promoted(self, other))

    def logical_not(self) -> Tensor:
        """Elementwise NOT of the truth values (nonzero is True), a bool tensor.

        >>> Tensor([1.0, 0.0]).logical_not()
        Tensor([False,  True], dtype=bool)
        """
        return _bitwise.logical_not(self)

    def eq(self, other: Operand) -> Tensor:
        """``self == other`` elementwise, of the promoted values (as ``torch.eq``).

        >>> Tensor(np.array([1, 2])).eq(Tensor([1.0, 3.0]))
        Tensor([ True, False], dtype=bool)
        """
        return self == other

    def ne(self, other: Operand) -> Tensor:
        """``self != other`` elementwise (as ``torch.ne``).

        >>> Tensor([1.0, 2.0]).ne(2.0)
        Tensor([ True, False], dtype=bool)
        """
        return self != other

    def lt(self, other: Operand) -> Tensor:
        """``self < other`` elementwise (as ``torch.lt``).

        >>> Tensor([1.0, 2.0]).lt(2.0)
        Tensor([ True, False], dtype=bool)
        """
        return self < other

    def le(self, other: Operand) -> Tensor:
        """``self <= other`` elementwise (as ``torch.le``).

        >>> Tensor([1.0, 2.0]).le(1.0)
        Tensor([ True, False], dtype=bool)
        """
        return self <= other

    def gt(self, other: Operand) -> Tensor:
        """``self > other`` elementwise (as ``torch.gt``).

        >>> Tensor([1.0, 2.0]).gt(1.0)
        Tensor([False,  True], dtype=bool)
        """
        return self > other

    def ge(self, other: Operand) -> Tensor:
        """``self >= other`` elementwise (as ``torch.ge``).

        >>> Tensor([1.0, 2.0]).ge(2.0)
        Tensor([False,  True], dtype=bool)
        """
        return self >= other

    def equal(self, other: Tensor) -> Flag:
        """True if both tensors have the same shape and the same values (as ``torch.equal``;
        the values are compared after promotion, so int 1 equals float 1.0).

        >>> Tensor([1.0, 2.0]).equal(Tensor(np.array([1, 2])))
        True
        """
        return _bitwise.equal(self, other)

    def allclose(
        self,
        other: Tensor,
        rtol: Tolerance = 1e-05,
        atol: Tolerance = 1e-08,
        equal_nan: Flag = False,
    ) -> Flag:
        """True if ``|self - other| <= atol + rtol * |other|`` everywhere (as
        ``torch.allclose``; both tensors must have the same dtype, as there).

        >>> Tensor([1.0, 2.0]).allclose(Tensor([1.0, 2.0 + 1e-7]))
        True
        """
        return _bitwise.allclose(self, other, rtol, atol, equal_nan)

    def nan_to_num(
        self, nan: Scalar = 0.0, posinf: Scalar | None = None, neginf: Scalar | None = None
    ) -> Tensor:
        """NaN, +inf and -inf replaced by ``nan``, ``posinf`` and ``neginf`` (by default 0 and
        the dtype's largest and smallest finite values), as ``torch.nan_to_num``. The gradient
        passes where the value was finite and is 0 where it was replaced.

        >>> Tensor([float("nan"), float("inf"), 1.0]).nan_to_num(posinf=9.0)
        Tensor([0., 9., 1.])
        """
        return _bitwise.nan_to_num(self, nan, posinf, neginf)

    # The in-place methods: each is _inplace with its out-of-place op. The uniform ones (one
    # method of the same name, no options) are made by two factories, each with its doctest.
    @staticmethod
    def _inplace_unary(name: str, example: str, result: str) -> Callable[[Tensor], Tensor]:
        """The method ``NAME_()``: this tensor becomes ``self.NAME()`` in place; ``example``
        and ``result`` are its doctest."""

        def method(self: Tensor) -> Tensor:
            return self._inplace(f"{name}_", lambda t: getattr(t, name)())

        method.__name__, method.__qualname__ = f"{name}_", f"Tensor.{name}_"
        method.__doc__ = (
            f"In place: ``{name}`` (as ``torch.Tensor.{name}_``); the tensor keeps its dtype."
            f"\n\n>>> {example}\n{result}\n"
        )
        return method

    @staticmethod
    def _inplace_binary(
        name: str, example: str, result: str
    ) -> Callable[[Tensor, Operand], Tensor]:
        """The method ``NAME_(other)``: this tensor becomes ``self.NAME(other)`` in place."""

        def method(self: Tensor, other: Operand) -> Tensor:
            return self._inplace(f"{name}_", lambda t: getattr(t, name)(other), other)

        method.__name__, method.__qualname__ = f"{name}_", f"Tensor.{name}_"
        method.__doc__ = (
            f"In place: ``{name}`` (as ``torch.Tensor.{name}_``); the tensor keeps its dtype."
            f"\n\n>>> {example}\n{result}\n"
        )
        return method

    neg_ = _inplace_unary("neg", "Tensor([1.0, -2.0]).neg_()", "Tensor([-1.,  2.])")
    exp_ = _inplace_unary("exp", "Tensor([0.0, 1.0]).exp_()", "Tensor([1.    , 2.7183])")
    log_ = _inplace_unary("log", "Tensor([1.0, 2.0]).log_()", "Tensor([0.    , 0.6931])")
    sqrt_ = _inplace_unary("sqrt", "Tensor([4.0, 9.0]).sqrt_()", "Tensor([2., 3.])")
    abs_ = _inplace_unary("abs", "Tensor([-2.0, 3.0]).abs_()", "Tensor([2., 3.])")
    relu_ = _inplace_unary("relu", "Tensor([-1.0, 2.0]).relu_()", "Tensor([0., 2.])")
    sigmoid_ = _inplace_unary("sigmoid", "Tensor([0.0]).sigmoid_()", "Tensor([0.5])")
    tanh_ = _inplace_unary("tanh", "Tensor([0.0]).tanh_()", "Tensor([0.])")
    bitwise_not_ = _inplace_unary(
        "bitwise_not", "Tensor(np.array([0, 5])).bitwise_not_()", "Tensor([-1, -6], dtype=int64)"
    )
    logical_not_ = _inplace_unary(
        "logical_not", "Tensor([True, False]).logical_not_()", "Tensor([False,  True], dtype=bool)"
    )
    mul_ = _inplace_binary("mul", "Tensor([1.0, 2.0]).mul_(3.0)", "Tensor([3., 6.])")
    floor_divide_ = _inplace_binary(
        "floor_divide",
        "Tensor(np.array([7, -7])).floor_divide_(2)",
        "Tensor([ 3, -4], dtype=int64)",
    )
    remainder_ = _inplace_binary(
        "remainder", "Tensor(np.array([7, -7])).remainder_(3)", "Tensor([1, 2], dtype=int64)"
    )
    bitwise_and_ = _inplace_binary(
        "bitwise_and", "Tensor(np.array([12, 10])).bitwise_and_(6)", "Tensor([4, 2], dtype=int64)"
    )
    bitwise_or_ = _inplace_binary(
        "bitwise_or", "Tensor(np.array([12, 10])).bitwise_or_(1)", "Tensor([13, 11], dtype=int64)"
    )
    bitwise_xor_ = _inplace_binary(
        "bitwise_xor", "Tensor(np.array([12, 10])).bitwise_xor_(6)", "Tensor([10, 12], dtype=int64)"
    )
    bitwise_left_shift_ = _inplace_binary(
        "bitwise_left_shift",
        "Tensor(np.array([1, 3])).bitwise_left_shift_(2)",
        "Tensor([ 4, 12], dtype=int64)",
    )
    bitwise_right_shift_ = _inplace_binary(
        "bitwise_right_shift",
        "Tensor(np.array([-8, 8])).bitwise_right_shift_(1)",
        "Tensor([-4,  4], dtype=int64)",
    )
    logical_and_ = _inplace_binary(
        "logical_and",
        "Tensor([True, True]).logical_and_(Tensor([True, False]))",
        "Tensor([ True, False], dtype=bool)",
    )
    logical_or_ = _inplace_binary(
        "logical_or",
        "Tensor([True, False]).logical_or_(Tensor([False, False]))",
        "Tensor([ True, False], dtype=bool)",
    )
    logical_xor_ = _inplace_binary(
        "logical_xor",
        "Tensor([True, False]).logical_xor_(Tensor([True, True]))",
        "Tensor([False,  True], dtype=bool)",
    )

    def add_(self, other: Operand, *, alpha: Scalar = 1) -> Tensor:
        """In place: self + alpha * other (as ``torch.Tensor.add_``).

        >>> x = Tensor([1.0, 2.0])
        >>> x.add_(1.0, alpha=2) is x, x
        (True, Tensor([3., 4.]))
        """
        return self._inplace("add_", lambda t: t.add(other, alpha=alpha), other)

    def sub_(self, other: Operand, *, alpha: Scalar = 1) -> Tensor:
        """In place: self - alpha * other (as ``torch.Tensor.sub_``).

        >>> Tensor([1.0, 2.0]).sub_(1.0)
        Tensor([0., 1.])
        """
        return self._inplace("sub_", lambda t: t.sub(other, alpha=alpha), other)

    def div_(self, other: Operand, *, rounding_mode: str | None = None) -> Tensor:
        """In place: self / other, optionally rounded (as ``torch.Tensor.div_``).

        >>> Tensor([3.0, 4.0]).div_(2.0)
        Tensor([1.5, 2. ])
        """
        return self._inplace("div_", lambda t: t.div(other, rounding_mode=rounding_mode), other)

    def pow_(self, exponent: Operand) -> Tensor:
        """In place: self ** exponent (as ``torch.Tensor.pow_``).

        >>> Tensor([2.0, 3.0]).pow_(2)
        Tensor([4., 9.])
        """
        return self._inplace("pow_", lambda t: t**exponent, exponent)

    def clamp_(self, min: Bound = None, max: Bound = None) -> Tensor:  # noqa: A002 - torch's
        """In place: values clamped into [min, max] (as ``torch.Tensor.clamp_``; ``clip_``).

        >>> Tensor([-2.0, 0.5, 3.0]).clamp_(-1.0, 1.0)
        Tensor([-1. ,  0.5,  1. ])
        """
        return self._inplace("clamp_", lambda t: t.clamp(min, max), min, max, reads_self=True)

    clip_ = clamp_

    def fill_(self, value: Operand) -> Tensor:
        """In place: every element set to ``value``, a number or a 0-d tensor (which then
        receives the gradient, summed), as ``torch.Tensor.fill_``.

        >>> Tensor([1.0, 2.0]).fill_(7.0)
        Tensor([7., 7.])
        """
        if isinstance(value, Tensor) and value.ndim != 0:
            raise RuntimeError(
                f"fill_: only supports a 0-dimension value tensor, got shape {value.shape}"
            )
        return self.copy_(value)

    def zero_(self) -> Tensor:
        """In place: every element set to 0 (as ``torch.Tensor.zero_``).

        >>> Tensor([1.0, 2.0]).zero_()
        Tensor([0., 0.])
        """
        return self.copy_(0)

    def copy_(self, src: Operand) -> Tensor:
        """In place: the values of ``src`` (broadcast to this shape, cast to this dtype) written
        into this tensor, as ``torch.Tensor.copy_``; a ``src`` that requires grad receives the
        gradient.

        >>> x = Tensor(np.zeros((2, 2)))
        >>> x.copy_(Tensor([1.0, 2.0]))
        Tensor([[1., 2.],
                [1., 2.]], dtype=float64)
        """
        value = src if isinstance(src, Tensor) else _operand(src, self.data.dtype)
        checks.broadcast_shape(value.shape, self.shape, "copy_", self.shape)
        return self._inplace(
            "copy_",
            lambda t: ops.SetItem.apply(t, value, index=(Ellipsis,)),
            value,
            reads_self=False,
        )

    def masked_fill_(self, mask: Any, value: Any) -> Tensor:
        """In place: ``value`` where the boolean ``mask`` holds (as
        ``torch.Tensor.masked_fill_``).

        >>> x = Tensor([1.0, -2.0, 3.0])
        >>> x.masked_fill_(x < 0, 0.0)
        Tensor([1., 0., 3.])
        """
        return self._inplace(
            "masked_fill_", lambda t: t.masked_fill(mask, value), value, reads_self=False
        )

    def nan_to_num_(
        self, nan: Scalar = 0.0, posinf: Scalar | None = None, neginf: Scalar | None = None
    ) -> Tensor:
        """In place: ``nan_to_num`` (as ``torch.Tensor.nan_to_num_``).

        >>> Tensor([float("nan"), 1.0]).nan_to_num_()
        Tensor([0., 1.])
        """
        return self._inplace("nan_to_num_", lambda t: t.nan_to_num(nan, posinf, neginf))

    # ---- indexing, scatter/gather and products (torch parity)
    # Gather and the scatters are primitives (autograd/ops/indexing.py); the rest are
    # compositions of them, of indexing (GetItem, IndexAdd) and of einsum (autograd/ops/einsum.py).
    def gather(self, dim: int, index: Any, *, sparse_grad: Flag = False) -> Tensor:
        """Entries picked along ``dim``: ``out[i][j] = self[index[i][j]][j]`` for ``dim=0``
        (``torch.gather``); the result has the index's shape; the gradient is a scatter-add.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).gather(1, Tensor([[0, 0], [1, 0]], dtype=np.int64))
        Tensor([[1., 1.],
                [4., 3.]])
        """
        axis, idx = checks.normalize_gather_index(index, "gather", self.shape, dim)
        if idx.ndim != self.ndim:  # PyTorch takes 0-d and 1-d for one another
            return self.reshape(-1).gather(0, idx.reshape(-1)).reshape(idx.shape)
        return ops.Gather.apply(self, dim=axis, index=idx)

    def scatter(
        self, dim: int, index: Any, src: Any = None, *, value: Any = None, reduce: str | None = None
    ) -> Tensor:
        """A copy with ``src``'s entries (or ``value``) written where the index names along
        ``dim`` (``torch.scatter``). A position named twice keeps the last write in the index's
        order (PyTorch does not specify one). ``reduce="add"``/``"multiply"`` combine instead.

        >>> Tensor([0.0, 0.0, 0.0]).scatter(0, Tensor([2, 0], dtype=np.int64), Tensor([5.0, 6.0]))
        Tensor([6., 0., 5.])
        >>> Tensor([1.0, 1.0]).scatter(0, Tensor([1], dtype=np.int64), 7.0)
        Tensor([1., 7.])
        """
        source = value if src is None else src
        if source is None:
            raise TypeError("scatter(): give src (a tensor) or value (a number)")
        if reduce not in (None, "add", "multiply"):
            raise ShapeError(f"scatter(): reduce must be 'add' or 'multiply', got {reduce!r}")
        if isinstance(source, (Tensor, np.ndarray, list)):
            source = self._scatter_source("scatter", source)
            picked = {None: ops.Scatter, "add": ops.ScatterAdd}.get(reduce, ops.ScatterReduce)
            extra = {"reduce": "prod", "include_self": True} if reduce == "multiply" else {}
            return self._scatter_with(picked, "scatter", dim, index, source, **extra)
        axis, idx = checks.normalize_gather_index(index, "scatter", self.shape, dim)
        source = _fill_value("scatter", source, self)
        if reduce is not None:
            filled = Tensor._wrap(np.full(idx.shape, source.data, dtype=self.dtype))
            return self.scatter(dim, idx, filled, reduce=reduce)
        flat = self.reshape(-1) if idx.ndim != self.ndim else self
        mask = ops.indexing.written_mask(
            idx.reshape(-1) if flat is not self else idx, axis, flat.shape
        )
        return self.where(~mask.reshape(self.shape), source)

    def scatter_add(self, dim: int, index: Any, src: Any) -> Tensor:
        """A copy with ``src``'s entries added where the index names along ``dim``
        (``torch.scatter_add``); repeated positions accumulate exactly.

        >>> Tensor([0.0, 0.0]).scatter_add(
        ...     0, Tensor([1, 1, 0], dtype=np.int64), Tensor([1.0, 2.0, 3.0])
        ... )
        Tensor([3., 3.])
        """
        source = self._scatter_source("scatter_add", src)
        return self._scatter_with(ops.ScatterAdd, "scatter_add", dim, index, source)

    def scatter_reduce(
        self, dim: int, index: Any, src: Any, reduce: str, *, include_self: Flag = True
    ) -> Tensor:
        """``src``'s entries combined by ``reduce`` (``"sum"``, ``"prod"``, ``"mean"``,
        ``"amax"``, ``"amin"``) into the positions the index names along ``dim``, with this
        tensor's value when ``include_self`` (``torch.scatter_reduce``). Ties of amax/amin
        share the gradient equally, as PyTorch's.

        >>> Tensor([1.0, 9.0]).scatter_reduce(
        ...     0, Tensor([0, 0], dtype=np.int64), Tensor([4.0, 2.0]), "amax"
        ... )
        Tensor([4., 9.])
        """
        if reduce not in ("sum", "prod", "mean", "amax", "amin"):
            raise ShapeError(
                f"scatter_reduce(): reduce argument must be either sum, prod, mean, amax or "
                f"amin, got {reduce!r}"
            )
        source = self._scatter_source("scatter_reduce", src)
        return self._scatter_with(
            ops.ScatterReduce, "scatter_reduce", dim, index, source,
            reduce=reduce, include_self=bool(include_self),
        )  # fmt: skip

    def _scatter_source(self, name: str, src: Any) -> Tensor:
        """``src`` as a Tensor of this tensor's dtype (PyTorch's condition)."""
        source = to_tensor(src, self)
        if source.dtype != self.dtype:
            raise TypeError(
                f"{name}(): expected self.dtype to be equal to src.dtype, got {self.dtype} and "
                f"{source.dtype} (shapes {self.shape} and {source.shape})"
            )
        return source

    def _scatter_with(
        self, op: type[Op], name: str, dim: int, index: Any, src: Tensor, **args: Any
    ) -> Tensor:
        axis, idx = checks.normalize_gather_index(index, name, self.shape, dim, src.shape)
        if idx.ndim != self.ndim or idx.ndim != src.ndim:  # 0-d and 1-d, one for another
            flat = self.reshape(-1)._scatter_with(
                op, name, 0, idx.reshape(-1), src.reshape(-1)[: max(idx.size, 1)], **args
            )
            return flat.reshape(self.shape)
        return op.apply(self, src, dim=axis, index=idx, **args)

    def index_select(self, dim: int, index: Any) -> Tensor:
        """The slices at ``index`` (a vector) along ``dim`` (``torch.index_select``).

        >>> Tensor([[1.0, 2.0, 3.0]]).index_select(1, Tensor([2, 0], dtype=np.int64))
        Tensor([[3., 1.]])
        """
        axis, idx = self._index_vector("index_select", dim, index)
        if self.ndim == 0:
            return self.reshape(1)[idx].reshape(())
        return ops.GetItem.apply(self, index=(slice(None),) * axis + (idx,))

    def _index_vector(self, name: str, dim: int, index: Any) -> tuple[int, np.ndarray]:
        """``dim`` made non-negative and ``index`` a checked vector of positions along it."""
        idx = np.array(index.data if isinstance(index, Tensor) else index)
        if idx.dtype.kind not in "iu":
            raise TypeError(
                f"{name}(): expected dtype int32 or int64 for index, got {idx.dtype} "
                f"(tensor shape {self.shape})"
            )
        if idx.ndim > 1:
            raise ShapeError(f"{name}(): index is supposed to be a vector, got shape {idx.shape}")
        axis = _one_axis(dim, self, name) or 0
        size = self.shape[axis] if self.ndim else 1
        idx = idx.reshape(-1).astype(np.int64)
        if idx.size and (idx.min() < 0 or idx.max() >= size):
            bad = int(idx.min() if idx.min() < 0 else idx.max())
            raise IndexError(
                f"{name}(): index {bad} is out of range for dimension {axis} with size {size} "
                f"(tensor shape {self.shape})"
            )
        return axis, idx

    def _index_source(self, name: str, axis: int, idx: np.ndarray, source: Any) -> Tensor:
        """index_add/index_copy: ``source`` has this shape with ``len(index)`` along ``dim``."""
        source = self._scatter_source(name, source)
        expected = list(self.shape) or [1]
        expected[axis] = idx.size
        if tuple(source.shape or (1,)) != tuple(expected):
            raise ShapeError(
                f"{name}(): source of shape {source.shape} does not fit: expected "
                f"{tuple(expected)} (the tensor's shape {self.shape} with {idx.size} indices "
                f"along dimension {axis})"
            )
        return source

    def index_add(self, dim: int, index: Any, source: Any, *, alpha: Scalar = 1) -> Tensor:
        """A copy with ``alpha * source``'s slices added at ``index`` along ``dim``
        (``torch.index_add``); repeated indices accumulate.

        >>> Tensor([1.0, 1.0]).index_add(0, Tensor([0, 0], dtype=np.int64), Tensor([2.0, 3.0]))
        Tensor([6., 1.])
        """
        axis, idx = self._index_vector("index_add", dim, index)
        source = self._index_source("index_add", axis, idx, source)
        if alpha != 1:
            source = source * alpha
        if self.ndim == 0:
            return self + source.reshape(()) * idx.size
        key = (slice(None),) * axis + (idx,)
        return self + ops.IndexAdd.apply(source, index=key, shape=self.shape)

    def index_copy(self, dim: int, index: Any, source: Any) -> Tensor:
        """A copy with ``source``'s slices written at ``index`` along ``dim``
        (``torch.index_copy``; a repeated index keeps the last slice).

        >>> Tensor([0.0, 0.0, 0.0]).index_copy(0, Tensor([2], dtype=np.int64), Tensor([4.0]))
        Tensor([0., 0., 4.])
        """
        axis, idx = self._index_vector("index_copy", dim, index)
        source = self._index_source("index_copy", axis, idx, source)
        if self.ndim == 0:
            return source.reshape(()) if idx.size else self
        shape = [1] * self.ndim
        shape[axis] = idx.size
        spread = np.broadcast_to(idx.reshape(shape), source.shape)
        return ops.Scatter.apply(self, source, dim=axis, index=np.ascontiguousarray(spread))

    def index_fill(self, dim: int, index: Any, value: Any) -> Tensor:
        """A copy with ``value`` (a number or a 0-d tensor) at ``index`` along ``dim``
        (``torch.index_fill``).

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).index_fill(1, Tensor([0], dtype=np.int64), -1.0)
        Tensor([[-1.,  2.],
                [-1.,  4.]])
        """
        axis, idx = self._index_vector("index_fill", dim, index)
        filled = _fill_value("index_fill", value, self)
        mask = np.zeros(self.shape, dtype=bool)
        mask[(slice(None),) * axis + (idx,) if self.ndim else ()] = idx.size > 0
        return self.where(~mask, filled)

    def masked_fill(self, mask: Any, value: Any) -> Tensor:
        """``value`` (a number or a 0-d tensor) where the boolean ``mask`` holds, else this
        tensor (``torch.masked_fill``; the mask broadcasts).

        >>> x = Tensor([1.0, -2.0, 3.0])
        >>> x.masked_fill(x < 0, 0.0)
        Tensor([1., 0., 3.])
        """
        flags = _bool_mask("masked_fill", mask, self)
        filled = _fill_value("masked_fill", value, self)
        return self.where(~flags, filled)

    def masked_select(self, mask: Any) -> Tensor:
        """The entries where the boolean ``mask`` holds, as a 1-D tensor
        (``torch.masked_select``; the mask and the tensor broadcast).

        >>> x = Tensor([[1.0, -2.0], [-3.0, 4.0]])
        >>> x.masked_select(x > 0)
        Tensor([1., 4.])
        """
        flags = _bool_mask("masked_select", mask, self)
        shape = checks.broadcast_shapes("masked_select", self.shape, flags.shape)
        full = self if self.shape == shape else self.expand(shape)
        return ops.GetItem.apply(full, index=np.broadcast_to(flags, shape).copy())

    def masked_scatter(self, mask: Any, source: Any) -> Tensor:
        """A copy with ``source``'s first entries written, in order, where the boolean
        ``mask`` holds (``torch.masked_scatter``).

        >>> Tensor([0.0, 0.0, 0.0]).masked_scatter(
        ...     Tensor([True, False, True]), Tensor([5.0, 6.0, 7.0])
        ... )
        Tensor([5., 0., 6.])
        """
        flags = _bool_mask("masked_scatter", mask, self)
        source = self._scatter_source("masked_scatter", source)
        shape = checks.broadcast_shapes("masked_scatter", self.shape, flags.shape)
        flags = np.broadcast_to(flags, shape)
        count = int(flags.sum())
        if source.size < count:
            raise ShapeError(
                f"masked_scatter(): number of elements of source ({source.size}, shape "
                f"{source.shape}) < number of ones in mask ({count})"
            )
        values = source.reshape(-1)[:count]
        placed = ops.IndexAdd.apply(values, index=np.nonzero(flags), shape=shape)
        return placed.where(flags, self)

    def take(self, index: Any) -> Tensor:
        """Entries of the flattened tensor at ``index``; the result has the index's shape
        (``torch.take``; negative indices count from the end).

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).take(Tensor([3, -4], dtype=np.int64))
        Tensor([4., 1.])
        """
        idx = np.array(index.data if isinstance(index, Tensor) else index)
        if idx.dtype.kind not in "iu":
            raise TypeError(f"take(): expected an int64 index, got dtype {idx.dtype}")
        if idx.size and (idx.min() < -self.size or idx.max() >= self.size):
            bad = int(idx.min() if idx.min() < -self.size else idx.max())
            raise IndexError(
                f"take(): index {bad} is out of range for a tensor of {self.size} elements "
                f"(shape {self.shape})"
            )
        return ops.GetItem.apply(self.reshape(-1), index=idx.astype(np.int64))

    def take_along_dim(self, indices: Any, dim: int | None = None) -> Tensor:
        """``gather`` after broadcasting this tensor and ``indices`` except along ``dim``
        (``torch.take_along_dim``); ``dim=None`` gathers from the flattened tensor.

        >>> x = Tensor([[10.0, 30.0, 20.0]])
        >>> x.take_along_dim(Tensor([[1]], dtype=np.int64), dim=1)
        Tensor([[30.]])
        """
        idx = np.array(indices.data if isinstance(indices, Tensor) else indices)
        if dim is None:
            return self.reshape(-1).gather(0, idx.reshape(-1))
        if idx.ndim != self.ndim:
            raise ShapeError(
                f"take_along_dim(): input and indices should have the same number of "
                f"dimensions, got shapes {self.shape} and {idx.shape}"
            )
        axis = _one_axis(dim, self, "take_along_dim") or 0
        own, theirs = list(self.shape), list(idx.shape)
        own[axis] = theirs[axis] = 1
        shape = list(checks.broadcast_shapes("take_along_dim", tuple(own), tuple(theirs)))
        full_self, full_idx = shape.copy(), shape.copy()
        full_self[axis], full_idx[axis] = self.shape[axis], idx.shape[axis]
        source = self if self.shape == tuple(full_self) else self.expand(full_self)
        return source.gather(axis, np.broadcast_to(idx, full_idx))

    def nonzero(self, *, as_tuple: Flag = False) -> Tensor | tuple[Tensor, ...]:
        """The indices of the non-zero entries, one row each (``torch.nonzero``), or with
        ``as_tuple=True`` one int64 vector per dimension.

        >>> Tensor([[0.0, 1.0], [2.0, 0.0]]).nonzero()
        Tensor([[0, 1],
                [1, 0]], dtype=int64)
        """
        data = self.data.reshape(1) if self.ndim == 0 else self.data
        if as_tuple:
            return tuple(Tensor._wrap(axis.astype(np.int64)) for axis in np.nonzero(data))
        return Tensor._wrap(np.argwhere(self.data).astype(np.int64))

    def argwhere(self) -> Tensor:
        """The indices of the non-zero entries, one row each (``torch.argwhere``).

        >>> Tensor([0.0, 3.0, 4.0]).argwhere()
        Tensor([[1],
                [2]], dtype=int64)
        """
        return Tensor._wrap(np.argwhere(self.data).astype(np.int64))

    def outer(self, vec2: Any) -> Tensor:
        """The outer product of two vectors (``torch.outer``): ``out[i, j] = self[i] vec2[j]``.

        >>> Tensor([1.0, 2.0]).outer(Tensor([1.0, 10.0]))
        Tensor([[ 1., 10.],
                [ 2., 20.]])
        """
        other = to_tensor(vec2, self)
        for name, tensor in (("self", self), ("vec2", other)):
            if tensor.ndim != 1:
                raise ShapeError(
                    f"outer: expected 1-D argument {name}, but got {tensor.ndim}-D (shapes "
                    f"{self.shape} and {other.shape})"
                )
        first, second = promote(self, other)  # an elementwise product: PyTorch promotes
        return ops.einsum.contract("i,j->ij", [first, second], name=None)

    def ger(self, vec2: Any) -> Tensor:
        """``outer`` by its old name (``torch.ger``).

        >>> Tensor([1.0, 2.0]).ger(Tensor([3.0]))
        Tensor([[3.],
                [6.]])
        """
        return self.outer(vec2)

    def inner(self, other: Any) -> Tensor:
        """Sums of products over the last dimension of both (``torch.inner``); a 0-d operand
        multiplies.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).inner(Tensor([1.0, 1.0]))
        Tensor([3., 7.])
        """
        other = to_tensor(other, self)
        if self.ndim == 0 or other.ndim == 0:
            return self * other
        if self.shape[-1] != other.shape[-1]:
            raise ShapeError(
                f"inner(): the last dimension must match on both input tensors but got shapes "
                f"{self.shape} and {other.shape}"
            )
        first = _LETTERS[: self.ndim - 1]
        second = _LETTERS[self.ndim - 1 : self.ndim + other.ndim - 2]
        equation = f"{first}z,{second}z->{first}{second}"
        return ops.einsum.contract(equation, [self, other], name="inner")

    def mv(self, vec: Operand) -> Tensor:
        """The product of a matrix and a vector, (n, m) @ (m,) (as ``torch.mv``); both of one
        dtype.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).mv(Tensor([1.0, 1.0]))
        Tensor([3., 7.])
        """
        other = to_tensor(vec, self)
        if self.ndim != 2 or other.ndim != 1 or self.shape[1] != other.shape[0]:
            raise checks.ShapeError(
                f"mv: expected a matrix (n, m) and a vector (m,), got shapes {self.shape} and "
                f"{other.shape}"
            )
        ops.linalg.check_product_dtypes("mv", self.data, other.data)
        return ops.MatMul.apply(self, other)

    def vdot(self, other: Operand) -> Tensor:
        """The inner product of two 1-D tensors, the first conjugated (as ``torch.vdot``; for
        real tensors, ``dot``).

        >>> Tensor([1.0, 2.0]).vdot(Tensor([3.0, 4.0]))
        Tensor(11.)
        """
        vector = to_tensor(other, self)
        _check_product("vdot", self, vector, 1)
        if self.dtype.kind == "c":
            raise NotImplementedError("vdot: complex tensors are not supported (no conj yet)")
        return ops.MatMul.apply(self, vector)

    def cross(self, other: Any, dim: int | None = None) -> Tensor:
        """The cross product of 3-vectors along ``dim`` (``torch.cross``; the two broadcast).
        ``dim=None`` takes the first dimension of size 3, as PyTorch's default
        (``torch.linalg.cross``, ``autograd.indexing.linalg_cross``, defaults to -1).

        >>> Tensor([1.0, 0.0, 0.0]).cross(Tensor([0.0, 1.0, 0.0]))
        Tensor([0., 0., 1.])
        """
        other = to_tensor(other, self)
        shape = checks.broadcast_shapes("cross", self.shape, other.shape)
        if dim is None:
            dim = next((axis for axis, n in enumerate(shape) if n == 3), -1)
        (axis,) = checks.normalize_axis(dim, len(shape), "cross") or (0,)
        from_end = axis - len(shape)
        if not all(t.ndim >= -from_end and t.shape[from_end] == 3 for t in (self, other)):
            raise ShapeError(
                f"cross: inputs dimension {dim} must have length 3, got shapes {self.shape} "
                f"and {other.shape}"
            )
        a = self if self.shape == shape else self.expand(shape)
        b = other if other.shape == shape else other.expand(shape)
        first, second = np.array([1, 2, 0]), np.array([2, 0, 1])
        return a.index_select(axis, first) * b.index_select(axis, second) - a.index_select(
            axis, second
        ) * b.index_select(axis, first)

    def kron(self, other: Any) -> Tensor:
        """The Kronecker product (``torch.kron``): blocks ``self[i] * other``.

        >>> Tensor([1.0, 2.0]).kron(Tensor([1.0, 10.0]))
        Tensor([ 1., 10.,  2., 20.])
        """
        other = to_tensor(other, self)
        ndim = max(self.ndim, other.ndim)
        a_shape = (1,) * (ndim - self.ndim) + self.shape
        b_shape = (1,) * (ndim - other.ndim) + other.shape
        a = self.reshape(*[n for size in a_shape for n in (size, 1)])
        b = other.reshape(*[n for size in b_shape for n in (1, size)])
        return (a * b).reshape(*[m * n for m, n in zip(a_shape, b_shape, strict=True)])

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
        if self._records_inplace((value,)):
            self._record_assignment(index, value)  # a path for gradients or tangents
            return
        key = _assignment_key(index, self.shape)
        value = value.data if isinstance(value, Tensor) else value
        try:
            self.data[key] = value
        except (ValueError, IndexError) as exc:
            raise type(exc)(
                f"__setitem__: cannot assign a value of shape {np.shape(value)} into a tensor "
                f"of shape {self.shape} at {key!r} ({exc})"
            ) from None
        self._count_change()

    def _record_assignment(self, index: object, value: Operand) -> None:
        """``self[index] = value`` as a recorded in-place op (``_inplace`` with ``SetItem``):
        ``self`` becomes its output, and a stand-in for what ``self`` was becomes its input."""
        if self.data.dtype.kind != "f" and isinstance(value, Tensor) and value._requires_grad:
            raise TypeError(
                f"__setitem__: a value that requires grad cannot be written into a tensor of "
                f"dtype {self.data.dtype} (shape {self.shape}); make it a float tensor first"
            )
        key = _assignment_key(index, self.shape)
        written = value if isinstance(value, Tensor) else _operand(value, self.data.dtype)
        self._inplace(
            "__setitem__",
            lambda before: ops.SetItem.apply(before, written, index=key),
            written,
            reads_self=False,
        )

    def __getitem__(self, index: object) -> Tensor:
        key = checks.normalize_index(index, self.shape, "indexing")
        steps = checks.split_integer_selections(key)
        if steps is not None:  # integers beside arrays: selected first, as PyTorch does
            return ops.GetItem.apply(ops.GetItem.apply(self, index=steps[0]), index=steps[1])
        return ops.GetItem.apply(self, index=key)

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
            raise ShapeError("clip: give at least one of min and max")
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
        return ops.Atan2.apply(*_promoted(self, other))

    arctan2 = atan2

    def hypot(self, other: Operand) -> Tensor:
        """sqrt(self^2 + other^2) without overflow, broadcasting; d h = (a da + b db) / h.

        >>> Tensor([3.0]).hypot(4.0)
        Tensor([5.])
        """
        return ops.Hypot.apply(*_promoted(self, other))

    def logaddexp(self, other: Operand) -> Tensor:
        """log(exp(self) + exp(other)) without overflow, broadcasting;
        d = sigmoid(a - b) da + sigmoid(b - a) db.

        >>> Tensor([1000.0]).logaddexp(1000.0)
        Tensor([1000.6932])
        """
        return ops.Logaddexp.apply(*_promoted(self, other))

    def copysign(self, other: Operand) -> Tensor:
        """|self| with the sign of ``other`` (its sign bit: -0.0 counts as negative),
        broadcasting; the gradient flows into self only.

        >>> Tensor([1.0, -2.0]).copysign(Tensor([-1.0, 0.0]))
        Tensor([-1.,  2.])
        """
        return ops.Copysign.apply(*_promoted(self, other))

    def fmod(self, other: Operand) -> Tensor:
        """The remainder of self / other with the sign of self (C's fmod), broadcasting;
        d fmod(a, b) = da - trunc(a / b) db.

        >>> Tensor([-3.0, 3.0]).fmod(2.0)
        Tensor([-1.,  1.])
        """
        return ops.Fmod.apply(*_promoted(self, other))

    def remainder(self, other: Operand) -> Tensor:
        """The remainder of self / other with the sign of other (Python's %), broadcasting;
        d remainder(a, b) = da - floor(a / b) db.

        >>> Tensor([-3.0, 3.0]).remainder(2.0)
        Tensor([1., 1.])
        """
        return _bitwise.remainder(*_promoted(self, other))

    def lerp(self, end: Operand, weight: Operand) -> Tensor:
        """self + weight (end - self), broadcasting; differentiable in all three:
        d lerp(s, e, w) = (1 - w) ds + w de + (e - s) dw.

        >>> Tensor([0.0, 10.0]).lerp(Tensor([10.0, 20.0]), 0.25)
        Tensor([ 2.5, 12.5])
        """
        return ops.Lerp.apply(*promote(self, end, weight))

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
        dtype: DTypeLike = None,
    ) -> Tensor:
        """Sum over ``axis`` (all axes by default); the gradient is copied back to every entry.
        With ``dtype`` the tensor is first cast to it, as PyTorch's.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).sum(axis=0)
        Tensor([4., 6.])
        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).sum(dim=-1, keepdim=True).shape
        (2, 1)
        >>> Tensor([1.0, 2.0]).sum(dtype=np.float64).dtype
        dtype('float64')
        """
        axes, keepdims = composite.reduction_axes("sum", self.ndim, axis, dim, keepdims, keepdim)
        source = self if dtype is None else self.astype(dtype)
        return ops.Sum.apply(source, axis=axes, keepdims=keepdims)

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
        axes, keepdims = composite.reduction_axes("mean", self.ndim, axis, dim, keepdims, keepdim)
        return ops.Mean.apply(self, axis=axes, keepdims=keepdims)

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
        axes, keepdims = composite.reduction_axes("max", self.ndim, axis, None, keepdims, keepdim)
        return ops.Max.apply(self, axis=axes, keepdims=keepdims)

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
        axes, keepdims = composite.reduction_axes("min", self.ndim, axis, None, keepdims, keepdim)
        return ops.Min.apply(self, axis=axes, keepdims=keepdims)

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
        a, b = _promoted(self, other)  # PyTorch's result type of the two values
        shape = checks.broadcast_shapes("where", mask.shape, a.shape, b.shape)
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
        return self._arg_extreme("argmax", np.argmax, axis, dim, keepdims, keepdim)

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
        return self._arg_extreme("argmin", np.argmin, axis, dim, keepdims, keepdim)

    def _arg_extreme(
        self,
        name: str,
        find: Callable[..., Any],
        axis: Axis,
        dim: Axis,
        keepdims: bool,
        keepdim: bool | None,
    ) -> Tensor:
        """argmax/argmin: the position (int64) that ``find`` picks along one axis, or in the
        flattened tensor."""
        axis, keepdims = composite.resolve_axis(name, axis, dim, keepdims, keepdim)
        where = _one_axis(axis, self, name)
        ops.scan.check_nonempty(name, self.shape, None if where is None else (where,))
        return Tensor._wrap(np.asarray(find(self.data, where, keepdims=keepdims), dtype=np.int64))

    # ---- reductions and scans (torch parity)
    # PyTorch's signatures (dim=, keepdim=). The primitives are ops.Prod, Cumsum, Cumprod and
    # Logcumsumexp (ops/scan.py) and Max/Min (ops/reduce.py); the selections (sort, topk,
    # kthvalue, median, cummax) find positions with NumPy and pick the values with
    # ops.scan.take_along, so the gradient goes back to the picked entries.
    def prod(
        self, dim: int | None = None, keepdim: bool = False, *, dtype: DTypeLike = None
    ) -> Tensor:
        """The product over ``dim`` (all entries by default). Its gradient is the product of the
        other entries, right where some are 0 (no division); bool and integer tensors give int64.

        >>> x = Tensor([[1.0, 2.0], [0.0, 4.0]], requires_grad=True)
        >>> x.prod(dim=1).data
        array([2., 0.], dtype=float32)
        >>> x.prod(dim=1).sum().backward()
        >>> x.grad
        array([[2., 1.],
               [4., 0.]], dtype=float32)
        """
        if isinstance(dim, (tuple, list)):
            raise TypeError(
                f"prod: dim must be one int (PyTorch's prod reduces one dim), got {dim!r}"
            )
        return ops.Prod.apply(
            self._accumulating(dtype), axis=_one_axis(dim, self, "prod"), keepdims=keepdim
        )

    def _accumulating(self, dtype: DTypeLike) -> Tensor:
        """PyTorch's dtype for sums and products: ``dtype`` if given, int64 for bool and ints."""
        if dtype is not None:
            return self.astype(dtype)
        return self.astype(np.int64) if self.dtype.kind in "biu" else self

    def _reduced_axes(self, dim: Axis, name: str) -> tuple[int, ...] | None:
        """The axes a reduction covers: all of them for None or (), as PyTorch's ``dim=()``."""
        if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
            return None
        return checks.normalize_axis(dim, self.ndim, name)

    def any(
        self,
        dim: Axis = None,
        keepdim: bool = False,
        *,
        axis: Axis = None,
        keepdims: bool | None = None,
    ) -> Tensor:
        """Is any entry non-zero, over ``dim`` (an int or a tuple; all by default)? A bool tensor.

        >>> Tensor([[0.0, 1.0], [0.0, 0.0]]).any(dim=1)
        Tensor([ True, False], dtype=bool)
        """
        dim, keepdim = (axis if dim is None else dim), (keepdim or bool(keepdims))  # aliases
        axes = self._reduced_axes(dim, "any")
        return Tensor._wrap(np.asarray(np.any(self.data, axis=axes, keepdims=keepdim)))

    def all(
        self,
        dim: Axis = None,
        keepdim: bool = False,
        *,
        axis: Axis = None,
        keepdims: bool | None = None,
    ) -> Tensor:
        """Are all entries non-zero, over ``dim`` (an int or a tuple; all by default)? The
        ``all`` of an empty tensor is True, as PyTorch's.

        >>> Tensor([[1.0, 1.0], [0.0, 1.0]]).all(dim=1)
        Tensor([ True, False], dtype=bool)
        """
        dim, keepdim = (axis if dim is None else dim), (keepdim or bool(keepdims))  # aliases
        axes = self._reduced_axes(dim, "all")
        return Tensor._wrap(np.asarray(np.all(self.data, axis=axes, keepdims=keepdim)))

    def count_nonzero(self, dim: Axis = None) -> Tensor:
        """The number of non-zero entries over ``dim`` (an int or a tuple; all by default), int64.

        >>> Tensor([[0.0, 1.0], [2.0, 3.0]]).count_nonzero(dim=1)
        Tensor([1, 2], dtype=int64)
        """
        axes = self._reduced_axes(dim, "count_nonzero")
        counted = np.count_nonzero(self.data, axis=axes)
        return Tensor._wrap(np.asarray(counted, dtype=np.int64))

    def amax(self, dim: Axis = (), keepdim: bool = False) -> Tensor:
        """The maximum over ``dim`` (an int or a tuple; all by default); tied maxima share the
        gradient equally (PyTorch's amax; ``max(dim=)`` instead sends it to one index).

        >>> x = Tensor([[1.0, 3.0], [3.0, 2.0]], requires_grad=True)
        >>> x.amax().backward()
        >>> x.grad
        array([[0. , 0.5],
               [0.5, 0. ]], dtype=float32)
        """
        axes = self._reduced_axes(dim, "amax")
        ops.scan.check_nonempty("amax", self.shape, axes)
        return ops.Max.apply(self, axis=axes, keepdims=keepdim)

    def amin(self, dim: Axis = (), keepdim: bool = False) -> Tensor:
        """The minimum over ``dim`` (an int or a tuple; all by default); tied minima share the
        gradient equally.

        >>> Tensor([[1.0, 3.0], [0.0, 2.0]]).amin(dim=-1, keepdim=True)
        Tensor([[1.],
                [0.]])
        """
        axes = self._reduced_axes(dim, "amin")
        ops.scan.check_nonempty("amin", self.shape, axes)
        return ops.Min.apply(self, axis=axes, keepdims=keepdim)

    def nansum(self, dim: Axis = None, keepdim: bool = False, *, dtype: DTypeLike = None) -> Tensor:
        """The sum over ``dim`` with NaNs counted as 0 (their gradient is 0).

        >>> Tensor([1.0, np.nan, 2.0]).nansum()
        Tensor(3.)
        """
        source = self._accumulating(dtype)
        if source.dtype.kind == "f":
            source = source.where(~np.isnan(source.data), 0.0)
        return source.sum(dim=self._reduced_axes(dim, "nansum"), keepdim=keepdim)

    def nanmean(
        self, dim: Axis = None, keepdim: bool = False, *, dtype: DTypeLike = None
    ) -> Tensor:
        """The mean over ``dim`` of the entries that are not NaN (NaN where there are none).

        >>> Tensor([[1.0, np.nan], [np.nan, np.nan]]).nanmean(dim=1)
        Tensor([ 1., nan])
        """
        source = self if dtype is None else self.astype(dtype)
        if source.dtype.kind != "f":
            raise TypeError(
                f"nanmean: needs a floating-point tensor, got dtype {source.dtype} (an integer "
                f"tensor has no NaN: use mean, or pass dtype=)"
            )
        axes = self._reduced_axes(dim, "nanmean")
        count = np.sum(~np.isnan(source.data), axis=axes, keepdims=keepdim)
        total = source.nansum(dim=axes, keepdim=keepdim)
        # divided by at least 1, so that no backward divides by 0; no entries give NaN
        mean = total / Tensor._wrap(np.asarray(np.maximum(count, 1), dtype=source.dtype))
        return mean.where(count > 0, np.nan)

    @overload
    def median(self, dim: None = None, keepdim: bool = False) -> Tensor: ...
    @overload
    def median(self, dim: int, keepdim: bool = False) -> ValuesIndices: ...
    def median(self, dim: int | None = None, keepdim: bool = False) -> Tensor | ValuesIndices:
        """The lower median (of two middle values, the smaller), NaN if there is a NaN. Without
        ``dim``, of all entries, and the gradient is shared by the entries equal to it; with
        ``dim``, PyTorch's ``(values, indices)``, the gradient going to the index.

        >>> x = Tensor([[3.0, 1.0, 2.0, 4.0]])
        >>> x.median()
        Tensor(2.)
        >>> x.median(dim=1)
        ValuesIndices(values=Tensor([2.]), indices=Tensor([2], dtype=int64))
        """
        if dim is None:
            return self._median_of_all("median", ignore_nan=False)
        return self._median_along("median", dim, keepdim, ignore_nan=False)

    @overload
    def nanmedian(self, dim: None = None, keepdim: bool = False) -> Tensor: ...
    @overload
    def nanmedian(self, dim: int, keepdim: bool = False) -> ValuesIndices: ...
    def nanmedian(self, dim: int | None = None, keepdim: bool = False) -> Tensor | ValuesIndices:
        """``median`` of the entries that are not NaN (NaN if all are).

        >>> Tensor([1.0, np.nan, 3.0, 2.0]).nanmedian()
        Tensor(2.)
        """
        if dim is None:
            return self._median_of_all("nanmedian", ignore_nan=True)
        return self._median_along("nanmedian", dim, keepdim, ignore_nan=True)

    def _median_of_all(self, name: str, ignore_nan: bool) -> Tensor:
        flat = self.data.reshape(-1)
        floating = flat.dtype.kind == "f"
        nan = np.isnan(flat) if floating else np.zeros(flat.shape, dtype=bool)
        if flat.size == 0:
            if not floating:
                raise ShapeError(f"{name}: an empty {flat.dtype} tensor has no median")
            return self.sum() + np.nan  # PyTorch's: NaN (and an empty gradient)
        kept = flat[~nan] if ignore_nan else flat
        if kept.size == 0 or (nan.any() and not ignore_nan):
            middle = np.asarray(np.nan, dtype=flat.dtype)
        else:
            middle = np.asarray(np.partition(kept, (kept.size - 1) // 2)[(kept.size - 1) // 2])
        if not floating:
            return Tensor._wrap(middle)
        # the entries equal to the median share its gradient (PyTorch's): the extreme of x
        # where x is the median, the rest moved out of the way (Max and Min share among ties)
        tied = (self.data == middle) | (nan.reshape(self.shape) & np.isnan(middle))
        if middle == -np.inf:
            return self.where(tied, np.inf).min()
        return self.where(tied, -np.inf).max()

    def _median_along(self, name: str, dim: int, keepdim: bool, ignore_nan: bool) -> ValuesIndices:
        source, axis = self._along(name, dim)
        data = source.data
        ops.scan.check_nonempty(name, data.shape, (axis,))
        size = data.shape[axis]
        nans = np.sum(
            np.isnan(data) if data.dtype.kind == "f" else np.zeros(data.shape, bool),
            axis=axis,
            keepdims=True,
        )
        if ignore_nan and nans.any():  # the lower median of the entries that are not NaN
            position = np.maximum(size - nans - 1, 0) // 2  # (NaN sorting last), row by row
            order = ops.scan.sort_order(data, axis, descending=False)
            indices = np.take_along_axis(order, position, axis)
        else:  # one position in every row: a partition finds it
            indices = ops.scan.kth_order(data, axis, (size - 1) // 2)
            if nans.any():  # a NaN is the median of its slice: the first of them
                first_nan = np.argmax(np.isnan(data), axis=axis, keepdims=True)
                indices = np.where(nans > 0, first_nan, indices)
        return self._picked(source, indices, axis, keepdim)

    def _along(self, name: str, dim: int) -> tuple[Tensor, int]:
        """The one ``dim`` of a scan or a selection, made non-negative; a 0-d tensor is worked
        on as a tensor of shape (1,) (``_picked`` and the scans give the 0-d shape back)."""
        if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
            raise TypeError(f"{name}: dim must be one int, got {dim!r}")
        (axis,) = checks.normalize_axis(dim, self.ndim, name) or (0,)
        return (self if self.ndim else self.reshape(1)), axis

    def _picked(
        self,
        source: Tensor,
        indices: np.ndarray,
        axis: int,
        keepdim: bool = True,
        distinct: bool = True,
    ) -> ValuesIndices:
        """The values of ``source`` at ``indices`` along ``axis`` (differentiable) and the
        indices (int64), with the reduced axis dropped unless ``keepdim``. ``distinct``: no
        position is picked twice in a slice (all but cummax/cummin)."""
        values = ops.scan.take_along(source, indices, axis, distinct)
        indices = indices.astype(np.int64, copy=False)
        if self.ndim == 0:
            values, indices = values.reshape(()), indices.reshape(())
        elif not keepdim:
            values, indices = values.squeeze(axis), indices.squeeze(axis)
        return ValuesIndices(values, Tensor._wrap(indices))

    def kthvalue(self, k: int, dim: int = -1, keepdim: bool = False) -> ValuesIndices:
        """The ``k``-th smallest entry along ``dim`` (k counts from 1) and its index; the
        gradient goes to that index.

        >>> Tensor([[5.0, 1.0, 4.0]]).kthvalue(2)
        ValuesIndices(values=Tensor([4.]), indices=Tensor([2], dtype=int64))
        """
        source, axis = self._along("kthvalue", dim)
        ops.scan.check_nonempty("kthvalue", source.shape, (axis,))
        size = source.shape[axis]
        if not 1 <= k <= size:
            raise ShapeError(
                f"kthvalue: k={k} is out of range for dim {dim} of size {size} (shape "
                f"{self.shape}); k counts from 1 to {size}"
            )
        indices = ops.scan.kth_order(source.data, axis, k - 1)
        return self._picked(source, indices, axis, keepdim)

    def topk(
        self,
        k: int,
        dim: int = -1,
        largest: bool = True,
        sorted: bool = True,  # noqa: A002 - PyTorch's name
    ) -> ValuesIndices:
        """The ``k`` largest entries along ``dim`` (the smallest with ``largest=False``), in
        order, and their indices; the gradient goes to those entries. Equal values come in
        their order in the tensor (the results are always sorted).

        >>> Tensor([1.0, 5.0, 3.0, 4.0]).topk(2)
        ValuesIndices(values=Tensor([5., 4.]), indices=Tensor([1, 3], dtype=int64))
        """
        source, axis = self._along("topk", dim)
        size = source.shape[axis]
        if not 0 <= k <= size:
            raise ShapeError(
                f"topk: k={k} is out of range for dim {dim} of size {size} (shape "
                f"{self.shape}); k counts from 0 to {size}"
            )
        return self._picked(source, ops.scan.top_order(source.data, axis, k, largest), axis)

    def sort(
        self, dim: int = -1, descending: bool = False, *, stable: bool = False
    ) -> ValuesIndices:
        """Sorted along ``dim``, and where each value came from; the gradient goes back to the
        original positions. The sort is always stable (equal values keep their order) and NaN
        sorts as the largest value, as PyTorch's.

        >>> Tensor([3.0, 1.0, 2.0]).sort(descending=True)
        ValuesIndices(values=Tensor([3., 2., 1.]), indices=Tensor([0, 2, 1], dtype=int64))
        """
        source, axis = self._along("sort", dim)
        return self._picked(source, ops.scan.sort_order(source.data, axis, descending), axis)

    def argsort(self, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
        """The indices that sort the tensor along ``dim`` (int64; stable, as ``sort``).

        >>> Tensor([3.0, 1.0, 2.0]).argsort()
        Tensor([1, 2, 0], dtype=int64)
        """
        source, axis = self._along("argsort", dim)
        order = ops.scan.sort_order(source.data, axis, descending)
        return Tensor._wrap(order.reshape(self.shape))

    def msort(self) -> Tensor:
        """Sorted along the first dimension (``sort(dim=0).values``).

        >>> Tensor([[2.0, 1.0], [1.0, 3.0]]).msort()
        Tensor([[1., 1.],
                [2., 3.]])
        """
        return self.sort(dim=0).values

    def unique(
        self,
        sorted: bool = True,  # noqa: A002 - PyTorch's name
        return_inverse: bool = False,
        return_counts: bool = False,
        dim: int | None = None,
    ) -> Tensor | tuple[Tensor, ...]:
        """The distinct values (sorted), or with ``dim`` the distinct slices along it; with
        ``return_inverse`` also where each entry went, with ``return_counts`` how often each
        value occurs. Not differentiable (as PyTorch's).

        >>> Tensor([3.0, 1.0, 3.0]).unique(return_inverse=True, return_counts=True)
        (Tensor([1., 3.]), Tensor([1, 0, 1], dtype=int64), Tensor([1, 2], dtype=int64))
        """
        if dim is not None and self.ndim == 0:
            raise ShapeError(f"unique: dim={dim} given for a 0-d tensor, which has no dimensions")
        axis = None if dim is None else self._along("unique", dim)[1]
        values, inverse, counts = np.unique(
            self.data, return_inverse=True, return_counts=True, axis=axis, equal_nan=False
        )
        inverse = inverse.reshape(self.shape if axis is None else (-1,))
        results = [Tensor._wrap(values)]
        if return_inverse:
            results.append(Tensor._wrap(inverse.astype(np.int64)))
        if return_counts:
            results.append(Tensor._wrap(counts.astype(np.int64)))
        return results[0] if len(results) == 1 else tuple(results)

    def cumsum(self, dim: int, *, dtype: DTypeLike = None) -> Tensor:
        """Running sums along ``dim``; bool and integer tensors give int64. The gradient is
        the running sum of the upstream gradient from the other end.

        >>> Tensor([1.0, 2.0, 3.0]).cumsum(0)
        Tensor([1., 3., 6.])
        """
        source, axis = self._accumulating(dtype)._along("cumsum", dim)
        return ops.Cumsum.apply(source, axis=axis, reverse=False).reshape(self.shape)

    def cumprod(self, dim: int, *, dtype: DTypeLike = None) -> Tensor:
        """Running products along ``dim``; the gradient is right where entries are 0 (no
        division). Bool and integer tensors give int64.

        >>> x = Tensor([2.0, 0.0, 3.0], requires_grad=True)
        >>> x.cumprod(0).data
        array([2., 0., 0.], dtype=float32)
        >>> x.cumprod(0).sum().backward()
        >>> x.grad  # 1 + x1 + x1 x2, x0 + x0 x2, x0 x1
        array([1., 8., 0.], dtype=float32)
        """
        source, axis = self._accumulating(dtype)._along("cumprod", dim)
        return ops.Cumprod.apply(source, axis=axis).reshape(self.shape)

    def logcumsumexp(self, dim: int) -> Tensor:
        """log(cumsum(exp(x))) along ``dim``, computed without overflow or underflow.

        >>> Tensor([1000.0, 1000.0], dtype=np.float64).logcumsumexp(0)
        Tensor([1000.    , 1000.6931], dtype=float64)
        """
        if self.dtype.kind != "f":
            raise TypeError(
                f"logcumsumexp: needs a floating-point tensor, got dtype {self.dtype} "
                f"(convert it with .float() or .double())"
            )
        source, axis = self._along("logcumsumexp", dim)
        return ops.Logcumsumexp.apply(source, axis=axis, reverse=False).reshape(self.shape)

    def cummax(self, dim: int) -> ValuesIndices:
        """The running maximum along ``dim`` and where it was reached (of equal values the
        later; a NaN stays the maximum); the gradient goes to those positions.

        >>> Tensor([1.0, 3.0, 2.0, 5.0]).cummax(0)
        ValuesIndices(values=Tensor([1., 3., 3., 5.]), indices=Tensor([0, 1, 1, 3], dtype=int64))
        """
        source, axis = self._along("cummax", dim)
        indices = ops.scan.running_extreme_indices(source.data, axis, True)
        return self._picked(source, indices, axis, distinct=False)

    def cummin(self, dim: int) -> ValuesIndices:
        """The running minimum along ``dim`` and where it was reached (as ``cummax``).

        >>> Tensor([3.0, 1.0, 2.0]).cummin(0).values
        Tensor([3., 1., 1.])
        """
        source, axis = self._along("cummin", dim)
        indices = ops.scan.running_extreme_indices(source.data, axis, False)
        return self._picked(source, indices, axis, distinct=False)

    def norm(
        self,
        p: Scalar | str | None = "fro",
        dim: Axis = None,
        keepdim: bool = False,
        dtype: DTypeLike = None,
    ) -> Tensor:
        """The norm of ``torch.norm``: with a number ``p``, the vector p-norm over ``dim`` (all
        entries by default); ``'fro'`` is the 2-norm, ``'nuc'`` the sum of the singular values
        over a 2-tuple ``dim``. ``autograd.linalg`` has ``vector_norm`` and ``matrix_norm``.

        >>> Tensor([[3.0, 4.0], [0.0, 0.0]]).norm(dim=1)
        Tensor([5., 0.])
        """
        return linalg.norm_of_torch(self, p, dim, keepdim, dtype)

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
        if start > end:
            raise ShapeError(
                f"flatten: start_dim {start_dim} comes after end_dim {end_dim} (tensor shape "
                f"{self.shape})"
            )
        merged = math.prod(self.shape[start : end + 1])
        return self.reshape((*self.shape[:start], merged, *self.shape[end + 1 :]))

    def squeeze(self, dim: Axis = None, *, axis: Axis = None) -> Tensor:
        """Drop axes of size 1: all of them, or those of ``dim`` (an int or a tuple) that have
        size 1; a named axis of another size is left as it is, as in PyTorch. With NumPy's
        ``axis=`` keyword, naming an axis whose size is not 1 is an error, as in NumPy.

        >>> Tensor(np.zeros((1, 3, 1))).squeeze().shape
        (3,)
        >>> Tensor(np.zeros((1, 3, 1))).squeeze((0, 1)).shape
        (3, 1)
        """
        pytorch = axis is None
        axis, _ = composite.resolve_axis("squeeze", axis, dim)
        axes = checks.normalize_axis(axis, self.ndim, "squeeze")
        if axes is None or pytorch:
            axes = tuple(
                i for i, n in enumerate(self.shape) if n == 1 and (axes is None or i in axes)
            )
        for ax in axes:
            if self.shape[ax] != 1:
                raise ShapeError(
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
            raise ShapeError(
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
            raise ShapeError(
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
        return self._expand(_sizes(shape), "expand")

    def broadcast_to(self, shape: Sequence[int]) -> Tensor:
        """Broadcast to ``shape`` (NumPy's rules; -1 keeps a size, as PyTorch's ``expand``);
        the gradient is summed back.

        >>> Tensor([1.0, 2.0]).broadcast_to((3, -1)).shape
        (3, 2)
        """
        return self._expand(tuple(int(n) for n in shape), "broadcast_to")

    def _expand(self, requested: tuple[int, ...], name: str) -> Tensor:
        new_axes = len(requested) - self.ndim
        for axis, size in enumerate(requested):
            if size < 0 and (size != -1 or axis < new_axes):
                where = "a new leading dimension" if axis < new_axes else "a size"
                raise ShapeError(
                    f"{name}: {size} is not allowed for {where} (dimension {axis}); -1 keeps "
                    f"an existing size (tensor shape {self.shape}, requested {requested})"
                )
        padded = (-1,) * new_axes + self.shape
        sizes = tuple(
            old if new == -1 else new for new, old in zip(requested, padded, strict=False)
        )
        return ops.Expand.apply(
            self, shape=checks.broadcast_shape(self.shape, sizes, name, requested)
        )

    # ---- shape and layout (torch parity)
    # PyTorch's layout methods, each sugar over one primitive or a few. PyTorch's views are
    # copies here (values and gradients agree). Flips, splits and narrowing are slices
    # (GetItem), movedim a permute, unflatten a reshape, repeat a reshape-expand-reshape,
    # tril/triu a select with a constant mask; roll, diagonal, unfold and repeat_interleave are
    # primitives of ops/layout.py, with their adjoints.
    def flip(self, *dims: int | Sequence[int]) -> Tensor:
        """Reverse the order of the entries along ``dims`` (``flip(0, 1)`` or ``flip((0, 1))``).

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).flip(1)
        Tensor([[2., 1.],
                [4., 3.]])
        """
        axes = checks.normalize_axis(_sizes(dims), self.ndim, "flip") or ()
        reverse, keep = slice(None, None, -1), slice(None)
        index = tuple(reverse if axis in axes else keep for axis in range(self.ndim))
        return ops.GetItem.apply(self, index=index)

    def fliplr(self) -> Tensor:
        """Reverse the columns, ``flip(1)`` (at least 2 dimensions).

        >>> Tensor([[1.0, 2.0]]).fliplr()
        Tensor([[2., 1.]])
        """
        if self.ndim < 2:
            raise ShapeError(f"fliplr: expects at least 2 dimensions, got shape {self.shape}")
        return self.flip(1)

    def flipud(self) -> Tensor:
        """Reverse the rows, ``flip(0)`` (at least 1 dimension).

        >>> Tensor([1.0, 2.0]).flipud()
        Tensor([2., 1.])
        """
        if self.ndim < 1:
            raise ShapeError(f"flipud: expects at least 1 dimension, got shape {self.shape}")
        return self.flip(0)

    def roll(self, shifts: int | Sequence[int], dims: int | Sequence[int] | None = None) -> Tensor:
        """Shift the entries cyclically: ``shifts[i]`` places along ``dims[i]``; with
        ``dims=None``, along the flattened tensor (the shape is kept).

        >>> Tensor([[1.0, 2.0, 3.0]]).roll(1, 1)
        Tensor([[3., 1., 2.]])
        """
        steps = _ints(shifts)
        if dims is None:
            if len(steps) != 1:
                raise ShapeError(
                    f"roll: with dims=None the tensor is rolled as flattened, so shifts must be "
                    f"one int, got {shifts!r} (tensor shape {self.shape})"
                )
            return ops.Roll.apply(self, shifts=steps, dims=None)
        axes = _ints(dims)
        if len(steps) != len(axes):
            raise ShapeError(
                f"roll: shifts and dims must align, got {len(steps)} shifts {steps} and "
                f"{len(axes)} dims {axes} (tensor shape {self.shape})"
            )
        if self.ndim == 0:
            raise ShapeError(f"roll: dims {axes} given for a 0-d tensor; use dims=None")
        axes = tuple(_one_axis(axis, self, "roll") for axis in axes)  # repeats add up
        return ops.Roll.apply(self, shifts=steps, dims=axes)

    def repeat(self, *sizes: int | Sequence[int]) -> Tensor:
        """Tile the tensor ``sizes[i]`` times along axis i (``torch.Tensor.repeat``, NumPy's
        ``tile``); extra leading sizes add leading axes.

        >>> Tensor([1.0, 2.0]).repeat(2, 2)
        Tensor([[1., 2., 1., 2.],
                [1., 2., 1., 2.]])
        """
        counts = _sizes(sizes)
        if len(counts) < self.ndim or any(n < 0 for n in counts):
            raise ShapeError(
                f"repeat: needs one non-negative count per dimension (at least {self.ndim}), "
                f"got {counts} for a tensor of shape {self.shape}; tile() pads missing counts"
            )
        shape = (1,) * (len(counts) - self.ndim) + self.shape
        # (s0, s1) -> (1, s0, 1, s1) -> expanded (r0, s0, r1, s1) -> (r0 s0, r1 s1): the
        # gradient of the expand sums the copies back
        spread = self.reshape(tuple(n for size in shape for n in (1, size)))
        copies = spread.expand(tuple(n for pair in zip(counts, shape, strict=True) for n in pair))
        return copies.reshape(tuple(r * s for r, s in zip(counts, shape, strict=True)))

    def tile(self, *dims: int | Sequence[int]) -> Tensor:
        """``repeat``, with missing leading counts taken as 1 (``torch.tile``).

        >>> Tensor([[1.0, 2.0]]).tile(2).shape
        (1, 4)
        """
        counts = _sizes(dims)
        return self.repeat((1,) * (self.ndim - len(counts)) + counts)

    def repeat_interleave(
        self, repeats: Any, dim: int | None = None, *, output_size: int | None = None
    ) -> Tensor:
        """Repeat each entry in place: ``repeats`` times (an int), or ``repeats[i]`` times for
        entry i (a 1-D tensor of counts) along ``dim``; over the flattened tensor by default.

        >>> Tensor([1.0, 2.0]).repeat_interleave(Tensor(np.array([1, 2])))
        Tensor([1., 2., 2.])
        """
        counts = np.asarray(repeats.data if isinstance(repeats, Tensor) else repeats)
        if counts.dtype.kind not in "iu" or counts.ndim > 1:
            raise TypeError(
                f"repeat_interleave: repeats must be an int or a 1-D tensor of integers, got "
                f"{counts.dtype} of shape {counts.shape}"
            )
        source = self.reshape(-1) if dim is None or self.ndim == 0 else self
        axis = 0 if dim is None else _one_axis(dim, source, "repeat_interleave")
        length = source.shape[axis]
        if counts.size == 1:
            counts = np.full(length, counts.reshape(-1)[0])
        if counts.size != length:
            raise ShapeError(
                f"repeat_interleave: repeats must have the same size as the input along dim "
                f"{axis}, got {counts.size} repeats for size {length} (tensor shape {self.shape})"
            )
        if (counts < 0).any():
            raise ShapeError(f"repeat_interleave: repeats must be non-negative, got {counts}")
        if output_size is not None and output_size != counts.sum():
            raise ShapeError(
                f"repeat_interleave: output_size {output_size} is not the sum of the repeats "
                f"({int(counts.sum())})"
            )
        return ops.RepeatInterleave.apply(source, repeats=counts.astype(np.int64), axis=axis)

    def tril(self, diagonal: int = 0) -> Tensor:
        """The lower triangle of the last two axes (entries above diagonal ``diagonal`` set to
        0; 1 keeps the first superdiagonal, -1 drops the main one).

        >>> Tensor([[1.0, 1.0], [1.0, 1.0]]).tril()
        Tensor([[1., 0.],
                [1., 1.]])
        """
        return ops.select(self, np.tri(*self._matrix_sides("tril"), diagonal, dtype=bool))

    def triu(self, diagonal: int = 0) -> Tensor:
        """The upper triangle of the last two axes (entries below diagonal ``diagonal`` set to
        0).

        >>> Tensor([[1.0, 1.0], [1.0, 1.0]]).triu(1)
        Tensor([[0., 1.],
                [0., 0.]])
        """
        return ops.select(self, ~np.tri(*self._matrix_sides("triu"), diagonal - 1, dtype=bool))

    def _matrix_sides(self, name: str) -> tuple[int, int]:
        if self.ndim < 2:
            raise ShapeError(f"{name}: expects at least 2 dimensions, got shape {self.shape}")
        return self.shape[-2], self.shape[-1]

    def diagonal(self, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        """The diagonal ``offset`` (above the main one if positive) of the planes
        ``(dim1, dim2)``, as a new last axis.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).diagonal()
        Tensor([1., 4.])
        """
        first, second = _one_axis(dim1, self, "diagonal"), _one_axis(dim2, self, "diagonal")
        if self.ndim < 2 or first == second:
            raise ShapeError(
                f"diagonal: needs two different dimensions, got dim1={dim1} and dim2={dim2} "
                f"for a tensor of shape {self.shape}"
            )
        return ops.Diagonal.apply(self, offset=int(offset), dim1=first, dim2=second)

    def diag(self, diagonal: int = 0) -> Tensor:
        """A 1-D tensor as the diagonal ``diagonal`` of a square matrix; of a matrix, its
        diagonal ``diagonal`` as a 1-D tensor.

        >>> Tensor([1.0, 2.0]).diag()
        Tensor([[1., 0.],
                [0., 2.]])
        """
        if self.ndim == 1:
            side = self.shape[0] + abs(int(diagonal))
            return ops.DiagEmbed.apply(
                self, shape=(side, side), offset=int(diagonal), dim1=0, dim2=1
            )
        if self.ndim == 2:
            return self.diagonal(diagonal)
        raise ShapeError(f"diag: expects a 1-D or 2-D tensor, got shape {self.shape}")

    def diag_embed(self, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
        """Matrices with the last axis on their diagonal ``offset``: two new axes ``dim1`` and
        ``dim2`` of the result hold them (the batch of diagonals is the other axes).

        >>> Tensor([[1.0, 2.0]]).diag_embed().shape
        (1, 2, 2)
        """
        ndim = self.ndim + 1
        (first,) = checks.normalize_axis(dim1, ndim, "diag_embed") or (0,)
        (second,) = checks.normalize_axis(dim2, ndim, "diag_embed") or (0,)
        if self.ndim == 0 or first == second:
            raise ShapeError(
                f"diag_embed: needs two different dimensions of the result and at least a 1-D "
                f"input, got dim1={dim1}, dim2={dim2} for shape {self.shape}"
            )
        shape = list(self.shape[:-1])
        side = self.shape[-1] + abs(int(offset))
        for axis in sorted((first, second)):
            shape.insert(axis, side)
        return ops.DiagEmbed.apply(
            self, shape=tuple(shape), offset=int(offset), dim1=first, dim2=second
        )

    def trace(self) -> Tensor:
        """The sum of the main diagonal of a matrix.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).trace()
        Tensor(5.)
        """
        if self.ndim != 2:
            raise ShapeError(f"trace: expects a matrix (2-D), got shape {self.shape}")
        return self.diagonal().sum()

    def unflatten(self, dim: int, sizes: Sequence[int]) -> Tensor:
        """Split axis ``dim`` into axes of ``sizes`` (one may be -1).

        >>> Tensor(np.zeros((2, 6))).unflatten(1, (3, -1)).shape
        (2, 3, 2)
        """
        axis = self._dim_of_tensor(dim, "unflatten")
        inner = tuple(int(n) for n in sizes)
        try:
            inner = checks.normalize_shape(inner, (self.shape[axis],), "unflatten")
        except ValueError:
            inner = ()
        if not inner:
            raise ShapeError(
                f"unflatten: sizes {tuple(sizes)} do not multiply up to the size "
                f"{self.shape[axis]} of dimension {axis} (tensor shape {self.shape})"
            )
        return self.reshape((*self.shape[:axis], *inner, *self.shape[axis + 1 :]))

    def unfold(self, dimension: int, size: int, step: int) -> Tensor:
        """All windows of ``size`` entries, every ``step``, along ``dimension``: that axis
        counts the windows and a new last axis of ``size`` holds each one.

        >>> Tensor([1.0, 2.0, 3.0]).unfold(0, 2, 1)
        Tensor([[1., 2.],
                [2., 3.]])
        """
        source = self.reshape(1) if self.ndim == 0 else self
        axis = _one_axis(dimension, source, "unfold")
        length = source.shape[axis]
        if step <= 0 or not 0 <= size <= length:
            raise ShapeError(
                f"unfold: needs 0 <= size <= {length} (the size of dimension {axis}) and "
                f"step > 0, got size={size}, step={step} (tensor shape {self.shape})"
            )
        out = ops.UnfoldDim.apply(source, dimension=axis, size=int(size), step=int(step))
        return out.reshape(size) if self.ndim == 0 else out

    def split(
        self, split_size_or_sections: int | Sequence[int], dim: int = 0
    ) -> tuple[Tensor, ...]:
        """Pieces along ``dim``: of ``split_size`` entries each (the last may be smaller), or
        of the given list of sizes, which must add up to the axis.

        >>> [piece.shape for piece in Tensor(np.zeros(5)).split(2)]
        [(2,), (2,), (1,)]
        >>> [piece.shape for piece in Tensor(np.zeros(5)).split([1, 4])]
        [(1,), (4,)]
        """
        axis = self._dim_of_tensor(dim, "split")
        length = self.shape[axis]
        if isinstance(split_size_or_sections, (int, np.integer)):
            size = int(split_size_or_sections)
            if size < 0 or (size == 0 and length):
                raise ShapeError(
                    f"split: split_size must be positive (0 only for an empty dimension), got "
                    f"{size} for dimension {axis} of size {length} (tensor shape {self.shape})"
                )
            sizes = [size] * (length // size) if size else []
            if not sizes or length % size:
                sizes.append(length % size if size else 0)
        else:
            sizes = [int(n) for n in split_size_or_sections]
            if any(n < 0 for n in sizes) or sum(sizes) != length:
                raise ShapeError(
                    f"split: the sizes {sizes} must be non-negative and add up to {length}, the "
                    f"size of dimension {axis} (tensor shape {self.shape})"
                )
        return self._pieces(axis, sizes)

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        """``chunks`` pieces of equal size along ``dim``, the last one smaller (or fewer pieces,
        as PyTorch: each has ``ceil(size / chunks)`` entries).

        >>> [piece.shape for piece in Tensor(np.zeros(5)).chunk(3)]
        [(2,), (2,), (1,)]
        """
        if chunks <= 0:
            raise ShapeError(f"chunk: chunks must be greater than 0, got {chunks}")
        length = self.shape[self._dim_of_tensor(dim, "chunk")]
        if length == 0:
            return self.split([0] * chunks, dim)
        return self.split(-(-length // chunks), dim)

    def tensor_split(self, indices_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
        """``sections`` pieces whose sizes differ by at most one (an int), or the pieces
        between the given indices (a list or 1-D tensor; ``[2, 3]`` makes ``[:2]``, ``[2:3]``,
        ``[3:]``), along ``dim``.

        >>> [piece.shape for piece in Tensor(np.zeros(5)).tensor_split(3)]
        [(2,), (2,), (1,)]
        >>> [piece.shape for piece in Tensor(np.zeros(5)).tensor_split([1, 4])]
        [(1,), (3,), (1,)]
        """
        axis = self._dim_of_tensor(dim, "tensor_split")
        length = self.shape[axis]
        given = indices_or_sections
        spec = np.asarray(given.data if isinstance(given, Tensor) else given)
        if spec.ndim == 1 and spec.size == 0:
            spec = spec.astype(np.int64)  # no indices: one piece, the whole tensor
        if spec.dtype.kind not in "iu" or spec.ndim > 1:
            raise TypeError(
                f"tensor_split: indices_or_sections must be an int or a 1-D sequence of ints, "
                f"got {spec.dtype} of shape {spec.shape}"
            )
        if spec.ndim == 0:
            sections = int(spec)
            if sections <= 0:
                raise ShapeError(f"tensor_split: sections must be greater than 0, got {sections}")
            small, extra = divmod(length, sections)
            return self._pieces(axis, [small + 1] * extra + [small] * (sections - extra))
        cuts = [int(n) for n in spec]
        return self._pieces(axis, None, [0, *cuts], [*cuts, length])

    def hsplit(self, indices_or_sections: Any) -> tuple[Tensor, ...]:
        """``tensor_split`` along the columns (axis 1; axis 0 of a 1-D tensor); a number of
        sections must divide the axis.

        >>> [piece.shape for piece in Tensor(np.zeros((2, 4))).hsplit(2)]
        [(2, 2), (2, 2)]
        """
        return self._split_along(1 if self.ndim > 1 else 0, indices_or_sections, "hsplit", 1)

    def vsplit(self, indices_or_sections: Any) -> tuple[Tensor, ...]:
        """``tensor_split`` along the rows (axis 0, at least 2 dimensions); a number of sections
        must divide the axis.

        >>> [piece.shape for piece in Tensor(np.zeros((4, 2))).vsplit([1])]
        [(1, 2), (3, 2)]
        """
        return self._split_along(0, indices_or_sections, "vsplit", 2)

    def dsplit(self, indices_or_sections: Any) -> tuple[Tensor, ...]:
        """``tensor_split`` along the depth (axis 2, at least 3 dimensions); a number of
        sections must divide the axis.

        >>> [piece.shape for piece in Tensor(np.zeros((1, 2, 4))).dsplit(2)]
        [(1, 2, 2), (1, 2, 2)]
        """
        return self._split_along(2, indices_or_sections, "dsplit", 3)

    def _split_along(self, axis: int, spec: Any, name: str, ndim: int) -> tuple[Tensor, ...]:
        if self.ndim < ndim:
            raise ShapeError(f"{name}: expects at least {ndim} dimensions, got shape {self.shape}")
        if isinstance(spec, (int, np.integer)) and spec > 0 and self.shape[axis] % spec:
            raise ShapeError(
                f"{name}: the size {self.shape[axis]} of dimension {axis} is not divisible into "
                f"{spec} sections (tensor shape {self.shape}); tensor_split allows unequal ones"
            )
        return self.tensor_split(spec, axis)

    def _pieces(
        self,
        axis: int,
        sizes: Sequence[int] | None,
        starts: Sequence[int] = (),
        stops: Sequence[int] = (),
    ) -> tuple[Tensor, ...]:
        """The slices ``[start:stop]`` along ``axis`` (Python's slice rules): consecutive
        pieces of ``sizes``, or one piece per ``start, stop`` pair."""
        if sizes is not None:
            stops = [int(n) for n in np.cumsum(sizes, dtype=np.int64)]
            starts = [0, *stops[:-1]]
        lead = (slice(None),) * axis
        return tuple(
            ops.GetItem.apply(self, index=(*lead, slice(start, stop)))
            for start, stop in zip(starts, stops, strict=True)
        )

    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        """The slices along ``dim``, that axis removed.

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).unbind(1)
        (Tensor([1., 3.]), Tensor([2., 4.]))
        """
        axis = self._dim_of_tensor(dim, "unbind")
        lead = (slice(None),) * axis
        return tuple(ops.GetItem.apply(self, index=(*lead, i)) for i in range(self.shape[axis]))

    def narrow(self, dim: int, start: int, length: int) -> Tensor:
        """``length`` entries from ``start`` along ``dim`` (a negative start counts from the
        end).

        >>> Tensor([1.0, 2.0, 3.0]).narrow(0, 1, 2)
        Tensor([2., 3.])
        """
        axis = self._dim_of_tensor(dim, "narrow")
        size = self.shape[axis]
        begin = int(start)
        if not -size <= begin <= size:
            raise ShapeError(
                f"narrow: start {begin} is out of range for dimension {axis} of size {size} "
                f"(tensor shape {self.shape})"
            )
        begin %= max(size, 1)
        if length < 0 or begin + length > size:
            raise ShapeError(
                f"narrow: start ({begin}) + length ({length}) exceeds the size {size} of "
                f"dimension {axis} (tensor shape {self.shape})"
            )
        lead = (slice(None),) * axis
        return ops.GetItem.apply(self, index=(*lead, slice(begin, begin + int(length))))

    def _dim_of_tensor(self, dim: int, name: str) -> int:
        """One dimension of a tensor with at least one (splitting ops refuse 0-d tensors)."""
        if self.ndim == 0:
            raise ShapeError(f"{name}: expects a tensor with at least 1 dimension, got shape ()")
        return int(_one_axis(dim, self, name))

    def movedim(self, source: int | Sequence[int], destination: int | Sequence[int]) -> Tensor:
        """Move the axes ``source`` to the positions ``destination``; the other axes keep their
        order (``moveaxis`` is the same).

        >>> Tensor(np.zeros((2, 3, 4))).movedim(0, -1).shape
        (3, 4, 2)
        """
        sources, targets = _ints(source), _ints(destination)
        if len(sources) != len(targets):
            raise ShapeError(
                f"movedim: source {sources} and destination {targets} must name as many dims"
            )
        for given in (sources, targets):
            checks.normalize_axis(given, self.ndim, "movedim")  # range and repeats
        if self.ndim == 0:
            return ops.Transpose.apply(self, axes=())
        moved = {
            _one_axis(dst, self, "movedim"): _one_axis(src, self, "movedim")
            for src, dst in zip(sources, targets, strict=True)
        }
        rest = iter(axis for axis in range(self.ndim) if axis not in moved.values())
        order = tuple(moved[axis] if axis in moved else next(rest) for axis in range(self.ndim))
        return ops.Transpose.apply(self, axes=order)

    moveaxis = movedim

    def swapdims(self, dim0: int, dim1: int) -> Tensor:
        """Exchange two axes (``swapaxes``, PyTorch's ``transpose(dim0, dim1)``).

        >>> Tensor(np.zeros((2, 3, 4))).swapdims(0, 2).shape
        (4, 3, 2)
        """
        return self.swapaxes(dim0, dim1)

    def ravel(self) -> Tensor:
        """The entries as a 1-D tensor, ``flatten()``.

        >>> Tensor(np.zeros((2, 3))).ravel().shape
        (6,)
        """
        return self.reshape(-1)

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

    # ------------------------------------------------------------------ PyTorch conveniences
    def type(self, dtype: Any = None, non_blocking: Any = False) -> Any:
        """With a dtype (a NumPy dtype, ``autograd.float64``, or a name such as ``"float64"`` or
        ``"torch.DoubleTensor"``): cast to it, as ``torch.Tensor.type``; without one, the type's
        name as PyTorch spells it (``"torch.FloatTensor"``).

        >>> x = Tensor([1.0])
        >>> x.type(), x.type("torch.DoubleTensor").dtype, x.type(np.int64).dtype
        ('torch.FloatTensor', dtype('float64'), dtype('int64'))
        """
        if dtype is None:
            return f"torch.{_TENSOR_TYPE_NAMES.get(self.dtype, 'Tensor')}"
        if isinstance(dtype, str) and dtype.endswith("Tensor"):
            names = {name: kind for kind, name in _TENSOR_TYPE_NAMES.items()}
            short = dtype.split(".")[-1]
            if short not in names:
                raise TypeError(f"type: unknown tensor type {dtype!r}")
            dtype = names[short]
        return self.astype(dtype)

    def cpu(self, memory_format: Any = None) -> Tensor:
        """This tensor: graphgrad computes with NumPy, on the CPU (PyTorch's no-op case)."""
        return self

    def _new(self, data: np.ndarray, dtype: Any, requires_grad: Any) -> Tensor:
        tensor = Tensor._wrap(data if dtype is None else data.astype(dtype, copy=False))
        if requires_grad:
            tensor.requires_grad_(True)
        return tensor

    def new_zeros(
        self, *size: Any, dtype: Any = None, requires_grad: Any = False, **_: Any
    ) -> Tensor:
        """Zeros of ``size`` with this tensor's dtype (or ``dtype``), as ``Tensor.new_zeros``."""
        return self._new(np.zeros(_sizes(size), self.dtype), dtype, requires_grad)

    def new_ones(
        self, *size: Any, dtype: Any = None, requires_grad: Any = False, **_: Any
    ) -> Tensor:
        """Ones of ``size`` with this tensor's dtype (or ``dtype``)."""
        return self._new(np.ones(_sizes(size), self.dtype), dtype, requires_grad)

    def new_empty(
        self, *size: Any, dtype: Any = None, requires_grad: Any = False, **_: Any
    ) -> Tensor:
        """An uninitialised tensor of ``size`` (here: zeros) with this tensor's dtype."""
        return self._new(np.zeros(_sizes(size), self.dtype), dtype, requires_grad)

    def new_full(
        self, size: Any, fill_value: Any, *, dtype: Any = None, requires_grad: Any = False, **_: Any
    ) -> Tensor:
        """``fill_value`` everywhere in ``size``, with this tensor's dtype (or ``dtype``).

        >>> Tensor([1], dtype=np.int64).new_full((2,), 7)
        Tensor([7, 7], dtype=int64)
        """
        return self._new(np.full(_sizes((size,)), fill_value, self.dtype), dtype, requires_grad)

    def new_tensor(
        self, data: Any, *, dtype: Any = None, requires_grad: Any = False, **_: Any
    ) -> Tensor:
        """``data`` as a new tensor (a copy) with this tensor's dtype unless ``dtype`` is given."""
        array = np.array(data.data if isinstance(data, Tensor) else data, dtype=self.dtype)
        return self._new(array, dtype, requires_grad)

    # ------------------------------------------------------------------ other operations
    # (compositions in autograd/other_ops.py, here under PyTorch's method names)
    def contiguous(self, memory_format: Any = None) -> Tensor:
        """This tensor itself: graphgrad's arrays need no re-layout (PyTorch's no-op case)."""
        return self

    def deg2rad(self) -> Tensor:
        """Degrees to radians (``autograd.deg2rad``)."""
        return _other().deg2rad(self)

    def rad2deg(self) -> Tensor:
        """Radians to degrees (``autograd.rad2deg``)."""
        return _other().rad2deg(self)

    def logit(self, eps: Any = None) -> Tensor:
        """``log(p / (1 − p))`` (``autograd.logit``)."""
        return _other().logit(self, eps)

    def sinc(self) -> Tensor:
        """``sin(πx) / (πx)``, 1 at 0 (``autograd.sinc``)."""
        return _other().sinc(self)

    def xlogy(self, other: Any) -> Tensor:
        """``self · log(other)``, 0 where self is 0 (``autograd.xlogy``)."""
        return _other().xlogy(self, other)

    def fmax(self, other: Any) -> Tensor:
        """NaN-ignoring elementwise maximum (``autograd.fmax``)."""
        return _other().fmax(self, other)

    def fmin(self, other: Any) -> Tensor:
        """NaN-ignoring elementwise minimum (``autograd.fmin``)."""
        return _other().fmin(self, other)

    def addcmul(self, tensor1: Any, tensor2: Any, *, value: Any = 1) -> Tensor:
        """``self + value · tensor1 · tensor2`` (``autograd.addcmul``)."""
        return _other().addcmul(self, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1: Any, tensor2: Any, *, value: Any = 1) -> Tensor:
        """``self + value · tensor1 / tensor2`` (``autograd.addcdiv``)."""
        return _other().addcdiv(self, tensor1, tensor2, value=value)

    def addmm(self, mat1: Any, mat2: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """``beta · self + alpha · mat1 @ mat2`` (``autograd.addmm``)."""
        return _other().addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def addmv(self, mat: Any, vec: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """``beta · self + alpha · mat @ vec`` (``autograd.addmv``)."""
        return _other().addmv(self, mat, vec, beta=beta, alpha=alpha)

    def baddbmm(self, batch1: Any, batch2: Any, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
        """``beta · self + alpha · batch1 @ batch2`` (``autograd.baddbmm``)."""
        return _other().baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def diff(self, n: Any = 1, dim: Any = -1, prepend: Any = None, append: Any = None) -> Tensor:
        """The ``n``-th forward difference along ``dim`` (``autograd.diff``)."""
        return _other().diff(self, n, dim, prepend, append)

    def rot90(self, k: Any = 1, dims: Sequence[Any] = (0, 1)) -> Tensor:
        """Rotate by 90° ``k`` times in the plane of ``dims`` (``autograd.rot90``)."""
        return _other().rot90(self, k, dims)

    def aminmax(self, *, dim: Any = None, keepdim: Any = False) -> Any:
        """``(min, max)`` (``autograd.aminmax``)."""
        return _other().aminmax(self, dim=dim, keepdim=keepdim)

    def mode(self, dim: Any = -1, keepdim: Any = False) -> Any:
        """The most frequent value and the index of its last occurrence (``autograd.mode``)."""
        return _other().mode(self, dim, keepdim)

    def histc(self, bins: Any = 100, min: Any = 0, max: Any = 0) -> Tensor:  # noqa: A002
        """A histogram of ``bins`` equal bins (``autograd.histc``)."""
        return _other().histc(self, bins, min, max)

    def bincount(self, weights: Any = None, minlength: Any = 0) -> Tensor:
        """Counts of each non-negative integer (``autograd.bincount``)."""
        return _other().bincount(self, weights, minlength)


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
    ops.linalg.check_product_dtypes(name, a.data, b.data)
    if a.ndim != ndim or b.ndim != ndim:
        raise ShapeError(
            f"{name}: both operands must be {kind}, got shapes {a.shape} and {b.shape}; "
            f"matmul (@) takes other shapes"
        )
    if ndim == 3 and a.shape[0] != b.shape[0]:
        raise ShapeError(
            f"bmm: batch sizes differ, shapes {a.shape} and {b.shape} (bmm does not "
            f"broadcast; matmul (@) does)"
        )
    inner_a, inner_b = a.shape[-1], b.shape[0 if ndim == 1 else -2]
    if inner_a != inner_b:
        what = "lengths differ" if ndim == 1 else f"{inner_a} columns do not meet {inner_b} rows"
        raise ShapeError(f"{name}: shapes {a.shape} and {b.shape} cannot be multiplied: {what}")


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


# ---- helpers of the indexing, scatter/gather and products section
_LETTERS = "abcdefghijklmnopqrstuvwxy"  # einsum subscripts of inner's free dimensions ('z' summed)


def _bool_mask(name: str, mask: Any, tensor: Tensor) -> np.ndarray:
    """A boolean mask as a snapshot array (backward reuses it), or PyTorch's error."""
    flags = np.array(mask.data if isinstance(mask, Tensor) else mask)
    if flags.dtype != bool:
        raise TypeError(
            f"{name}(): only boolean masks are supported, got a mask of dtype {flags.dtype} "
            f"(mask shape {flags.shape}, tensor shape {tensor.shape})"
        )
    return flags


def _fill_value(name: str, value: Any, tensor: Tensor) -> Tensor:
    """A fill value (a number or a 0-d tensor) in ``tensor``'s dtype, as PyTorch's fills take
    it: the tensor keeps its dtype (an int tensor filled with 2.7 holds 2, truncated), a
    value that the dtype cannot hold is an error, and a float 0-d tensor that requires grad
    stays in the graph (cast differentiably) when the tensor is a float one."""
    if isinstance(value, Tensor):
        if value.ndim != 0:
            raise ShapeError(
                f"{name}(): only supports a 0-dimensional value tensor, but got a tensor of "
                f"shape {value.shape}"
            )
        if tensor.data.dtype.kind not in "fc" and value._requires_grad:
            raise TypeError(
                f"{name}(): a value that requires grad cannot fill a tensor of dtype "
                f"{tensor.data.dtype} (shape {tensor.shape}); make the tensor a float one first"
            )
        if value.data.dtype == tensor.data.dtype:
            return value
        if value._requires_grad or value._tangent is not None:
            return value.astype(tensor.data.dtype)
        number: Any = value.data.item()
    elif isinstance(value, (numbers.Number, np.generic)):
        number = value.item() if isinstance(value, np.generic) else value
    else:
        raise TypeError(
            f"{name}(): value must be a number or a 0-d tensor, got {type(value).__name__}"
        )
    return Tensor._wrap(_converted(name, number, tensor.data.dtype))


def _converted(name: str, number: Any, dtype: np.dtype) -> np.ndarray:
    """``number`` as a 0-d array of ``dtype``, or PyTorch's error where it does not fit."""
    kind = dtype.kind
    if kind == "b":
        return np.asarray(bool(number), dtype=dtype)
    if isinstance(number, complex) and kind != "c":
        if number.imag != 0:
            raise _overflow(name, number, dtype)
        number = number.real
    if kind in "iu":
        if isinstance(number, float) and not math.isfinite(number):
            raise _overflow(name, number, dtype)
        whole = int(number)  # toward zero, as PyTorch's cast
        info = np.iinfo(dtype)
        # unsigned types wrap a negative value of the same magnitude (c10's overflow rule)
        low = -int(info.max) if kind == "u" else int(info.min)
        if not low <= whole <= int(info.max):
            raise _overflow(name, number, dtype)
        return np.asarray(whole % (int(info.max) + 1) if kind == "u" else whole, dtype=dtype)
    if kind == "f" and math.isfinite(number) and abs(number) > float(np.finfo(dtype).max):
        raise _overflow(name, number, dtype)
    return np.asarray(number, dtype=dtype)


def _overflow(name: str, number: Any, dtype: np.dtype) -> RuntimeError:
    return RuntimeError(
        f"{name}(): value {number!r} cannot be converted to type {dtype} without overflow "
        f"(the filled tensor keeps its dtype, as in PyTorch; cast the tensor first)"
    )


def _assignment_key(index: object, shape: tuple[int, ...]) -> Any:
    """The NumPy index that writes what ``x[index]`` reads, laid out as PyTorch reads it.

    With integers beside arrays (``x[0, :, [0, 1]]``), PyTorch selects the integers first
    (``__getitem__`` does the same), where NumPy's assignment would lay the value out in
    another order; there the key becomes one integer array per axis, of the read's shape.

    >>> rows, columns = _assignment_key((0, slice(None), [1, 0]), (1, 2, 2))[1:]
    >>> rows.tolist(), columns.tolist()
    ([[0, 0], [1, 1]], [[1, 0], [1, 0]])
    """
    key = checks.normalize_index(index, shape, "__setitem__")
    steps = checks.split_integer_selections(key)
    if steps is None:
        return key
    positions = np.arange(math.prod(shape)).reshape(shape)[steps[0]][steps[1]]
    return np.unravel_index(positions, shape)


def _ints(value: int | Sequence[int]) -> tuple[int, ...]:
    """An int or a sequence of ints (roll's shifts, movedim's dims) as a tuple of ints."""
    if isinstance(value, (int, np.integer)):
        return (int(value),)
    return tuple(int(n) for n in value)


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
    """The dtype a Python number takes beside a tensor of dtype ``own`` (PyTorch's rule: a
    number never widens a tensor of its own category; an int tensor with a float number gives
    the default float dtype, a bool tensor with an int gives int64)."""
    result = dtypes.combine_categories(own, dtypes.scalar_dtype(value))
    assert result is not None
    return result


_asarray = np.asarray


def _promoted(tensor: Tensor, other: Operand) -> tuple[Tensor, Tensor]:
    """``tensor`` and ``other`` as the two operands of a binary op, in PyTorch's result dtype
    (``autograd.result_type``). The common cases cost one check: the same dtype, or a Python
    number beside a float tensor (it takes the tensor's dtype)."""
    own = tensor.data.dtype
    kind = other.__class__
    if kind is Tensor:
        if other.data.dtype is own:
            return tensor, other
    elif (kind is float or kind is int) and own.kind in "fc":
        return tensor, Tensor._wrap(_asarray(other, own))
    first, second = promote(tensor, other)
    return first, second


def promote(*values: Operand) -> list[Tensor]:
    """The values as Tensors of their result dtype (``autograd.result_type``), as PyTorch's
    ops see their operands. A tensor that must change dtype is cast differentiably when it
    carries a gradient or a tangent, otherwise as a plain copy; when NumPy's own promotion of
    the arrays already gives the result dtype, nothing is cast (no extra node in the graph).

    >>> [t.dtype for t in promote(Tensor(np.arange(2)), Tensor([1.0, 2.0]), 3)]
    [dtype('float32'), dtype('float32'), dtype('float32')]
    """
    dtype = dtypes.result_type(*values)
    tensors = [_operand(value, dtype) for value in values]
    kinds = {tensor.data.dtype for tensor in tensors}
    if len(kinds) == 1 or np.result_type(*kinds) == dtype:
        return tensors
    return [_cast(tensor, dtype) for tensor in tensors]


def _operand(value: Operand, dtype: np.dtype) -> Tensor:
    """One operand as a Tensor: a number takes ``dtype``, an ndarray is a snapshot."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, np.ndarray):  # captured as the op is recorded, as in PyTorch
        return Tensor._wrap(value.copy())
    if isinstance(value, (numbers.Number, np.generic)):
        try:
            return Tensor._wrap(_asarray(value, dtype))
        except OverflowError:  # an int too large for a narrow dtype wraps, as in PyTorch
            return Tensor._wrap(np.array(value).astype(dtype))
    if isinstance(value, (list, tuple)):
        return Tensor(value)
    raise TypeError(f"unsupported operand type for a Tensor operation: {type(value).__name__}")


def _cast(tensor: Tensor, dtype: np.dtype) -> Tensor:
    """``tensor`` in ``dtype``: through the graph when it carries a gradient or a tangent."""
    if tensor.data.dtype == dtype:
        return tensor
    if tensor._requires_grad or tensor._tangent is not None:
        return tensor.astype(dtype)
    return Tensor._wrap(tensor.data.astype(dtype))


def _true_division(a: Tensor, b: Tensor) -> tuple[Tensor, Tensor]:
    """The operands of ``/``: integers and bools divide as the default float dtype (PyTorch's
    true division: ``int / int`` is a float)."""
    if a.data.dtype.kind in "fc" or b.data.dtype.kind in "fc":
        return a, b
    default = dtypes.get_default_dtype()
    return _cast(a, default), _cast(b, default)


# The one late import of the library: every op builds on Tensor (its backward is written in
# Tensor operations), and every Tensor operation ends in an op, so ops and Tensor import each
# other. Imported here, after Tensor exists.
from . import ops  # noqa: E402
from .ops import bitwise as _bitwise  # noqa: E402


def _other() -> Any:
    """autograd.other_ops, imported when first used (it imports this module)."""
    from . import other_ops

    return other_ops


_TENSOR_TYPE_NAMES = {
    np.dtype(np.float16): "HalfTensor",
    np.dtype(np.float32): "FloatTensor",
    np.dtype(np.float64): "DoubleTensor",
    np.dtype(np.int8): "CharTensor",
    np.dtype(np.uint8): "ByteTensor",
    np.dtype(np.int16): "ShortTensor",
    np.dtype(np.int32): "IntTensor",
    np.dtype(np.int64): "LongTensor",
    np.dtype(np.bool_): "BoolTensor",
}
