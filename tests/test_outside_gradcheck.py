"""Gradients of what the outside operator suite made graphgrad add or change (softmin,
normalize for p <= 0, meshgrid, activations with inplace=True, unbatched losses), checked by
finite differences in float64, over random shapes where the function is shape-generic."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
import nn
from autograd import Tensor, gradcheck
from nn import functional
from tests.strategies import distinct_array, random_array, seeds, shape_and_axis, shapes


def leaf_of(values):
    return Tensor(np.asarray(values, dtype=np.float64), requires_grad=True)


@given(shape_and_axis(min_dims=1), seeds())
def test_softmin_gradcheck_over_shapes_and_dims(shape_axis, seed):
    shape, axis = shape_axis
    if not isinstance(axis, int):
        axis = -1
    x = leaf_of(random_array(seed, shape))
    assert gradcheck(lambda t: functional.softmin(t, dim=axis), [x])


def test_softmin_is_softmax_of_the_negation():
    x = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_allclose(
        nn.Softmin(dim=0)(Tensor(x)).data, functional.softmax(Tensor(-x), 0).data, rtol=1e-15
    )


@pytest.mark.parametrize("p", [-1, -2.5, 0.5, 3, float("inf"), float("-inf")])
@given(shape=shapes(min_dims=2, max_dims=3), seed=seeds(), dim=st.sampled_from([0, 1, -1]))
def test_normalize_gradcheck_for_p(p, shape, seed, dim):
    x = leaf_of(distinct_array(seed, shape))  # no zeros, no ties of |x| for the max/min norms
    assert gradcheck(lambda t: functional.normalize(t, p=p, dim=dim), [x])


def test_normalize_with_p_zero_divides_by_the_count_of_nonzeros_without_gradient_through_it():
    x = leaf_of([[1.0, 0.0, 2.0], [0.0, 0.0, 0.0]])
    out = functional.normalize(x, p=0)
    np.testing.assert_array_equal(out.data, [[0.5, 0.0, 1.0], [0.0, 0.0, 0.0]])
    assert gradcheck(lambda t: functional.normalize(t, p=0), [leaf_of([[1.0, -2.0, 3.0]])])


@given(st.lists(st.integers(0, 3), min_size=1, max_size=3), st.sampled_from(["ij", "xy"]))
def test_meshgrid_gradcheck(sizes, indexing):
    inputs = [leaf_of(np.random.default_rng(n).standard_normal(n)) for n in sizes]

    def weighted_sum_of_grids(*tensors):
        grids = autograd.meshgrid(*tensors, indexing=indexing)
        return sum(grid * (k + 1.0) for k, grid in enumerate(grids))

    assert gradcheck(weighted_sum_of_grids, inputs)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("relu", {}),
        ("relu6", {}),
        ("elu", {"alpha": 0.7}),
        ("selu", {}),
        ("celu", {"alpha": 1.3}),
        ("leaky_relu", {"negative_slope": 0.2}),
        ("hardtanh", {"min_val": -0.5, "max_val": 1.5}),
        ("hardsigmoid", {}),
        ("hardswish", {}),
        ("silu", {}),
        ("mish", {}),
    ],
)
def test_inplace_activation_of_a_non_leaf_gradcheck(name, kwargs):
    x = leaf_of(distinct_array(3, (3, 4)))
    activation = getattr(functional, name)

    def inplace_after_an_op(t):
        hidden = t * 1.5
        activation(hidden, inplace=True, **kwargs)
        return hidden * 2.0

    assert gradcheck(inplace_after_an_op, [x])
    np.testing.assert_allclose(
        inplace_after_an_op(x).data, activation(x * 1.5, **kwargs).data * 2.0, rtol=1e-15
    )


def test_inplace_activation_after_an_op_that_saved_its_output_is_refused():
    x = leaf_of([0.5, -1.0])
    hidden = x.exp()  # exp's backward reads its output, which relu would overwrite
    functional.relu(hidden, inplace=True)
    with pytest.raises(RuntimeError, match=r"reads that output|modified in place"):
        hidden.sum().backward()


@pytest.mark.parametrize("label_smoothing", [0.0, 0.25])
def test_unbatched_cross_entropy_gradcheck(label_smoothing):
    logits = leaf_of(np.random.default_rng(4).standard_normal(5))
    probabilities = leaf_of(np.random.default_rng(5).uniform(0, 1, 5))
    assert gradcheck(
        lambda z: functional.cross_entropy(z, 2, label_smoothing=label_smoothing), [logits]
    )
    assert gradcheck(
        lambda z, q: functional.cross_entropy(z, q, label_smoothing=label_smoothing),
        [logits, probabilities],
    )


def test_unbatched_nll_loss_is_minus_the_picked_log_probability():
    log_probs = leaf_of(np.log([0.2, 0.5, 0.3]))
    loss = functional.nll_loss(log_probs, np.array(1))
    assert loss.shape == ()
    assert loss.item() == pytest.approx(-np.log(0.5))
    assert gradcheck(lambda t: functional.nll_loss(t, np.array(2), reduction="none"), [log_probs])


SIGNS = np.array([1.0, -1.0, 1.0])
GRADCHECKED = {
    "threshold": (lambda x: functional.threshold(x, 0.3, -2.0), 1),
    "hardshrink": (lambda x: functional.hardshrink(x, 0.4), 1),
    "softshrink": (lambda x: functional.softshrink(x, 0.4), 1),
    "prelu": (lambda x, w: functional.prelu(x, w.reshape(-1)[:4]), 2),
    "cosine_similarity": (lambda x, y: functional.cosine_similarity(x, y), 2),
    "pairwise_distance": (lambda x, y: functional.pairwise_distance(x, y, p=3.0), 2),
    "margin_ranking_loss": (
        lambda x, y: functional.margin_ranking_loss(x, y, Tensor(np.ones((3, 4))), 0.1),
        2,
    ),
    "soft_margin_loss": (lambda x: functional.soft_margin_loss(x, Tensor(np.ones((3, 4)))), 1),
    "multilabel_soft_margin_loss": (
        lambda x: functional.multilabel_soft_margin_loss(x, Tensor(np.eye(3, 4))),
        1,
    ),
    "multi_margin_loss": (lambda x: functional.multi_margin_loss(x, [0, 3, 1], p=2), 1),
    "cosine_embedding_loss": (
        lambda x, y: functional.cosine_embedding_loss(x, y, SIGNS, margin=-0.9),
        2,
    ),
    "poisson_nll_loss": (
        lambda x, y: functional.poisson_nll_loss(x, y.abs() + 1.5, full=True),
        2,
    ),
    "gaussian_nll_loss": (
        lambda x, y: functional.gaussian_nll_loss(x, Tensor(np.zeros((3, 4))), y.abs() + 0.5),
        2,
    ),
    "triplet_margin_loss": (
        lambda x, y: functional.triplet_margin_loss(x, y, -y, margin=5.0, swap=True),
        2,
    ),
}


@pytest.mark.parametrize("name", sorted(GRADCHECKED))
def test_new_function_gradcheck(name):
    function, arity = GRADCHECKED[name]
    inputs = [leaf_of(distinct_array(seed, (3, 4)) * 0.3) for seed in range(arity)]
    assert gradcheck(function, inputs)
