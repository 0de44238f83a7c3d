"""What is drawn: which clusters collapse into one box, which nodes a huge graph keeps, and
which gradients a frame shows.

``View`` decides, once per graph and ``collapse`` setting, where every tensor stands (at top
level, inside a cluster, or hidden in a collapsed box), and, past ``max_nodes``, keeps the nodes
nearest the root. ``Frame`` says which gradients have arrived (all of them for ``draw``, those
of the steps so far for the player).

>>> from autograd import Tensor
>>> from autograd.viz.graph import ComputationGraph
>>> z = Tensor([[1.0, 2.0, 3.0]], requires_grad=True)
>>> view = View(ComputationGraph(z.log_softmax(axis=1).sum()), collapse=True)
>>> [view.graph.clusters[uid].label for uid in view.collapsed]
['log_softmax']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from .graph import ComputationGraph, edge_grads

if TYPE_CHECKING:
    from ..ops.base import Op
    from ..tensor import Tensor

__all__ = ["AUTO_COLLAPSE_NODES", "MAX_NODES", "Collapse", "Frame", "View"]

# Above this many nodes (tensors + ops) a graph is hard to read: collapse=None collapses it.
AUTO_COLLAPSE_NODES = 150
# Even collapsed, at most this many nodes are laid out (the ones nearest the root); the rest are
# cut with a note, so that Graphviz never spends minutes on a layout.
MAX_NODES = 400

#: ``None`` (collapse only huge graphs), ``True``, ``False``, a cluster label or a list of them.
Collapse = bool | str | Iterable[str] | None


class Frame:
    """Which gradients a drawing shows: all of them (``draw``), or those that have arrived so
    far in a step of the backward pass (the player), with the current op highlighted.

    >>> from autograd import Tensor
    >>> y = (Tensor([1.0, 2.0], requires_grad=True) * 2.0).sum()
    >>> y.backward()
    >>> Frame().shows(y.grad_fn), Frame(arrived=set()).shows(y.grad_fn)
    (True, False)
    """

    def __init__(
        self,
        arrived: set[int] | None = None,
        current: int | None = None,
        fresh: Iterable[int] = (),
        placeholders: bool = False,
        caption: str | None = None,
    ) -> None:
        self.arrived = arrived  # set of id(op) whose edge gradients are shown; None: all
        self.current = current  # id(op) or cluster uid drawn highlighted
        self.fresh = set(fresh)  # id(op): gradients that arrived in this very step
        self.placeholders = placeholders  # keep room for pending gradients (stable layout)
        self.caption = caption

    def shows(self, op: Op) -> bool:
        """Whether the gradients ``op`` sent to its inputs are drawn in this frame.

        >>> from autograd import Tensor
        >>> y = Tensor(1.0, requires_grad=True) * 2.0
        >>> Frame().shows(y.grad_fn)  # nothing has flowed before backward
        False
        """
        return edge_grads(op) is not None and (self.arrived is None or id(op) in self.arrived)


class View:
    """Decides which clusters are collapsed and which nodes are drawn.

    - ``collapsed``: uids of the clusters drawn as one box; ``owner``: ``id(op)`` -> the
      collapsed box that hides it;
    - ``tensor_place``: ``id(tensor)`` -> the cluster it is drawn in (None: top level);
      ``hidden``: tensors made, or constants used only, inside a collapsed box;
    - ``kept``: node keys kept after a ``max_nodes`` cut (None: all), ``stubs``: key -> number
      of inputs cut away; ``notes``: what was collapsed or cut, for the reader.

    >>> from autograd import Tensor
    >>> from autograd.viz.graph import ComputationGraph
    >>> x = Tensor(1.0, requires_grad=True)
    >>> chain = x
    >>> for _ in range(10):
    ...     chain = chain * 2.0
    >>> view = View(ComputationGraph(chain), max_nodes=5)
    >>> len(view.kept), view.notes[0][:25]
    (5, 'showing the 5 nodes neare')
    """

    def __init__(
        self, graph: ComputationGraph, collapse: Collapse = None, max_nodes: int | None = None
    ) -> None:
        self.graph = graph
        self.notes: list[str] = []
        self.collapsed = self._choose_collapsed(collapse)
        self.owner = self._find_owners()
        self.tensor_place: dict[int, int | None] = {}
        self.hidden: set[int] = set()
        for tensor in graph.tensors:
            self._place(tensor)
        self.kept: set[str] | None = None
        self.stubs: dict[str, int] = {}
        if max_nodes is not None:
            self._truncate(max_nodes)

    # -- collapse
    def _choose_collapsed(self, collapse: Collapse) -> set[int]:
        graph = self.graph
        outermost = [uid for uid, cluster in graph.clusters.items() if cluster.parent is None]
        if collapse is None:
            if graph.size > AUTO_COLLAPSE_NODES and outermost:
                self.notes.append(
                    f"{graph.size:,} nodes: {len(outermost):,} clusters collapsed to keep it "
                    f"readable; draw(..., collapse=False) shows every op"
                )
                return set(outermost)
            return set()
        if collapse is True:
            return set(outermost)
        if collapse is False:
            return set()
        wanted = {collapse} if isinstance(collapse, str) else set(collapse)
        return {
            uid
            for uid, (label, _, parent) in graph.clusters.items()
            if label in wanted and not self._has_ancestor_in(parent, wanted)
        }

    def _has_ancestor_in(self, uid: int | None, labels_wanted: Collection[str]) -> bool:
        while uid is not None:
            label, _, parent = self.graph.clusters[uid]
            if label in labels_wanted:
                return True
            uid = parent
        return False

    def _find_owners(self) -> dict[int, int]:
        owner = {}
        for op, _ in self.graph.ops:
            for entry in op.scope:
                if entry[1] in self.collapsed:
                    owner[id(op)] = entry[1]
                    break
        return owner

    # -- where each tensor stands
    def _place(self, tensor: Tensor) -> None:
        key = id(tensor)
        op = tensor.grad_fn
        uses = self.graph.consumers.get(key, [])
        if op is not None:
            self._place_result(tensor, op, uses)
        elif tensor.requires_grad or not uses:
            self.tensor_place[key] = None  # parameters and inputs stand apart, at top level
        else:
            self._place_constant(tensor, uses)

    def _place_result(self, tensor: Tensor, op: Op, uses: list[tuple[Op, int]]) -> None:
        key = id(tensor)
        box = self.owner.get(id(op))
        if box is None:
            self.tensor_place[key] = op.scope[-1][1] if op.scope else None
        elif tensor is self.graph.root or any(self.owner.get(id(user)) != box for user, _ in uses):
            self.tensor_place[key] = _outside(op.scope, box)
        else:
            self.hidden.add(key)

    def _place_constant(self, tensor: Tensor, uses: list[tuple[Op, int]]) -> None:
        """A constant stands in the innermost cluster shared by its users, unless collapsed."""
        place = None
        for entry in _common_prefix([user.scope for user, _ in uses]):
            if entry[1] in self.collapsed:
                self.hidden.add(id(tensor))  # a constant used only inside a collapsed box
                return
            place = entry[1]
        self.tensor_place[id(tensor)] = place

    # -- node keys and adjacency (inputs of each visible node)
    def op_key(self, op: Op) -> str:
        """The DOT node id of ``op``: its own, or that of the collapsed box that hides it.

        >>> from autograd import Tensor
        >>> from autograd.viz.graph import ComputationGraph
        >>> y = Tensor([[1.0, 2.0]], requires_grad=True).log_softmax(axis=1)
        >>> graph = ComputationGraph(y)
        >>> View(graph).op_key(y.grad_fn)[0], View(graph, collapse=True).op_key(y.grad_fn)[0]
        ('o', 'c')
        """
        box = self.owner.get(id(op))
        if box is not None:
            return f"c{box}"
        return f"o{self.graph.tensor_index[id(self.graph.output[id(op)])]}"

    def tensor_key(self, tensor: Tensor) -> str:
        """The DOT node id of ``tensor``: ``t`` and its place in forward order.

        >>> from autograd import Tensor
        >>> from autograd.viz.graph import ComputationGraph
        >>> x = Tensor(1.0, requires_grad=True)
        >>> View(ComputationGraph(x * 2.0)).tensor_key(x)
        't0'
        """
        return f"t{self.graph.tensor_index[id(tensor)]}"

    def _visible_count(self) -> int:
        graph = self.graph
        return (
            len(graph.tensors)
            - len(self.hidden)
            + sum(1 for op, _ in graph.ops if id(op) not in self.owner)
            + len(self.collapsed)
        )

    def _truncate(self, max_nodes: int) -> None:
        visible = self._visible_count()
        if visible <= max_nodes:
            return
        inputs = self.node_inputs()
        start = self.tensor_key(self.graph.root)
        kept, queue = {start}, deque([start])
        while queue and len(kept) < max_nodes:
            key = queue.popleft()
            for source in inputs.get(key, ()):
                if source not in kept and len(kept) < max_nodes:
                    kept.add(source)
                    queue.append(source)
        for key in kept:
            missing = {source for source in inputs.get(key, ()) if source not in kept}
            if missing:
                self.stubs[key] = len(missing)
        self.kept = kept
        self.notes.append(
            f"showing the {len(kept):,} nodes nearest the output of {visible:,}; "
            f"draw(..., max_nodes=None) draws all (slow to lay out)"
        )

    def node_inputs(self) -> dict[str, list[str]]:
        """key -> list of keys of the visible nodes feeding it (for truncation).

        >>> from autograd import Tensor
        >>> from autograd.viz.graph import ComputationGraph
        >>> x = Tensor(1.0, requires_grad=True)
        >>> View(ComputationGraph(x * 2.0)).node_inputs()  # x, 2 -> mul -> x*2
        {'o2': ['t0', 't1'], 't2': ['o2']}
        """
        inputs: dict[str, list[str]] = {}
        for op, out in self.graph.ops:
            key = self.op_key(op)
            sources = inputs.setdefault(key, [])
            for inp in op.inputs:
                if id(inp) not in self.hidden:
                    source = self.tensor_key(inp)
                    if source not in sources:
                        sources.append(source)
            if id(out) not in self.hidden:
                inputs.setdefault(self.tensor_key(out), []).append(key)
        return inputs

    def is_kept(self, key: str) -> bool:
        """Whether the node ``key`` survived the ``max_nodes`` cut.

        >>> from autograd import Tensor
        >>> from autograd.viz.graph import ComputationGraph
        >>> x = Tensor(1.0, requires_grad=True)
        >>> view = View(ComputationGraph(x * 2.0 * 3.0), max_nodes=3)
        >>> view.is_kept(view.tensor_key(x))  # the input, farthest from the output, is cut
        False
        """
        return self.kept is None or key in self.kept


def _outside(scope: tuple, box: int) -> int | None:
    """The cluster just outside box ``box`` along ``scope`` (None: top level)."""
    uids = [entry[1] for entry in scope]
    position = uids.index(box)
    return uids[position - 1] if position else None


def _common_prefix(scopes: list[tuple]) -> tuple:
    prefix = scopes[0]
    for scope in scopes[1:]:
        length = 0
        for mine, theirs in zip(prefix, scope, strict=False):  # scopes of different depths
            if mine[1] != theirs[1]:
                break
            length += 1
        prefix = prefix[:length]
    return tuple(prefix)
