"""Convolutions, PyTorch's: ``conv1d/2d/3d``, ``conv_transpose1d/2d/3d``, ``unfold``, ``fold``
and the layers ``Conv1d/2d/3d``, ``ConvTranspose1d/2d/3d``, ``Unfold``, ``Fold``.

Compositions, no backward of their own: a convolution is ``Unfold`` (im2col, the primitive in
``autograd.ops.conv``) and one (grouped) matrix product with the weight; a transposed
convolution is the matrix product with the weight's transpose, then ``Fold`` (col2im). One path
serves every number of spatial dimensions (the primitives are N-d). Cross-correlation, as in
PyTorch (the kernel is not flipped).

>>> import numpy as np
>>> from autograd import Tensor
>>> x = Tensor(np.arange(5.0, dtype=np.float32).reshape(1, 1, 5))
>>> conv1d(x, Tensor([[[1.0, 0.0, -1.0]]]))  # x[i] - x[i + 2]
Tensor([[[-2., -2., -2.]]])
>>> conv2d(Tensor(np.ones((1, 2, 4, 4))), Tensor(np.ones((3, 2, 3, 3))), padding="same").shape
(1, 3, 4, 4)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import cast

import numpy as np
from numpy.typing import DTypeLike

from autograd import Tensor, get_default_dtype, ops
from autograd.ops.conv import blocks
from autograd.tensor import to_tensor

from . import init
from .module import Module, Parameter
from .padding import TensorLike, ntuple, pad

__all__ = [
    "Conv1d",
    "Conv2d",
    "Conv3d",
    "ConvTranspose1d",
    "ConvTranspose2d",
    "ConvTranspose3d",
    "Fold",
    "Unfold",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "fold",
    "unfold",
]

Size = int | Sequence[int]
"""A size per spatial dimension (kernel, stride, padding, dilation): one int stands for all."""

Pairs = tuple[tuple[int, int], tuple[int, int]]
"""Padding as ((top, bottom), (left, right))."""

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def _shape(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join(map(str, shape)) + "]"


def _check_input(x: Tensor, dims: int, who: str) -> None:
    if x.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(
            f"{who}: expected {dims + 1}D (unbatched) or {dims + 2}D (batched) input to {who}, "
            f"but got input of size: {_shape(x.shape)}"
        )


def _positive(values: tuple[int, ...], name: str, who: str, allow_zero: bool = False) -> None:
    if min(values) < (0 if allow_zero else 1):
        kind = "negative" if allow_zero else "non-positive"
        raise RuntimeError(f"{who}: {kind} {name} is not supported, got {name}={values}")


def _same_padding(kernel: tuple[int, ...], dilation: tuple[int, ...]) -> list[tuple[int, int]]:
    """PyTorch's 'same' padding: the total d (k - 1), the odd one extra at the end."""
    totals = [d * (k - 1) for k, d in zip(kernel, dilation, strict=True)]
    return [(total // 2, total - total // 2) for total in totals]


def _padding_pairs(
    padding: str | Size,
    kernel: tuple[int, ...],
    stride: tuple[int, ...],
    dilation: tuple[int, ...],
    who: str,
) -> list[tuple[int, int]]:
    """(before, after) per spatial dimension, from an int, a tuple, 'valid' or 'same'."""
    dims = len(kernel)
    if isinstance(padding, str):
        if padding == "valid":
            return [(0, 0)] * dims
        if padding != "same":
            raise RuntimeError(f"{who}: invalid padding string: {padding!r}; use 'valid' or 'same'")
        if max(stride) != 1:
            raise RuntimeError(f"{who}: padding='same' is not supported for strided convolutions")
        return _same_padding(kernel, dilation)
    amounts = ntuple(padding, dims, "padding", who)
    _positive(amounts, "padding", who, allow_zero=True)
    return [(amount, amount) for amount in amounts]


def _batched(x: Tensor, dims: int) -> tuple[Tensor, bool]:
    """An unbatched input gets a batch dimension of 1 (removed again from the result)."""
    return (x.unsqueeze(0), True) if x.ndim == dims + 1 else (x, False)


def _convolution(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    weight: TensorLike,
    bias: TensorLike | None,
    stride: Size,
    padding: str | Size,
    dilation: Size,
    groups: int,
    dims: int,
) -> Tensor:
    who = f"conv{dims}d"
    x, kernel_tensor = to_tensor(input), to_tensor(weight)
    _check_input(x, dims, who)
    if kernel_tensor.ndim != dims + 2:
        raise RuntimeError(
            f"{who}: expected weight of {dims + 2} dimensions (out_channels, in_channels / "
            f"groups, *kernel_size), got weight of size {_shape(kernel_tensor.shape)}"
        )
    strides = ntuple(stride, dims, "stride", who)
    dilations = ntuple(dilation, dims, "dilation", who)
    _positive(strides, "stride", who)
    _positive(dilations, "dilation", who)
    kernel = tuple(kernel_tensor.shape[2:])
    pads = _padding_pairs(padding, kernel, strides, dilations, who)
    if groups < 1:
        raise RuntimeError(f"{who}: non-positive groups is not supported, got groups={groups}")
    out_channels, group_channels = kernel_tensor.shape[:2]
    if out_channels % groups:
        raise RuntimeError(
            f"{who}: given groups={groups}, expected weight to be divisible by {groups} at "
            f"dimension 0, but got weight of size {_shape(kernel_tensor.shape)} instead"
        )
    channels = x.shape[-dims - 1]
    if channels != group_channels * groups:
        raise RuntimeError(
            f"{who}: given groups={groups}, weight of size {_shape(kernel_tensor.shape)}, "
            f"expected input{_shape(x.shape)} to have {group_channels * groups} channels, but "
            f"got {channels} channels instead"
        )
    bias_tensor = None if bias is None else to_tensor(bias)
    if bias_tensor is not None and bias_tensor.shape != (out_channels,):
        raise RuntimeError(
            f"{who}: given weight of size {_shape(kernel_tensor.shape)}, expected bias to be "
            f"1-dimensional with {out_channels} elements, but got bias of size "
            f"{_shape(bias_tensor.shape)} instead"
        )
    padded = [size + sum(p) for size, p in zip(x.shape[-dims:], pads, strict=True)]
    spans = [d * (k - 1) + 1 for k, d in zip(kernel, dilations, strict=True)]
    if any(span > size for span, size in zip(spans, padded, strict=True)):
        raise RuntimeError(
            f"{who}: calculated padded input size per channel: ({' x '.join(map(str, padded))})"
            f". Kernel size: ({' x '.join(map(str, spans))}). Kernel size can't be greater than "
            f"actual input size"
        )
    x, unbatched = _batched(x, dims)
    out = _convolve(x, kernel_tensor, bias_tensor, strides, tuple(pads), dilations, groups)
    return out.squeeze(0) if unbatched else out


def _convolve(
    x: Tensor,
    weight: Tensor,
    bias: Tensor | None,
    stride: tuple[int, ...],
    padding: tuple[tuple[int, int], ...],
    dilation: tuple[int, ...],
    groups: int,
) -> Tensor:
    """The checked N-d convolution: unfold, then one (grouped) matrix product."""
    batch, dims = x.shape[0], x.ndim - 2
    out_channels, group_channels = weight.shape[:2]
    kernel = tuple(weight.shape[2:])
    out_sizes = blocks(x.shape[2:], kernel, dilation, padding, stride)
    cols = ops.Unfold.apply(x, kernel=kernel, dilation=dilation, padding=padding, stride=stride)
    if groups == 1:
        out = weight.reshape(out_channels, -1) @ cols  # (N, out, L)
    else:
        grouped = cols.reshape(
            batch, groups, group_channels * math.prod(kernel), math.prod(out_sizes)
        )
        out = weight.reshape(groups, out_channels // groups, -1) @ grouped
    out = out.reshape(batch, out_channels, *out_sizes)
    return out if bias is None else out + bias.reshape(out_channels, *(1,) * dims)


def conv1d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    weight: TensorLike,
    bias: TensorLike | None = None,
    stride: Size = 1,
    padding: str | Size = 0,
    dilation: Size = 1,
    groups: int = 1,
) -> Tensor:
    """1-D convolution (cross-correlation) of (N, C_in, L) or (C_in, L) ``input`` with
    ``weight`` (C_out, C_in / groups, k), PyTorch's ``F.conv1d``. ``padding``: an int, a tuple,
    ``'valid'`` (none) or ``'same'`` (output length = input length, stride 1; an odd total
    pads one more at the end).

    out[n, o, i] = bias[o] + sum_{c, j} weight[o, c, j] * x[n, g(o) + c, i * stride + j * dilation]

    >>> x = Tensor([[[1.0, 2.0, 3.0, 4.0]]])
    >>> conv1d(x, Tensor([[[1.0, 1.0]]]), padding="same")
    Tensor([[[3., 5., 7., 4.]]])
    """
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 1)


def conv2d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    weight: TensorLike,
    bias: TensorLike | None = None,
    stride: Size = 1,
    padding: str | Size = 0,
    dilation: Size = 1,
    groups: int = 1,
) -> Tensor:
    """2-D convolution (cross-correlation) of (N, C_in, H, W) or (C_in, H, W) ``input`` with
    ``weight`` (C_out, C_in / groups, kH, kW), PyTorch's ``F.conv2d``: ``stride``, ``padding``
    (int, pair, ``'valid'``, ``'same'``), ``dilation``, ``groups`` (input and output channels
    split into that many independent groups; ``groups = C_in`` is a depthwise convolution).

    >>> x = Tensor(np.arange(16.0, dtype=np.float32).reshape(1, 1, 4, 4))
    >>> conv2d(x, Tensor(np.ones((1, 1, 2, 2), np.float32)), stride=2)  # sums of 2 x 2 blocks
    Tensor([[[[10., 18.],
              [42., 50.]]]])
    """
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 2)


