"""How long ``viz.player`` takes to build and save, and how big its page is, by graph size.

One layout for the whole backward pass (not one per step), so building is a graph walk, the
narration of every op, and one Graphviz layout of at most ``viz.MAX_NODES`` nodes (large graphs
collapse their clusters, ``collapse=None``). Two kinds of graph: an MLP of ``nn.Linear`` +
``tanh`` layers (clusters: each layer collapses into one box), and a chain of elementwise ops
on a vector (no clusters: one step per op, the drawing cut to the nodes nearest the loss).

    python benchmarks/bench_player.py            # 100, 1k, 5k and 50k ops
    python benchmarks/bench_player.py 100 1000   # chosen sizes
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import nn
from autograd import Tensor, viz

SIZES = (100, 1_000, 5_000, 50_000)


def mlp(ops: int) -> Tensor:
    """A deep MLP (8 wide, batch of 4): two ops per layer (linear, tanh), then the loss."""
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((4, 8)).astype(np.float32), name="x")
    h = x
    for _ in range(max(1, (ops - 2) // 2)):
        h = nn.Linear(8, 8)(h).tanh()
    loss = (h * h).mean()
    loss.name = "loss"
    return loss


def chain(ops: int) -> Tensor:
    """Elementwise ops on a vector of 16, cycling through mul, add, sin and exp-of-neg."""
    x = Tensor(np.linspace(-1.0, 1.0, 16), requires_grad=True, name="x")
    h = x
    for step in range(max(1, ops - 1)):
        kind = step % 4
        h = h * 0.9 if kind == 0 else h + 0.1 if kind == 1 else h.sin() if kind == 2 else h.tanh()
    loss = h.sum()
    loss.name = "loss"
    return loss


def measure(build, ops: int, folder: Path) -> tuple[int, float, float, int]:
    """(ops in the graph, seconds to build the player and write its page, MB, steps)."""
    loss = build(ops)
    loss.backward()
    start = time.perf_counter()
    steps = viz.player(loss)
    path = steps.save(folder / f"{build.__name__}_{ops}.html")
    seconds = time.perf_counter() - start
    counted = len(steps.graph.ops)
    return counted, seconds, path.stat().st_size / 1e6, len(steps)


def main(sizes: tuple[int, ...]) -> None:
    print("viz.player: build + save, one layout per player")
    print(f"{'graph':<6} {'ops':>7} {'build s':>8} {'file MB':>8} {'steps':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for build in (mlp, chain):
            for ops in sizes:
                counted, seconds, megabytes, count = measure(build, ops, Path(folder))
                print(
                    f"{build.__name__:<6} {counted:>7,} {seconds:>8.2f} {megabytes:>8.2f} "
                    f"{count:>6,}",
                    flush=True,
                )
    print(f"re-run: python benchmarks/{Path(__file__).name} {' '.join(map(str, sizes))}")


if __name__ == "__main__":
    main(tuple(int(arg) for arg in sys.argv[1:]) or SIZES)
