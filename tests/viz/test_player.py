"""The step player: frames in reverse-pass order, one self-contained HTML page, checked in a
real (headless) browser."""

import os
import re
import shutil
import subprocess
import tempfile

import numpy as np
import pytest

from autograd import Tensor, viz

from .dot_reader import Dot


def test_one_frame_per_op_in_the_order_the_reverse_pass_visits_them(softmax_ce):
    _, loss = softmax_ce
    loss.backward()
    steps = viz.player(loss, collapse=False)
    assert len(steps) == 1 + 9  # the start, then neg, mean, getitem, sub, ... max
    names = [
        caption.split("backward through ")[-1].split(":")[0] for caption, _, _ in steps.steps[1:]
    ]
    assert names[:3] == ["neg", "mean", "getitem"]
    assert names[-1] == "max"  # the max runs last: it waits for both of its users


def test_frames_show_only_the_gradients_that_have_arrived(xyz):
    *_, f = xyz
    f.backward()
    frames = list(viz.backward_steps(f))
    red = [len(Dot(frame.source).red_edges()) for frame in frames]
    assert red == [0, 2, 4]  # start; add sends 2 gradients; mul sends 2 more
    final = Dot(viz.draw(f).source).red_edges()
    assert sorted(Dot(frames[-1].source).red_edges()) == sorted(final)


def test_the_current_node_is_highlighted(xyz):
    *_, f = xyz
    f.backward()
    frames = viz.player(f)
    dot = Dot(frames.frame(1).source)
    assert "#ffe08a" in dot.nodes[dot.node_named("add")]
    assert "#ffe08a" not in dot.nodes[dot.node_named("mul")]


def test_nodes_do_not_move_between_frames(softmax_ce):
    _, loss = softmax_ce
    loss.backward()
    svgs = viz.player(loss, collapse=False).svgs()

    def node_shapes(svg):
        return re.findall(
            r'class="node">\s*<title>(\w+)</title>.*?<(?:path|polygon|ellipse)'
            r'[^>]*?(?: d|points|cx)="([^"]+)"',
            svg,
            re.S,
        )

    def coordinates(svg):
        return [
            [float(number) for number in re.findall(r"-?\d+(?:\.\d+)?", shape)]
            for _, shape in node_shapes(svg)
        ]

    first = coordinates(svgs[0])
    assert len(first) > 15
    for svg in svgs[1:]:  # the same places, up to the 0.01 pt rounding of rounded corners
        assert all(
            np.allclose(mine, theirs, atol=0.02)
            for mine, theirs in zip(coordinates(svg), first, strict=True)
        )


def test_player_needs_a_backward_pass_first(xyz):
    *_, f = xyz
    with pytest.raises(RuntimeError, match="backward"):
        viz.player(f)


def test_collapsed_clusters_are_one_step(softmax_ce):
    _, loss = softmax_ce
    loss.backward()
    steps = viz.player(loss, collapse=True)
    assert len(steps) == 1 + 4  # neg, mean, getitem, log_softmax (6 ops at once)
    assert "log_softmax" in steps.steps[-1][0]


@pytest.fixture(scope="module")
def player_html(tmp_path_factory):
    logits = Tensor(
        np.array([[1.0, 2.0, 3.0], [1.0, -1.0, 0.5]], dtype=np.float32),
        requires_grad=True,
        name="z",
    )
    loss = -(logits.log_softmax(axis=1)[np.arange(2), np.array([2, 0])]).mean()
    loss.backward()
    path = tmp_path_factory.mktemp("player") / "backward.html"
    viz.player(loss, collapse=False).save(path)
    return path


def test_the_html_is_one_self_contained_file(player_html):
    page = player_html.read_text(encoding="utf-8")
    assert page.count("<svg") == 10
    assert 'type="range"' in page
    for button in ("gg-prev", "gg-next", "gg-play"):
        assert f'id="{button}"' in page
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    external = re.findall(r'(?:src|href)="(?!#)[^"]+"', page)
    assert external == []
    assert "ipywidgets" not in page


def test_jupyter_shows_the_player_in_an_isolated_frame(xyz):
    *_, f = xyz
    f.backward()
    shown = viz.player(f)._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and "&lt;svg" in shown


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("GRAPHGRAD_CI"):
        pytest.fail(
            "GRAPHGRAD_CI is set but no chromium was found: the player must be checked "
            "in a real browser (apt-get install -y chromium)"
        )
    pytest.skip(
        "chromium is not installed (apt-get install -y chromium); set GRAPHGRAD_CI=1 "
        "to make this a failure"
    )


def _open_in_browser(path, fragment: str, budget_ms: int = 3000):
    """Load the page headless, let its timers run, and return (DOM after scripts, log)."""
    browser = _chromium()
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--enable-logging=stderr",
                f"--virtual-time-budget={budget_ms}",
                "--dump-dom",
                f"{path.as_uri()}#{fragment}",
            ],
            capture_output=True,
            text=True,
            timeout=90,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


def _shown(dom: str):
    step = int(re.search(r'id="gg-player" data-step="(\d+)"', dom).group(1))
    visible = re.findall(r'<div class="gg-frame" data-step="(\d+)" data-caption="[^"]*">', dom)
    errors = re.search(r'<pre id="gg-errors">(.*?)</pre>', dom, re.S).group(1)
    return step, [int(each) for each in visible], errors


def _console_errors(log: str) -> list:
    return [
        line
        for line in log.splitlines()
        if "CONSOLE" in line and ("Uncaught" in line or "rror" in line)
    ]


def test_in_a_browser_the_page_loads_and_opens_the_frame_named_in_the_url(player_html):
    dom, log = _open_in_browser(player_html, "step=3")
    step, visible, errors = _shown(dom)
    assert (step, visible, errors) == (3, [3], "")
    assert _console_errors(log) == []


def test_in_a_browser_next_and_prev_change_the_frame_shown(player_html):
    dom, log = _open_in_browser(player_html, "step=2&press=next,next,next,prev")
    step, visible, errors = _shown(dom)
    assert (step, visible, errors) == (4, [4], "")
    assert _console_errors(log) == []


def test_in_a_browser_play_steps_through_to_the_last_frame(player_html):
    dom, log = _open_in_browser(player_html, "play", budget_ms=15000)
    step, visible, errors = _shown(dom)
    assert (step, visible, errors) == (9, [9], "")
    assert _console_errors(log) == []
