"""Layers: each ``forward`` is a composition of the engine's primitive ops, nothing more.

>>> from nn import Sequential
>>> model = Sequential(Linear(64, 128), ReLU(), Dropout(0.1), Linear(128, 10))
>>> model
Sequential(
  (0): Linear(in_features=64, out_features=128, bias=True)
  (1): ReLU()
  (2): Dropout(p=0.1)
  (3): Linear(in_features=128, out_features=10, bias=True)
)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import DTypeLike

from autograd import Tensor, get_default_dtype
from autograd.tensor import to_tensor

from . import functional, init
from .conv import Conv2d  # moved to nn.conv; importable from here too
from .functional import TensorLike
from .module import Module, Parameter
from .normalization import BatchNorm1d  # moved to nn.normalization; importable from here too
from .pooling import MaxPool2d  # moved to nn.pooling; importable from here too

__all__ = [
    "CELU",
    "ELU",
    "GELU",
    "GLU",
    "SELU",
    "AlphaDropout",
    "BatchNorm1d",
    "Conv2d",
    "CosineSimilarity",
    "Dropout",
    "Dropout1d",
    "Dropout2d",
    "Dropout3d",
    "Flatten",
    "Hardshrink",
    "Hardsigmoid",
    "Hardswish",
    "Hardtanh",
    "Identity",
    "LeakyReLU",
    "Linear",
    "LogSigmoid",
    "LogSoftmax",
    "MaxPool2d",
    "Mish",
    "PReLU",
    "PairwiseDistance",
    "RReLU",
    "ReLU",
    "ReLU6",
    "SiLU",
    "Sigmoid",
    "Softmax",
    "Softmin",
    "Softplus",
    "Softshrink",
    "Softsign",
    "Tanh",
    "Tanhshrink",
    "Threshold",
    "Unflatten",
]


def _empty(shape: tuple[int, ...], dtype: DTypeLike | None) -> np.ndarray:
    return np.zeros(shape, dtype=get_default_dtype() if dtype is None else np.dtype(dtype))


class Linear(Module):
    """y = x @ W.T + b, with W of shape (out_features, in_features) and b of shape (out_features,).

    Initialised as PyTorch does: W ~ U(-1/sqrt(in), 1/sqrt(in)) (Kaiming-uniform with
    a = sqrt(5)) and b ~ U(-1/sqrt(in), 1/sqrt(in)).

    >>> from autograd import Tensor
    >>> Linear(3, 2)(Tensor(np.ones((5, 3), dtype=np.float32))).shape
    (5, 2)
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        dtype: DTypeLike | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__()
        self.in_features = int(in_features)
        self.out_features = int(out_features)
        self.weight = Parameter(_empty((self.out_features, self.in_features), dtype))
        self.bias = Parameter(_empty((self.out_features,), dtype)) if bias else None
        self.reset_parameters(generator)

    def reset_parameters(self, generator: np.random.Generator | None = None) -> None:
        """Draw new weights and biases (as ``__init__`` does).

        >>> layer = Linear(4, 2)
        >>> layer.reset_parameters(np.random.default_rng(0))
        >>> bool(np.all(np.abs(layer.weight.data) <= 0.5))  # 1 / sqrt(in_features)
        True
        """
        init.kaiming_uniform_(self.weight, a=math.sqrt(5), generator=generator)
        if self.bias is not None:
            bound = 1.0 / math.sqrt(self.in_features) if self.in_features else 0.0
            init.uniform_(self.bias, -bound, bound, generator=generator)

    def forward(self, x: TensorLike) -> Tensor:
        x = to_tensor(x)
        if x.shape[-1:] != (self.in_features,):
            raise ValueError(
                f"Linear: expected input with last dimension in_features="
                f"{self.in_features}, got shape {x.shape}"
            )
        return functional.linear(x, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class Identity(Module):
    """Returns its input unchanged (a placeholder, e.g. for a layer switched off); as in
    PyTorch, any constructor arguments are accepted and ignored.

    >>> from autograd import Tensor
    >>> x = Tensor([1.0])
    >>> Identity()(x) is x
    True
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__()

    def forward(self, x: Tensor) -> Tensor:
        return x


class _Activation(Module):
    """An elementwise activation with PyTorch's ``inplace`` flag: ``inplace=True`` overwrites
    the input with the result (see ``functional.relu``); shown in the repr when set."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = bool(inplace)

    def _inplace_repr(self, *fields: str) -> str:
        return ", ".join((*fields, "inplace=True") if self.inplace else fields)

    def extra_repr(self) -> str:
        return self._inplace_repr()


class ReLU(_Activation):
    """max(x, 0) elementwise.

    >>> ReLU()([-1.0, 2.0])
    Tensor([0., 2.])
    >>> ReLU(inplace=True)
    ReLU(inplace=True)
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.relu(x, inplace=self.inplace)


class Sigmoid(Module):
    """1 / (1 + exp(-x)) elementwise.

    >>> Sigmoid()([0.0])
    Tensor([0.5])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.sigmoid(x)


class Tanh(Module):
    """tanh(x) elementwise.

    >>> Tanh()([0.0])
    Tensor([0.])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.tanh(x)


class Softmax(Module):
    """softmax along ``dim`` (PyTorch's name) or ``axis``, the last by default (max-normalised;
    built from primitives).

    >>> Softmax(dim=1)([[1.0, 1.0]])
    Tensor([[0.5, 0.5]])
    >>> Softmax(axis=1)
    Softmax(dim=1)
    """

    def __init__(self, dim: int | None = None, *, axis: int | None = None) -> None:
        super().__init__()
        if dim is not None and axis is not None and dim != axis:
            raise ValueError(
                f"{type(self).__name__}: got both dim={dim} and axis={axis}; they are one "
                f"argument (dim is PyTorch's name, axis NumPy's): give one"
            )
        self.dim = dim if dim is not None else axis
        self.axis = -1 if self.dim is None else self.dim

    def forward(self, x: TensorLike) -> Tensor:
        return functional.softmax(x, self.axis)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    """log_softmax along ``dim`` (or ``axis``; the last by default): (x - max) - log sum
    exp(x - max).

    >>> LogSoftmax(dim=-1)([[1.0, 1.0]]).exp()
    Tensor([[0.5, 0.5]])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.log_softmax(x, self.axis)


class Softmin(Softmax):
    """softmin along ``dim`` (or ``axis``; the last by default): softmax(-x).

    >>> Softmin(dim=1)([[0.0, math.log(3.0)]])
    Tensor([[0.75, 0.25]])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.softmin(x, self.axis)


class Dropout(Module):
    """In training, zero each element with probability ``p`` and scale the rest by 1/(1 - p);
    in eval mode the identity. Draws from ``generator`` or from ``nn.init``'s seeded one.

    >>> layer = Dropout(0.5, generator=np.random.default_rng(0))
    >>> layer(np.ones(4, np.float32))
    Tensor([2., 0., 0., 0.])
    >>> layer.eval()(np.ones(4, np.float32))
    Tensor([1., 1., 1., 1.])
    """

    def __init__(
        self, p: float = 0.5, inplace: bool = False, generator: np.random.Generator | None = None
    ) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"Dropout: p must be a probability in [0, 1], got {p}")
        self.p = float(p)
        self.inplace = bool(inplace)
        self.generator = generator

    def forward(self, x: TensorLike) -> Tensor:
        return functional.dropout(
            x, self.p, training=self.training, inplace=self.inplace, generator=self.generator
        )

    def extra_repr(self) -> str:
        return f"p={self.p}" + (", inplace=True" if self.inplace else "")


class Flatten(Module):
    """Merge dimensions ``start_dim`` .. ``end_dim`` into one: (N, C, H, W) -> (N, C*H*W).

    >>> Flatten()(np.zeros((2, 3, 4, 4), np.float32)).shape
    (2, 48)
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, x: TensorLike) -> Tensor:
        return to_tensor(x).flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Split dimension ``dim`` into ``unflattened_size`` (the inverse of ``Flatten``; one size
    may be -1, inferred as in ``reshape``).

    >>> Unflatten(1, (2, 5))(np.zeros((3, 10), np.float32)).shape
    (3, 2, 5)
    >>> Unflatten(1, (2, 5))
    Unflatten(dim=1, unflattened_size=(2, 5))
    """

    def __init__(self, dim: int, unflattened_size: Sequence[int]) -> None:
        super().__init__()
        if isinstance(unflattened_size, (int, np.integer)) or not len(unflattened_size):
            raise TypeError(
                f"Unflatten: unflattened_size must be a non-empty tuple or list of ints, got "
                f"{unflattened_size!r}"
            )
        self.dim, self.unflattened_size = int(dim), tuple(int(s) for s in unflattened_size)

    def forward(self, x: TensorLike) -> Tensor:
        x = to_tensor(x)
        if not -x.ndim <= self.dim < x.ndim:
            raise IndexError(f"Unflatten: dim={self.dim} is out of range for shape {x.shape}")
        dim = self.dim % x.ndim
        sizes = self.unflattened_size
        known = math.prod(size for size in sizes if size != -1)
        size = x.shape[dim]
        if sizes.count(-1) > 1 or (
            size != known if -1 not in sizes else (known == 0 or size % known)
        ):
            raise ValueError(
                f"Unflatten: cannot split dimension {dim} of size {size} (shape {x.shape}) "
                f"into {sizes}"
            )
        return x.reshape(*x.shape[:dim], *sizes, *x.shape[dim + 1 :])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


# ---------------------------------------------------------------- more activations
# Each is its ``functional`` counterpart with the arguments fixed at construction.


class GELU(Module):
    """x Φ(x) (``approximate='none'``) or its tanh approximation (``approximate='tanh'``).

    >>> GELU(approximate="tanh")
    GELU(approximate='tanh')
    >>> GELU()([0.0, 1.0])
    Tensor([0.    , 0.8413])
    """

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def forward(self, x: TensorLike) -> Tensor:
        return functional.gelu(x, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class SiLU(_Activation):
    """x σ(x) (swish).

    >>> SiLU()([0.0])
    Tensor([0.])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.silu(x, inplace=self.inplace)


