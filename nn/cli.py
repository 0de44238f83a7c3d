"""The ``graphgrad`` command: ``graphgrad train`` and ``graphgrad demo``.

In a shell: ``graphgrad train --epochs 5 --out runs/digits`` or ``graphgrad demo --out out``.

>>> args = build_parser().parse_args(["train", "--epochs", "5", "--out", "runs/digits"])
>>> args.command, args.epochs, args.out
('train', 5, 'runs/digits')
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .train import _as_strings, add_train_arguments, add_version_argument, run_from_args

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The ``graphgrad`` parser, with the ``train`` and ``demo`` commands.

    >>> build_parser().parse_args(["demo"]).out
    '.'
    """
    parser = argparse.ArgumentParser(
        prog="graphgrad",
        description="graphgrad: an autograd engine on NumPy that lets you see backpropagation.",
    )
    add_version_argument(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    train = commands.add_parser(
        "train",
        help="train an MLP on the bundled digits and write model, curves and graph",
        description="Train an MLP on scikit-learn's bundled 8x8 digits with a progress bar; "
        "write model.npz, training.png (loss and accuracy curves) and "
        "step_graph.svg (one step's graph, collapsed by module) into --out; print "
        "'test accuracy: NN.N%'.",
    )
    add_train_arguments(train)
    demo = commands.add_parser(
        "demo",
        help="draw a softmax cross-entropy batch and its backward pass, then check the gradient",
        description="Run backward on the softmax cross-entropy loss of a small batch and write "
        "softmax_ce.svg (the graph with its gradient flow) and softmax_ce.html (the "
        "step-by-step backward player) into --out; then check the gradient with gradcheck and "
        "against the closed form (softmax(z) - onehot(y)) / N, and print both results (exit "
        "code 1 if either check fails).",
    )
    demo.add_argument(
        "--out",
        default=".",
        help="directory for the files; created if missing (default: the current directory)",
    )
    return parser


def main(argv: Sequence[str | os.PathLike[str]] | None = None) -> int:
    """Run ``graphgrad`` with ``argv`` (default: the process arguments); returns the exit code.

    >>> main(["serve"])  # an unknown command: argparse explains on stderr and exits with 2
    Traceback (most recent call last):
    ...
    SystemExit: 2
    """
    args = build_parser().parse_args(_as_strings(argv))
    if args.command == "train":
        return run_from_args(args)
    from .demo import run_demo  # only for the demo: it imports the visualiser, which is heavy

    return run_demo(args.out)


if __name__ == "__main__":
    sys.exit(main())
