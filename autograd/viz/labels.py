"""Text for the drawing: numbers, small arrays, summaries, op arguments, node labels, as
Graphviz HTML-like labels; and the palette.

Everything here turns a value into a short, readable string; nothing here knows about graphs.
Numbers keep three significant digits (``0.045``, ``-0.167``, ``1.5e-8``) so that a 2x3 matrix
fits on a slide. Gradients within floating-point round-off of zero print as ``≈0``.

>>> number(0.0451), shape_text((2, 3))
('0.0451', '2×3')
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

import numpy as np

from ..edges import GradSummary
from .dot import printable

if TYPE_CHECKING:
    from ..ops.base import Op
    from ..tensor import Tensor
    from .graph import EdgeGrad

SMALL = 12  # arrays with at most this many elements print their values (a 3×4 table)...
SMALL_ROW = 6  # ... and a vector or a table row at most this many (a row is one line)


def shows_values(shape: tuple[int, ...]) -> bool:
    """Whether an array of ``shape`` prints its values (else a summary): at most ``SMALL``
    elements, in rows of at most ``SMALL_ROW``, so that a box stays narrow.

    >>> shows_values((2, 4)), shows_values((3, 4)), shows_values((10,)), shows_values((6,))
    (True, True, False, True)
    """
    size = 1
    for side in shape:
        size *= side
    return size <= SMALL and (len(shape) == 0 or shape[-1] <= SMALL_ROW)


# The palette, in one place: CS231n slides print values in green and gradients in red; the
# tangents of forward mode, the mirror of the gradients, are blue.
VALUE_COLOR = "#137333"
GRAD_COLOR = "#d00000"
TANGENT_COLOR = "#1f5fbf"
MUTED_COLOR = "#6b7280"
FONT = "Helvetica"
SMALL_POINTS = 10  # the smallest text (shapes, arguments, summaries): legible once scaled
CLUSTER_STYLE = {  # fill, border for each kind of scope, by nesting depth (alternating)
    "function": (("#f4f0ff", "#8b7fd1"), ("#e9e2ff", "#8b7fd1")),
    "module": (("#eef8f0", "#5fa36f"), ("#ddf0e1", "#5fa36f")),
}
OP_FILL, OP_BORDER = "#fff4e0", "#e09a2b"
CURRENT_FILL, CURRENT_BORDER = "#ffe08a", "#c2410c"  # the op the player is at


def small(text: str, color: str = MUTED_COLOR) -> str:
    """Escaped ``text`` in the small print (``SMALL_POINTS``) of shapes and arguments.

    >>> small("2×3")
    '<font color="#6b7280" point-size="10">2×3</font>'
    """
    return f'<font color="{color}" point-size="{SMALL_POINTS}">{escape(text)}</font>'


def two_lines(text: str, longest: int = 24) -> str:
    """Escaped ``text``; past ``longest`` characters, broken in two at the ``", "`` nearest its
    middle, so a summary is a narrow box (a wide one widens the whole drawing).

    >>> two_lines("norm 0.676, min -0.0315, max 0.0307")
    'norm 0.676, min -0.0315,<br/>max 0.0307'
    >>> two_lines("norm 20")
    'norm 20'
    """
    if len(text) <= longest or ", " not in text:
        return escape(text)
    cuts = [match.start() for match in re.finditer(", ", text)]
    cut = min(cuts, key=lambda position: abs(position - len(text) / 2))
    return escape(text[: cut + 1]) + "<br/>" + escape(text[cut + 2 :])


def cluster_style(kind: str, depth: int = 0) -> tuple[str, str]:
    """Fill and border colours of a cluster of ``kind`` ("function", "module") at ``depth``.

    >>> cluster_style("module")
    ('#eef8f0', '#5fa36f')
    """
    return CLUSTER_STYLE.get(kind, CLUSTER_STYLE["function"])[depth % 2]


def escape(text: str) -> str:
    """Escape text for a Graphviz HTML-like label.

    >>> escape("a<b & c")
    'a&lt;b &amp; c'
    """
    text = printable(text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def number(value: Any) -> str:
    """A number in at most three significant digits: ``0.045``, ``-3``, ``1.5e-8``, ``12345``.

    >>> number(0.04512), number(-3.0), number(1.5e-8), number(12345.0)
    ('0.0451', '-3', '1.5e-8', '12345')
    """
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    value = float(value)
    if value == 0:
        return "0"
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    size = abs(value)
    if 1e-3 <= size < 1e3:
        return f"{value:.3g}"
    if 1e3 <= size < 1e5:
        return f"{value:.0f}"
    text = f"{value:.2g}"
    if "e" not in text:  # .2g writes 1e-4 <= |value| < 1e-3 without an exponent
        text = f"{value:.1e}"
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{int(exponent)}"


def _cell(value: Any, zero_tolerance: float) -> str:
    if zero_tolerance and value != 0 and abs(float(value)) <= zero_tolerance:
        return "≈0"
    return number(value)


def array_html(array: np.ndarray, color: str, zero_tolerance: float = 0.0) -> str:
    """The values of a small array: a number, a row ``[a, b, c]``, or a matrix as a table.

    >>> array_html(np.array([0.5, -1.0]), "red")
    '<font color="red">[0.5, -1]</font>'
    """
    array = np.asarray(array)
    if array.ndim == 0:
        return f'<font color="{color}">{escape(_cell(array.item(), zero_tolerance))}</font>'
    if array.ndim == 1:
        cells = ", ".join(_cell(value, zero_tolerance) for value in array.tolist())
        return f'<font color="{color}">[{escape(cells)}]</font>'
    rows = array.reshape(-1, array.shape[-1])
    lines = []
    for row in rows.tolist():
        texts = [_cell(value, zero_tolerance) for value in row]
        cells = "".join(
            f'<td align="right"><font color="{color}">{escape(text)}'
            f"{',' if position < len(texts) - 1 else ''}</font></td>"
            for position, text in enumerate(texts)
        )
        lines.append(
            f'<tr><td><font color="{color}">[</font></td>{cells}'
            f'<td><font color="{color}">]</font></td></tr>'
        )
    return (
        '<table border="0" cellborder="0" cellspacing="0" cellpadding="1">'
        + "".join(lines)
        + "</table>"
    )


def shape_text(shape: tuple) -> str:
    """``2×3`` for a matrix, ``(5,)`` for a vector... and ``scalar`` for a 0-d tensor.

    >>> shape_text(()), shape_text((5,)), shape_text((2, 3))
    ('scalar', '(5,)', '2×3')
    """
    if len(shape) == 0:
        return "scalar"
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "×".join(str(size) for size in shape)


def value_summary(array: np.ndarray) -> str:
    """One line for a large array: its range (and the mean).

    >>> value_summary(np.linspace(-1.0, 2.0, 100))
    'min -1, max 2, mean 0.5'
    """
    if array.size == 0:
        return "empty"
    if array.dtype.kind == "b":
        return f"{int(array.sum())} of {array.size} true"
    flat = array.reshape(-1)
    low, high = flat.min(), flat.max()
    if array.dtype.kind == "f":
        return f"min {number(low)}, max {number(high)}, mean {number(flat.mean())}"
    return f"min {number(low)}, max {number(high)}"


def grad_summary(grad: GradSummary) -> str:
    """A summarised gradient in words: its norm, and its range when known.

    >>> from autograd.edges import GradSummary
    >>> grad_summary(GradSummary((100,), np.dtype("float32"), 20.0, 2.0, 2.0))
    'norm 20, min 2, max 2'
    """
    if grad.min is None or grad.max is None:
        return f"norm {number(grad.norm)}"
    return f"norm {number(grad.norm)}, min {number(grad.min)}, max {number(grad.max)}"


def grad_html(grad: EdgeGrad, zero_tolerance: float = 0.0, color: str = GRAD_COLOR) -> str:
    """An edge gradient: its values when small, else its norm and range.

    >>> grad_html(np.full(100, 2.0))
    '<font color="#d00000">norm 20, min 2, max 2</font>'
    >>> grad_html(np.array([1e-9, 3.0]), zero_tolerance=1e-6)
    '<font color="#d00000">[≈0, 3]</font>'
    """
    if isinstance(grad, GradSummary):
        return f'<font color="{color}">{two_lines(grad_summary(grad))}</font>'
    array = np.asarray(grad)
    if not shows_values(array.shape):
        flat = array.reshape(-1).astype(np.float64)
        summary = GradSummary(
            array.shape,
            array.dtype,
            float(np.sqrt(flat @ flat)),
            float(flat.min()),
            float(flat.max()),
        )
        return f'<font color="{color}">{two_lines(grad_summary(summary))}</font>'
    return array_html(array, color, zero_tolerance)


# ---------------------------------------------------------------------- op arguments
def index_text(index: Any) -> str:
    """An indexing expression, compactly: ``[arange(2), [2, 0]]``, ``[:, 1:3]``, ``[mask 2×3]``.

    >>> index_text((np.arange(2), np.array([2, 0]))), index_text((slice(None), slice(1, 3)))
    ('[arange(2), [2, 0]]', '[:, 1:3]')
    """
    parts = index if isinstance(index, tuple) else (index,)
    return "[" + ", ".join(_index_part(part) for part in parts) + "]"


def _index_part(part: Any) -> str:
    if part is None:
        return "None"
    if part is Ellipsis:
        return "..."
    if isinstance(part, slice):
        start = "" if part.start is None else str(part.start)
        stop = "" if part.stop is None else str(part.stop)
        text = f"{start}:{stop}"
        if part.step is not None:
            text += f":{part.step}"
        return text
    if isinstance(part, np.ndarray):
        if part.dtype == bool:
            return f"mask {shape_text(part.shape)} ({int(part.sum())} true)"
        flat = part.reshape(-1)
        if part.ndim == 1 and part.size > 1 and np.array_equal(flat, np.arange(part.size)):
            return f"arange({part.size})"
        if part.size <= 8:
            body = np.array2string(part, separator=", ", threshold=8)
            return body.replace("\n", "")
        return f"int {shape_text(part.shape)} in [{flat.min()}, {flat.max()}]"
    return repr(part)


def argument_text(key: str, value: Any) -> str | None:
    """``axis=1``, ``keepdims``, ``index [arange(2), [2, 0]]``; None for what is not worth showing.

    >>> argument_text("axis", (1,)), argument_text("keepdims", True), argument_text("axis", None)
    ('axis=1', 'keepdims', None)
    """
    if key == "keepdims":
        return "keepdims" if value else None
    if key == "index":
        return index_text(value)
    if key in ("axis", "axes") and isinstance(value, tuple) and len(value) == 1:
        value = value[0]
    if value is None:
        return None
    if isinstance(value, (np.dtype, type)):
        return f"→ {np.dtype(value).name}"
    if isinstance(value, tuple):
        text = "(" + ", ".join(str(item) for item in value) + ("," if len(value) == 1 else "") + ")"
    elif isinstance(value, (float, np.floating)):
        text = number(value)
    elif isinstance(value, np.ndarray):
        text = (
            shape_text(value.shape) + " array"
            if value.size > SMALL
            else np.array2string(value, separator=", ").replace("\n", "")
        )
    else:
        text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{key}={text}"


def arguments_text(arguments: dict[str, Any]) -> str:
    """All of an op's arguments worth showing, joined by commas.

    >>> arguments_text({"axis": (1,), "keepdims": True, "out": None})
    'axis=1, keepdims'
    """
    parts = (argument_text(key, value) for key, value in arguments.items())
    return ", ".join(part for part in parts if part)


# ---------------------------------------------------------------------- node and graph labels
def stack(rows: list[str], align: str = "center") -> str:
    """HTML rows, one above the other, in a borderless table.

    >>> table = stack(["<b>mul</b>", "axis=1"], align="left")
    >>> table.count("<tr>"), '<td align="left" balign="left"><b>mul</b></td>' in table
    (2, True)
    """
    cells = "".join(f'<tr><td align="{align}" balign="{align}">{row}</td></tr>' for row in rows)
    return f'<table border="0" cellborder="0" cellspacing="0" cellpadding="1">{cells}</table>'


def transparent(html: str) -> str:
    """The same label text, invisible: keeps the room for a gradient that has not arrived.

    >>> transparent('<font color="#d00000">3</font>')
    '<font color="transparent">3</font>'
    """
    return re.sub(r'color="[^"]*"', 'color="transparent"', html)


def grad_card(grad: EdgeGrad, zero_tolerance: float = 0.0, color: str = GRAD_COLOR) -> str:
    """The label of a red arrow (or, in ``TANGENT_COLOR``, of a blue one): the gradient or
    tangent on a translucent white card, which keeps the numbers legible over lines and clusters.

    >>> card = grad_card(np.array([2.0]))
    >>> 'bgcolor="#ffffffc8"' in card, ">[2]<" in card
    (True, True)
    >>> f'<font color="{TANGENT_COLOR}">[1, 0]</font>' in grad_card(
    ...     np.array([1.0, 0.0]), 0.0, TANGENT_COLOR
    ... )
    True
    """
    return (
        '<table border="0" cellborder="0" cellspacing="0" cellpadding="2" '
        'bgcolor="#ffffffc8" style="rounded"><tr><td>'
        + grad_html(grad, zero_tolerance, color)
        + "</td></tr></table>"
    )


def tangent_rows(tangent: np.ndarray) -> list[str]:
    """The rows a tensor node gives its tangent: ``tangent [1, 0]`` in blue (a matrix's table
    below the word, as a label cell holds either text or a table).

    >>> tangent_rows(np.array([1.0, 0.0]))[0].endswith(
    ...     f'<font color="{TANGENT_COLOR}">[1, 0]</font>'
    ... )
    True
    """
    word = f'<font color="{TANGENT_COLOR}" point-size="{SMALL_POINTS}">tangent</font>'
    values = grad_html(tangent, 0.0, TANGENT_COLOR)
    if values.startswith("<table"):
        return [word, values]
    return [f"{word} {values}"]


TOOLTIP_ELEMENTS = 1000  # a tooltip prints every element of an array up to this size


def full_repr(array: np.ndarray) -> str:
    """An array in full precision, as ``repr`` writes it (each float the shortest text that
    reads back to the same number), with its shape and dtype: what a tooltip shows, so that the
    rounding of a label (1.875 shown as 1.88) hides nothing. Past ``TOOLTIP_ELEMENTS`` NumPy
    elides the middle.

    >>> print(full_repr(np.array([1.875, 1 / 3], dtype=np.float64)))
    array([1.875             , 0.3333333333333333])
    shape (2,), float64
    """
    array = np.asarray(array)
    with np.printoptions(
        precision=17, floatmode="unique", threshold=TOOLTIP_ELEMENTS, linewidth=100
    ):
        text = repr(array)
    text = re.sub(r",\s*dtype=\w+\)$", ")", text)  # said on the next line
    return f"{text}\nshape {tuple(array.shape)}, {array.dtype}"


def plain_grad(grad: EdgeGrad) -> str:
    """A gradient as plain text in full precision, for a tooltip (a summarised one: its shape,
    norm and range, all that was kept of it).

    >>> print(plain_grad(np.array([0.5, -1.0])))
    array([ 0.5, -1. ])
    shape (2,), float64
    >>> plain_grad(GradSummary((100,), np.dtype("float32"), 20.0, 2.0, 2.0))
    'shape (100,), float32, norm 20, min 2, max 2 (summarised: the array was not kept)'
    """
    if isinstance(grad, GradSummary):
        return (
            f"shape {tuple(grad.shape)}, {np.dtype(grad.dtype)}, {grad_summary(grad)} "
            "(summarised: the array was not kept)"
        )
    return full_repr(np.asarray(grad))


def tensor_tooltip(
    tensor: Tensor,
    grad: EdgeGrad | None = None,
    tangent: np.ndarray | None = None,
) -> str:
    """What a tensor is, as plain text: its name, kind, shape and dtype, then its value, and
    the ``grad`` (and forward-mode ``tangent``) its node prints, each in full precision.

    >>> from autograd import Tensor
    >>> print(tensor_tooltip(Tensor([1.0, 2.0], requires_grad=True, name="w"), np.ones(2)))
    w: leaf (requires grad), shape (2,), float32
    value = array([1., 2.])
    shape (2,), float32
    grad = array([1., 1.])
    shape (2,), float64
    """
    kind = (
        "output"
        if tensor.grad_fn is not None
        else "leaf (requires grad)"
        if tensor.requires_grad
        else "constant"
    )
    name = f"{tensor.name}: " if tensor.name else ""
    lines = [
        f"{name}{kind}, shape {tensor.shape}, {tensor.dtype}",
        f"value = {full_repr(tensor.data)}",
    ]
    if tangent is not None:
        lines.append(f"tangent = {full_repr(tangent)}")
    if grad is not None:
        lines.append(f"grad = {plain_grad(grad)}")
    return "\n".join(lines)


def tensor_label(
    tensor: Tensor,
    grad: EdgeGrad | None = None,
    *,
    pending: bool = False,
    show_values: bool = True,
    zero_tolerance: float = 0.0,
    default_dtype: np.dtype | None = None,
    tangent: np.ndarray | None = None,
) -> str:
    """A tensor node: name, shape (and dtype unless ``default_dtype``), values in green, its
    forward-mode ``tangent`` in blue, and ``grad`` in red (invisible while ``pending``).

    >>> from autograd import Tensor
    >>> label = tensor_label(Tensor(2.0, name="x"), np.array(-3.0))
    >>> "<b>x</b>" in label, f'<font color="{GRAD_COLOR}">-3</font>' in label
    (True, True)
    """
    head = []
    if tensor.name:
        head.append(f"<b>{escape(str(tensor.name))}</b>")
    head.append(small(shape_text(tensor.shape)))
    if default_dtype is None or tensor.dtype != default_dtype:
        head.append(
            f'<font color="{MUTED_COLOR}" point-size="{SMALL_POINTS}">{tensor.dtype.name}</font>'
        )
    rows = [" ".join(head)]
    if show_values:
        data = tensor.data
        if shows_values(data.shape):
            rows.append(array_html(data, VALUE_COLOR))
        else:
            summary = two_lines(value_summary(data))
            rows.append(f'<font color="{VALUE_COLOR}" point-size="{SMALL_POINTS}">{summary}</font>')
    if tangent is not None:
        rows.extend(tangent_rows(tangent))
    if grad is not None:
        text = grad_html(grad, zero_tolerance)
        rows.append(transparent(text) if pending else text)
    return stack(rows)


def op_label(op: Op) -> str:
    """An op node: its name, and its arguments in grey.

    >>> from autograd import Tensor
    >>> total = Tensor([[1.0, 2.0]], requires_grad=True).sum(axis=1)
    >>> "<b>sum</b>" in op_label(total.grad_fn) and "axis=1" in op_label(total.grad_fn)
    True
    """
    rows = [f"<b>{escape(op.name)}</b>"]
    args = arguments_text(op.arguments())
    if args:
        rows.append(
            f'<font point-size="{SMALL_POINTS}" color="{MUTED_COLOR}">{escape(args)}</font>'
        )
    return stack(rows)


def op_tooltip(op: Op) -> str:
    """An op as plain text: its name and arguments, and on the next line its local rule
    (the ``rule`` its class declares) when it has one.

    >>> from autograd import Tensor
    >>> x = Tensor([[1.0, 2.0]], requires_grad=True)
    >>> op_tooltip(x.sum(axis=1).grad_fn).splitlines()[0]
    'sum axis=1'
    >>> type(x.grad_fn)  # a leaf has no op
    <class 'NoneType'>
    """
    text = f"{op.name} {arguments_text(op.arguments())}".rstrip()
    rule = getattr(type(op), "rule", None)
    if rule:
        text += f"\nlocal rule: {rule}"
    return text


def box_label(label: str, kind: str, count: int) -> str:
    """A collapsed cluster: its name, its kind and how many ops it holds.

    >>> label = box_label("Linear", "module", 3)
    >>> "<b>Linear</b>" in label, "module, 3 ops" in label
    (True, True)
    """
    return stack(
        [
            f"<b>{escape(label)}</b>",
            small(f"{kind}, {count} op{'s' if count != 1 else ''}"),
        ]
    )


def cluster_heading(label: str, kind: str) -> str:
    """The heading of an open cluster: its name, and its kind in grey.

    >>> cluster_heading("log_softmax", "function").startswith("<b>log_softmax</b> ")
    True
    """
    return f"<b>{escape(label)}</b> {small(kind)}"


def graph_label(
    title: str | None, notes: list[str], gradients_of: str | None, tangents: bool = False
) -> str | None:
    """The caption above a drawing: a title, notes, and the legend of the colours when
    gradients (``gradients_of``: whose gradients; None: none) or ``tangents`` are shown.

    >>> graph_label(None, [], None) is None
    True
    >>> "gradients of loss" in graph_label("Step 1", [], "loss")
    True
    >>> ">blue</font>" in graph_label(None, [], None, tangents=True)
    True
    """
    rows = []
    if title:
        rows.append(f'<font point-size="13"><b>{escape(title)}</b></font>')
    rows.extend(
        f'<font point-size="10" color="{MUTED_COLOR}"><i>{escape(note)}</i></font>'
        for note in notes
    )
    if gradients_of is not None or tangents:
        rows.append(_legend(gradients_of, tangents))
    if not rows:
        return None
    return "<" + stack(rows, align="left") + ">"


def _legend(gradients_of: str | None, tangents: bool) -> str:
    parts = [f'values in <font color="{VALUE_COLOR}">green</font>']
    if tangents:
        parts.append(f'tangents in <font color="{TANGENT_COLOR}">blue</font>')
    if gradients_of is not None:
        parts.append(
            f"gradients of {escape(gradients_of)} in "
            f'<font color="{GRAD_COLOR}">red</font> (dashed: zero)'
        )
    return f'<font point-size="10" color="{MUTED_COLOR}">' + ", ".join(parts) + "</font>"
