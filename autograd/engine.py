"""The reverse pass: order, one step per node, accumulate, release.

``backward`` accumulates into the leaves' ``.grad``; ``grad`` returns gradients without touching
``.grad`` (and, with ``create_graph=True``, returns tensors that are themselves differentiable).
The pass itself is ``_send_back``, one screen: take the waiting tensor whose op was recorded
last (its gradient is then complete), check the values its op saved, hand its gradient to
whoever asked for it (hooks, ``retain_grad``, ``grad()``), run its op's backward (its
vector-Jacobian product), and add what it sends into the inputs' gradients (the one place
where gradients are summed), keeping each on its edge for the drawings (``edges.py``);
release the ops at the end (``_release``).

>>> from autograd import Tensor
>>> x = Tensor([1.0, 2.0], requires_grad=True)
>>> y = (x * x).sum()
>>> [tensor.grad_fn.name for tensor in backward_order([y])]
['sum', 'mul']
>>> y.backward()
>>> x.grad
array([2., 4.], dtype=float32)
"""

from __future__ import annotations

import gc
import heapq
import operator
import sys
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import anomaly
from .edges import SMALL_EDGE_GRAD, Edge, summarize
from .grad_mode import LAST_CHANGE, STATE, set_grad_enabled
from .ops.assign import SetItem, reads_input
from .ops.shape import Scattered
from .tensor import Tensor

if TYPE_CHECKING:
    from .ops.base import Op

__all__ = ["backward", "backward_order", "grad"]

GradValue = Tensor | np.ndarray | None


# ---------------------------------------------------------------------------- the public calls
def backward(
    root: Tensor, grad: GradValue = None, retain_graph: bool = False, create_graph: bool = False
) -> None:
    """Accumulate d(root)/d(leaf) into ``leaf.grad`` for every leaf that requires grad.

    ``grad`` is the upstream gradient (root's shape); it may be omitted for a single element.
    Every leaf hook runs before any ``.grad`` changes, so a failing hook leaves them untouched.

    >>> from autograd import Tensor
    >>> w = Tensor([3.0], requires_grad=True)
    >>> backward((w * w).sum())
    >>> w.grad
    array([6.], dtype=float32)
    """
    if not root._requires_grad:
        raise RuntimeError(
            f"backward: the tensor (shape {root.shape}) does not require grad and has no graph; "
            f"set requires_grad=True on an input, and check that it was not made under no_grad()"
        )
    seed = _seed(root, grad, "backward")
    gradients = _reverse_pass([root], [seed], retain_graph or create_graph, create_graph)
    finished = []
    for leaf, leaf_grad, owned in gradients.leaves():
        if leaf._hooks:
            leaf_grad, owned = _run_hooks(leaf, leaf_grad), False
        finished.append((leaf, leaf_grad, owned))
    for leaf, leaf_grad, owned in finished:
        leaf.grad = _accumulate_into(leaf.grad, leaf_grad.data, owned)


