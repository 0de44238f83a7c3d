"""Helpers for the notebook and demo tests: where things are, and how to read SVG and outputs."""

import importlib.util
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"

_SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"


def load_build_script():
    """notebooks/build.py as a module: the tests execute notebooks exactly as it does."""
    spec = importlib.util.spec_from_file_location(
        "graphgrad_notebook_build", NOTEBOOKS / "build.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def red_edge_count(svg: str) -> int:
    """How many Graphviz edges of an SVG drawing are stroked red (the gradient arrows)."""
    start = svg.find("<svg")
    root = ElementTree.fromstring(svg[start:])
    count = 0
    for group in root.iter(f"{_SVG_NAMESPACE}g"):
        if "edge" not in (group.get("class") or "").split():  # "edge grad", "edge forward"
            continue
        strokes = {child.get("stroke") for child in group.iter(f"{_SVG_NAMESPACE}path")}
        if "red" in strokes:
            count += 1
    return count


def outputs_of(notebook, mime: str) -> list:
    """Every output of ``mime`` type in the code cells, in order, as text."""
    found = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if mime in data:
                value = data[mime]
                found.append("".join(value) if isinstance(value, list) else value)
    return found


def cell_errors(notebook) -> list:
    """The error outputs of a notebook, as 'ename: evalue' strings."""
    return [
        f"{output.get('ename')}: {output.get('evalue')}"
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]


def network_references(html: str) -> list:
    """Scripts, styles, images or imports that a page would fetch over http(s).

    XML namespace declarations (xmlns="http://www.w3.org/2000/svg") are names, not fetches.
    """
    patterns = [
        r"<script[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^\"'\s>]*",
        r"<link[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^\"'\s>]*",
        r"<img[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^\"'\s>]*",
        r"@import[^;]*",
        r"url\(\s*[\"']?(?:https?:)?//[^)]*\)",
        r"\b(?:xlink:)?href\s*=\s*[\"']https?://[^\"']*",
    ]
    return [match for pattern in patterns for match in re.findall(pattern, html, re.IGNORECASE)]


@pytest.fixture(scope="session")
def build_script():
    return load_build_script()
