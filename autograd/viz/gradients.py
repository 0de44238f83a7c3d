"""Arithmetic on the gradients that flowed along edges: sums at forks, sizes, round-off.

A tensor used twice receives two gradients, and its node prints their sum; a collapsed box
sends one arrow per input, carrying the sum of what its ops sent. Large gradients are only
kept as a ``GradSummary`` (shape, norm, perhaps range), which cannot be added exactly: their
sum is the bound the triangle inequality gives.

>>> sum_grads([np.array([1.0, 2.0]), np.array([0.5, 0.5])]).tolist()
[1.5, 2.5]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from ..edges import GradSummary
from .graph import ComputationGraph, EdgeGrad, edge_grads

if TYPE_CHECKING:
    from ..ops.base import Op
    from ..tensor import Tensor

__all__ = [
    "GradientScale",
    "arrow_width",
    "gradient_scale",
    "is_zero",
    "largest",
    "magnitude",
    "node_gradient",
    "sum_grads",
]


class GradientScale(NamedTuple):
    """Of all the gradients in a graph: what counts as round-off, and their median size.

    >>> GradientScale(tolerance=0.0, median=1.0).median
    1.0
    """

    tolerance: float  # gradients this close to zero print as ≈0 and are drawn dashed
    median: float  # median root-mean-square size, the reference for widths by magnitude


def is_zero(grad: EdgeGrad, zero_tolerance: float = 0.0) -> bool:
    """True for a gradient that is (within round-off) all zeros: drawn dashed.

    >>> is_zero(np.array([0.0, 1e-9]), zero_tolerance=1e-6), is_zero(np.array([0.1]))
    (True, False)
    """
    if isinstance(grad, GradSummary):
        return largest(grad) <= zero_tolerance or grad.norm == 0
    array = np.asarray(grad)
    return array.size > 0 and bool(np.all(np.abs(array) <= zero_tolerance))


def magnitude(grad: EdgeGrad) -> float:
    """Root-mean-square size of a gradient (independent of its shape): for width by magnitude.

    >>> magnitude(np.array([3.0, -3.0, 3.0, -3.0]))
    3.0
    """
    if isinstance(grad, GradSummary):
        count = int(np.prod(grad.shape)) or 1
        return grad.norm / math.sqrt(count)
    array = np.asarray(grad, dtype=np.float64)
    return float(np.sqrt(np.mean(array * array))) if array.size else 0.0


def largest(grad: EdgeGrad) -> float:
    """Largest absolute entry of a gradient (for a summary without min and max: its norm,
    an upper bound).

    >>> largest(np.array([1.0, -4.0, 2.0]))
    4.0
    """
    if isinstance(grad, GradSummary):
        if grad.min is None or grad.max is None:
            return grad.norm
        return max(abs(grad.min), abs(grad.max))
    array = np.asarray(grad)
    return float(np.max(np.abs(array))) if array.size else 0.0


def gradient_scale(graph: ComputationGraph) -> GradientScale:
    """Round-off tolerance for printing ≈0, and the median gradient size (for widths).

    >>> from autograd import Tensor
    >>> from autograd.viz.graph import ComputationGraph
    >>> y = (Tensor([1.0, 2.0], requires_grad=True) * 3.0).sum()
    >>> y.backward()
    >>> gradient_scale(ComputationGraph(y)).median  # both edges carry 3s and 1s
    2.0
    """
    largest_entry, sizes, eps = 0.0, [], 0.0
    for op, _ in graph.ops:
        for grad in edge_grads(op) or ():
            if grad is None:
                continue
            largest_entry = max(largest_entry, largest(grad))
            size = magnitude(grad)
            if size > 0 and math.isfinite(size):
                sizes.append(size)
            if np.dtype(grad.dtype).kind == "f":
                eps = max(eps, float(np.finfo(grad.dtype).eps))
    median = float(np.median(sizes)) if sizes else 1.0
    return GradientScale(16 * eps * largest_entry, median)


def arrow_width(grad: EdgeGrad, median: float | None, fresh: bool, zero: bool) -> float:
    """The pen width of a red arrow: by magnitude, relative to ``median`` (None: fixed).

    A gradient ten times the median is drawn 1.1 pt wider; an arrow that has just arrived in
    the player is at least 2.6 pt.

    >>> arrow_width(np.array([10.0]), median=1.0, fresh=False, zero=False)
    2.4
    """
    width = 1.3
    if median is not None and not zero:
        size = magnitude(grad)
        if math.isfinite(size) and size > 0:
            width = min(6.0, max(0.35, 1.3 + 1.1 * math.log10(size / median)))
        else:
            width = 6.0
    if fresh:
        width = max(width, 2.6)
    return width


def _add_arrays(grads: Sequence[np.ndarray]) -> np.ndarray:
    total = np.asarray(grads[0], dtype=np.float64)
    for grad in grads[1:]:
        total = total + grad
    return total.astype(np.asarray(grads[0]).dtype)


def _summary_sum(grads: Sequence[EdgeGrad]) -> GradSummary:
    """A summary cannot be added exactly: the bound that the triangle inequality gives."""
    norm = sum(
        grad.norm
        if isinstance(grad, GradSummary)
        else float(np.linalg.norm(np.asarray(grad, dtype=np.float64)))
        for grad in grads
    )
    first = grads[0]
    low: float = 0.0
    high: float = 0.0
    for grad in grads:
        if isinstance(grad, GradSummary):
            if grad.min is None or grad.max is None:
                return GradSummary(tuple(first.shape), first.dtype, norm)
            low, high = low + grad.min, high + grad.max
        else:
            low, high = low + float(np.min(grad)), high + float(np.max(grad))
    return GradSummary(tuple(first.shape), first.dtype, norm, low, high)


def sum_grads(grads: Sequence[EdgeGrad]) -> EdgeGrad:
    """The sum of the gradients that flowed into one tensor (exact, or bounded for summaries).

    >>> from autograd.edges import GradSummary
    >>> both = sum_grads([GradSummary((9,), np.dtype("float32"), 3.0), np.zeros(9)])
    >>> both.norm, both.min
    (3.0, None)
    """
    if len(grads) == 1:
        return grads[0]
    if any(isinstance(grad, GradSummary) for grad in grads):
        return _summary_sum(grads)
    return _add_arrays([grad for grad in grads if isinstance(grad, np.ndarray)])


def node_gradient(
    graph: ComputationGraph, tensor: Tensor, shows: Callable[[Op], bool]
) -> tuple[EdgeGrad | None, bool]:
    """The gradient printed inside a tensor node, and whether it is still pending.

    Printed for leaves that require grad (their ``.grad``), for the root (the seed, 1), and
    where a tensor is used more than once (the sum of its red edges: gradients add at forks).
    ``shows(op)`` tells whether ``op``'s gradients have arrived in the frame drawn.

    >>> from autograd import Tensor
    >>> from autograd.viz.graph import ComputationGraph
    >>> x = Tensor(3.0, requires_grad=True)
    >>> square = x * x
    >>> square.backward()
    >>> node_gradient(ComputationGraph(square), x, shows=lambda op: True)
    (array(6., dtype=float32), False)
    """
    if not graph.has_gradients:
        return None, False
    uses = []
    for op, position in graph.consumers.get(id(tensor), ()):
        grads = edge_grads(op)
        if grads is not None and grads[position] is not None:
            uses.append((op, grads[position]))
    pending = any(not shows(op) for op, _ in uses)
    if tensor is graph.root:
        if tensor.size == 1 and tensor.grad_fn is not None:
            return np.ones(tensor.shape, dtype=tensor.dtype), False
        return tensor.grad, False
    if tensor.grad is not None and (tensor.is_leaf or len(uses) < 2):
        return tensor.grad, pending
    if len(uses) < 2:
        return None, False
    flowed = [grad for _, grad in uses if grad is not None]
    if any(isinstance(grad, GradSummary) for grad in flowed):
        return None, False
    return sum_grads(flowed), pending