def conv3d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    weight: TensorLike,
    bias: TensorLike | None = None,
    stride: Size = 1,
    padding: str | Size = 0,
    dilation: Size = 1,
    groups: int = 1,
) -> Tensor:
    """3-D convolution of (N, C_in, D, H, W) or (C_in, D, H, W) ``input`` with ``weight``
    (C_out, C_in / groups, kD, kH, kW), PyTorch's ``F.conv3d``; arguments as ``conv2d``'s.

    >>> x = Tensor(np.ones((1, 2, 4, 5, 6), np.float32))
    >>> conv3d(x, Tensor(np.ones((3, 2, 3, 3, 3), np.float32)), padding=(1, 0, 1)).shape
    (1, 3, 4, 3, 6)
    """
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 3)


def _transposed(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    weight: TensorLike,
    bias: TensorLike | None,
    stride: Size,
    padding: Size,
    output_padding: Size,
    groups: int,
    dilation: Size,
    dims: int,
) -> Tensor:
    who = f"conv_transpose{dims}d"
    x, kernel_tensor = to_tensor(input), to_tensor(weight)
    _check_input(x, dims, who)
    if kernel_tensor.ndim != dims + 2:
        raise RuntimeError(
            f"{who}: expected weight of {dims + 2} dimensions (in_channels, out_channels / "
            f"groups, *kernel_size), got weight of size {_shape(kernel_tensor.shape)}"
        )
    strides = ntuple(stride, dims, "stride", who)
    dilations = ntuple(dilation, dims, "dilation", who)
    pads = ntuple(padding, dims, "padding", who)
    extra = ntuple(output_padding, dims, "output_padding", who)
    _positive(strides, "stride", who)
    _positive(dilations, "dilation", who)
    _positive(pads, "padding", who, allow_zero=True)
    _positive(extra, "output_padding", who, allow_zero=True)
    if groups < 1:
        raise RuntimeError(f"{who}: non-positive groups is not supported, got groups={groups}")
    if any(e >= s and e >= d for e, s, d in zip(extra, strides, dilations, strict=True)):
        raise RuntimeError(
            f"{who}: output padding must be smaller than either stride or dilation, but got "
            f"output_padding={extra}, stride={strides}, dilation={dilations}"
        )
    in_channels, group_out = kernel_tensor.shape[:2]
    channels = x.shape[-dims - 1]
    if channels != in_channels or in_channels % groups:
        raise RuntimeError(
            f"{who}: given transposed=1, groups={groups}, weight of size "
            f"{_shape(kernel_tensor.shape)}, expected input{_shape(x.shape)} to have "
            f"{in_channels} channels (divisible by groups), but got {channels} channels instead"
        )
    out_channels = group_out * groups
    bias_tensor = None if bias is None else to_tensor(bias)
    if bias_tensor is not None and bias_tensor.shape != (out_channels,):
        raise RuntimeError(
            f"{who}: given transposed=1, weight of size {_shape(kernel_tensor.shape)}, expected "
            f"bias to be 1-dimensional with {out_channels} elements, but got bias of size "
            f"{_shape(bias_tensor.shape)} instead"
        )
    kernel = kernel_tensor.shape[2:]
    sizes = x.shape[-dims:]
    out_sizes = [
        (size - 1) * s - 2 * p + d * (k - 1) + e + 1
        for size, s, p, d, k, e in zip(sizes, strides, pads, dilations, kernel, extra, strict=True)
    ]
    if min(out_sizes) < 1:
        raise RuntimeError(
            f"{who}: given input size per channel: ({' x '.join(map(str, sizes))}). Calculated "
            f"output size per channel: ({' x '.join(map(str, out_sizes))}). Output size is too "
            f"small"
        )
    x, unbatched = _batched(x, dims)
    out = _convolve_transposed(
        x, kernel_tensor, bias_tensor, strides, pads, extra, groups, dilations
    )
    return out.squeeze(0) if unbatched else out


