"""The reverse pass: topological order by an explicit stack, gradient accumulation in one place,
graph release in one place.

``backward`` accumulates into the leaves' ``.grad``; ``grad`` returns gradients without touching
``.grad`` (and, with ``create_graph=True``, returns tensors that are themselves differentiable).
"""

from __future__ import annotations

import numpy as np

from .grad_mode import STATE, set_grad_enabled
from .ops.base import GradSummary
from .tensor import Tensor

__all__ = ["backward", "grad", "backward_order", "record_edge_grads", "SMALL_EDGE_GRAD"]

# Edge gradients with at most this many elements are kept whole for drawing (by reference: the
# engine never writes into them); larger ones are kept as a GradSummary (shape, dtype, norm), so
# a training loop pays neither memory nor more than one pass per large edge for them.
SMALL_EDGE_GRAD = 4096
_record_edges = True


def record_edge_grads(enabled: bool | None = None) -> bool:
    """Switch off (or on) keeping each edge's gradient for the visualiser; returns the setting.

    On by default so that ``loss.backward(); viz.draw(loss)`` just works. Small gradients are
    kept whole, large ones as a ``GradSummary``; turning it off saves that small cost.
    """
    global _record_edges
    if enabled is not None:
        _record_edges = bool(enabled)
    return _record_edges


def _released_error(op) -> RuntimeError:
    return RuntimeError(
        f"backward: trying to backpropagate through the graph a second time (through "
        f"'{op.name}'), but its saved values were released after the first backward. Pass "
        f"retain_graph=True to the first backward() if you need to backpropagate twice."
    )


def _modified_error(op, position: int) -> RuntimeError:
    tensor = op.inputs[position]
    label = f"'{tensor.name}' " if tensor.name else ""
    return RuntimeError(
        f"backward: input {position} {label}(shape {tensor.shape}) of '{op.name}' was modified "
        f"in place after '{op.name}' used it (its version is {tensor._version[0]}, it was "
        f"{op._versions[position]} when saved), so its gradient would be wrong. Make the change "
        f"out of place (x = x + 1) or clone the tensor before changing it."
    )


def _modified_output_error(op, tensor) -> RuntimeError:
    label = f"'{tensor.name}' " if tensor.name else ""
    return RuntimeError(
        f"backward: the output {label}(shape {tensor.shape}) of '{op.name}' was modified in "
        f"place after '{op.name}' made it (its version is {tensor._version[0]}, it was 0), and "
        f"the backward of '{op.name}' reads that output, so its gradient would be wrong. Make "
        f"the change out of place (y = y * 2) or clone the tensor before changing it."
    )


def backward_order(roots) -> list:
    """The non-leaf tensors behind ``roots`` in the order the reverse pass visits them.

    The graph interface for readers such as the visualiser's step player: the same order the
    engine uses, without its checks (it also works on a graph already released by backward).
    """
    return _topological_order(roots, check=False)


def _topological_order(roots, check: bool = True) -> list:
    """Non-leaf tensors that lead to ``roots``, each after every tensor that uses it.

    Iterative depth-first search (no recursion, so 100,000-op chains are fine). With ``check``,
    released or modified nodes are reported here, before any gradient is accumulated.
    """
    order, visited = [], set()
    stack = [(root, False) for root in roots if root._op is not None]
    pop, push, seen, mark = stack.pop, stack.append, visited.__contains__, visited.add
    while stack:
        tensor, expanded = pop()
        if expanded:
            order.append(tensor)
            continue
        key = id(tensor)
        if seen(key):
            continue
        mark(key)
        op = tensor._op
        if check:
            if op.released:
                raise _released_error(op)
            versions = op._versions
            if versions is not None:
                for position, inp in enumerate(op.inputs):
                    if inp._version[0] != versions[position]:
                        raise _modified_error(op, position)
            if op.saves_output and tensor._version[0]:  # outputs start at version 0
                raise _modified_output_error(op, tensor)
        push((tensor, True))
        for inp, needed in zip(op.inputs, op.needs_grad):
            if needed and inp._op is not None and not seen(id(inp)):
                push((inp, False))
    order.reverse()
    return order


def _summarize(data: np.ndarray):
    """What an edge keeps of a large gradient: shape, dtype and norm, in one pass.

    A broadcast view is measured on its compact base (so summing a gradient back over a batch
    costs nothing extra), and a transposed view without a copy.
    """
    compact, repeats = _compact(data)
    if compact.dtype.kind != "f" or compact.ndim > 26:
        squares = float(np.sum(np.square(compact, dtype=np.float64)))
    elif compact.flags.c_contiguous or compact.flags.f_contiguous:
        flat = compact.ravel(order="K")  # a view, also for transposed (F-ordered) gradients
        squares = float(np.dot(flat, flat))
    else:
        letters = "abcdefghijklmnopqrstuvwxyz"[: compact.ndim]
        squares = float(np.einsum(f"{letters},{letters}->", compact, compact))  # no temporary
    return GradSummary(data.shape, data.dtype, float(np.sqrt(squares * repeats)))


