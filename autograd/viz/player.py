"""The backward pass, step by step: one step per node, in the order the reverse pass visits it.

The graph is laid out ONCE, with the whole backward pass drawn (as ``draw`` draws it); each
step is a state of that one drawing, not another picture. Step 0 shows the forward graph and
the seed gradient at the output; each following step runs one more op's backward: its red
arrows appear (thicker while they are new), the op is highlighted, and a tensor's gradient
appears once every arrow into it has arrived. The caption narrates the chain rule with the
op's declared ``rule`` and the numbers that flowed (``autograd.viz.narrate``):
``mul: ∂L/∂a = ∂L/∂out · b = 0.25 · 3 = 0.75``, and ``a.grad = 4 + (−6) = −2`` where
gradients add up.

``Player.save("steps.html")`` writes one self-contained page (the SVG, a slider, buttons,
inline script and style, no network). The graph fills the window; zoom with the wheel, a pinch,
the ``+``/``−`` keys or buttons, drag to pan, ``0`` fits it; ``←``/``→``, space, Home and End
step through; the view follows the current node, and every value and gradient shows in full
precision on hover. The page honours ``#step=3`` (open at step 3) and ``#play`` in its URL.
In Jupyter (``_repr_html_``) the same player sits inline in the output cell: its element ids
are unique to the instance, its keys work once it is clicked, and without scripts (an untrusted
notebook) it shows the whole backward pass as a still drawing.
"""

from __future__ import annotations

import html
import json
import os
import re
import uuid
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from . import narrate
from .emit import build_source
from .gradients import node_gradient, sum_grads
from .graph import ComputationGraph, EdgeGrad, backward_order, edge_grads
from .labels import arguments_text, shape_text
from .render import Drawing, RenderError
from .view import MAX_NODES, Collapse, Frame, View

if TYPE_CHECKING:
    from ..ops.base import Op
    from ..tensor import Tensor

__all__ = ["Player", "Step", "backward_steps", "player"]

MAX_FRAMES = 5000  # more steps than this are grouped, several ops per step
TIP_ENTRIES = 64  # a tooltip prints at most this many entries of a tensor in full precision


class Step(NamedTuple):
    """One step of the backward pass: its caption (lines joined by newlines), the node it
    highlights (``id(op)``, the uid of a collapsed cluster, or None) and the ops that ran.

    >>> Step("Start", None, []).caption
    'Start'
    """

    caption: str
    current: int | None
    ops: list[Op]


class _Run(NamedTuple):
    """What the page needs of a step: its caption lines and the DOM key of its node."""

    lines: list[str]
    key: str | None


