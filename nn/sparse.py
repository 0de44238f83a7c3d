"""Embeddings: a table of vectors looked up by integer index (as ``torch.nn.Embedding``).

The lookup is one primitive, ``autograd.ops.nn_ops.Embedding``: its value (and forward-mode
tangent) is that of ``weight[indices]``; its backward adds each output row's gradient into the
row it came from, scaled by 0 for ``padding_idx`` and by 1 / count with ``scale_grad_by_freq``
(as PyTorch's embedding backward does).

>>> import nn
>>> table = nn.Embedding(10, 3, padding_idx=0)
>>> table([[0, 2, 2]]).shape
(1, 3, 3)
>>> table.weight.data[0]  # the padding row starts at zero
array([0., 0., 0.], dtype=float32)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from autograd import Tensor, get_default_dtype, no_grad
from autograd.ops.nn_ops import Embedding as EmbeddingLookup
from autograd.tensor import to_tensor

from . import init
from .module import Module, Parameter

__all__ = ["Embedding", "embedding"]


def _indices(indices: Tensor | ArrayLike, rows: int, who: str) -> np.ndarray:
    """The indices as an integer ndarray, each checked against the table's ``rows``."""
    array = np.asarray(indices.data if isinstance(indices, Tensor) else indices)
    if array.dtype.kind not in "iu":
        raise TypeError(
            f"{who}: expected integer indices (int64, as PyTorch's Long), got dtype {array.dtype}"
        )
    if array.size and (array.min() < 0 or array.max() >= rows):
        bad = array[(array < 0) | (array >= rows)].ravel()[0]
        raise IndexError(
            f"{who}: index {int(bad)} is out of range for a table of {rows} embeddings "
            f"(valid: 0 .. {rows - 1})"
        )
    return array.astype(np.int64, copy=False)


def _padding_index(padding_idx: int | None, rows: int, who: str) -> int | None:
    if padding_idx is None:
        return None
    if not -rows <= padding_idx < rows:
        raise ValueError(
            f"{who}: padding_idx must be within num_embeddings ({rows}), got {padding_idx}"
        )
    return int(padding_idx) % rows


def _renorm_(weight: Tensor, indices: np.ndarray, max_norm: float, norm_type: float) -> None:
    """Rows of ``weight`` looked up by ``indices`` whose ``norm_type``-norm exceeds ``max_norm``
    scaled down in place to norm ``max_norm`` (not recorded in the graph, as PyTorch's)."""
    rows = np.unique(indices)
    table = weight.data[rows]
    norms = np.linalg.norm(table, ord=norm_type, axis=1)
    too_long = norms > max_norm
    if too_long.any():
        with no_grad():
            scale = np.where(too_long, max_norm / (norms + 1e-7), 1.0)[:, None]
            weight.data[rows] = table * scale.astype(weight.dtype, copy=False)
            weight._count_change()


