"""Narrate the backward pass: each op's declared ``rule`` with the numbers that flowed.

Every op states its local derivative once, as a class attribute (see ``autograd/ops/base.py``):
``rule = "∂a = g · b; ∂b = g · a"``, one clause per differentiable input, named as ``forward``'s
parameters, ``g`` the gradient arriving at the output and ``out`` the output. The step player
reads that line and turns it into a sentence with the numbers of this very backward pass:

>>> from autograd import Tensor
>>> a, b = Tensor(0.5, requires_grad=True), Tensor(3.0, requires_grad=True)
>>> out = a * b
>>> out.backward(Tensor(0.25))
>>> narrate(out.grad_fn, out, 0.25)
['mul: ∂L/∂a = ∂L/∂out · b = 0.25 · 3 = 0.75', 'mul: ∂L/∂b = ∂L/∂out · a = 0.25 · 0.5 = 0.125']

Scalars are substituted into the formula; small tensors print their values, large ones a
summary (shape, norm, first entries). A clause in prose (``"∂a = g broadcast back to the shape
of a"``) is quoted as it is, followed by the gradient; an op without a rule gets its name and
plain words. The number on the right of each ``=`` is the gradient the engine sent, never a
recomputation, so the narration cannot disagree with ``.grad``.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ..edges import GradSummary
from .labels import number, shape_text

if TYPE_CHECKING:
    from ..ops.base import Op
    from ..tensor import Tensor

__all__ = [
    "Clause",
    "accumulation",
    "exact_text",
    "narrate",
    "parameter_names",
    "parse_rule",
    "seed",
    "value_text",
]

SUBSTITUTE = 4  # values with at most this many entries are written into the formula
SHOWN = 6  # values with at most this many entries are printed whole
FIRST = 4  # a summary shows this many first entries
MAX_LINES = 8  # a collapsed cluster narrates at most this many lines of its ops

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATOR_WORDS = {"not", "and", "or"}
_POWERS = ("²", "³", "^", "ᵀ")
MINUS = "−"  # U+2212, the typographic minus


class Clause(NamedTuple):
    """One clause of a rule: the input it is about, its right-hand side, and whether that is a
    formula (every word a name, an argument or a function applied) or prose.

    >>> [clause.formula for clause in parse_rule("∂a = g · b; ∂b = g broadcast back to b")]
    [True, False]
    """

    target: str
    expression: str
    formula: bool


def parse_rule(rule: str, names: Sequence[str] = ()) -> list[Clause]:
    """The clauses of a rule (``"∂a = ...; ∂b = ..."``). ``names``: the words a formula may use
    besides ``g``, ``out``, the clauses' targets and functions (the op's arguments).

    >>> parse_rule("∂x = 2 · g · x")
    [Clause(target='x', expression='2 · g · x', formula=True)]
    >>> parse_rule("the gradient is copied")  # no '∂name =': one clause about every input
    [Clause(target='', expression='the gradient is copied', formula=False)]
    """
    parts = [part.strip() for part in rule.split(";") if part.strip()]
    clauses = []
    for part in parts:
        match = re.match(r"∂\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$", part, re.S)
        target, expression = (match.group(1), match.group(2).strip()) if match else ("", part)
        clauses.append(Clause(target, expression, False))
    known = {"g", "out", *names, *(clause.target for clause in clauses if clause.target)}
    return [
        clause._replace(formula=bool(clause.target) and _is_formula(clause.expression, known))
        for clause in clauses
    ]


def _is_formula(expression: str, known: set[str]) -> bool:
    for match in _WORD.finditer(expression):
        word = match.group()
        if word in known or word in _OPERATOR_WORDS:
            continue
        if expression[match.end() :].lstrip().startswith("("):
            continue  # a function: exp(a), sqrt(1 − a²)
        return False
    return True


def parameter_names(op: Op) -> list[str]:
    """The name of each input as the op's ``forward`` calls it (what its rule refers to).

    >>> from autograd import Tensor
    >>> parameter_names((Tensor(1.0, requires_grad=True) * 2.0).grad_fn)
    ['a', 'b']
    """
    count = len(op.inputs)
    function = getattr(op, "function", None)
    positions = getattr(op, "tensor_positions", None)
    if function is not None and positions is not None:  # an autograd.Function's node
        argument_names = getattr(function, "_argument_names", ())
        return [
            argument_names[i] if i < len(argument_names) else f"arg{i}" for i in positions[:count]
        ]
    names = _forward_names(type(op))
    if names is None:
        return []
    variadic = names[-1][1:] if names and names[-1].startswith("*") else None
    fixed = [name for name in names if not name.startswith("*")]
    return [
        fixed[i] if i < len(fixed) else (variadic or f"input{i}") for i in range(count)
    ]  # e.g. concatenate(*arrays): every input is one of `arrays`


_FORWARD_NAMES: dict[type, list[str] | None] = {}


def _forward_names(cls: type) -> list[str] | None:
    if cls not in _FORWARD_NAMES:
        forward = getattr(cls, "forward", None)
        try:
            if not callable(forward):
                raise TypeError(f"{cls.__name__} has no forward")
            parameters = list(inspect.signature(forward).parameters.values())[1:]  # self
        except (TypeError, ValueError):
            _FORWARD_NAMES[cls] = None
        else:
            _FORWARD_NAMES[cls] = [
                ("*" + parameter.name)
                if parameter.kind is parameter.VAR_POSITIONAL
                else parameter.name
                for parameter in parameters
                if parameter.kind is not parameter.VAR_KEYWORD
            ]
    return _FORWARD_NAMES[cls]


# ---------------------------------------------------------------------- numbers and values
def scalar_text(value: Any) -> str:
    """A number in three significant digits, with a true minus sign.

    >>> scalar_text(-0.00012345), scalar_text(2.0)
    ('−1.2e−4', '2')
    """
    return number(value).replace("-", MINUS)


def _array_text(array: np.ndarray) -> str:
    if array.ndim == 0:
        return scalar_text(array.item())
    if array.ndim == 1:
        return "[" + ", ".join(scalar_text(value) for value in array.tolist()) + "]"
    return "[" + ", ".join(_array_text(row) for row in array) + "]"


def value_text(value: Any, whole: int = SHOWN) -> str:
    """A value for a caption: a number, a small array in full, or a summary of a large one.

    >>> value_text(np.array([0.5, -1.0])), value_text(np.arange(10.0))
    ('[0.5, −1]', '(10,), norm 16.9, first entries 0, 1, 2, 3, …')
    >>> from autograd.edges import GradSummary
    >>> value_text(GradSummary((64, 10), np.dtype("float32"), 2.5))
    '64×10, norm 2.5'
    """
    if isinstance(value, GradSummary):
        text = f"{shape_text(tuple(value.shape))}, norm {scalar_text(value.norm)}"
        if value.min is not None and value.max is not None:
            text += f", min {scalar_text(value.min)}, max {scalar_text(value.max)}"
        return text
    array = np.asarray(value)
    if array.size <= whole:
        return _array_text(array)
    flat = array.reshape(-1)
    if flat.dtype.kind not in "fc":
        return f"{shape_text(array.shape)}, first entries " + _first(flat)
    norm = float(np.sqrt(np.sum(np.square(flat.astype(np.float64)))))
    return f"{shape_text(array.shape)}, norm {scalar_text(norm)}, first entries " + _first(flat)


def _first(flat: np.ndarray) -> str:
    return ", ".join(scalar_text(value) for value in flat[:FIRST].tolist()) + ", …"


def exact_text(value: Any, limit: int = 64) -> str:
    """A value in full precision (the shortest repr that round-trips), for tooltips; arrays
    beyond ``limit`` entries give their first ``limit``.

    >>> exact_text(np.float32(0.1)), exact_text(np.array([1 / 3, 2.0]))
    ('0.1', '[0.3333333333333333, 2.0]')
    """
    if isinstance(value, GradSummary):
        text = f"norm {value.norm!r}"
        if value.min is not None and value.max is not None:
            text += f", min {value.min!r}, max {value.max!r}"
        return text + " (a large gradient: only its summary is kept)"
    array = np.asarray(value)
    if array.ndim == 0:
        return _exact(array[()])
    flat = array.reshape(-1)
    if flat.size > limit:
        entries = ", ".join(_exact(item) for item in flat[:limit])
        return f"[{entries}, …] (first {limit} of {flat.size}, flattened)"
    return np.array2string(
        array,
        separator=", ",
        threshold=limit + 1,
        max_line_width=10_000,
        formatter={"float_kind": _exact, "complex_kind": _exact},
    )


def _exact(item: Any) -> str:
    """The shortest text that reads back as the same number in the item's own precision."""
    if isinstance(item, np.generic):
        return str(item)  # float32: '0.1', which is the float32 nearest 0.1
    return repr(item)


