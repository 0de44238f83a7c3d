"""The layout ``draw`` chooses (rankdir=None): legible in a 900 px column, no side more than
about 3 times the other, no overlapping nodes; ``rankdir`` still forces a direction; stable
ids and classes; tooltips with every number in full precision; the training-step graph."""

import contextlib
import io
import re
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest

from autograd import Tensor, viz
from autograd.viz import layout, render
from autograd.viz.graph import ComputationGraph, edge_grads
from autograd.viz.labels import full_repr
from nn.demo import SVG_NAME, run_demo
from nn.losses import CrossEntropyLoss
from nn.optim import SGD
from nn.train import build_model, draw_step_graph

from .dot_reader import Dot, numbers

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
COLUMN = 900.0


def readme_loss():
    """The README's first example, after backward (float32: the default dtype)."""
    z = Tensor([[1.0, 2.0, 3.0], [1.0, -1.0, 0.5]], requires_grad=True, name="z")
    target = np.array([2, 0])
    loss = -z.log_softmax(axis=1)[np.arange(2), target].mean()
    loss.name = "loss"
    loss.backward()
    return loss


def chain(length=40):
    x = Tensor(np.array([0.5, -0.25]), requires_grad=True, name="x")
    y = x
    for step in range(length):
        y = (y * 0.9).tanh() if step % 2 else y + 0.1
    loss = y.sum()
    loss.name = "loss"
    loss.backward()
    return loss


def demo_svg(tmp_path):
    with contextlib.redirect_stdout(io.StringIO()):
        assert run_demo(tmp_path) == 0
    return (tmp_path / SVG_NAME).read_text(encoding="utf-8")


def trained_step_graph(tmp_path):
    """The CLI's model after one training batch (its .grad left set), and its step graph."""
    rng = np.random.default_rng(0)
    model = build_model((256, 128), dropout=0.2)
    criterion = CrossEntropyLoss(label_smoothing=0.1)
    images = rng.normal(size=(16, 64)).astype(np.float32)
    labels = rng.integers(0, 10, size=16)
    optimizer = SGD(model.parameters(), lr=0.1)
    optimizer.zero_grad()
    criterion(model(Tensor(images)), labels).backward()
    optimizer.step()  # .grad is left set, as after the last training batch
    before = {name: parameter.grad for name, parameter in model.named_parameters()}
    drawing = draw_step_graph(model, criterion, images, labels, tmp_path / "step_graph.svg")
    return model, before, drawing, (tmp_path / "step_graph.svg").read_text(encoding="utf-8")


def node_boxes(svg):
    """{node id: (x0, y0, x1, y1)} of each node's outline, in the SVG's own coordinates."""
    root = ElementTree.fromstring(render.inline_svg(svg))
    boxes = {}
    for group in root.iter(f"{SVG}g"):
        if "node" not in (group.get("class") or "").split():
            continue
        points = []
        for shape in group.iter():
            if shape.tag == f"{SVG}ellipse":
                cx, cy = float(shape.get("cx")), float(shape.get("cy"))
                rx, ry = float(shape.get("rx")), float(shape.get("ry"))
                points += [(cx - rx, cy - ry), (cx + rx, cy + ry)]
            elif shape.tag in (f"{SVG}polygon", f"{SVG}path"):
                text = shape.get("points") or shape.get("d")
                values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", text)]
                points += list(zip(values[::2], values[1::2], strict=False))
        if points:
            xs, ys = zip(*points, strict=True)
            boxes[group.get("id")] = (min(xs), min(ys), max(xs), max(ys))
    return boxes


def overlapping(boxes, slack=0.5):
    found = []
    items = sorted(boxes.items())
    for position, (first, a) in enumerate(items):
        for second, b in items[position + 1 :]:
            if (
                a[0] + slack < b[2]
                and b[0] + slack < a[2]
                and a[1] + slack < b[3]
                and b[1] + slack < a[3]
            ):
                found.append((first, second))
    return found


