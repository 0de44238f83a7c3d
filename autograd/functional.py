"""Higher-level derivatives of whole functions, as ``torch.autograd.functional``.

Each call takes a function ``func`` and the point ``inputs`` (a Tensor, or a tuple of Tensors
passed to ``func`` as separate arguments) and returns derivatives of ``func`` there:

- ``vjp``: the vector-Jacobian product vᵀ J (one reverse pass),
- ``jvp``: the Jacobian-vector product J v (forward mode: tangents carried along the forward
  computation, no reverse pass),
- ``jacobian``: J itself, one reverse pass per output element, or with
  ``strategy="forward-mode"`` one forward pass per input element (cheaper for few inputs),
- ``hessian``: the matrix of second derivatives of a scalar function (the Jacobian of its
  gradient),
- ``hvp`` and ``vhp``: H v and vᵀ H without building H (a double backward).

The results mirror the structure of ``inputs`` and of what ``func`` returns exactly as
PyTorch's do: a Tensor where it was a Tensor, a tuple where it was a tuple (a tuple of tuples
for the Jacobian of a tuple-output function of tuple inputs). An output that does not depend on
an input gets a gradient of zeros (PyTorch's ``strict=False``; ``strict=True`` raises instead).

The caller's tensors are never changed: ``func`` sees detached copies that require grad (or,
with ``create_graph=True`` and an input that requires grad, a differentiable view of it, so the
results can be differentiated again with respect to the original inputs).

>>> from autograd import Tensor
>>> from autograd.functional import jacobian
>>> jacobian(lambda x: x**2, Tensor([1.0, 2.0]))  # diag(2 x)
Tensor([[2., 0.],
        [0., 4.]])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

import numpy as np

from .engine import grad
from .forward_ad import dual_level, make_dual, unpack_dual
from .functions import stack
from .grad_mode import enable_grad
from .tensor import Tensor

__all__ = ["hessian", "hvp", "jacobian", "jvp", "vhp", "vjp"]

Tensors: TypeAlias = "Tensor | tuple[Tensor, ...]"
# A Jacobian: a Tensor, a tuple of Tensors (over the inputs or the outputs), or a tuple of tuples
Jacobian: TypeAlias = "Tensor | tuple[Tensor, ...] | tuple[tuple[Tensor, ...], ...]"


# ---------------------------------------------------------------------------- the public calls
def vjp(
    func: Callable[..., Any],
    inputs: Tensors,
    v: Tensors | None = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Tensors, Tensors]:
    """``(func(*inputs), vᵀ J)``: the vector-Jacobian product of ``func`` at ``inputs``.

    ``v`` has the structure and shapes of ``func``'s outputs; it may be omitted when ``func``
    returns a single Tensor with a single element (then vᵀ J is the gradient). The products
    have the structure and shapes of ``inputs``.

    >>> from autograd import Tensor
    >>> x = Tensor([1.0, 2.0, 3.0])
    >>> out, product = vjp(lambda x: x**2, x, v=Tensor([1.0, 0.0, -1.0]))  # v * 2 x
    >>> product
    Tensor([ 2.,  0., -6.])
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
    inputs = _prepare(inputs, create_graph, need_graph=True)
    with enable_grad():
        outputs = func(*inputs)
    is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of func", "vjp")
    _check_requires_grad(outputs, "vjp", strict)
    if v is None:
        if len(outputs) != 1 or outputs[0].size != 1:
            raise RuntimeError(
                f"vjp: v can be omitted only when func returns a single Tensor with a single "
                f"element; it returned {_describe(outputs, is_outputs_tuple)}. Pass v with "
                f"that structure and those shapes"
            )
        seeds = None
    else:
        _, seeds = _as_tuple(v, "v", "vjp")
        seeds = _prepare(seeds, create_graph, need_graph=False)
        _validate_v(seeds, outputs, is_outputs_tuple, "vjp", "func's outputs")
    products = _grad_or_zeros(outputs, inputs, seeds, create_graph, strict, "vjp")
    outputs, products = _finish(outputs, create_graph), _finish(products, create_graph)
    return _unpack(outputs, is_outputs_tuple), _unpack(products, is_inputs_tuple)