def _scalar_value(value: Any) -> Any:
    """The value to write into a formula, or None if it is too large (or a summary)."""
    if value is None or isinstance(value, GradSummary):
        return None
    if isinstance(value, (bool, int, float, np.generic)):
        return np.asarray(value)
    if isinstance(value, np.ndarray) and value.size <= SUBSTITUTE and value.dtype.kind in "biuf":
        return value
    return None


# ---------------------------------------------------------------------- sentences
def _derivative(loss: str, name: str) -> str:
    return f"∂{loss}/∂{name}"


def _substituted(expression: str, values: dict[str, Any]) -> str | None:
    """``expression`` with each name replaced by its value (None if one has no small value)."""
    pieces, position = [], 0
    for match in _WORD.finditer(expression):
        word = match.group()
        rest = expression[match.end() :]
        if word in _OPERATOR_WORDS or (word not in values and rest.lstrip().startswith("(")):
            continue
        value = _scalar_value(values.get(word))
        if value is None:
            return None
        text = _array_text(value) if value.ndim else scalar_text(value.item())
        before = expression[: match.start()].rstrip()
        wrap = text.startswith(MINUS) and (
            rest.startswith(_POWERS) or (before != "" and not before.endswith(("(", "[")))
        )
        pieces.append(expression[position : match.start()])
        pieces.append(f"({text})" if wrap else text)
        position = match.end()
    pieces.append(expression[position:])
    return "".join(pieces)