def _compact(data: np.ndarray) -> tuple[np.ndarray, int]:
    """For a broadcast view, the un-repeated values and how often each is repeated."""
    if 0 not in data.strides or data.size == 0:
        return data, 1
    index = tuple(slice(0, 1) if stride == 0 else slice(None) for stride in data.strides)
    compact = data[index]
    return compact, data.size // compact.size


def _seed(root: Tensor, grad, op_name: str) -> Tensor:
    """The starting gradient d(root)/d(root): ones for a single element, else given."""
    if grad is None:
        if root.data.size != 1:
            raise RuntimeError(
                f"{op_name}: grad can be implicitly created only for a single-element tensor; "
                f"this one has shape {root.shape}. Pass grad= (an array of that shape), or "
                f"reduce first, e.g. y.sum().backward()"
            )
        return Tensor._wrap(np.ones(root.shape, dtype=root.dtype))
    if not isinstance(grad, Tensor):
        grad = Tensor._wrap(np.asarray(grad, dtype=root.dtype))
    if grad.shape != root.shape:
        raise RuntimeError(
            f"{op_name}: grad has shape {grad.shape} but the tensor has shape "
            f"{root.shape}; they must match"
        )
    if grad.dtype != root.dtype:
        grad = grad.astype(root.dtype)
    return grad


def _run(roots, seeds, retain_graph: bool, create_graph: bool, capture=None):
    """The reverse pass.

    Returns ``(leaf_grads, captured)``: ``{id(leaf): [leaf, grad, owned]}`` for the leaves
    reached, and ``{id(tensor): grad}`` for the tensors listed in ``capture`` (ids).

    Gradient accumulation happens here and only here. Without ``create_graph`` a sum is done
    in place when the engine holds the only reference to the array it adds into (it made that
    array, and handed it to no one else), which saves a full-size allocation per fan-in.
    """
    order = _topological_order(roots)
    in_place = not create_graph
    pending = {}  # id(tensor) -> [tensor, accumulated gradient (Tensor)]
    handed = {}  # id(array) -> how many places received it (arrays seen more than once are shared)

    for root, seed in zip(roots, seeds):
        handed[id(seed.data)] = 2  # the caller's array: never written into
        entry = pending.get(id(root))
        if entry is None:
            pending[id(root)] = [root, seed]
        else:  # the same output listed twice: its seeds add up
            entry[1] = entry[1] + seed
            handed[id(entry[1].data)] = 2
    captured = {}
    anomaly_on = STATE.anomaly
    record = _record_edges
    with set_grad_enabled(create_graph):
        for tensor in order:
            entry = pending.pop(id(tensor), None)
            if entry is None:
                continue
            grad = entry[1]
            if tensor._hooks:
                grad = _run_hooks(tensor, grad)
                handed[id(grad.data)] = 2  # a hook may keep it
            if capture is not None and id(tensor) in capture:
                captured[id(tensor)] = grad
                handed[id(grad.data)] = 2  # returned to the caller
            elif tensor._retains_grad and capture is None:  # grad() never touches .grad
                tensor.grad = _accumulate_array(tensor.grad, grad.data, owned=False)
            op = tensor._op
            input_grads = op.backward(grad)
            if anomaly_on:
                anomaly.check_backward(op, input_grads)
            edges = []
            for inp, inp_grad, needed in zip(op.inputs, input_grads, op.needs_grad):
                if inp_grad is None or not needed:
                    edges.append(None)
                    continue
                data = inp_grad.data
                if data.dtype != inp.data.dtype:
                    inp_grad = inp_grad.astype(inp.data.dtype)
                    data = inp_grad.data
                if record:
                    if data.size <= SMALL_EDGE_GRAD:
                        edges.append(data)
                        handed[id(data)] = 2  # the drawing keeps it: never write into it
                    else:
                        edges.append(_summarize(data))
                # accumulate (inlined: this loop is the engine's hot path)
                key = id(inp)
                entry = pending.get(key)
                if entry is None:
                    pending[key] = [inp, inp_grad]
                    handed[id(data)] = handed.get(id(data), 0) + 1
                    continue
                total = entry[1].data
                if not in_place:
                    entry[1] = entry[1] + inp_grad  # recorded: the sum is part of the new graph
                elif total.base is None and handed.get(id(total)) == 1:
                    np.add(total, data, out=total)
                else:
                    total = total + data
                    entry[1] = Tensor._wrap(
                        total if total.__class__ is np.ndarray else np.asarray(total)
                    )
                    handed[id(total)] = 1
            if record:
                op.edge_grads = tuple(edges)
            if not retain_graph:
                op.released = True
                op._output_ref = None
    leaf_grads = {}
    for key, (tensor, grad) in pending.items():  # what is left are the leaves' gradients
        data = grad.data
        owned = in_place and data.base is None and handed.get(id(data)) == 1
        leaf_grads[key] = [tensor, grad, owned]
    return leaf_grads, captured