def assert_fits_the_column(svg):
    measured = layout.measure_svg(svg)
    assert measured.aspect() <= layout.MAX_ASPECT, measured
    assert measured.text_px(COLUMN) >= 9.0, measured
    assert overlapping(node_boxes(svg)) == []
    return measured


# -- fitting the column
def test_the_readme_example_is_legible_in_a_900px_column():
    drawing = viz.draw(readme_loss())
    measured = assert_fits_the_column(drawing.svg())
    assert measured.text_px(COLUMN) >= 12  # not just barely: the column does not shrink it
    assert "rank=same" in drawing.source  # its 19-layer chain is folded


def test_the_readme_figure_in_docs_is_the_example_drawn_to_fit():
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs"
    svg = (docs / "softmax_ce.svg").read_text(encoding="utf-8")
    assert_fits_the_column(svg)
    assert ">loss<" in svg


def test_the_demo_drawing_fits_the_column(tmp_path):
    assert_fits_the_column(demo_svg(tmp_path))


def test_a_long_chain_is_folded_into_bands(tmp_path):
    drawing = viz.draw(chain(20))
    assert "rank=same" in drawing.source
    assert_fits_the_column(drawing.svg())


def test_a_small_graph_is_not_folded(xyz):
    *_, f = xyz
    f.backward()
    assert "rank=same" not in viz.draw(f).source


def test_rankdir_still_forces_a_direction_unfolded():
    loss = readme_loss()
    for rankdir in ("LR", "TB", "RL", "BT"):
        source = viz.draw(loss, rankdir=rankdir).source
        assert f'rankdir="{rankdir}"' in source and "rank=same" not in source
    assert layout.measure_svg(viz.draw(loss, rankdir="LR").svg()).aspect() > 5  # as asked


def test_the_chosen_layout_is_reused_not_laid_out_again(monkeypatch):
    drawing = viz.draw(readme_loss())
    monkeypatch.setattr(render, "render", lambda *a, **k: pytest.fail("laid out twice"))
    assert drawing.svg().count("<svg") == 1


def test_folded_edges_keep_their_direction():
    """A band that runs backwards writes its edges head to tail, with ``dir`` flipped: read
    back, every forward edge still runs input -> op -> output and every red edge op -> input."""
    loss = chain(24)
    folded = Dot(viz.draw(loss).source)
    straight = Dot(viz.draw(loss, rankdir="TB").source)
    assert sorted(folded.forward_edges()) == sorted(straight.forward_edges())
    assert sorted(folded.red_edges()) == sorted(straight.red_edges())


def test_without_a_renderer_the_layout_is_estimated(monkeypatch):
    def missing(*args, **kwargs):
        raise render.RenderError("no renderer")

    monkeypatch.setattr(render, "render", missing)
    drawing = viz.draw(chain(40))  # no error: the fold is chosen from the graph's shape
    assert "rank=same" in drawing.source and drawing._svg is None


def test_a_fold_chosen_unseen_that_trips_the_renderer_falls_back_to_the_plain_layout():
    drawing = viz.draw(chain(40))  # 163 nodes: too many to try layouts, so estimated
    svg = drawing.svg()  # whether or not the renderer copes with the fold, this draws
    assert "<svg" in svg and drawing.source.count("rankdir=") == 1


def test_estimates_choose_a_fold_for_a_deep_chain_and_none_for_a_shallow_graph():
    fold, _ = layout.choose(40, 1, 80, lambda fold: None, 10.0)
    assert fold.per_band is not None
    fold, _ = layout.choose(3, 6, 20, lambda fold: None, 10.0)
    assert fold.per_band is None


