"""``draw``: the one-call entry point.

After forward mode (``autograd.forward_ad``) ran through a graph, the drawing shows it too: each
forward arrow is blue and labelled with the tangent of the tensor it carries, and each tensor
prints its tangent in blue, the mirror of the red gradients. After a jvp and a ``backward()``,
one drawing shows forward and reverse mode at once.

>>> from autograd import Tensor
>>> from autograd.forward_ad import dual_level, make_dual
>>> x = Tensor([1.0, 2.0], requires_grad=True, name="x")
>>> with dual_level():
...     y = (make_dual(x, Tensor([1.0, 0.0])) * 3.0).sum()
>>> 'color="#1f5fbf"' in draw(y).source, 'color="#1f5fbf"' in draw(y, tangents=False).source
(True, False)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .emit import build
from .render import Drawing
from .view import MAX_NODES, Collapse

if TYPE_CHECKING:
    from ..tensor import Tensor


def draw(
    root: Tensor,
    collapse: Collapse = None,
    rankdir: str | None = None,
    *,
    grad_scale: bool = False,
    show_values: bool = True,
    max_nodes: int | None = MAX_NODES,
    title: str | None = None,
    tangents: bool | None = None,
) -> Drawing:
    """Draw the computation that produced ``root``, with the gradient flow after ``backward()``.

    Tensors are boxes (name, shape, values in green; parameters and inputs in blue, constants
    dashed), ops are ellipses (name and arguments). Grey arrows run forward, inputs -> op ->
    output. After ``root.backward()`` a red arrow runs from each op back to each input, labelled
    with the gradient that flowed along it; a tensor used twice gets two red arrows, and its
    gradient (printed in the node, in red) is their sum.

    - ``collapse``: ``True`` draws each outermost cluster (a composite function such as
      ``log_softmax``, or a Module's forward) as one box; a list of cluster labels collapses
      those; ``False`` shows every op; ``None`` collapses only graphs with more than
      ``AUTO_COLLAPSE_NODES`` nodes.
    - ``rankdir``: ``None`` chooses the direction, and folds a long chain into bands that
      snake (left to right, then back), so that the drawing is legible in a column about 900
      px wide (no number under 9 px once scaled to it, no side more than about 3 times the
      other; see ``autograd.viz.layout``); "LR" (left to right), "RL", "TB" (top to bottom)
      or "BT" force a direction, unfolded.
    - ``grad_scale``: red arrow width grows with the gradient's size (log scale, relative to
      the median), so vanishing and exploding gradients show at a glance.
    - ``max_nodes``: at most this many nodes, the nearest to the root, are drawn (with a note);
      ``None`` draws everything.
    - ``tangents``: forward mode's tangents on blue forward arrows (see the module docstring);
      ``None`` draws them when any tensor has one, ``False`` never, ``True`` always.

    >>> from autograd import Tensor
    >>> z = Tensor([[1.0, 2.0, 3.0]], requires_grad=True, name="z")
    >>> loss = -z.log_softmax(axis=1)[0, 2]
    >>> loss.backward()
    >>> drawing = draw(loss)
    >>> 'color="red"' in drawing.source, "<b>log_softmax</b>" in drawing.source
    (True, True)
    >>> draw(loss, collapse=True).save("loss.svg").read_text()[:5]
    '<?xml'
    """
    if rankdir not in (None, "LR", "RL", "TB", "BT"):
        raise ValueError(
            f"draw: rankdir must be None (chosen to fit), 'LR', 'RL', 'TB' or 'BT', got {rankdir!r}"
        )
    source, view, svg, fallback = build(
        root, collapse, rankdir, grad_scale, show_values, max_nodes, title, tangents=tangents
    )
    return Drawing(source, notes=view.notes, svg=svg, fallback=fallback)