def _convolve_transposed(
    x: Tensor,
    weight: Tensor,
    bias: Tensor | None,
    stride: tuple[int, ...],
    padding: tuple[int, ...],
    output_padding: tuple[int, ...],
    groups: int,
    dilation: tuple[int, ...],
) -> Tensor:
    """The checked N-d transposed convolution: the weight's transpose times the input gives
    every block's contribution, which ``Fold`` adds into place (the adjoint of ``_convolve``)."""
    batch, in_channels = x.shape[:2]
    sizes, kernel = x.shape[2:], tuple(weight.shape[2:])
    group_out = weight.shape[1]
    out_channels, area, count = group_out * groups, math.prod(kernel), math.prod(sizes)
    if groups == 1:
        cols = weight.reshape(in_channels, -1).T @ x.reshape(batch, in_channels, -1)
    else:
        grouped = x.reshape(batch, groups, in_channels // groups, count)
        per_group = weight.reshape(groups, in_channels // groups, -1).swapaxes(1, 2)
        cols = (per_group @ grouped).reshape(batch, out_channels * area, count)
    # the full result (every block added in) is cropped by `padding` at the start and by
    # `padding - output_padding` at the end; where that is negative, zeros (and the bias) follow
    full = [
        (n - 1) * s + d * (k - 1) + 1
        for n, s, d, k in zip(sizes, stride, dilation, kernel, strict=True)
    ]
    ends = [p - e for p, e in zip(padding, output_padding, strict=True)]
    crops = tuple((p, max(end, 0)) for p, end in zip(padding, ends, strict=True))
    out = ops.Fold.apply(
        cols,
        size=tuple(f - sum(c) for f, c in zip(full, crops, strict=True)),
        kernel=kernel,
        dilation=dilation,
        padding=crops,
        stride=stride,
    )
    if min(ends) < 0:
        out = pad(out, [amount for end in reversed(ends) for amount in (0, max(-end, 0))])
    return out if bias is None else out + bias.reshape(out_channels, *(1,) * len(sizes))


def conv_transpose1d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    weight: TensorLike,
    bias: TensorLike | None = None,
    stride: Size = 1,
    padding: Size = 0,
    output_padding: Size = 0,
    groups: int = 1,
    dilation: Size = 1,
) -> Tensor:
    """1-D transposed convolution of (N, C_in, L) input with weight (C_in, C_out / groups, k),
    PyTorch's ``F.conv_transpose1d`` (the gradient of ``conv1d`` with respect to its input).
    Output length (L - 1) stride - 2 padding + dilation (k - 1) + output_padding + 1.

    >>> conv_transpose1d(Tensor([[[1.0, 2.0]]]), Tensor([[[1.0, 10.0]]]))
    Tensor([[[ 1., 12., 20.]]])
    """
    return _transposed(input, weight, bias, stride, padding, output_padding, groups, dilation, 1)


def conv_transpose2d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    weight: TensorLike,
    bias: TensorLike | None = None,
    stride: Size = 1,
    padding: Size = 0,
    output_padding: Size = 0,
    groups: int = 1,
    dilation: Size = 1,
) -> Tensor:
    """2-D transposed convolution of (N, C_in, H, W) input with weight (C_in, C_out / groups,
    kH, kW), PyTorch's ``F.conv_transpose2d``: each input pixel adds the kernel, scaled by it,
    into the output at stride spacing; ``padding`` crops, ``output_padding`` adds rows and
    columns at the end (to pick one of the sizes a strided ``conv2d`` maps to the same size).

    >>> x = Tensor(np.ones((1, 1, 2, 2), np.float32))
    >>> conv_transpose2d(x, Tensor(np.ones((1, 1, 2, 2), np.float32)), stride=2).shape
    (1, 1, 4, 4)
    """
    return _transposed(input, weight, bias, stride, padding, output_padding, groups, dilation, 2)


