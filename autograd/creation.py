"""Creation functions as PyTorch's: ``zeros``, ``ones``, ``full``, ``arange``, ``rand``... and
``tensor``, with the random ones drawn from a seedable ``Generator``.

Every result is a new leaf Tensor with its own memory. Dtypes follow PyTorch's rules: float
results get the default float dtype (``get_default_dtype()``, float32 unless changed), ``arange``
of integers and ``randint`` give int64, ``full`` takes its dtype from the fill value.
``requires_grad=True`` is accepted only for floating dtypes.

Random numbers come from NumPy's ``default_rng`` (the PCG64 bit generator): the same seed gives
the same numbers on every run and platform, but not the numbers PyTorch gives for that seed.

>>> _ = manual_seed(0)
>>> x = randn(2, 3, requires_grad=True)
>>> x.shape, x.dtype, x.is_leaf
((2, 3), dtype('float32'), True)
>>> arange(5)
Tensor([0, 1, 2, 3, 4], dtype=int64)
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import dtypes
from .errors import ShapeError
from .ops.bitwise import UnsupportedDtypeError
from .tensor import Tensor, from_numpy

__all__ = [
    "Generator",
    "arange",
    "default_generator",
    "empty",
    "empty_like",
    "eye",
    "full",
    "full_like",
    "linspace",
    "manual_seed",
    "meshgrid",
    "ones",
    "ones_like",
    "rand",
    "rand_like",
    "randint",
    "randn",
    "randn_like",
    "tensor",
    "zeros",
    "zeros_like",
]

DTypeLike = Any  # what np.dtype() accepts: np.float32, "float64", a dtype...
Size = int | Sequence[int]  # one size of a varargs shape, or the whole shape as a sequence
Number = int | float | bool  # a fill value, a bound or a step (NumPy scalars are accepted too)


class InvalidArgumentError(ShapeError):
    """A bad argument value: graphgrad's ValueError, and the RuntimeError PyTorch raises."""


_DEFAULT_SEED = 0  # a fresh process draws the same numbers every time, as PyTorch's does
_SEED_MODULUS = 2**64  # PyTorch keeps seeds as uint64: manual_seed(-1) is seed 2**64 - 1


class Generator:
    """A seedable source of random numbers, as ``torch.Generator`` (NumPy's PCG64 inside).

    A new Generator starts from a fixed seed (0), so it is deterministic until reseeded.

    >>> first = rand(3, generator=Generator().manual_seed(7))
    >>> second = rand(3, generator=Generator().manual_seed(7))
    >>> bool((first.numpy() == second.numpy()).all())
    True
    """

    def __init__(self, device: str = "cpu") -> None:
        if device != "cpu":
            raise ShapeError(f"Generator: graphgrad runs on the CPU only, got device={device!r}")
        self.device = device
        self._seed = _DEFAULT_SEED
        self._rng = np.random.default_rng(_DEFAULT_SEED)

    def manual_seed(self, seed: int) -> Generator:
        """Restart the stream from ``seed`` (any integer; taken modulo 2**64); returns self.

        >>> Generator().manual_seed(3).initial_seed()
        3
        """
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise TypeError(
                f"manual_seed: the seed must be an integer, got {seed!r} ({type(seed).__name__})"
            )
        self._seed = int(seed) % _SEED_MODULUS
        self._rng = np.random.default_rng(self._seed)
        return self

    def initial_seed(self) -> int:
        """The seed the stream started from.

        >>> Generator().initial_seed()
        0
        """
        return self._seed

    def get_state(self) -> dict[str, Any]:
        """A snapshot of the stream's position, for ``set_state``.

        >>> generator = Generator()
        >>> state = generator.get_state()
        >>> first = rand(2, generator=generator).numpy()
        >>> bool((rand(2, generator=generator.set_state(state)).numpy() == first).all())
        True
        """
        return dict(self._rng.bit_generator.state)

    def set_state(self, state: dict[str, Any]) -> Generator:
        """Continue from a snapshot taken by ``get_state``; returns self.

        >>> Generator().set_state(Generator().get_state()).initial_seed()
        0
        """
        self._rng.bit_generator.state = state
        return self

    @property
    def numpy_generator(self) -> np.random.Generator:
        """The ``numpy.random.Generator`` that draws the numbers (replaced by ``manual_seed``).

        >>> type(Generator().numpy_generator).__name__
        'Generator'
        """
        return self._rng


