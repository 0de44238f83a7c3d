"""Soak: does memory stay flat over a long training run?

Trains a small MLP (nn.Linear 16-32-32-4, Adam, cross-entropy on a fixed random batch) and
samples ``tracemalloc``'s current traced memory (after ``gc.collect()``, so free lists do not
count) at regular intervals after a warm-up. A leak
(graphs kept alive by a cycle, edge gradients piling up, optimiser state growing) shows as a
positive slope. Prints a table of the samples, the least-squares slope in bytes per step, and
the growth from the first sample to the last.

Run:  python benchmarks/soak.py [--steps 2000] [--samples 10]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tracemalloc

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import nn
from autograd import Tensor

WARM_UP = 50  # steps before the first sample: optimiser state and caches are allocated by then


def soak(steps: int = 2000, samples: int = 10, width: int = 32, batch: int = 64, seed: int = 0):
    """Train for ``steps`` steps; returns ``[(step, traced bytes), ...]`` and the final loss."""
    nn.init.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = nn.Sequential(
        nn.Linear(16, width), nn.ReLU(), nn.Linear(width, width), nn.Tanh(), nn.Linear(width, 4)
    )
    optimizer = nn.optim.Adam(model.parameters(), lr=1e-3)
    images = Tensor(rng.standard_normal((batch, 16)).astype(np.float32))
    labels = rng.integers(0, 4, size=batch)
    every = max((steps - WARM_UP) // samples, 1)
    figures, loss = [], None
    gc.collect()
    tracemalloc.start()
    try:
        for step in range(1, steps + 1):
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(images), labels)
            loss.backward()
            optimizer.step()
            if step >= WARM_UP and (step - WARM_UP) % every == 0:
                gc.collect()  # so that free lists and not-yet-collected garbage do not count
                figures.append((step, tracemalloc.get_traced_memory()[0]))
    finally:
        tracemalloc.stop()
    return figures, float(loss.item())


def slope(figures) -> float:
    """Least-squares growth of the samples, in bytes per step."""
    steps = np.array([step for step, _ in figures], dtype=float)
    sizes = np.array([size for _, size in figures], dtype=float)
    return float(np.polyfit(steps, sizes, 1)[0]) if len(figures) > 1 else 0.0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=10)
    args = parser.parse_args(argv)
    figures, loss = soak(args.steps, args.samples)
    print(f"{'step':>6} | {'traced memory (KiB)':>20}")
    print(f"{'-' * 6}-+-{'-' * 20}")
    for step, size in figures:
        print(f"{step:>6} | {size / 1024:>20.1f}")
    growth = figures[-1][1] - figures[0][1]
    print(
        f"\nslope: {slope(figures):+.2f} bytes/step; growth first->last sample: "
        f"{growth / 1024:+.1f} KiB; final loss {loss:.4f}"
    )
    print(f"re-run: python benchmarks/soak.py --steps {args.steps} --samples {args.samples}")


if __name__ == "__main__":
    main()
