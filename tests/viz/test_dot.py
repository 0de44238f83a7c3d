"""What ``draw`` puts in the DOT text: nodes, forward edges, red gradient edges and their labels."""

import numpy as np
import pytest

import autograd
from autograd import Tensor, viz

from .dot_reader import Dot, numbers


def test_no_red_edges_before_backward(xyz):
    *_, f = xyz
    dot = Dot(viz.draw(f).source)
    assert dot.red_edges() == []
    assert 'color="red"' not in dot.source


def test_forward_edges_run_inputs_to_op_to_output(xyz):
    *_, f = xyz
    dot = Dot(viz.draw(f).source)
    mul, add = dot.node_named("mul"), dot.node_named("add")
    edges = dot.forward_edges()
    assert (dot.node_named("x"), mul) in edges
    assert (dot.node_named("y"), mul) in edges
    assert (dot.node_named("z"), add) in edges
    assert (add, dot.node_named("f")) in edges


def test_red_edges_carry_the_local_gradients_of_x_times_y_plus_z(xyz):
    *_, f = xyz
    f.backward()
    dot = Dot(viz.draw(f).source)
    mul, add = dot.node_named("mul"), dot.node_named("add")
    labelled = {(op, target): numbers(text) for op, target, text in dot.red_edges()}
    assert labelled[(mul, dot.node_named("x"))] == [-3.0]  # df/dx = y
    assert labelled[(mul, dot.node_named("y"))] == [2.0]  # df/dy = x
    assert labelled[(add, dot.node_named("z"))] == [1.0]  # df/dz = 1
    product = [target for op, target in labelled if op == add and target != dot.node_named("z")]
    assert labelled[(add, product[0])] == [1.0]  # df/d(xy) = 1
    assert len(labelled) == 4


def test_every_forward_edge_into_an_op_gets_one_red_edge_after_backward(softmax_ce):
    _, loss = softmax_ce
    loss.backward()
    dot = Dot(viz.draw(loss, collapse=False).source)
    into_ops = [(op, source) for source, op in dot.forward_edges() if op.startswith("o")]
    assert sorted((op, target) for op, target, _ in dot.red_edges()) == sorted(into_ops)


def test_a_tensor_used_twice_gets_two_red_edges_that_add_up_to_its_gradient():
    x = Tensor(3.0, requires_grad=True, name="x")
    f = x * x
    f.backward()
    dot = Dot(viz.draw(f).source)
    into_x = [
        numbers(text)[0] for _, target, text in dot.red_edges() if target == dot.node_named("x")
    ]
    assert into_x == [3.0, 3.0]
    assert sum(into_x) == float(x.grad) == 6.0


def test_the_logits_two_red_edges_add_up_to_their_gradient(softmax_ce):
    logits, loss = softmax_ce
    loss.backward()
    dot = Dot(viz.draw(loss, collapse=False).source)
    into_z = [
        np.array(numbers(text))
        for _, target, text in dot.red_edges()
        if target == dot.node_named("z")
    ]
    assert len(into_z) == 2  # through the subtraction and through the max
    np.testing.assert_allclose(sum(into_z), logits.grad.reshape(-1), atol=2e-3)


def test_the_gradient_into_the_max_node_sums_to_zero(softmax_ce):
    _, loss = softmax_ce
    loss.backward()
    dot = Dot(viz.draw(loss, collapse=False).source)
    max_op = dot.node_named("max")
    max_out = next(head for tail, head in dot.forward_edges() if tail == max_op)
    into_max_out = [text for _, target, text in dot.red_edges() if target == max_out]
    assert len(into_max_out) == 1
    assert abs(sum(numbers(into_max_out[0]))) < 1e-6
    dashed = [
        attrs for tail, head, attrs in dot.edges if tail == max_out and 'color="red"' in attrs
    ]
    assert 'style="dashed"' in dashed[0]  # zero (up to round-off): drawn dashed


def test_a_dead_relu_sends_a_dashed_zero_gradient():
    x = Tensor([-1.0, -2.0], requires_grad=True, name="x")
    f = x.relu().sum()
    f.backward()
    dot = Dot(viz.draw(f).source)
    relu = dot.node_named("relu")
    into_x = [attrs for tail, head, attrs in dot.edges if 'color="red"' in attrs and head == relu]
    assert 'style="dashed"' in into_x[0]
    assert numbers(Dot.text(into_x[0])) == [0.0, 0.0]