class Player:
    """The backward pass of ``root``'s graph, one layout and a sequence of states of it.

    >>> from autograd import Tensor
    >>> x = Tensor(2.0, requires_grad=True, name="x")
    >>> loss = (x * 3.0).exp()
    >>> loss.backward()
    >>> steps = Player(loss)
    >>> len(steps), steps.steps[1].caption.split(" = ")[:2]
    (3, ['exp: ∂L/∂a', '∂L/∂out · out'])
    >>> steps.save("backward.html").read_text(encoding="utf-8").count("<svg")  # one drawing
    1
    """

    def __init__(
        self,
        root: Tensor,
        collapse: Collapse = None,
        rankdir: str | None = None,
        *,
        grad_scale: bool = False,
        max_nodes: int | None = MAX_NODES,
        max_frames: int = MAX_FRAMES,
        title: str | None = None,
    ) -> None:
        self.root = root
        self.graph = ComputationGraph(root)
        if not self.graph.has_gradients:
            raise RuntimeError(
                "player: this graph has no gradients yet; call backward() on it first (e.g. "
                "loss.backward(); player(loss)). viz.draw(root) draws the forward graph alone."
            )
        self.options: dict[str, Any] = {
            "collapse": collapse,
            "rankdir": rankdir,
            "grad_scale": grad_scale,
            "max_nodes": max_nodes,
            "title": title,
        }
        self.view = View(self.graph, collapse, max_nodes)
        self.loss = str(root.name) if root.name else "L"
        steps, runs, self._done = _Narrator(self).steps()
        self.steps, self._runs = _grouped(steps, runs, max_frames)
        self._drawing: Drawing | None = None

    def __len__(self) -> int:
        """The number of steps (the start, then one per op or collapsed cluster)."""
        return len(self.steps)

    # ------------------------------------------------------------------ single frames
    def _frame(self, position: int) -> Frame:
        arrived = {id(op) for _, _, ops in self.steps[: position + 1] for op in ops}
        caption, current, ops = self.steps[position]
        return Frame(
            arrived=arrived,
            current=current,
            fresh={id(op) for op in ops},
            placeholders=True,
            caption=f"Step {position} of {len(self.steps) - 1}. {caption}",
        )

    def frame(self, position: int) -> Drawing:
        """The drawing after ``position`` steps, on its own (a picture for a static page; the
        player itself lays the graph out once and restyles it).

        >>> from autograd import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> loss = x * x
        >>> loss.backward()
        >>> Player(loss).frame(1).caption.splitlines()[0]
        'Step 1 of 1. mul: ∂L/∂a = ∂L/∂out · b = 1 · 2 = 2'
        """
        frame = self._frame(position)
        source, view = build_source(self.root, frame=frame, graph=self.graph, **self.options)
        return Drawing(source, notes=view.notes, caption=frame.caption)

    def frames(self) -> Iterator[Drawing]:
        """Yield the drawing after each step, in order (step 0 first), each on its own.

        >>> from autograd import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> loss = x * x
        >>> loss.backward()
        >>> [drawing.caption[:6] for drawing in Player(loss).frames()]
        ['Step 0', 'Step 1']
        """
        for position in range(len(self.steps)):
            yield self.frame(position)

    # ------------------------------------------------------------------ the one layout
    def drawing(self) -> Drawing:
        """The one drawing every step restyles: the graph with the whole backward pass.

        >>> from autograd import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> loss = x * x
        >>> loss.backward()
        >>> Player(loss).drawing().source.count('class="grad')
        2
        """
        if self._drawing is None:
            source, view = build_source(self.root, frame=Frame(), graph=self.graph, **self.options)
            drawing = Drawing(source, notes=view.notes)
            if self.options["rankdir"] is None:
                try:
                    drawing.svg()
                except RenderError:  # a folded layout can trip the router: draw it unfolded
                    options = {**self.options, "rankdir": "LR"}
                    source, view = build_source(
                        self.root, frame=Frame(), graph=self.graph, **options
                    )
                    drawing = Drawing(source, notes=view.notes)
            self._drawing = drawing
        return self._drawing

    def svg(self) -> str:
        """The SVG of the one layout (laid out once, then cached).

        >>> from autograd import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> loss = x * x
        >>> loss.backward()
        >>> Player(loss).svg().count("<svg")
        1
        """
        return self.drawing().svg()

    def data(self) -> dict[str, Any]:
        """What the page's script reads: each step's caption lines and highlighted node, the
        step at which each node's gradients arrive, and the tooltips.

        >>> from autograd import Tensor
        >>> x = Tensor(2.0, requires_grad=True, name="x")
        >>> loss = x * x
        >>> loss.backward()
        >>> data = Player(loss).data()
        >>> data["run"], data["steps"][1]["key"], data["done"]
        ({'o1': 1}, 'o1', {'t1': 0, 't0': 1})
        """
        run: dict[str, int] = {}
        for position, (_, _, ops) in enumerate(self.steps):
            for op in ops:
                run.setdefault(self.view.op_key(op), position)
        return {
            "steps": [{"lines": lines, "key": key} for lines, key in self._runs],
            "run": run,
            "root": self.view.tensor_key(self.root),
            "done": {key: step for key, step in self._done.items() if self.view.is_kept(key)},
            "tips": _Tips(self).all(),
            "notes": self.drawing().notes,
        }

    # ------------------------------------------------------------------ HTML
    def fragment(self, uid: str | None = None, standalone: bool = False) -> str:
        """The player as one HTML element with its style and script (ids prefixed by
        ``uid``, random if None): what ``html`` puts in a page and Jupyter in a cell.

        >>> from autograd import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> loss = x * x
        >>> loss.backward()
        >>> Player(loss).fragment("p1").count('id="p1-o1"')
        1
        """
        uid = uid or "gg" + uuid.uuid4().hex[:10]
        data = json.dumps(self.data(), ensure_ascii=False, separators=(",", ":"))
        data = data.replace("</", "<\\/")  # never closes the script element it sits in
        title = self.options.get("title")
        last = len(self.steps) - 1
        first = self._runs[0].lines
        return _FRAGMENT.format(
            uid=uid,
            standalone="1" if standalone else "0",
            style=_asset("player.css"),
            script=_asset("player.js"),
            heading=f'<div class="gg-title">{html.escape(title)}</div>' if title else "",
            last=last,
            caption="".join(f"<div>{html.escape(line)}</div>" for line in first),
            svg=_inline(self.svg(), uid),
            data=data,
        )

    def html(self) -> str:
        """One self-contained HTML page: the graph, the caption, a slider and buttons.

        >>> from autograd import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> loss = x * x
        >>> loss.backward()
        >>> page = Player(loss).html()
        >>> page.startswith("<!DOCTYPE html>"), 'type="range"' in page, "<script src" in page
        (True, True, False)
        """
        title = self.options.get("title") or "graphgrad: the backward pass, step by step"
        return _PAGE.format(title=html.escape(title), body=self.fragment("gg", standalone=True))

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the player as one ``.html`` file; returns the path.

        >>> from autograd import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> loss = x * x
        >>> loss.backward()
        >>> Player(loss).save("square.html").stat().st_size > 1000
        True
        """
        path = Path(path)
        if path.suffix.lower() not in (".html", ".htm"):
            raise ValueError(
                f"save: the player is an HTML page; use a name ending in .html, got {str(path)!r}"
            )
        path.write_text(self.html(), encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        """The player inline in a Jupyter output cell (ids unique to this output)."""
        return self.fragment()

    def __repr__(self) -> str:
        return f"<Player: {len(self.steps)} steps>"


class _Narrator:
    """Walks the reverse pass once: the steps, their narrated captions, and the step at which
    each tensor's gradient is complete."""

    def __init__(self, player: Player) -> None:
        self.player = player
        self.graph = player.graph
        self.view = player.view
        self.arrived: dict[int, list[EdgeGrad]] = {}  # id(tensor) -> gradients so far
        self.waiting = {  # id(tensor) -> how many of its users still have to send one
            key: sum(1 for op, position in uses if _sent(op, position))
            for key, uses in self.graph.consumers.items()
        }
        self.done: dict[str, int] = {}  # tensor key -> the step that completes its gradient

    def steps(self) -> tuple[list[Step], list[_Run], dict[str, int]]:
        root = self.player.root
        steps = [Step(narrate.seed(root, self.player.loss), None, [])]
        runs = [_Run([steps[0].caption], None)]
        self.done[self.view.tensor_key(root)] = 0
        pending: dict[int, set[int]] = {}  # collapsed cluster uid -> its ops not yet run
        for op, _ in self.graph.ops:
            box = self.view.owner.get(id(op))
            if box is not None:
                pending.setdefault(box, set()).add(id(op))
        waiting: dict[int, tuple[list[Op], list[str], list[Tensor]]] = {}
        for op, out in backward_order(root):
            if edge_grads(op) is None:
                continue
            lines = narrate.narrate(op, out, self._grad_at(out), self.player.loss)
            completed = self._arrive(op)
            box = self.view.owner.get(id(op))
            if box is None:
                steps.append(Step("\n".join(lines), id(op), [op]))
                runs.append(
                    _Run(lines + self._sums(completed, len(steps) - 1), self.view.op_key(op))
                )
                continue
            ops, said, finished = waiting.setdefault(box, ([], [], []))
            ops.append(op)
            said.extend(lines)
            finished.extend(completed)
            pending[box].discard(id(op))
            if not pending[box]:
                steps.append(self._box_step(box, *waiting.pop(box), runs, len(steps)))
        return steps, runs, self.done

    def _box_step(
        self,
        box: int,
        ops: list[Op],
        said: list[str],
        finished: list[Tensor],
        runs: list[_Run],
        at: int,
    ) -> Step:
        label, kind, _ = self.graph.clusters[box]
        count = f"{len(ops)} op{'s' if len(ops) != 1 else ''}"
        head = f"backward through {label} ({kind}, {count}, collapsed):"
        shown = said[: narrate.MAX_LINES]
        if len(said) > len(shown):
            shown.append(f"… and {len(said) - len(shown)} more lines")
        runs.append(_Run([head, *shown, *self._sums(finished, at)], f"c{box}"))
        return Step("\n".join([head, *shown]), box, ops)

    def _grad_at(self, out: Tensor) -> EdgeGrad | None:
        """The gradient that arrived at an op's output: the seed, or what its users sent."""
        if out is self.graph.root:
            if out.size == 1:
                return np.ones(out.shape, dtype=out.dtype)
            return out.grad
        arrived = self.arrived.get(id(out))
        return sum_grads(arrived) if arrived else None

    def _arrive(self, op: Op) -> list[Tensor]:
        """Record what ``op`` sent; the tensors whose gradient is now complete."""
        completed = []
        grads = edge_grads(op) or ()
        for inp, grad in zip(op.inputs, grads, strict=False):
            if grad is None:
                continue
            self.arrived.setdefault(id(inp), []).append(grad)
            self.waiting[id(inp)] -= 1
            if self.waiting[id(inp)] == 0:
                completed.append(inp)
        return completed

    def _sums(self, completed: list[Tensor], step: int) -> list[str]:
        """The lines for the tensors completed at ``step``: sums where gradients added up,
        and the final ``.grad`` of leaves."""
        lines = []
        for tensor in completed:
            self.done[self.view.tensor_key(tensor)] = step
            if id(tensor) in self.view.hidden:
                continue
            parts = self.arrived[id(tensor)]
            if len(parts) < 2 and not (tensor.is_leaf and tensor.requires_grad):
                continue
            made_by = tensor.grad_fn.name if tensor.grad_fn is not None else None
            total = tensor.grad if tensor.is_leaf and tensor.grad is not None else _total(parts)
            title = narrate.tensor_title(tensor, made_by, self.player.loss)
            lines.append(narrate.accumulation(title, parts, total))
        return lines


