"""MkDocs hooks for graphgrad's site (``hooks:`` in mkdocs.yml).

- The home page and the benchmarks page are made from README.md at build time, so the README
  stays the one place their text is written; links are rewritten for the site.
- Links between notebooks (``02_softmax_cross_entropy.ipynb``) point at their pages.
- MathJax for the notebooks' formulas is served from the site itself, copied from the
  ``jupyter-server-mathjax`` package (a ``docs`` extra), so the site needs no network.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.graphgrad")

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
BENCHMARKS_HEADING = "## Benchmarks"
MATHJAX_DIR = "assets/mathjax"
# Loaded after MathJax's own config: the package ships only the STIX web fonts.
MATHJAX_LOCAL_CONFIG = """\
MathJax.Hub.Config({
  "HTML-CSS": {
    availableFonts: [], webFont: "STIX-Web", imageFont: null, linebreaks: {automatic: true}
  },
  menuSettings: {zoom: "None"},
  showMathMenu: false
});
MathJax.Ajax.loadComplete("[MathJax]/config/local/graphgrad.js");
"""

_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")


def _sections(markdown: str) -> list[str]:
    """The README split before each ``## `` heading (the first part is the title and intro)."""
    return re.split(r"\n(?=## )", markdown)


def _site_links(markdown: str, docs_dir: Path) -> str:
    """Rewrite the README's repository-relative links for a page at the docs root.

    ``docs/x`` becomes ``x``; a link to a file the site does not have becomes its plain text.
    """

    def rewrite(match: re.Match) -> str:
        bang, text, target = match.groups()
        if re.match(r"[a-z]+:|#", target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        if path.startswith("docs/"):
            path = path[len("docs/") :]
        if path in ("", "docs") or not (docs_dir / path).exists():
            return text if not bang else ""
        return f"{bang}[{text}]({path}{'#' + anchor if anchor else ''})"

    return _LINK.sub(rewrite, markdown)


def readme_pages(docs_dir: Path) -> dict[str, str]:
    """``index.md`` and ``benchmarks.md``, made from README.md."""
    home, benchmarks = [], ""
    for section in _sections(README.read_text(encoding="utf-8")):
        if section.startswith(BENCHMARKS_HEADING):
            benchmarks = section
            home.append(
                f"{BENCHMARKS_HEADING}\n\nEngine overhead, a training step against hand-written "
                "NumPy, and a memory soak: see [Benchmarks](benchmarks.md).\n"
            )
        else:
            home.append(section)
    if not benchmarks:
        log.warning("README.md has no '%s' section for the benchmarks page", BENCHMARKS_HEADING)
    benchmarks = benchmarks.replace(BENCHMARKS_HEADING, "# Benchmarks", 1)
    benchmarks += (
        "\n\nEach script in `benchmarks/` answers one question and prints its table with the "
        "command that re-runs it; run them from the repository root in an environment with "
        '`pip install ".[test]"` (PyTorch columns appear only when `torch` is installed).\n'
    )
    return {
        "index.md": _site_links("\n".join(home), docs_dir),
        "benchmarks.md": _site_links(benchmarks, docs_dir),
    }


def on_files(files: Files, config: Any) -> Files:
    for name, content in readme_pages(Path(config["docs_dir"])).items():
        existing = files.get_file_from_path(name)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, name, content=content))
    return files


_NOTEBOOK_LINK = re.compile(r'href="(\d\d_[A-Za-z0-9_]+)\.ipynb(#[^"]*)?"')


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        prefix = "../" if config["use_directory_urls"] else ""
        suffix = "/" if config["use_directory_urls"] else ".html"
        html = _NOTEBOOK_LINK.sub(
            lambda m: f'href="{prefix}{m.group(1)}{suffix}{m.group(2) or ""}"', html
        )
    return html


def on_post_build(config: Any) -> None:
    try:
        import jupyter_server_mathjax
    except ImportError:
        log.warning(
            'jupyter-server-mathjax is not installed (pip install ".[docs]"): the notebooks\' '
            "formulas will show as TeX source"
        )
        return
    source = Path(jupyter_server_mathjax.__file__).parent / "static"
    target = Path(config["site_dir"]) / MATHJAX_DIR
    if target.exists():
        shutil.rmtree(target)

    def ignore(folder: str, names: list[str]) -> list[str]:
        # English is built in; the other translations are not needed offline.
        if Path(folder).name == "localization":
            return [name for name in names if name != "en"]
        return []

    shutil.copytree(source, target, ignore=ignore)
    (target / "config" / "local").mkdir(parents=True, exist_ok=True)
    (target / "config" / "local" / "graphgrad.js").write_text(MATHJAX_LOCAL_CONFIG)
