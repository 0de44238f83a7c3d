"""Embedding and functional.embedding: the lookup's values, its gradient (gradcheck; the
padding row and the frequency scaling), its forward-mode rule (the tangent of the value, as
PyTorch's), second derivatives, max_norm, initialisation, from_pretrained and errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
from autograd import Tensor, gradcheck
from autograd.forward_ad import dual_level, make_dual, unpack_dual
from autograd.ops.nn_ops import Embedding as EmbeddingLookup
from nn import functional
from tests.strategies import examples, random_array, seeds

INDICES = np.array([[1, 3, 3], [0, 4, 1]])


def test_embedding_looks_up_rows(rng):
    weight = rng.standard_normal((5, 2))
    np.testing.assert_array_equal(functional.embedding(INDICES, weight).data, weight[INDICES])


def test_embedding_gradients_match_finite_differences(leaf):
    assert gradcheck(lambda w: functional.embedding(INDICES, w), [leaf(5, 3)])


def test_embedding_gradient_adds_up_repeated_rows(leaf):
    weight = leaf(5, 2)
    functional.embedding(INDICES, weight).sum().backward()
    np.testing.assert_array_equal(weight.grad[:, 0], [1.0, 2.0, 0.0, 2.0, 1.0])


def test_embedding_padding_row_gets_no_gradient_but_keeps_its_value(leaf):
    weight = leaf(5, 2)
    out = functional.embedding(INDICES, weight, padding_idx=3)
    np.testing.assert_array_equal(out.data[0, 1], weight.data[3])
    out.sum().backward()
    np.testing.assert_array_equal(weight.grad[3], [0.0, 0.0])
    np.testing.assert_array_equal(weight.grad[1], [2.0, 2.0])


def test_embedding_scale_grad_by_freq_divides_by_the_count(leaf):
    weight = leaf(5, 2)
    functional.embedding(INDICES, weight, scale_grad_by_freq=True).sum().backward()
    np.testing.assert_array_equal(weight.grad[:, 0], [1.0, 1.0, 0.0, 1.0, 1.0])


def test_embedding_forward_rule_is_the_transpose_of_its_backward(rng):
    weight, tangent = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    upstream = rng.standard_normal((*INDICES.shape, 3))
    with dual_level():
        out = functional.embedding(INDICES, make_dual(Tensor(weight), Tensor(tangent)))
        forward = unpack_dual(out).tangent.data
    leaf = Tensor(weight, requires_grad=True)
    (functional.embedding(INDICES, leaf) * upstream).sum().backward()
    np.testing.assert_allclose((forward * upstream).sum(), (leaf.grad * tangent).sum())


def test_embedding_forward_rule_ignores_padding_and_frequency_scaling(rng):
    weight, tangent = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    with dual_level():
        dual = make_dual(Tensor(weight), Tensor(tangent))
        out = functional.embedding(INDICES, dual, padding_idx=1, scale_grad_by_freq=True)
        np.testing.assert_array_equal(unpack_dual(out).tangent.data, tangent[INDICES])


def test_embedding_second_derivatives_match_finite_differences(leaf):
    def gradient(weight):
        out = functional.embedding(INDICES, weight, padding_idx=0)
        (grad,) = autograd.grad((out**3).sum(), [weight], create_graph=True)
        return grad

    assert gradcheck(gradient, [leaf(5, 2)])


def test_embedding_op_declares_its_rule_and_name():
    assert EmbeddingLookup.name == "embedding"
    assert EmbeddingLookup.rule.startswith("∂weight = ")


@settings(max_examples=examples(25))
@given(seed=seeds(), index_shape=st.lists(st.integers(0, 3), max_size=3), rows=st.integers(1, 4))
def test_embedding_output_shape_is_index_shape_plus_dim(seed, index_shape, rows):
    indices = np.random.default_rng(seed).integers(0, rows, index_shape)
    weight = Tensor(random_array(seed, (rows, 2)), requires_grad=True)
    out = functional.embedding(indices, weight)
    assert out.shape == (*index_shape, 2)
    (out * 2.0).sum().backward()
    np.testing.assert_array_equal(
        weight.grad[:, 0], 2.0 * np.bincount(indices.ravel(), minlength=rows)
    )


def test_max_norm_renormalises_the_looked_up_rows_in_place():
    weight = Tensor(np.array([[3.0, 4.0], [0.3, 0.4], [6.0, 8.0]]), requires_grad=True)
    functional.embedding(np.array([0, 1]), weight, max_norm=1.0)
    np.testing.assert_allclose(np.linalg.norm(weight.data, axis=1), [1.0, 0.5, 10.0], rtol=1e-6)


def test_embedding_module_initialises_from_the_standard_normal_with_a_zero_padding_row():
    table = nn.Embedding(2000, 8, padding_idx=5)
    assert abs(table.weight.data.std() - 1.0) < 0.05
    np.testing.assert_array_equal(table.weight.data[5], 0.0)


def test_embedding_negative_padding_idx_counts_from_the_end():
    assert nn.Embedding(4, 2, padding_idx=-1).padding_idx == 3


def test_from_pretrained_copies_and_freezes_by_default():
    table = np.arange(6.0).reshape(3, 2)
    frozen = nn.Embedding.from_pretrained(table)
    table[0, 0] = 100.0
    assert frozen.weight.data[0, 0] == 0.0 and not frozen.weight.requires_grad
    assert nn.Embedding.from_pretrained(table, freeze=False).weight.requires_grad


def test_embedding_refuses_an_index_out_of_range():
    with pytest.raises(IndexError, match="index 5 is out of range for a table of 5"):
        functional.embedding(np.array([0, 5]), np.zeros((5, 2)))


def test_embedding_refuses_float_indices():
    with pytest.raises(TypeError, match="expected integer indices"):
        functional.embedding(np.array([0.0]), np.zeros((5, 2)))


def test_embedding_refuses_a_weight_that_is_not_a_matrix():
    with pytest.raises(ValueError, match="expected a 2-D weight"):
        functional.embedding(np.array([0]), np.zeros(5))


def test_embedding_refuses_a_padding_idx_out_of_range():
    with pytest.raises(ValueError, match="padding_idx must be within num_embeddings"):
        nn.Embedding(3, 2, padding_idx=-4)


def test_embedding_refuses_sparse_gradients():
    with pytest.raises(ValueError, match="sparse=True"):
        functional.embedding(np.array([0]), np.zeros((5, 2)), sparse=True)