def _sent(op: Op, position: int) -> bool:
    grads = edge_grads(op)
    return grads is not None and grads[position] is not None


def _total(parts: list[EdgeGrad]) -> EdgeGrad | None:
    total = sum_grads(parts)
    return total if isinstance(total, np.ndarray) or len(parts) == 1 else None


class _Tips:
    """The tooltip of every drawn node and red arrow: values and gradients in full precision,
    with shape and dtype."""

    def __init__(self, player: Player) -> None:
        self.player = player
        self.graph = player.graph
        self.view = player.view

    def all(self) -> dict[str, str]:
        tips: dict[str, str] = {}
        for tensor in self.graph.tensors:
            key = self.view.tensor_key(tensor)
            if id(tensor) not in self.view.hidden and self.view.is_kept(key):
                tips[key] = self.tensor(tensor)
        for op, _ in self.graph.ops:
            key = self.view.op_key(op)
            if not self.view.is_kept(key):
                continue
            if key.startswith("o"):
                tips[key] = self.op(op)
            grads = edge_grads(op) or ()
            for position, (inp, grad) in enumerate(zip(op.inputs, grads, strict=False)):
                target = self.view.tensor_key(inp)
                if grad is not None and key.startswith("o") and self.view.is_kept(target):
                    tips[f"g_{key}_{target}_{position}"] = self.edge(op, inp, grad)
        return tips

    def tensor(self, tensor: Tensor) -> str:
        kind = (
            "output of " + tensor.grad_fn.name
            if tensor.grad_fn is not None
            else "leaf (requires grad)"
            if tensor.requires_grad
            else "constant"
        )
        lines = [
            f"{tensor.name + ': ' if tensor.name else ''}{kind}",
            f"shape {shape_text(tuple(tensor.shape))} {tuple(tensor.shape)}, {tensor.dtype}",
            "value " + narrate.exact_text(tensor.data, TIP_ENTRIES),
        ]
        grad, _ = node_gradient(self.graph, tensor, lambda op: True)
        if grad is None and tensor.grad is not None:
            grad = tensor.grad
        if grad is None and len(self.graph.consumers.get(id(tensor), ())) == 1:
            (op, position), *_ = self.graph.consumers[id(tensor)]
            grads = edge_grads(op)
            grad = grads[position] if grads is not None else None
        if grad is not None:
            lines.append(f"gradient ∂{self.player.loss}/∂ " + narrate.exact_text(grad, TIP_ENTRIES))
        return "\n".join(lines)

    def op(self, op: Op) -> str:
        lines = [op.name + (f" ({arguments_text(op.arguments())})" if op.arguments() else "")]
        rule = getattr(op, "rule", None)
        lines.append(f"rule: {rule}" if rule else "rule: not declared")
        names = narrate.parameter_names(op)
        for position, inp in enumerate(op.inputs):
            name = names[position] if position < len(names) else f"input {position + 1}"
            called = f" = {inp.name}" if inp.name else ""
            lines.append(f"{name}{called}: {shape_text(tuple(inp.shape))}, {inp.dtype}")
        return "\n".join(lines)

    def edge(self, op: Op, inp: Tensor, grad: EdgeGrad) -> str:
        shape = tuple(grad.shape)
        dtype = grad.dtype
        target = f" ({inp.name})" if inp.name else ""
        return (
            f"gradient {op.name} sent back to its input{target}: {shape_text(shape)}, {dtype}\n"
            + narrate.exact_text(grad, TIP_ENTRIES)
        )


