"""Write the DOT text of a view of a computation graph, CS231n style.

Tensor nodes (values in green, tangents in blue, gradients in red), op nodes, clusters and
collapsed boxes, forward edges in grey (in blue, labelled with the tensor's tangent, after
forward mode), and after ``backward()`` one red edge from each op back to each of its inputs,
labelled with the gradient that flowed along it. Only the nodes that are drawn get
labels, so a 5,000-node graph is walked, collapsed and written in well under a second.

>>> from autograd import Tensor
>>> x = Tensor(2.0, requires_grad=True, name="x")
>>> f = x * 3.0
>>> f.backward()
>>> source, view = build_source(f)
>>> source.startswith("digraph graphgrad {") and 'color="red"' in source
True

Ids and classes
---------------
Every node, edge and cluster carries a DOT ``id`` (the ``id`` of its SVG ``<g>`` element) and a
``class`` (Graphviz writes ``class="node <class>"``, ``"edge <class>"``, ``"cluster <class>"``).
The ids are derived from the graph alone, so every frame of one graph, and every drawing of it,
uses the same ids: a page can lay the graph out once and restyle elements by id.

Nodes (``i`` is a tensor's position in the forward topological order of ``ComputationGraph``,
``graph.tensor_index``; an op is named after the tensor it produced):

- ``t{i}``: a tensor; class ``tensor`` plus ``root`` (the output drawn), ``param`` (a leaf
  that requires grad) or ``const`` (a leaf that does not);
- ``o{i}``: the op that produced tensor ``t{i}``; class ``op`` (``op current`` when a frame
  highlights it);
- ``c{uid}``: a collapsed cluster (``uid`` from ``op.scope``); class ``box`` (``box current``);
- ``more_{node}``: the "⋯ N more" note of a node whose inputs a ``max_nodes`` cut removed;
  class ``stub``;
- clusters: ``k{uid}``, class ``function`` or ``module``.

Edges (``p`` is the position of the input in ``op.inputs``, so ``x * x`` has two of each):

- ``f_{t}_{o}_{p}``: forward, tensor ``t`` into op ``o`` as its input ``p``;
  ``f_{o}_{t}``: forward, op ``o`` to the tensor it made; class ``forward`` (``forward tangent``
  when it carries forward mode's tangent); into and out of a collapsed box:
  ``f_{t}_{c}``, ``f_{c}_{t}``;
- ``g_{o}_{t}_{p}``: the gradient op ``o`` sent back to its input ``p`` (tensor ``t``);
  ``g_{c}_{t}``: the sum of what a collapsed box sent to its input ``t``; class ``grad``, plus
  ``zero`` (all round-off zeros, dashed), ``fresh`` (arrived in the frame's step) or
  ``pending`` (not arrived yet: drawn invisible, keeping its room);
- ``s_{node}``: the dotted edge from a stub note; class ``stub``.

>>> import re
>>> sorted(re.findall(r'id="([^"]+)" class=', source))
['f_o2_t2', 'f_t0_o2_0', 'f_t1_o2_1', 'g_o2_t0_0', 'o2', 't0', 't1', 't2']
"""

from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING, NamedTuple

from .. import dtypes
from . import dot, labels, render
from .gradients import arrow_width, gradient_scale, is_zero, node_gradient, sum_grads
from .graph import ComputationGraph, EdgeGrad, edge_grads, tangent
from .labels import FONT, GRAD_COLOR, MUTED_COLOR, TANGENT_COLOR
from .layout import Fold, choose, layers
from .render import RenderError
from .view import MAX_NODES, Collapse, Frame, View

if TYPE_CHECKING:
    from ..ops.base import Op
    from ..tensor import Tensor

__all__ = ["build", "build_source"]

MIN_FONT = 10.0  # points: the smallest text in a drawing (shapes, arguments, notes)
TRIAL_BUDGET = 8.0  # seconds for all the layouts tried while choosing one


class _Edge(NamedTuple):
    """An edge statement, kept apart until the layout decides which way it is written."""

    tail: str
    head: str
    attributes: dict[str, object]


