"""Regenerate the golden drawings in docs/: the softmax cross-entropy graph after backward.

    python docs/make_figures.py            # writes docs/softmax_ce.svg and docs/softmax_ce.png

The loss is the README's first example, built from primitives the CS231n way: logits z (a 2x3
batch), log_softmax along the classes (max -> subtract -> exp -> sum -> log -> subtract), pick
the target class of each row, average, negate; the root is named ``loss``. Drawn exactly as
the README's ``draw(loss)`` draws it: every primitive shows (the graph is small), and the
layout is the one ``draw`` chooses to be legible in a column about 900 px wide (a README on
GitHub). The red arrows are the gradients that flowed back along each edge. The PNG is
rendered by the same Graphviz program (graphviz-pure when no system ``dot`` is installed) at
the resolution that makes it ``COLUMN_PX`` pixels wide (at most ``MAX_DPI``), so GitHub shows
it at about its own size.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

from autograd import Tensor  # noqa: E402
from autograd.viz import draw  # noqa: E402

COLUMN_PX = 880  # the width of a README on GitHub
MAX_DPI = 144


def softmax_cross_entropy() -> Tensor:
    """The README's loss: a 2x3 batch of logits with targets [2, 0], after backward."""
    z = Tensor([[1.0, 2.0, 3.0], [1.0, -1.0, 0.5]], requires_grad=True, name="z")
    target = np.array([2, 0])
    loss = -z.log_softmax(axis=1)[np.arange(2), target].mean()
    loss.name = "loss"
    loss.backward()
    return loss


def main() -> None:
    drawing = draw(softmax_cross_entropy())
    svg = drawing.save(DOCS / "softmax_ce.svg")
    width_pt = float(re.search(r'<svg width="([\d.]+)pt"', svg.read_text()).group(1))
    dpi = min(MAX_DPI, COLUMN_PX * 72 / width_pt)
    png = drawing.save(DOCS / "softmax_ce.png", dpi=round(dpi, 1))
    for path in (svg, png):
        print(f"wrote {path.relative_to(DOCS.parent)}")


if __name__ == "__main__":
    main()
