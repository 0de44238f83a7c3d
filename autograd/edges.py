"""What flowed along each edge: what the reverse pass keeps of every edge's gradient for drawings.

At each node, the reverse pass (``engine._send_back``) stores what it sends to each input on
the op as ``op.edge_grads``, one entry per input: the array itself when it has at most
``SMALL_EDGE_GRAD`` elements (kept by reference; the engine then never adds into it), a
``GradSummary`` when it is larger, None where nothing flows. That is what ``viz.draw`` prints
on the red arrows. It is on by default, so that ``loss.backward(); viz.draw(loss)`` just works
whichever was imported first; ``autograd.record_edge_grads(False)`` switches it off (per
thread, like every recording setting in ``grad_mode``).

>>> import autograd
>>> x = autograd.Tensor([1.0, 2.0], requires_grad=True)
>>> y = (x * 3).sum()
>>> y.backward()
>>> y.grad_fn.edge_grads  # sum sent ones to its input
(array([1., 1.], dtype=float32),)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["SMALL_EDGE_GRAD", "Edge", "GradSummary", "summarize"]

#: Edge gradients with at most this many elements are kept whole (by reference: the engine never
#: writes into an array kept here); larger ones as a ``GradSummary``, so a training loop
#: pays neither memory nor more than one pass per large edge for them.
SMALL_EDGE_GRAD = 4096


class GradSummary(NamedTuple):
    """What is kept of a large gradient for drawing: its shape, dtype and norm.

    ``min``/``max`` are optional (None when not computed: the recorder computes only the norm,
    one pass over the array, to keep the backward pass cheap).

    >>> GradSummary((2, 3), np.dtype("float32"), 1.5).norm
    1.5
    """

    shape: tuple[int, ...]
    dtype: np.dtype
    norm: float
    min: float | None = None
    max: float | None = None


#: What ``op.edge_grads`` holds per input.
Edge = np.ndarray | GradSummary | None


def summarize(data: np.ndarray) -> GradSummary:
    """Shape, dtype and norm of a large gradient, in one pass over it.

    A broadcast view is measured on its compact base (so summing a gradient back over a batch
    costs nothing extra), and a transposed view without a copy.

    >>> summarize(np.full((100, 100), 0.5)).norm
    50.0
    """
    compact, repeats = _compact(data)
    if compact.dtype.kind != "f" or compact.ndim > 26:
        squares = float(np.sum(np.square(compact, dtype=np.float64)))
    elif compact.flags.c_contiguous or compact.flags.f_contiguous:
        flat = compact.ravel(order="K")  # a view, also for transposed (F-ordered) gradients
        squares = float(np.dot(flat, flat))
    else:
        letters = "abcdefghijklmnopqrstuvwxyz"[: compact.ndim]
        squares = float(np.einsum(f"{letters},{letters}->", compact, compact))  # no temporary
    return GradSummary(data.shape, data.dtype, float(np.sqrt(squares * repeats)))


def _compact(data: np.ndarray) -> tuple[np.ndarray, int]:
    """For a broadcast view, the un-repeated values and how often each is repeated."""
    if 0 not in data.strides or data.size == 0:
        return data, 1
    index = tuple(slice(0, 1) if stride == 0 else slice(None) for stride in data.strides)
    compact = data[index]
    return compact, data.size // compact.size
