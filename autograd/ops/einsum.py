"""Einstein summation: the ``Einsum`` primitive and ``contract``, which prepares its equation.

``Einsum`` takes an explicit equation in which every subscript letter has one size in every
operand (``"ij,jk->ik"``: no ellipsis, no broadcasting); its gradient for each operand is an
einsum again, of the upstream gradient with the other operands, so it differentiates to any
order. ``contract`` turns what a user writes (PyTorch's ``torch.einsum``: ``...``, an implicit
output, spaces, size-1 dimensions that broadcast) into that form, expanding size-1 dimensions
first (``Expand``'s backward sums them back).

>>> from autograd import Tensor
>>> a = Tensor([[1.0, 2.0], [3.0, 4.0]])
>>> contract("ii", [a])  # the trace
Tensor(5.)
>>> contract("ij,j->i", [a, Tensor([1.0, 1.0])])
Tensor([3., 7.])
"""

from __future__ import annotations

import string
from collections.abc import Sequence

import numpy as np

from ..errors import ShapeError
from ..tensor import Tensor
from .base import Op, constant
from .linalg import check_product_dtypes
from .reduce import Expand

__all__ = ["Einsum", "contract"]

LETTERS = string.ascii_uppercase + string.ascii_lowercase  # torch's order: A-Z, then a-z


class Einsum(Op):
    """``np.einsum`` of an explicit equation (``"ij,jk->ik"``) whose letters have one size.

    >>> Einsum.apply(Tensor([1.0, 2.0]), Tensor([3.0, 4.0]), equation="i,j->ij")
    Tensor([[3., 4.],
            [6., 8.]])
    """

    rule = "∂operand_i = einsum of g with the other operands, onto operand i's subscripts"
    equation: str

    def forward(self, *arrays: np.ndarray) -> np.ndarray:
        return np.einsum(self.equation, *arrays, optimize=len(arrays) > 2)

    def backward(self, grad: Tensor) -> tuple[Tensor | None, ...]:
        inputs, output = _split(self.equation)
        return tuple(
            _onto(i, grad, output, self.inputs, inputs) if needed else None
            for i, needed in enumerate(self.needs_grad)
        )

    def jvp(self, tangents: Sequence[Tensor | None], out: Tensor) -> Tensor | None:
        total: Tensor | None = None
        for i, tangent in enumerate(tangents):  # multilinear: one term per operand
            if tangent is None:
                continue
            operands = list(self.inputs)
            operands[i] = tangent
            term = Einsum.apply(*operands, equation=self.equation)
            total = term if total is None else total + term
        return total


def _split(equation: str) -> tuple[list[str], str]:
    inputs, output = equation.split("->")
    return inputs.split(","), output


def _onto(
    i: int, grad: Tensor, output: str, operands: Sequence[Tensor], subscripts: list[str]
) -> Tensor:
    """The gradient of operand ``i``: einsum of ``grad`` and the other operands onto operand
    ``i``'s subscripts. A letter repeated in operand ``i`` (a diagonal) is written through an
    identity matrix; a letter only operand ``i`` has (summed away) through a vector of ones."""
    target = subscripts[i]
    sizes = dict(zip(target, operands[i].shape, strict=True))
    terms = [output] + [subscripts[j] for j in range(len(operands)) if j != i]
    tensors = [grad] + [operands[j] for j in range(len(operands)) if j != i]
    free = iter(letter for letter in LETTERS if letter not in "".join(subscripts) + output)
    written, seen = "", set()
    for letter in target:
        if letter in seen:
            fresh = next(free)
            terms.append(letter + fresh)
            tensors.append(constant(np.eye(sizes[letter], dtype=grad.dtype)))
            letter = fresh
        seen.add(letter)
        written += letter
    present = "".join(terms)
    for letter in dict.fromkeys(written):
        if letter not in present:
            terms.append(letter)
            tensors.append(constant(np.ones(sizes[letter], dtype=grad.dtype)))
    return Einsum.apply(*tensors, equation=",".join(terms) + "->" + written)


