"""scaled_dot_product_attention and MultiheadAttention: values against a NumPy reference,
masks (boolean, float, causal, key padding), gradients (first and second order), the
parameters' names and shapes, and errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
from autograd import Tensor, gradcheck
from nn import functional
from tests.strategies import examples, random_array, seeds

PROPERTY = settings(max_examples=examples(25))


def softmax(x):
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def reference_attention(q, k, v, bias=0.0, scale=None):
    scale = 1 / math.sqrt(q.shape[-1]) if scale is None else scale
    return softmax(q @ np.swapaxes(k, -1, -2) * scale + bias) @ v


# ---------------------------------------------------------------------------- sdpa
def test_sdpa_matches_the_softmax_formula(rng):
    q, k, v = (
        rng.standard_normal((2, 3, 4)),
        rng.standard_normal((2, 5, 4)),
        rng.standard_normal((2, 5, 6)),
    )
    out = functional.scaled_dot_product_attention(q, k, v)
    np.testing.assert_allclose(out.data, reference_attention(q, k, v), rtol=1e-10)


def test_sdpa_boolean_mask_true_takes_part(rng):
    q, k, v = (rng.standard_normal((4, 3)) for _ in range(3))
    mask = np.array([[True, False, True, False]] * 4)
    out = functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    bias = np.where(mask, 0.0, -np.inf)
    np.testing.assert_allclose(out.data, reference_attention(q, k, v, bias), rtol=1e-10)


def test_sdpa_float_mask_is_added_to_the_scores(rng):
    q, k, v, bias = (rng.standard_normal((3, 3)) for _ in range(4))
    out = functional.scaled_dot_product_attention(q, k, v, attn_mask=bias)
    np.testing.assert_allclose(out.data, reference_attention(q, k, v, bias), rtol=1e-10)


def test_sdpa_causal_lets_query_i_see_keys_up_to_i(rng):
    q, k, v = (rng.standard_normal((1, 4, 2)) for _ in range(3))
    out = functional.scaled_dot_product_attention(q, k, v, is_causal=True)
    bias = np.where(np.tril(np.ones((4, 4), bool)), 0.0, -np.inf)
    np.testing.assert_allclose(out.data, reference_attention(q, k, v, bias), rtol=1e-10)


def test_sdpa_gives_zeros_for_a_fully_masked_query(rng):
    q, k, v = (rng.standard_normal((2, 3)) for _ in range(3))
    mask = np.array([[True, True], [False, False]])
    q_leaf = Tensor(q, requires_grad=True)
    out = functional.scaled_dot_product_attention(q_leaf, k, v, attn_mask=mask)
    np.testing.assert_array_equal(out.data[1], 0.0)
    out.sum().backward()
    np.testing.assert_array_equal(q_leaf.grad[1], 0.0)


def test_sdpa_custom_scale(rng):
    q, k, v = (rng.standard_normal((2, 3)) for _ in range(3))
    out = functional.scaled_dot_product_attention(q, k, v, scale=0.25)
    np.testing.assert_allclose(out.data, reference_attention(q, k, v, scale=0.25), rtol=1e-10)


def test_sdpa_gradients_match_finite_differences(leaf):
    q, k, v, bias = leaf(2, 3, 4), leaf(2, 5, 4), leaf(2, 5, 3), leaf(3, 5)
    assert gradcheck(
        lambda q, k, v, b: functional.scaled_dot_product_attention(q, k, v, attn_mask=b),
        [q, k, v, bias],
    )


def test_sdpa_causal_gradients_match_finite_differences(leaf):
    q, k, v = leaf(1, 4, 2), leaf(1, 4, 2), leaf(1, 4, 2)
    assert gradcheck(
        lambda q, k, v: functional.scaled_dot_product_attention(q, k, v, is_causal=True),
        [q, k, v],
    )


def test_sdpa_second_derivatives_match_finite_differences(leaf):
    k, v = leaf(3, 2), leaf(3, 2)
    weights = np.random.default_rng(5).standard_normal((2, 2))

    def gradient(q):
        out = functional.scaled_dot_product_attention(q, k, v)
        (gq,) = autograd.grad((out * weights).sum(), [q], create_graph=True)
        return gq

    assert gradcheck(gradient, [leaf(2, 2)])


def test_sdpa_grouped_query_attention_shares_key_heads(rng):
    q = rng.standard_normal((1, 4, 3, 2))
    k, v = rng.standard_normal((1, 2, 3, 2)), rng.standard_normal((1, 2, 3, 2))
    out = functional.scaled_dot_product_attention(q, k, v, enable_gqa=True)
    repeated_k, repeated_v = np.repeat(k, 2, axis=1), np.repeat(v, 2, axis=1)
    np.testing.assert_allclose(out.data, reference_attention(q, repeated_k, repeated_v), rtol=1e-10)


@PROPERTY
@given(
    seed=seeds(),
    batch=st.lists(st.integers(1, 3), max_size=2),
    length=st.integers(1, 4),
    source=st.integers(1, 4),
    width=st.integers(1, 3),
)
def test_sdpa_matches_the_reference_for_any_batch_shape(seed, batch, length, source, width):
    q = random_array(seed, (*batch, length, width))
    k = random_array(seed + 1, (*batch, source, width))
    v = random_array(seed + 2, (*batch, source, width))
    out = functional.scaled_dot_product_attention(q, k, v)
    np.testing.assert_allclose(out.data, reference_attention(q, k, v), rtol=1e-9, atol=1e-12)


def test_sdpa_refuses_a_mask_together_with_is_causal():
    x = np.zeros((2, 2))
    with pytest.raises(ValueError, match="either attn_mask or is_causal"):
        functional.scaled_dot_product_attention(x, x, x, attn_mask=np.ones((2, 2)), is_causal=True)


def test_sdpa_refuses_mismatched_embedding_sizes():
    with pytest.raises(ValueError, match="must share E"):
        functional.scaled_dot_product_attention(
            np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((2, 4))
        )


def test_sdpa_refuses_a_mask_that_does_not_broadcast():
    x = np.zeros((2, 3))
    with pytest.raises(ValueError, match="does not broadcast"):
        functional.scaled_dot_product_attention(x, x, x, attn_mask=np.ones((3, 3), bool))


# ---------------------------------------------------------------------------- MultiheadAttention
def test_multihead_attention_has_pytorch_parameter_names_and_shapes():
    attention = nn.MultiheadAttention(6, 2)
    assert [(name, p.shape) for name, p in attention.named_parameters()] == [
        ("in_proj_weight", (18, 6)),
        ("in_proj_bias", (18,)),
        ("out_proj.weight", (6, 6)),
        ("out_proj.bias", (6,)),
    ]


def test_multihead_attention_with_other_key_sizes_has_separate_projections():
    attention = nn.MultiheadAttention(4, 1, kdim=3, vdim=2)
    assert [(name, p.shape) for name, p in attention.named_parameters()] == [
        ("q_proj_weight", (4, 4)),
        ("k_proj_weight", (4, 3)),
        ("v_proj_weight", (4, 2)),
        ("in_proj_bias", (12,)),
        ("out_proj.weight", (4, 4)),
        ("out_proj.bias", (4,)),
    ]


def test_multihead_attention_initialises_biases_to_zero():
    attention = nn.MultiheadAttention(4, 2)
    np.testing.assert_array_equal(attention.in_proj_bias.data, 0.0)
    np.testing.assert_array_equal(attention.out_proj.bias.data, 0.0)


def reference_multihead(attention, query, key, value, bias=0.0):
    """(L, N, E) attention with NumPy, from the module's parameters."""
    embed, heads = attention.embed_dim, attention.num_heads
    weight, in_bias = attention.in_proj_weight.data, attention.in_proj_bias.data
    q = query @ weight[:embed].T + in_bias[:embed]
    k = key @ weight[embed : 2 * embed].T + in_bias[embed : 2 * embed]
    v = value @ weight[2 * embed :].T + in_bias[2 * embed :]

    def split(x):  # (L, N, E) -> (N, heads, L, head_dim)
        return x.reshape(x.shape[0], x.shape[1], heads, embed // heads).transpose(1, 2, 0, 3)

    out = reference_attention(split(q), split(k), split(v), bias)  # (N, heads, L, hd)
    out = out.transpose(2, 0, 1, 3).reshape(query.shape[0], query.shape[1], embed)
    return out @ attention.out_proj.weight.data.T + attention.out_proj.bias.data


def test_multihead_attention_matches_a_numpy_reference(rng, float64):
    attention = float64(nn.MultiheadAttention(4, 2))
    attention.in_proj_bias.data[:] = rng.standard_normal(12)
    query, key = rng.standard_normal((3, 2, 4)), rng.standard_normal((5, 2, 4))
    out, weights = attention(query, key, key)
    np.testing.assert_allclose(
        out.data, reference_multihead(attention, query, key, key), rtol=1e-10
    )
    assert weights.shape == (2, 3, 5)
    np.testing.assert_allclose(weights.data.sum(-1), 1.0)


def test_multihead_attention_batch_first_transposes_inputs_and_output(rng, float64):
    attention = float64(nn.MultiheadAttention(4, 2))
    first = float64(nn.MultiheadAttention(4, 2, batch_first=True))
    first.load_state_dict(attention.state_dict())
    x = rng.standard_normal((3, 2, 4))
    out, _ = attention(x, x, x)
    out_first, _ = first(x.transpose(1, 0, 2), x.transpose(1, 0, 2), x.transpose(1, 0, 2))
    np.testing.assert_allclose(out_first.data, out.data.transpose(1, 0, 2), rtol=1e-12)


def test_multihead_attention_key_padding_mask_hides_keys(rng, float64):
    attention = float64(nn.MultiheadAttention(4, 1))
    x = rng.standard_normal((3, 1, 4))
    padding = np.array([[False, False, True]])
    _, weights = attention(x, x, x, key_padding_mask=padding)
    np.testing.assert_array_equal(weights.data[0, :, 2], 0.0)


def test_multihead_attention_attn_mask_true_is_not_allowed(rng, float64):
    attention = float64(nn.MultiheadAttention(4, 2))
    x = rng.standard_normal((3, 2, 4))
    causal = np.triu(np.ones((3, 3), bool), k=1)
    out, weights = attention(x, x, x, attn_mask=causal, is_causal=True)
    np.testing.assert_array_equal(np.triu(weights.data, k=1), 0.0)
    bias = np.where(causal, -np.inf, 0.0)
    np.testing.assert_allclose(out.data, reference_multihead(attention, x, x, x, bias), rtol=1e-10)


def test_multihead_attention_weights_per_head_without_averaging(rng):
    attention = nn.MultiheadAttention(4, 2)
    x = rng.standard_normal((3, 2, 4)).astype(np.float32)
    _, weights = attention(x, x, x, average_attn_weights=False)
    assert weights.shape == (2, 2, 3, 3)


def test_multihead_attention_without_weights_returns_none(rng):
    attention = nn.MultiheadAttention(4, 2)
    x = rng.standard_normal((3, 2, 4)).astype(np.float32)
    _, weights = attention(x, x, x, need_weights=False)
    assert weights is None


def test_multihead_attention_accepts_unbatched_inputs(rng):
    attention = nn.MultiheadAttention(4, 2)
    x = rng.standard_normal((3, 4)).astype(np.float32)
    out, weights = attention(x, x, x)
    assert out.shape == (3, 4) and weights.shape == (3, 3)


def test_multihead_attention_gradients_match_finite_differences(rng, float64, leaf):
    attention = float64(nn.MultiheadAttention(4, 2, add_bias_kv=True, add_zero_attn=True))
    parameters = list(attention.parameters())
    x = leaf(3, 2, 4)
    padding = np.array([[False, False, True], [False, False, False]])

    def run(x, *_):
        return attention(x, x, x, key_padding_mask=padding)[0]

    assert gradcheck(run, [x, *parameters])


def test_multihead_attention_dropout_is_off_in_eval(rng):
    attention = nn.MultiheadAttention(4, 2, dropout=0.5).eval()
    x = rng.standard_normal((3, 2, 4)).astype(np.float32)
    first, _ = attention(x, x, x)
    second, _ = attention(x, x, x)
    np.testing.assert_array_equal(first.data, second.data)


def test_multihead_attention_refuses_embed_dim_not_divisible_by_heads():
    with pytest.raises(ValueError, match="divisible by num_heads"):
        nn.MultiheadAttention(5, 2)


def test_multihead_attention_needs_a_mask_for_is_causal():
    x = np.zeros((2, 1, 4), np.float32)
    with pytest.raises(ValueError, match="is_causal=True is a hint"):
        nn.MultiheadAttention(4, 2)(x, x, x, is_causal=True)


def test_multihead_attention_refuses_a_mask_of_the_wrong_shape():
    x = np.zeros((2, 1, 4), np.float32)
    with pytest.raises(ValueError, match=r"attn_mask must have shape \(L, S\)"):
        nn.MultiheadAttention(4, 2)(x, x, x, attn_mask=np.zeros((3, 3), bool))


def test_multihead_attention_refuses_a_wrong_embedding_size():
    x = np.zeros((2, 1, 3), np.float32)
    with pytest.raises(ValueError, match="embed_dim=4"):
        nn.MultiheadAttention(4, 2)(x, x, x)


# ---------------------------------------------------------------------------- transformer encoder
def test_transformer_encoder_layer_has_pytorch_sub_module_names():
    layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16)
    assert list(layer.state_dict()) == [
        "self_attn.in_proj_weight",
        "self_attn.in_proj_bias",
        "self_attn.out_proj.weight",
        "self_attn.out_proj.bias",
        "linear1.weight",
        "linear1.bias",
        "linear2.weight",
        "linear2.bias",
        "norm1.weight",
        "norm1.bias",
        "norm2.weight",
        "norm2.bias",
    ]