def test_layers_put_each_input_next_to_its_first_user():
    found = layout.layers(
        ["a", "op1", "b", "op2", "c", "op3"],
        [("a", "op1"), ("op1", "b"), ("b", "op2"), ("op2", "c"), ("c", "op3"), ("k", "op3")],
    )
    assert found == {"a": 0, "op1": 1, "b": 2, "op2": 3, "c": 4, "op3": 5}
    with_constant = layout.layers(["a", "m", "k", "n"], [("a", "m"), ("m", "n"), ("k", "n")])
    assert with_constant["k"] == with_constant["n"] - 1


# -- the training-step graph
def test_the_step_graph_is_titled_its_root_named_loss_and_fits(tmp_path):
    _, _, drawing, svg = trained_step_graph(tmp_path)
    assert "One training step" in svg
    dot = Dot(drawing.source)
    root = [key for key, attrs in dot.nodes.items() if 'class="tensor root"' in attrs]
    assert len(root) == 1 and Dot.text(dot.nodes[root[0]]).startswith("loss ")
    assert_fits_the_column(svg)


def test_the_step_graph_prints_the_steps_own_gradients_and_leaves_grad_alone(tmp_path):
    model, before, drawing, _ = trained_step_graph(tmp_path)
    dot = Dot(drawing.source)
    parameters = [key for key, attrs in dot.nodes.items() if 'class="tensor param"' in attrs]
    assert len(parameters) == 6  # three Linear layers: weight and bias each
    for key in parameters:
        label = Dot.text(dot.nodes[key])
        incoming = [text for _, target, text in dot.red_edges() if target == key]
        assert len(incoming) == 1, label
        if "norm" in label:  # a large gradient: "norm 0.676, min ..., max ..."
            printed = numbers(label.split("norm", 1)[1])[0]
            assert numbers(incoming[0].split("norm", 1)[1])[0] == printed, (label, incoming)
        else:  # a small one (a 10-element bias): its values, the last row of the box
            sent = numbers(incoming[0])
            assert numbers(label)[-len(sent) :] == sent, (label, incoming)
    for name, parameter in model.named_parameters():  # the same arrays, untouched
        assert parameter.grad is before[name], name
    assert model.training  # it was training before the drawing


# -- ids and classes
def test_every_node_and_edge_has_a_stable_id_and_a_class():
    first, second = viz.draw(readme_loss()).source, viz.draw(readme_loss()).source
    ids = []
    for line in first.splitlines():
        statement = re.match(r"^\s*(\w+)(?: -> (\w+))? \[(.*)\]$", line)
        if statement is None or statement.group(1) in ("graph", "node", "edge"):
            continue
        if "invis" in line and "id=" not in line:
            continue  # the edges that order the bands of a fold
        attrs = statement.group(3)
        found = re.search(r'\bid="([^"]+)"', attrs)
        assert found and re.search(r'\bclass="[^"]+"', attrs), line
        ids.append(found.group(1))
    assert len(ids) == len(set(ids)) > 40

    def graph_ids(source):  # clusters and boxes are named by their scope's uid, which a new
        # recording of the same computation renumbers; tensors, ops and edges are not
        return [i for i in re.findall(r'\bid="([^"]+)"', source) if not re.match(r"[kc]\d", i)]

    assert graph_ids(first) == graph_ids(second)


def test_ids_follow_the_graph_tensor_order_op_output_and_input_position():
    x = Tensor(3.0, requires_grad=True, name="x")
    square = x * x
    square.backward()
    source = viz.draw(square, rankdir="LR").source
    for expected in ('id="t0"', 'id="o1"', 'id="t1"', 'id="f_t0_o1_0"', 'id="f_t0_o1_1"'):
        assert expected in source
    assert 'id="g_o1_t0_0"' in source and 'id="g_o1_t0_1"' in source  # x used twice
    assert 'class="tensor param"' in source and 'class="tensor root"' in source
    assert 'class="op"' in source and 'class="edge' not in source  # Graphviz adds "edge"
    svg = viz.draw(square, rankdir="LR").svg()
    assert '<g id="g_o1_t0_1" class="edge grad"' in svg
    assert '<g id="t0" class="node tensor param"' in svg


