"""Build the Graphviz DOT text of a computation graph, CS231n style.

The visualiser only reads the graph, through the interface documented in ``autograd/ops/base.py``
(``tensor.grad_fn``, ``op.name``, ``op.arguments()``, ``op.inputs``, ``op.scope``,
``op.edge_grads``). Three steps:

1. ``ComputationGraph`` walks back from the root once and records tensors, ops and clusters.
2. ``_View`` decides what is drawn: which clusters collapse into one box (``collapse``), and,
   for a huge graph, which nodes nearest the root are kept (``max_nodes``).
3. ``_Emitter`` writes the DOT text: tensor nodes (values in green, gradients in red), op nodes,
   forward edges in grey, and after ``backward()`` one red edge from each op back to each of its
   inputs, labelled with the gradient that flowed along it.

Only the nodes that are drawn get labels, so a 5,000-node graph is walked, collapsed and written
in well under a second.
"""

from __future__ import annotations

import math
import re
from collections import deque

import numpy as np

from .. import dtypes, engine
from ..ops.base import GradSummary
from . import labels
from .labels import FONT, GRAD_COLOR, MUTED_COLOR, VALUE_COLOR, escape

# Above this many nodes (tensors + ops) a graph is hard to read: collapse=None collapses it.
AUTO_COLLAPSE_NODES = 150
# Even collapsed, at most this many nodes are laid out (the ones nearest the root); the rest are
# cut with a note, so that Graphviz never spends minutes on a layout.
MAX_NODES = 400

_CLUSTER_STYLE = {  # fill, border for each kind of scope, by nesting depth (alternating)
    "function": (("#f4f0ff", "#8b7fd1"), ("#e9e2ff", "#8b7fd1")),
    "module": (("#eef8f0", "#5fa36f"), ("#ddf0e1", "#5fa36f")),
}
_OP_FILL, _OP_BORDER = "#fff4e0", "#e09a2b"
_CURRENT_FILL, _CURRENT_BORDER = "#ffe08a", "#c2410c"


class ComputationGraph:
    """The tensors, ops and clusters reachable backwards from ``root`` (read once)."""

    def __init__(self, root):
        self.root = root
        self.tensors = []  # forward topological order: inputs before their users
        self.tensor_index = {}  # id(tensor) -> position in self.tensors
        self.ops = []  # (op, output tensor), forward topological order
        self.consumers = {}  # id(tensor) -> [(op, input position)]
        self.output = {}  # id(op) -> the tensor it produced
        self.clusters = {}  # uid -> (label, kind, parent uid or None)
        self._walk(root)
        self.has_gradients = any(op.edge_grads is not None for op, _ in self.ops)

    def _walk(self, root) -> None:
        # iterative post-order DFS: no recursion limit on deep graphs
        visited = {id(root)}
        stack = [(root, False)]
        while stack:
            tensor, expanded = stack.pop()
            op = tensor.grad_fn
            if expanded or op is None:
                self.tensor_index[id(tensor)] = len(self.tensors)
                self.tensors.append(tensor)
                if op is not None:
                    self.ops.append((op, tensor))
                    self.output[id(op)] = tensor
                    self._add_scope(op.scope)
                continue
            stack.append((tensor, True))
            for position, inp in reversed(list(enumerate(op.inputs))):
                self.consumers.setdefault(id(inp), []).append((op, position))
                if id(inp) not in visited:
                    visited.add(id(inp))
                    stack.append((inp, False))
        for uses in self.consumers.values():
            uses.reverse()

    def _add_scope(self, scope: tuple) -> None:
        parent = None
        for entry in scope:
            label, uid = entry[0], entry[1]
            kind = entry[2] if len(entry) > 2 else "function"
            if uid not in self.clusters:
                self.clusters[uid] = (label, kind, parent)
            parent = uid

    @property
    def size(self) -> int:
        return len(self.tensors) + len(self.ops)


def backward_order(root) -> list:
    """The ops in the order the reverse pass runs them: ``[(op, output tensor), ...]``.

    Asks the engine (``engine.backward_order``), so the player's frames follow exactly the
    order in which gradients were computed.
    """
    return [(tensor.grad_fn, tensor) for tensor in engine.backward_order([root])]


