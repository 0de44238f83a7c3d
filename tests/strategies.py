"""Hypothesis strategies for the property tests: shapes, broadcasts, axes, matmul operands,
and the awkward values (inf, NaN, empty and size-1 shapes, float16 sizes beyond 65,504).

Values themselves come from a seeded NumPy generator (``seeds``), which is much faster than
drawing every float through hypothesis and shrinks just as well for shape bugs.

The fuzz tests' example counts go through ``examples``: with ``GRAPHGRAD_FUZZ_LONG=1`` in the
environment each is multiplied by ``LONG_FACTOR``, and the ``graphgrad-long`` profile (ten
times the examples of the ``graphgrad`` profile) is loaded for every other property test:

    GRAPHGRAD_FUZZ_LONG=1 python -m pytest tests/reliability -q
"""

import os

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

MAX_SIDE = 4
FLOAT16_MAX = 65504  # the largest finite float16: counts and sums beyond it overflow
LONG = os.environ.get("GRAPHGRAD_FUZZ_LONG") == "1"
LONG_FACTOR = 10

if LONG:
    settings.register_profile(
        "graphgrad-long",
        parent=settings.get_profile("graphgrad"),
        max_examples=settings.get_profile("graphgrad").max_examples * LONG_FACTOR,
    )
    settings.load_profile("graphgrad-long")


def examples(regular: int) -> int:
    """The number of examples for a fuzz test: ``regular``, or ``LONG_FACTOR`` times it."""
    return regular * LONG_FACTOR if LONG else regular


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


def empty_or_unit_shapes(max_dims=3):
    """A shape with sides 0, 1 or 2 only: empty tensors and size-1 axes that broadcast."""
    return hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=0, max_side=2)


def broadcast_partners(shape):
    """A shape that broadcasts with ``shape`` (a side of 1 on either side, 0 included)."""
    return hnp.broadcastable_shapes(shape, min_dims=0, max_dims=len(shape), min_side=0, max_side=2)


# the values where masked backward formulas used to give NaN: 0, signed zeros and infinities
SPECIAL_VALUES = (-np.inf, -3.0, -1.0, -0.0, 0.0, 0.25, 1.0, 4.0, np.inf)


def special_arrays(min_dims=1, max_dims=2):
    """float64 arrays of ``SPECIAL_VALUES``: masked points (x <= 0), kinks and infinities."""
    return hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=3),
        elements=st.sampled_from(SPECIAL_VALUES),
    )


def nan_masks(max_side=MAX_SIDE):
    """A 2-D boolean array marking where an input holds NaN (at least one entry)."""
    shape = hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=max_side)
    return hnp.arrays(np.bool_, shape).filter(lambda mask: mask.any())


@st.composite
def large_float16_shapes(draw):
    """A 1-D or 2-D shape with more than 65,504 entries (float16's largest finite value)."""
    size = draw(st.integers(FLOAT16_MAX + 1, 3 * FLOAT16_MAX))
    if draw(st.booleans()):
        return (size,)
    rows = draw(st.sampled_from([2, 3, 7, 256]))
    return (rows, -(-size // rows))