def embedding(
    input: Tensor | ArrayLike,  # noqa: A002 (PyTorch's name)
    weight: Tensor,
    padding_idx: int | None = None,
    max_norm: float | None = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    """``weight[input]``: one row of the (num_embeddings, embedding_dim) ``weight`` per index (as
    ``torch.nn.functional.embedding``). The output has shape ``input.shape + (embedding_dim,)``.

    ``padding_idx``: that row gets no gradient. ``max_norm``: the looked-up rows longer than it
    are first scaled down to it, in place. ``scale_grad_by_freq``: each index's gradient is
    divided by how often it occurs in ``input``.

    >>> weight = Tensor(np.arange(6.0).reshape(3, 2), requires_grad=True)
    >>> out = embedding([2, 0, 2], weight, padding_idx=0)
    >>> out.data
    array([[4., 5.],
           [0., 1.],
           [4., 5.]])
    >>> out.sum().backward()
    >>> weight.grad  # row 0 is padding: no gradient
    array([[0., 0.],
           [0., 0.],
           [2., 2.]])
    """
    if sparse:
        raise ValueError(
            "embedding: sparse=True (sparse gradients) is not supported; graphgrad's "
            "gradients are dense arrays, so pass sparse=False"
        )
    weight = to_tensor(weight)
    if weight.ndim != 2:
        raise ValueError(
            f"embedding: expected a 2-D weight (num_embeddings, embedding_dim), got {weight.shape}"
        )
    rows = weight.shape[0]
    indices = _indices(input, rows, "embedding")
    padding = _padding_index(padding_idx, rows, "embedding")
    if max_norm is not None:
        _renorm_(weight, indices, float(max_norm), float(norm_type))
    scale: np.ndarray | None = None
    if scale_grad_by_freq and indices.size:
        _, positions, counts = np.unique(indices, return_inverse=True, return_counts=True)
        scale = 1.0 / counts[positions.reshape(indices.shape)]
    if padding is not None:
        scale = np.where(indices == padding, 0.0, 1.0 if scale is None else scale)
    return EmbeddingLookup.apply(weight, indices=indices, grad_scale=scale)


class Embedding(Module):
    """A lookup table of ``num_embeddings`` vectors of size ``embedding_dim`` (as
    ``torch.nn.Embedding``): ``weight`` of shape (num_embeddings, embedding_dim), drawn from
    N(0, 1), with the ``padding_idx`` row zero and excluded from the gradient.

    >>> table = Embedding(5, 2)
    >>> table.weight.shape, table(np.array([[1, 4], [4, 4]])).shape
    ((5, 2), (2, 2, 2))
    >>> table
    Embedding(5, 2)
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
        _weight: Tensor | ArrayLike | None = None,
        _freeze: bool = False,
        dtype: DTypeLike | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        self.num_embeddings, self.embedding_dim = int(num_embeddings), int(embedding_dim)
        self.padding_idx = _padding_index(padding_idx, self.num_embeddings, "Embedding")
        self.max_norm, self.norm_type = max_norm, float(norm_type)
        self.scale_grad_by_freq, self.sparse = bool(scale_grad_by_freq), bool(sparse)
        shape = (self.num_embeddings, self.embedding_dim)
        if _weight is None:
            data = np.zeros(shape, dtype=get_default_dtype() if dtype is None else dtype)
            self.weight = Parameter(data, requires_grad=not _freeze)
            self.reset_parameters(generator)
        else:
            data = np.array(_weight.data if isinstance(_weight, Tensor) else _weight, copy=True)
            if data.shape != shape:
                raise ValueError(
                    f"Embedding: _weight has shape {data.shape}, expected "
                    f"(num_embeddings, embedding_dim) = {shape}"
                )
            self.weight = Parameter(data, requires_grad=not _freeze)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Draw the weight from N(0, 1), then zero the ``padding_idx`` row.

        >>> table = Embedding(3, 2, padding_idx=1)
        >>> table.reset_parameters(np.random.default_rng(0))
        >>> table.weight.data[1]
        array([0., 0.], dtype=float32)
        """
        init.normal_(self.weight, generator=generator)
        if self.padding_idx is not None:
            self.weight.data[self.padding_idx] = 0
            self.weight._count_change()

    def forward(self, x: Tensor | ArrayLike) -> Tensor:
        return embedding(
            x,
            self.weight,
            self.padding_idx,
            self.max_norm,
            self.norm_type,
            self.scale_grad_by_freq,
            self.sparse,
        )

    @classmethod
    def from_pretrained(
        cls,
        embeddings: Tensor | ArrayLike,
        freeze: bool = True,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
    ) -> Embedding:
        """An Embedding whose weight is a copy of the 2-D ``embeddings``; ``freeze=True`` (the
        default) makes it not trainable. The ``padding_idx`` row keeps its given values.

        >>> table = Embedding.from_pretrained(np.eye(3, dtype=np.float32))
        >>> table([2]).data, table.weight.requires_grad
        (array([[0., 0., 1.]], dtype=float32), False)
        """
        shape = np.shape(embeddings.data if isinstance(embeddings, Tensor) else embeddings)
        if len(shape) != 2:
            raise ValueError(f"Embedding.from_pretrained: expected a 2-D array, got shape {shape}")
        return cls(
            shape[0],
            shape[1],
            padding_idx,
            max_norm,
            norm_type,
            scale_grad_by_freq,
            sparse,
            _weight=embeddings,
            _freeze=freeze,
        )

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            text += f", max_norm={self.max_norm}"
        if self.norm_type != 2.0:
            text += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            text += ", scale_grad_by_freq=True"
        if self.sparse:
            text += ", sparse=True"
        return text
