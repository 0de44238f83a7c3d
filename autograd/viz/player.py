"""The backward pass, step by step: one frame per node, in the order the reverse pass visits it.

Frame 0 is the forward graph with the seed gradient (1) at the output. Each following frame runs
one more op's backward: its red arrows appear (drawn thicker while they are new), the op is
highlighted, and a tensor's gradient appears once every arrow into it has arrived. Every frame
is laid out with room kept for the gradients still to come, so nothing moves between frames.

``Player.save("steps.html")`` writes one self-contained HTML file (inline SVG frames, a slider,
previous/next/play buttons, plain JavaScript, no network). The file honours ``#step=3`` in its
URL (open at frame 3) and ``#play``.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .emit import build_source
from .graph import ComputationGraph, backward_order, edge_grads
from .render import Drawing
from .view import MAX_NODES, Collapse, Frame, View

if TYPE_CHECKING:
    from ..ops.base import Op
    from ..tensor import Tensor

__all__ = ["Player", "Step", "backward_steps", "player"]

MAX_FRAMES = 150  # more steps than this are grouped, several ops per frame


class Step(NamedTuple):
    """One step of the backward pass: what it says, what is highlighted, which ops ran.

    >>> Step("Start", None, []).caption
    'Start'
    """

    caption: str
    current: int | None  # id(op), or the uid of a collapsed cluster
    ops: list[Op]


class Player:
    """The backward pass of ``root``'s graph as a sequence of drawings.

    >>> from autograd import Tensor
    >>> x = Tensor(2.0, requires_grad=True, name="x")
    >>> loss = (x * 3.0).exp()
    >>> loss.backward()
    >>> steps = Player(loss)
    >>> len(steps), steps.steps[1].caption
    (3, 'backward through exp: gradient sent to 1 input')
    >>> [drawing.source.count('color="red"') for drawing in steps.frames()]
    [0, 1, 2]
    >>> steps.save("backward.html").read_text().count("<svg")  # open it in any browser
    3
    """

    def __init__(
        self,
        root: Tensor,
        collapse: Collapse = None,
        rankdir: str = "LR",
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
        steps = self._steps(View(self.graph, collapse))
        self.steps = _grouped(steps, max_frames)
        self._svgs: list[str] | None = None
        self._captions: list[str] = []

    def _steps(self, view: View) -> list[Step]:
        """One step per op in reverse-pass order; a collapsed cluster is one step, taken when
        the last of its ops has run."""
        root_name = self.root.name or "the output"
        steps = [Step(f"Start: the gradient of {root_name} with respect to itself is 1", None, [])]
        pending: dict[int, set[int]] = {}  # collapsed cluster uid -> ops of it not yet run
        for op, _ in self.graph.ops:
            box = view.owner.get(id(op))
            if box is not None:
                pending.setdefault(box, set()).add(id(op))
        waiting: dict[int, list[Op]] = {}
        for op, _ in backward_order(self.root):
            grads = edge_grads(op)
            if grads is None:
                continue
            box = view.owner.get(id(op))
            if box is None:
                count = sum(grad is not None for grad in grads)
                caption = (
                    f"backward through {op.name}: gradient sent to {count} "
                    f"input{'s' if count != 1 else ''}"
                )
                steps.append(Step(caption, id(op), [op]))
                continue
            waiting.setdefault(box, []).append(op)
            pending[box].discard(id(op))
            if not pending[box]:
                label = self.graph.clusters[box].label
                caption = f"backward through {label} ({len(waiting[box])} ops, collapsed)"
                steps.append(Step(caption, box, waiting.pop(box)))
        return steps

    def __len__(self) -> int:
        """The number of frames (the start, then one per step)."""
        return len(self.steps)

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
        """The drawing after ``position`` steps of the backward pass (0: before the first).

        >>> from autograd import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> loss = x * x
        >>> loss.backward()
        >>> Player(loss).frame(1).caption
        'Step 1 of 1. backward through mul: gradient sent to 2 inputs'
        """
        frame = self._frame(position)
        source, view = build_source(self.root, frame=frame, graph=self.graph, **self.options)
        return Drawing(source, notes=view.notes, caption=frame.caption)

    def frames(self) -> Iterator[Drawing]:
        """Yield the drawing after each step, in order (frame 0 first).

        >>> from autograd import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> loss = x * x
        >>> loss.backward()
        >>> [drawing.caption[:6] for drawing in Player(loss).frames()]
        ['Step 0', 'Step 1']
        """
        for position in range(len(self.steps)):
            yield self.frame(position)

    # ------------------------------------------------------------------ HTML
    def svgs(self) -> list[str]:
        """Every frame rendered to SVG (laid out in parallel, then cached).

        >>> from autograd import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> loss = x * x
        >>> loss.backward()
        >>> [svg.count("<svg") for svg in Player(loss).svgs()]
        [1, 1]
        """
        if self._svgs is None:
            drawings = list(self.frames())
            workers = max(1, min(8, os.cpu_count() or 1, len(drawings)))
            with ThreadPoolExecutor(workers) as pool:
                self._svgs = list(pool.map(lambda drawing: drawing.svg(), drawings))
            self._captions = [drawing.caption or "" for drawing in drawings]
        return self._svgs

    def html(self) -> str:
        """One self-contained HTML page: the frames, a slider and buttons.

        >>> from autograd import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> loss = x * x
        >>> loss.backward()
        >>> page = Player(loss).html()
        >>> page.startswith("<!DOCTYPE html>"), 'type="range"' in page, "<script src" in page
        (True, True, False)
        """
        svgs = self.svgs()
        frames = []
        for position, (svg, caption) in enumerate(zip(svgs, self._captions, strict=True)):
            frames.append(
                f'<div class="gg-frame" data-step="{position}"'
                f"{'' if position == 0 else ' hidden'} data-caption="
                f'"{html.escape(caption, quote=True)}">{_inline(svg, position)}</div>'
            )
        title = self.options.get("title") or "graphgrad: the backward pass, step by step"
        return _PAGE.format(
            title=html.escape(title),
            last=len(svgs) - 1,
            count=len(svgs),
            caption=html.escape(self._captions[0]),
            frames="\n".join(frames),
            script=_SCRIPT,
        )

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
        """The player inside an isolated frame, for Jupyter."""
        # an iframe keeps the page's script, styles and SVG ids apart from the notebook's
        heights = [
            float(match)
            for svg in self.svgs()
            for match in re.findall(r'<svg[^>]*?height="([\d.]+)pt"', svg)[:1]
        ]
        height = int(max(heights, default=300) * 4 / 3) + 110
        return (
            f'<iframe srcdoc="{html.escape(self.html(), quote=True)}" '
            f'style="width:100%;height:{height}px;border:0" sandbox="allow-scripts">'
            f"</iframe>"
        )

    def __repr__(self) -> str:
        return f"<Player: {len(self.steps)} frames>"


def _inline(svg: str, position: int) -> str:
    """An SVG document made fit to sit inside HTML: no XML prolog, ids unique to its frame."""
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    svg = re.sub(r'\bid="', f'id="f{position}_', svg)
    svg = svg.replace('href="#', f'href="#f{position}_').replace("url(#", f"url(#f{position}_")
    return svg


def _grouped(steps: list[Step], max_frames: int) -> list[Step]:
    """Consecutive steps grouped, so that there are at most ``max_frames`` frames."""
    last = len(steps) - 1
    if last <= max_frames - 1:
        return steps
    group = -(-last // (max_frames - 1))
    grouped = [steps[0]]
    for start in range(1, len(steps), group):
        chunk = steps[start : start + group]
        names = ", ".join(
            step.caption.split(":")[0].replace("backward through ", "") for step in chunk
        )
        ops = [op for step in chunk for op in step.ops]
        grouped.append(Step(f"backward through {names}", chunk[-1].current, ops))
    return grouped


def player(root: Tensor, collapse: Collapse = None, rankdir: str = "LR", **options: Any) -> Player:
    """The backward pass of ``root`` step by step; see ``Player``. Call ``backward()`` first.

    >>> from autograd import Tensor
    >>> x = Tensor([1.0, -2.0], requires_grad=True, name="x")
    >>> loss = (x * x).sum()
    >>> loss.backward()
    >>> steps = player(loss)
    >>> len(steps), steps.save("steps.html").suffix
    (3, '.html')
    """
    return Player(root, collapse=collapse, rankdir=rankdir, **options)


def backward_steps(
    root: Tensor, collapse: Collapse = None, rankdir: str = "LR", **options: Any
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
<title>{title}</title>
<style>
  body {{ font-family: Helvetica, Arial, sans-serif; margin: 16px; color: #111827; }}
  .gg-controls {{ display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }}
  .gg-controls button {{ font: inherit; padding: 4px 12px; border: 1px solid #9ca3af;
    border-radius: 6px; background: #f9fafb; cursor: pointer; }}
  .gg-controls button:hover {{ background: #eef2ff; }}
  .gg-controls input[type=range] {{ flex: 1; min-width: 160px; }}
  #gg-caption {{ margin: 10px 0; font-size: 15px; min-height: 1.3em; }}
  .gg-frame svg {{ max-width: 100%; height: auto; }}
  #gg-errors {{ color: #b91c1c; white-space: pre-wrap; }}
</style>
</head>
<body>
<div id="gg-player" data-step="0" data-frames="{count}">
  <div class="gg-controls">
    <button id="gg-prev" type="button" title="previous step (left arrow)">&#9664; prev</button>
    <button id="gg-play" type="button" title="play / pause (space)">&#9654; play</button>
    <button id="gg-next" type="button" title="next step (right arrow)">next &#9654;</button>
    <input id="gg-slider" type="range" min="0" max="{last}" value="0" step="1"
           aria-label="step of the backward pass">
    <span id="gg-counter">0 / {last}</span>
  </div>
  <div id="gg-caption">{caption}</div>
  <div class="gg-frames">
{frames}
  </div>
  <pre id="gg-errors"></pre>
</div>
<script>
{script}
</script>
</body>
</html>
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var errors = document.getElementById("gg-errors");
  function report(message) { errors.textContent += message + "\n"; }
  window.addEventListener("error", function (event) {
    report("error: " + (event.message || event));
  });
  var consoleError = console.error;
  console.error = function () {
    report("console.error: " + Array.prototype.join.call(arguments, " "));
    return consoleError.apply(console, arguments);
  };
  var root = document.getElementById("gg-player");
  var frames = root.querySelectorAll(".gg-frame");
  var slider = document.getElementById("gg-slider");
  var counter = document.getElementById("gg-counter");
  var caption = document.getElementById("gg-caption");
  var playButton = document.getElementById("gg-play");
  var last = frames.length - 1;
  var current = 0;
  var timer = null;

  function show(step) {
    step = Math.max(0, Math.min(last, step | 0));
    for (var i = 0; i < frames.length; i++) { frames[i].hidden = (i !== step); }
    current = step;
    slider.value = String(step);
    counter.textContent = step + " / " + last;
    caption.textContent = frames[step].getAttribute("data-caption");
    root.setAttribute("data-step", String(step));
  }
  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    playButton.innerHTML = "&#9654; play";
  }
  function play() {
    if (timer !== null) { stop(); return; }
    if (current >= last) { show(0); }
    playButton.innerHTML = "&#10074;&#10074; pause";
    timer = setInterval(function () {
      if (current >= last) { stop(); return; }
      show(current + 1);
    }, 900);
  }
  function step(by) { return function () { stop(); show(current + by); }; }
  document.getElementById("gg-prev").addEventListener("click", step(-1));
  document.getElementById("gg-next").addEventListener("click", step(1));
  playButton.addEventListener("click", play);
  slider.addEventListener("input", function () { stop(); show(Number(slider.value)); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") { stop(); show(current + 1); }
    else if (event.key === "ArrowLeft") { stop(); show(current - 1); }
    else if (event.key === " ") { event.preventDefault(); play(); }
  });

  // The URL can open a given frame: #step=3. "press=next,prev" then clicks buttons and
  // "play" starts playing (used by the tests, handy for linking to one step in a lecture).
  function fromHash() {
    var hash = window.location.hash.replace(/^#/, "");
    if (!hash) { return; }
    hash.split("&").forEach(function (part) {
      var pair = part.split("=");
      if (pair[0] === "step") { stop(); show(Number(pair[1])); }
      else if (pair[0] === "press") {
        (pair[1] || "").split(",").forEach(function (name) {
          var button = document.getElementById("gg-" + name);
          if (button) { button.click(); }
        });
      } else if (pair[0] === "play") { play(); }
    });
  }
  window.addEventListener("hashchange", fromHash);
  show(0);
  fromHash();
})();
"""
