"""The speed table: graphgrad against PyTorch and hand-written NumPy, measured in one run.

Each row of the table is one command (``python benchmarks/bench_speed.py ROW``; no ROW runs them
all). Every ratio is measured in this one process, the variants interleaved so that a loaded
machine slows both sides alike; absolute times wander from run to run, ratios much less. PyTorch
(the ``bench`` extra) is compared when it is installed; rows that need it say so when it is not.

  chain-0d      1,000 ops ``y*1.0001, y+0.0001, act(y)`` on a 0-d float64 tensor, fwd + bwd
  chain-vec     the same on a 1,000-vector
  chain-long    the same chain, 100,000 ops (0-d)
  mlp           MLP 784-512-256-10 ReLU, softmax CE, batch 256, float32, one SGD step
                (against hand-written NumPy, and against the 8 matmuls the step needs)
  softmax-ce    ``nn.functional.cross_entropy`` on 1024x1000 float64, fwd + bwd, against NumPy
  moons         micrograd's moons demo: a 2-16-16-1 MLP, 100 full-batch SGD steps
  memory        peak memory of one MLP step against NumPy, and its growth over 2,000 steps

Options: ``--threads N`` sets the BLAS and PyTorch thread count (before NumPy is imported);
``--repeats R`` the timed repetitions; ``--edges off`` turns the drawings' edge recording off
(on by default, as for users) to show what it costs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("rows", nargs="*", metavar="ROW", help=_rows_help())
    parser.add_argument("--threads", type=int, default=None, help="BLAS and torch threads")
    parser.add_argument("--repeats", type=int, default=15, help="timed repetitions per variant")
    parser.add_argument("--edges", choices=("on", "off"), default="on", help="edge recording")
    args = parser.parse_args(argv)
    unknown = [row for row in args.rows if row not in ROWS]
    if unknown:
        parser.error(f"unknown row {unknown[0]!r}; choose from {', '.join(ROWS)}")
    if args.threads is not None and args.threads < 1:
        parser.error(f"--threads must be at least 1, got {args.threads}")
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")
    return args


def _rows_help() -> str:
    lines = __doc__.split("\n\n")[2].splitlines()
    return "one or more of:\n" + "\n".join(lines)


ROWS = ("chain-0d", "chain-vec", "chain-long", "mlp", "softmax-ce", "moons", "memory")


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.threads is not None:  # must precede the first import of NumPy
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[name] = str(args.threads)
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import autograd

    torch = _torch(args.threads)
    previous = autograd.record_edge_grads(args.edges == "on")
    print(_header(torch, args))
    print()
    print(f"| {'workload':<58} | {'graphgrad':>11} | {'reference':>11} | {'ratio':>6} | target  |")
    print(f"|{'-' * 60}|{'-' * 13}|{'-' * 13}|{'-' * 8}|---------|")
    try:
        for row in args.rows or ROWS:
            for line in RUNNERS[row](torch, args.repeats):
                print(line, flush=True)
    finally:
        autograd.record_edge_grads(previous)
    return 0


def _torch(threads: int | None):
    try:
        import torch
    except ImportError:
        return None
    if threads is not None:
        torch.set_num_threads(threads)
    return torch


def _header(torch, args: argparse.Namespace) -> str:
    import platform

    import numpy as np

    versions = f"python {platform.python_version()}, numpy {np.__version__}"
    versions += f", torch {torch.__version__}" if torch is not None else ", torch not installed"
    threads = args.threads if args.threads is not None else "default"
    return (
        f"{versions}; {os.cpu_count()} CPUs, threads: {threads}; edge recording {args.edges}; "
        f"best of {args.repeats} interleaved repetitions\n"
        f"command: python benchmarks/bench_speed.py {' '.join(sys.argv[1:])}"
    )


# ---------------------------------------------------------------------------- timing
def best_times(variants: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """The fastest of ``repeats`` runs of each variant, the variants taking turns."""
    for run in variants.values():
        run()  # warm-up
    best = dict.fromkeys(variants, float("inf"))
    for _ in range(repeats):
        for name, run in variants.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def median_times(variants: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """The median of ``repeats`` runs of each variant, taking turns (for millisecond steps)."""
    for run in variants.values():
        run()
        run()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeats):
        for name, run in variants.items():
            start = time.perf_counter()
            run()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def _row(workload: str, ours: float, theirs: float | None, unit: str, target: str) -> str:
    scale = {"ms": 1e3, "us": 1e6, "s": 1.0, "MiB": 2.0**-20}[unit]
    mine = f"{ours * scale:.3g} {unit}"
    if theirs is None:
        return f"| {workload:<58} | {mine:>11} | {'(no torch)':>11} | {'':>6} | {target:<7} |"
    reference = f"{theirs * scale:.3g} {unit}"
    ratio = f"{ours / theirs:.2f}x"
    return f"| {workload:<58} | {mine:>11} | {reference:>11} | {ratio:>6} | {target:<7} |"


# ---------------------------------------------------------------------------- chains
def _chain(x, n_ops: int, act: str):
    activation = getattr(x, act)
    y = activation()
    for _ in range(n_ops // 3 - 1):
        y = getattr(y * 1.0001 + 0.0001, act)()
    return y


def _chain_variants(torch, shape: tuple[int, ...], n_ops: int, act: str) -> dict:
    import numpy as np

    from autograd import Tensor

    start = np.full(shape, 0.5)

    def ours() -> None:
        x = Tensor(start, requires_grad=True)
        _chain(x, n_ops, act).sum().backward()

    variants = {"graphgrad": ours}
    if torch is not None:

        def theirs() -> None:
            x = torch.tensor(start, requires_grad=True)
            _chain(x, n_ops, act).sum().backward()

        variants["torch"] = theirs
    return variants


def _chain_rows(torch, repeats: int, shape: tuple[int, ...], n_ops: int, what: str, target: str):
    for act in ("tanh", "relu"):
        times = best_times(_chain_variants(torch, shape, n_ops, act), repeats)
        label = f"{what}, {act}, fwd+bwd / op, x PyTorch"
        yield _row(label, times["graphgrad"] / n_ops, _per_op(times, n_ops), "us", target)


def _per_op(times: dict[str, float], n_ops: int) -> float | None:
    return times["torch"] / n_ops if "torch" in times else None


def chain_0d(torch, repeats: int):
    return _chain_rows(torch, repeats, (), 1000, "chain 1,000 ops, 0-d f64", "<=0.7x")


def chain_vec(torch, repeats: int):
    return _chain_rows(torch, repeats, (1000,), 1000, "chain 1,000 ops, 1,000-vector f64", "<=1.2x")


def chain_long(torch, repeats: int):
    return _chain_rows(torch, max(3, repeats // 5), (), 100_000, "chain 100,000 ops, 0-d", "<=1.3x")


# ---------------------------------------------------------------------------- MLP
def _mlp_setup():
    import numpy as np
    from bench_mlp import BATCH, SIZES, EngineStep, NumpyStep

    rng = np.random.default_rng(0)
    x = rng.random((BATCH, SIZES[0]), dtype=np.float32)
    y = rng.integers(0, SIZES[-1], size=BATCH)
    engine = EngineStep(x, y)
    return x, y, engine, NumpyStep(x, y, engine.weights())


def _matmul_floor(x, weights: list):
    """The 8 matrix products one step needs (3 forward, 3 weight gradients, 2 input gradients)."""
    w1, _, w2, _, w3, _ = weights
    h1 = x @ w1.T
    h2 = h1 @ w2.T
    logits = h2 @ w3.T

    def products() -> None:
        _ = x @ w1.T, h1 @ w2.T, h2 @ w3.T
        _ = logits.T @ h2, logits @ w3, h2.T @ h1, h2 @ w2, h1.T @ x

    return products


def _torch_mlp_step(torch, x, y, weights: list):
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 512),
        torch.nn.ReLU(),
        torch.nn.Linear(512, 256),
        torch.nn.ReLU(),
        torch.nn.Linear(256, 10),
    )
    with torch.no_grad():
        for param, value in zip(model.parameters(), weights, strict=True):
            param.copy_(torch.from_numpy(value))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    inputs, target = torch.from_numpy(x), torch.from_numpy(y)

    def step() -> None:
        loss = torch.nn.functional.cross_entropy(model(inputs), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return step


def mlp(torch, repeats: int):
    x, y, engine, numpy_step = _mlp_setup()
    variants = {
        "graphgrad": engine,
        "numpy": numpy_step,
        "matmuls": _matmul_floor(x, engine.weights()),
    }
    times = median_times(variants, max(repeats, 20))
    if torch is not None:
        # timed on its own, after the others: interleaved, torch's OpenMP threads (still
        # spinning after its step) took the CPU from whichever variant ran next, up to 2x here
        torch_step = {"torch": _torch_mlp_step(torch, x, y, engine.weights())}
        times.update(median_times(torch_step, max(repeats, 20)))
    ours, floor = times["graphgrad"], times["matmuls"]
    yield _row(
        "MLP step (784-512-256-10, b256, f32), x hand NumPy", ours, times["numpy"], "ms", "<=1.10x"
    )
    yield _row("MLP step, x the 8 matmuls it needs (BLAS floor)", ours, floor, "ms", "<=1.35x")
    if "torch" in times:
        yield _row("  PyTorch's MLP step, x the same 8 matmuls", times["torch"], floor, "ms", "")
        yield _row("  graphgrad MLP step, x PyTorch's", ours, times["torch"], "ms", "")


# ---------------------------------------------------------------------------- softmax CE
def softmax_ce(torch, repeats: int):
    import numpy as np
    from bench_engine import cross_entropy_numpy

    from autograd import from_numpy
    from nn import functional

    rng = np.random.default_rng(0)
    data = rng.standard_normal((1024, 1000))
    target = rng.integers(0, 1000, size=1024)

    def ours() -> None:
        logits = from_numpy(data).requires_grad_()
        functional.cross_entropy(logits, target).backward()

    variants = {"graphgrad": ours, "numpy": lambda: cross_entropy_numpy(data, target)}
    if torch is not None:
        torch_data, torch_target = torch.from_numpy(data), torch.from_numpy(target)

        def theirs() -> None:
            logits = torch_data.clone().requires_grad_()
            torch.nn.functional.cross_entropy(logits, torch_target).backward()

        variants["torch"] = theirs
    times = best_times(variants, repeats)
    label = "softmax CE 1024x1000 f64 fwd+bwd, x hand NumPy"
    yield _row(label, times["graphgrad"], times["numpy"], "ms", "<=1.3x")
    if "torch" in times:
        yield _row(
            "  PyTorch's F.cross_entropy, x hand NumPy", times["torch"], times["numpy"], "ms", ""
        )


# ---------------------------------------------------------------------------- moons
def _moons_program(lib, nn_lib, x, y):
    """micrograd's demo in tensors: 2-16-16-1 ReLU MLP, SVM max-margin loss + L2, SGD."""
    model = nn_lib.Sequential(
        nn_lib.Linear(2, 16),
        nn_lib.ReLU(),
        nn_lib.Linear(16, 16),
        nn_lib.ReLU(),
        nn_lib.Linear(16, 1),
    )
    inputs, labels = lib.tensor(x), lib.tensor(y)

    def train() -> float:
        loss_value = 0.0
        for k in range(100):
            scores = model(inputs)[:, 0]
            data_loss = (1 + -labels * scores).relu().mean()
            reg_loss = 1e-4 * sum((p * p).sum() for p in model.parameters())
            loss = data_loss + reg_loss
            for p in model.parameters():
                p.grad = None
            loss.backward()
            learning_rate = 1.0 - 0.9 * k / 100
            for p in model.parameters():
                p.data -= learning_rate * p.grad
            loss_value = float(loss.item())
        return loss_value

    return model, train