def unfold(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    kernel_size: Size,
    dilation: Size = 1,
    padding: Size = 0,
    stride: Size = 1,
) -> Tensor:
    """Every sliding block of (N, C, H, W) ``input`` as a column: (N, C * kH * kW, L), L the
    number of blocks, PyTorch's ``F.unfold`` (im2col). Differentiable (its adjoint is ``fold``).

    >>> unfold(Tensor(np.arange(9.0, dtype=np.float32).reshape(1, 1, 3, 3)), kernel_size=2)[0, :, 0]
    Tensor([0., 1., 3., 4.])
    """
    x = to_tensor(input)
    if x.ndim not in (3, 4):
        raise RuntimeError(
            f"unfold: expected 3D or 4D (batch mode) input, but got input of size {_shape(x.shape)}"
        )
    kernel, dilations, pads, strides = _window_geometry(kernel_size, dilation, padding, stride)
    x, unbatched = _batched(x, 2)
    height, width = x.shape[2:]
    out_h, out_w = blocks((height, width), kernel, dilations, pads, strides)
    if out_h < 1 or out_w < 1:
        raise RuntimeError(
            f"unfold: given input with spatial size ({height}, {width}), kernel_size={kernel}, "
            f"dilation={dilations}, padding={pads}, calculated shape of the array of sliding "
            f"blocks as ({out_h}, {out_w}), but its components must be at least one"
        )
    cols = ops.Unfold.apply(x, kernel=kernel, dilation=dilations, padding=pads, stride=strides)
    return cols.squeeze(0) if unbatched else cols