def test_grad_scale_makes_larger_gradients_wider():
    x = Tensor([1.0, 1.0], requires_grad=True, name="x")
    w = Tensor([1000.0, 1000.0], requires_grad=True, name="w")
    f = (x * w).sum()  # df/dx = w = 1000 (huge), df/dw = x = 1 (small)
    f.backward()
    dot = Dot(viz.draw(f, grad_scale=True).source)
    widths = {}
    for tail, head, attrs in dot.edges:
        if 'color="red"' in attrs and head == dot.node_named("mul"):
            widths[tail] = float(attrs.split('penwidth="')[1].split('"')[0])
    assert widths[dot.node_named("x")] > widths[dot.node_named("w")]


def test_tensor_nodes_show_name_shape_and_small_values(xyz):
    *_, f = xyz
    dot = Dot(viz.draw(f).source)
    assert Dot.text(dot.nodes[dot.node_named("x")]) == "x scalar 2"
    matrix = Tensor(np.arange(6.0, dtype=np.float32).reshape(2, 3), requires_grad=True, name="m")
    dot = Dot(viz.draw(matrix.sum()).source)
    text = Dot.text(dot.nodes[dot.node_named("m")])
    assert text.startswith("m 2×3")
    assert numbers(text) == [2, 3, 0, 1, 2, 3, 4, 5]


def test_large_tensors_are_summarised_not_printed():
    big = Tensor(np.linspace(-1.0, 2.0, 100).astype(np.float32), requires_grad=True, name="big")
    f = (big * 2.0).sum()
    f.backward()
    dot = Dot(viz.draw(f).source)
    text = Dot.text(dot.nodes[dot.node_named("big")])
    assert "min -1" in text and "max 2" in text
    assert "norm 20" in text  # its gradient: 2 everywhere, norm 2 * sqrt(100)


def test_dtype_is_shown_only_when_not_the_default():
    default = Tensor([1.0, 2.0], requires_grad=True, name="a")
    double = Tensor(np.array([1.0, 2.0]), requires_grad=True, name="b")
    dot = Dot(viz.draw((default * 2.0).sum() + (double * 2.0).sum().astype(np.float32)).source)
    assert "float64" in Dot.text(dot.nodes[dot.node_named("b")])
    assert autograd.get_default_dtype().name not in Dot.text(dot.nodes[dot.node_named("a")])


def test_op_nodes_show_their_arguments_and_index_arrays_compactly(softmax_ce):
    _, loss = softmax_ce
    dot = Dot(viz.draw(loss, collapse=False).source)
    assert Dot.text(dot.nodes[dot.node_named("max")]) == "max axis=1, keepdims"
    assert Dot.text(dot.nodes[dot.node_named("getitem")]) == "getitem [arange(2), [2, 0]]"


def test_parameters_stand_apart_from_constants_and_intermediates():
    w = Tensor([1.0, 2.0], requires_grad=True, name="w")
    c = Tensor([3.0, 4.0], name="c")
    f = ((w * c) * 2.0).sum()
    dot = Dot(viz.draw(f).source)
    parameter, constant = dot.nodes[dot.node_named("w")], dot.nodes[dot.node_named("c")]
    assert 'penwidth="2"' in parameter and "dashed" not in parameter
    assert "dashed" in constant
    intermediate = next(
        attrs
        for key, attrs in dot.nodes.items()
        if key.startswith("t") and Dot.text(attrs).startswith("(2,)")
    )
    assert "dashed" not in intermediate and 'penwidth="2"' not in intermediate


def test_draw_works_on_a_leaf_and_on_a_tensor_without_graph():
    lonely = Tensor([1.0, 2.0], name="lonely")
    dot = Dot(viz.draw(lonely).source)
    assert list(dot.nodes) == ["t0"] and dot.edges == []


def test_rankdir_is_chosen_by_default_and_can_be_forced(xyz):
    *_, f = xyz
    chosen = viz.draw(f).source
    assert 'rankdir="LR"' in chosen or 'rankdir="TB"' in chosen
    for rankdir in ("LR", "RL", "TB", "BT"):
        forced = viz.draw(f, rankdir=rankdir).source
        assert f'rankdir="{rankdir}"' in forced and "rank=same" not in forced
    with pytest.raises(ValueError, match="rankdir"):
        viz.draw(f, rankdir="sideways")


def test_one_font_everywhere(softmax_ce):
    _, loss = softmax_ce
    loss.backward()
    source = viz.draw(loss, collapse=False).source
    fonts = {part.split('"')[1] for part in source.split("fontname=")[1:]}
    assert fonts == {"Helvetica"}
    assert "face=" not in source
