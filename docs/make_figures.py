"""Regenerate the golden drawings in docs/: the softmax cross-entropy graph after backward.

    python docs/make_figures.py            # writes docs/softmax_ce.svg and docs/softmax_ce.png

The loss is built from primitives the CS231n way: logits z (a 2x3 batch), log_softmax along the
classes (max -> subtract -> exp -> sum -> log -> subtract), pick the target class of each row,
average, negate. Drawn with collapse=False so that every primitive shows; the red arrows are the
gradients that flowed back along each edge. The PNG is rendered by the same Graphviz program
(graphviz-pure when no system `dot` is installed) with -Tpng.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

from autograd import Tensor, viz  # noqa: E402

PNG_DPI = 110


def softmax_cross_entropy():
    """The loss of a 2x3 batch of logits with targets [2, 0], after backward."""
    logits = Tensor(
        np.array([[1.0, 2.0, 3.0], [1.0, -1.0, 0.5]], dtype=np.float32),
        requires_grad=True,
        name="z",
    )
    target = np.array([2, 0])
    loss = -(logits.log_softmax(axis=1)[np.arange(2), target]).mean()
    loss.name = "loss"
    loss.backward()
    return loss


def main() -> None:
    loss = softmax_cross_entropy()
    drawing = viz.draw(loss, collapse=False)
    for suffix in (".svg", ".png"):
        path = drawing.save(DOCS / f"softmax_ce{suffix}", dpi=PNG_DPI)
        print(f"wrote {path.relative_to(DOCS.parent)}")


if __name__ == "__main__":
    main()
