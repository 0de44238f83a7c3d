"""Clusters for scopes, collapsing them, and the size limits that keep huge graphs drawable."""

import time

import numpy as np

import autograd
from autograd import Tensor, viz

from .dot_reader import Dot, numbers


def _module_graph():
    """A 'Layer' module scope around a log_softmax: two nested clusters."""
    x = Tensor(np.array([[0.5, -1.0, 2.0]], dtype=np.float32), requires_grad=True, name="x")
    with autograd.scope("Layer", kind="module"):
        hidden = (x * 2.0).log_softmax(axis=1)
    loss = -hidden[0, 1]
    loss.backward()
    return x, loss


def test_ops_of_a_composite_are_grouped_in_a_labelled_cluster(softmax_ce):
    _, loss = softmax_ce
    source = viz.draw(loss, collapse=False).source
    assert source.count("subgraph cluster_") == 1
    assert "<b>log_softmax</b>" in source


def test_nested_scopes_give_nested_clusters():
    _, loss = _module_graph()
    source = viz.draw(loss, collapse=False).source
    outer = source.index("subgraph cluster_")
    inner = source.index("subgraph cluster_", outer + 1)
    assert source.index("<b>Layer</b>", outer) < inner  # Layer's label comes first
    assert source.index("<b>log_softmax</b>") > inner
    assert source.count("subgraph cluster_") == 2


def test_collapse_true_draws_each_outermost_cluster_as_one_box(softmax_ce):
    logits, loss = softmax_ce
    loss.backward()
    dot = Dot(viz.draw(loss, collapse=True).source)
    assert "subgraph cluster_" not in dot.source
    box = dot.node_named("log_softmax")
    assert "6 ops" in Dot.text(dot.nodes[box])
    assert not any(Dot.text(attrs).startswith(("max", "exp")) for attrs in dot.nodes.values())
    # the red edge from the box to z carries the whole gradient that flowed into z
    (label,) = [text for op, target, text in dot.red_edges() if op == box]
    np.testing.assert_allclose(numbers(label), logits.grad.reshape(-1), atol=2e-3)


def test_collapse_by_label_collapses_just_those_clusters():
    _, loss = _module_graph()
    dot = Dot(viz.draw(loss, collapse=["log_softmax"]).source)
    assert dot.source.count("subgraph cluster_") == 1  # Layer stays open
    assert "<b>Layer</b>" in dot.source
    assert "6 ops" in Dot.text(dot.nodes[dot.node_named("log_softmax")])
    dot = Dot(viz.draw(loss, collapse=["Layer"]).source)
    assert "subgraph cluster_" not in dot.source
    assert "7 ops" in Dot.text(dot.nodes[dot.node_named("Layer")])  # mul + 6


def test_small_graphs_are_not_collapsed_by_default(softmax_ce):
    _, loss = softmax_ce
    assert "subgraph cluster_" in viz.draw(loss).source


def test_a_graph_above_the_readable_size_is_collapsed_by_default_with_a_note():
    x = Tensor(np.ones((2, 3), dtype=np.float32), requires_grad=True)
    h = x
    for _ in range(viz.AUTO_COLLAPSE_NODES // 10 + 1):
        h = h.log_softmax(axis=1)
    drawing = viz.draw(h.sum())
    assert "subgraph cluster_" not in drawing.source
    assert drawing.notes and "collapsed" in drawing.notes[0]
    assert "collapse=False" in drawing.source  # the note is in the drawing itself


def test_a_5000_node_graph_draws_in_seconds():
    x = Tensor(np.ones((2, 3), dtype=np.float32), requires_grad=True, name="x")
    h = x
    for _ in range(340):
        h = h.log_softmax(axis=1) * 0.5
    loss = h.sum()
    loss.backward()
    start = time.perf_counter()
    drawing = viz.draw(loss)
    source = drawing.source
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0
    dot = Dot(source)
    assert len([key for key in dot.nodes if not key.startswith("more_")]) <= viz.MAX_NODES
    assert any("nearest the output" in note for note in drawing.notes)
    assert "more" in source  # cut inputs end in a '⋯ N more' stub


def test_a_long_chain_without_clusters_is_truncated_from_the_root():
    x = Tensor(1.0, requires_grad=True, name="x")
    h = x
    for _ in range(3000):
        h = h * 1.0001
    h.backward()
    dot = Dot(viz.draw(h, max_nodes=50).source)
    assert len([key for key in dot.nodes if not key.startswith("more_")]) == 50
    assert "x" not in [Dot.text(attrs).split(" ")[0] for attrs in dot.nodes.values()]