class _Statements:
    """The statements of a drawing as they are gathered: node lines by the cluster they stand
    in (None: top level), the keys of the nodes drawn, and the edges, which are written after
    every cluster."""

    def __init__(self) -> None:
        self.members: dict[int | None, list[str]] = {}
        self.keys: list[str] = []
        self.edges: list[_Edge] = []

    def place(self, uid: int | None, key: str, line: str) -> None:
        self.members.setdefault(uid, []).append(line)
        self.keys.append(key)

    def layers(self) -> dict[str, int]:
        """The layer of every node drawn, along the forward (and stub) edges."""
        return layers(
            self.keys,
            [
                (edge.tail, edge.head)
                for edge in self.edges
                if not str(edge.attributes.get("class", "")).startswith("grad")
            ],
        )


class _Emitter:
    """Writes the DOT text of one view, as one frame shows it."""

    def __init__(
        self,
        view: View,
        frame: Frame,
        rankdir: str | None,
        grad_scale: bool,
        show_values: bool,
        title: str | None,
        tangents: bool = False,
    ) -> None:
        self.view = view
        self.graph = view.graph
        self.frame = frame
        self.rankdir = rankdir
        self.grad_scale = grad_scale
        self.show_values = show_values
        self.title = title
        self.tangents = tangents  # draw forward mode's tangents in blue
        self.default_dtype = dtypes.get_default_dtype()
        self.tolerance, self.median = gradient_scale(self.graph)

    # -- the whole text
    def gather(self) -> _Statements:
        """Every node and edge statement, before the layout decides how edges are written."""
        statements = _Statements()
        for tensor in self.graph.tensors:
            self._tensor_node(tensor, statements)
        boxes: dict[int, list[tuple[Op, Tensor]]] = {}  # uid -> the ops it hides
        for op, out in self.graph.ops:
            box = self.view.owner.get(id(op))
            if box is not None:
                boxes.setdefault(box, []).append((op, out))
            elif self.view.is_kept(self.view.op_key(op)):
                self._op_node(op, out, statements)
        for uid, members in boxes.items():
            if self.view.is_kept(f"c{uid}"):
                self._box(uid, members, statements)
        self._stubs(statements)
        return statements

    def choose(self, statements: _Statements) -> tuple[Fold, str | None]:
        """The direction and folding that make the drawing most legible in a column (see
        ``layout``), and the SVG when it was laid out to be measured."""
        layer = statements.layers()
        depth = max(layer.values(), default=0) + 1
        counts: dict[int, int] = {}
        for value in layer.values():
            counts[value] = counts.get(value, 0) + 1
        breadth = max(counts.values(), default=1)

        deadline = time.monotonic() + TRIAL_BUDGET
        broken = False  # no renderer, or one that fails or hangs: estimate instead

        def lay_out(fold: Fold) -> str | None:
            nonlocal broken
            remaining = deadline - time.monotonic()
            if broken or remaining <= 0:
                return None
            source = self.write(statements, fold, layer)
            try:
                svg = render.render(source, timeout=min(remaining, render.TIMEOUT))
            except RenderError:
                broken = broken or fold.per_band is None  # a fold can trip the router alone
                return None
            return svg.decode("utf-8")

        return choose(depth, breadth, len(statements.keys), lay_out, MIN_FONT)

    def write(
        self, statements: _Statements, fold: Fold, layer: dict[str, int] | None = None
    ) -> str:
        """The DOT text of ``statements`` laid out with ``fold``."""
        lines = self._header(fold.rankdir)
        lines.extend(self._clusters(statements.members))
        if fold.per_band is None:
            lines.extend(
                dot.edge(edge.tail, edge.head, **edge.attributes) for edge in statements.edges
            )
        else:
            lines.extend(_folded(statements, fold, layer or statements.layers()))
        lines.append("}\n")
        return "".join(lines)

    def _header(self, rankdir: str) -> list[str]:
        graph = dot.attributes(
            rankdir=rankdir,
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
        node = dot.attributes(
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
        edge = dot.attributes(
            fontname=FONT, fontsize="11", color="#4b5563", arrowsize="0.7", penwidth="1.1"
        )
        return [
            "digraph graphgrad {\n",
            f"  graph {graph}\n",
            f"  node {node}\n",
            f"  edge {edge}\n",
        ]

    def _graph_label(self) -> str | None:
        root = self.graph.root
        legend = self.graph.has_gradients and self.show_values
        gradients_of = (root.name or "the output") if legend else None
        tangents = self.tangents and self.show_values
        return labels.graph_label(self.title, self.view.notes, gradients_of, tangents)

    # -- tensors
    def _tensor_node(self, tensor: Tensor, statements: _Statements) -> None:
        view = self.view
        if id(tensor) in view.hidden or not view.is_kept(view.tensor_key(tensor)):
            return
        grad, pending = node_gradient(self.graph, tensor, self.frame.shows)
        label = labels.tensor_label(
            tensor,
            grad,
            pending=pending,
            show_values=self.show_values,
            zero_tolerance=self.tolerance,
            default_dtype=self.default_dtype,
            tangent=tangent(tensor) if self.tangents else None,
        )
        key = view.tensor_key(tensor)
        attributes: dict[str, str] = {"id": key, "class": self._tensor_class(tensor)}
        attributes["label"] = "<" + label + ">"
        attributes.update(self._tensor_style(tensor))
        attributes["tooltip"] = labels.tensor_tooltip(
            tensor, None if pending else grad, tangent(tensor) if self.tangents else None
        )
        statements.place(view.tensor_place.get(id(tensor)), key, dot.node(key, **attributes))

    def _tensor_class(self, tensor: Tensor) -> str:
        if tensor is self.graph.root:
            return "tensor root"
        if tensor.is_leaf:
            return "tensor param" if tensor.requires_grad else "tensor const"
        return "tensor"

    def _tensor_style(self, tensor: Tensor) -> dict[str, str]:
        """The output stands out, parameters are blue, constants dashed."""
        if tensor is self.graph.root:
            return {"color": "#111827", "penwidth": "2", "fillcolor": "#fff1f1"}
        if tensor.is_leaf and tensor.requires_grad:
            return {"color": "#2563eb", "penwidth": "2", "fillcolor": "#e3edff"}
        if tensor.is_leaf:
            return {
                "color": "#c4c9d1",
                "style": "rounded,filled,dashed",
                "fillcolor": "#f6f7f9",
                "fontcolor": MUTED_COLOR,
            }
        return {}

    # -- ops
    def _op_node(self, op: Op, out: Tensor, statements: _Statements) -> None:
        view, name = self.view, self.view.op_key(op)
        current = self.frame.current == id(op)
        line = dot.node(
            name,
            id=name,
            **{"class": "op current" if current else "op"},
            label="<" + labels.op_label(op) + ">",
            shape="ellipse",
            style="filled",
            fillcolor=labels.CURRENT_FILL if current else labels.OP_FILL,
            color=labels.CURRENT_BORDER if current else labels.OP_BORDER,
            penwidth="2" if current else "1.2",
            margin="0.04,0.02",
            tooltip=labels.op_tooltip(op),
        )
        statements.place(op.scope[-1][1] if op.scope else None, name, line)
        for position, inp in enumerate(op.inputs):
            source = view.tensor_key(inp)
            if view.is_kept(source):
                edge_id = f"f_{source}_{name}_{position}"
                statements.edges.append(self._forward_edge(source, name, inp, edge_id))
        made = view.tensor_key(out)
        if view.is_kept(made):
            statements.edges.append(self._forward_edge(name, made, out, f"f_{name}_{made}"))
        grads = edge_grads(op)
        if grads is None:
            return
        shown = self.frame.shows(op)
        if not (shown or self.frame.placeholders):
            return
        fresh = id(op) in self.frame.fresh
        for position, (inp, grad) in enumerate(zip(op.inputs, grads, strict=True)):
            target = view.tensor_key(inp)
            if grad is not None and view.is_kept(target):
                edge_id = f"g_{name}_{target}_{position}"
                statements.edges.append(
                    self._red_edge(name, target, grad, fresh, not shown, edge_id)
                )

    def _forward_edge(self, tail: str, head: str, carrier: Tensor, edge_id: str) -> _Edge:
        """A forward arrow, grey; blue and labelled with the tangent of ``carrier`` (the tensor
        it carries) when forward mode ran and tangents are drawn."""
        carried = tangent(carrier) if self.tangents else None
        if carried is None:
            return _Edge(tail, head, {"id": edge_id, "class": "forward"})
        return _Edge(
            tail,
            head,
            {
                "id": edge_id,
                "class": "forward tangent",
                "color": TANGENT_COLOR,
                "fontcolor": TANGENT_COLOR,
                "penwidth": "1.3",
                "label": "<" + labels.grad_card(carried, 0.0, TANGENT_COLOR) + ">",
                "tooltip": f"tangent carried forward: {labels.plain_grad(carried)}",
            },
        )

    def _red_edge(
        self,
        op_node: str,
        input_node: str,
        grad: EdgeGrad,
        fresh: bool,
        pending: bool,
        edge_id: str,
    ) -> _Edge:
        """The gradient flowing from ``op_node`` back to ``input_node``, as a red arrow.

        Written ``input -> op`` with ``dir=back``: the arrow is drawn from the op back to the
        input, while for the layout it runs parallel to the forward edge (no cycle for dot to
        break), so its label gets its own place between the two ranks. A pending gradient is an
        invisible arrow that keeps its label's room (the player's layout does not move).
        """
        label = "<" + labels.grad_card(grad, self.tolerance) + ">"
        if pending:
            return _Edge(
                input_node,
                op_node,
                {
                    "id": edge_id,
                    "class": "grad pending",
                    "dir": "back",
                    "style": "invis",
                    "label": label,
                },
            )
        zero = is_zero(grad, self.tolerance)
        width = arrow_width(grad, self.median if self.grad_scale else None, fresh, zero)
        kind = "grad" + (" zero" if zero else "") + (" fresh" if fresh else "")
        return _Edge(
            input_node,
            op_node,
            {
                "id": edge_id,
                "class": kind,
                "dir": "back",
                "color": "red",
                "fontcolor": GRAD_COLOR,
                "penwidth": f"{width:.2f}",
                "arrowsize": "0.7" if not fresh else "0.9",
                "style": "dashed" if zero else None,
                "label": label,
                "tooltip": f"gradient flowing back: {labels.plain_grad(grad)}",
            },
        )

    # -- collapsed boxes
    def _box(self, uid: int, members: list[tuple[Op, Tensor]], statements: _Statements) -> None:
        view, name = self.view, f"c{uid}"
        label, kind, parent = self.graph.clusters[uid]
        fill, border = labels.cluster_style(kind)
        current = self.frame.current == uid
        line = dot.node(
            name,
            id=name,
            **{"class": "box current" if current else "box"},
            label="<" + labels.box_label(label, kind, len(members)) + ">",
            shape="box",
            style="rounded,filled",
            fillcolor=labels.CURRENT_FILL if current else fill,
            color=labels.CURRENT_BORDER if current else border,
            penwidth="2",
            peripheries="2",
            tooltip=f"{label} ({kind}), collapsed: {len(members)} ops",
        )
        statements.place(parent, name, line)
        inputs, flowed = self._box_inputs(members)
        for inp in inputs:
            source = view.tensor_key(inp)
            if view.is_kept(source):
                statements.edges.append(self._forward_edge(source, name, inp, f"f_{source}_{name}"))
        for _, out in members:
            made = view.tensor_key(out)
            if id(out) not in view.hidden and view.is_kept(made):
                statements.edges.append(self._forward_edge(name, made, out, f"f_{name}_{made}"))
        self._box_red_edges(name, members, inputs, flowed, statements)

    def _box_inputs(
        self, members: list[tuple[Op, Tensor]]
    ) -> tuple[list[Tensor], dict[int, list[EdgeGrad]]]:
        """The tensors flowing into a box from outside, and the gradients it sent each one."""
        inputs: list[Tensor] = []
        flowed: dict[int, list[EdgeGrad]] = {}
        for op, _ in members:
            grads = edge_grads(op)
            for position, inp in enumerate(op.inputs):
                if id(inp) in self.view.hidden:  # made (or a constant used only) inside the box
                    continue
                if id(inp) not in flowed:
                    inputs.append(inp)
                    flowed[id(inp)] = []
                grad = grads[position] if grads is not None else None
                if grad is not None:
                    flowed[id(inp)].append(grad)
        return inputs, flowed

    def _box_red_edges(
        self,
        name: str,
        members: list[tuple[Op, Tensor]],
        inputs: list[Tensor],
        flowed: dict[int, list[EdgeGrad]],
        statements: _Statements,
    ) -> None:
        """One red arrow per input of the box, carrying the sum of what its ops sent."""
        arrived = all(self.frame.shows(op) for op, _ in members)
        if not (arrived or self.frame.placeholders):
            return
        fresh = any(id(op) in self.frame.fresh for op, _ in members)
        for inp in inputs:
            target = self.view.tensor_key(inp)
            if flowed[id(inp)] and self.view.is_kept(target):
                grad = sum_grads(flowed[id(inp)])
                statements.edges.append(
                    self._red_edge(name, target, grad, fresh, not arrived, f"g_{name}_{target}")
                )

    def _stubs(self, statements: _Statements) -> None:
        """A '⋯ N more' note on each kept node whose inputs were cut away."""
        for key, count in self.view.stubs.items():
            stub = f"more_{key}"
            statements.place(
                None,
                stub,
                dot.node(
                    stub,
                    id=stub,
                    **{"class": "stub"},
                    label=f"⋯ {count} more",
                    shape="plaintext",
                    style="",
                    fontcolor=MUTED_COLOR,
                ),
            )
            statements.edges.append(
                _Edge(
                    stub,
                    key,
                    {"id": f"s_{key}", "class": "stub", "style": "dotted", "color": MUTED_COLOR},
                )
            )

    # -- clusters
    def _clusters(self, members: dict[int | None, list[str]]) -> list[str]:
        children: dict[int | None, list[int]] = {}
        for uid, cluster in self.graph.clusters.items():
            children.setdefault(cluster.parent, []).append(uid)
        out = list(members.get(None, []))
        for uid in children.get(None, []):
            if uid not in self.view.collapsed:
                out.extend(self._cluster(uid, 0, children, members))
        return out

    def _cluster(
        self,
        uid: int,
        depth: int,
        children: dict[int | None, list[int]],
        members: dict[int | None, list[str]],
    ) -> list[str]:
        """The subgraph of one open cluster, the clusters inside it nested (empty: nothing)."""
        inner = []
        for child in children.get(uid, []):
            if child not in self.view.collapsed:
                inner.extend(self._cluster(child, depth + 1, children, members))
        body = members.get(uid, [])
        if not body and not inner:
            return []
        label, kind, _ = self.graph.clusters[uid]
        fill, border = labels.cluster_style(kind, depth)
        style = dot.attributes(
            id=f"k{uid}",
            **{"class": kind},
            label="<" + labels.cluster_heading(label, kind) + ">",
            style="rounded,filled",
            fillcolor=fill,
            color=border,
            fontsize="11",
            labeljust="l",
            margin="10",
        )
        indent = "  " * (depth + 1)
        lines = [f"{indent}subgraph cluster_{uid} {{\n", f"{indent}  graph {style}\n"]
        lines.extend(indent + line for line in body)
        lines.extend(inner)
        lines.append(f"{indent}}}\n")
        return lines


def _folded(statements: _Statements, fold: Fold, layer: dict[str, int]) -> list[str]:
    """The edges written for a folded layout, and the rank groups that make the bands: an
    edge of a band that runs backwards is written head to tail (its ``dir`` flipped, so the
    arrow still points the same way), an edge between bands does not constrain the ranks, the
    nodes at one position of every band share a rank, and invisible edges keep the bands in
    order."""
    place = {key: fold.place(value) for key, value in layer.items()}
    lines = []
    for edge in statements.edges:
        tail, head, attributes = edge.tail, edge.head, dict(edge.attributes)
        tail_band, head_band = place[tail][0], place[head][0]
        if tail_band != head_band:
            attributes["constraint"] = "false"
        elif fold.reversed_band(tail_band):
            tail, head = head, tail
            attributes["dir"] = "forward" if attributes.get("dir") == "back" else "back"
        lines.append(dot.edge(tail, head, **attributes))
    positions: dict[int, dict[int, list[str]]] = {}
    for key in statements.keys:
        band, position = place[key]
        positions.setdefault(position, {}).setdefault(band, []).append(key)
    for position in sorted(positions):
        bands = positions[position]
        members = [key for band in sorted(bands) for key in bands[band]]
        lines.append("  {rank=same; " + "; ".join(members) + "}\n")
        order = sorted(bands)
        for upper, lower in itertools.pairwise(order):
            lines.append(dot.edge(bands[upper][-1], bands[lower][0], style="invis"))
    return lines


def build_source(
    root: Tensor,
    collapse: Collapse = None,
    rankdir: str | None = "LR",
    grad_scale: bool = False,
    show_values: bool = True,
    max_nodes: int | None = MAX_NODES,
    title: str | None = None,
    frame: Frame | None = None,
    graph: ComputationGraph | None = None,
    tangents: bool | None = False,
) -> tuple[str, View]:
    """The DOT text for ``root``'s graph, and the view it was drawn from (its ``notes`` say
    what was collapsed or cut). ``graph`` reuses a graph already walked (the player's frames);
    ``tangents`` draws forward mode's tangents in blue (None: if any tensor has one);
    ``rankdir=None`` chooses the direction and folding (see ``layout``).

    >>> from autograd import Tensor
    >>> x = Tensor([1.0, 2.0], requires_grad=True, name="x")
    >>> source, view = build_source((x * 2.0).sum(), rankdir="TB")
    >>> 'rankdir="TB"' in source, view.notes
    (True, [])
    """
    source, view, _, _ = build(
        root, collapse, rankdir, grad_scale, show_values, max_nodes, title, frame, graph, tangents
    )
    return source, view


def build(
    root: Tensor,
    collapse: Collapse = None,
    rankdir: str | None = None,
    grad_scale: bool = False,
    show_values: bool = True,
    max_nodes: int | None = MAX_NODES,
    title: str | None = None,
    frame: Frame | None = None,
    graph: ComputationGraph | None = None,
    tangents: bool | None = False,
) -> tuple[str, View, str | None, str | None]:
    """As ``build_source``, and the SVG of the drawing when choosing its layout (``rankdir``
    None) laid it out already (else None), so that it is not laid out twice; and, for a fold
    chosen without being laid out (a big graph, no renderer), the unfolded DOT text to draw
    instead should the fold trip the renderer (else None).

    >>> from autograd import Tensor
    >>> x = Tensor([1.0, 2.0], requires_grad=True, name="x")
    >>> source, view, svg, fallback = build((x * 2.0).sum())
    >>> "<svg" in svg, fallback
    (True, None)
    """
    graph = graph if graph is not None else ComputationGraph(root)
    view = View(graph, collapse, max_nodes)
    shown = graph.has_tangents if tangents is None else tangents
    emitter = _Emitter(view, frame or Frame(), rankdir, grad_scale, show_values, title, shown)
    statements = emitter.gather()
    if rankdir is not None:
        return emitter.write(statements, Fold(rankdir)), view, None, None
    fold, svg = emitter.choose(statements)
    fallback = None
    if svg is None and fold.per_band is not None:  # chosen unseen: keep a plain layout too
        fallback = emitter.write(statements, Fold(fold.rankdir))
    return emitter.write(statements, fold), view, svg, fallback