def _accumulate_array(current, new: np.ndarray, owned: bool) -> np.ndarray:
    """Add ``new`` into a ``.grad`` array; ``owned`` says ``new`` may be kept without a copy."""
    if current is None:
        # a copy is C-ordered, so optimiser updates on .grad run over contiguous memory
        return new if owned else np.array(new, order="C", copy=True)
    current += new
    return current


def _run_hooks(tensor: Tensor, grad: Tensor) -> Tensor:
    for hook in list(tensor._hooks):
        result = hook(grad)
        if result is not None:
            result = result if isinstance(result, Tensor) else Tensor._wrap(np.asarray(result))
            if result.shape != grad.shape:
                raise RuntimeError(
                    f"hook: a hook on a tensor of shape {tensor.shape} returned a "
                    f"gradient of shape {result.shape}"
                )
            grad = result
    return grad


def backward(
    root: Tensor, grad=None, retain_graph: bool = False, create_graph: bool = False
) -> None:
    """Accumulate d(root)/d(leaf) into ``leaf.grad`` for every leaf that requires grad."""
    if not root._requires_grad:
        raise RuntimeError(
            f"backward: the tensor (shape {root.shape}) does not require grad and has no graph; "
            f"set requires_grad=True on an input, and check that it was not made under no_grad()"
        )
    seed = _seed(root, grad, "backward")
    if root._op is None:  # backward on a leaf: its gradient is the seed
        leaf_grads = {id(root): [root, seed, False]}
    else:
        leaf_grads, _ = _run([root], [seed], retain_graph or create_graph, create_graph)
    finished = []
    for leaf, leaf_grad, owned in leaf_grads.values():
        if leaf._hooks:
            leaf_grad, owned = _run_hooks(leaf, leaf_grad), False
        finished.append((leaf, leaf_grad, owned))
    for leaf, leaf_grad, owned in finished:  # after every hook ran: a failing hook changes no .grad
        leaf.grad = _accumulate_array(leaf.grad, leaf_grad.data, owned)


def grad(
    outputs,
    inputs,
    grad_outputs=None,
    retain_graph=None,
    create_graph: bool = False,
    allow_unused: bool = False,
):
    """Gradients of ``outputs`` with respect to ``inputs``, as a tuple of Tensors.

    Like ``torch.autograd.grad``: ``.grad`` attributes are not touched. With
    ``create_graph=True`` the results are part of a new graph, so they can be differentiated
    again (second derivatives, Hessian-vector products).

    >>> (dy_dx,) = grad(y, [x], create_graph=True)
    >>> (d2y_dx2,) = grad(dy_dx.sum(), [x])
    """
    single_output = isinstance(outputs, Tensor)
    outputs = [outputs] if single_output else list(outputs)
    single_input = isinstance(inputs, Tensor)
    inputs = [inputs] if single_input else list(inputs)
    if grad_outputs is None or isinstance(grad_outputs, (Tensor, np.ndarray)):
        grad_outputs = [grad_outputs] * len(outputs) if grad_outputs is None else [grad_outputs]
    if len(grad_outputs) != len(outputs):
        raise ValueError(f"grad: got {len(outputs)} outputs but {len(grad_outputs)} grad_outputs")
    for position, tensor in enumerate(inputs):
        if not isinstance(tensor, Tensor) or not tensor._requires_grad:
            raise RuntimeError(
                f"grad: input {position} does not require grad, so no gradient "
                f"can be computed for it"
            )
    for position, tensor in enumerate(outputs):
        if not tensor._requires_grad:
            raise RuntimeError(
                f"grad: output {position} (shape {tensor.shape}) does not "
                f"require grad and has no graph"
            )
    if retain_graph is None:
        retain_graph = create_graph
    seeds = [_seed(out, g, "grad") for out, g in zip(outputs, grad_outputs)]
    wanted = {id(t) for t in inputs}
    leaf_grads, captured = _run(outputs, seeds, retain_graph, create_graph, capture=wanted)
    for out, seed in zip(outputs, seeds):  # an output that is itself an input
        if out._op is None and id(out) in wanted:
            leaf_grads.setdefault(id(out), [out, None, False])
            entry = leaf_grads[id(out)]
            entry[1] = seed if entry[1] is None else entry[1] + seed
    results = []
    for position, tensor in enumerate(inputs):
        value = captured.get(id(tensor))
        if value is None and id(tensor) in leaf_grads:
            value = leaf_grads[id(tensor)][1]
        if value is None:
            if not allow_unused:
                raise RuntimeError(
                    f"grad: input {position} (shape {tensor.shape}) was not used "
                    f"to compute the outputs; pass allow_unused=True to get None"
                )
        elif not create_graph:
            value = Tensor._wrap(value.data)
        results.append(value)
    return tuple(results)


from . import anomaly  # noqa: E402