def fold(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    output_size: Size,
    kernel_size: Size,
    dilation: Size = 1,
    padding: Size = 0,
    stride: Size = 1,
) -> Tensor:
    """Add the columns of (N, C * kH * kW, L) ``input`` back into an (N, C, *output_size)
    image, overlapping blocks summed, PyTorch's ``F.fold`` (col2im, the adjoint of ``unfold``).

    >>> cols = unfold(Tensor(np.ones((1, 1, 3, 3), np.float32)), kernel_size=2)
    >>> fold(cols, output_size=3, kernel_size=2)[0, 0]  # how many blocks cover each pixel
    Tensor([[1., 2., 1.],
            [2., 4., 2.],
            [1., 2., 1.]])
    """
    cols = to_tensor(input)
    if cols.ndim not in (2, 3):
        raise RuntimeError(
            f"fold: expected 2D or 3D (batch mode) input, but got input of size "
            f"{_shape(cols.shape)}"
        )
    sizes = ntuple(output_size, 2, "output_size", "fold")
    size = (sizes[0], sizes[1])
    kernel, dilations, pads, strides = _window_geometry(kernel_size, dilation, padding, stride)
    cols, unbatched = _batched(cols, 1)
    out_h, out_w = blocks(size, kernel, dilations, pads, strides)
    area = kernel[0] * kernel[1]
    if cols.shape[1] % area or out_h < 1 or out_w < 1 or cols.shape[2] != out_h * out_w:
        raise RuntimeError(
            f"fold: expected input of size (N, C * {area}, {max(out_h, 0) * max(out_w, 0)}) for "
            f"output_size={size}, kernel_size={kernel}, dilation={dilations}, padding={pads}, "
            f"stride={strides}, but got input of size {_shape(cols.shape)}"
        )
    out = ops.Fold.apply(
        cols, size=size, kernel=kernel, dilation=dilations, padding=pads, stride=strides
    )
    return out.squeeze(0) if unbatched else out


def _window_geometry(
    kernel_size: Size, dilation: Size, padding: Size, stride: Size
) -> tuple[tuple[int, int], tuple[int, int], Pairs, tuple[int, int]]:
    kernel = ntuple(kernel_size, 2, "kernel_size", "unfold")
    dilations = ntuple(dilation, 2, "dilation", "unfold")
    pads = ntuple(padding, 2, "padding", "unfold")
    strides = ntuple(stride, 2, "stride", "unfold")
    _positive(kernel, "kernel_size", "unfold")
    _positive(dilations, "dilation", "unfold")
    _positive(strides, "stride", "unfold")
    _positive(pads, "padding", "unfold", allow_zero=True)
    return (
        (kernel[0], kernel[1]),
        (dilations[0], dilations[1]),
        ((pads[0], pads[0]), (pads[1], pads[1])),
        (strides[0], strides[1]),
    )


def conv_transpose3d(
    input: TensorLike,  # noqa: A002 - PyTorch's name
    weight: TensorLike,
    bias: TensorLike | None = None,
    stride: Size = 1,
    padding: Size = 0,
    output_padding: Size = 0,
    groups: int = 1,
    dilation: Size = 1,
) -> Tensor:
    """3-D transposed convolution of (N, C_in, D, H, W) input with weight (C_in, C_out /
    groups, kD, kH, kW), PyTorch's ``F.conv_transpose3d``; arguments as ``conv_transpose2d``'s.

    >>> x = Tensor(np.ones((1, 1, 2, 2, 2), np.float32))
    >>> conv_transpose3d(x, Tensor(np.ones((1, 4, 2, 2, 2), np.float32)), stride=2).shape
    (1, 4, 4, 4, 4)
    """
    return _transposed(input, weight, bias, stride, padding, output_padding, groups, dilation, 3)