class Frame:
    """Which gradients a drawing shows: all of them (``draw``), or those that have arrived so
    far in a step of the backward pass (the player), with the current op highlighted."""

    def __init__(self, arrived=None, current=None, fresh=(), placeholders=False, caption=None):
        self.arrived = arrived  # set of id(op) whose edge gradients are shown; None: all
        self.current = current  # id(op) or cluster uid drawn highlighted
        self.fresh = set(fresh)  # id(op): gradients that arrived in this very step
        self.placeholders = placeholders  # keep room for pending gradients (stable layout)
        self.caption = caption

    def shows(self, op) -> bool:
        return op.edge_grads is not None and (self.arrived is None or id(op) in self.arrived)


# ---------------------------------------------------------------------- what is drawn
class _View:
    """Decides which clusters are collapsed and which nodes are drawn."""

    def __init__(self, graph: ComputationGraph, collapse, max_nodes):
        self.graph = graph
        self.notes = []
        self.collapsed = self._choose_collapsed(collapse)
        self.owner = {}  # id(op) -> uid of the collapsed cluster that hides it
        for op, _ in graph.ops:
            for entry in op.scope:
                if entry[1] in self.collapsed:
                    self.owner[id(op)] = entry[1]
                    break
        self.tensor_place = {}  # id(tensor) -> cluster uid it is drawn in (None: top level)
        self.hidden = set()  # id(tensor) of tensors inside collapsed boxes
        self._place_tensors()
        self.kept = None  # set of node keys kept after truncation (None: all)
        self.stubs = {}  # node key -> number of inputs cut away
        if max_nodes is not None:
            self._truncate(max_nodes)

    # -- collapse
    def _choose_collapsed(self, collapse) -> set:
        graph = self.graph
        outermost = [uid for uid, (_, _, parent) in graph.clusters.items() if parent is None]
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
        chosen = set()
        for uid, (label, kind, parent) in graph.clusters.items():
            if label in wanted and not self._has_ancestor_in(parent, wanted):
                chosen.add(uid)
        return chosen

    def _has_ancestor_in(self, uid, labels_wanted) -> bool:
        while uid is not None:
            label, _, parent = self.graph.clusters[uid]
            if label in labels_wanted:
                return True
            uid = parent
        return False

    def _outside(self, scope: tuple, box) -> object:
        """The cluster just outside box ``box`` along ``scope`` (None: top level)."""
        uids = [entry[1] for entry in scope]
        position = uids.index(box)
        return uids[position - 1] if position else None

    def _place_tensors(self) -> None:
        graph = self.graph
        for tensor in graph.tensors:
            key = id(tensor)
            op = tensor.grad_fn
            uses = graph.consumers.get(key, [])
            if op is not None:
                box = self.owner.get(id(op))
                if box is None:
                    self.tensor_place[key] = op.scope[-1][1] if op.scope else None
                elif tensor is graph.root or any(
                    self.owner.get(id(user)) != box for user, _ in uses
                ):
                    self.tensor_place[key] = self._outside(op.scope, box)
                else:
                    self.hidden.add(key)
                continue
            if tensor.requires_grad or not uses:
                self.tensor_place[key] = None  # parameters and inputs stand apart, at top level
                continue
            common = _common_prefix([user.scope for user, _ in uses])
            place = None
            for entry in common:
                if entry[1] in self.collapsed:
                    break
                place = entry[1]
            else:
                self.tensor_place[key] = place
                continue
            self.hidden.add(key)  # a constant used only inside a collapsed box

    # -- node keys and adjacency (inputs of each visible node)
    def op_key(self, op) -> str:
        box = self.owner.get(id(op))
        if box is not None:
            return f"c{box}"
        return f"o{self.graph.tensor_index[id(self.graph.output[id(op)])]}"

    def tensor_key(self, tensor) -> str:
        return f"t{self.graph.tensor_index[id(tensor)]}"

    def _truncate(self, max_nodes: int) -> None:
        graph = self.graph
        visible = (
            len(graph.tensors)
            - len(self.hidden)
            + sum(1 for op, _ in graph.ops if id(op) not in self.owner)
            + len(self.collapsed)
        )
        if visible <= max_nodes:
            return
        inputs = self.node_inputs()
        start = self.tensor_key(graph.root)
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

    def node_inputs(self) -> dict:
        """key -> list of keys of the visible nodes feeding it (for truncation)."""
        graph = self.graph
        inputs = {}
        for op, out in graph.ops:
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
        return self.kept is None or key in self.kept