def grad(
    outputs: Tensor | Sequence[Tensor],
    inputs: Tensor | Sequence[Tensor],
    grad_outputs: GradValue | Sequence[GradValue] = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> tuple[Tensor | None, ...]:
    """Gradients of ``outputs`` with respect to ``inputs``, as a tuple of Tensors.

    Like ``torch.autograd.grad``: ``.grad`` attributes are not touched. With
    ``create_graph=True`` the results are part of a new graph, so they can be differentiated
    again (second derivatives, Hessian-vector products).

    >>> from autograd import Tensor
    >>> x = Tensor(3.0, requires_grad=True)
    >>> (dy_dx,) = grad(x**3, x, create_graph=True)  # 3 x^2
    >>> (d2y_dx2,) = grad(dy_dx, x)  # 6 x
    >>> float(dy_dx), float(d2y_dx2)
    (27.0, 18.0)
    """
    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    _check_grad_arguments(outputs, inputs)
    if grad_outputs is None or isinstance(
        grad_outputs, (Tensor, np.ndarray, np.generic, int, float)
    ):
        grad_outputs = [grad_outputs] * len(outputs)  # one value for every output
    if len(grad_outputs) != len(outputs):
        raise ValueError(f"grad: got {len(outputs)} outputs but {len(grad_outputs)} grad_outputs")
    seeds = [_seed(out, g, "grad") for out, g in zip(outputs, grad_outputs, strict=True)]
    retain = create_graph if retain_graph is None else retain_graph
    wanted = {id(tensor) for tensor in inputs}
    gradients = _reverse_pass(outputs, seeds, retain, create_graph, capture=wanted)
    results: list[Tensor | None] = []
    for position, tensor in enumerate(inputs):
        value = gradients.result(tensor)
        if value is None and not allow_unused:
            raise RuntimeError(
                f"grad: input {position} (shape {tensor.shape}) was not used to compute the "
                f"outputs; pass allow_unused=True to get None"
            )
        if value is not None and not create_graph:
            value = Tensor._wrap(value.data)  # the caller gets a tensor outside any graph
        results.append(value)
    return tuple(results)


def backward_order(roots: Iterable[Tensor]) -> list[Tensor]:
    """The non-leaf tensors behind ``roots`` in the order the reverse pass visits them.

    The graph interface for readers such as the visualiser's step player: the same order the
    engine uses, without its checks (it also works on a graph already released by backward).

    >>> from autograd import Tensor
    >>> x = Tensor(2.0, requires_grad=True)
    >>> [t.grad_fn.name for t in backward_order([(x.exp() * x).log()])]
    ['log', 'mul', 'exp']
    """
    return _topological_order(roots)


# ---------------------------------------------------------------------------- the reverse pass
def _reverse_pass(
    roots: Sequence[Tensor],
    seeds: Sequence[Tensor],
    retain_graph: bool,
    create_graph: bool,
    capture: Collection[int] | None = None,
) -> _Gradients:
    """Send the seeds back through the graph; returns what reached the leaves (and ``capture``)."""
    collecting = gc.isenabled()
    if collecting:  # the pass makes no cycles; scanning a 100,000-node graph over and over
        gc.disable()  # for them would cost more than the pass itself (2x on such a chain)
    try:
        return _send_back(roots, seeds, retain_graph, create_graph, capture)
    finally:
        if collecting:
            gc.enable()


def _send_back(
    roots: Sequence[Tensor],
    seeds: Sequence[Tensor],
    retain_graph: bool,
    create_graph: bool,
    capture: Collection[int] | None,
) -> _Gradients:
    """The pass itself. A node runs once its gradient is complete: every op that used its
    output was recorded after it (``Op._seq``), so taking the waiting node with the latest op
    first (a heap) runs every consumer before what it consumed, as PyTorch's engine orders its
    ready queue by ``sequence_nr``; no walk of the graph ahead of the pass is needed. Each
    node's saved values are checked just before its backward reads them."""
    gradients = _Gradients(in_place=not create_graph, capture=capture)
    for root, seed in zip(roots, seeds, strict=True):
        gradients.add(root, seed)
    pending, waiting, in_place = gradients.pending, gradients.waiting, gradients.in_place
    special = capture is not None
    follow = SetItem.recorded  # no assignment recorded yet in this process: nothing to follow
    changed = LAST_CHANGE
    state = STATE
    recording = state.edges
    vjp = anomaly.checked_backward if state.anomaly else None
    visited: list[Op] = []
    done, take, push = visited.append, heapq.heappop, heapq.heappush
    sparse_sums, state.sparse_sums = state.sparse_sums, in_place  # IndexAdd may stay sparse
    try:
        with set_grad_enabled(create_graph):
            while waiting:
                entry = pending.pop(take(waiting))
                tensor = entry[0]
                if entry[2] is None:
                    grad = entry[1]
                else:  # (the last node's references go first: resolve counts the holders)
                    input_grads = grad = data = None
                    grad = gradients.resolve(entry)
                op: Op = tensor._op  # (only nodes made by an op wait)
                if follow and op._versions is not None:
                    _follow_assignments(op)
                if op.released or op._seq < changed[0]:  # (no in-place change since: fine)
                    _check_saved_values(tensor)  # the full check: raises if a value changed
                if special or tensor._hooks or tensor._retains_grad:
                    grad = gradients.finish(tensor, grad)
                input_grads = op.backward(grad) if vjp is None else vjp(op, grad)  # its VJP
                done(op)
                # what the node sends to its inputs, each cast to its input's dtype, kept for
                # the drawings (``op.edge_grads``), then added into that input's gradient
                inputs = op.inputs
                if len(input_grads) != len(inputs):
                    raise _arity_error(op, input_grads)
                edges: list[Edge] = []
                for inp, grad, needed in zip(inputs, input_grads, op.needs_grad):  # noqa: B905
                    if grad is None or not needed:
                        edges.append(None)
                        continue
                    if grad.__class__ is Scattered and grad.sparse:
                        if gradients.add_sparse(inp, grad, edges if recording else None):
                            continue
                        grad = Tensor._wrap(grad.data)  # (kept whole, or cast: made dense)
                    data = grad.data
                    if data.dtype is not inp.data.dtype and data.dtype != inp.data.dtype:
                        grad = grad.astype(inp.data.dtype)
                        data = grad.data
                    if recording:  # a small one by reference (so never written into), a
                        edges.append(data if data.size <= SMALL_EDGE_GRAD else summarize(data))
                    child = inp._op
                    key = id(inp) if child is None else ~child._seq
                    gathered = pending.get(key)
                    if gathered is None:  # the first gradient to reach this input
                        pending[key] = [inp, grad, None]
                        if child is not None:
                            push(waiting, key)
                    elif gathered[1] is None:  # only sparse ones so far
                        gathered[1] = grad
                    elif in_place:
                        gradients.sum_into(gathered, data)
                    else:
                        gathered[1] = gathered[1] + grad  # recorded: part of the new graph
                if recording:
                    op.edge_grads = tuple(edges)
    finally:
        state.sparse_sums = sparse_sums
    if not retain_graph:  # only after the whole pass: a hook that raises releases nothing
        _release(visited)
    return gradients


def _arity_error(op: Op, input_grads: Sequence[Any]) -> RuntimeError:
    return RuntimeError(
        f"backward of '{op.name}' returned {len(input_grads)} gradients for its "
        f"{len(op.inputs)} inputs; it must return one per input (None where none flows)"
    )


def _release(ops: Iterable[Op]) -> None:
    """Graph release, in one place: the values the ops saved for backward are let go, and a
    second backward through an op that needs them is refused. An op whose backward reads no
    saved value (add, a reshape, a sum) stays usable, as in PyTorch."""
    for op in ops:
        if op.frees_saved:
            op.released = True
        if op._output_ref is not None:
            op._output_ref = None
        if op._kept_output is not None:  # (a class default: most ops never set it)
            del op._kept_output


class _Gradients:
    """The gradients gathered so far for the tensors still ahead in the pass: summed here only.

    A tensor made by an op is keyed by its op's sequence number (``~op._seq``, negative) and
    waits in a heap of those keys until the pass reaches it; a leaf is keyed by ``id`` and
    waits for the end. Each entry is ``[tensor, dense gradient or None, sparse ones or None]``:
    an index-add gradient (``ops.Scattered``) waits beside the dense sum and is added in at its
    positions when the tensor's turn comes (``resolve``).

    Without ``create_graph`` a sum is done in place when nothing but the entry holds the
    gradient and nothing but that gradient holds its array (``_alone``, counted as PyTorch's
    engine counts uses before accumulating in place): an array the caller passed, a hook saw,
    or the drawings keep is never written into. With ``create_graph`` every sum is a recorded
    op, part of the new graph.
    """

    __slots__ = ("capture", "captured", "in_place", "pending", "waiting")

    def __init__(self, in_place: bool, capture: Collection[int] | None) -> None:
        self.in_place = in_place
        self.capture = capture
        self.pending: dict[int, list[Any]] = {}  # key (see above) -> entry
        self.waiting: list[int] = []  # the keys of the nodes with a gradient: a heap
        self.captured: dict[int, Tensor] = {}  # id(tensor) -> its gradient, for grad()

    def add(self, tensor: Tensor, grad: Tensor) -> None:
        """Add a dense ``grad`` into the gradient gathered so far for ``tensor`` (the pass
        inlines this for the gradients that nodes send)."""
        key = _key(tensor)
        entry = self.pending.get(key)
        if entry is None:
            self.pending[key] = [tensor, grad, None]
            if tensor._op is not None:
                heapq.heappush(self.waiting, key)
        elif entry[1] is None:
            entry[1] = grad
        elif self.in_place:
            self.sum_into(entry, grad.data)
        else:
            entry[1] = entry[1] + grad

    def add_sparse(self, tensor: Tensor, grad: Scattered, edges: list[Edge] | None) -> bool:
        """Set a still-sparse gradient aside for ``tensor``; False when it must go dense
        instead (another dtype, or small enough to be kept whole on its edge)."""
        if grad.values.dtype != tensor.data.dtype or grad.full_shape != tensor.data.shape:
            return False
        if edges is not None:
            summary = None if grad.values.size <= SMALL_EDGE_GRAD else grad.summary()
            if summary is None:
                return False
            edges.append(summary)
        key = _key(tensor)
        entry = self.pending.get(key)
        if entry is None:
            self.pending[key] = [tensor, None, [grad]]
            if tensor._op is not None:
                heapq.heappush(self.waiting, key)
        elif entry[2] is None:
            entry[2] = [grad]
        else:
            entry[2].append(grad)
        return True

    def sum_into(self, entry: list[Any], data: np.ndarray) -> None:
        """``entry[1] += data``: into its array when nothing else holds it, else a new one."""
        if _alone(entry):
            np.add(entry[1].data, data, out=entry[1].data)
        else:
            entry[1] = Tensor._wrap(np.asarray(entry[1].data + data))

    def resolve(self, entry: list[Any]) -> Tensor:
        """The entry's whole gradient: the sparse ones added in at their positions."""
        sparse, entry[2] = entry[2], None
        if entry[1] is None:
            first = sparse.pop()
            entry[1] = Tensor._wrap(first.data)  # zeros with the values in: ours alone
        elif not _alone(entry):
            entry[1] = Tensor._wrap(np.array(entry[1].data, copy=True))
        total = entry[1].data
        for grad in sparse:
            grad.add_into(total)
        return entry[1]

    def finish(self, tensor: Tensor, grad: Tensor) -> Tensor:
        """A finished gradient, handed to the tensor's hooks and to whoever asked for it."""
        if tensor._hooks:
            grad = _run_hooks(tensor, grad)
        if self.capture is not None:  # grad() keeps what it asked for and never touches .grad
            if id(tensor) in self.capture:
                self.captured[id(tensor)] = grad
        elif tensor._retains_grad:
            tensor.grad = _accumulate_into(tensor.grad, grad.data, owned=False)
        return grad

    def result(self, tensor: Tensor) -> Tensor | None:
        """After the pass: the gradient of a captured tensor, or of a leaf."""
        if id(tensor) in self.captured:
            return self.captured[id(tensor)]
        entry = self.pending.get(_key(tensor))
        if entry is None:
            return None
        return entry[1] if entry[2] is None else self.resolve(entry)

    def leaves(self) -> list[tuple[Tensor, Tensor, bool]]:
        """``(leaf, gradient, owned)`` for what is left: the leaves' gradients (owned: nothing
        else holds its array, so ``.grad`` may take it without a copy)."""
        found = []
        for entry in self.pending.values():
            if entry[2] is not None:
                self.resolve(entry)
            owned = self.in_place and _alone(entry)
            found.append((entry[0], entry[1], owned))
        return found


def _key(tensor: Tensor) -> int:
    """Where ``tensor``'s gradient waits: its op's number (negative), or a leaf's id."""
    return id(tensor) if tensor._op is None else ~tensor._op._seq


_references = getattr(sys, "getrefcount", None)
if not getattr(sys, "_is_gil_enabled", lambda: True)():
    _references = None  # a free-threaded build: its counts are not exact; never in place


def _holders(entry: list[Any]) -> tuple[int, int]:
    """How many references hold ``entry[1]`` and its array (this function's own included)."""
    if _references is None:
        return (-1, -1)
    grad = entry[1]
    data = grad.data
    return _references(grad), _references(data)


def _alone(entry: list[Any]) -> bool:
    """Does nothing but ``entry`` hold its gradient, and nothing but that gradient its array
    (no view, no other tensor, no edge, no caller)? Then the engine may write into it."""
    return (
        _holders(entry) == _ALONE and entry[1].data.base is None and entry[1].data.flags.writeable
    )


# the counts _holders sees for a gradient held by its entry alone, measured on one (the
# interpreter's own references on the way in are the same for every call)
_ALONE = (-2, -2) if _references is None else _holders([None, Tensor._wrap(np.zeros(1)), None])


def _topological_order(roots: Iterable[Tensor]) -> list[Tensor]:
    """Non-leaf tensors that lead to ``roots``, each before every tensor it was made from.

    The order the pass runs them in (see ``_send_back``): every recorded op has a sequence
    number larger than those of the ops that made its inputs (``Op._seq``), so the reachable
    tensors, latest op first, are in order. One walk collects them (iterative, so 100,000-op
    chains are fine) and a sort of the numbers orders them.
    """
    found: list[tuple[int, Tensor]] = []
    follow = SetItem.recorded
    stack = []
    visited: set[int] = set()
    for root in roots:
        if root._op is not None and id(root) not in visited:
            visited.add(id(root))
            stack.append(root)
    while stack:
        tensor = stack.pop()  # marked when pushed: each tensor comes off the stack once
        op: Op = tensor._op  # type: ignore[assignment]  # (only tensors made by an op are pushed)
        found.append((op._seq, tensor))
        if follow and op._versions is not None:
            _follow_assignments(op)
        for inp, needed in zip(op.inputs, op.needs_grad, strict=True):
            if needed and inp._op is not None and id(inp) not in visited:
                visited.add(id(inp))
                stack.append(inp)
    found.sort(key=_sequence_number, reverse=True)
    return [tensor for _, tensor in found]


_sequence_number = operator.itemgetter(0)


# ---------------------------------------------------------------------------- small helpers
def _follow_assignments(op: Op) -> None:
    """Point ``op``, and the ops that made its inputs, back at what their inputs were when
    they used them.

    An in-place change (``buf[i] = t``, ``x += y``, ``x.mul_(y)``) makes the changed tensor the
    output of the new op and keeps a stand-in for its old value (``op.rebound_from``, as
    PyTorch's graph keeps the old node); an op that used the tensor before must still send its
    gradient to that stand-in. The inputs' ops are pointed back here too, before the pass
    checks them: an input whose old value the op's backward reads is left as it is, so that
    the check reports the in-place change (PyTorch's error); one it does not read is followed.
    """
    _point_back(op)
    for inp in op.inputs:
        child = inp._op
        if child is not None and child._versions is not None:
            _point_back(child)


def _point_back(op: Op) -> None:
    versions = op._versions
    assert versions is not None
    inputs: list[Tensor] | None = None
    for position, inp in enumerate(op.inputs):
        saved = versions[position]
        if inp._version[0] == saved:
            continue  # unchanged since op used it: the common case
        node = inp
        while node._op is not None and getattr(node._op, "rebound_version", -1) >= saved:
            node = node._op.__dict__["rebound_from"]  # the stand-in for the old value
        if node is inp or reads_input(op, position):
            continue  # not rewritten, or its old value is needed: the check decides
        if inputs is None:
            inputs = list(op.inputs)
        inputs[position] = node
        versions = (*versions[:position], node._version[0], *versions[position + 1 :])
    if inputs is not None:
        op.inputs, op._versions = tuple(inputs), versions


def _check_saved_values(tensor: Tensor) -> None:
    """Refuse a node whose saved values were released, or changed in place since it saved them."""
    op = tensor._op
    assert op is not None
    if op.released:
        raise RuntimeError(
            f"backward: trying to backpropagate through the graph a second time (through "
            f"'{op.name}'), but its saved values were released after the first backward. Pass "
            f"retain_graph=True to the first backward() if you need to backpropagate twice."
        )
    versions = op._versions
    if versions is not None and op.saves_inputs:
        for position, inp in enumerate(op.inputs):
            if inp._version[0] != versions[position]:
                raise _modified_error(op, inp, f"input {position}", versions[position])
    if op.saves_output and tensor._version[0]:  # outputs start at version 0
        raise _modified_error(op, tensor, "the output", 0)


def _modified_error(op: Op, tensor: Tensor, which: str, saved_version: int) -> RuntimeError:
    label = f"'{tensor.name}' " if tensor.name else ""
    return RuntimeError(
        f"backward: {which} {label}(shape {tensor.shape}) of '{op.name}' was modified in place "
        f"after '{op.name}' saved it (its version is {tensor._version[0]}, it was "
        f"{saved_version} when saved), and the backward of '{op.name}' reads that "
        f"{which.split()[-1] if which.startswith('the') else 'input'}, so its "
        f"gradient would be wrong. Make the change out of place (x = x + 1) or clone the "
        f"tensor before changing it."
    )


def _seed(root: Tensor, grad: GradValue, caller: str) -> Tensor:
    """The starting gradient d(root)/d(root): ones for a single element, else given."""
    if grad is None:
        if root.data.size != 1:
            raise RuntimeError(
                f"{caller}: grad can be implicitly created only for a single-element tensor; "
                f"this one has shape {root.shape}. Pass grad= (an array of that shape), or "
                f"reduce first, e.g. y.sum().backward()"
            )
        return Tensor._wrap(np.ones(root.shape, dtype=root.dtype))
    if not isinstance(grad, Tensor):
        grad = Tensor._wrap(np.asarray(grad, dtype=root.dtype))
    if grad.shape != root.shape:
        raise RuntimeError(
            f"{caller}: grad has shape {grad.shape} but the tensor has shape {root.shape}; "
            f"they must match"
        )
    return grad if grad.dtype == root.dtype else grad.astype(root.dtype)


def _check_grad_arguments(outputs: Sequence[Tensor], inputs: Sequence[Tensor]) -> None:
    for position, tensor in enumerate(inputs):
        if not isinstance(tensor, Tensor) or not tensor._requires_grad:
            raise RuntimeError(
                f"grad: input {position} does not require grad, so no gradient can be "
                f"computed for it"
            )
    for position, tensor in enumerate(outputs):
        if not tensor._requires_grad:
            raise RuntimeError(
                f"grad: output {position} (shape {tensor.shape}) does not require grad and has "
                f"no graph"
            )


def _accumulate_into(current: np.ndarray | None, new: np.ndarray, owned: bool) -> np.ndarray:
    """Add ``new`` into a ``.grad`` array; ``owned`` says ``new`` may be kept without a copy."""
    if current is None:
        # a copy is C-ordered, so optimiser updates on .grad run over contiguous memory
        return new if owned else np.array(new, order="C", copy=True)
    current += new
    return current


def _run_hooks(tensor: Tensor, grad: Tensor) -> Tensor:
    """Each hook sees the gradient; a value it returns replaces it."""
    for hook in list(tensor._hooks or ()):
        result = hook(grad)
        if result is not None:
            result = result if isinstance(result, Tensor) else Tensor._wrap(np.asarray(result))
            if result.shape != grad.shape:
                raise RuntimeError(
                    f"hook: a hook on a tensor of shape {tensor.shape} returned a gradient of "
                    f"shape {result.shape}"
                )
            grad = result
    return grad


# Tensor.backward calls the reverse pass through this attribute: the engine builds on Tensor, so
# Tensor cannot import the engine without an import circle (PyTorch's Variable._execution_engine).
Tensor._backward = staticmethod(backward)
