"""``torch.NAME`` shape and layout functions as ``autograd.NAME``.

Each function that PyTorch also has as a Tensor method calls that method (``autograd.flip(x,
(0,))`` is ``x.flip(0)``), accepting anything ``to_tensor`` accepts. The joining functions
(``hstack``, ``vstack``, ``dstack``, ``column_stack``), ``atleast_1d/2d/3d`` and
``broadcast_tensors`` exist only here; they are compositions of reshapes, expands and
``concatenate``. PyTorch's views are copies here: values and gradients are the same.

>>> from autograd import Tensor
>>> x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
>>> trace(x).backward()
>>> x.grad  # d trace(x) / dx = I
array([[1., 0.],
       [0., 1.]], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import checks
from .functions import concatenate
from .tensor import Tensor, to_tensor

__all__ = [
    "atleast_1d",
    "atleast_2d",
    "atleast_3d",
    "broadcast_tensors",
    "broadcast_to",
    "chunk",
    "column_stack",
    "diag",
    "diag_embed",
    "diagonal",
    "dsplit",
    "dstack",
    "flatten",
    "flip",
    "fliplr",
    "flipud",
    "hsplit",
    "hstack",
    "moveaxis",
    "movedim",
    "narrow",
    "permute",
    "ravel",
    "repeat_interleave",
    "reshape",
    "roll",
    "split",
    "squeeze",
    "swapaxes",
    "swapdims",
    "t",
    "tensor_split",
    "tile",
    "trace",
    "transpose",
    "tril",
    "triu",
    "unbind",
    "unflatten",
    "unsqueeze",
    "vsplit",
    "vstack",
]

Dims = int | Sequence[int]


def flip(x: Any, dims: Dims) -> Tensor:
    """``torch.flip``: reverse the entries along ``dims`` (see ``Tensor.flip``).

    >>> flip([1.0, 2.0, 3.0], (0,))
    Tensor([3., 2., 1.])
    """
    return to_tensor(x).flip(dims)


def fliplr(x: Any) -> Tensor:
    """``torch.fliplr``: reverse the columns (see ``Tensor.fliplr``).

    >>> fliplr([[1.0, 2.0]])
    Tensor([[2., 1.]])
    """
    return to_tensor(x).fliplr()


def flipud(x: Any) -> Tensor:
    """``torch.flipud``: reverse the rows (see ``Tensor.flipud``).

    >>> flipud([[1.0], [2.0]])
    Tensor([[2.],
            [1.]])
    """
    return to_tensor(x).flipud()


def roll(x: Any, shifts: Dims, dims: Dims | None = None) -> Tensor:
    """``torch.roll``: shift the entries cyclically (see ``Tensor.roll``).

    >>> roll([1.0, 2.0, 3.0], 1)
    Tensor([3., 1., 2.])
    """
    return to_tensor(x).roll(shifts, dims)


def tile(x: Any, dims: Sequence[int]) -> Tensor:
    """``torch.tile``: repeat the tensor ``dims[i]`` times along axis i (see ``Tensor.tile``).

    >>> tile([1.0, 2.0], (2,))
    Tensor([1., 2., 1., 2.])
    """
    return to_tensor(x).tile(tuple(dims))


def repeat_interleave(
    x: Any, repeats: Any = None, dim: int | None = None, *, output_size: int | None = None
) -> Tensor:
    """``torch.repeat_interleave``: repeat each entry in place (see
    ``Tensor.repeat_interleave``). With ``repeats`` omitted, ``x`` holds counts and the result
    is each index repeated that many times, as PyTorch's one-argument form.

    >>> repeat_interleave([1.0, 2.0], 2)
    Tensor([1., 1., 2., 2.])
    >>> repeat_interleave(Tensor(np.array([2, 1])))
    Tensor([0, 0, 1], dtype=int64)
    """
    tensor = to_tensor(x)
    if repeats is not None:
        return tensor.repeat_interleave(repeats, dim, output_size=output_size)
    if tensor.ndim != 1 or tensor.dtype.kind not in "iu":
        raise TypeError(
            f"repeat_interleave: with no repeats, the input must be a 1-D tensor of integer "
            f"counts, got {tensor.dtype} of shape {tensor.shape}"
        )
    indices = Tensor._wrap(np.arange(tensor.shape[0], dtype=np.int64))
    return indices.repeat_interleave(tensor, output_size=output_size)


def tril(x: Any, diagonal: int = 0) -> Tensor:
    """``torch.tril``: the lower triangle of the last two axes (see ``Tensor.tril``).

    >>> tril([[1.0, 2.0], [3.0, 4.0]])
    Tensor([[1., 0.],
            [3., 4.]])
    """
    return to_tensor(x).tril(diagonal)


def triu(x: Any, diagonal: int = 0) -> Tensor:
    """``torch.triu``: the upper triangle of the last two axes (see ``Tensor.triu``).

    >>> triu([[1.0, 2.0], [3.0, 4.0]])
    Tensor([[1., 2.],
            [0., 4.]])
    """
    return to_tensor(x).triu(diagonal)


def diagonal(x: Any, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """``torch.diagonal``: a diagonal of the planes ``(dim1, dim2)`` (see ``Tensor.diagonal``).

    >>> diagonal([[1.0, 2.0], [3.0, 4.0]], 1)
    Tensor([2.])
    """
    return to_tensor(x).diagonal(offset, dim1, dim2)


def diag(x: Any, diagonal: int = 0) -> Tensor:
    """``torch.diag``: a vector as a diagonal matrix, a matrix's diagonal as a vector (see
    ``Tensor.diag``).

    >>> diag([[1.0, 2.0], [3.0, 4.0]])
    Tensor([1., 4.])
    """
    return to_tensor(x).diag(diagonal)


def diag_embed(x: Any, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """``torch.diag_embed``: matrices with the last axis on their diagonal (see
    ``Tensor.diag_embed``).

    >>> diag_embed([1.0, 2.0])
    Tensor([[1., 0.],
            [0., 2.]])
    """
    return to_tensor(x).diag_embed(offset, dim1, dim2)


def trace(x: Any) -> Tensor:
    """``torch.trace``: the sum of a matrix's main diagonal (see ``Tensor.trace``).

    >>> trace([[1.0, 2.0], [3.0, 4.0]])
    Tensor(5.)
    """
    return to_tensor(x).trace()


def unflatten(x: Any, dim: int, sizes: Sequence[int]) -> Tensor:
    """``torch.unflatten``: split one axis into several (see ``Tensor.unflatten``).

    >>> unflatten([1.0, 2.0, 3.0, 4.0], 0, (2, -1)).shape
    (2, 2)
    """
    return to_tensor(x).unflatten(dim, sizes)


def split(x: Any, split_size_or_sections: int | Sequence[int], dim: int = 0) -> tuple[Tensor, ...]:
    """``torch.split``: pieces of a size, or of the given sizes (see ``Tensor.split``).

    >>> split([1.0, 2.0, 3.0], [1, 2])
    (Tensor([1.]), Tensor([2., 3.]))
    """
    return to_tensor(x).split(split_size_or_sections, dim)


def chunk(x: Any, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """``torch.chunk``: ``chunks`` pieces of equal size (see ``Tensor.chunk``).

    >>> chunk([1.0, 2.0, 3.0], 2)
    (Tensor([1., 2.]), Tensor([3.]))
    """
    return to_tensor(x).chunk(chunks, dim)


def tensor_split(x: Any, indices_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """``torch.tensor_split``: sections of nearly equal size, or the pieces between indices
    (see ``Tensor.tensor_split``).

    >>> tensor_split([1.0, 2.0, 3.0], [1])
    (Tensor([1.]), Tensor([2., 3.]))
    """
    return to_tensor(x).tensor_split(indices_or_sections, dim)


def hsplit(x: Any, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """``torch.hsplit``: ``tensor_split`` along the columns (see ``Tensor.hsplit``).

    >>> hsplit([[1.0, 2.0]], 2)
    (Tensor([[1.]]), Tensor([[2.]]))
    """
    return to_tensor(x).hsplit(indices_or_sections)


def vsplit(x: Any, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """``torch.vsplit``: ``tensor_split`` along the rows (see ``Tensor.vsplit``).

    >>> vsplit([[1.0], [2.0]], 2)
    (Tensor([[1.]]), Tensor([[2.]]))
    """
    return to_tensor(x).vsplit(indices_or_sections)


def dsplit(x: Any, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """``torch.dsplit``: ``tensor_split`` along the third axis (see ``Tensor.dsplit``).

    >>> [piece.shape for piece in dsplit([[[1.0, 2.0]]], [1])]
    [(1, 1, 1), (1, 1, 1)]
    """
    return to_tensor(x).dsplit(indices_or_sections)


def unbind(x: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """``torch.unbind``: the slices along ``dim`` (see ``Tensor.unbind``).

    >>> unbind([[1.0, 2.0], [3.0, 4.0]])
    (Tensor([1., 2.]), Tensor([3., 4.]))
    """
    return to_tensor(x).unbind(dim)


def narrow(x: Any, dim: int, start: int, length: int) -> Tensor:
    """``torch.narrow``: ``length`` entries from ``start`` along ``dim`` (see
    ``Tensor.narrow``).

    >>> narrow([1.0, 2.0, 3.0], 0, 1, 2)
    Tensor([2., 3.])
    """
    return to_tensor(x).narrow(dim, start, length)


def movedim(x: Any, source: Dims, destination: Dims) -> Tensor:
    """``torch.movedim``: move axes to new positions (see ``Tensor.movedim``).

    >>> movedim([[[1.0, 2.0]]], -1, 0).shape
    (2, 1, 1)
    """
    return to_tensor(x).movedim(source, destination)


moveaxis = movedim


def swapaxes(x: Any, axis0: int, axis1: int) -> Tensor:
    """``torch.swapaxes``: exchange two axes (see ``Tensor.swapaxes``).

    >>> swapaxes([[1.0, 2.0]], 0, 1).shape
    (2, 1)
    """
    return to_tensor(x).swapaxes(axis0, axis1)


def swapdims(x: Any, dim0: int, dim1: int) -> Tensor:
    """``torch.swapdims``: exchange two axes (see ``Tensor.swapdims``).

    >>> swapdims([[1.0, 2.0]], 0, 1).shape
    (2, 1)
    """
    return to_tensor(x).swapdims(dim0, dim1)


def transpose(x: Any, dim0: int, dim1: int) -> Tensor:
    """``torch.transpose``: exchange the axes ``dim0`` and ``dim1``.

    >>> transpose([[1.0, 2.0]], 0, 1).shape
    (2, 1)
    """
    return to_tensor(x).swapaxes(dim0, dim1)


def permute(x: Any, dims: Sequence[int]) -> Tensor:
    """``torch.permute``: reorder the axes (see ``Tensor.permute``).

    >>> permute([[1.0, 2.0]], (1, 0)).shape
    (2, 1)
    """
    return to_tensor(x).permute(tuple(dims))


def reshape(x: Any, shape: Sequence[int]) -> Tensor:
    """``torch.reshape``: the same entries in a new shape, one size may be -1 (see
    ``Tensor.reshape``).

    >>> reshape([1.0, 2.0, 3.0, 4.0], (2, -1)).shape
    (2, 2)
    """
    return to_tensor(x).reshape(tuple(shape))


def flatten(x: Any, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """``torch.flatten``: merge the axes ``start_dim`` to ``end_dim`` (see ``Tensor.flatten``).

    >>> flatten([[1.0, 2.0], [3.0, 4.0]])
    Tensor([1., 2., 3., 4.])
    """
    return to_tensor(x).flatten(start_dim, end_dim)


def ravel(x: Any) -> Tensor:
    """``torch.ravel``: the entries as a 1-D tensor (see ``Tensor.ravel``).

    >>> ravel([[1.0], [2.0]])
    Tensor([1., 2.])
    """
    return to_tensor(x).ravel()


def squeeze(x: Any, dim: Dims | None = None) -> Tensor:
    """``torch.squeeze``: drop axes of size 1; a named axis of another size is left as it is
    (see ``Tensor.squeeze``).

    >>> squeeze([[1.0, 2.0]]).shape, squeeze([[1.0, 2.0]], 1).shape
    ((2,), (1, 2))
    """
    return to_tensor(x).squeeze(dim)


def unsqueeze(x: Any, dim: int) -> Tensor:
    """``torch.unsqueeze``: insert an axis of size 1 at ``dim`` (see ``Tensor.unsqueeze``).

    >>> unsqueeze([1.0, 2.0], -1).shape
    (2, 1)
    """
    return to_tensor(x).unsqueeze(dim)


def t(x: Any) -> Tensor:
    """``torch.t``: the transpose of a matrix, a 1-D tensor as it is (see ``Tensor.t``).

    >>> t([[1.0, 2.0]]).shape
    (2, 1)
    """
    return to_tensor(x).t()


def broadcast_to(x: Any, shape: Sequence[int]) -> Tensor:
    """``torch.broadcast_to``: expand to ``shape``, -1 keeps a size (see ``Tensor.broadcast_to``).

    >>> broadcast_to([1.0, 2.0], (2, -1)).shape
    (2, 2)
    """
    return to_tensor(x).broadcast_to(shape)


def broadcast_tensors(*tensors: Any) -> tuple[Tensor, ...]:
    """``torch.broadcast_tensors``: every tensor expanded to the shape they broadcast to.

    >>> [z.shape for z in broadcast_tensors(Tensor([1.0, 2.0]), Tensor([[1.0], [2.0], [3.0]]))]
    [(3, 2), (3, 2)]
    """
    values = [to_tensor(value) for value in tensors]
    shape = checks.broadcast_shapes("broadcast_tensors", *(value.shape for value in values))
    return tuple(value.expand(shape) for value in values)


def atleast_1d(*tensors: Any) -> Tensor | tuple[Tensor, ...]:
    """``torch.atleast_1d``: a 0-d tensor as a 1-D one of one entry, others as they are. One
    tensor gives a tensor; several (or one list of them) a tuple.

    >>> atleast_1d(Tensor(1.0)).shape
    (1,)
    """
    return _at_least(tensors, 1)


def atleast_2d(*tensors: Any) -> Tensor | tuple[Tensor, ...]:
    """``torch.atleast_2d``: a tensor of fewer than 2 dimensions as a ``(1, n)`` row.

    >>> atleast_2d(Tensor([1.0, 2.0])).shape
    (1, 2)
    """
    return _at_least(tensors, 2)


def atleast_3d(*tensors: Any) -> Tensor | tuple[Tensor, ...]:
    """``torch.atleast_3d``: ``(n,)`` becomes ``(1, n, 1)`` and ``(m, n)`` becomes
    ``(m, n, 1)``, as PyTorch (and NumPy).

    >>> atleast_3d(Tensor([[1.0, 2.0]])).shape
    (1, 2, 1)
    """
    return _at_least(tensors, 3)


def _at_least(tensors: tuple[Any, ...], ndim: int) -> Tensor | tuple[Tensor, ...]:
    """One tensor for one tensor; a tuple for several, or for one list or tuple of them."""
    if len(tensors) == 1 and not isinstance(tensors[0], (list, tuple)):
        return _raise_to(to_tensor(tensors[0]), ndim)
    return _raised(tensors[0] if len(tensors) == 1 else tensors, ndim)


def _raised(tensors: Sequence[Any], ndim: int) -> tuple[Tensor, ...]:
    return tuple(_raise_to(to_tensor(value), ndim) for value in tensors)


def _raise_to(x: Tensor, ndim: int) -> Tensor:
    """``x`` with size-1 axes added where NumPy's ``atleast_Nd`` adds them: ``()`` becomes
    ``(1, 1, 1)``, ``(n,)`` becomes ``(1, n)`` or ``(1, n, 1)``, ``(m, n)`` ``(m, n, 1)``."""
    if x.ndim >= ndim:
        return x
    if x.ndim == 0:
        return x.reshape((1,) * ndim)
    if x.ndim == 1:
        return x.reshape((1, x.shape[0], 1) if ndim == 3 else (1, x.shape[0]))
    return x.unsqueeze(-1)


def hstack(tensors: Sequence[Any]) -> Tensor:
    """``torch.hstack``: join along the columns (axis 1; axis 0 for 1-D tensors).

    >>> hstack([Tensor([1.0]), Tensor([2.0, 3.0])])
    Tensor([1., 2., 3.])
    """
    values = _raised(tensors, 1)
    return concatenate(values, axis=0 if values[0].ndim == 1 else 1)


def vstack(tensors: Sequence[Any]) -> Tensor:
    """``torch.vstack``: join along the rows (1-D tensors become rows first).

    >>> vstack([Tensor([1.0, 2.0]), Tensor([3.0, 4.0])]).shape
    (2, 2)
    """
    values = _raised(tensors, 2)
    return concatenate(values, axis=0)


def dstack(tensors: Sequence[Any]) -> Tensor:
    """``torch.dstack``: join along the third axis (after ``atleast_3d``).

    >>> dstack([Tensor([1.0, 2.0]), Tensor([3.0, 4.0])]).shape
    (1, 2, 2)
    """
    values = _raised(tensors, 3)
    return concatenate(values, axis=2)


def column_stack(tensors: Sequence[Any]) -> Tensor:
    """``torch.column_stack``: 0-d and 1-D tensors as columns, joined with the 2-D ones along
    axis 1.

    >>> column_stack([Tensor([1.0, 2.0]), Tensor([[3.0], [4.0]])])
    Tensor([[1., 3.],
            [2., 4.]])
    """
    values = [to_tensor(value) for value in tensors]
    columns = [value.reshape(-1, 1) if value.ndim < 2 else value for value in values]
    return concatenate(columns, axis=1)