def _spoken(expression: str, loss: str) -> str:
    """The right-hand side with ``g`` written as what it is, ∂L/∂out."""
    return _WORD.sub(
        lambda match: _derivative(loss, "out") if match.group() == "g" else match.group(),
        expression,
    )


def _heading(op: Op, names: Sequence[str]) -> str:
    """``mul`` or, when the inputs have names, ``mul (a = x, b = y)``."""
    named = [
        f"{name} = {tensor.name}"
        for name, tensor in zip(names, op.inputs, strict=False)
        if tensor.name and str(tensor.name) != name
    ]
    return f"{op.name} ({', '.join(named)})" if named else op.name


def narrate(op: Op, out: Tensor | None, grad_out: Any, loss: str = "L") -> list[str]:
    """One line per input that received a gradient: the op's rule for it and the numbers.

    ``out`` is the op's output tensor, ``grad_out`` the gradient that arrived there (an array,
    a ``GradSummary`` or None), ``loss`` the name of what is differentiated.

    >>> from autograd import Tensor
    >>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True, name="x")
    >>> y = x.sum()
    >>> y.backward()
    >>> narrate(y.grad_fn, y, 1.0, "y")
    ['sum (a = x): ∂y/∂a = ∂y/∂out broadcast back to the shape of a = [1, 1, 1]']
    """
    grads = op.edge_grads
    if grads is None:
        return [f"{op.name}: no gradient has flowed through it yet"]
    names = parameter_names(op)
    rule = getattr(op, "rule", None)
    arguments = op.arguments()
    clauses = parse_rule(rule, list(arguments)) if isinstance(rule, str) and rule else []
    heading = _heading(op, names)
    values: dict[str, Any] = dict(arguments)
    if out is not None:
        values["out"] = out.data
    values.update(
        {name: tensor.data for name, tensor in zip(names, op.inputs, strict=False)}
    )  # a parameter named `out` (sigmoid_backward's) is the input, not the output
    values["g"] = grad_out if not isinstance(grad_out, (int, float)) else np.asarray(grad_out)
    lines = []
    for position, grad in enumerate(grads):
        if grad is None:
            continue
        name = names[position] if position < len(names) else f"input {position + 1}"
        clause = _clause_for(clauses, name, position, len(grads), names)
        lines.append(f"{heading}: " + _line(clause, name, grad, values, loss, op, position))
    if not lines:
        return [f"{heading}: no input needs a gradient"]
    return lines


