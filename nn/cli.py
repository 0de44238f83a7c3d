"""The ``graphgrad`` command: ``graphgrad train`` and ``graphgrad demo``.

>>> main(["train", "--epochs", "5", "--out", "runs/digits"])
"""

from __future__ import annotations

import argparse
import sys

from .train import _as_strings, add_train_arguments

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="graphgrad",
        description="graphgrad: an autograd engine on NumPy that lets you see backpropagation.",
    )
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
        help="draw a softmax cross-entropy batch and its backward pass",
        description="Write softmax_ce.svg and softmax_ce.html (the step-by-step backward "
        "player) for a small softmax cross-entropy batch, after running gradcheck.",
    )
    demo.add_argument(
        "--out",
        default=".",
        help="directory for the files; created if missing (default: the current directory)",
    )
    return parser


def main(argv=None) -> int:
    """Run ``graphgrad`` with ``argv`` (default: the process arguments); returns the exit code."""
    args = build_parser().parse_args(_as_strings(argv))
    if args.command == "train":
        from .train import run_from_args

        return run_from_args(args)
    from .demo import run_demo  # lazily: the demo pulls in the visualiser

    result = run_demo(args.out)
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