def _common_prefix(scopes) -> tuple:
    scopes = list(scopes)
    prefix = scopes[0]
    for scope in scopes[1:]:
        length = 0
        for mine, theirs in zip(prefix, scope):
            if mine[1] != theirs[1]:
                break
            length += 1
        prefix = prefix[:length]
    return tuple(prefix)


# ---------------------------------------------------------------------- DOT text
def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _attrs(**attributes) -> str:
    parts = []
    for key, value in attributes.items():
        if value is None:
            continue
        if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
            parts.append(f"{key}={value}")  # an HTML-like label
        else:
            parts.append(f"{key}={_quote(str(value))}")
    return "[" + " ".join(parts) + "]"


class _Emitter:
    def __init__(
        self, view: _View, frame: Frame, rankdir: str, grad_scale: bool, show_values: bool, title
    ):
        self.view = view
        self.graph = view.graph
        self.frame = frame
        self.rankdir = rankdir
        self.grad_scale = grad_scale
        self.show_values = show_values
        self.title = title
        self.default_dtype = dtypes.get_default_dtype()
        self.tolerance, self.median = self._gradient_scale()

    def _gradient_scale(self):
        """Round-off tolerance for printing ≈0, and the median gradient size (for widths)."""
        largest, sizes, eps = 0.0, [], 0.0
        for op, _ in self.graph.ops:
            if op.edge_grads is None:
                continue
            for grad in op.edge_grads:
                if grad is None:
                    continue
                largest = max(largest, labels.largest(grad))
                size = labels.magnitude(grad)
                if size > 0 and math.isfinite(size):
                    sizes.append(size)
                dtype = grad.dtype if isinstance(grad, (GradSummary, np.ndarray)) else None
                if dtype is not None and np.dtype(dtype).kind == "f":
                    eps = max(eps, float(np.finfo(dtype).eps))
        median = float(np.median(sizes)) if sizes else 1.0
        return 16 * eps * largest, median

    # -- labels
    def tensor_label(self, tensor, grad, grad_pending: bool) -> str:
        head = []
        if tensor.name:
            head.append(f"<b>{escape(str(tensor.name))}</b>")
        head.append(
            f'<font color="{MUTED_COLOR}" point-size="9">'
            f"{escape(labels.shape_text(tensor.shape))}</font>"
        )
        if tensor.dtype != self.default_dtype:
            head.append(f'<font color="{MUTED_COLOR}" point-size="9">{tensor.dtype.name}</font>')
        rows = [" ".join(head)]
        if self.show_values:
            data = tensor.data
            if data.size <= labels.SMALL:
                rows.append(labels.array_html(data, VALUE_COLOR))
            else:
                rows.append(
                    f'<font color="{VALUE_COLOR}" point-size="9">'
                    f"{escape(labels.value_summary(data))}</font>"
                )
        if grad is not None:
            text = labels.grad_html(grad, self.tolerance)
            if grad_pending:
                text = _transparent(text)
            rows.append(text)
        return _stack(rows)

    def op_label(self, op) -> str:
        rows = [f"<b>{escape(op.name)}</b>"]
        args = labels.arguments_text(op.arguments())
        if args:
            rows.append(f'<font point-size="9" color="{MUTED_COLOR}">{escape(args)}</font>')
        return _stack(rows)

    # -- gradients
    def tensor_grad(self, tensor):
        """The gradient printed inside a tensor node, and whether it is still pending.

        Printed for leaves that require grad (their ``.grad``), for the root (the seed, 1), and
        where a tensor is used more than once (the sum of its red edges: gradients add at forks).
        """
        graph = self.graph
        if not graph.has_gradients:
            return None, False
        uses = [
            (op, position)
            for op, position in graph.consumers.get(id(tensor), ())
            if op.edge_grads is not None and op.edge_grads[position] is not None
        ]
        pending = any(not self.frame.shows(op) for op, _ in uses)
        if tensor is graph.root:
            if tensor.size == 1 and tensor.grad_fn is not None:
                return np.ones(tensor.shape, dtype=tensor.dtype), False
            return tensor.grad, False
        if tensor.grad is not None and (tensor.is_leaf or len(uses) < 2):
            return tensor.grad, pending
        if len(uses) < 2:
            return None, False
        grads = [op.edge_grads[position] for op, position in uses]
        if any(isinstance(grad, GradSummary) for grad in grads):
            return None, False
        total = grads[0].astype(np.float64)
        for grad in grads[1:]:
            total = total + grad
        return total.astype(grads[0].dtype), pending

    def red_edge(self, op_node: str, input_node: str, grad, fresh: bool, pending: bool) -> str:
        """The gradient flowing from ``op_node`` back to ``input_node``, as a red arrow.

        Written ``input -> op`` with ``dir=back``: the arrow is drawn from the op back to the
        input, while for the layout it runs parallel to the forward edge (no cycle for dot to
        break), so its label gets its own place between the two ranks.
        """
        tail, head = op_node, input_node
        # a translucent white card behind the numbers keeps them legible over lines and clusters
        label = (
            '<table border="0" cellborder="0" cellspacing="0" cellpadding="2" '
            'bgcolor="#ffffffc8" style="rounded"><tr><td>'
            + labels.grad_html(grad, self.tolerance)
            + "</td></tr></table>"
        )
        if pending:
            return (
                f"  {head} -> {tail} {_attrs(dir='back', style='invis', label='<' + label + '>')}\n"
            )
        zero = labels.is_zero(grad, self.tolerance)
        width = 1.3
        if self.grad_scale and not zero:
            size = labels.magnitude(grad)
            if math.isfinite(size) and size > 0:
                width = min(6.0, max(0.35, 1.3 + 1.1 * math.log10(size / self.median)))
            else:
                width = 6.0
        if fresh:
            width = max(width, 2.6)
        return (
            "  "
            + head
            + " -> "
            + tail
            + " "
            + _attrs(
                dir="back",
                color="red",
                fontcolor=GRAD_COLOR,
                penwidth=f"{width:.2f}",
                arrowsize="0.7" if not fresh else "0.9",
                style="dashed" if zero else None,
                label="<" + label + ">",
                tooltip=f"gradient flowing back: {_plain_grad(grad)}",
            )
            + "\n"
        )

    # -- the whole text
    def source(self) -> str:
        view, graph, frame = self.view, self.graph, self.frame
        lines = [
            "digraph graphgrad {\n",
            "  graph "
            + _attrs(
                rankdir=self.rankdir,
                fontname=FONT,
                fontsize="11",
                bgcolor="white",
                nodesep="0.3",
                ranksep="0.3",
                pad="0.25",
                newrank="true",
                labeljust="l",
                labelloc="t",
                label=self._graph_label(),
            )
            + "\n",
            "  node "
            + _attrs(
                fontname=FONT,
                fontsize="11",
                shape="box",
                style="rounded,filled",
                fillcolor="white",
                color="#9ca3af",
                margin="0.08,0.04",
                height="0.3",
                width="0.3",
            )
            + "\n",
            "  edge "
            + _attrs(fontname=FONT, fontsize="10", color="#4b5563", arrowsize="0.7", penwidth="1.1")
            + "\n",
        ]
        members = {}  # cluster uid (None: top level) -> list of node lines
        edges = []

        def place(uid, line):
            members.setdefault(uid, []).append(line)

        # tensor nodes
        for tensor in graph.tensors:
            key = id(tensor)
            if key in view.hidden:
                continue
            name = view.tensor_key(tensor)
            if not view.is_kept(name):
                continue
            grad, pending = self.tensor_grad(tensor)
            attributes = dict(label="<" + self.tensor_label(tensor, grad, pending) + ">")
            if tensor is graph.root:
                attributes.update(color="#111827", penwidth="2", fillcolor="#fff1f1")
            elif tensor.is_leaf and tensor.requires_grad:
                attributes.update(color="#2563eb", penwidth="2", fillcolor="#e3edff")
            elif tensor.is_leaf:
                attributes.update(
                    color="#c4c9d1",
                    style="rounded,filled,dashed",
                    fillcolor="#f6f7f9",
                    fontcolor=MUTED_COLOR,
                )
            attributes["tooltip"] = _tensor_tooltip(tensor)
            place(view.tensor_place.get(key), f"  {name} {_attrs(**attributes)}\n")

        # op nodes, boxes and their edges
        boxes = {}  # uid -> list of ops
        for op, out in graph.ops:
            box = view.owner.get(id(op))
            if box is not None:
                boxes.setdefault(box, []).append((op, out))
                continue
            name = view.op_key(op)
            if not view.is_kept(name):
                continue
            current = frame.current == id(op)
            attributes = dict(
                label="<" + self.op_label(op) + ">",
                shape="ellipse",
                style="filled",
                fillcolor=_CURRENT_FILL if current else _OP_FILL,
                color=_CURRENT_BORDER if current else _OP_BORDER,
                penwidth="2" if current else "1.2",
                margin="0.04,0.02",
                tooltip=f"{op.name} {labels.arguments_text(op.arguments())}",
            )
            place(op.scope[-1][1] if op.scope else None, f"  {name} {_attrs(**attributes)}\n")
            out_key = view.tensor_key(out)
            for inp in op.inputs:
                source = view.tensor_key(inp)
                if view.is_kept(source):
                    edges.append(f"  {source} -> {name}\n")
            if view.is_kept(out_key):
                edges.append(f"  {name} -> {out_key}\n")
            if op.edge_grads is not None:
                for inp, grad in zip(op.inputs, op.edge_grads):
                    target = view.tensor_key(inp)
                    if grad is None or not view.is_kept(target):
                        continue
                    shown = frame.shows(op)
                    if shown or frame.placeholders:
                        edges.append(
                            self.red_edge(
                                name, target, grad, id(op) in frame.fresh, pending=not shown
                            )
                        )
        for uid, members_ops in boxes.items():
            self._emit_box(uid, members_ops, place, edges)
        for key, count in view.stubs.items():
            stub = f"more_{key}"
            place(
                None,
                f"  {stub} {_attrs(label=f'⋯ {count} more', shape='plaintext', style='', fontcolor=MUTED_COLOR)}\n",
            )
            edges.append(f"  {stub} -> {key} {_attrs(style='dotted', color=MUTED_COLOR)}\n")

        lines.extend(self._clusters(members))
        lines.extend(edges)
        lines.append("}\n")
        return "".join(lines)

    def _emit_box(self, uid, members_ops, place, edges) -> None:
        view, graph, frame = self.view, self.graph, self.frame
        name = f"c{uid}"
        if not view.is_kept(name):
            return
        label, kind, parent = graph.clusters[uid]
        fill, border = _CLUSTER_STYLE.get(kind, _CLUSTER_STYLE["function"])[0]
        current = frame.current == uid
        text = _stack(
            [
                f"<b>{escape(label)}</b>",
                f'<font point-size="9" color="{MUTED_COLOR}">{escape(kind)}, '
                f"{len(members_ops)} ops</font>",
            ]
        )
        place(
            parent,
            f"  {name} {_attrs(label='<' + text + '>', shape='box', style='rounded,filled', fillcolor=_CURRENT_FILL if current else fill, color=_CURRENT_BORDER if current else border, penwidth='2', peripheries='2', tooltip=f'{label} ({kind}), collapsed: {len(members_ops)} ops')}\n",
        )
        inputs, grads, arrived = [], {}, True
        for op, out in members_ops:
            arrived = arrived and frame.shows(op)
            for position, inp in enumerate(op.inputs):
                if id(inp) in view.hidden:  # made (or a constant used only) inside the box
                    continue
                if id(inp) not in grads:
                    inputs.append(inp)
                    grads[id(inp)] = []
                if op.edge_grads is not None and op.edge_grads[position] is not None:
                    grads[id(inp)].append(op.edge_grads[position])
        for inp in inputs:
            source = view.tensor_key(inp)
            if view.is_kept(source):
                edges.append(f"  {source} -> {name}\n")
        for op, out in members_ops:
            if id(out) not in view.hidden and view.is_kept(view.tensor_key(out)):
                edges.append(f"  {name} -> {view.tensor_key(out)}\n")
        fresh = any(id(op) in frame.fresh for op, _ in members_ops)
        for inp in inputs:
            target = view.tensor_key(inp)
            flowed = grads[id(inp)]
            if not flowed or not view.is_kept(target):
                continue
            if arrived or frame.placeholders:
                edges.append(
                    self.red_edge(name, target, _sum_grads(flowed), fresh, pending=not arrived)
                )

    def _clusters(self, members) -> list:
        graph, view = self.graph, self.view
        children = {}
        for uid, (_, _, parent) in graph.clusters.items():
            children.setdefault(parent, []).append(uid)
        out = list(members.get(None, []))

        def emit(uid, depth) -> list:
            inner = []
            for child in children.get(uid, []):
                if child not in view.collapsed:
                    inner.extend(emit(child, depth + 1))
            body = members.get(uid, [])
            if not body and not inner:
                return []
            label, kind, _ = graph.clusters[uid]
            fill, border = _CLUSTER_STYLE.get(kind, _CLUSTER_STYLE["function"])[depth % 2]
            heading = (
                f'<b>{escape(label)}</b> <font point-size="9" color="{MUTED_COLOR}">'
                f"{escape(kind)}</font>"
            )
            indent = "  " * (depth + 1)
            lines = [
                f"{indent}subgraph cluster_{uid} {{\n",
                f"{indent}  graph "
                + _attrs(
                    label="<" + heading + ">",
                    style="rounded,filled",
                    fillcolor=fill,
                    color=border,
                    fontsize="11",
                    labeljust="l",
                    margin="10",
                )
                + "\n",
            ]
            lines.extend(indent + line for line in body)
            lines.extend(inner)
            lines.append(f"{indent}}}\n")
            return lines

        for uid in children.get(None, []):
            if uid not in view.collapsed:
                out.extend(emit(uid, 0))
        return out

    def _graph_label(self):
        rows = []
        if self.title:
            rows.append(f'<font point-size="13"><b>{escape(self.title)}</b></font>')
        for note in self.view.notes:
            rows.append(f'<font point-size="10" color="{MUTED_COLOR}"><i>{escape(note)}</i></font>')
        if self.graph.has_gradients and self.show_values:
            of = escape(self.graph.root.name) if self.graph.root.name else "the output"
            rows.append(
                f'<font point-size="10" color="{MUTED_COLOR}">values in '
                f'<font color="{VALUE_COLOR}">green</font>, gradients of {of} in '
                f'<font color="{GRAD_COLOR}">red</font> (dashed: zero)</font>'
            )
        if not rows:
            return None
        return "<" + _stack(rows, align="left") + ">"