default_generator = Generator()
"""The generator the random functions (and ``nn``'s initialisation and dropout) draw from."""


def manual_seed(seed: int) -> Generator:
    """Seed the default generator, as ``torch.manual_seed``; returns it.

    >>> _ = manual_seed(42)
    >>> first = rand(3).numpy()
    >>> _ = manual_seed(42)
    >>> bool((rand(3).numpy() == first).all())
    True
    """
    return default_generator.manual_seed(seed)


def _check_placement(
    who: str, device: Any, layout: Any, pin_memory: bool, memory_format: Any = None
) -> None:
    """PyTorch's placement arguments, as graphgrad can honour them: the CPU, strided (dense)
    memory, no pinned memory; ``memory_format`` only as a name (NumPy arrays have no channels-
    last layout to choose)."""
    if device is not None and str(device).split(":")[0] != "cpu":
        raise InvalidArgumentError(
            f"{who}: graphgrad runs on the CPU only, got device={device!r}; pass device='cpu' "
            f"or leave it out"
        )
    if layout is not None and not str(layout).endswith("strided"):
        raise InvalidArgumentError(
            f"{who}: only the strided (dense) layout exists in graphgrad, got layout={layout!r}"
        )
    if pin_memory:
        raise InvalidArgumentError(f"{who}: pin_memory=True needs a GPU; graphgrad has none")
    del memory_format  # accepted for PyTorch's signature: NumPy memory has one layout here


def _shape(who: str, size: Sequence[Size]) -> tuple[int, ...]:
    """The shape from varargs sizes, ``f(2, 3)``, or one sequence, ``f((2, 3))``."""
    if len(size) == 1 and not isinstance(size[0], numbers.Integral):
        size = tuple(size[0]) if isinstance(size[0], Sequence) else size
    shape = []
    for item in size:
        if isinstance(item, bool) or not isinstance(item, numbers.Integral):
            raise TypeError(
                f"{who}: sizes must be integers, got {item!r} ({type(item).__name__}) in "
                f"size {tuple(size)}"
            )
        shape.append(int(item))
    if any(length < 0 for length in shape):
        raise ShapeError(f"{who}: sizes must be non-negative, got size {tuple(shape)}")
    return tuple(shape)


def _dtype(who: str, dtype: DTypeLike, default: np.dtype) -> np.dtype:
    if dtype is None:
        return default
    try:
        return np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(f"{who}: {dtype!r} is not a dtype") from exc


def _float_dtype(who: str, dtype: DTypeLike) -> np.dtype:
    """The dtype of a random float result: the default float dtype, or a float the user gave."""
    resolved = _dtype(who, dtype, dtypes.get_default_dtype())
    if not dtypes.is_float(resolved):
        raise UnsupportedDtypeError(f"{who}: dtype must be a floating dtype, got {resolved}")
    return resolved


def _leaf(array: np.ndarray, requires_grad: bool) -> Tensor:
    """A new leaf owning ``array`` (fresh, never shared with the caller)."""
    return from_numpy(array).requires_grad_(requires_grad)


def _generator(generator: Generator | None) -> np.random.Generator:
    return (default_generator if generator is None else generator).numpy_generator


def zeros(
    *size: Size,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
) -> Tensor:
    """A Tensor of zeros, as ``torch.zeros``: ``zeros(2, 3)`` or ``zeros((2, 3))``.

    >>> zeros(2, 3).shape, zeros((2,)).dtype
    ((2, 3), dtype('float32'))
    """
    _check_placement("zeros", device, layout, pin_memory)
    shape = _shape("zeros", size)
    dtype = _dtype("zeros", dtype, dtypes.get_default_dtype())
    return _leaf(np.zeros(shape, dtype), requires_grad)


