"""Attention: ``scaled_dot_product_attention`` and ``MultiheadAttention``, as PyTorch has them.

Both are compositions of primitives (batched matmul, add, where, softmax, reshape), so their
gradients come from the graph:

    attention(q, k, v) = softmax(q @ k^T * scale + mask) @ v,    scale = 1 / sqrt(head_dim)

>>> import nn
>>> attention = nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
>>> x = np.random.default_rng(0).normal(size=(3, 5, 8)).astype(np.float32)
>>> out, weights = attention(x, x, x)
>>> out.shape, weights.shape  # (N, L, E), averaged over heads: (N, L, S)
((3, 5, 8), (3, 5, 5))
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

import autograd
from autograd import Tensor, get_default_dtype
from autograd.errors import ShapeError
from autograd.tensor import to_tensor

from . import init as _init
from .module import Module, ModuleList, Parameter

__all__ = [
    "MultiheadAttention",
    "TransformerEncoder",
    "TransformerEncoderLayer",
    "scaled_dot_product_attention",
]

TensorLike = Tensor | ArrayLike


def _is_bool(mask: TensorLike) -> bool:
    return np.asarray(mask.data if isinstance(mask, Tensor) else mask).dtype == np.bool_


def _dropout(x: Tensor, p: float, generator: np.random.Generator | None) -> Tensor:
    """Inverted dropout (as ``nn.functional.dropout`` in training)."""
    if p == 0.0:
        return x
    keep = _init.get_generator(generator).random(x.shape) >= p
    return x * (keep / (1.0 - p)).astype(x.dtype)


def _softmax(scores: Tensor, safe: bool) -> Tensor:
    """softmax over the last axis; ``safe``: a row with every score -inf gives zeros, not NaN
    (what PyTorch's scaled_dot_product_attention returns for a fully masked row)."""
    if not safe:
        return scores.softmax(axis=-1)
    masked_rows = np.all(np.isneginf(scores.data), axis=-1, keepdims=True)
    if not masked_rows.any():
        return scores.softmax(axis=-1)
    weights = autograd.where(masked_rows, 0.0, scores).softmax(axis=-1)
    return autograd.where(masked_rows, 0.0, weights)


def _check_mask_shape(mask: TensorLike, scores_shape: tuple[int, ...], who: str) -> None:
    shape = tuple(np.shape(mask.data if isinstance(mask, Tensor) else mask))
    try:
        broadcast = np.broadcast_shapes(shape, scores_shape)
    except ValueError:
        broadcast = None
    if broadcast != scores_shape:
        raise ShapeError(
            f"{who}: attn_mask of shape {shape} does not broadcast to the attention scores' "
            f"shape {scores_shape} (..., L, S)"
        )


def _attend(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    bias: TensorLike | None,
    dropout_p: float,
    scale: float,
    safe: bool,
    generator: np.random.Generator | None = None,
) -> tuple[Tensor, Tensor]:
    """(softmax(q @ k^T * scale + bias) (dropped out) @ v, the attention weights)."""
    scores = (query @ key.transpose(-2, -1)) * scale
    if bias is not None:
        scores = scores + bias
    weights = _dropout(_softmax(scores, safe), dropout_p, generator)
    return weights @ value, weights


def _boolean_bias(keep: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """0 where ``keep``, -inf elsewhere."""
    return np.where(keep, 0.0, -np.inf).astype(dtype)


def scaled_dot_product_attention(
    query: TensorLike,
    key: TensorLike,
    value: TensorLike,
    attn_mask: TensorLike | None = None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: float | None = None,
    enable_gqa: bool = False,
) -> Tensor:
    """softmax(query @ key^T * scale + mask) @ value over (..., L, E) queries and (..., S, E)
    keys, (..., S, Ev) values (as ``torch.nn.functional.scaled_dot_product_attention``).

    ``attn_mask`` broadcasts to (..., L, S): a boolean mask says which keys each query may
    attend to (True takes part), a float mask is added to the scores. ``is_causal``: query i
    attends to keys 0..i. ``scale`` defaults to 1 / sqrt(E). A query that may attend to no key
    gets zeros. ``dropout_p`` drops attention weights (always, as PyTorch's: pass 0.0 in eval).
    ``enable_gqa``: key and value may have fewer heads (dimension -3) than the query, each
    shared by a group of query heads.

    >>> q = np.eye(2, dtype=np.float32)[None]  # (1, L=2, E=2)
    >>> v = np.array([[[1.0, 0.0], [0.0, 1.0]]], np.float32)
    >>> scaled_dot_product_attention(q, q, v, is_causal=True).data.round(2)
    array([[[1.  , 0.  ],
            [0.33, 0.67]]], dtype=float32)
    """
    query, key, value = to_tensor(query), to_tensor(key), to_tensor(value)
    who = "scaled_dot_product_attention"
    if min(query.ndim, key.ndim, value.ndim) < 2:
        raise ShapeError(
            f"{who}: expected query, key and value with at least 2 dimensions (..., L, E), got "
            f"shapes {query.shape}, {key.shape} and {value.shape}"
        )
    if query.shape[-1] != key.shape[-1] or key.shape[-2] != value.shape[-2]:
        raise ShapeError(
            f"{who}: query (..., L, E) and key (..., S, E) must share E, and key and value "
            f"(..., S, Ev) must share S; got shapes {query.shape}, {key.shape} and {value.shape}"
        )
    if not 0.0 <= dropout_p <= 1.0:
        raise ShapeError(f"{who}: dropout_p must be a probability in [0, 1], got {dropout_p}")
    if is_causal and attn_mask is not None:
        raise ShapeError(f"{who}: pass either attn_mask or is_causal=True, not both")
    if enable_gqa:
        key, value = _repeat_heads(query, key, who), _repeat_heads(query, value, who)
    length, source = query.shape[-2], key.shape[-2]
    bias: TensorLike | None = None
    if is_causal:
        bias = _boolean_bias(np.tril(np.ones((length, source), dtype=bool)), query.dtype)
    elif attn_mask is not None:
        scores_shape = (*np.broadcast_shapes(query.shape[:-2], key.shape[:-2]), length, source)
        _check_mask_shape(attn_mask, scores_shape, who)
        if _is_bool(attn_mask):
            keep = np.asarray(attn_mask.data if isinstance(attn_mask, Tensor) else attn_mask)
            bias = _boolean_bias(keep, query.dtype)
        else:
            bias = attn_mask
    factor = 1.0 / math.sqrt(query.shape[-1]) if scale is None else float(scale)
    out, _ = _attend(query, key, value, bias, float(dropout_p), factor, safe=True)
    return out


def _repeat_heads(query: Tensor, tensor: Tensor, who: str) -> Tensor:
    """``tensor``'s heads (dimension -3) repeated so that there are as many as ``query``'s."""
    if query.ndim < 3 or tensor.ndim < 3 or query.shape[-3] % tensor.shape[-3]:
        raise ShapeError(
            f"{who}: enable_gqa needs (..., heads, L, E) inputs with the query's heads a "
            f"multiple of the key's and value's, got shapes {query.shape} and {tensor.shape}"
        )
    groups = query.shape[-3] // tensor.shape[-3]
    if groups == 1:
        return tensor
    heads = np.repeat(np.arange(tensor.shape[-3]), groups)
    return tensor[(Ellipsis, heads, slice(None), slice(None))]


class MultiheadAttention(Module):
    """Multi-head attention (as ``torch.nn.MultiheadAttention``, with its parameters and names):

        MultiHead(q, k, v) = concat(head_1, ..., head_h) @ W_o^T + b_o,
        head_i = softmax(q W_qi^T (k W_ki^T)^T / sqrt(head_dim) + mask) v W_vi^T

    Parameters: ``in_proj_weight`` (3 E, E) and ``in_proj_bias`` (3 E), the query, key and value
    projections stacked (or ``q_proj_weight``, ``k_proj_weight``, ``v_proj_weight`` when ``kdim``
    or ``vdim`` differ from ``embed_dim``), and ``out_proj`` (a ``Linear(E, E)``);
    ``add_bias_kv`` adds ``bias_k`` and ``bias_v`` (1, 1, E). Inputs are (L, N, E), or (N, L, E)
    with ``batch_first``, or unbatched (L, E).

    >>> attention = MultiheadAttention(4, 2)
    >>> [(name, p.shape) for name, p in attention.named_parameters()]
    [('in_proj_weight', (12, 4)), ('in_proj_bias', (12,)),
     ('out_proj.weight', (4, 4)), ('out_proj.bias', (4,))]
    """

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        dropout: float = 0.0,
        bias: bool = True,
        add_bias_kv: bool = False,
        add_zero_attn: bool = False,
        kdim: int | None = None,
        vdim: int | None = None,
        batch_first: bool = False,
        dtype: DTypeLike | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        # Linear is imported here: nn.functional re-exports this module's functions, and
        # nn.layers imports nn.functional, so a module-level import would be a cycle
        from .layers import Linear

        super().__init__()
        if embed_dim <= 0 or num_heads <= 0 or embed_dim % num_heads:
            raise ShapeError(
                f"MultiheadAttention: embed_dim must be divisible by num_heads (both positive), "
                f"got embed_dim={embed_dim} and num_heads={num_heads}"
            )
        if not 0.0 <= dropout <= 1.0:
            raise ShapeError(f"MultiheadAttention: dropout must be in [0, 1], got {dropout}")
        self.embed_dim, self.num_heads = int(embed_dim), int(num_heads)
        self.kdim = int(kdim) if kdim is not None else self.embed_dim
        self.vdim = int(vdim) if vdim is not None else self.embed_dim
        self._qkv_same_embed_dim = self.kdim == self.embed_dim and self.vdim == self.embed_dim
        self.dropout, self.batch_first = float(dropout), bool(batch_first)
        self.head_dim = self.embed_dim // self.num_heads
        self.add_zero_attn = bool(add_zero_attn)
        self.generator = generator
        dtype = get_default_dtype() if dtype is None else np.dtype(dtype)
        embed = self.embed_dim

        def empty(*shape: int) -> Parameter:
            return Parameter(np.zeros(shape, dtype=dtype))

        if self._qkv_same_embed_dim:
            self.in_proj_weight = empty(3 * embed, embed)
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        else:
            self.q_proj_weight = empty(embed, embed)
            self.k_proj_weight = empty(embed, self.kdim)
            self.v_proj_weight = empty(embed, self.vdim)
            self.register_parameter("in_proj_weight", None)
        self.register_parameter("in_proj_bias", empty(3 * embed) if bias else None)
        self.out_proj = Linear(embed, embed, bias=bias, dtype=dtype, generator=generator)
        self.register_parameter("bias_k", empty(1, 1, embed) if add_bias_kv else None)
        self.register_parameter("bias_v", empty(1, 1, embed) if add_bias_kv else None)
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        """As PyTorch's: Xavier-uniform projections, zero biases, Xavier-normal bias_k/v."""
        generator = self.generator
        if self._qkv_same_embed_dim:
            _init.xavier_uniform_(self.in_proj_weight, generator=generator)
        else:
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                _init.xavier_uniform_(getattr(self, name), generator=generator)
        if self.in_proj_bias is not None:
            _init.zeros_(self.in_proj_bias)
        if self.out_proj.bias is not None:
            _init.zeros_(self.out_proj.bias)
        if self.bias_k is not None:
            _init.xavier_normal_(self.bias_k, generator=generator)
            _init.xavier_normal_(self.bias_v, generator=generator)

    def _projection_weights(self) -> tuple[Tensor, Tensor, Tensor]:
        if self._qkv_same_embed_dim:
            embed = self.embed_dim
            weight = self.in_proj_weight
            return weight[:embed], weight[embed : 2 * embed], weight[2 * embed :]
        return self.q_proj_weight, self.k_proj_weight, self.v_proj_weight

    def forward(
        self,
        query: TensorLike,
        key: TensorLike,
        value: TensorLike,
        key_padding_mask: TensorLike | None = None,
        need_weights: bool = True,
        attn_mask: TensorLike | None = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor, Tensor | None]:
        """Attend from ``query`` to ``key``/``value``; returns ``(output, weights)``, the weights
        (N, L, S) averaged over heads (``average_attn_weights``) or (N, heads, L, S), or None
        when ``need_weights=False``.

        Masks say what may NOT be attended (the opposite of ``scaled_dot_product_attention``):
        ``key_padding_mask`` (N, S), True for a padding key; ``attn_mask`` (L, S) or
        (N * heads, L, S), True where attention is not allowed; float masks are added to the
        scores. ``is_causal`` is a hint that ``attn_mask`` is the causal mask (it is required,
        as in PyTorch).

        >>> attention = MultiheadAttention(4, 1)
        >>> x = np.ones((3, 4), np.float32)  # unbatched: (L, E)
        >>> causal = np.triu(np.ones((3, 3), dtype=bool), k=1)
        >>> out, weights = attention(x, x, x, attn_mask=causal)
        >>> weights.data.round(2)
        array([[1.  , 0.  , 0.  ],
               [0.5 , 0.5 , 0.  ],
               [0.33, 0.33, 0.33]], dtype=float32)
        """
        query, key, value = to_tensor(query), to_tensor(key), to_tensor(value)
        who = "MultiheadAttention"
        batched = query.ndim == 3
        if query.ndim not in (2, 3) or key.ndim != query.ndim or value.ndim != query.ndim:
            raise ShapeError(
                f"{who}: expected query, key and value all 3-D (batched) or all 2-D "
                f"(unbatched), got shapes {query.shape}, {key.shape} and {value.shape}"
            )
        if is_causal and attn_mask is None:
            raise ShapeError(
                f"{who}: is_causal=True is a hint that attn_mask is the causal mask; pass "
                f"attn_mask as well (e.g. np.triu(np.ones((L, L), bool), k=1))"
            )
        if not batched:
            query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
            if key_padding_mask is not None:
                key_padding_mask = _as_array_or_tensor(key_padding_mask)
                key_padding_mask = key_padding_mask.reshape(1, -1)
        elif self.batch_first:
            query, key, value = (x.transpose(0, 1) for x in (query, key, value))
        out, weights = self._attention(
            query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights
        )
        if self.batch_first and batched:
            out = out.transpose(0, 1)
        if not batched:
            out = out.squeeze(1)
            weights = weights.squeeze(0) if weights is not None else None
        return out, weights

    def _attention(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        key_padding_mask: TensorLike | None,
        need_weights: bool,
        attn_mask: TensorLike | None,
        average_attn_weights: bool,
    ) -> tuple[Tensor, Tensor | None]:
        """The (L, N, E) computation, as ``torch.nn.functional.multi_head_attention_forward``."""
        who = "MultiheadAttention"
        length, batch, embed = query.shape
        if embed != self.embed_dim or key.shape[-1] != self.kdim or value.shape[-1] != self.vdim:
            raise ShapeError(
                f"{who}: expected query, key and value with last dimensions embed_dim="
                f"{self.embed_dim}, kdim={self.kdim} and vdim={self.vdim}, got shapes "
                f"{query.shape}, {key.shape} and {value.shape}"
            )
        if key.shape[:2] != value.shape[:2] or key.shape[1] != batch:
            raise ShapeError(
                f"{who}: key and value must be (S, N, *) with the query's batch size {batch}, "
                f"got shapes {key.shape} and {value.shape}"
            )
        heads, head_dim = self.num_heads, self.head_dim
        weight_q, weight_k, weight_v = self._projection_weights()
        bias_q = bias_k = bias_v = None
        if self.in_proj_bias is not None:
            bias = self.in_proj_bias
            bias_q, bias_k, bias_v = bias[:embed], bias[embed : 2 * embed], bias[2 * embed :]
        q = _linear(query, weight_q, bias_q)
        k = _linear(key, weight_k, bias_k)
        v = _linear(value, weight_v, bias_v)
        mask = _attention_mask(attn_mask, length, key.shape[0], batch * heads, query.dtype)
        padding = _padding_mask(key_padding_mask, batch, key.shape[0], query.dtype)
        if self.bias_k is not None and self.bias_v is not None:
            k = autograd.concatenate([k, self.bias_k.expand(1, batch, embed)], axis=0)
            v = autograd.concatenate([v, self.bias_v.expand(1, batch, embed)], axis=0)
            mask, padding = _pad_last(mask), _pad_last(padding)
        # (S, N, E) -> (N * heads, S, head_dim): each head of each sample is one batch entry
        q = q.reshape(length, batch * heads, head_dim).transpose(0, 1)
        k = k.reshape(k.shape[0], batch * heads, head_dim).transpose(0, 1)
        v = v.reshape(v.shape[0], batch * heads, head_dim).transpose(0, 1)
        if self.add_zero_attn:
            zeros = np.zeros((batch * heads, 1, head_dim), dtype=q.dtype)
            k = autograd.concatenate([k, zeros], axis=1)
            v = autograd.concatenate([v, zeros], axis=1)
            mask, padding = _pad_last(mask), _pad_last(padding)
        source = k.shape[1]
        bias = _merge_masks(mask, padding, batch, heads, source)
        dropout_p = self.dropout if self.training else 0.0
        scale = 1.0 / math.sqrt(head_dim)
        out, weights = _attend(
            q, k, v, bias, dropout_p, scale, safe=not need_weights, generator=self.generator
        )
        out = out.transpose(0, 1).reshape(length * batch, embed)
        out = self.out_proj(out).reshape(length, batch, embed)
        if not need_weights:
            return out, None
        weights = weights.reshape(batch, heads, length, source)
        return out, weights.mean(axis=1) if average_attn_weights else weights

    def extra_repr(self) -> str:
        return ""


def _linear(x: Tensor, weight: Tensor, bias: Tensor | None) -> Tensor:
    if bias is None:
        return autograd.ops.Linear.apply(x, weight)
    return autograd.ops.Linear.apply(x, weight, bias)


def _as_array_or_tensor(mask: TensorLike) -> Tensor | np.ndarray:
    return mask if isinstance(mask, Tensor) else np.asarray(mask)


def _as_bias(mask: TensorLike, dtype: np.dtype) -> Tensor | np.ndarray:
    """A mask as an additive bias: a boolean one (True = not allowed) becomes -inf / 0."""
    if _is_bool(mask):
        return _boolean_bias(~np.asarray(mask.data if isinstance(mask, Tensor) else mask), dtype)
    return _as_array_or_tensor(mask)


def _attention_mask(
    attn_mask: TensorLike | None, length: int, source: int, batch_heads: int, dtype: np.dtype
) -> Tensor | np.ndarray | None:
    """``attn_mask`` as a (1 or N * heads, L, S) additive bias."""
    if attn_mask is None:
        return None
    shape = tuple(np.shape(attn_mask.data if isinstance(attn_mask, Tensor) else attn_mask))
    if shape not in ((length, source), (batch_heads, length, source)):
        raise ShapeError(
            f"MultiheadAttention: attn_mask must have shape (L, S) = {(length, source)} or "
            f"(N * num_heads, L, S) = {(batch_heads, length, source)}, got {shape}"
        )
    bias = _as_bias(attn_mask, dtype)
    return bias.reshape(1, length, source) if len(shape) == 2 else bias


def _padding_mask(
    key_padding_mask: TensorLike | None, batch: int, source: int, dtype: np.dtype
) -> Tensor | np.ndarray | None:
    """``key_padding_mask`` (N, S) as an additive bias."""
    if key_padding_mask is None:
        return None
    shape = tuple(
        np.shape(
            key_padding_mask.data if isinstance(key_padding_mask, Tensor) else key_padding_mask
        )
    )
    if shape != (batch, source):
        raise ShapeError(
            f"MultiheadAttention: key_padding_mask must have shape (N, S) = {(batch, source)}, "
            f"got {shape}"
        )
    return _as_bias(key_padding_mask, dtype)


def _pad_last(mask: Tensor | np.ndarray | None) -> Tensor | np.ndarray | None:
    """One more key that every query may attend to: a 0 column appended to the bias."""
    if mask is None:
        return None
    zeros = np.zeros((*mask.shape[:-1], 1), dtype=mask.dtype)
    if isinstance(mask, Tensor):
        return autograd.concatenate([mask, zeros], axis=-1)
    return np.concatenate([mask, zeros], axis=-1)


def _merge_masks(
    mask: Tensor | np.ndarray | None,
    padding: Tensor | np.ndarray | None,
    batch: int,
    heads: int,
    source: int,
) -> Tensor | np.ndarray | None:
    """The attention bias plus the padding bias broadcast to every head: (N * heads, 1, S)."""
    if padding is None:
        return mask
    per_head = padding.reshape(batch, 1, 1, source) + np.zeros((1, heads, 1, 1), padding.dtype)
    spread = per_head.reshape(batch * heads, 1, source)
    return spread if mask is None else mask + spread


Activation = str | Callable[[Tensor], Tensor]


def _activation(activation: Activation) -> Callable[[Tensor], Tensor]:
    if callable(activation):
        return activation
    if activation == "relu":
        return Tensor.relu
    if activation == "gelu":
        # PyTorch's exact gelu, x Φ(x), written with erf
        return lambda x: x * ((x * (1.0 / math.sqrt(2.0))).erf() + 1.0) * 0.5
    raise ShapeError(
        f"TransformerEncoderLayer: activation should be 'relu', 'gelu' or a callable, got "
        f"{activation!r}"
    )


class TransformerEncoderLayer(Module):
    """Self-attention then a feed-forward block, each with a residual connection and a
    LayerNorm (as ``torch.nn.TransformerEncoderLayer``, with its sub-module names):

        x = norm1(x + dropout1(self_attn(x, x, x)))       (norm_first: x + ...(norm1(x)))
        x = norm2(x + dropout2(linear2(dropout(activation(linear1(x))))))

    >>> layer = TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)
    >>> layer(np.zeros((3, 5, 8), np.float32)).shape
    (3, 5, 8)
    >>> [name for name, _ in layer.named_children()]
    ['self_attn', 'linear1', 'dropout', 'linear2', 'norm1', 'norm2', 'dropout1', 'dropout2']
    """

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: Activation = "relu",
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        dtype: DTypeLike | None = None,
    ) -> None:
        # imported here for the reason MultiheadAttention gives
        from .layers import Dropout, Linear
        from .normalization import LayerNorm

        super().__init__()
        self.self_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, dtype=dtype
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = bool(norm_first)
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.activation = _activation(activation)

    def forward(
        self,
        src: TensorLike,
        src_mask: TensorLike | None = None,
        src_key_padding_mask: TensorLike | None = None,
        is_causal: bool = False,
    ) -> Tensor:
        x = to_tensor(src)
        if self.norm_first:
            x = x + self._attention_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._feed_forward_block(self.norm2(x))
        x = self.norm1(x + self._attention_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._feed_forward_block(x))

    def _attention_block(
        self,
        x: Tensor,
        mask: TensorLike | None,
        key_padding_mask: TensorLike | None,
        is_causal: bool,
    ) -> Tensor:
        out, _ = self.self_attn(
            x,
            x,
            x,
            attn_mask=mask,
            key_padding_mask=key_padding_mask,
            need_weights=False,
            is_causal=is_causal,
        )
        return self.dropout1(out)

    def _feed_forward_block(self, x: Tensor) -> Tensor:
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))