def test_collapsed_boxes_and_clusters_have_ids_and_classes(softmax_ce):
    _, loss = softmax_ce
    loss.backward()
    collapsed = viz.draw(loss, collapse=True).source
    box = re.search(r'^\s*(c\d+) \[id="(c\d+)" class="box"', collapsed, re.M)
    assert box and box.group(1) == box.group(2)
    assert re.search(rf'id="g_{box.group(1)}_t\d+"', collapsed)
    opened = viz.draw(loss, collapse=False).source
    assert re.search(r'graph \[id="k\d+" class="function"', opened)


# -- tooltips
def _titles(svg):
    root = ElementTree.fromstring(render.inline_svg(svg))
    titles = {}
    for group in root.iter(f"{SVG}g"):
        for anchor in group.iter(f"{SVG}a"):
            if anchor.get(XLINK_TITLE) is not None and group.get("id"):
                titles.setdefault(group.get("id"), anchor.get(XLINK_TITLE).replace("\xa0", " "))
    return titles


def _array_in(text, after):
    """The array a tooltip prints after ``after`` (``array([...])``), read back."""
    body = text.split(after, 1)[1].split("\nshape", 1)[0]
    return np.array(eval(body, {"array": np.array}))  # our own repr


def test_every_gradient_is_in_full_precision_in_a_tooltip():
    loss = readme_loss()
    drawing = viz.draw(loss)
    titles = _titles(drawing.svg())
    graph = ComputationGraph(loss)
    checked = 0
    for op, out in graph.ops:
        name = f"o{graph.tensor_index[id(out)]}"
        for position, (inp, grad) in enumerate(zip(op.inputs, edge_grads(op), strict=True)):
            if grad is None:
                continue
            edge = f"g_{name}_t{graph.tensor_index[id(inp)]}_{position}"
            assert full_repr(grad) in titles[edge]
            shown = _array_in(titles[edge], "gradient flowing back: ")
            np.testing.assert_array_equal(shown.astype(grad.dtype), grad)  # every digit
            checked += 1
    assert checked == 11
    z = graph.tensors[0]
    value = _array_in(titles["t0"], "value = ")
    grad = _array_in(titles["t0"], "grad = ")
    np.testing.assert_array_equal(value.astype(np.float32), z.data)
    np.testing.assert_array_equal(grad.astype(np.float32), z.grad)
    assert "0.045" in Dot.text(Dot(drawing.source).nodes["t0"])  # the label rounds...
    assert "0.04501" in titles["t0"]  # ... the tooltip does not


def test_a_rounded_label_hides_nothing_in_the_tooltip():
    x = Tensor(np.array([1.875, 2.0], dtype=np.float64), requires_grad=True, name="x")
    y = (x * x).sum()
    y.backward()
    dot = Dot(viz.draw(y).source)
    assert "1.88" in Dot.text(dot.nodes["t0"])
    assert "1.875" in dot.nodes["t0"] and "3.75" in dot.nodes["t0"]  # value and gradient


def test_op_tooltips_show_the_local_rule(xyz):
    *_, f = xyz
    f.backward()
    titles = _titles(viz.draw(f).svg())
    dot = Dot(viz.draw(f).source)
    mul = dot.node_named("mul")
    assert titles[mul].endswith("local rule: ∂a = g · b; ∂b = g · a")
    rule = type(f.grad_fn).rule
    assert titles[dot.node_named("add")].endswith(f"local rule: {rule}")


def test_an_op_without_a_rule_has_a_plain_tooltip():
    from autograd import Function

    class Twice(Function):
        @staticmethod
        def forward(ctx, x):
            return Tensor(x.data * 2)

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    y = Twice.apply(Tensor(1.0, requires_grad=True))
    dot = Dot(viz.draw(y).source)
    assert "local rule" not in dot.nodes[dot.node_named("Twice")]