def _stack(rows, align="center") -> str:
    cells = "".join(f'<tr><td align="{align}" balign="{align}">{row}</td></tr>' for row in rows)
    return f'<table border="0" cellborder="0" cellspacing="0" cellpadding="1">{cells}</table>'


def _transparent(html: str) -> str:
    """The same label text, invisible: keeps the room for a gradient that has not arrived."""
    return re.sub(r'color="[^"]*"', 'color="transparent"', html)


def _sum_grads(grads):
    if len(grads) == 1:
        return grads[0]
    if any(isinstance(grad, GradSummary) for grad in grads):
        # a summary cannot be added exactly: report the bound that the triangle inequality gives
        norm = sum(
            grad.norm
            if isinstance(grad, GradSummary)
            else float(np.linalg.norm(np.asarray(grad, dtype=np.float64)))
            for grad in grads
        )
        first = grads[0]
        if any(
            isinstance(grad, GradSummary) and (grad.min is None or grad.max is None)
            for grad in grads
        ):
            return GradSummary(tuple(first.shape), first.dtype, norm)
        low = sum(
            grad.min if isinstance(grad, GradSummary) else float(np.min(grad)) for grad in grads
        )
        high = sum(
            grad.max if isinstance(grad, GradSummary) else float(np.max(grad)) for grad in grads
        )
        return GradSummary(tuple(first.shape), first.dtype, norm, low, high)
    total = np.asarray(grads[0], dtype=np.float64)
    for grad in grads[1:]:
        total = total + grad
    return total.astype(np.asarray(grads[0]).dtype)


