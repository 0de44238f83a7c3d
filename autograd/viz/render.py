"""Turn DOT text into SVG or PNG: system Graphviz ``dot`` when it is on PATH, else the
``graphviz-pure`` executable (a pip-installed, self-contained port of ``dot``).

Set ``GRAPHGRAD_DOT`` to the path of a ``dot``-compatible program to choose one explicitly.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["Drawing", "RenderError", "find_renderer", "inline_svg", "render"]

TIMEOUT = 60.0  # seconds; a layout that takes longer than this is not worth waiting for
_KEPT = "the DOT text is on this error's .source; Drawing(error.source).save('graph.dot') writes it"


class RenderError(RuntimeError):
    """Graphviz could not be found, failed, or took too long.

    The DOT text that failed is kept on the error (``.source``), not in a file: a failed
    render leaves nothing behind. ``Drawing(error.source).save("graph.dot")`` writes it out.

    >>> try:
    ...     render("digraph { a -> }")
    ... except RenderError as error:
    ...     failed = error
    >>> failed.source  # the DOT text that failed, for a bug report
    'digraph { a -> }'
    """

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


def find_renderer() -> str:
    """The program that lays out DOT: ``$GRAPHGRAD_DOT``, ``dot``, or ``graphviz-pure``.

    >>> Path(find_renderer()).name.startswith(("dot", "graphviz-pure"))
    True
    """
    chosen = os.environ.get("GRAPHGRAD_DOT")
    if chosen:
        return chosen
    found = shutil.which("dot")
    if found:
        return found
    found = shutil.which("graphviz-pure")
    if found:
        return found
    # a virtual environment's scripts are often not on PATH (python -m pytest, Jupyter kernels)
    suffix = ".exe" if os.name == "nt" else ""
    places = [Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))]
    for place in places:
        candidate = place / f"graphviz-pure{suffix}"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise RenderError(
        "no Graphviz renderer found: neither 'dot' nor 'graphviz-pure' is on PATH or next to "
        f"{sys.executable}. Install one with `pip install graphviz-pure` (no system packages "
        "needed), or set GRAPHGRAD_DOT to a dot executable. The DOT text is in drawing.source."
    )


def render(
    source: str, fmt: str = "svg", timeout: float = TIMEOUT, dpi: float | None = None
) -> bytes:
    """Lay out ``source`` and return the ``fmt`` ("svg" or "png") output as bytes.

    ``dpi`` sets the resolution of bitmap output (Graphviz's default is 96).

    >>> b"<svg" in render("digraph { a -> b }")
    True
    >>> render("digraph { a -> b }", "png")[:4]
    b'\x89PNG'
    """
    program = find_renderer()
    command = [program, f"-T{fmt}"] + ([f"-Gdpi={dpi:g}"] if dpi else [])
    try:
        done = subprocess.run(
            command, input=source.encode("utf-8"), capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"{Path(program).name} did not finish the layout within {timeout:g} s; draw a "
            f"smaller graph with collapse=True or max_nodes=... ({_KEPT})",
            source,
        ) from None
    except OSError as exc:
        raise RenderError(f"could not run {program}: {exc} ({_KEPT})", source) from None
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip() or "no output"
        raise RenderError(
            f"{Path(program).name} -T{fmt} failed (exit code {done.returncode}): {message} "
            f"({_KEPT})",
            source,
        )
    return done.stdout


def inline_svg(svg: str) -> str:
    """The ``<svg>`` element of an SVG document: no XML declaration, DOCTYPE or comments before
    it, so it can be placed inside an HTML page (a notebook's output, a README).

    >>> inline_svg('<?xml version="1.0"?>\\n<!DOCTYPE svg>\\n<!-- x -->\\n<svg></svg>\\n')
    '<svg></svg>\\n'
    """
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


class Drawing:
    """A drawn computation graph: DOT text, rendered on demand.

    >>> from autograd import Tensor, viz
    >>> x = Tensor(2.0, requires_grad=True, name="x")
    >>> drawing = viz.draw(x * 3.0)
    >>> drawing.source[:18]
    'digraph graphgrad '
    >>> drawing.save("graph.svg").read_text().count("<svg")  # or .png, .dot
    1
    >>> Drawing("digraph { a -> b }").save("ab.dot").read_text()
    'digraph { a -> b }'
    """

    def __init__(
        self,
        source: str,
        notes: Iterable[str] = (),
        caption: str | None = None,
        svg: str | None = None,
        fallback: str | None = None,
    ) -> None:
        self.source = source
        self.notes = list(notes)
        self.caption = caption
        self._svg: str | None = svg  # the SVG of ``source``, when it was laid out already
        self._fallback = fallback  # DOT text to draw instead if ``source`` fails to lay out

    def svg(self) -> str:
        """The rendered SVG, as text (laid out once, then cached).

        >>> "<svg" in Drawing("digraph { a -> b }").svg()
        True
        """
        if self._svg is None:
            try:
                self._svg = render(self.source, "svg").decode("utf-8")
            except RenderError:
                if self._fallback is None:
                    raise
                self.source, self._fallback = self._fallback, None  # what is drawn, honestly
                self._svg = render(self.source, "svg").decode("utf-8")
        return self._svg

    def png(self, dpi: float | None = None) -> bytes:
        """The drawing as a PNG image (``dpi``: pixels per inch, Graphviz's default 96).

        >>> Drawing("digraph { a -> b }").png(dpi=48)[1:4]
        b'PNG'
        """
        return render(self.source, "png", dpi=dpi)

    def save(self, path: str | os.PathLike[str], dpi: float | None = None) -> Path:
        """Write ``.svg``, ``.png`` or ``.dot`` (chosen by the file's suffix); returns the path.

        ``dpi`` is the resolution of a ``.png``.

        >>> drawing = Drawing("digraph { a -> b }")
        >>> drawing.save("ab.png").read_bytes()[1:4], drawing.save("ab.dot").read_text()
        (b'PNG', 'digraph { a -> b }')
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".svg":
            path.write_text(self.svg(), encoding="utf-8")
        elif suffix == ".png":
            path.write_bytes(self.png(dpi))
        elif suffix in (".dot", ".gv"):
            path.write_text(self.source, encoding="utf-8")
        else:
            raise ValueError(
                f"save: cannot tell the format of {str(path)!r}; use a name ending "
                f"in .svg, .png or .dot"
            )
        return path

    def _repr_svg_(self) -> str:
        """The SVG element alone, for Jupyter (see ``_repr_mimebundle_``).

        >>> Drawing("digraph { a -> b }")._repr_svg_()[:4]
        '<svg'
        """
        return inline_svg(self.svg())

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """The SVG and a text summary, for Jupyter; only the text when no renderer is found.

        ``image/svg+xml`` is what JupyterLab (an ``<img>``), the classic Notebook (the SVG
        inlined in the page, tooltips working) and VS Code (an image) all show; it is the
        ``<svg>`` element alone, without the XML prolog and DOCTYPE that do not belong inside
        an HTML page. The drawing paints its own white background, so its colours read the
        same on a dark theme.

        >>> bundle = Drawing("digraph { a -> b }")._repr_mimebundle_()
        >>> sorted(bundle), bundle["image/svg+xml"][:4]
        (['image/svg+xml', 'text/plain'], '<svg')
        """
        bundle = {"text/plain": repr(self)}
        try:
            bundle["image/svg+xml"] = inline_svg(self.svg())
        except RenderError as exc:
            bundle["text/plain"] = f"{self!r}\n{exc}"
        return bundle

    def __repr__(self) -> str:
        nodes = len(re.findall(r"^\s*\w+ \[id=", self.source, re.M))
        extra = f", {'; '.join(self.notes)}" if self.notes else ""
        return f"<Drawing: {nodes} nodes{extra}>"
