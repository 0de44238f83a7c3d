"""Engine overhead and composed-op speed.

(a) a 1,000-op chain on a 0-d tensor (a mix of *, + and tanh): forward, and forward+backward,
    in microseconds per op;
(b) softmax cross-entropy, N=1024, C=1000, float64, composed from primitives (max, subtract,
    exp, sum, log, subtract, index, mean), forward+backward, against the same computed by hand
    in NumPy (stable softmax, gradient (p - y)/N).

Run:  python benchmarks/bench_engine.py [--repeats R]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from autograd import Tensor, from_numpy
from nn import functional

CHAIN_OPS = 1000


def chain(weight: Tensor, bias: Tensor) -> Tensor:
    y = Tensor(np.array(0.5), requires_grad=True)
    for _ in range(CHAIN_OPS // 3):
        y = (y * weight + bias).tanh()
    return y * weight  # 1,000 ops in all


def time_call(function, repeats: int) -> float:
    """Median wall time of ``function()`` in seconds."""
    function()  # warm-up
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def time_pair(first, second, repeats: int) -> tuple[float, float]:
    """Fastest wall time of each function, the two interleaved so that load hits both alike."""
    first(), second()  # warm-up
    best_first = best_second = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        first()
        middle = time.perf_counter()
        second()
        end = time.perf_counter()
        best_first, best_second = min(best_first, middle - start), min(best_second, end - middle)
    return best_first, best_second


def bench_chain(repeats: int) -> tuple[float, float]:
    weight = Tensor(np.array(0.9), requires_grad=True)
    bias = Tensor(np.array(0.1), requires_grad=True)
    forward = time_call(lambda: chain(weight, bias), repeats)
    both = time_call(lambda: chain(weight, bias).backward(), repeats)
    return forward / CHAIN_OPS * 1e6, both / CHAIN_OPS * 1e6


def cross_entropy_graph(logits: Tensor, target: np.ndarray) -> Tensor:
    """The library's composite: CS231n's softmax loss from primitives, max node included."""
    return functional.cross_entropy(logits, target)


def cross_entropy_numpy(logits: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    rows = np.arange(logits.shape[0])
    shifted = logits - logits.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    sums = exps.sum(axis=1, keepdims=True)
    probs = exps / sums
    loss = -np.mean(shifted[rows, target] - np.log(sums[:, 0]))
    grad = probs
    grad[rows, target] -= 1
    grad /= logits.shape[0]
    return loss, grad


def bench_cross_entropy(repeats: int) -> tuple[float, float]:
    rng = np.random.default_rng(0)
    data = rng.standard_normal((1024, 1000))
    target = rng.integers(0, 1000, size=1024)

    def graph():
        logits = from_numpy(data).requires_grad_()  # shares, as the NumPy version does
        cross_entropy_graph(logits, target).backward()
        return logits.grad

    # same numbers first: a benchmark of a wrong result is worthless
    _, expected_grad = cross_entropy_numpy(data, target)
    np.testing.assert_allclose(graph(), expected_grad, rtol=1e-10, atol=1e-12)
    graph_s, numpy_s = time_pair(graph, lambda: cross_entropy_numpy(data, target), repeats)
    return graph_s * 1e3, numpy_s * 1e3


def bench_torch(repeats: int):
    """The same two measurements in PyTorch, when it is installed (None otherwise)."""
    try:
        import torch
        import torch.nn.functional as torch_functional
    except ImportError:
        return None
    weight = torch.tensor(0.9, dtype=torch.float64, requires_grad=True)
    bias = torch.tensor(0.1, dtype=torch.float64, requires_grad=True)

    def torch_chain():
        y = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
        for _ in range(CHAIN_OPS // 3):
            y = (y * weight + bias).tanh()
        return y * weight

    chain_both = time_call(lambda: torch_chain().backward(), repeats) / CHAIN_OPS * 1e6
    rng = np.random.default_rng(0)
    data = torch.tensor(rng.standard_normal((1024, 1000)))
    target = torch.tensor(rng.integers(0, 1000, size=1024))
    rows = torch.arange(1024)

    def fused():
        logits = data.clone().requires_grad_()
        torch_functional.cross_entropy(logits, target).backward()

    def composed():
        logits = data.clone().requires_grad_()
        shifted = logits - logits.max(dim=1, keepdim=True).values
        (shifted.exp().sum(dim=1).log() - shifted[rows, target]).mean().backward()

    return chain_both, time_pair(fused, composed, repeats)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv)
    forward, both = bench_chain(args.repeats)
    graph_ms, numpy_ms = bench_cross_entropy(args.repeats)
    print("command: python benchmarks/bench_engine.py --repeats", args.repeats)
    print()
    print(_row("benchmark", "measured", "target"))
    print(_row("-" * 50, "-" * 16, "-" * 11, fill="-"))
    print(_row("(a) 1,000-op 0-d chain, forward", f"{forward:6.2f} us/op"))
    print(_row("(a) 1,000-op 0-d chain, forward+backward", f"{both:6.2f} us/op", "<= 5 us/op"))
    print(_row("(b) softmax CE 1024x1000 f64, graph fwd+bwd (best)", f"{graph_ms:7.2f} ms"))
    print(_row("(b) same by hand in NumPy", f"{numpy_ms:7.2f} ms"))
    print(_row("(b) ratio graph / NumPy", f"{graph_ms / numpy_ms:6.2f}x", "<= 2.0x"))
    torch_figures = bench_torch(args.repeats)
    if torch_figures is not None:
        chain_torch, (fused_s, composed_s) = torch_figures
        print(_row("PyTorch: (a) forward+backward", f"{chain_torch:6.2f} us/op"))
        print(_row("PyTorch: (b) F.cross_entropy / NumPy", f"{fused_s * 1e3 / numpy_ms:6.2f}x"))
        print(
            _row("PyTorch: (b) composed primitives / NumPy", f"{composed_s * 1e3 / numpy_ms:6.2f}x")
        )


def _row(benchmark: str, measured: str, target: str = "", fill: str = " ") -> str:
    """One line of the printed Markdown table (fixed-width columns)."""
    return f"|{fill}{benchmark:{fill}<50}|{fill}{measured:{fill}<16}|{fill}{target:{fill}<11}|"


if __name__ == "__main__":
    main()
