"""A griffe extension for graphgrad's docstrings: show ``>>>`` examples as Python code.

The docstrings are plain prose with ``literals`` and doctest examples that are not under an
"Examples:" heading, so no docstring style parses them; rendered as Markdown, the examples
would run together into one paragraph. This fences every doctest block (a ``>>>`` line and
what follows it up to the next blank line) as ``pycon`` code, and leaves the rest alone.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """Wrap each doctest block of ``text`` in a ```` ```pycon ```` fence."""
    out: list[str] = []
    in_fence = in_example = False
    indent = 0  # of the block's first ">>>" line, removed from each of its lines
    for line in text.splitlines():
        stripped = line.lstrip()
        if in_example and not stripped:
            out.append("```")
            in_example = False
        if stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and not in_example and stripped.startswith(">>>"):
            if out and out[-1].strip():
                out.append("")  # a fence must not continue a paragraph
            out.append("```pycon")
            in_example = True
            indent = len(line) - len(stripped)
        if in_example:
            line = line[min(indent, len(line) - len(stripped)) :]
        out.append(line)
    if in_example:
        out.append("```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Fence the doctest blocks of every docstring as it is loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
