"""Forward mode drawn: the tangents on the forward arrows in blue, beside the red gradients."""

import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest

from autograd import Tensor, viz
from autograd.forward_ad import dual_level, make_dual
from autograd.viz.labels import TANGENT_COLOR

from .dot_reader import Dot, numbers


@pytest.fixture
def jvp():
    """y = sum(tanh(3 x)) at x = (1, 2), pushed forward along dx = (1, 0).

    Tangents: (1, 0) -> 3 dx = (3, 0) -> tanh'(3) (3, 0) -> sum: 3 tanh'(3).
    """
    x = Tensor([1.0, 2.0], requires_grad=True, name="x")
    with dual_level():
        y = (make_dual(x, Tensor([1.0, 0.0])) * 3.0).tanh().sum()
    y.name = "y"
    return x, y


def _slope():
    return 3.0 * (1.0 - np.tanh(3.0) ** 2)


def test_forward_arrows_are_blue_and_labelled_with_the_tangent_they_carry(jvp):
    _, y = jvp
    graph = Dot(viz.draw(y).source)
    carried = {(tail, head): numbers(text) for tail, head, text in graph.blue_edges()}
    mul, tanh, total = (graph.node_named(name) for name in ("mul", "tanh", "sum"))
    into_mul = [value for (_, head), value in carried.items() if head == mul]
    assert into_mul == [[1.0, 0.0]]  # the constant 3 carries no tangent: its arrow stays grey
    assert [value for (tail, _), value in carried.items() if tail == mul] == [[3.0, 0.0]]
    into_tanh = [value for (_, head), value in carried.items() if head == tanh]
    assert into_tanh == [[3.0, 0.0]]
    (out_of_sum,) = [value for (tail, _), value in carried.items() if tail == total]
    assert out_of_sum == pytest.approx([_slope()], rel=1e-2)


def test_a_tensor_node_prints_its_tangent_and_the_legend_names_blue(jvp):
    _, y = jvp
    graph = Dot(viz.draw(y).source)
    assert numbers(graph.text(graph.nodes[graph.node_named("y")]).split("tangent")[1]) == (
        pytest.approx([_slope()], rel=1e-2)
    )
    assert "tangents in blue" in Dot.text(graph.source.splitlines()[1])


def test_after_backward_too_blue_tangents_run_forward_and_red_gradients_back(jvp):
    x, y = jvp
    y.backward()
    graph = Dot(viz.draw(y).source)
    assert len(graph.blue_edges()) == 7  # every forward arrow but x -> reshape and 3 -> mul
    red = {(op, node): numbers(text) for op, node, text in graph.red_edges()}
    assert red[(graph.node_named("reshape"), graph.node_named("x"))] == pytest.approx(
        x.grad.tolist(), rel=1e-2
    )
    assert "gradients of y in red" in Dot.text(graph.source.splitlines()[1])


def test_tangents_false_draws_forward_arrows_grey_and_prints_no_tangent(jvp):
    _, y = jvp
    source = viz.draw(y, tangents=False).source
    assert Dot(source).blue_edges() == []
    assert "tangent" not in source and TANGENT_COLOR not in source


def test_a_graph_without_tangents_is_drawn_byte_for_byte_as_before_forward_mode(xyz):
    *_, f = xyz
    f.backward()
    before = viz.draw(f).source
    with dual_level():
        make_dual(Tensor([1.0]), Tensor([1.0])) * 2.0  # forward mode, on another graph
    assert viz.draw(f).source == before
    assert TANGENT_COLOR not in before


def test_tangents_true_without_any_tangent_only_adds_blue_to_the_legend(xyz):
    *_, f = xyz
    source = viz.draw(f, tangents=True).source
    assert Dot(source).blue_edges() == []
    assert "tangents in blue" in Dot.text(source.splitlines()[1])


def test_a_large_tangent_is_summarised_like_a_gradient():
    x = Tensor(np.ones(20), requires_grad=True, name="x")
    with dual_level():
        y = (make_dual(x, Tensor(np.full(20, 2.0))) * 1.5).sum()
    labels = [text for _, _, text in Dot(viz.draw(y).source).blue_edges()]
    assert "norm 13.4, min 3, max 3" in labels  # 3 · sqrt(20)


def test_a_drawing_with_tangents_and_gradients_renders_to_svg_with_blue_strokes(jvp):
    _, y = jvp
    y.backward()
    tree = ElementTree.fromstring(viz.draw(y).svg())
    strokes = {element.get("stroke") for element in tree.iter()}
    assert TANGENT_COLOR in strokes and "red" in strokes