def ones(
    *size: Size,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
) -> Tensor:
    """A Tensor of ones, as ``torch.ones``.

    >>> ones(2, dtype=np.int64)
    Tensor([1, 1], dtype=int64)
    """
    _check_placement("ones", device, layout, pin_memory)
    shape = _shape("ones", size)
    dtype = _dtype("ones", dtype, dtypes.get_default_dtype())
    return _leaf(np.ones(shape, dtype), requires_grad)


def empty(
    *size: Size,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
) -> Tensor:
    """An "uninitialised" Tensor, as ``torch.empty``; here it is always filled with zeros.

    Zeros cost next to nothing in NumPy, and a deterministic result is easier to debug than
    leftover memory; code should not rely on it, as it cannot with PyTorch.

    >>> empty(2, 2).shape
    (2, 2)
    """
    _check_placement("empty", device, layout, pin_memory)
    shape = _shape("empty", size)
    dtype = _dtype("empty", dtype, dtypes.get_default_dtype())
    return _leaf(np.zeros(shape, dtype), requires_grad)


def _fill_dtype(fill_value: object) -> np.dtype:
    """PyTorch's dtype for ``full``: bool -> bool, int -> int64, float -> the default float."""
    if isinstance(fill_value, (bool, np.bool_)):
        return np.dtype(np.bool_)
    if isinstance(fill_value, numbers.Integral):
        return np.dtype(np.int64)
    if isinstance(fill_value, numbers.Real):
        return dtypes.get_default_dtype()
    raise TypeError(
        f"full: fill_value must be a bool, an int or a float, got {fill_value!r} "
        f"({type(fill_value).__name__})"
    )


def full(
    size: Size,
    fill_value: Number,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    *,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
) -> Tensor:
    """A Tensor filled with ``fill_value``, as ``torch.full``; its dtype follows the value.

    >>> full((2,), 7), full((2,), 0.5), full((1,), True)
    (Tensor([7, 7], dtype=int64), Tensor([0.5, 0.5]), Tensor([ True], dtype=bool))
    """
    _check_placement("full", device, layout, pin_memory)
    shape = _shape("full", (size,))
    dtype = _dtype("full", dtype, _fill_dtype(fill_value))
    return _leaf(np.full(shape, fill_value, dtype), requires_grad)


def eye(
    n: int,
    m: int | None = None,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    *,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
) -> Tensor:
    """The ``n`` x ``m`` identity matrix (``m`` defaults to ``n``), as ``torch.eye``.

    >>> eye(2)
    Tensor([[1., 0.],
            [0., 1.]])
    """
    _check_placement("eye", device, layout, pin_memory)
    rows, columns = _shape("eye", (n, n if m is None else m))
    dtype = _dtype("eye", dtype, dtypes.get_default_dtype())
    return _leaf(np.eye(rows, columns, dtype=dtype), requires_grad)


