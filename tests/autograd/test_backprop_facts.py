"""Facts of backpropagation through softmax and cross-entropy, read off the graph itself."""

import numpy as np
import pytest

import autograd
from autograd import GradcheckError, Tensor, gradcheck


def find_ops(root, name):
    """Every op called ``name`` in the graph that produced ``root`` (the engine's own walk)."""
    return [
        tensor.grad_fn
        for tensor in autograd.engine.backward_order([root])
        if tensor.grad_fn.name == name
    ]


def cross_entropy(logits, target):
    """The loss as users compose it from primitives: -(log p[row, target]).mean()."""
    rows = np.arange(logits.shape[0])
    return -(logits.log_softmax(axis=1)[rows, target]).mean()


def test_stable_softmax_of_huge_logits_is_exact_and_warning_free():
    # RuntimeWarnings are errors in this test suite (pyproject filterwarnings)
    probabilities = Tensor([1000.0, 2000.0, 3000.0]).softmax()
    np.testing.assert_array_equal(probabilities.data, [0.0, 0.0, 1.0])
    assert not np.isnan(probabilities.data).any()


def test_stable_softmax_of_huge_logits_backpropagates_without_nan():
    x = Tensor([1000.0, 2000.0, 3000.0], requires_grad=True)
    (x.softmax() * Tensor([1.0, 2.0, 3.0])).sum().backward()
    assert np.isfinite(x.grad).all()


def test_stable_log_softmax_of_huge_logits():
    log_probabilities = Tensor([1000.0, 2000.0, 3000.0]).log_softmax()
    np.testing.assert_array_equal(log_probabilities.data, [-2000.0, -1000.0, 0.0])


def test_cross_entropy_gradient_is_softmax_minus_onehot_over_batch(rng):
    batch, classes = 5, 4
    logits = Tensor(rng.standard_normal((batch, classes)), requires_grad=True)
    target = rng.integers(0, classes, size=batch)
    cross_entropy(logits, target).backward()
    probabilities = np.exp(logits.data) / np.exp(logits.data).sum(axis=1, keepdims=True)
    onehot = np.eye(classes)[target]
    np.testing.assert_allclose(logits.grad, (probabilities - onehot) / batch, atol=1e-12)


def test_cross_entropy_passes_gradcheck(rng):
    logits = Tensor(rng.standard_normal((4, 3)), requires_grad=True)
    target = np.array([0, 2, 2, 1])
    assert gradcheck(lambda z: cross_entropy(z, target), [logits])


def test_softmax_graph_normalises_by_a_max_node(rng):
    x = Tensor(rng.standard_normal((3, 4)), requires_grad=True)
    (max_op,) = find_ops(x.softmax(axis=1), "max")
    assert max_op.inputs[0] is x
    assert max_op.arguments() == {"axis": (1,), "keepdims": True}


@pytest.mark.parametrize("build", ["softmax", "cross_entropy"])
def test_gradient_reaching_the_max_node_sums_to_zero_in_every_row(rng, build):
    x = Tensor(rng.standard_normal((4, 5)), requires_grad=True)
    if build == "softmax":
        out = (x.softmax(axis=1) * Tensor(rng.standard_normal((4, 5)))).sum()
    else:
        out = cross_entropy(x, np.array([0, 4, 1, 1]))
    (max_op,) = find_ops(out, "max")
    out.backward()
    # the max's output feeds `x - max`: the gradient that arrives there is the max op's
    # upstream; it equals what flowed back into its input x along the max edge
    (into_x,) = max_op.edge_grads
    np.testing.assert_allclose(into_x.sum(axis=1), np.zeros(4), atol=1e-12)


def test_upstream_gradient_of_the_max_output_is_zero(rng):
    x = Tensor(rng.standard_normal((4, 5)), requires_grad=True)
    out = (x.softmax(axis=1) * Tensor(rng.standard_normal((4, 5)))).sum()
    (max_op,) = find_ops(out, "max")
    subtraction = next(op for op in find_ops(out, "sub") if op.inputs[1].grad_fn is max_op)
    out.backward()
    _, into_max_output = subtraction.edge_grads
    np.testing.assert_allclose(into_max_output, np.zeros((4, 1)), atol=1e-12)


def test_softmax_jacobian_is_h_i_times_delta_minus_h_j(rng):
    x = Tensor(rng.standard_normal(5), requires_grad=True)
    h = x.softmax()
    rows = []
    for i in range(5):
        (row,) = autograd.grad(h[i], [x], retain_graph=True)
        rows.append(row.data)
    jacobian = np.stack(rows)
    p = h.data
    np.testing.assert_allclose(jacobian, np.diag(p) - np.outer(p, p), atol=1e-12)


class DiagonalOnlySoftmax(autograd.ops.Op):
    """A softmax whose backward uses only the diagonal h_j (1 - h_j): a classic mistake."""

    name = "diagonal_softmax"

    def forward(self, x):
        exps = np.exp(x - x.max())
        self.probabilities = exps / exps.sum()
        return self.probabilities

    def backward(self, grad):
        p = self.probabilities
        return (grad * Tensor(p * (1 - p)),)


def test_diagonal_only_softmax_derivative_fails_gradcheck(rng):
    x = Tensor(rng.standard_normal(4), requires_grad=True)
    with pytest.raises(GradcheckError):
        gradcheck(lambda t: DiagonalOnlySoftmax.apply(t), [x])


def test_log_softmax_gradient_rows_sum_to_zero_for_one_upstream_entry(rng):
    x = Tensor(rng.standard_normal((3, 4)), requires_grad=True)
    x.log_softmax(axis=1)[:, 0].sum().backward()
    np.testing.assert_allclose(x.grad.sum(axis=1), np.zeros(3), atol=1e-12)
