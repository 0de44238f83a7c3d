"""Forward or reverse mode: which builds a Jacobian faster, and when?

Question: the Jacobian of f: R^n -> R^m, f(x) = tanh(W x) with a fixed m x n matrix W, by
``jacobian(..., strategy="forward-mode")`` (one forward pass per input: n passes, columns of J)
and by reverse mode (one reverse pass per output: m passes, rows of J), for (n, m) =
(1000, 10) and (10, 1000). Theory: reverse mode wins when m << n (few outputs: a loss and its
gradient), forward mode when n << m. Both results are checked against the closed form
diag(1 - tanh(W x)^2) W.

Run:  python benchmarks/bench_jacobian.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from autograd import Tensor
from autograd.functional import jacobian


def best_time(function, repeats: int) -> float:
    """Fastest wall time of ``function()`` in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def measure(n: int, m: int, repeats: int) -> tuple[float, float]:
    rng = np.random.default_rng(0)
    weight = Tensor(rng.standard_normal((m, n)) / np.sqrt(n))
    x = Tensor(rng.standard_normal(n))

    def f(v: Tensor) -> Tensor:
        return (weight @ v).tanh()

    expected = (1 - np.tanh(weight.data @ x.data) ** 2)[:, None] * weight.data
    timings = []
    for strategy in ("forward-mode", "reverse-mode"):
        found = jacobian(f, x, strategy=strategy)
        np.testing.assert_allclose(found.data, expected, rtol=1e-10, atol=1e-12)
        timings.append(best_time(lambda s=strategy: jacobian(f, x, strategy=s), repeats))
    return timings[0], timings[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per case (best)")
    args = parser.parse_args()
    print("Jacobian of tanh(W x), float64; best of", args.repeats, "runs")
    print(f"{'n inputs':>9} {'m outputs':>10} {'forward (s)':>12} {'reverse (s)':>12}  faster")
    for n, m in ((1000, 10), (10, 1000)):
        forward, reverse = measure(n, m, args.repeats)
        winner = "forward" if forward < reverse else "reverse"
        ratio = max(forward, reverse) / min(forward, reverse)
        print(f"{n:>9} {m:>10} {forward:>12.3f} {reverse:>12.3f}  {winner} by {ratio:.1f}x")
    print("\nre-run: python benchmarks/bench_jacobian.py")


if __name__ == "__main__":
    main()
