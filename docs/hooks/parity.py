"""MkDocs hook: the PyTorch parity table of ``docs/parity.md``, drawn from the code at build time.

The names, categories, the forms PyTorch has each name in and whether it is differentiable come
from the catalogue ``autograd/_parity.py``; whether graphgrad has each form is looked up here
(``hasattr``), so the table changes when the code does. ``tests/parity/test_catalogue.py``
checks the catalogue's claims against PyTorch and runs every sample in both libraries.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
MARKER = "<!-- parity-table -->"
COLUMNS = ("autograd", "Tensor", "nn")
HEADERS = ("`autograd.NAME`", "`Tensor.NAME`", "`nn` / `nn.functional`")


def _modules() -> tuple[Any, Any, Any]:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import autograd
    import nn
    from autograd import _parity

    return autograd, nn, _parity


def _cell(found: dict[str, bool], column: str) -> str:
    if column not in found:
        return ""
    return "✓" if found[column] else "✗"


def parity_markdown() -> str:
    """The summary line and one table per category."""
    autograd, nn, parity = _modules()
    rows: dict[str, list[str]] = {category: [] for category in parity.CATEGORIES}
    complete = partial = 0
    for entry in parity.CATALOGUE:
        found = parity.presence(entry, autograd, nn)
        everywhere, somewhere = all(found.values()), any(found.values())
        complete += everywhere
        partial += somewhere and not everywhere
        if not everywhere:
            gradient = ""
        else:
            gradient = "✓ checked" if entry.grad else "—"
        cells = [_cell(found, column) for column in COLUMNS]
        rows[entry.category].append(f"| `{entry.name}` | " + " | ".join([*cells, gradient]) + " |")
    total = len(parity.CATALOGUE)
    lines = [
        f"**{complete} of {total} PyTorch names are here in every form PyTorch has them**"
        f" ({partial} more in some of their forms, {total - complete - partial} missing).",
        "",
    ]
    header = "| PyTorch | " + " | ".join([*HEADERS, "gradient"]) + " |"
    rule = "|" + "---|" * (len(HEADERS) + 2)
    for category, category_rows in rows.items():
        lines += [f"## {category}", "", header, rule, *category_rows, ""]
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri == "parity.md" and MARKER in markdown:
        return markdown.replace(MARKER, parity_markdown())
    return markdown