class Mish(_Activation):
    """x tanh(softplus(x)).

    >>> Mish()([0.0])
    Tensor([0.])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.mish(x, inplace=self.inplace)


class Softplus(Module):
    """log(1 + exp(β x)) / β, linear where β x > ``threshold``; never overflows.

    >>> Softplus(beta=2.0)
    Softplus(beta=2.0, threshold=20.0)
    >>> Softplus()([0.0])
    Tensor([0.6931])
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta = float(beta)
        self.threshold = float(threshold)

    def forward(self, x: TensorLike) -> Tensor:
        return functional.softplus(x, beta=self.beta, threshold=self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class ELU(_Activation):
    """x where x > 0, else α (exp(x) - 1).

    >>> ELU(alpha=0.5)
    ELU(alpha=0.5)
    >>> ELU()([-1.0, 2.0])
    Tensor([-0.6321,  2.    ])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__(inplace)
        self.alpha = float(alpha)

    def forward(self, x: TensorLike) -> Tensor:
        return functional.elu(x, alpha=self.alpha, inplace=self.inplace)

    def extra_repr(self) -> str:
        return self._inplace_repr(f"alpha={self.alpha}")


class SELU(_Activation):
    """scale · elu(x, α), with α = 1.6732632423543772 and scale = 1.0507009873554805.

    >>> SELU()([1.0])
    Tensor([1.0507])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.selu(x, inplace=self.inplace)


class CELU(ELU):
    """max(0, x) + min(0, α (exp(x / α) - 1)).

    >>> CELU(alpha=2.0)
    CELU(alpha=2.0)
    >>> CELU(alpha=2.0)([-1.0, 2.0])
    Tensor([-0.7869,  2.    ])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.celu(x, alpha=self.alpha, inplace=self.inplace)


class LeakyReLU(_Activation):
    """x where x > 0, else ``negative_slope`` · x.

    >>> LeakyReLU(0.1)
    LeakyReLU(negative_slope=0.1)
    >>> LeakyReLU(0.1)([-2.0, 3.0])
    Tensor([-0.2,  3. ])
    """

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__(inplace)
        self.negative_slope = float(negative_slope)

    def forward(self, x: TensorLike) -> Tensor:
        return functional.leaky_relu(x, self.negative_slope, inplace=self.inplace)

    def extra_repr(self) -> str:
        return self._inplace_repr(f"negative_slope={self.negative_slope}")


class Hardtanh(_Activation):
    """x clamped into [``min_val``, ``max_val``].

    >>> Hardtanh(-2.0, 2.0)
    Hardtanh(min_val=-2.0, max_val=2.0)
    >>> Hardtanh()([-2.0, 0.5, 2.0])
    Tensor([-1. ,  0.5,  1. ])
    """

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> None:
        super().__init__(inplace)
        if min_val > max_val:
            raise ValueError(f"Hardtanh: min_val={min_val} must not exceed max_val={max_val}")
        self.min_val = float(min_val)
        self.max_val = float(max_val)

    def forward(self, x: TensorLike) -> Tensor:
        return functional.hardtanh(x, self.min_val, self.max_val, inplace=self.inplace)

    def extra_repr(self) -> str:
        return self._inplace_repr(f"min_val={self.min_val}", f"max_val={self.max_val}")


class ReLU6(Hardtanh):
    """min(max(x, 0), 6) (a Hardtanh from 0 to 6, as in PyTorch).

    >>> ReLU6()([-1.0, 3.0, 7.0])
    Tensor([0., 3., 6.])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self) -> str:
        return self._inplace_repr()