def jvp(
    func: Callable[..., Any],
    inputs: Tensors,
    v: Tensors | None = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Tensors, Tensors]:
    """``(func(*inputs), J v)``: the Jacobian-vector product of ``func`` at ``inputs``, by
    forward mode (the tangents ``v`` travel with the forward computation; no reverse pass).

    ``v`` has the structure and shapes of ``inputs``; it may be omitted when ``inputs`` is a
    single Tensor with a single element. The products have the structure of ``func``'s outputs.

    >>> from autograd import Tensor
    >>> out, product = jvp(lambda x: x**2, Tensor([1.0, 2.0, 3.0]), v=Tensor([1.0, 0.0, -1.0]))
    >>> product  # 2 x * v
    Tensor([ 2.,  0., -6.])
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
    if v is None:
        if len(inputs) != 1 or inputs[0].size != 1:
            raise RuntimeError(
                f"jvp: v can be omitted only when inputs is a single Tensor with a single "
                f"element; it is {_describe(inputs, is_inputs_tuple)}. Pass v with that "
                f"structure and those shapes"
            )
        tangents: tuple[Tensor, ...] = (Tensor._wrap(np.ones(inputs[0].shape, inputs[0].dtype)),)
    else:
        _, tangents = _as_tuple(v, "v", "jvp")
        _validate_v(tangents, inputs, is_inputs_tuple, "jvp", "the inputs")
    is_outputs_tuple, outputs, products = _forward(func, inputs, tangents, create_graph, strict)
    outputs, products = _finish(outputs, create_graph), _finish(products, create_graph)
    return _unpack(outputs, is_outputs_tuple), _unpack(products, is_outputs_tuple)


def _forward(
    func: Callable[..., Any],
    inputs: tuple[Tensor, ...],
    tangents: tuple[Tensor, ...],
    create_graph: bool,
    strict: bool,
) -> tuple[bool, tuple[Tensor, ...], tuple[Tensor, ...]]:
    """Run ``func`` on dual inputs; ``(outputs were a tuple, outputs, their tangents)``."""
    prepared = _prepare(inputs, create_graph, need_graph=False)
    with dual_level():
        duals = [make_dual(x, t) for x, t in zip(prepared, tangents, strict=True)]
        result = func(*duals)
        is_tuple, outputs = _as_tuple(result, "outputs of func", "jvp")
        found = [unpack_dual(out).tangent for out in outputs]
    products = _or_zeros(
        found,
        outputs,
        strict,
        lambda position, out: (
            f"jvp: output {position} of func (shape {out.shape}) does not "
            f"depend on the inputs, and strict=True; pass strict=False to get zeros"
        ),
    )
    return is_tuple, outputs, products


def jacobian(
    func: Callable[..., Any],
    inputs: Tensors,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    strategy: str = "reverse-mode",
) -> Jacobian:
    """The Jacobian of ``func`` at ``inputs``: d output[i] / d input[j] for every pair.

    For one Tensor input and one Tensor output the result is a Tensor of shape
    ``output.shape + input.shape``; a tuple of inputs gives a tuple over the inputs, a tuple of
    outputs a tuple over the outputs, and both a tuple (over outputs) of tuples (over inputs).
    ``strategy="reverse-mode"`` makes one reverse pass per output element (rows of J),
    ``"forward-mode"`` one forward pass per input element (columns of J): the cheaper one has
    the fewer passes. ``vectorize`` is accepted for PyTorch's signature and changes nothing.

    >>> from autograd import Tensor
    >>> J = jacobian(lambda a, b: a * b, (Tensor([1.0, 2.0]), Tensor([3.0, 4.0])))
    >>> J[1]  # d(a * b)/db = diag(a)
    Tensor([[1., 0.],
            [0., 2.]])
    """
    if strategy not in ("reverse-mode", "forward-mode"):
        raise ValueError(
            f"jacobian: strategy must be 'reverse-mode' or 'forward-mode', got {strategy!r}"
        )
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
    if strategy == "forward-mode":
        is_outputs_tuple, rows = _jacobian_by_columns(func, inputs, create_graph, strict)
        return _unpack(rows, (is_outputs_tuple, is_inputs_tuple))
    inputs = _prepare(inputs, create_graph, need_graph=True)
    with enable_grad():
        outputs = func(*inputs)
    is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of func", "jacobian")
    _check_requires_grad(outputs, "jacobian", strict)
    rows = tuple(_jacobian_of(out, inputs, create_graph, strict) for out in outputs)
    rows = tuple(_finish(row, create_graph) for row in rows)
    return _unpack(rows, (is_outputs_tuple, is_inputs_tuple))


def hessian(
    func: Callable[..., Any],
    inputs: Tensors,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    outer_jacobian_strategy: str = "reverse-mode",
) -> Jacobian:
    """The Hessian of a scalar function: d² func / d input[i] d input[j], the Jacobian of the
    gradient.

    ``func`` must return a single Tensor with a single element. For one Tensor input the
    result has shape ``input.shape + input.shape``; for a tuple of inputs it is a tuple of
    tuples, entry ``[i][j]`` of shape ``inputs[i].shape + inputs[j].shape``.

    >>> from autograd import Tensor
    >>> hessian(lambda x: (x**3).sum(), Tensor([1.0, 2.0]))  # diag(6 x)
    Tensor([[ 6.,  0.],
            [ 0., 12.]])
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")

    def scalar_func(*inner: Tensor) -> Tensor:
        out = func(*inner)
        is_out_tuple, outs = _as_tuple(out, "outputs of func", "hessian")
        _check_requires_grad(outs, "hessian", strict)
        _check_single_element(outs, is_out_tuple, "hessian")
        return outs[0].reshape(())

    def gradient(*inner: Tensor) -> tuple[Tensor, ...]:
        jac = jacobian(scalar_func, inner, create_graph=True, strict=strict)
        assert isinstance(jac, tuple)  # inner is a tuple: one gradient per input
        return jac  # type: ignore[return-value]

    result = jacobian(
        gradient, inputs, create_graph, strict, vectorize, strategy=outer_jacobian_strategy
    )
    assert isinstance(result, tuple)  # gradient returns a tuple and inputs is a tuple
    return _unpack(result, (is_inputs_tuple, is_inputs_tuple))