# ---------------------------------------------------------------- layers
def _empty(shape: tuple[int, ...], dtype: DTypeLike | None) -> np.ndarray:
    return np.zeros(shape, dtype=get_default_dtype() if dtype is None else np.dtype(dtype))


class _ConvNd(Module):
    """What every convolution layer shares: PyTorch's attributes, parameters and init."""

    dims = 2
    transposed = False

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Size,
        stride: Size,
        padding: str | Size,
        dilation: Size,
        groups: int,
        bias: bool,
        padding_mode: str,
        output_padding: Size,
        dtype: DTypeLike | None,
        generator: np.random.Generator | None,
    ) -> None:
        super().__init__()
        name, dims = type(self).__name__, self.dims
        if groups <= 0:
            raise ValueError(f"{name}: groups must be a positive integer, got {groups}")
        if in_channels % groups:
            raise ValueError(
                f"{name}: in_channels must be divisible by groups, got in_channels="
                f"{in_channels} and groups={groups}"
            )
        if out_channels % groups:
            raise ValueError(
                f"{name}: out_channels must be divisible by groups, got out_channels="
                f"{out_channels} and groups={groups}"
            )
        if padding_mode not in _PADDING_MODES:
            raise ValueError(
                f"{name}: padding_mode must be one of {set(_PADDING_MODES)}, but got "
                f"padding_mode={padding_mode!r}"
            )
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.kernel_size = ntuple(kernel_size, dims, "kernel_size", name)
        self.stride = ntuple(stride, dims, "stride", name)
        self.dilation = ntuple(dilation, dims, "dilation", name)
        self.output_padding = ntuple(output_padding, dims, "output_padding", name)
        self.groups = int(groups)
        self.padding_mode = padding_mode
        if isinstance(padding, str):
            if padding not in ("valid", "same"):
                raise ValueError(
                    f"{name}: invalid padding string {padding!r}, should be one of "
                    f"{{'valid', 'same'}}"
                )
            if padding == "same" and max(self.stride) != 1:
                raise ValueError(
                    f"{name}: padding='same' is not supported for strided convolutions"
                )
            self.padding: str | tuple[int, ...] = padding
        else:
            self.padding = ntuple(padding, dims, "padding", name)
        if min(self.kernel_size) < 1 or min(self.stride) < 1 or min(self.dilation) < 1:
            raise ValueError(
                f"{name}: kernel_size, stride and dilation must be positive, got "
                f"{self.kernel_size}, {self.stride} and {self.dilation}"
            )
        if self.transposed:
            shape = (self.in_channels, self.out_channels // self.groups, *self.kernel_size)
        else:
            shape = (self.out_channels, self.in_channels // self.groups, *self.kernel_size)
        self.weight = Parameter(_empty(shape, dtype))
        self.bias = Parameter(_empty((self.out_channels,), dtype)) if bias else None
        self.reset_parameters(generator)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Draw new weights and biases, PyTorch's way: the weight Kaiming-uniform with
        a = sqrt(5), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)), the bias from the same bound, with
        fan_in = weight.shape[1] * prod(kernel_size).

        >>> conv = Conv2d(1, 1, kernel_size=2)
        >>> conv.reset_parameters(np.random.default_rng(0))
        >>> bool(np.all(np.abs(conv.weight.data) <= 0.5))  # 1 / sqrt(fan_in = 4)
        True
        """
        init.kaiming_uniform_(self.weight, a=math.sqrt(5), generator=generator)
        if self.bias is not None:
            fan_in = self.weight.shape[1] * math.prod(self.kernel_size)
            bound = 1.0 / math.sqrt(fan_in) if fan_in else 0.0
            init.uniform_(self.bias, -bound, bound, generator=generator)

    def extra_repr(self) -> str:
        dims = self.dims
        text = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if self.padding != (0,) * dims:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * dims:
            text += f", dilation={self.dilation}"
        if self.output_padding != (0,) * dims:
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return text


class _Conv(_ConvNd):
    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Size,
        stride: Size = 1,
        padding: str | Size = 0,
        dilation: Size = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        dtype: DTypeLike | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            0,
            dtype,
            generator,
        )

    def forward(self, input: TensorLike) -> Tensor:  # noqa: A002 - PyTorch's name
        x = to_tensor(input)
        if self.padding_mode == "zeros":
            return _convolution(
                x,
                self.weight,
                self.bias,
                self.stride,
                self.padding,
                self.dilation,
                self.groups,
                self.dims,
            )
        _check_input(x, self.dims, f"conv{self.dims}d")
        if self.padding == "same":
            pairs = _same_padding(self.kernel_size, self.dilation)
        elif self.padding == "valid":
            pairs = [(0, 0)] * self.dims
        else:
            pairs = [(int(p), int(p)) for p in self.padding]
        amounts = [amount for pair in reversed(pairs) for amount in pair]  # last dim first
        padded = pad(x, amounts, mode=self.padding_mode)
        return _convolution(
            padded, self.weight, self.bias, self.stride, 0, self.dilation, self.groups, self.dims
        )


class Conv1d(_Conv):
    """1-D convolution over (N, C_in, L) (or unbatched (C_in, L)) inputs, PyTorch's
    ``nn.Conv1d``: ``weight`` (out_channels, in_channels / groups, kernel_size), ``bias``
    (out_channels,); ``padding`` an int, ``'valid'`` or ``'same'``; ``padding_mode`` ``'zeros'``,
    ``'reflect'``, ``'replicate'`` or ``'circular'``.

    >>> conv = Conv1d(2, 4, kernel_size=3, padding=1, padding_mode="circular")
    >>> conv
    Conv1d(2, 4, kernel_size=(3,), stride=(1,), padding=(1,), padding_mode=circular)
    >>> conv(np.zeros((5, 2, 10), np.float32)).shape
    (5, 4, 10)
    """

    dims = 1


class Conv2d(_Conv):
    """2-D convolution (cross-correlation) over (N, C_in, H, W) (or unbatched (C_in, H, W))
    inputs, PyTorch's ``nn.Conv2d``: ``weight`` (out_channels, in_channels / groups, kH, kW),
    ``bias`` (out_channels,), ``stride``, ``padding`` (int, pair, ``'valid'``, ``'same'``),
    ``dilation``, ``groups``, ``padding_mode`` (``'zeros'``, ``'reflect'``, ``'replicate'``,
    ``'circular'``). Built from primitives: ``Unfold`` (im2col) and one matrix product.

    >>> conv = Conv2d(1, 4, kernel_size=3, padding=1)
    >>> conv(np.zeros((2, 1, 8, 8), np.float32)).shape
    (2, 4, 8, 8)
    >>> conv.weight.shape
    (4, 1, 3, 3)
    >>> Conv2d(4, 4, 3, groups=4, padding="same", bias=False)
    Conv2d(4, 4, kernel_size=(3, 3), stride=(1, 1), padding=same, groups=4, bias=False)
    """

    dims = 2


class Conv3d(_Conv):
    """3-D convolution over (N, C_in, D, H, W) (or unbatched (C_in, D, H, W)) inputs, PyTorch's
    ``nn.Conv3d``: ``weight`` (out_channels, in_channels / groups, kD, kH, kW); arguments as
    ``Conv2d``'s.

    >>> conv = Conv3d(2, 4, kernel_size=3, padding=1, stride=(1, 2, 2))
    >>> conv(np.zeros((1, 2, 5, 8, 8), np.float32)).shape
    (1, 4, 5, 4, 4)
    """

    dims = 3


class _ConvTranspose(_ConvNd):
    transposed = True

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Size,
        stride: Size = 1,
        padding: Size = 0,
        output_padding: Size = 0,
        groups: int = 1,
        bias: bool = True,
        dilation: Size = 1,
        padding_mode: str = "zeros",
        dtype: DTypeLike | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        if padding_mode != "zeros":
            raise ValueError(
                f'Only "zeros" padding mode is supported for {type(self).__name__}, got '
                f"{padding_mode!r}"
            )
        if isinstance(padding, str):
            raise ValueError(
                f"{type(self).__name__}: padding must be an int or a tuple of ints, got {padding!r}"
            )
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            output_padding,
            dtype,
            generator,
        )

    def forward(
        self,
        input: TensorLike,  # noqa: A002 - PyTorch's name
        output_size: Sequence[int] | None = None,
    ) -> Tensor:
        x = to_tensor(input)
        extra = self.output_padding if output_size is None else self._output_padding(x, output_size)
        return _transposed(
            x,
            self.weight,
            self.bias,
            self.stride,
            self.padding,  # type: ignore[arg-type]  # never a string (checked in __init__)
            extra,
            self.groups,
            self.dilation,
            self.dims,
        )

    def _output_padding(self, x: Tensor, output_size: Sequence[int]) -> tuple[int, ...]:
        """The output_padding that gives ``output_size`` (its last ``dims`` entries)."""
        dims, name = self.dims, type(self).__name__
        wanted = [int(s) for s in output_size][-dims:]
        pads = cast(tuple[int, ...], self.padding)  # never a string (checked in __init__)
        smallest = [
            (size - 1) * s - 2 * p + d * (k - 1) + 1
            for size, s, p, d, k in zip(
                x.shape[-dims:],
                self.stride,
                pads,
                self.dilation,
                self.kernel_size,
                strict=True,
            )
        ]
        largest = [low + s - 1 for low, s in zip(smallest, self.stride, strict=True)]
        if len(wanted) != dims or any(
            not low <= w <= high for w, low, high in zip(wanted, smallest, largest, strict=True)
        ):
            raise ValueError(
                f"{name}: requested an output size of {list(output_size)}, but valid sizes "
                f"range from {smallest} to {largest} (for an input of {list(x.shape[-dims:])})"
            )
        return tuple(w - low for w, low in zip(wanted, smallest, strict=True))


class ConvTranspose1d(_ConvTranspose):
    """1-D transposed convolution, PyTorch's ``nn.ConvTranspose1d``: ``weight`` (in_channels,
    out_channels / groups, kernel_size). ``forward(input, output_size=None)``.

    >>> ConvTranspose1d(2, 3, kernel_size=4, stride=2)(np.zeros((1, 2, 5), np.float32)).shape
    (1, 3, 12)
    """

    dims = 1


class ConvTranspose2d(_ConvTranspose):
    """2-D transposed convolution, PyTorch's ``nn.ConvTranspose2d``: ``weight`` (in_channels,
    out_channels / groups, kH, kW), ``bias`` (out_channels,); ``stride``, ``padding``,
    ``output_padding``, ``groups``, ``dilation``; ``forward(input, output_size=None)`` picks the
    output_padding that gives ``output_size``.

    >>> up = ConvTranspose2d(4, 2, kernel_size=3, stride=2, padding=1, output_padding=1)
    >>> up(np.zeros((1, 4, 5, 5), np.float32)).shape  # twice the size
    (1, 2, 10, 10)
    >>> up.weight.shape
    (4, 2, 3, 3)
    """

    dims = 2


class ConvTranspose3d(_ConvTranspose):
    """3-D transposed convolution, PyTorch's ``nn.ConvTranspose3d``: ``weight`` (in_channels,
    out_channels / groups, kD, kH, kW); arguments as ``ConvTranspose2d``'s.

    >>> ConvTranspose3d(2, 3, kernel_size=2, stride=2)(np.zeros((1, 2, 3, 4, 5), np.float32)).shape
    (1, 3, 6, 8, 10)
    """

    dims = 3


class Unfold(Module):
    """``unfold`` with its geometry fixed, PyTorch's ``nn.Unfold``: (N, C, H, W) to the columns
    (N, C * kH * kW, L).

    >>> Unfold(kernel_size=2)
    Unfold(kernel_size=2, dilation=1, padding=0, stride=1)
    >>> Unfold(kernel_size=(2, 3), stride=2)(np.zeros((1, 3, 6, 7), np.float32)).shape
    (1, 18, 9)
    """

    def __init__(
        self, kernel_size: Size, dilation: Size = 1, padding: Size = 0, stride: Size = 1
    ) -> None:
        super().__init__()
        self.kernel_size, self.dilation, self.padding, self.stride = (
            kernel_size,
            dilation,
            padding,
            stride,
        )

    def forward(self, input: TensorLike) -> Tensor:  # noqa: A002 - PyTorch's name
        return unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, dilation={self.dilation}, padding={self.padding}, "
            f"stride={self.stride}"
        )


class Fold(Module):
    """``fold`` with its geometry fixed, PyTorch's ``nn.Fold``: the columns (N, C * kH * kW, L)
    added back into (N, C, *output_size).

    >>> Fold(output_size=(4, 5), kernel_size=2)
    Fold(output_size=(4, 5), kernel_size=2, dilation=1, padding=0, stride=1)
    >>> Fold(output_size=(4, 5), kernel_size=2)(np.ones((1, 12, 12), np.float32)).shape
    (1, 3, 4, 5)
    """

    def __init__(
        self,
        output_size: Size,
        kernel_size: Size,
        dilation: Size = 1,
        padding: Size = 0,
        stride: Size = 1,
    ) -> None:
        super().__init__()
        self.output_size, self.kernel_size = output_size, kernel_size
        self.dilation, self.padding, self.stride = dilation, padding, stride

    def forward(self, input: TensorLike) -> Tensor:  # noqa: A002 - PyTorch's name
        return fold(
            input, self.output_size, self.kernel_size, self.dilation, self.padding, self.stride
        )

    def extra_repr(self) -> str:
        return (
            f"output_size={self.output_size}, kernel_size={self.kernel_size}, "
            f"dilation={self.dilation}, padding={self.padding}, stride={self.stride}"
        )