class Hardsigmoid(_Activation):
    """relu6(x + 3) / 6.

    >>> Hardsigmoid()([-4.0, 0.0, 4.0])
    Tensor([0. , 0.5, 1. ])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.hardsigmoid(x, inplace=self.inplace)

    def extra_repr(self) -> str:
        return ""  # PyTorch shows no fields here, not even inplace


class Hardswish(_Activation):
    """x · relu6(x + 3) / 6.

    >>> Hardswish()([4.0])
    Tensor([4.])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.hardswish(x, inplace=self.inplace)

    def extra_repr(self) -> str:
        return ""  # PyTorch shows no fields here, not even inplace


class LogSigmoid(Module):
    """log σ(x), computed without overflow.

    >>> LogSigmoid()([0.0])
    Tensor([-0.6931])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.logsigmoid(x)


class Softsign(Module):
    """x / (1 + |x|).

    >>> Softsign()([-1.0])
    Tensor([-0.5])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.softsign(x)


class Tanhshrink(Module):
    """x - tanh(x).

    >>> Tanhshrink()([0.0])
    Tensor([0.])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.tanhshrink(x)


class GLU(Module):
    """a · σ(b), with a and b the two halves of the input along ``dim``.

    >>> GLU()
    GLU(dim=-1)
    >>> GLU()([[1.0, 2.0, 0.0, 100.0]])
    Tensor([[0.5, 2. ]])
    """

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = int(dim)

    def forward(self, x: TensorLike) -> Tensor:
        return functional.glu(x, dim=self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Threshold(_Activation):
    """x where x > ``threshold``, else ``value``.

    >>> Threshold(0.1, 20.0)
    Threshold(threshold=0.1, value=20.0)
    >>> Threshold(1.0, -5.0)([0.5, 2.0])
    Tensor([-5.,  2.])
    """

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__(inplace)
        self.threshold = threshold
        self.value = value

    def forward(self, x: TensorLike) -> Tensor:
        return functional.threshold(x, self.threshold, self.value, inplace=self.inplace)

    def extra_repr(self) -> str:
        return self._inplace_repr(f"threshold={self.threshold}", f"value={self.value}")


class Hardshrink(Module):
    """x where |x| > ``lambd``, else 0.

    >>> Hardshrink()
    Hardshrink(0.5)
    >>> Hardshrink()([-1.0, 0.2])
    Tensor([-1.,  0.])
    """

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def forward(self, x: TensorLike) -> Tensor:
        return functional.hardshrink(x, self.lambd)

    def extra_repr(self) -> str:
        return f"{self.lambd}"


class Softshrink(Hardshrink):
    """x - λ above λ, x + λ below -λ, 0 between (λ = ``lambd``).

    >>> Softshrink()([-1.0, 0.2])
    Tensor([-0.5,  0. ])
    """

    def forward(self, x: TensorLike) -> Tensor:
        return functional.softshrink(x, self.lambd)


class PReLU(Module):
    """x where x > 0, else a · x with learnable slopes a: ``num_parameters`` of them (1, or the
    number of channels, dimension 1 of the input), each starting at ``init``.

    >>> layer = PReLU()
    >>> layer
    PReLU(num_parameters=1)
    >>> layer([-2.0, 1.0]).data
    array([-0.5,  1. ], dtype=float32)
    """

    def __init__(
        self, num_parameters: int = 1, init: float = 0.25, dtype: DTypeLike | None = None
    ) -> None:
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(
            np.full((num_parameters,), init, dtype=dtype or get_default_dtype())
        )

    def reset_parameters(self) -> None:
        self.weight.data[...] = self.init

    def forward(self, x: TensorLike) -> Tensor:
        return functional.prelu(x, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class RReLU(_Activation):
    """Randomized leaky ReLU: random negative slopes in [``lower``, ``upper``] in training,
    the mean slope in evaluation.

    >>> RReLU(0.25, 0.75).eval()([-2.0, 3.0])
    Tensor([-1.,  3.])
    """

    def __init__(
        self,
        lower: float = 1.0 / 8.0,
        upper: float = 1.0 / 3.0,
        inplace: bool = False,
        generator: np.random.Generator | None = None,
    ) -> None:
        super().__init__(inplace)
        self.lower, self.upper, self.generator = lower, upper, generator

    def forward(self, x: TensorLike) -> Tensor:
        return functional.rrelu(
            x, self.lower, self.upper, self.training, self.inplace, generator=self.generator
        )

    def extra_repr(self) -> str:
        return self._inplace_repr(f"lower={self.lower}", f"upper={self.upper}")


class CosineSimilarity(Module):
    """The cosine of the angle between x1 and x2 along ``dim``.

    >>> CosineSimilarity(dim=0)([1.0, 0.0], [1.0, 1.0])
    Tensor(0.7071)
    """

    def __init__(self, dim: int = 1, eps: float = 1e-8) -> None:
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1: TensorLike, x2: TensorLike) -> Tensor:
        return functional.cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    """‖x1 - x2 + eps‖_p along the last dimension.

    >>> PairwiseDistance(eps=0.0)([[0.0, 0.0]], [[3.0, 4.0]])
    Tensor([5.])
    """

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> None:
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1: TensorLike, x2: TensorLike) -> Tensor:
        return functional.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class _ChannelDropout(Dropout):
    """Dropout of whole channels (see ``functional.dropout2d``)."""

    _function = staticmethod(functional.dropout2d)

    def forward(self, x: TensorLike) -> Tensor:
        return type(self)._function(
            x, self.p, training=self.training, inplace=self.inplace, generator=self.generator
        )


class Dropout1d(_ChannelDropout):
    """Zero whole channels of (N, C, L) inputs with probability ``p`` (training only)."""

    _function = staticmethod(functional.dropout1d)


class Dropout2d(_ChannelDropout):
    """Zero whole feature maps of (N, C, H, W) inputs with probability ``p`` (training only).

    >>> Dropout2d(0.5).eval()(np.ones((1, 2, 1, 1), np.float32)).shape
    (1, 2, 1, 1)
    """


class Dropout3d(_ChannelDropout):
    """Zero whole channels of (N, C, D, H, W) inputs with probability ``p`` (training only)."""

    _function = staticmethod(functional.dropout3d)


class AlphaDropout(_ChannelDropout):
    """Dropout that keeps SELU activations' mean and variance (training only)."""

    _function = staticmethod(functional.alpha_dropout)
