"""``graphgrad demo``: a small softmax cross-entropy batch, drawn with its backward pass.

Builds the loss of a 2x3 batch of logits ``z`` with ``nn.functional.cross_entropy`` (only
primitive ops: max, subtract, exp, sum, log, pick the target, mean), runs ``backward()``, and
writes into ``out_dir``:

- ``softmax_ce.svg``   every op of the graph, with the gradient flow as red arrows;
- ``softmax_ce.html``  the backward player: one frame per op, in the order the reverse pass runs.

It then checks the gradient twice and prints both results: ``gradcheck`` against central
finite differences, and the closed form dL/dz = (softmax(z) - onehot(y)) / N, the "p - y" that
no line of the engine spells out.

>>> run_demo("out")  # or, in a shell: graphgrad demo --out out
logits z (N=2, C=3):
...
gradcheck (float64, central differences, eps=1e-6): passed
...
  equal (largest difference ...)
0
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from autograd import GradcheckError, Tensor, gradcheck, viz

from . import functional

__all__ = ["demo_batch", "run_demo"]

SVG_NAME = "softmax_ce.svg"
HTML_NAME = "softmax_ce.html"


def demo_batch() -> tuple[np.ndarray, np.ndarray]:
    """The logits (2 examples, 3 classes, float64) and the integer targets of the demo.

    >>> logits, targets = demo_batch()
    >>> logits.shape, targets.tolist()
    ((2, 3), [0, 2])
    """
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    targets = np.array([0, 2])
    return logits, targets


def _softmax_rows(logits: np.ndarray) -> np.ndarray:
    """Plain NumPy softmax of each row (max-shifted), for the closed-form check."""
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


def run_demo(out_dir: str | os.PathLike[str] = ".") -> int:
    """Write softmax_ce.svg and softmax_ce.html into ``out_dir`` (created if missing), run the
    two gradient checks and print what was written and what was found.

    Returns the exit code: 0 when both checks pass, 1 otherwise (the module's example shows
    what it prints).

    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):
    ...     code = run_demo("out")
    >>> code, sorted(path.name for path in Path("out").iterdir())
    (0, ['softmax_ce.html', 'softmax_ce.svg'])
    """
    out = Path(out_dir).expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    logits, targets = demo_batch()
    z = Tensor(logits, requires_grad=True, name="z")
    loss = functional.cross_entropy(z, targets)
    loss.name = "loss"
    loss.backward()
    _print_batch(logits, targets, float(loss.item()))
    _draw(loss, out)
    passed_gradcheck = _report_gradcheck(logits, targets)
    passed_closed_form = _report_closed_form(logits, targets, z.grad)
    return 0 if passed_gradcheck and passed_closed_form else 1


def _print_batch(logits: np.ndarray, targets: np.ndarray, loss: float) -> None:
    print(f"logits z (N={logits.shape[0]}, C={logits.shape[1]}):")
    print(_indent(np.array2string(logits, precision=4)))
    print(f"targets y: {targets.tolist()}")
    print(f"loss = mean_i -log softmax(z_i)[y_i] = {loss:.6f}")
    print()


def _draw(loss: Tensor, out: Path) -> None:
    """The drawing and the player of ``loss``'s graph, after backward; prints their paths."""
    title = "softmax cross-entropy of a batch of 2, targets [0, 2]"
    svg_path = viz.draw(loss, collapse=False, title=title).save(out / SVG_NAME)
    steps = viz.player(loss, collapse=False, title=title)
    html_path = steps.save(out / HTML_NAME)
    print(f"wrote {svg_path}  (the graph after backward: gradients flow along the red arrows)")
    print(
        f"wrote {html_path}  (the backward pass step by step, {len(steps)} frames; "
        f"open it in a browser)"
    )
    print()


def _report_gradcheck(logits: np.ndarray, targets: np.ndarray) -> bool:
    """``gradcheck`` of the loss against central finite differences; prints the result."""
    probe = Tensor(logits.copy(), requires_grad=True, name="z")
    try:
        gradcheck(lambda scores: functional.cross_entropy(scores, targets), [probe])
    except GradcheckError as error:
        print(f"gradcheck: FAILED\n{_indent(str(error))}")
        return False
    print("gradcheck (float64, central differences, eps=1e-6): passed")
    return True


def _report_closed_form(logits: np.ndarray, targets: np.ndarray, grad: np.ndarray | None) -> bool:
    """The engine's dL/dz against (softmax(z) - onehot(y)) / N; prints both and the verdict."""
    if grad is None:
        print("p - y check: FAILED (backward left no gradient on z)")
        return False
    expected = (_softmax_rows(logits) - np.eye(logits.shape[1])[targets]) / logits.shape[0]
    largest_gap = float(np.abs(grad - expected).max())
    matches = bool(np.allclose(grad, expected, rtol=1e-10, atol=1e-12))
    print("p - y check: the engine's dL/dz against (softmax(z) - onehot(y)) / N")
    print(_indent("engine z.grad:\n" + _indent(np.array2string(grad, precision=6))))
    print(_indent("(p - y) / N:\n" + _indent(np.array2string(expected, precision=6))))
    print(_indent(f"{'equal' if matches else 'DIFFERENT'} (largest difference {largest_gap:.1e})"))
    return matches


def _indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())