def test_transformer_encoder_layer_post_norm_output_is_normalised(rng):
    layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0)
    out = layer(rng.standard_normal((4, 2, 8)).astype(np.float32))
    np.testing.assert_allclose(out.data.mean(-1), 0.0, atol=1e-5)


def test_transformer_encoder_layer_gradients_match_finite_differences(leaf, float64):
    layer = float64(
        nn.TransformerEncoderLayer(4, 2, dim_feedforward=6, dropout=0.0, norm_first=True)
    )
    x = leaf(3, 2, 4)
    causal = np.triu(np.ones((3, 3), bool), k=1)
    assert gradcheck(lambda x, *_: layer(x, src_mask=causal), [x, *layer.parameters()])


def test_transformer_encoder_copies_the_layer_independently():
    layer = nn.TransformerEncoderLayer(4, 2, dim_feedforward=6)
    encoder = nn.TransformerEncoder(layer, num_layers=2, norm=nn.LayerNorm(4))
    first, second = encoder.layers[0].linear1.weight, encoder.layers[1].linear1.weight
    assert first is not second and first is not layer.linear1.weight
    np.testing.assert_array_equal(first.data, second.data)
    assert list(encoder.state_dict())[-2:] == ["norm.weight", "norm.bias"]


def test_transformer_encoder_layer_refuses_an_unknown_activation():
    with pytest.raises(ValueError, match="activation should be 'relu', 'gelu'"):
        nn.TransformerEncoderLayer(4, 2, activation="tanh")


def test_transformer_encoder_refuses_zero_layers():
    with pytest.raises(ValueError, match="num_layers must be positive"):
        nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2), num_layers=0)