def moons(torch, repeats: int):
    import numpy as np
    from sklearn.datasets import make_moons

    import autograd
    import nn

    x, y = make_moons(n_samples=100, noise=0.1, random_state=1)
    y = (y * 2 - 1).astype(np.float64)
    x = x.astype(np.float64)
    autograd.set_default_dtype(np.float64)
    try:
        model, ours = _moons_program(autograd, nn, x, y)
        start_state = {name: value.copy() for name, value in model.state_dict().items()}

        def run_ours() -> None:
            model.load_state_dict(start_state)
            ours()

        variants = {"graphgrad": run_ours}
        if torch is not None:
            torch.set_default_dtype(torch.float64)
            torch_model, theirs = _moons_program(torch, torch.nn, x, y)
            torch_state = {k: torch.from_numpy(v.copy()) for k, v in start_state.items()}

            def run_theirs() -> None:
                torch_model.load_state_dict(torch_state)
                theirs()

            variants["torch"] = run_theirs
        times = best_times(variants, max(3, repeats // 3))
    finally:
        autograd.set_default_dtype(np.float32)
        if torch is not None:
            torch.set_default_dtype(torch.float32)
    label = "micrograd moons demo, 2-16-16-1, 100 steps, x PyTorch"
    yield _row(label, times["graphgrad"], times.get("torch"), "ms", "<=1.0x")


# ---------------------------------------------------------------------------- memory
def memory(torch, repeats: int):
    from bench_mlp import EngineStep, long_run, peak_memory

    x, y, engine, numpy_step = _mlp_setup()
    ours, floor = peak_memory(engine), peak_memory(numpy_step)
    yield _row("peak memory of one MLP step, x hand NumPy", ours, floor, "MiB", "<=1.0x")
    marks = long_run(EngineStep(x, y), 2000)
    (first, _), (last, _) = marks[10], marks[2000]
    growth = (last - first) / 2**20
    label = "memory growth, step 10 to step 2,000 (tracemalloc)"
    yield f"| {label:<58} | {growth:>7.3f} MiB | {'':>11} | {'':>6} | 0       |"


RUNNERS = {
    "chain-0d": chain_0d,
    "chain-vec": chain_vec,
    "chain-long": chain_long,
    "mlp": mlp,
    "softmax-ce": softmax_ce,
    "moons": moons,
    "memory": memory,
}

if __name__ == "__main__":
    sys.exit(main())