def _is_integer(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def arange(
    start: Number,
    end: Number | None = None,
    step: Number = 1,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    *,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
) -> Tensor:
    """``start, start + step, ...`` up to but excluding ``end``, as ``torch.arange``.

    ``arange(end)`` starts at 0. All-integer arguments give int64, any float the default float.

    >>> arange(3), arange(1, 2, 0.25)
    (Tensor([0, 1, 2], dtype=int64), Tensor([1.  , 1.25, 1.5 , 1.75]))
    """
    _check_placement("arange", device, layout, pin_memory)
    if end is None:
        start, end = 0, start
    integers = all(_is_integer(value) for value in (start, end, step))
    dtype = _dtype("arange", dtype, np.dtype(np.int64) if integers else dtypes.get_default_dtype())
    if step == 0:
        raise ShapeError(f"arange: step must be nonzero, got start={start}, end={end}, step=0")
    if not all(np.isfinite(value) for value in (start, end, step)):
        raise ShapeError(f"arange: start, end and step must be finite, got {start}, {end}, {step}")
    if (end - start) * step < 0:
        raise ShapeError(
            f"arange: step={step} goes away from end={end} starting at start={start}; "
            f"use a step of the opposite sign"
        )
    # computed in int64 or float64, then cast: the values do not depend on the dtype asked for
    array = np.arange(start, end, step, dtype=np.int64 if integers else np.float64)
    return _leaf(array.astype(dtype), requires_grad)


def linspace(
    start: Number,
    end: Number,
    steps: int,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    *,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end``, both included (``torch.linspace``).

    >>> linspace(0, 1, 5)
    Tensor([0.  , 0.25, 0.5 , 0.75, 1.  ])
    """
    _check_placement("linspace", device, layout, pin_memory)
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral):
        raise TypeError(f"linspace: steps must be an integer, got {steps!r}")
    if steps < 0:
        raise ShapeError(
            f"linspace: steps must be non-negative, got start={start}, end={end}, steps={steps}"
        )
    dtype = _dtype("linspace", dtype, dtypes.get_default_dtype())
    if dtype.kind == "b":
        raise UnsupportedDtypeError(
            "linspace: not implemented for dtype bool (as in PyTorch); make a float or integer "
            "range and compare it, e.g. linspace(0, 1, 5) > 0.5"
        )
    array = np.linspace(start, end, int(steps), dtype=np.float64)
    return _leaf(array.astype(dtype), requires_grad)


def rand(
    *size: Size,
    generator: Generator | None = None,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
) -> Tensor:
    """Uniform samples on [0, 1), as ``torch.rand``.

    >>> x = rand(1000, generator=Generator().manual_seed(0))
    >>> bool((x.numpy() >= 0).all() and (x.numpy() < 1).all()), x.dtype
    (True, dtype('float32'))
    """
    _check_placement("rand", device, layout, pin_memory)
    shape = _shape("rand", size)
    dtype = _float_dtype("rand", dtype)
    # drawn in float64 for every dtype, so a seed gives the same numbers at any precision;
    # rounding to a narrower float can reach 1.0, which is moved to the float just below it
    array = _generator(generator).random(shape).astype(dtype)
    below_one = np.nextafter(dtype.type(1), dtype.type(0))
    return _leaf(np.minimum(array, below_one, out=array), requires_grad)


def randn(
    *size: Size,
    generator: Generator | None = None,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
) -> Tensor:
    """Standard normal samples, N(0, 1), as ``torch.randn``.

    >>> x = randn(10_000, generator=Generator().manual_seed(0))
    >>> round(float(x.numpy().mean()), 1), round(float(x.numpy().std()), 1)
    (0.0, 1.0)
    """
    _check_placement("randn", device, layout, pin_memory)
    shape = _shape("randn", size)
    dtype = _float_dtype("randn", dtype)
    array = _generator(generator).standard_normal(shape)  # float64, as in rand
    return _leaf(array.astype(dtype), requires_grad)


def _randint_bounds(args: tuple[Size, ...], size: Size | None) -> tuple[Any, Any, Size]:
    """(low, high, size) from PyTorch's argument orders: (high, size) or (low, high, size)."""
    bounds = list(args)
    if size is None:
        if len(bounds) < 2:
            raise TypeError(
                f"randint: expected randint(high, size) or randint(low, high, size), got "
                f"{len(bounds)} positional argument(s) and no size"
            )
        size = bounds.pop()
    if len(bounds) not in (1, 2):
        raise TypeError(
            f"randint: expected randint(high, size) or randint(low, high, size), got bounds "
            f"{tuple(bounds)}"
        )
    low, high = (0, bounds[0]) if len(bounds) == 1 else bounds
    return low, high, size


def randint(
    *args: Size,
    size: Size | None = None,
    generator: Generator | None = None,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
) -> Tensor:
    """Integers drawn uniformly from [low, high), as ``torch.randint(low=0, high, size)``.

    >>> x = randint(3, 7, (1000,), generator=Generator().manual_seed(0))
    >>> int(x.numpy().min()), int(x.numpy().max()), x.dtype
    (3, 6, dtype('int64'))
    >>> randint(10, size=(2, 2)).shape
    (2, 2)
    """
    _check_placement("randint", device, layout, pin_memory)
    low, high, size = _randint_bounds(args, size)
    if not (_is_integer(low) and _is_integer(high)):
        raise TypeError(f"randint: low and high must be integers, got low={low!r}, high={high!r}")
    if low >= high:
        raise ShapeError(f"randint: low must be less than high, got low={low}, high={high}")
    shape = _shape("randint", (size,))
    dtype = _dtype("randint", dtype, np.dtype(np.int64))
    array = _generator(generator).integers(low, high, size=shape, dtype=np.int64)
    return _leaf(array.astype(dtype), requires_grad)


def _like(who: str, input: Tensor | np.ndarray) -> np.ndarray:  # noqa: A002 (PyTorch's name)
    if isinstance(input, Tensor):
        return input.data
    if isinstance(input, np.ndarray):
        return input
    raise TypeError(f"{who}: input must be a Tensor or a NumPy array, got {type(input).__name__}")


def zeros_like(
    input: Tensor | np.ndarray,  # noqa: A002 (PyTorch's name)
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    *,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """Zeros with the shape and dtype of ``input`` (unless ``dtype`` is given).

    >>> zeros_like(arange(3))
    Tensor([0, 0, 0], dtype=int64)
    """
    _check_placement("zeros_like", device, layout, pin_memory, memory_format)
    like = _like("zeros_like", input)
    return zeros(
        like.shape, dtype=_dtype("zeros_like", dtype, like.dtype), requires_grad=requires_grad
    )


def ones_like(
    input: Tensor | np.ndarray,  # noqa: A002 (PyTorch's name)
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    *,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """Ones with the shape and dtype of ``input`` (unless ``dtype`` is given).

    >>> ones_like(zeros(2))
    Tensor([1., 1.])
    """
    _check_placement("ones_like", device, layout, pin_memory, memory_format)
    like = _like("ones_like", input)
    return ones(
        like.shape, dtype=_dtype("ones_like", dtype, like.dtype), requires_grad=requires_grad
    )


def full_like(
    input: Tensor | np.ndarray,  # noqa: A002 (PyTorch's name)
    fill_value: Number,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    *,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """``fill_value`` everywhere, with the shape and dtype of ``input`` (as PyTorch: the dtype
    is ``input``'s, not the fill value's, unless ``dtype`` is given).

    >>> full_like(arange(2), 2.7)
    Tensor([2, 2], dtype=int64)
    """
    _check_placement("full_like", device, layout, pin_memory, memory_format)
    like = _like("full_like", input)
    dtype = _dtype("full_like", dtype, like.dtype)
    return full(like.shape, fill_value, dtype=dtype, requires_grad=requires_grad)


def rand_like(
    input: Tensor | np.ndarray,  # noqa: A002 (PyTorch's name)
    generator: Generator | None = None,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    *,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """``rand`` with the shape and dtype of ``input`` (a floating one, unless ``dtype`` is given).

    >>> rand_like(zeros(2, 3, dtype=np.float64)).dtype
    dtype('float64')
    """
    _check_placement("rand_like", device, layout, pin_memory, memory_format)
    like = _like("rand_like", input)
    dtype = _dtype("rand_like", dtype, like.dtype)
    return rand(like.shape, generator=generator, dtype=dtype, requires_grad=requires_grad)


def randn_like(
    input: Tensor | np.ndarray,  # noqa: A002 (PyTorch's name)
    generator: Generator | None = None,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    *,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """``randn`` with the shape and dtype of ``input`` (a floating one, unless ``dtype`` is given).

    >>> randn_like(zeros(4)).shape
    (4,)
    """
    _check_placement("randn_like", device, layout, pin_memory, memory_format)
    like = _like("randn_like", input)
    dtype = _dtype("randn_like", dtype, like.dtype)
    return randn(like.shape, generator=generator, dtype=dtype, requires_grad=requires_grad)


def _inferred_dtype(data: object) -> np.dtype:
    """PyTorch's dtype for ``tensor(data)``: arrays, NumPy scalars and Tensors keep theirs; Python
    data gives bool for all-bools, int64 for integers, else the default float dtype."""
    if isinstance(data, Tensor):
        return data.dtype
    if isinstance(data, (np.ndarray, np.generic)):
        return data.dtype
    try:
        kind = np.asarray(data).dtype.kind
    except (ValueError, TypeError) as exc:
        raise ShapeError(
            f"tensor: cannot make an array from {type(data).__name__} data ({exc}); nested "
            f"lists must be rectangular and hold numbers"
        ) from exc
    if kind == "b":
        return np.dtype(np.bool_)
    if kind in "iu":
        return np.dtype(np.int64)
    return dtypes.get_default_dtype()


def tensor(
    data: object,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    *,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
) -> Tensor:
    """A new leaf Tensor holding a copy of ``data``, as ``torch.tensor``.

    Unlike ``Tensor(data)`` (where Python numbers become the default float, micrograd style),
    the dtype is PyTorch's: Python ints give int64, bools bool, floats the default float
    dtype; an ndarray or a Tensor keeps its dtype. A Tensor is copied and detached.

    >>> tensor([1, 2]), tensor([1.5, 2]), tensor(np.arange(2, dtype=np.int32)).dtype
    (Tensor([1, 2], dtype=int64), Tensor([1.5, 2. ]), dtype('int32'))
    """
    _check_placement("tensor", device, layout, pin_memory)
    resolved = _dtype("tensor", dtype, _inferred_dtype(data))
    if isinstance(data, Tensor):
        data = data.data
    try:
        array = np.array(data, dtype=resolved, copy=True)
    except (ValueError, TypeError) as exc:
        raise ShapeError(
            f"tensor: cannot make an array of dtype {resolved} from {type(data).__name__} data "
            f"({exc}); nested lists must be rectangular and hold numbers"
        ) from exc
    return _leaf(array, requires_grad)


def meshgrid(
    *tensors: Tensor | Sequence[Tensor], indexing: str | None = None
) -> tuple[Tensor, ...]:
    """Coordinate grids from 1-D tensors, as ``torch.meshgrid``: with ``indexing='ij'`` (the
    default) output k varies along axis k and has shape (len(t0), len(t1), ...); ``'xy'``
    swaps the first two axes (NumPy's and MATLAB's Cartesian convention). Each grid is its
    input reshaped and expanded, so gradients flow back into the inputs (summed over the
    copies). A 0-d tensor counts as one of length 1; a list or tuple of tensors works too.

    >>> rows, cols = meshgrid(tensor([1, 2]), tensor([3, 4, 5]))
    >>> rows.shape, cols[0]
    ((2, 3), Tensor([3, 4, 5], dtype=int64))
    >>> meshgrid(tensor([1, 2]), tensor([3, 4, 5]), indexing="xy")[0].shape
    (3, 2)
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise InvalidArgumentError(f"meshgrid: indexing must be 'ij' or 'xy', got {indexing!r}")
    grids: list[Tensor] = []
    for position, item in enumerate(tensors):
        if not isinstance(item, Tensor):
            raise TypeError(
                f"meshgrid: expects Tensors, got a {type(item).__name__} at position {position}"
            )
        if item.ndim > 1:
            raise ShapeError(
                f"meshgrid: expects 0-d or 1-d tensors, got shape {item.shape} at position "
                f"{position}"
            )
        grids.append(item)
    if not grids:
        raise ShapeError("meshgrid: expects at least one tensor")
    axes = list(range(len(grids)))
    if indexing == "xy" and len(grids) >= 2:
        axes[0], axes[1] = 1, 0
    shape = [0] * len(grids)
    for axis, grid in zip(axes, grids, strict=True):
        shape[axis] = int(grid.data.size)
    out = []
    for axis, grid in zip(axes, grids, strict=True):
        view = [1] * len(grids)
        view[axis] = int(grid.data.size)
        out.append(grid.reshape(*view).expand(*shape))
    return tuple(out)


def empty_like(
    input: Tensor | np.ndarray,  # noqa: A002 (PyTorch's name)
    dtype: DTypeLike = None,
    requires_grad: bool = False,
    *,
    device: Any = None,
    layout: Any = None,
    pin_memory: bool = False,
    memory_format: Any = None,
) -> Tensor:
    """An uninitialised tensor shaped like ``input`` (here: zeros, as ``empty``).

    >>> empty_like(arange(3)).shape
    (3,)
    """
    _check_placement("empty_like", device, layout, pin_memory, memory_format)
    return zeros_like(input, dtype=dtype, requires_grad=requires_grad)
