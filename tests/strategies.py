"""Hypothesis strategies for the property tests: shapes, broadcasts, axes, matmul operands.

Values themselves come from a seeded NumPy generator (``seeds``), which is much faster than
drawing every float through hypothesis and shrinks just as well for shape bugs.
"""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

MAX_SIDE = 4


def seeds():
    """A seed for ``np.random.default_rng``: the random values of one example."""
    return st.integers(min_value=0, max_value=2**32 - 1)


def shapes(min_dims=0, max_dims=3, min_side=1, max_side=MAX_SIDE):
    """A tensor shape, 0-d (scalar) included by default."""
    return hnp.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    )


def broadcast_pairs(max_dims=3):
    """Two shapes that broadcast together; either one may be the stretched one.

    Returns ``(shape_a, shape_b)``; sizes of 1 and missing leading axes occur on both sides.
    """
    return hnp.mutually_broadcastable_shapes(
        num_shapes=2, min_dims=0, max_dims=max_dims, min_side=1, max_side=MAX_SIDE
    ).map(lambda shapes: shapes.input_shapes)


@st.composite
def shape_and_axis(draw, min_dims=1, max_dims=3):
    """A shape and an ``axis`` argument for a reduction over it.

    The axis is None, a single (possibly negative) int, or a tuple of distinct axes in any
    order, with negative spellings mixed in.
    """
    shape = draw(shapes(min_dims=min_dims, max_dims=max_dims))
    ndim = len(shape)
    kind = draw(st.sampled_from(["none", "int", "tuple"]))
    if kind == "none":
        return shape, None
    if kind == "int":
        return shape, draw(st.integers(min_value=-ndim, max_value=ndim - 1))
    axes = draw(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True))
    spelled = []
    for axis in axes:
        spelled.append(axis - ndim if draw(st.booleans()) else axis)
    return shape, tuple(spelled)


@st.composite
def matmul_shapes(draw):
    """Shapes ``(a, b)`` valid for ``a @ b``: 1-D on either side, 2-D, and batched operands
    whose batch dimensions broadcast against each other."""
    rows, inner, cols = (draw(st.integers(1, MAX_SIDE)) for _ in range(3))
    kind_a = draw(st.sampled_from(["vector", "matrix", "batched"]))
    kind_b = draw(st.sampled_from(["vector", "matrix", "batched"]))
    batch_a, batch_b = draw(
        hnp.mutually_broadcastable_shapes(
            num_shapes=2, min_dims=1, max_dims=2, min_side=1, max_side=3
        )
    ).input_shapes
    shape_a = {
        "vector": (inner,),
        "matrix": (rows, inner),
        "batched": (*batch_a, rows, inner),
    }[kind_a]
    shape_b = {
        "vector": (inner,),
        "matrix": (inner, cols),
        "batched": (*batch_b, inner, cols),
    }[kind_b]
    return shape_a, shape_b


def random_array(seed, shape, low=None, high=None):
    """float64 values for a drawn seed: standard normal, or uniform in [low, high)."""
    rng = np.random.default_rng(seed)
    if low is None:
        return rng.standard_normal(shape)
    return rng.uniform(low, high, size=shape)


def distinct_array(seed, shape):
    """float64 values far apart from each other and from 0 (no ties, no kinks nearby)."""
    rng = np.random.default_rng(seed)
    size = int(np.prod(shape))
    values = rng.permutation(size) - size / 2 + 0.25
    return values.reshape(shape).astype(np.float64)
