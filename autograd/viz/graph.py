"""Walk a computation graph once: the tensors, ops and clusters behind a root.

This is the only module that reads the graph, and it reads it only through the graph interface
documented in ``autograd/ops/base.py``: ``tensor.grad_fn``, ``op.inputs``, ``op.scope``,
``op.edge_grads`` (here) and ``op.name``, ``op.arguments()`` (read for labels). The order of
the reverse pass comes from the engine, ``engine.backward_order``; the tangents of forward mode
from ``forward_ad.last_tangent``.

>>> from autograd import Tensor
>>> x = Tensor(2.0, requires_grad=True)
>>> graph = ComputationGraph(x * 3.0 + 1.0)
>>> [op.name for op, _ in graph.ops]
['mul', 'add']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .. import engine
from ..edges import GradSummary
from ..forward_ad import last_tangent

if TYPE_CHECKING:
    from ..ops.base import Op
    from ..tensor import Tensor

__all__ = [
    "Cluster",
    "ComputationGraph",
    "EdgeGrad",
    "backward_order",
    "edge_grads",
    "tangent",
]

#: What flowed along one edge in the reverse pass: the array, or a summary of a large one.
EdgeGrad = np.ndarray | GradSummary


class Cluster(NamedTuple):
    """A scope the graph was recorded in (a composite function or a Module's forward).

    >>> Cluster("log_softmax", "function", None).kind
    'function'
    """

    label: str
    kind: str  # "function" or "module"
    parent: int | None  # uid of the enclosing cluster (None: top level)


def edge_grads(op: Op) -> tuple[EdgeGrad | None, ...] | None:
    """The gradients that flowed from ``op`` back to each of its inputs (None before backward).

    >>> from autograd import Tensor
    >>> x = Tensor([1.0, 2.0], requires_grad=True)
    >>> y = (x * 3.0).sum()
    >>> edge_grads(y.grad_fn) is None
    True
    >>> y.backward()
    >>> edge_grads(y.grad_fn)[0].tolist()
    [1.0, 1.0]
    """
    grads: tuple[EdgeGrad | None, ...] | None = op.edge_grads
    return grads


def tangent(tensor: Tensor) -> np.ndarray | None:
    """The tangent ``tensor`` carried in forward mode, as an array (None: it had none), also
    after its ``dual_level`` ended: what the blue arrows of a drawing print.

    >>> from autograd import Tensor
    >>> from autograd.forward_ad import dual_level, make_dual
    >>> with dual_level():
    ...     y = make_dual(Tensor([1.0, 2.0]), Tensor([1.0, 0.0])) * 3.0
    >>> tangent(y).tolist(), tangent(Tensor(1.0))
    ([3.0, 0.0], None)
    """
    carried = last_tangent(tensor)
    return None if carried is None else carried.numpy()


class ComputationGraph:
    """The tensors, ops and clusters reachable backwards from ``root`` (read once).

    ``tensors`` and ``ops`` are in forward order (inputs before their users); ``consumers``
    maps ``id(tensor)`` to the ``(op, input position)`` pairs that use it, and ``clusters``
    each scope's uid to its ``Cluster``.

    >>> from autograd import Tensor
    >>> x = Tensor(3.0, requires_grad=True, name="x")
    >>> graph = ComputationGraph(x * x)
    >>> graph.size, len(graph.consumers[id(x)])  # x and x*x, one mul; x is used twice
    (3, 2)
    """

    def __init__(self, root: Tensor) -> None:
        self.root = root
        self.tensors: list[Tensor] = []  # forward topological order: inputs before their users
        self.tensor_index: dict[int, int] = {}  # id(tensor) -> position in self.tensors
        self.ops: list[tuple[Op, Tensor]] = []  # (op, output tensor), forward topological order
        self.consumers: dict[int, list[tuple[Op, int]]] = {}  # id(tensor) -> [(op, position)]
        self.output: dict[int, Tensor] = {}  # id(op) -> the tensor it produced
        self.clusters: dict[int, Cluster] = {}  # uid -> the cluster
        self._walk(root)
        self.has_gradients = any(edge_grads(op) is not None for op, _ in self.ops)
        self.has_tangents = any(last_tangent(tensor) is not None for tensor in self.tensors)

    def _walk(self, root: Tensor) -> None:
        # iterative post-order DFS: no recursion limit on deep graphs
        visited = {id(root)}
        stack = [(root, False)]
        while stack:
            tensor, expanded = stack.pop()
            op = tensor.grad_fn
            if expanded or op is None:
                self._add(tensor, op)
                continue
            stack.append((tensor, True))
            for position, inp in reversed(list(enumerate(op.inputs))):
                self.consumers.setdefault(id(inp), []).append((op, position))
                if id(inp) not in visited:
                    visited.add(id(inp))
                    stack.append((inp, False))
        for uses in self.consumers.values():
            uses.reverse()

    def _add(self, tensor: Tensor, op: Op | None) -> None:
        self.tensor_index[id(tensor)] = len(self.tensors)
        self.tensors.append(tensor)
        if op is not None:
            self.ops.append((op, tensor))
            self.output[id(op)] = tensor
            self._add_scope(op.scope)

    def _add_scope(self, scope: tuple) -> None:
        parent = None
        for entry in scope:
            label, uid = entry[0], entry[1]
            kind = entry[2] if len(entry) > 2 else "function"
            if uid not in self.clusters:
                self.clusters[uid] = Cluster(label, kind, parent)
            parent = uid

    @property
    def size(self) -> int:
        """The number of nodes: tensors plus ops.

        >>> from autograd import Tensor
        >>> ComputationGraph(Tensor(1.0, requires_grad=True) * 2.0).size  # x, 2, x*2 and mul
        4
        """
        return len(self.tensors) + len(self.ops)


def backward_order(root: Tensor) -> list[tuple[Op, Tensor]]:
    """The ops in the order the reverse pass runs them: ``[(op, output tensor), ...]``.

    Asks the engine (``engine.backward_order``), so the player's frames follow exactly the
    order in which gradients were computed.

    >>> from autograd import Tensor
    >>> x = Tensor(2.0, requires_grad=True)
    >>> [op.name for op, _ in backward_order((x * 3.0).exp())]
    ['exp', 'mul']
    """
    order = []
    for tensor in engine.backward_order([root]):
        op = tensor.grad_fn
        if op is not None:  # always: the engine lists only the tensors an op made
            order.append((op, tensor))
    return order