def _clause_for(
    clauses: list[Clause], name: str, position: int, count: int, names: Sequence[str]
) -> Clause | None:
    for clause in clauses:
        if clause.target == name:
            return clause
    if len(clauses) == 1 and (count == 1 or clauses[0].target not in names):
        return clauses[0]  # one clause for one input, or for every input of a variadic op
    if len(clauses) == count and not any(clause.target for clause in clauses):
        return clauses[position]
    return None


def _line(
    clause: Clause | None,
    name: str,
    grad: Any,
    values: dict[str, Any],
    loss: str,
    op: Op,
    position: int,
) -> str:
    left = _derivative(loss, name)
    result = value_text(grad)
    if clause is None:
        why = "no rule declared" if getattr(op, "rule", None) is None else "its rule has no clause"
        return f"{left} = {result}  ({why} for it: the gradient the op's backward sent)"
    spoken = _spoken(clause.expression, loss)
    if not clause.formula:
        return f"{left} = {spoken} = {result}"
    text = f"{left} = {spoken}"
    numbers = _substituted(clause.expression, values)
    if numbers is not None and numbers != result:
        text += f" = {numbers}"
    text += f" = {result}"
    note = _summed_note(op, position, grad, values.get("g"))
    return text + note


def _summed_note(op: Op, position: int, grad: Any, grad_out: Any) -> str:
    """A formula's value has the output's shape: say so where it was summed back to a
    broadcast input's (smaller) shape."""
    if grad_out is None or isinstance(grad_out, GradSummary) or op.name in ("matmul", "linear"):
        return ""
    out_shape = np.shape(grad_out)
    in_shape = tuple(op.inputs[position].shape)
    if math.prod(out_shape) > math.prod(in_shape):
        return f" (summed over the broadcast axes to {shape_text(in_shape)})"
    return ""


def seed(root: Tensor, loss: str = "L") -> str:
    """The caption of the first frame: the gradient the backward pass starts from.

    >>> from autograd import Tensor
    >>> seed(Tensor(2.0, name="f"), "f")
    'Start: ∂f/∂f = 1, the seed of the backward pass'
    """
    if root.size == 1:
        return f"Start: {_derivative(loss, loss)} = 1, the seed of the backward pass"
    grad = root.grad
    given = f": {value_text(grad)}" if grad is not None else ""
    return f"Start: {_derivative(loss, loss)} is the gradient given to backward(){given}"


def tensor_title(tensor: Tensor, made_by: str | None, loss: str = "L") -> str:
    """How a caption names a tensor's gradient: ``x.grad`` for a named leaf, ``∂L/∂h``...

    >>> from autograd import Tensor
    >>> tensor_title(Tensor(1.0, requires_grad=True, name="x"), None)
    'x.grad'
    """
    if tensor.is_leaf:
        return f"{tensor.name}.grad" if tensor.name else "the leaf's .grad"
    if tensor.name:
        return _derivative(loss, str(tensor.name))
    return _derivative(loss, f"(the output of {made_by})" if made_by else "(a tensor)")


def accumulation(title: str, contributions: Sequence[Any], total: Any) -> str:
    """The line for a tensor whose gradient is complete: the sum of what arrived, and the total.

    >>> accumulation("a.grad", [np.array(4.0), np.array(-6.0)], np.array(-2.0))
    'a.grad = 4 + (−6) = −2'
    >>> accumulation("x.grad", [np.array(-3.0)], np.array(-3.0))
    'x.grad = −3'
    """
    if len(contributions) == 1:
        return f"{title} = {value_text(total if total is not None else contributions[0])}"
    small = all(
        not isinstance(part, GradSummary) and np.size(part) <= SUBSTITUTE for part in contributions
    )
    result = value_text(total) if total is not None else "(too large to add exactly here)"
    if small:
        terms = []
        for index, part in enumerate(contributions):
            text = value_text(part)
            terms.append(f"({text})" if index and text.startswith(MINUS) else text)
        return f"{title} = " + " + ".join(terms) + f" = {result}"
    return f"{title} = the sum of the {len(contributions)} gradients that arrived = {result}"