def vhp(
    func: Callable[..., Any],
    inputs: Tensors,
    v: Tensors | None = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Tensor, Tensors]:
    """``(func(*inputs), vᵀ H)``: the vector-Hessian product of a scalar function.

    ``v`` has the structure and shapes of ``inputs`` (it may be omitted when ``inputs`` is a
    single Tensor with a single element). One double backward: d/dx (vᵀ ∇f(x)), without
    building H.

    >>> from autograd import Tensor
    >>> out, product = vhp(lambda x: (x**3).sum(), Tensor([1.0, 2.0]), Tensor([1.0, 1.0]))
    >>> product  # v * 6 x
    Tensor([ 6., 12.])
    """
    return _hessian_product(func, inputs, v, create_graph, strict, "vhp")


def hvp(
    func: Callable[..., Any],
    inputs: Tensors,
    v: Tensors | None = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Tensor, Tensors]:
    """``(func(*inputs), H v)``: the Hessian-vector product of a scalar function.

    ``v`` has the structure and shapes of ``inputs`` (it may be omitted when ``inputs`` is a
    single Tensor with a single element). The Hessian of a twice continuously differentiable
    function is symmetric, so H v = (vᵀ H)ᵀ: the same double backward as ``vhp``. (PyTorch's
    ``hvp`` runs a third pass, its "double-backward trick", to form H v literally; the values
    are the same and it costs more.)

    >>> from autograd import Tensor
    >>> x = Tensor([1.0, 2.0])
    >>> out, product = hvp(lambda x: x[0] ** 2 * x[1], x, Tensor([1.0, 0.0]))
    >>> product  # H = [[2 x1, 2 x0], [2 x0, 0]]; its first column
    Tensor([4., 2.])
    """
    return _hessian_product(func, inputs, v, create_graph, strict, "hvp")


# ---------------------------------------------------------------------------- the steps
def _hessian_product(
    func: Callable[..., Any],
    inputs: Tensors,
    v: Tensors | None,
    create_graph: bool,
    strict: bool,
    caller: str,
) -> tuple[Tensor, Tensors]:
    """vᵀ H = d/dx (vᵀ ∇f(x)): the gradient with create_graph, then a second reverse pass."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", caller)
    inputs = _prepare(inputs, create_graph, need_graph=True)
    if v is None:
        if len(inputs) != 1 or inputs[0].size != 1:
            raise RuntimeError(
                f"{caller}: v can be omitted only when inputs is a single Tensor with a single "
                f"element; it is {_describe(inputs, is_inputs_tuple)}. Pass v with that "
                f"structure and those shapes"
            )
        seeds = None
    else:
        _, seeds = _as_tuple(v, "v", caller)
        seeds = _prepare(seeds, create_graph, need_graph=False)
        _validate_v(seeds, inputs, is_inputs_tuple, caller, "inputs")
    with enable_grad():
        out = func(*inputs)
        is_out_tuple, outs = _as_tuple(out, "outputs of func", caller)
        _check_requires_grad(outs, caller, strict)
        _check_single_element(outs, is_out_tuple, caller)
        gradient = _grad_or_zeros(outs, inputs, None, True, strict, caller)
    product = _grad_or_zeros(gradient, inputs, seeds, create_graph, strict, caller)
    output = _finish(outs, create_graph)[0]
    return output, _unpack(_finish(product, create_graph), is_inputs_tuple)


def _jacobian_of(
    out: Tensor, inputs: tuple[Tensor, ...], create_graph: bool, strict: bool
) -> tuple[Tensor, ...]:
    """d out / d inputs[j] for every j, each of shape ``out.shape + inputs[j].shape``: row k is
    the gradient of out's k-th element (a reverse pass seeded with the k-th one-hot)."""
    rows: list[tuple[Tensor, ...]] = []
    for k in range(out.size):
        one_hot = np.zeros(out.size, dtype=out.dtype)
        one_hot[k] = 1
        seed = Tensor._wrap(one_hot.reshape(out.shape))
        rows.append(_grad_or_zeros((out,), inputs, (seed,), create_graph, strict, "jacobian"))
    if not rows:  # an empty output: an empty Jacobian
        return tuple(Tensor._wrap(np.zeros(out.shape + inp.shape, inp.dtype)) for inp in inputs)
    return tuple(
        stack([row[j] for row in rows]).reshape(out.shape + inp.shape)
        for j, inp in enumerate(inputs)
    )