def _plain_grad(grad) -> str:
    if isinstance(grad, GradSummary):
        return f"shape {labels.shape_text(tuple(grad.shape))}, {labels.grad_summary(grad)}"
    array = np.asarray(grad)
    if array.size <= labels.SMALL:
        return np.array2string(array, precision=4, separator=", ").replace("\n", "")
    return f"shape {labels.shape_text(array.shape)}"


def _tensor_tooltip(tensor) -> str:
    kind = (
        "output"
        if tensor.grad_fn is not None
        else "leaf (requires grad)"
        if tensor.requires_grad
        else "constant"
    )
    name = f"{tensor.name}: " if tensor.name else ""
    return f"{name}{kind}, shape {tensor.shape}, {tensor.dtype}"


def build_source(
    root,
    collapse=None,
    rankdir: str = "LR",
    grad_scale: bool = False,
    show_values: bool = True,
    max_nodes=MAX_NODES,
    title=None,
    frame=None,
    graph: ComputationGraph | None = None,
):
    """The DOT text for ``root``'s graph, and the notes (collapsed, truncated) it carries."""
    graph = graph if graph is not None else ComputationGraph(root)
    view = _View(graph, collapse, max_nodes)
    emitter = _Emitter(view, frame or Frame(), rankdir, grad_scale, show_values, title)
    return emitter.source(), view
