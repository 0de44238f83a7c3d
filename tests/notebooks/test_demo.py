"""``graphgrad demo``: writes the softmax cross-entropy drawing and the backward player, and
prints where they went and what the two gradient checks found."""

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nn.cli import main

from .conftest import REPO, network_references, red_edge_count

# max (z), sub (z, max), exp, sum, log, getitem (shifted), sub (log-normaliser, picked), mean:
# one red arrow per differentiable input
DEMO_GRADIENT_EDGES = 10


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """Run ``graphgrad demo --out <tmp>/out`` once, in process; (exit code, stdout, out dir)."""
    out = tmp_path_factory.mktemp("demo") / "nested" / "out"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["demo", "--out", str(out)])
    return code, printed.getvalue(), out


def test_demo_exits_with_zero_when_both_checks_pass(demo_run):
    code, _, _ = demo_run
    assert code == 0


def test_demo_writes_the_svg_and_the_player_into_a_created_directory(demo_run):
    _, _, out = demo_run
    assert (out / "softmax_ce.svg").stat().st_size > 0
    assert (out / "softmax_ce.html").stat().st_size > 0


def test_demo_prints_the_absolute_path_of_each_file_it_wrote(demo_run):
    _, printed, out = demo_run
    for name in ("softmax_ce.svg", "softmax_ce.html"):
        path = out.resolve() / name
        assert path.is_absolute()
        assert f"wrote {path}" in printed


def test_demo_prints_the_gradcheck_result_and_the_p_minus_y_check(demo_run):
    _, printed, _ = demo_run
    assert re.search(r"gradcheck.*passed", printed)
    assert "(softmax(z) - onehot(y)) / N" in printed
    assert re.search(r"^\s*equal \(largest difference", printed, re.MULTILINE)


def test_demo_svg_has_a_red_gradient_edge_for_every_op_input(demo_run):
    _, _, out = demo_run
    svg = (out / "softmax_ce.svg").read_text(encoding="utf-8")
    assert red_edge_count(svg) == DEMO_GRADIENT_EDGES


def test_demo_svg_shows_every_primitive_of_softmax_cross_entropy(demo_run):
    _, _, out = demo_run
    svg = (out / "softmax_ce.svg").read_text(encoding="utf-8")
    texts = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    for op in ("max", "sub", "exp", "sum", "log", "getitem", "mean"):
        assert op in texts, f"no '{op}' node in the drawing"
    assert "z" in texts and "loss" in texts


def test_demo_player_is_one_self_contained_page(demo_run):
    _, _, out = demo_run
    page = (out / "softmax_ce.html").read_text(encoding="utf-8")
    assert network_references(page) == []
    assert "<script>" in page  # the player's code is inline
    assert page.count("<svg") == 1  # one layout; each step restyles it (no frame per op)


def _installed_command():
    """The ``graphgrad`` console script of this interpreter's environment, if installed."""
    beside = Path(sys.executable).parent / ("graphgrad.exe" if os.name == "nt" else "graphgrad")
    return str(beside) if beside.is_file() else shutil.which("graphgrad")


def test_installed_graphgrad_demo_command_writes_both_files(tmp_path):
    command = _installed_command()
    if command is None:
        pytest.skip("graphgrad is not installed (pip install -e .)")
    done = subprocess.run(
        [command, "demo", "--out", str(tmp_path / "demo")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "demo" / "softmax_ce.svg").is_file()
    assert (tmp_path / "demo" / "softmax_ce.html").is_file()
    assert "gradcheck" in done.stdout


def test_demo_out_defaults_to_the_current_directory(tmp_path):
    environment = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    done = subprocess.run(
        [sys.executable, "-m", "nn.cli", "demo"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert f"wrote {tmp_path.resolve() / 'softmax_ce.svg'}" in done.stdout
    assert (tmp_path / "softmax_ce.html").is_file()
