"""Text for the drawing: numbers, small arrays, summaries, op arguments, as Graphviz HTML labels.

Everything here turns a value into a short, readable string; nothing here knows about graphs.
Numbers keep three significant digits (``0.045``, ``-0.167``, ``1.5e-8``) so that a 2x3 matrix
fits on a slide. Gradients within floating-point round-off of zero print as ``≈0``.
"""

from __future__ import annotations

import math

import numpy as np

from ..ops.base import GradSummary

SMALL = 6  # arrays with at most this many elements print their values

# The palette, in one place: CS231n slides print values in green and gradients in red.
VALUE_COLOR = "#137333"
GRAD_COLOR = "#d00000"
MUTED_COLOR = "#6b7280"
FONT = "Helvetica"


def escape(text: str) -> str:
    """Escape text for a Graphviz HTML-like label."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def number(value) -> str:
    """A number in at most three significant digits: ``0.045``, ``-3``, ``1.5e-8``, ``12345``."""
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


def _cell(value, zero_tolerance: float) -> str:
    if zero_tolerance and value != 0 and abs(float(value)) <= zero_tolerance:
        return "≈0"
    return number(value)


def array_html(array: np.ndarray, color: str, zero_tolerance: float = 0.0) -> str:
    """The values of a small array: a number, a row ``[a, b, c]``, or a matrix as a table."""
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
    """``2×3`` for a matrix, ``(5,)`` for a vector... and ``scalar`` for a 0-d tensor."""
    if len(shape) == 0:
        return "scalar"
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "×".join(str(size) for size in shape)


def value_summary(array: np.ndarray) -> str:
    """One line for a large array: its range (and the mean)."""
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
    if grad.min is None or grad.max is None:
        return f"norm {number(grad.norm)}"
    return f"norm {number(grad.norm)}, min {number(grad.min)}, max {number(grad.max)}"


def grad_html(grad, zero_tolerance: float = 0.0, color: str = GRAD_COLOR) -> str:
    """An edge gradient: its values when small, else its norm and range."""
    if isinstance(grad, GradSummary):
        return f'<font color="{color}">{escape(grad_summary(grad))}</font>'
    array = np.asarray(grad)
    if array.size > SMALL:
        flat = array.reshape(-1).astype(np.float64)
        summary = GradSummary(
            array.shape,
            array.dtype,
            float(np.sqrt(flat @ flat)),
            float(flat.min()),
            float(flat.max()),
        )
        return f'<font color="{color}">{escape(grad_summary(summary))}</font>'
    return array_html(array, color, zero_tolerance)


def is_zero(grad, zero_tolerance: float = 0.0) -> bool:
    """True for a gradient that is (within round-off) all zeros: drawn dashed."""
    if isinstance(grad, GradSummary):
        return largest(grad) <= zero_tolerance or grad.norm == 0
    array = np.asarray(grad)
    return array.size > 0 and bool(np.all(np.abs(array) <= zero_tolerance))


def magnitude(grad) -> float:
    """Root-mean-square size of a gradient (independent of its shape): for width by magnitude."""
    if isinstance(grad, GradSummary):
        count = int(np.prod(grad.shape)) or 1
        return grad.norm / math.sqrt(count)
    array = np.asarray(grad, dtype=np.float64)
    return float(np.sqrt(np.mean(array * array))) if array.size else 0.0


def largest(grad) -> float:
    """Largest absolute entry of a gradient (for a summary without min and max: its norm,
    an upper bound)."""
    if isinstance(grad, GradSummary):
        if grad.min is None or grad.max is None:
            return grad.norm
        return max(abs(grad.min), abs(grad.max))
    array = np.asarray(grad)
    return float(np.max(np.abs(array))) if array.size else 0.0


# ---------------------------------------------------------------------- op arguments
def index_text(index) -> str:
    """An indexing expression, compactly: ``[arange(2), [2, 0]]``, ``[:, 1:3]``, ``[mask 2×3]``."""
    parts = index if isinstance(index, tuple) else (index,)
    return "[" + ", ".join(_index_part(part) for part in parts) + "]"


def _index_part(part) -> str:
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


def argument_text(key: str, value) -> str | None:
    """``axis=1``, ``keepdims``, ``index [arange(2), [2, 0]]``; None for what is not worth showing."""
    if key == "keepdims":
        return "keepdims" if value else None
    if key == "index":
        return index_text(value)
    if key in ("axis", "axes") and isinstance(value, tuple) and len(value) == 1:
        value = value[0]
    if value is None:
        return None
    if isinstance(value, np.dtype) or isinstance(value, type):
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


def arguments_text(arguments: dict) -> str:
    """All of an op's arguments worth showing, joined by commas."""
    parts = (argument_text(key, value) for key, value in arguments.items())
    return ", ".join(part for part in parts if part)