class TransformerEncoder(Module):
    """``num_layers`` copies of ``encoder_layer`` applied in turn (as
    ``torch.nn.TransformerEncoder``: the copies are independent, under ``layers.0``,
    ``layers.1``, ...), then ``norm`` if given.

    >>> layer = TransformerEncoderLayer(8, 2, dim_feedforward=16)
    >>> encoder = TransformerEncoder(layer, num_layers=2)
    >>> encoder(np.zeros((5, 3, 8), np.float32)).shape
    (5, 3, 8)
    >>> list(encoder.state_dict())[0]
    'layers.0.self_attn.in_proj_weight'
    """

    def __init__(
        self,
        encoder_layer: TransformerEncoderLayer,
        num_layers: int,
        norm: Module | None = None,
        enable_nested_tensor: bool = True,
        mask_check: bool = True,
    ) -> None:
        super().__init__()
        if num_layers < 1:
            raise ShapeError(f"TransformerEncoder: num_layers must be positive, got {num_layers}")
        self.layers = ModuleList(copy.deepcopy(encoder_layer) for _ in range(int(num_layers)))
        self.num_layers = int(num_layers)
        self.norm = norm
        self.enable_nested_tensor, self.mask_check = enable_nested_tensor, mask_check

    def forward(
        self,
        src: TensorLike,
        mask: TensorLike | None = None,
        src_key_padding_mask: TensorLike | None = None,
        is_causal: bool | None = None,
    ) -> Tensor:
        x = to_tensor(src)
        for layer in self.layers:
            x = layer(
                x,
                src_mask=mask,
                src_key_padding_mask=src_key_padding_mask,
                is_causal=bool(is_causal),
            )
        return self.norm(x) if self.norm is not None else x
