"""Normalisation, embedding and attention layers against PyTorch: the same weights and inputs
give the same outputs, input and parameter gradients (float64), running statistics and
state_dict keys; a state dict moves between the two frameworks in both directions."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import nn  # noqa: E402
from autograd import Tensor  # noqa: E402
from nn import functional  # noqa: E402

TF = torch.nn.functional
RTOL, ATOL = 1e-10, 1e-12


def close(ours, theirs, rtol=RTOL, atol=ATOL):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else theirs
    ours = ours.data if isinstance(ours, Tensor) else ours
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol)


def copy_weights(ours, theirs):
    """torch -> graphgrad through the state dict, after checking the keys and shapes agree."""
    assert_same_keys_and_shapes(ours, theirs)
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})


def assert_same_keys_and_shapes(ours, theirs):
    our_state, their_state = ours.state_dict(), theirs.state_dict()
    assert list(our_state) == list(their_state)
    for name, value in their_state.items():
        assert our_state[name].shape == tuple(value.shape), name


def compare_module(ours, theirs, *inputs, grad_seed=0):
    """Same forward values; the same gradients for the inputs and for every parameter."""
    torch_inputs = [torch.tensor(x, requires_grad=x.dtype.kind == "f") for x in inputs]
    our_inputs = [Tensor(x, requires_grad=x.dtype.kind == "f") for x in inputs]
    expected, actual = theirs(*torch_inputs), ours(*our_inputs)
    expected = expected[0] if isinstance(expected, tuple) else expected
    actual = actual[0] if isinstance(actual, tuple) else actual
    close(actual, expected)
    upstream = np.random.default_rng(grad_seed).standard_normal(tuple(expected.shape))
    (expected * torch.tensor(upstream)).sum().backward()
    (actual * upstream).sum().backward()
    for ours_x, theirs_x in zip(our_inputs, torch_inputs, strict=True):
        if theirs_x.requires_grad:
            close(ours_x.grad, theirs_x.grad)
    for (name, parameter), (their_name, their_parameter) in zip(
        ours.named_parameters(), theirs.named_parameters(), strict=True
    ):
        assert name == their_name
        close(parameter.grad, their_parameter.grad)


@pytest.fixture(autouse=True)
def float64_defaults(restore_default_dtype):
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    autograd.set_default_dtype(np.float64)
    torch.manual_seed(0)
    yield
    torch.set_default_dtype(previous)


# ---------------------------------------------------------------------------- normalisation
@pytest.mark.parametrize(
    ("shape", "normalized_shape", "options"),
    [
        ((4, 5), 5, {}),
        ((2, 3, 4, 5), (4, 5), {}),
        ((3, 6), (6,), {"bias": False}),
        ((3, 6), (6,), {"elementwise_affine": False, "eps": 1e-3}),
    ],
)
def test_layer_norm_matches_torch(rng, shape, normalized_shape, options):
    theirs = torch.nn.LayerNorm(normalized_shape, **options)
    ours = nn.LayerNorm(normalized_shape, **options)
    with torch.no_grad():
        for parameter in theirs.parameters():
            parameter.normal_()
    copy_weights(ours, theirs)
    compare_module(ours, theirs, rng.standard_normal(shape))
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize(("groups", "channels"), [(1, 4), (2, 4), (4, 4), (3, 6)])
def test_group_norm_matches_torch(rng, groups, channels):
    theirs, ours = torch.nn.GroupNorm(groups, channels), nn.GroupNorm(groups, channels)
    with torch.no_grad():
        for parameter in theirs.parameters():
            parameter.normal_()
    copy_weights(ours, theirs)
    compare_module(ours, theirs, rng.standard_normal((3, channels, 2, 3)))
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize(
    ("layer", "shape", "options"),
    [
        ("BatchNorm1d", (6, 3), {}),
        ("BatchNorm1d", (4, 3, 5), {"momentum": None}),
        ("BatchNorm2d", (3, 3, 4, 4), {"momentum": 0.3}),
        ("BatchNorm2d", (3, 3, 2, 2), {"affine": False}),
        ("BatchNorm2d", (3, 3, 2, 2), {"bias": False}),
        ("BatchNorm3d", (2, 3, 2, 2, 2), {}),
        ("BatchNorm1d", (5, 3), {"track_running_stats": False}),
    ],
)
def test_batch_norm_matches_torch_in_training_and_eval(rng, layer, shape, options):
    theirs, ours = getattr(torch.nn, layer)(3, **options), getattr(nn, layer)(3, **options)
    with torch.no_grad():
        for parameter in theirs.parameters():
            parameter.normal_()
    copy_weights(ours, theirs)
    for step in range(3):
        compare_module(ours, theirs, rng.standard_normal(shape) * 2 + 1, grad_seed=step)
        for name, value in theirs.state_dict().items():
            close(ours.state_dict()[name], value)
    theirs.eval(), ours.eval()
    x = rng.standard_normal(shape)
    close(ours(x), theirs(torch.tensor(x)))
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize(
    "options", [{}, {"affine": True}, {"track_running_stats": True, "affine": True}]
)
def test_instance_norm_matches_torch(rng, options):
    theirs, ours = torch.nn.InstanceNorm2d(3, **options), nn.InstanceNorm2d(3, **options)
    with torch.no_grad():
        for parameter in theirs.parameters():
            parameter.normal_()
    copy_weights(ours, theirs)
    compare_module(ours, theirs, rng.standard_normal((2, 3, 3, 4)))
    for name, value in theirs.state_dict().items():
        close(ours.state_dict()[name], value)
    theirs.eval(), ours.eval()
    x = rng.standard_normal((2, 3, 3, 4))
    close(ours(x), theirs(torch.tensor(x)))
    close(nn.InstanceNorm1d(3)(x[0]), torch.nn.InstanceNorm1d(3)(torch.tensor(x[0])))


def test_layer_norm_hessian_vector_product_matches_torch(rng):
    x, v, w = rng.standard_normal((3, 4)), rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    theirs_x = torch.tensor(x, requires_grad=True)
    (gradient,) = torch.autograd.grad(
        (TF.layer_norm(theirs_x, (4,)) * torch.tensor(w)).sum(), theirs_x, create_graph=True
    )
    (expected,) = torch.autograd.grad((gradient * torch.tensor(v)).sum(), theirs_x)
    ours_x = Tensor(x, requires_grad=True)
    (gradient,) = autograd.grad(
        (functional.layer_norm(ours_x, (4,)) * w).sum(), [ours_x], create_graph=True
    )
    (actual,) = autograd.grad((gradient * v).sum(), [ours_x])
    close(actual, expected, rtol=1e-9)


# ---------------------------------------------------------------------------- embedding
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"padding_idx": 2},
        {"padding_idx": -1},
        {"scale_grad_by_freq": True},
        {"padding_idx": 0, "scale_grad_by_freq": True},
        {"max_norm": 1.0},
        {"max_norm": 1.5, "norm_type": 1.0},
    ],
)
def test_embedding_matches_torch(rng, options):
    theirs, ours = torch.nn.Embedding(7, 3, **options), nn.Embedding(7, 3, **options)
    copy_weights(ours, theirs)
    indices = np.array([[1, 2, 2, 6], [0, 2, 5, 1]])
    compare_module(ours, theirs, indices)
    close(ours.weight, theirs.weight)  # max_norm renormalises rows in place
    assert repr(ours) == repr(theirs)


def test_embedding_padding_row_starts_at_zero_as_torch():
    assert np.all(nn.Embedding(4, 3, padding_idx=1).weight.data[1] == 0)
    assert torch.all(torch.nn.Embedding(4, 3, padding_idx=1).weight[1] == 0)


def test_embedding_from_pretrained_matches_torch():
    table = np.arange(12.0).reshape(4, 3)
    theirs = torch.nn.Embedding.from_pretrained(torch.tensor(table), padding_idx=1)
    ours = nn.Embedding.from_pretrained(table, padding_idx=1)
    close(ours(np.array([1, 3])), theirs(torch.tensor([1, 3])))
    assert ours.weight.requires_grad == theirs.weight.requires_grad


# ---------------------------------------------------------------------------- attention
MASKS = {
    "none": lambda rng: {},
    "causal": lambda rng: {"is_causal": True},
    "boolean": lambda rng: {"attn_mask": rng.random((4, 6)) > 0.4},
    "boolean with an empty row": lambda rng: {
        "attn_mask": np.vstack([rng.random((3, 6)) > 0.4, np.zeros((1, 6), bool)])
    },
    "float": lambda rng: {"attn_mask": rng.standard_normal((4, 6))},
    "scale": lambda rng: {"scale": 0.3},
}


@pytest.mark.parametrize("mask", list(MASKS))
def test_scaled_dot_product_attention_matches_torch(rng, mask):
    options = MASKS[mask](rng)
    q, k, v = (
        rng.standard_normal((2, 3, 4, 5)),
        rng.standard_normal((2, 3, 6, 5)),
        rng.standard_normal((2, 3, 6, 7)),
    )
    if mask == "causal":
        k, v = k[:, :, :4], v[:, :, :4]
    torch_inputs = [torch.tensor(x, requires_grad=True) for x in (q, k, v)]
    our_inputs = [Tensor(x, requires_grad=True) for x in (q, k, v)]
    torch_options = {
        key: torch.tensor(value) if isinstance(value, np.ndarray) else value
        for key, value in options.items()
    }
    expected = TF.scaled_dot_product_attention(*torch_inputs, **torch_options)
    actual = functional.scaled_dot_product_attention(*our_inputs, **options)
    close(actual, expected)
    upstream = rng.standard_normal(tuple(expected.shape))
    (expected * torch.tensor(upstream)).sum().backward()
    (actual * upstream).sum().backward()
    for ours, theirs in zip(our_inputs, torch_inputs, strict=True):
        close(ours.grad, theirs.grad)


MHA_OPTIONS = {
    "default": ({}, {}),
    "batch_first": ({"batch_first": True}, {}),
    "kdim and vdim": ({"kdim": 3, "vdim": 2}, {}),
    "bias_kv and zero_attn": ({"add_bias_kv": True, "add_zero_attn": True}, {}),
    "no bias, no weights": ({"bias": False}, {"need_weights": False}),
    "weights per head": ({}, {"average_attn_weights": False}),
    "float masks": ({}, {"float_masks": True}),
}


@pytest.mark.parametrize("case", list(MHA_OPTIONS))
def test_multihead_attention_matches_torch(rng, case):
    options, call = MHA_OPTIONS[case]
    call = dict(call)
    float_masks = call.pop("float_masks", False)
    theirs, ours = (
        torch.nn.MultiheadAttention(8, 2, **options),
        nn.MultiheadAttention(8, 2, **options),
    )
    with torch.no_grad():
        for parameter in theirs.parameters():
            parameter.normal_(0.0, 0.5)
    copy_weights(ours, theirs)
    length, source, batch = 4, 5, 3
    kdim, vdim = options.get("kdim", 8), options.get("vdim", 8)

    def shaped(steps, width):
        return (batch, steps, width) if options.get("batch_first") else (steps, batch, width)

    query = rng.standard_normal(shaped(length, 8))
    key, value = (
        rng.standard_normal(shaped(source, kdim)),
        rng.standard_normal(shaped(source, vdim)),
    )
    padding = np.zeros((batch, source), bool)
    padding[0, -2:] = True
    causal = np.triu(np.ones((length, source), bool), k=1)
    if float_masks:
        padding, causal = np.where(padding, -np.inf, 0.0), rng.standard_normal((length, source))
    torch_tensors = [torch.tensor(x, requires_grad=True) for x in (query, key, value)]
    our_tensors = [Tensor(x, requires_grad=True) for x in (query, key, value)]
    expected, expected_weights = theirs(
        *torch_tensors,
        key_padding_mask=torch.tensor(padding),
        attn_mask=torch.tensor(causal),
        **call,
    )
    actual, actual_weights = ours(*our_tensors, key_padding_mask=padding, attn_mask=causal, **call)
    close(actual, expected)
    if expected_weights is None:
        assert actual_weights is None
    else:
        close(actual_weights, expected_weights)
    upstream = rng.standard_normal(tuple(expected.shape))
    (expected * torch.tensor(upstream)).sum().backward()
    (actual * upstream).sum().backward()
    for ours_x, theirs_x in zip(our_tensors, torch_tensors, strict=True):
        close(ours_x.grad, theirs_x.grad)
    for (name, parameter), (their_name, their_parameter) in zip(
        ours.named_parameters(), theirs.named_parameters(), strict=True
    ):
        assert name == their_name
        close(parameter.grad, their_parameter.grad, rtol=1e-9, atol=1e-11)


def test_multihead_attention_unbatched_matches_torch(rng):
    theirs, ours = torch.nn.MultiheadAttention(4, 2), nn.MultiheadAttention(4, 2)
    copy_weights(ours, theirs)
    x = rng.standard_normal((3, 4))
    padding = np.array([False, False, True])
    expected, expected_weights = theirs(
        *(torch.tensor(x),) * 3, key_padding_mask=torch.tensor(padding)
    )
    actual, actual_weights = ours(x, x, x, key_padding_mask=padding)
    close(actual, expected)
    close(actual_weights, expected_weights)


def test_multihead_attention_initialisation_has_torch_statistics():
    theirs, ours = torch.nn.MultiheadAttention(64, 4), nn.MultiheadAttention(64, 4)
    bound = np.sqrt(6.0 / (64 + 3 * 64))  # Xavier-uniform over the stacked (3E, E) weight
    assert np.abs(ours.in_proj_weight.data).max() <= bound
    assert theirs.in_proj_weight.abs().max().item() <= bound
    assert np.all(ours.in_proj_bias.data == 0) and torch.all(theirs.in_proj_bias == 0)


# ---------------------------------------------------------------------------- containers, state
def test_unflatten_matches_torch(rng):
    x = rng.standard_normal((2, 12, 3))
    for sizes in [(3, 4), (2, -1), (12,)]:
        close(nn.Unflatten(1, sizes)(x), torch.nn.Unflatten(1, sizes)(torch.tensor(x)))
    assert repr(nn.Unflatten(1, (3, 4))) == repr(torch.nn.Unflatten(1, (3, 4)))


def build_all(library):
    """One model with every layer of this slice, buffers and containers included."""
    framework = torch if library is torch.nn else autograd
    long = torch.int64 if library is torch.nn else np.int64

    class Model(library.Module):
        def __init__(self):
            super().__init__()
            self.embed = library.Embedding(10, 8, padding_idx=0)
            self.norm = library.LayerNorm(8)
            self.attention = library.MultiheadAttention(8, 2, kdim=4, vdim=4)
            self.batch_norm = library.BatchNorm1d(8)
            self.groups = library.GroupNorm(2, 8)
            self.heads = library.ModuleDict({"a": library.Linear(8, 2)})
            self.blocks = library.ModuleList([library.BatchNorm2d(3), library.InstanceNorm1d(3)])
            self.extra = library.ParameterList([library.Parameter(framework.zeros(2, 2))])
            self.register_buffer("step", framework.zeros((), dtype=long))

    return Model()


def test_state_dict_keys_and_shapes_match_torch_for_every_layer():
    assert_same_keys_and_shapes(build_all(nn), build_all(torch.nn))


def test_torch_loads_our_state_dict_and_we_load_torch_state_dict(rng):
    ours, theirs = build_all(nn), build_all(torch.nn)
    for parameter in ours.parameters():
        parameter.data[...] = rng.standard_normal(parameter.shape)
    ours.batch_norm.running_var.data[...] = 2.0
    ours.batch_norm.num_batches_tracked.data[...] = 7
    result = theirs.load_state_dict({k: torch.from_numpy(v) for k, v in ours.state_dict().items()})
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert theirs.batch_norm.num_batches_tracked.item() == 7
    back = build_all(nn)
    back.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    for name, value in ours.state_dict().items():
        np.testing.assert_array_equal(back.state_dict()[name], value)


def test_strict_false_reports_the_same_keys_as_torch():
    partial = {"weight": np.zeros((2, 3)), "surplus": np.zeros(1)}
    ours = nn.Linear(3, 2).load_state_dict(partial, strict=False)
    theirs = torch.nn.Linear(3, 2).load_state_dict(
        {k: torch.tensor(v) for k, v in partial.items()}, strict=False
    )
    assert ours.missing_keys == theirs.missing_keys
    assert ours.unexpected_keys == theirs.unexpected_keys


@pytest.mark.parametrize(
    "options",
    [{}, {"norm_first": True, "activation": "gelu", "batch_first": True}, {"bias": False}],
    ids=["post-norm", "pre-norm gelu batch-first", "no bias"],
)
def test_transformer_encoder_matches_torch(rng, options):
    their_layer = torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, **options)
    theirs = torch.nn.TransformerEncoder(
        their_layer, 2, norm=torch.nn.LayerNorm(8), enable_nested_tensor=False
    )
    our_layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, **options)
    ours = nn.TransformerEncoder(our_layer, 2, norm=nn.LayerNorm(8))
    with torch.no_grad():
        for parameter in theirs.parameters():
            parameter.add_(0.1 * torch.randn_like(parameter))
    copy_weights(ours, theirs)
    shape = (3, 5, 8) if options.get("batch_first") else (5, 3, 8)
    x = rng.standard_normal(shape)
    causal = np.triu(np.ones((5, 5), bool), k=1)
    padding = np.zeros((3, 5), bool)
    padding[0, -1] = True
    their_x, our_x = torch.tensor(x, requires_grad=True), Tensor(x, requires_grad=True)
    expected = theirs(
        their_x,
        mask=torch.tensor(causal),
        src_key_padding_mask=torch.tensor(padding),
        is_causal=True,
    )
    actual = ours(our_x, mask=causal, src_key_padding_mask=padding, is_causal=True)
    close(actual, expected)
    upstream = rng.standard_normal(shape)
    (expected * torch.tensor(upstream)).sum().backward()
    (actual * upstream).sum().backward()
    close(our_x.grad, their_x.grad)
    for (name, parameter), (their_name, their_parameter) in zip(
        ours.named_parameters(), theirs.named_parameters(), strict=True
    ):
        assert name == their_name
        close(parameter.grad, their_parameter.grad, rtol=1e-9, atol=1e-11)