def contract(equation: str, operands: Sequence[Tensor], name: str | None = "einsum") -> Tensor:
    """``torch.einsum(equation, *operands)``: check and normalise the equation, broadcast
    size-1 dimensions, and apply ``Einsum``. Two or more operands must share one dtype, not
    bool, as PyTorch's products (``name`` is the op the error names; None skips the check).

    >>> contract("...ij,...jk", [Tensor(np.ones((2, 1, 3))), Tensor(np.ones((1, 3, 4)))]).shape
    (2, 1, 4)
    """
    if name is not None and len(operands) > 1:
        check_product_dtypes(name, *(operand.data for operand in operands))
    shapes = [operand.shape for operand in operands]
    terms, output = _parse(equation, shapes)
    sizes: dict[str, int] = {}
    for position, (term, shape) in enumerate(zip(terms, shapes, strict=True)):
        own: dict[str, int] = {}
        for letter, n in zip(term, shape, strict=True):
            if own.setdefault(letter, n) != n:
                raise ShapeError(
                    f"einsum(): subscript {letter} is repeated for operand {position} but the "
                    f"sizes don't match, {own[letter]} != {n} (operand shape {shape})"
                )
            known = sizes.get(letter, 1)
            if n != 1 and known not in (1, n):
                raise ShapeError(
                    f"einsum(): subscript {letter} has size {n} for operand {position} which "
                    f"does not broadcast with previously seen size {known} (operand shapes "
                    f"{', '.join(str(s) for s in shapes)})"
                )
            if n != 1:
                sizes[letter] = n
            sizes.setdefault(letter, n)
    prepared = []
    for term, operand in zip(terms, operands, strict=True):
        full = tuple(sizes[letter] for letter in term)
        prepared.append(operand if full == operand.shape else Expand.apply(operand, shape=full))
    return Einsum.apply(*prepared, equation=",".join(terms) + "->" + output)


def _parse(equation: str, shapes: Sequence[tuple[int, ...]]) -> tuple[list[str], str]:
    """The equation with spaces removed, ``...`` replaced by letters (right-aligned, as
    broadcasting aligns) and the output made explicit; errors as ``torch.einsum``'s."""
    if not isinstance(equation, str):
        raise TypeError(f"einsum(): the equation must be a string, got {type(equation).__name__}")
    text = "".join(equation.split())
    left, arrow, right = text.partition("->")
    given = left.split(",")
    if len(given) != len(shapes):
        raise ShapeError(
            f"einsum(): {len(given)} operands in the equation {equation!r} but {len(shapes)} "
            f"tensors were given"
        )
    for term in [*given, right]:
        stripped = term.replace("...", "", 1)
        bad = [c for c in stripped if c not in LETTERS]
        if bad:
            raise ShapeError(
                f"einsum(): invalid subscript {bad[0]!r} in the equation {equation!r}: "
                f"subscripts are letters [a-zA-Z], with at most one '...' per operand"
            )
    used = set(text)
    free = [letter for letter in LETTERS if letter not in used]
    ellipsis_dims = 0
    for position, (term, shape) in enumerate(zip(given, shapes, strict=True)):
        letters = len(term.replace("...", ""))
        if "..." in term:
            if len(shape) < letters:
                raise ShapeError(
                    f"einsum(): the number of subscripts in the equation ({letters}) is more "
                    f"than the number of dimensions ({len(shape)}) for operand {position}"
                )
            ellipsis_dims = max(ellipsis_dims, len(shape) - letters)
        elif letters != len(shape):
            raise ShapeError(
                f"einsum(): the number of subscripts in the equation ({letters}) does not match "
                f"the number of dimensions ({len(shape)}) for operand {position} and no "
                f"ellipsis was given"
            )
    if ellipsis_dims > len(free):
        raise ShapeError(
            f"einsum(): too many dimensions for the 52 subscript letters ({equation!r})"
        )
    broadcast = "".join(free[:ellipsis_dims])
    terms = []
    for term, shape in zip(given, shapes, strict=True):
        if "..." in term:
            own = len(shape) - len(term.replace("...", ""))
            term = term.replace("...", broadcast[ellipsis_dims - own :])
        terms.append(term)
    if arrow:
        if right.count("...") and not any("..." in term for term in given):
            right = right.replace("...", "")
        output = right.replace("...", broadcast)
        for letter in output:
            if output.count(letter) > 1:
                raise ShapeError(
                    f"einsum(): output subscript {letter} appears more than once in {equation!r}"
                )
            if letter not in "".join(terms):
                raise ShapeError(
                    f"einsum(): output subscript {letter} does not appear in the equation for "
                    f"any input operand ({equation!r})"
                )
    else:
        joined = "".join(term.replace("...", "") for term in given)
        output = broadcast + "".join(sorted(c for c in set(joined) if joined.count(c) == 1))
    return terms, output
