"""Argument checks shared by the Tensor, the ops and the functions: axes, shapes, indices.

Each normalises what a user may write (a negative axis, a ``-1`` in a shape, a list inside an
index) into one canonical form, or raises an error that names the operation and the shapes.
This module imports nothing of the library but its exception classes (``errors.py``: each a
``ValueError`` that PyTorch's ``except RuntimeError`` / ``except IndexError`` also catches), so
every other module may use it.

>>> normalize_axis(-1, 3, "sum")
(2,)
>>> normalize_shape((2, -1), (3, 4), "reshape")
(2, 6)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .errors import DimensionError, ShapeError

Axis = int | Sequence[int] | None

__all__ = [
    "Axis",
    "broadcast_shape",
    "broadcast_shapes",
    "has_repeats",
    "is_basic_index",
    "normalize_axis",
    "normalize_gather_index",
    "normalize_index",
    "normalize_permutation",
    "normalize_shape",
]


def normalize_axis(axis: Axis, ndim: int, op_name: str) -> tuple[int, ...] | None:
    """``None`` stays None; an int or a tuple becomes a sorted tuple of non-negative axes.

    >>> normalize_axis((0, -1), 3, "mean")
    (0, 2)
    """
    if axis is None:
        return None
    axes = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    normalized: list[int] = []
    for ax in axes:
        if not isinstance(ax, (int, np.integer)):
            raise TypeError(f"{op_name}: axis must be an int or a tuple of ints, got {axis!r}")
        if not -max(ndim, 1) <= ax < max(ndim, 1) or (ndim == 0 and ax not in (0, -1)):
            raise DimensionError(
                f"{op_name}: axis {ax} is out of range for a tensor with {ndim} dimensions "
                f"(valid: {-max(ndim, 1)} to {max(ndim, 1) - 1})"
            )
        normalized.append(int(ax) % max(ndim, 1))
    if len(set(normalized)) != len(normalized):
        raise ShapeError(
            f"{op_name}: repeated axis in {axis!r} (for a tensor with {ndim} dimensions)"
        )
    if ndim == 0:
        return ()
    return tuple(sorted(normalized))


def normalize_permutation(axes: Sequence[int], ndim: int) -> tuple[int, ...]:
    """``axes`` as a permutation of ``range(ndim)`` with negative axes resolved.

    >>> normalize_permutation((-1, 0), 2)
    (1, 0)
    """
    given = tuple(int(ax) for ax in axes)
    in_range = all(-ndim <= ax < ndim for ax in given)
    normalized = tuple(ax % ndim for ax in given) if ndim and in_range else given
    if len(given) != ndim or not in_range or sorted(normalized) != list(range(ndim)):
        raise ShapeError(
            f"transpose: axes {given} are not a permutation of the {ndim} axes of the tensor"
        )
    return normalized


def normalize_shape(
    shape: Sequence[int], old_shape: tuple[int, ...], op_name: str
) -> tuple[int, ...]:
    """The new shape for ``reshape``/``view``, with its one ``-1`` resolved.

    >>> normalize_shape((-1,), (2, 3), "reshape")
    (6,)
    """
    shape = tuple(int(n) for n in shape)
    size = int(math.prod(old_shape))
    if shape.count(-1) > 1:
        raise ShapeError(
            f"{op_name}: only one dimension can be -1, got {shape} for a tensor "
            f"of shape {old_shape}"
        )
    if -1 in shape:
        known = int(math.prod([n for n in shape if n != -1]))
        if known == 0 or size % known:
            raise ShapeError(
                f"{op_name}: cannot reshape a tensor of shape {old_shape} "
                f"({size} elements) into {shape}"
            )
        shape = tuple(size // known if n == -1 else n for n in shape)
    if any(n < 0 for n in shape) or int(math.prod(shape)) != size:
        raise ShapeError(
            f"{op_name}: cannot reshape a tensor of shape {old_shape} ({size} "
            f"elements) into {shape} ({int(math.prod(shape))} elements)"
        )
    return shape


def broadcast_shape(
    shape: tuple[int, ...], target: Sequence[int], op_name: str, requested: Sequence[int]
) -> tuple[int, ...]:
    """Check that ``shape`` broadcasts to ``target`` (NumPy rules) and return ``target``.

    >>> broadcast_shape((3, 1), (2, 3, 4), "expand", (2, 3, 4))
    (2, 3, 4)
    """
    target = tuple(int(n) for n in target)
    ok = len(target) >= len(shape) and all(
        old in (1, new) for old, new in zip(reversed(shape), reversed(target), strict=False)
    )
    if not ok:
        raise ShapeError(
            f"{op_name}: cannot broadcast a tensor of shape {shape} to {tuple(requested)}"
        )
    return target


def broadcast_shapes(op_name: str, *shapes: tuple[int, ...]) -> tuple[int, ...]:
    """The shape that ``shapes`` broadcast to, or a ShapeError (a ValueError) naming the op.

    >>> broadcast_shapes("add", (2, 1), (3,))
    (2, 3)
    """
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        shown = " and ".join(str(shape) for shape in shapes)
        raise ShapeError(
            f"{op_name}: shapes {shown} cannot be broadcast together "
            f"(NumPy broadcasting: trailing sizes must match or be 1)"
        ) from None


def is_basic_index(index: Any) -> bool:
    """True when the index uses only ints, slices, None and Ellipsis (no arrays).

    >>> is_basic_index((0, slice(1, 3))), is_basic_index(np.array([0, 1]))
    (True, False)
    """
    parts = index if isinstance(index, tuple) else (index,)
    return all(
        part is None or part is Ellipsis or isinstance(part, (int, np.integer, slice))
        for part in parts
    )


def has_repeats(index: Any, shape: tuple[int, ...]) -> bool:
    """Can this advanced index name the same position twice? (True when unsure.)

    >>> has_repeats((np.array([0, 0]),), (3,)), has_repeats((np.array([0, 1]),), (3,))
    (True, False)
    """
    parts = index if isinstance(index, tuple) else (index,)
    arrays = [part for part in parts if isinstance(part, np.ndarray)]
    if all(array.dtype == bool for array in arrays):
        return False  # masks select each position at most once
    if len(arrays) != len(parts) or any(array.dtype == bool for array in arrays):
        return True  # mixed with slices/ints: fall back to np.add.at
    try:
        flat = np.ravel_multi_index(np.broadcast_arrays(*arrays), shape[: len(arrays)], mode="wrap")
    except ValueError:
        return True
    return np.unique(flat).size != flat.size


def normalize_index(index: Any, shape: tuple[int, ...], op_name: str) -> Any:
    """Turn Tensors and lists inside an index into arrays and check them against ``shape``.

    Array-likes (Tensors) are copied: backward reuses the index, so it is a snapshot.

    >>> normalize_index([0, 2], (3,), "indexing")
    array([0, 2])
    """

    def convert(part: Any) -> Any:
        if hasattr(part, "__array__") and not isinstance(part, (np.ndarray, np.generic)):
            part = np.array(part)  # a Tensor: snapshot it like a saved value
        if isinstance(part, (list, tuple)):  # PyTorch reads a nested tuple as a sequence too
            part = np.asarray(part)
            if part.size == 0:
                part = part.astype(np.intp)
        elif isinstance(part, np.ndarray):
            part = part.copy()  # backward reuses the index: changing it later must not matter
        if isinstance(part, np.ndarray):
            if part.dtype.kind not in "iub":
                raise IndexError(
                    f"{op_name}: index arrays must hold integers or booleans, "
                    f"got dtype {part.dtype} (tensor shape {shape})"
                )
            return part
        if isinstance(part, (bool, np.bool_)):
            return part
        if part is None or part is Ellipsis or isinstance(part, (int, np.integer, slice)):
            return part
        raise IndexError(
            f"{op_name}: unsupported index {part!r} of type {type(part).__name__} "
            f"(tensor shape {shape}); use ints, slices, None, ..., integer arrays "
            f"or boolean masks"
        )

    if isinstance(index, list) and _sequence_is_tuple(index):
        index = tuple(index)  # PyTorch's legacy reading: x[[[0, 1], [1, 2]]] is x[[0, 1], [1, 2]]
    if isinstance(index, tuple):
        index = tuple(convert(part) for part in index)
    else:
        index = convert(index)
    _check_bounds(index, shape, op_name)
    return index


def split_integer_selections(index: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """PyTorch applies integers (and 0-d integer tensors) first, as selections, and only then
    the arrays and masks; NumPy counts integers among the advanced indices, which moves the
    result's axes (``x[0, :, [0, 1]]`` of a (2, 3, 4) tensor: (3, 2) in PyTorch, (2, 3) in
    NumPy). With both in one index, the two steps that give PyTorch's order; else None.

    >>> first, second = split_integer_selections((0, slice(None), np.array([0, 1])))
    >>> first[0], second[1]
    (0, array([0, 1]))
    """
    parts = index if isinstance(index, tuple) else (index,)

    def is_int(part: Any) -> bool:
        if isinstance(part, np.ndarray):
            return part.ndim == 0 and part.dtype.kind in "iu"
        return isinstance(part, (int, np.integer)) and not isinstance(part, (bool, np.bool_))

    def is_advanced(part: Any) -> bool:
        return isinstance(part, (bool, np.bool_)) or (
            isinstance(part, np.ndarray) and not is_int(part)
        )

    if not (any(is_int(part) for part in parts) and any(is_advanced(part) for part in parts)):
        return None
    first: list[Any] = []
    second: list[Any] = []
    for part in parts:
        if is_int(part):
            first.append(int(part))
        elif part is None or isinstance(part, (bool, np.bool_)):
            second.append(part)  # adds an axis (a bool: an advanced one, as in both libraries)
        elif part is Ellipsis:
            first.append(part)
            second.append(part)
        else:  # a slice, an integer array, or a mask over part.ndim axes
            consumed = part.ndim if isinstance(part, np.ndarray) and part.dtype == bool else 1
            first.extend([slice(None)] * consumed)
            second.append(part)
    return tuple(first), tuple(second)


def _sequence_is_tuple(index: list[Any]) -> bool:
    """PyTorch's ``treatSequenceAsTuple``: a list shorter than 32 that holds a sequence, a
    tensor, a slice, ``...`` or None indexes like the tuple of its items (ints alone: an array).

    >>> _sequence_is_tuple([[0, 1], [1, 2]]), _sequence_is_tuple([0, 1])
    (True, False)
    """
    if len(index) >= 32:
        return False
    return any(
        part is None
        or part is Ellipsis
        or isinstance(part, (slice, list, tuple, np.ndarray))
        or (hasattr(part, "__array__") and not isinstance(part, np.generic))
        for part in index
    )


def _check_bounds(index: Any, shape: tuple[int, ...], op_name: str) -> None:
    """Raise a clear IndexError for out-of-range ints/arrays and mismatched boolean masks."""
    parts = index if isinstance(index, tuple) else (index,)
    consumed = sum(
        1 if not (part is None or part is Ellipsis) else 0
        for part in parts
        if not (isinstance(part, np.ndarray) and part.dtype == bool)
    ) + sum(part.ndim for part in parts if isinstance(part, np.ndarray) and part.dtype == bool)
    if consumed > len(shape):
        raise IndexError(f"{op_name}: too many indices ({consumed}) for a tensor of shape {shape}")
    axis = 0
    for part in parts:
        if part is Ellipsis:
            axis = len(shape) - (consumed - axis)
            continue
        if part is None:
            continue
        if isinstance(part, np.ndarray) and part.dtype == bool:
            expected = shape[axis : axis + part.ndim]
            if part.shape != expected:
                raise IndexError(
                    f"{op_name}: boolean mask of shape {part.shape} does not "
                    f"match the tensor's dimensions {expected} at axis {axis} "
                    f"(tensor shape {shape})"
                )
            axis += part.ndim
            continue
        if isinstance(part, (int, np.integer, np.ndarray)) and not isinstance(part, bool):
            size = shape[axis]
            values = np.asarray(part)
            if values.size and (values.max() >= size or values.min() < -size):
                bad = values.max() if values.max() >= size else values.min()
                raise IndexError(
                    f"{op_name}: index {int(bad)} is out of range for axis {axis} "
                    f"with size {size} (tensor shape {shape})"
                )
        axis += 1


def normalize_gather_index(
    index: Any,
    op_name: str,
    shape: tuple[int, ...],
    dim: int,
    src_shape: tuple[int, ...] | None = None,
) -> tuple[int, np.ndarray]:
    """``(dim, index)`` for ``gather``/``scatter``: ``dim`` made non-negative and the index an
    int64 snapshot, checked as PyTorch checks it (integer dtype, as many dimensions as the
    tensor, no larger than it apart from ``dim`` nor than ``src``, entries within ``dim``).

    >>> normalize_gather_index([[1], [0]], "gather", (2, 3), -1)
    (1, array([[1],
           [0]]))
    """
    array = np.array(index.data if hasattr(index, "_op") else index)
    if array.dtype.kind not in "iu" and array.size:  # PyTorch lets an empty index be float
        raise TypeError(
            f"{op_name}(): expected an int64 (or int32) index, got dtype {array.dtype} "
            f"(index shape {array.shape}, tensor shape {shape})"
        )
    axes = normalize_axis(dim, len(shape), op_name)
    axis = axes[0] if axes else 0
    if array.ndim != len(shape) and not (array.ndim <= 1 and len(shape) <= 1):
        raise ShapeError(
            f"{op_name}(): the index must have as many dimensions as the tensor, got index "
            f"shape {array.shape} for a tensor of shape {shape}"
        )
    flat = array.ndim <= 1 and len(shape) <= 1  # PyTorch takes 0-d and 1-d for one another
    too_big = not flat and any(
        n > m for d, (n, m) in enumerate(zip(array.shape, shape, strict=True)) if d != axis
    )
    if src_shape is not None and not (flat and len(src_shape) <= 1):
        too_big = too_big or len(src_shape) != array.ndim
        too_big = too_big or any(n > m for n, m in zip(array.shape, src_shape, strict=False))
    elif src_shape is not None:
        too_big = array.size > max(1, int(np.prod(src_shape)))
    if too_big:
        src = "" if src_shape is None else f" and to be no larger than src {src_shape}"
        raise ShapeError(
            f"{op_name}(): expected index {array.shape} to be no larger than the tensor "
            f"{shape} apart from dimension {axis}{src}"
        )
    size = shape[axis] if shape else 1
    if array.size and (array.min() < 0 or array.max() >= size):
        bad = array.min() if array.min() < 0 else array.max()
        raise IndexError(
            f"{op_name}(): index {int(bad)} is out of bounds for dimension {axis} with size "
            f"{size} (tensor shape {shape}, index shape {array.shape})"
        )
    return axis, array.astype(np.int64)
