"""The tutorial notebooks: each runs top to bottom in a fresh kernel without an error, shows
its drawings as SVG (red gradient arrows after backward), and is committed with its outputs."""

import copy
import time

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from .conftest import NOTEBOOKS, cell_errors, outputs_of, red_edge_count

RUNTIME_LIMIT = 60.0  # seconds per notebook, kernel start included

# name -> (SVG drawings with red gradient arrows, forward-only drawings, matplotlib figures)
EXPECTED = {
    "01_scalar_autograd": (2, 1, 0),
    "02_softmax_cross_entropy": (3, 0, 0),
    "03_gradient_checking": (2, 0, 1),
    "04_mlp_from_scratch": (1, 0, 2),
    "05_higher_order": (1, 0, 2),
    "06_forward_and_reverse": (1, 1, 1),
    "07_gradient_flow": (1, 0, 1),
}
NAMES = sorted(EXPECTED)


def committed(name):
    return nbformat.read(str(NOTEBOOKS / f"{name}.ipynb"), as_version=4)


@pytest.fixture(scope="session")
def executed(build_script):
    """Run a committed notebook in a fresh python3 kernel once per session; (notebook, seconds)."""
    cache = {}

    def run(name):
        if name not in cache:
            notebook = copy.deepcopy(committed(name))
            started = time.perf_counter()
            try:
                build_script.execute(notebook)
            except CellExecutionError as error:
                pytest.fail(f"{name}.ipynb failed in a fresh kernel:\n{error}")
            cache[name] = notebook, time.perf_counter() - started
        return cache[name]

    return run


def test_the_expected_notebooks_are_committed():
    assert sorted(path.stem for path in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_in_a_fresh_kernel_without_errors_in_under_a_minute(executed, name):
    notebook, seconds = executed(name)
    assert cell_errors(notebook) == []
    assert seconds < RUNTIME_LIMIT, f"{name} took {seconds:.0f} s"


def _check_drawings(notebook, name):
    with_gradients, forward_only, figures = EXPECTED[name]
    svgs = outputs_of(notebook, "image/svg+xml")
    red = [red_edge_count(svg) for svg in svgs]
    assert sum(count > 0 for count in red) == with_gradients, red
    assert sum(count == 0 for count in red) == forward_only, red
    assert len(outputs_of(notebook, "image/png")) == figures


@pytest.mark.parametrize("name", NAMES)
def test_executed_notebook_shows_its_drawings_as_svg_with_red_gradient_edges(executed, name):
    notebook, _ = executed(name)
    _check_drawings(notebook, name)


def test_executed_softmax_notebook_embeds_the_backward_player(executed):
    notebook, _ = executed("02_softmax_cross_entropy")
    pages = [page for page in outputs_of(notebook, "text/html") if "gg-player" in page]
    assert len(pages) == 1
    assert not pages[0].startswith("<iframe")  # inline, with ids unique to this output
    assert pages[0].count("<svg") == 1  # the graph is laid out once; steps restyle it


def test_executed_forward_reverse_notebook_finds_the_mode_with_fewer_passes_faster(executed):
    notebook, _ = executed("06_forward_and_reverse")
    printed = "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )
    winners = {
        tuple(int(word) for word in line.split()[:2]): line.split()[-3]
        for line in printed.splitlines()
        if line.rstrip().endswith("x") and " by " in line
    }
    assert winners == {(1000, 10): "reverse", (10, 1000): "forward"}


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_has_its_outputs(name):
    notebook = committed(name)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    counts = [cell.execution_count for cell in code]
    assert counts == list(range(1, len(code) + 1)), "not run top to bottom in one kernel"
    assert any(cell.outputs for cell in code)
    assert cell_errors(notebook) == []
    _check_drawings(notebook, name)


def test_committed_softmax_notebook_has_the_player_output():
    pages = [
        page
        for page in outputs_of(committed("02_softmax_cross_entropy"), "text/html")
        if "gg-player" in page
    ]
    assert len(pages) == 1


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_matches_its_source(build_script, name):
    """notebooks/source/<name>.py is what build.py turns into the notebook: edit it, rebuild."""
    expected = build_script.make_notebook(NOTEBOOKS / "source" / f"{name}.py")
    actual = committed(name)
    assert [(cell.cell_type, cell.source) for cell in actual.cells] == [
        (cell.cell_type, cell.source) for cell in expected.cells
    ], f"{name}.ipynb is out of date: run python notebooks/build.py {name[:2]}"