def _jacobian_by_columns(
    func: Callable[..., Any], inputs: tuple[Tensor, ...], create_graph: bool, strict: bool
) -> tuple[bool, tuple[tuple[Tensor, ...], ...]]:
    """Forward mode: column k of d outputs / d inputs[j] is the tangent of the outputs when
    input j's k-th element moves (a forward pass seeded with the k-th one-hot)."""
    blocks: dict[tuple[int, int], Tensor] = {}
    shapes: tuple[tuple[int, ...], ...] = ()
    is_outputs_tuple = False
    for j, inp in enumerate(inputs):
        columns = []
        for k in range(inp.size):
            tangents = tuple(
                Tensor._wrap(_one_hot(x, k) if i == j else np.zeros(x.shape, x.dtype))
                for i, x in enumerate(inputs)
            )
            is_outputs_tuple, outputs, found = _forward(
                func, inputs, tangents, create_graph, strict
            )
            shapes = tuple(out.shape for out in outputs)
            columns.append(found)
        if not columns:  # an empty input: its Jacobians are empty
            _, outputs, _ = _forward(
                func, inputs, tuple(_zeros_like(x) for x in inputs), False, False
            )
            shapes = tuple(out.shape for out in outputs)
        for o, shape in enumerate(shapes):
            if not columns:
                blocks[o, j] = Tensor._wrap(np.zeros(shape + inp.shape, inp.dtype))
                continue
            stacked = stack([column[o] for column in columns], axis=len(shape))
            blocks[o, j] = _finish((stacked.reshape(shape + inp.shape),), create_graph)[0]
    rows = tuple(tuple(blocks[o, j] for j in range(len(inputs))) for o in range(len(shapes)))
    return is_outputs_tuple, rows


def _one_hot(tensor: Tensor, k: int) -> np.ndarray:
    flat = np.zeros(tensor.size, dtype=tensor.dtype)
    flat[k] = 1
    return flat.reshape(tensor.shape)


def _zeros_like(tensor: Tensor) -> Tensor:
    return Tensor._wrap(np.zeros(tensor.shape, tensor.dtype))


def _grad_or_zeros(
    outputs: Sequence[Tensor],
    inputs: tuple[Tensor, ...],
    seeds: Sequence[Tensor] | None,
    create_graph: bool,
    strict: bool,
    caller: str,
) -> tuple[Tensor, ...]:
    """``grad`` that skips outputs without a graph and gives zeros for an unused input (or, with
    ``strict``, raises). The graph is kept: the Jacobian sends one pass per output element."""
    given: list[Tensor | None] = [None] * len(outputs) if seeds is None else list(seeds)
    pairs = [(out, seed) for out, seed in zip(outputs, given, strict=True) if out.requires_grad]
    found: Sequence[Tensor | None] = [None] * len(inputs)
    if pairs:
        found = grad(
            [out for out, _ in pairs],
            inputs,
            [seed for _, seed in pairs],
            retain_graph=True,
            create_graph=create_graph,
            allow_unused=True,
        )
    return _or_zeros(
        found,
        inputs,
        strict,
        lambda position, inp: (
            f"{caller}: the output is independent of input {position} "
            f"(shape {inp.shape}), and strict=True; pass strict=False to get zeros"
        ),
    )


