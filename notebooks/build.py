"""(Re)create the tutorial notebooks from their sources and execute them, outputs included.

Each notebook is written as a plain Python file in ``notebooks/source/`` (cells separated by
``# %%`` lines; ``# %% [markdown]`` cells hold Markdown, one ``# `` prefix per line). This
script turns each into ``notebooks/<name>.ipynb``, runs it in a fresh ``python3`` kernel with
the repository on ``PYTHONPATH`` and the working directory ``notebooks/``, and saves it with
its outputs, so the drawings show on GitHub without running anything.

    python notebooks/build.py                    # every notebook
    python notebooks/build.py 02 04              # the ones whose name starts with these
    python notebooks/build.py --no-execute       # write the notebooks without outputs

Edit the sources, not the .ipynb files, then rebuild (tests/notebooks checks they agree).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SOURCES = HERE / "source"
KERNEL = "python3"
CELL_TIMEOUT = 120  # seconds per cell; each whole notebook runs in well under a minute

KERNELSPEC = {"name": KERNEL, "display_name": "Python 3 (ipykernel)", "language": "python"}


def source_paths() -> list[Path]:
    return sorted(SOURCES.glob("[0-9][0-9]_*.py"))


def parse_cells(text: str) -> list[tuple[str, str]]:
    """Split a percent-format source into ``(kind, text)`` cells, kind "code" or "markdown"."""
    cells, kind, lines = [], None, []

    def close():
        if kind is not None:
            body = "\n".join(lines).strip("\n")
            if body:
                cells.append((kind, body))

    for line in text.splitlines():
        if line.startswith("# %%"):
            close()
            kind = "markdown" if "[markdown]" in line else "code"
            lines = []
        elif kind == "markdown":
            lines.append(line[2:] if line.startswith("# ") else line.lstrip("#"))
        elif kind is not None:
            lines.append(line)
    close()
    return cells


def make_notebook(source: Path) -> nbformat.NotebookNode:
    """The unexecuted notebook for one source file."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    for kind, body in parse_cells(source.read_text(encoding="utf-8")):
        cell = (
            nbformat.v4.new_markdown_cell(body)
            if kind == "markdown"
            else nbformat.v4.new_code_cell(body)
        )
        cell.pop("id", None)  # ids would change at every rebuild; nbformat 4.4 needs none
        notebook.cells.append(cell)
    notebook.nbformat_minor = 4
    return notebook


def kernel_environment() -> dict:
    """The environment of the kernel: this one, with the repository importable."""
    paths = [str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(paths))


def execute(
    notebook: nbformat.NotebookNode, timeout: int = CELL_TIMEOUT, allow_errors: bool = False
) -> nbformat.NotebookNode:
    """Run every cell of ``notebook`` in a fresh kernel (in place); returns it.

    Raises ``nbclient.exceptions.CellExecutionError`` at the first failing cell unless
    ``allow_errors``.
    """
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL,
        timeout=timeout,
        allow_errors=allow_errors,
        record_timing=False,
        resources={"metadata": {"path": str(HERE)}},
    )
    client.execute(env=kernel_environment())
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    return notebook


def coalesce_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) chunks into one output.

    How printed text is chunked depends on timing; joined, a rebuild gives the same file.
    """
    joined = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            joined.append(output)
    return joined


def build(source: Path, run: bool = True) -> tuple[Path, float]:
    """Write (and run) the notebook for ``source``; returns its path and the seconds taken."""
    notebook = make_notebook(source)
    started = time.perf_counter()
    if run:
        execute(notebook)
    seconds = time.perf_counter() - started
    target = HERE / (source.stem + ".ipynb")
    nbformat.write(notebook, str(target))
    return target, seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "names", nargs="*", help="build only the notebooks whose name starts with one of these"
    )
    parser.add_argument(
        "--no-execute", action="store_true", help="write the notebooks without running them"
    )
    args = parser.parse_args(argv)
    chosen = [
        path
        for path in source_paths()
        if not args.names or any(path.stem.startswith(name) for name in args.names)
    ]
    if not chosen:
        parser.error(f"no notebook source matches {args.names} in {SOURCES}")
    for source in chosen:
        target, seconds = build(source, run=not args.no_execute)
        note = "" if args.no_execute else f" (executed in {seconds:.1f} s)"
        print(f"wrote {target}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
