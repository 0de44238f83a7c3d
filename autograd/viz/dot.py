"""The DOT language, as much of it as the drawings use: quoting, attribute lists, statements.

>>> edge("t0", "o1", color="red", label="<<b>2</b>>")
'  t0 -> o1 [color="red" label=<<b>2</b>>]\\n'
"""

from __future__ import annotations

import re

__all__ = ["attributes", "edge", "node", "printable", "quote"]

# control characters (NUL, ESC, ...) are not allowed in DOT or XML text; tab and newline are
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def printable(text: str) -> str:
    r"""``text`` with each control character written out as ``\xNN``, so a tensor named with a
    NUL or an ESC is drawn (showing the escape) instead of making Graphviz fail.

    >>> printable("a\x00b\x1b")
    'a\\x00b\\x1b'
    """
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def quote(text: str) -> str:
    """A DOT string literal; a line break becomes the escape ``\\n`` (one statement a line).

    >>> print(quote('say "hi"'))
    "say \\"hi\\""
    >>> print(quote("two\\nlines"))
    "two\\nlines"
    """
    text = printable(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\n", "\\n") + '"'


def attributes(**values: object) -> str:
    """A DOT attribute list; None values are left out, ``<...>`` values are HTML-like labels.

    >>> attributes(shape="box", label="<<b>x</b>>", tooltip=None, penwidth=2)
    '[shape="box" label=<<b>x</b>> penwidth="2"]'
    """
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
            parts.append(f"{key}={value}")  # an HTML-like label
        else:
            parts.append(f"{key}={quote(str(value))}")
    return "[" + " ".join(parts) + "]"


def node(name: str, **values: object) -> str:
    """A node statement, one line.

    >>> node("t0", shape="box")
    '  t0 [shape="box"]\\n'
    """
    return f"  {name} {attributes(**values)}\n"


def edge(tail: str, head: str, **values: object) -> str:
    """An edge statement, one line (no attribute list when there are no attributes).

    >>> edge("t0", "o1")
    '  t0 -> o1\\n'
    """
    if not values:
        return f"  {tail} -> {head}\n"
    return f"  {tail} -> {head} {attributes(**values)}\n"