def _grouped(steps: list[Step], runs: list[_Run], max_frames: int) -> tuple[list[Step], list[_Run]]:
    """Consecutive steps grouped, so that there are at most ``max_frames`` of them."""
    last = len(steps) - 1
    if last <= max_frames - 1:
        return steps, runs
    group = -(-last // (max_frames - 1))
    grouped, grouped_runs = [steps[0]], [runs[0]]
    for start in range(1, len(steps), group):
        chunk, chunk_runs = steps[start : start + group], runs[start : start + group]
        lines = [line for run in chunk_runs for line in run.lines]
        shown = lines[: narrate.MAX_LINES]
        if len(lines) > len(shown):
            shown.append(f"… and {len(lines) - len(shown)} more lines ({len(chunk)} ops)")
        ops = [op for step in chunk for op in step.ops]
        grouped.append(Step("\n".join(shown), chunk[-1].current, ops))
        grouped_runs.append(_Run(shown, chunk_runs[-1].key))
    return grouped, grouped_runs


_ASSETS: dict[str, str] = {}


def _asset(name: str) -> str:
    """A file shipped beside this module (the page's script and style), read once."""
    if name not in _ASSETS:
        _ASSETS[name] = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return _ASSETS[name]


_STRIP = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->|<title>.*?</title>", re.S)


def _inline(svg: str, uid: str) -> str:
    """The SVG made fit to sit inside HTML: no prolog, comments or native tooltips (the page
    shows its own), ids prefixed with ``uid`` so that several players share a page."""
    svg = _STRIP.sub("", svg)
    svg = re.sub(r'\sxlink:title="[^"]*"', "", svg)
    svg = re.sub(r'<svg width="[^"]*" height="[^"]*"', "<svg", svg, count=1)
    svg = re.sub(r'\bid="', f'id="{uid}-', svg)
    svg = svg.replace('href="#', f'href="#{uid}-').replace("url(#", f"url(#{uid}-")
    return re.sub(r"\n+", "\n", svg).strip()


def player(
    root: Tensor, collapse: Collapse = None, rankdir: str | None = None, **options: Any
) -> Player:
    """The backward pass of ``root`` step by step; see ``Player``. Call ``backward()`` first.

    >>> from autograd import Tensor
    >>> x = Tensor([1.0, -2.0], requires_grad=True, name="x")
    >>> loss = (x * x).sum()
    >>> loss.backward()
    >>> steps = player(loss)
    >>> len(steps), steps.save("steps.html").suffix
    (3, '.html')
    >>> print(steps.steps[2].caption)
    mul (a = x, b = x): ∂L/∂a = ∂L/∂out · b = [1, 1] · [1, −2] = [1, −2]
    mul (a = x, b = x): ∂L/∂b = ∂L/∂out · a = [1, 1] · [1, −2] = [1, −2]
    """
    return Player(root, collapse=collapse, rankdir=rankdir, **options)


def backward_steps(
    root: Tensor, collapse: Collapse = None, rankdir: str | None = None, **options: Any
) -> Iterator[Drawing]:
    """Yield a ``Drawing`` after each step of the backward pass (frame 0: before the first).

    >>> from autograd import Tensor
    >>> x = Tensor(2.0, requires_grad=True)
    >>> loss = x * 3.0 + 1.0
    >>> loss.backward()
    >>> [drawing.source.count('color="red"') for drawing in backward_steps(loss)]
    [0, 1, 2]
    """
    yield from Player(root, collapse=collapse, rankdir=rankdir, **options).frames()


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>html, body {{ margin: 0; height: 100%; }}</style>
</head>
<body>
{body}
</body>
</html>
"""

_FRAGMENT = """<div class="gg-player" id="{uid}" data-standalone="{standalone}" data-step="0" \
tabindex="0">
<style>{style}</style>
<div class="gg-bar">{heading}
<button type="button" class="gg-prev" title="previous step (←)">&#9664;</button>
<button type="button" class="gg-play" title="play / pause (space)">&#9654; play</button>
<button type="button" class="gg-next" title="next step (→)">&#9654;</button>
<input class="gg-slider" type="range" min="0" max="{last}" value="0" step="1" \
aria-label="step of the backward pass">
<span class="gg-counter">step 0 of {last}</span>
<span class="gg-zoom">
<button type="button" class="gg-zoomout" title="zoom out (−)">&minus;</button>
<button type="button" class="gg-fit" title="fit to the window (0)">fit</button>
<button type="button" class="gg-zoomin" title="zoom in (+)">+</button>
</span>
</div>
<div class="gg-caption" aria-live="polite">{caption}</div>
<div class="gg-stage">
{svg}
<div class="gg-static">A still drawing of the whole backward pass: the step player needs \
JavaScript (in Jupyter, a trusted notebook: run the cell).</div>
<div class="gg-tip" hidden></div>
</div>
<pre class="gg-errors"></pre>
<script type="application/json" class="gg-data">{data}</script>
</div>
<script>{script}
(function () {{
  var tries = 0;  // a notebook may insert the output a moment after running its script
  function go() {{
    var root = document.getElementById("{uid}");
    if (root) {{ window.graphgradPlayer(root); }} else if (tries++ < 100) {{ setTimeout(go, 50); }}
  }}
  go();
}})();
</script>
"""
