"""How much does the engine cost over hand-written NumPy for one MLP training step?

Question: an MLP 784-512-256-10 (ReLU, softmax cross-entropy, batch 256, float32, one SGD step)
built with ``nn`` and trained through the engine, against the same network with forward,
backward and update written by hand in NumPy (the engine-free floor). Targets: time per step
<= 1.15x hand-written, peak memory per step <= 1.3x, and no memory growth over 500 steps.

Run:  python benchmarks/bench_mlp.py [--repeats 60] [--long-steps 500]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
import tracemalloc

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import autograd
import nn
from autograd import Tensor

SIZES = (784, 512, 256, 10)
BATCH = 256
LR = 0.01
COMMAND = "python benchmarks/bench_mlp.py"


# ---------------------------------------------------------------------- the two implementations
class EngineStep:
    """One SGD step through graphgrad: nn.Sequential, F.cross_entropy, backward, optim.SGD."""

    def __init__(self, x: np.ndarray, y: np.ndarray, record_edges: bool = True):
        nn.manual_seed(0)
        self.model = nn.Sequential(
            nn.Linear(SIZES[0], SIZES[1]),
            nn.ReLU(),
            nn.Linear(SIZES[1], SIZES[2]),
            nn.ReLU(),
            nn.Linear(SIZES[2], SIZES[3]),
        )
        self.optimizer = nn.optim.SGD(self.model.parameters(), lr=LR)
        self.x, self.y = Tensor(x), y
        self.record_edges = record_edges

    def __call__(self) -> float:
        previous = autograd.record_edge_grads(self.record_edges)
        try:
            loss = nn.functional.cross_entropy(self.model(self.x), self.y)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
        finally:
            autograd.record_edge_grads(previous)
        return loss.item()

    def weights(self) -> list:
        return [p.data.copy() for p in self.model.parameters()]


class NumpyStep:
    """The same step written by hand: the forward, the textbook backward, the update."""

    def __init__(self, x: np.ndarray, y: np.ndarray, weights: list):
        self.x, self.y = x, y
        self.params = [w.copy() for w in weights]  # W1, b1, W2, b2, W3, b3

    def __call__(self) -> float:
        W1, b1, W2, b2, W3, b3 = self.params
        x, y, n = self.x, self.y, len(self.y)
        z1 = x @ W1.T
        z1 += b1
        h1 = np.maximum(z1, 0)
        z2 = h1 @ W2.T
        z2 += b2
        h2 = np.maximum(z2, 0)
        logits = h2 @ W3.T
        logits += b3
        shifted = logits - logits.max(axis=1, keepdims=True)
        exps = np.exp(shifted)
        sums = exps.sum(axis=1, keepdims=True)
        loss = float(np.mean(np.log(sums[:, 0]) - shifted[np.arange(n), y]))
        # backward: d loss / d logits = (softmax - onehot) / n
        grad_logits = exps / sums
        grad_logits[np.arange(n), y] -= 1
        grad_logits /= n
        grad_W3, grad_b3 = grad_logits.T @ h2, grad_logits.sum(axis=0)
        grad_z2 = grad_logits @ W3
        grad_z2 *= z2 > 0
        grad_W2, grad_b2 = grad_z2.T @ h1, grad_z2.sum(axis=0)
        grad_z1 = grad_z2 @ W2
        grad_z1 *= z1 > 0
        grad_W1, grad_b1 = grad_z1.T @ x, grad_z1.sum(axis=0)
        for param, grad in zip(
            self.params, (grad_W1, grad_b1, grad_W2, grad_b2, grad_W3, grad_b3), strict=True
        ):
            param -= LR * grad
        return loss


# ---------------------------------------------------------------------- measurements
def time_steps(steps: dict, repeats: int, block: int = 5) -> dict:
    """Median seconds per step; the variants take turns in blocks so load drift hits all alike."""
    times = {name: [] for name in steps}
    for step in steps.values():
        for _ in range(3):
            step()  # warm up caches and BLAS
    rounds = max(1, repeats // block)
    for _ in range(rounds):
        for name, step in steps.items():
            for _ in range(block):
                start = time.perf_counter()
                step()
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def peak_memory(step) -> int:
    """Peak bytes allocated during one step above what was allocated before it (tracemalloc)."""
    step()
    gc.collect()
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        step()
        return tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()


def rss_bytes() -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def long_run(step, steps: int) -> dict:
    """tracemalloc's current size and the RSS after step 10 and after the last step."""
    tracemalloc.start()
    try:
        marks = {}
        for number in range(1, steps + 1):
            step()
            if number in (10, steps):
                gc.collect()
                marks[number] = (tracemalloc.get_traced_memory()[0], rss_bytes())
        return marks
    finally:
        tracemalloc.stop()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=60, help="timed steps per variant")
    parser.add_argument("--long-steps", type=int, default=500, help="steps of the memory run")
    args = parser.parse_args(argv)

    rng = np.random.default_rng(0)
    x = rng.random((BATCH, SIZES[0]), dtype=np.float32)
    y = rng.integers(0, SIZES[-1], size=BATCH)
    engine = EngineStep(x, y)
    engine_no_edges = EngineStep(x, y, record_edges=False)
    numpy_step = NumpyStep(x, y, engine.weights())

    # sanity: both implementations compute the same losses and updates
    check_engine, check_numpy = EngineStep(x, y), NumpyStep(x, y, engine.weights())
    for _ in range(3):
        loss_engine, loss_numpy = check_engine(), check_numpy()
    assert abs(loss_engine - loss_numpy) < 1e-4, (loss_engine, loss_numpy)
    for mine, theirs in zip(check_engine.weights(), check_numpy.params, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-4, atol=1e-6)

    variants = {
        "numpy (hand-written)": numpy_step,
        "graphgrad": engine,
        "graphgrad, record_edge_grads(False)": engine_no_edges,
    }
    seconds = time_steps(variants, args.repeats)
    peaks = {name: peak_memory(step) for name, step in variants.items()}
    floor_time, floor_peak = seconds["numpy (hand-written)"], peaks["numpy (hand-written)"]

    print(
        f"MLP {'-'.join(map(str, SIZES))}, ReLU, softmax cross-entropy, batch {BATCH}, float32, "
        f"one SGD step"
    )
    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs")
    print()
    header = f"{'variant':38s} {'ms/step':>9s} {'x numpy':>8s} {'peak MiB':>9s} {'x numpy':>8s}"
    print(header)
    print("-" * len(header))
    for name in variants:
        print(
            f"{name:38s} {seconds[name] * 1e3:9.2f} {seconds[name] / floor_time:8.2f} "
            f"{peaks[name] / 2**20:9.2f} {peaks[name] / floor_peak:8.2f}"
        )
    print(
        f"(median of {args.repeats} steps; peak = tracemalloc peak during one step above the "
        f"memory held before it; targets: time <= 1.15x, peak <= 1.3x)"
    )
    print()
    marks = long_run(EngineStep(x, y), args.long_steps)
    (first_traced, first_rss), (last_traced, last_rss) = marks[10], marks[args.long_steps]
    print(
        f"memory over {args.long_steps} graphgrad steps: tracemalloc current "
        f"{first_traced / 2**20:.2f} MiB after step 10 -> {last_traced / 2**20:.2f} MiB after "
        f"step {args.long_steps}; RSS {first_rss / 2**20:.1f} -> {last_rss / 2**20:.1f} MiB"
    )
    print()
    print(f"re-run: {COMMAND}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
