"""Rendering: SVG and PNG without a system Graphviz, saving by suffix, clear failures."""

import shutil
import stat
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from autograd import Tensor, viz
from autograd.viz import render

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def no_system_dot(monkeypatch):
    """Pretend that neither `dot` nor `graphviz-pure` is on PATH: only the venv's copy is left."""
    real_which = shutil.which
    monkeypatch.setattr(
        render.shutil,
        "which",
        lambda name, *a, **k: (
            None if name in ("dot", "graphviz-pure") else real_which(name, *a, **k)
        ),
    )
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("GRAPHGRAD_DOT", raising=False)


def test_the_renderer_is_found_next_to_the_python_executable(no_system_dot):
    program = Path(render.find_renderer())
    assert program.name.startswith("graphviz-pure")
    assert program.parent in (
        Path(sys.executable).parent,
        Path(render.sysconfig.get_path("scripts")),
    )


def test_svg_is_valid_xml_with_red_strokes_after_backward(no_system_dot, xyz):
    *_, f = xyz
    f.backward()
    tree = ElementTree.fromstring(viz.draw(f).svg())
    assert tree.tag == f"{SVG}svg"
    strokes = {element.get("stroke") for element in tree.iter(f"{SVG}path")}
    assert "red" in strokes


def test_svg_before_backward_has_no_red(no_system_dot, xyz):
    *_, f = xyz
    tree = ElementTree.fromstring(viz.draw(f).svg())
    assert "red" not in {element.get("stroke") for element in tree.iter()}


def test_save_writes_svg_png_or_dot_by_suffix(no_system_dot, xyz, tmp_path):
    *_, f = xyz
    f.backward()
    drawing = viz.draw(f)
    assert drawing.save(tmp_path / "f.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    ElementTree.parse(drawing.save(tmp_path / "f.svg"))
    assert drawing.save(tmp_path / "f.dot").read_text(encoding="utf-8") == drawing.source
    with pytest.raises(ValueError, match=r"\.svg, \.png or \.dot"):
        drawing.save(tmp_path / "f.pdf")


def test_jupyter_gets_inline_svg(no_system_dot, xyz):
    *_, f = xyz
    drawing = viz.draw(f)
    assert drawing._repr_svg_().startswith("<svg")  # no prolog inside an HTML page
    bundle = drawing._repr_mimebundle_()
    assert bundle["image/svg+xml"].startswith("<svg") and "text/plain" in bundle
    assert "<!DOCTYPE" not in bundle["image/svg+xml"]
    # its own white background: the colours read the same on a dark theme
    tree = ElementTree.fromstring(bundle["image/svg+xml"])
    background = next(tree.iter(f"{SVG}polygon"))
    assert background.get("fill") == "white"


def _fake_renderer(tmp_path, body: str) -> str:
    script = tmp_path / "fake-dot"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_a_failing_renderer_keeps_the_dot_source_on_the_error(monkeypatch, tmp_path, xyz):
    *_, f = xyz
    monkeypatch.setenv("GRAPHGRAD_DOT", _fake_renderer(tmp_path, "echo 'syntax error' >&2; exit 3"))
    with pytest.raises(viz.RenderError, match="syntax error") as failure:
        viz.draw(f).svg()
    assert failure.value.source == viz.draw(f).source
    assert ".source" in str(failure.value)


def test_a_failed_render_leaves_no_file_behind(monkeypatch, tmp_path, xyz):
    *_, f = xyz
    monkeypatch.setenv("GRAPHGRAD_DOT", _fake_renderer(tmp_path, "exit 3"))
    before = set(Path(tempfile.gettempdir()).glob("graphgrad-*"))
    with pytest.raises(viz.RenderError):
        viz.draw(f).svg()
    assert set(Path(tempfile.gettempdir()).glob("graphgrad-*")) == before


def test_a_renderer_that_hangs_is_stopped_by_the_timeout(monkeypatch, tmp_path, xyz):
    *_, f = xyz
    monkeypatch.setenv("GRAPHGRAD_DOT", _fake_renderer(tmp_path, "exec sleep 30"))
    monkeypatch.setattr(render, "TIMEOUT", 0.3)
    with pytest.raises(viz.RenderError, match="did not finish") as failure:
        render.render(viz.draw(f).source, "svg", timeout=render.TIMEOUT)
    assert failure.value.source.startswith("digraph")


def test_missing_renderer_error_says_how_to_install_one(monkeypatch):
    monkeypatch.setattr(render.shutil, "which", lambda *a, **k: None)
    monkeypatch.delenv("GRAPHGRAD_DOT", raising=False)
    monkeypatch.setattr(render.sys, "executable", "/nonexistent/python")
    monkeypatch.setattr(render.sysconfig, "get_path", lambda name: "/nonexistent")
    with pytest.raises(viz.RenderError, match="pip install graphviz-pure"):
        render.find_renderer()


def test_softmax_graph_renders_in_about_a_second(no_system_dot, softmax_ce):
    _, loss = softmax_ce
    loss.backward()
    tree = ElementTree.fromstring(viz.draw(loss, collapse=False).svg())
    texts = " ".join(element.text or "" for element in tree.iter(f"{SVG}text"))
    assert "log_softmax" in texts and "getitem" in texts


@pytest.mark.parametrize("bad", ["\x00", "\x1b[31m", "\x07\x7f"])
def test_names_with_control_characters_are_drawn_with_the_characters_escaped(bad):
    x = Tensor(2.0, requires_grad=True, name=f"x{bad}")
    y = x * 3
    y.backward()
    svg = viz.draw(y).svg()
    assert "<svg" in svg
    assert bad not in svg
    assert "x\\x" in svg  # the escape is shown, so the name is still recognisable