def _or_zeros(
    found: Sequence[Tensor | None],
    like: Sequence[Tensor],
    strict: bool,
    message: Callable[[int, Tensor], str],
) -> tuple[Tensor, ...]:
    """Each found derivative, or zeros shaped like its counterpart where none flowed (with
    ``strict``, a RuntimeError saying which instead: PyTorch's ``strict=True``)."""
    results = []
    for position, (reference, value) in enumerate(zip(like, found, strict=True)):
        if value is None:
            if strict:
                raise RuntimeError(message(position, reference))
            value = Tensor._wrap(np.zeros(reference.shape, dtype=reference.dtype))
        results.append(value)
    return tuple(results)


# ---------------------------------------------------------------------------- small helpers
def _as_tuple(value: Any, what: str, caller: str) -> tuple[bool, tuple[Tensor, ...]]:
    """``(was it a tuple, the Tensors as a tuple)``; anything but Tensors is refused."""
    is_tuple = isinstance(value, tuple)
    values = value if is_tuple else (value,)
    for position, element in enumerate(values):
        if not isinstance(element, Tensor):
            where = f"entry {position} of the tuple is" if is_tuple else "it is"
            raise TypeError(
                f"{caller}: the {what} must be a Tensor or a tuple of Tensors, but {where} "
                f"{type(element).__name__}; wrap values in Tensor(...)"
            )
    return is_tuple, values


def _prepare(
    tensors: tuple[Tensor, ...], create_graph: bool, need_graph: bool
) -> tuple[Tensor, ...]:
    """What ``func`` (or the reverse pass) sees: a differentiable view of a tensor that requires
    grad when the results must stay differentiable, else a detached copy (the caller's tensor
    is never changed)."""
    prepared = tuple(
        tensor.reshape(tensor.shape)
        if create_graph and tensor.requires_grad
        else tensor.detach().requires_grad_(need_graph)
        for tensor in tensors
    )
    for tensor, inner in zip(tensors, prepared, strict=True):
        if inner._tangent is None:
            inner._tangent = tensor._tangent  # forward-over-reverse: a dual input stays dual
    return prepared


def _finish(tensors: tuple[Tensor, ...], create_graph: bool) -> tuple[Tensor, ...]:
    """Results leave the graph unless they are to be differentiated again."""
    return tensors if create_graph else tuple(tensor.detach() for tensor in tensors)


def _unpack(results: tuple, was_tuple: bool | tuple[bool, bool]) -> Any:
    """Undo ``_as_tuple``: a single Tensor where the caller gave (or func returned) one."""
    if isinstance(was_tuple, tuple):
        outer, inner = was_tuple
        if not inner:
            results = tuple(row[0] for row in results)
        return results if outer else results[0]
    return results if was_tuple else results[0]


def _validate_v(
    v: tuple[Tensor, ...], like: tuple[Tensor, ...], is_tuple: bool, caller: str, what: str
) -> None:
    """``v`` must have the structure and shapes of ``like``."""
    if len(v) != len(like):
        expected = f"a tuple of {len(like)} Tensors" if is_tuple else "a single Tensor"
        raise RuntimeError(
            f"{caller}: v must have the structure of {what} ({expected}), but it has "
            f"{len(v)} entries"
        )
    for position, (given, wanted) in enumerate(zip(v, like, strict=True)):
        if given.shape != wanted.shape:
            entry = f"entry {position} of v" if is_tuple else "v"
            raise RuntimeError(
                f"{caller}: {entry} has shape {given.shape} but the matching entry of {what} "
                f"has shape {wanted.shape}; they must match"
            )


def _check_requires_grad(outputs: tuple[Tensor, ...], caller: str, strict: bool) -> None:
    """With ``strict``, an output that does not depend on the inputs at all is an error."""
    for position, out in enumerate(outputs):
        if strict and not out.requires_grad:
            raise RuntimeError(
                f"{caller}: output {position} of func (shape {out.shape}) does not depend on "
                f"the inputs (it does not require grad), and strict=True; pass strict=False "
                f"to get zeros"
            )


def _check_single_element(outputs: tuple[Tensor, ...], is_tuple: bool, caller: str) -> None:
    if is_tuple or outputs[0].size != 1:
        raise RuntimeError(
            f"{caller}: func must return a single Tensor with a single element (a scalar), "
            f"but it returned {_describe(outputs, is_tuple)}; reduce it first, e.g. .sum()"
        )


def _describe(tensors: tuple[Tensor, ...], is_tuple: bool) -> str:
    shapes = [tensor.shape for tensor in tensors]
    return f"a tuple of Tensors of shapes {shapes}" if is_tuple else f"shape {shapes[0]}"
