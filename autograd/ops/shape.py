"""Shape primitives: reshape, transpose, broadcast, indexing, joining. Gradients only move."""

from __future__ import annotations

import numpy as np

from .base import Op, unbroadcast


class Reshape(Op):
    # the gradient is reshaped back
    name = "reshape"
    saves_inputs = False
    makes_view = True

    def forward(self, a):
        return a.reshape(self.shape)

    def backward(self, grad):
        return (grad.reshape(self.inputs[0].shape),)


class Transpose(Op):
    # the gradient is permuted back with the inverse permutation
    name = "transpose"
    saves_inputs = False
    makes_view = True

    def forward(self, a):
        return a.transpose(self.axes)

    def backward(self, grad):
        return (grad.permute(*np.argsort(self.axes)),)


class Expand(Op):
    # broadcasting copies entries, so their gradients are summed back
    name = "expand"
    saves_inputs = False
    makes_view = True

    def forward(self, a):
        return np.broadcast_to(a, self.shape)

    def backward(self, grad):
        return (unbroadcast(grad, self.inputs[0].shape),)


class GetItem(Op):
    # the gradient goes back to the picked positions; repeated indices accumulate
    name = "getitem"
    saves_inputs = False
    makes_view = True

    def forward(self, a):
        out = a[self.index]
        if out.base is not None and not is_basic_index(self.index):
            # an advanced index copies, but NumPy may return a view of its own scratch buffer:
            # that must not pass for a view of `a` (it would share a's version counter)
            out = out.copy()
        return out

    def backward(self, grad):
        return (IndexAdd.apply(grad, index=self.index, shape=self.inputs[0].shape),)


class IndexAdd(Op):
    # zeros of `shape` with grad added at `index` (np.add.at); its gradient is indexing again
    name = "index_add"
    saves_inputs = False

    def forward(self, grad):
        out = np.zeros(self.shape, dtype=grad.dtype)
        if is_basic_index(self.index) or not _has_repeats(self.index, self.shape):
            out[self.index] = grad  # each position is named once: plain assignment is exact
        else:
            np.add.at(out, self.index, grad)  # repeated positions must accumulate
        return out

    def backward(self, grad):
        return (GetItem.apply(grad, index=self.index),)


class Concatenate(Op):
    # each input gets back its own slice of the gradient
    name = "concatenate"
    saves_inputs = False

    def forward(self, *arrays):
        return np.concatenate(arrays, axis=self.axis)

    def backward(self, grad):
        grads, start = [], 0
        for tensor, needed in zip(self.inputs, self.needs_grad):
            stop = start + tensor.shape[self.axis]
            index = (slice(None),) * self.axis + (slice(start, stop),)
            grads.append(grad[index] if needed else None)
            start = stop
        return tuple(grads)


class Stack(Op):
    # input i gets back the i-th slice of the gradient along the new axis
    name = "stack"
    saves_inputs = False

    def forward(self, *arrays):
        return np.stack(arrays, axis=self.axis)

    def backward(self, grad):
        lead = (slice(None),) * self.axis
        return tuple(
            grad[lead + (i,)] if needed else None for i, needed in enumerate(self.needs_grad)
        )


def is_basic_index(index) -> bool:
    """True when the index uses only ints, slices, None and Ellipsis (no arrays)."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(
        part is None or part is Ellipsis or isinstance(part, (int, np.integer, slice))
        for part in parts
    )


def _has_repeats(index, shape: tuple) -> bool:
    """Can this advanced index name the same position twice? (True when unsure.)"""
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


def normalize_index(index, shape: tuple, op_name: str):
    """Turn Tensors and lists inside an index into arrays and check them against ``shape``."""
    from ..tensor import Tensor

    def convert(part):
        if isinstance(part, Tensor):
            part = part.data.copy()  # backward reuses the index: snapshot it like a saved value
        if isinstance(part, list):
            part = np.asarray(part)
            if part.size == 0:
                part = part.astype(np.intp)
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

    if isinstance(index, tuple):
        index = tuple(convert(part) for part in index)
    else:
        index = convert(index)
    _check_bounds(index, shape, op_name)
    return index


def _check_bounds(index, shape: tuple, op_name: str) -> None:
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
    for position, part in enumerate(parts):
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
