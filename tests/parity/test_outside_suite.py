"""What an outside operator suite (tinygrad's test_ops, run with ``torch`` meaning graphgrad)
found wrong in activations, losses, pointwise, bitwise and creation functions: each behaviour
here is compared with PyTorch itself, values and gradients in float64."""

import math

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


def pair(values):
    """The same float64 leaf in both frameworks."""
    values = np.asarray(values, dtype=np.float64)
    return Tensor(values.copy(), requires_grad=True), torch.tensor(values, requires_grad=True)


def weights_for(shape, seed=1):
    """A fixed upstream weighting, so that the gradient of sum(w * out) tests every element."""
    return np.random.default_rng(seed).standard_normal(shape)


def assert_same_value_and_grad(ours_fn, theirs_fn, values, grad_rtol=RTOL):
    ours_in, theirs_in = pair(values)
    ours_out, theirs_out = ours_fn(ours_in), theirs_fn(theirs_in)
    close(ours_out, theirs_out)
    upstream = weights_for(theirs_out.shape)
    (ours_out * upstream).sum().backward()
    (theirs_out * torch.tensor(upstream)).sum().backward()
    close(ours_in.grad, theirs_in.grad, rtol=grad_rtol)


X = np.random.default_rng(0).uniform(-2, 2, (4, 5, 3))


# --- softmax family: dim=, positional dim, dtype=, the modules ----------------------------
@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_softmax_family_takes_dim_by_position_and_keyword(name, dim):
    ours, theirs = getattr(functional, name), getattr(TF, name)
    assert_same_value_and_grad(lambda x: ours(x, dim), lambda x: theirs(x, dim), X)
    assert_same_value_and_grad(lambda x: ours(x, dim=dim), lambda x: theirs(x, dim=dim), X)


def test_softmax_dtype_casts_the_input_first():
    x = Tensor(X.astype(np.float32))
    out = functional.softmax(x, dim=1, dtype=np.float64)
    assert out.dtype == np.float64
    close(out, TF.softmax(torch.tensor(X.astype(np.float32)), dim=1, dtype=torch.float64))


def test_softmax_axis_keyword_still_works():
    close(functional.softmax(Tensor(X), axis=0), TF.softmax(torch.tensor(X), dim=0))


@pytest.mark.parametrize("module", ["Softmax", "LogSoftmax", "Softmin"])
@pytest.mark.parametrize("dim", [0, 2, -1])
def test_softmax_modules_take_pytorchs_dim(module, dim):
    ours, theirs = getattr(nn, module)(dim=dim), getattr(torch.nn, module)(dim=dim)
    assert_same_value_and_grad(ours, theirs, X)
    assert repr(ours) == repr(theirs)


def test_softmax_module_positional_dim_and_axis_alias_agree():
    assert nn.Softmax(1).axis == nn.Softmax(axis=1).axis == nn.Softmax(dim=1).dim == 1
    assert nn.Softmax().axis == -1  # graphgrad's documented default: the last axis
    with pytest.raises(ValueError, match="both dim=0 and axis=1"):
        nn.Softmax(dim=0, axis=1)


# --- inplace=True, as PyTorch's activations take it ----------------------------------------
INPLACE = [
    ("relu", {}, "ReLU"),
    ("relu6", {}, "ReLU6"),
    ("elu", {"alpha": 0.7}, "ELU"),
    ("selu", {}, "SELU"),
    ("celu", {"alpha": 1.3}, "CELU"),
    ("leaky_relu", {"negative_slope": 0.2}, "LeakyReLU"),
    ("hardtanh", {"min_val": -0.5, "max_val": 1.5}, "Hardtanh"),
    ("hardsigmoid", {}, "Hardsigmoid"),
    ("hardswish", {}, "Hardswish"),
    ("silu", {}, "SiLU"),
    ("mish", {}, "Mish"),
]
# PyTorch's float64 backward of hardsigmoid (and of celu_) uses float32 constants (1/6 is
# 0.16666667): its gradients are right to about 1e-7 only
GRAD_RTOL = {"hardsigmoid": 1e-6, "celu": 1e-6}


@pytest.mark.parametrize(("name", "kwargs", "module"), INPLACE)
def test_inplace_activation_overwrites_a_non_leaf_and_keeps_the_gradient(name, kwargs, module):
    ours_in, theirs_in = pair(X)
    ours_mid, theirs_mid = ours_in * 1.5, theirs_in * 1.5
    ours_out = getattr(functional, name)(ours_mid, inplace=True, **kwargs)
    getattr(TF, name)(theirs_mid, inplace=True, **kwargs)
    assert ours_out is ours_mid
    close(ours_mid, theirs_mid)
    upstream = weights_for(X.shape)
    (ours_mid * upstream).sum().backward()
    (theirs_mid * torch.tensor(upstream)).sum().backward()
    close(ours_in.grad, theirs_in.grad, rtol=GRAD_RTOL.get(name, RTOL))


@pytest.mark.parametrize(("name", "kwargs", "module"), INPLACE)
def test_inplace_activation_module_matches_pytorch(name, kwargs, module):
    ours = getattr(nn, module)(inplace=True, **kwargs)
    theirs = getattr(torch.nn, module)(inplace=True, **kwargs)
    assert repr(ours) == repr(theirs)
    assert_same_value_and_grad(
        lambda x: ours(x * 1.0), lambda x: theirs(x * 1.0), X, GRAD_RTOL.get(name, RTOL)
    )
    assert repr(getattr(nn, module)(**kwargs)) == repr(getattr(torch.nn, module)(**kwargs))


@pytest.mark.parametrize(("name", "kwargs", "module"), INPLACE)
def test_inplace_activation_of_a_leaf_that_requires_grad_is_refused(name, kwargs, module):
    with pytest.raises(RuntimeError, match="leaf Variable"):
        getattr(functional, name)(Tensor(X, requires_grad=True), inplace=True, **kwargs)


def test_inplace_activation_without_grad_just_overwrites():
    x = Tensor(np.array([-1.0, 2.0]))
    assert functional.relu(x, inplace=True) is x
    np.testing.assert_array_equal(x.data, [0.0, 2.0])


def test_inplace_dropout_scales_the_tensor_itself():
    x = Tensor(np.ones(8)) * 1.0
    out = functional.dropout(x, 0.5, inplace=True, generator=np.random.default_rng(0))
    assert out is x
    assert set(np.unique(x.data)) <= {0.0, 2.0}
    assert repr(nn.Dropout(0.1, inplace=True)) == "Dropout(p=0.1, inplace=True)"


def test_identity_accepts_and_ignores_arguments():
    x = Tensor([1.0])
    assert nn.Identity(54, unused="x")(x) is x


# --- cross_entropy / nll_loss: unbatched input, weight as PyTorch's third argument ---------
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_of_unbatched_probabilities(reduction):
    logits, target = np.linspace(-1, 2, 6), np.random.default_rng(2).uniform(0, 1, 6)
    assert_same_value_and_grad(
        lambda x: functional.cross_entropy(x, Tensor(target), reduction=reduction),
        lambda x: TF.cross_entropy(x, torch.tensor(target), reduction=reduction),
        logits,
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.3])
def test_cross_entropy_of_an_unbatched_class_index(reduction, label_smoothing):
    ours = functional.cross_entropy(
        Tensor(np.arange(5.0)), 3, reduction=reduction, label_smoothing=label_smoothing
    )
    theirs = TF.cross_entropy(
        torch.arange(5.0, dtype=torch.float64),
        torch.tensor(3),
        reduction=reduction,
        label_smoothing=label_smoothing,
    )
    assert ours.shape == tuple(theirs.shape) == ()
    close(ours, theirs)


def test_nll_loss_of_an_unbatched_input():
    log_probs = np.log(np.array([0.2, 0.5, 0.3]))
    assert_same_value_and_grad(
        lambda x: functional.nll_loss(x, np.array(1), reduction="none"),
        lambda x: TF.nll_loss(x, torch.tensor(1), reduction="none"),
        log_probs,
    )


def test_unbatched_target_of_the_wrong_shape_is_an_error():
    with pytest.raises(RuntimeError, match="unbatched scores of shape"):
        functional.cross_entropy(Tensor(np.zeros(3)), np.array([0, 1]))


def test_weight_as_third_positional_argument_as_pytorch():
    logits = np.random.default_rng(3).standard_normal((6, 4))
    target = np.array([0, 1, 2, 3, 1, 1])
    weight = np.array([0.5, 2.0, 1.0, 3.0])
    assert_same_value_and_grad(
        lambda x: functional.cross_entropy(x, target, Tensor(weight)),
        lambda x: TF.cross_entropy(x, torch.tensor(target), torch.tensor(weight)),
        logits,
    )
    assert_same_value_and_grad(
        lambda x: functional.nll_loss(x.log_softmax(1), target, Tensor(weight), reduction="sum"),
        lambda x: TF.nll_loss(
            x.log_softmax(1), torch.tensor(target), torch.tensor(weight), reduction="sum"
        ),
        logits,
    )
    assert_same_value_and_grad(
        lambda x: nn.CrossEntropyLoss(Tensor(weight))(x, target),
        lambda x: torch.nn.CrossEntropyLoss(torch.tensor(weight))(x, torch.tensor(target)),
        logits,
    )
    with pytest.raises(TypeError, match="give it once"):
        functional.cross_entropy(Tensor(logits), target, "sum", reduction="none")


def test_reduction_by_position_is_still_accepted():
    logits, target = Tensor(np.random.default_rng(7).standard_normal((3, 4))), [0, 2, 3]
    for name in ("cross_entropy", "nll_loss"):
        loss = getattr(functional, name)
        close(loss(logits, target, "sum"), loss(logits, target, reduction="sum").data)
    assert nn.CrossEntropyLoss("none")(logits, target).shape == (3,)


@pytest.mark.parametrize(
    ("size_average", "reduce", "reduction"),
    [(None, False, "none"), (False, None, "sum"), (True, True, "mean"), (False, False, "none")],
)
def test_legacy_size_average_and_reduce_map_as_in_pytorch(size_average, reduce, reduction):
    logits = np.random.default_rng(8).standard_normal((5, 3))
    target = np.array([0, 1, 2, 1, 0])
    with pytest.warns(DeprecationWarning, match="size_average and reduce are deprecated"):
        ours = functional.cross_entropy(
            Tensor(logits), target, size_average=size_average, reduce=reduce
        )
    close(ours, TF.cross_entropy(torch.tensor(logits), torch.tensor(target), reduction=reduction))


def test_bce_with_logits_weight_as_third_positional_argument():
    logits, target = X[:, :, 0], np.random.default_rng(4).uniform(0, 1, X.shape[:2])
    weight = np.random.default_rng(5).uniform(0.5, 2, X.shape[:2])
    assert_same_value_and_grad(
        lambda x: functional.binary_cross_entropy_with_logits(x, Tensor(target), Tensor(weight)),
        lambda x: TF.binary_cross_entropy_with_logits(
            x, torch.tensor(target), torch.tensor(weight)
        ),
        logits,
    )


@pytest.mark.parametrize(
    "target", [np.zeros((4, 1), np.float32), np.zeros((4, 1), np.int64), np.zeros(4, np.float32)]
)
def test_bad_class_targets_raise_pytorchs_runtime_error(target):
    with pytest.raises(RuntimeError):
        TF.cross_entropy(torch.zeros(4, 3), torch.tensor(target))
    with pytest.raises(RuntimeError):
        functional.cross_entropy(Tensor(np.zeros((4, 3), np.float32)), target)


# --- normalize with p <= 0 ------------------------------------------------------------------
@pytest.mark.parametrize("p", [0, -1, -2.5, -math.inf, math.inf, 1, 3])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_normalize_for_every_p(p, dim):
    assert_same_value_and_grad(
        lambda x: functional.normalize(x, p=p, dim=dim),
        lambda x: TF.normalize(x, p=p, dim=dim),
        X,
    )


def test_normalize_with_a_zero_entry_and_negative_p_divides_by_eps():
    values = np.array([[1.0, 0.0, 2.0], [1.0, -3.0, 2.0]])
    close(functional.normalize(Tensor(values), p=-1), TF.normalize(torch.tensor(values), p=-1))
    close(functional.normalize(Tensor(values), p=0), TF.normalize(torch.tensor(values), p=0))


# --- fmod of integers, shifts of floats, bool linspace, meshgrid -----------------------------
def test_fmod_of_integer_tensors_stays_integer():
    a = np.array([5, -5, 7, -7, 0], dtype=np.int32)
    b = np.array([3, 3, -2, -2, 4], dtype=np.int32)
    for ours, theirs in [
        (Tensor(a).fmod(Tensor(b)), torch.fmod(torch.tensor(a), torch.tensor(b))),
        (Tensor(a).fmod(2), torch.fmod(torch.tensor(a), 2)),
        (autograd.fmod(Tensor(a), 2.5), torch.fmod(torch.tensor(a), 2.5)),
    ]:
        assert ours.dtype == theirs.numpy().dtype
        np.testing.assert_array_equal(ours.data, theirs.numpy())


def test_fmod_of_integers_by_zero_is_an_error_as_in_pytorch():
    with pytest.raises(RuntimeError):
        torch.fmod(torch.tensor([3]), 0)
    with pytest.raises(RuntimeError, match="fmod: ZeroDivisionError"):
        Tensor(np.array([3])).fmod(0)


@pytest.mark.parametrize(
    "operation",
    [lambda t, f: t(f([1.0])) << 2, lambda t, f: t(f([4.0])) >> 1, lambda t, f: t(f([1.0])) & 1],
)
def test_bit_operations_on_floats_raise_not_implemented_as_pytorch(operation):
    with pytest.raises(NotImplementedError):
        operation(torch.tensor, lambda v: v)
    with pytest.raises(NotImplementedError, match="only integer"):
        operation(Tensor, lambda v: np.asarray(v, np.float32))
    with pytest.raises(TypeError):  # graphgrad's documented type still catches it
        operation(Tensor, lambda v: np.asarray(v, np.float32))


def test_linspace_of_bools_is_not_implemented_as_in_pytorch():
    with pytest.raises(NotImplementedError):
        torch.linspace(5, 10, 3, dtype=torch.bool)
    with pytest.raises(NotImplementedError, match="linspace: not implemented for dtype bool"):
        autograd.linspace(5, 10, 3, dtype=bool)


@pytest.mark.parametrize("indexing", ["ij", "xy"])
@pytest.mark.parametrize("sizes", [(3,), (3, 4), (3, 0, 4), (3, 1, 4, 2)])
def test_meshgrid_matches_pytorch(indexing, sizes):
    rng = np.random.default_rng(6)
    values = [rng.standard_normal(n) for n in sizes]
    if len(sizes) == 4:
        values[1] = np.float64(2.5)  # a 0-d tensor counts as length 1
    ours_in = [Tensor(np.asarray(v), requires_grad=True) for v in values]
    theirs_in = [torch.tensor(v, requires_grad=True) for v in values]
    ours = autograd.meshgrid(*ours_in, indexing=indexing)
    theirs = torch.meshgrid(*theirs_in, indexing=indexing)
    assert len(ours) == len(theirs)
    total_ours, total_theirs = 0, 0
    for k, (mine, reference) in enumerate(zip(ours, theirs, strict=True)):
        assert mine.shape == tuple(reference.shape)
        close(mine, reference)
        total_ours = total_ours + mine * (k + 1.0)
        total_theirs = total_theirs + reference * (k + 1.0)
    if total_ours.data.size:
        upstream = weights_for(total_theirs.shape)
        (total_ours * upstream).sum().backward()
        (total_theirs * torch.tensor(upstream)).sum().backward()
        for mine, reference in zip(ours_in, theirs_in, strict=True):
            close(mine.grad, reference.grad)


def test_meshgrid_takes_a_list_and_defaults_to_ij():
    a, b = Tensor(np.arange(2.0)), Tensor(np.arange(3.0))
    assert [g.shape for g in autograd.meshgrid([a, b])] == [(2, 3), (2, 3)]


def test_meshgrid_errors():
    with pytest.raises(RuntimeError):
        torch.meshgrid(torch.zeros(2), indexing="bad")
    with pytest.raises(RuntimeError, match="indexing must be 'ij' or 'xy'"):
        autograd.meshgrid(Tensor(np.zeros(2)), indexing="bad")
    with pytest.raises(ValueError, match="0-d or 1-d tensors, got shape"):
        autograd.meshgrid(Tensor(np.zeros((2, 2))))
    with pytest.raises(TypeError, match="expects Tensors"):
        autograd.meshgrid([1.0, 2.0])


# --- functions PyTorch's OpInfo database found missing: activations, distances, losses -----
R = np.random.default_rng(11)
A, B = R.standard_normal((4, 6)), R.standard_normal((4, 6))
SIGNS = np.where(R.standard_normal(4) > 0, 1.0, -1.0)
COUNTS = R.poisson(2.0, (4, 6)).astype(np.float64)
LABELS01 = (R.standard_normal((4, 6)) > 0).astype(np.float64)
CLASSES = np.array([0, 5, 2, 3])
VARIANCE = R.uniform(0.5, 2.0, (4, 6))

ONE_INPUT = [
    ("threshold", (0.3, -2.0), {}),
    ("hardshrink", (), {"lambd": 0.4}),
    ("softshrink", (), {"lambd": 0.4}),
    ("rrelu", (0.1, 0.3), {"training": False}),
    ("prelu", (torch.tensor([0.3], dtype=torch.float64),), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), ONE_INPUT)
def test_new_activation_matches_pytorch(name, args, kwargs):
    ours_args = [Tensor(a.numpy()) if isinstance(a, torch.Tensor) else a for a in args]
    assert_same_value_and_grad(
        lambda x: getattr(functional, name)(x, *ours_args, **kwargs),
        lambda x: getattr(TF, name)(x, *args, **kwargs),
        X,
    )


def test_prelu_per_channel_weight_gets_pytorchs_gradient():
    weight = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    ours_w, theirs_w = pair(weight)
    assert_same_value_and_grad(
        lambda x: functional.prelu(x, ours_w), lambda x: TF.prelu(x, theirs_w), X
    )
    ours_out = functional.prelu(Tensor(X), ours_w)
    theirs_out = TF.prelu(torch.tensor(X), theirs_w)
    upstream = weights_for(X.shape)
    (ours_out * upstream).sum().backward()
    (theirs_out * torch.tensor(upstream)).sum().backward()
    close(ours_w.grad, theirs_w.grad)
    with pytest.raises(ValueError, match="one per channel"):
        functional.prelu(Tensor(X), Tensor(np.ones(3)))


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("cosine_similarity", {"dim": 1}),
        ("cosine_similarity", {"dim": 0, "eps": 1e-3}),
        ("pairwise_distance", {}),
        ("pairwise_distance", {"p": 1.0, "keepdim": True}),
        ("pairwise_distance", {"p": 3.0, "eps": 0.0}),
    ],
)
def test_distances_match_pytorch(name, kwargs):
    other = Tensor(B)
    assert_same_value_and_grad(
        lambda x: getattr(functional, name)(x, other, **kwargs),
        lambda x: getattr(TF, name)(x, torch.tensor(B), **kwargs),
        A,
    )


def test_cosine_similarity_broadcasts_before_taking_norms():
    x1, x2 = R.standard_normal((1, 2, 3)), R.standard_normal((2, 1, 3))
    close(
        functional.cosine_similarity(Tensor(x1), Tensor(x2), dim=-2),
        TF.cosine_similarity(torch.tensor(x1), torch.tensor(x2), dim=-2),
    )


LOSSES = [
    ("margin_ranking_loss", lambda t: (t(B), t(SIGNS[:, None] * np.ones(6))), {"margin": 0.2}),
    ("hinge_embedding_loss", lambda t: (t(np.sign(B)),), {"margin": 0.5}),
    ("soft_margin_loss", lambda t: (t(np.sign(B)),), {}),
    ("multilabel_soft_margin_loss", lambda t: (t(LABELS01),), {}),
    ("multi_margin_loss", lambda t: (t(CLASSES),), {}),
    ("multi_margin_loss", lambda t: (t(CLASSES),), {"p": 2, "margin": 0.7}),
    ("cosine_embedding_loss", lambda t: (t(B), t(SIGNS)), {"margin": 0.1}),
    ("poisson_nll_loss", lambda t: (t(COUNTS),), {}),
    ("poisson_nll_loss", lambda t: (t(COUNTS),), {"log_input": False, "full": True}),
    ("gaussian_nll_loss", lambda t: (t(B), t(VARIANCE)), {}),
    ("gaussian_nll_loss", lambda t: (t(B), t(VARIANCE[:, :1])), {"full": True}),
    ("triplet_margin_loss", lambda t: (t(B), t(B[::-1].copy())), {}),
    ("triplet_margin_loss", lambda t: (t(B), t(B[::-1].copy())), {"p": 1.0, "swap": True}),
]


@pytest.mark.parametrize(("name", "extra", "kwargs"), LOSSES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_new_loss_matches_pytorch(name, extra, kwargs, reduction):
    values = np.abs(A) + 0.1 if name == "poisson_nll_loss" and "log_input" in kwargs else A
    assert_same_value_and_grad(
        lambda x: getattr(functional, name)(x, *extra(Tensor), reduction=reduction, **kwargs),
        lambda x: getattr(TF, name)(x, *extra(torch.tensor), reduction=reduction, **kwargs),
        values,
    )


def test_weighted_multi_margin_and_multilabel_soft_margin_match_pytorch():
    weight = R.uniform(0.5, 2.0, 6)
    assert_same_value_and_grad(
        lambda x: functional.multi_margin_loss(x, CLASSES, weight=Tensor(weight)),
        lambda x: TF.multi_margin_loss(x, torch.tensor(CLASSES), weight=torch.tensor(weight)),
        A,
    )
    assert_same_value_and_grad(
        lambda x: functional.multilabel_soft_margin_loss(x, Tensor(LABELS01), Tensor(weight)),
        lambda x: TF.multilabel_soft_margin_loss(x, torch.tensor(LABELS01), torch.tensor(weight)),
        A,
    )


def test_gaussian_nll_variance_gradient_ignores_the_clamp_as_pytorch():
    variance = np.array([1e-9, 0.5, 2.0])
    ours_v, theirs_v = pair(variance)
    ours = functional.gaussian_nll_loss(Tensor(np.zeros(3)), Tensor(np.ones(3)), ours_v)
    theirs = TF.gaussian_nll_loss(torch.zeros(3, dtype=torch.float64), torch.ones(3), theirs_v)
    close(ours, theirs)
    ours.backward()
    theirs.backward()
    close(ours_v.grad, theirs_v.grad)


MODULES = [
    ("Threshold", (0.1, 20.0), {}),
    ("Threshold", (0.1, 20.0), {"inplace": True}),
    ("Hardshrink", (), {}),
    ("Softshrink", (0.3,), {}),
    ("PReLU", (), {}),
    ("PReLU", (5,), {"init": 0.1}),
    ("RReLU", (0.1, 0.3), {}),
    ("CosineSimilarity", (), {}),
    ("PairwiseDistance", (), {}),
    ("Dropout2d", (0.3,), {}),
    ("MarginRankingLoss", (), {"margin": 0.2}),
    ("HingeEmbeddingLoss", (), {}),
    ("SoftMarginLoss", (), {}),
    ("MultiLabelSoftMarginLoss", (), {}),
    ("MultiMarginLoss", (), {}),
    ("CosineEmbeddingLoss", (), {}),
    ("PoissonNLLLoss", (), {}),
    ("GaussianNLLLoss", (), {}),
    ("TripletMarginLoss", (), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), MODULES)
def test_new_module_has_pytorchs_constructor_and_parameters(name, args, kwargs):
    ours, theirs = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    if name in ("Threshold", "Hardshrink", "Softshrink", "PReLU", "Dropout2d"):
        assert repr(ours).replace("Dropout2d(p=0.3)", "") == repr(theirs).replace(
            "Dropout2d(p=0.3, inplace=False)", ""
        )


def test_prelu_module_trains_its_slopes_like_pytorch():
    # init 0.25 is exact in float32, where PyTorch stores it before .double()
    ours, theirs = nn.PReLU(5, init=0.25, dtype=np.float64), torch.nn.PReLU(5, init=0.25).double()
    assert_same_value_and_grad(ours, theirs, X)
    ours.weight.grad = None
    theirs.weight.grad = None
    (ours(Tensor(X)) * weights_for(X.shape)).sum().backward()
    (theirs(torch.tensor(X)) * torch.tensor(weights_for(X.shape))).sum().backward()
    close(ours.weight.grad, theirs.weight.grad)


def test_channel_dropout_zeroes_whole_channels():
    out = functional.dropout2d(
        Tensor(np.ones((2, 8, 3, 3))), 0.5, generator=np.random.default_rng(0)
    )
    per_channel = out.data.reshape(2, 8, 9)
    assert np.all((per_channel == 0).all(axis=2) | (per_channel == 2).all(axis=2))
    assert nn.Dropout2d(0.5).eval()(Tensor(np.ones((1, 2, 2, 2)))).data.sum() == 8


def test_alpha_dropout_keeps_mean_and_variance_of_a_standard_normal():
    x = Tensor(np.random.default_rng(1).standard_normal(200_000))
    out = functional.alpha_dropout(x, 0.2, training=True, generator=np.random.default_rng(2))
    assert abs(out.data.mean()) < 0.02 and abs(out.data.std() - 1.0) < 0.02
    assert functional.alpha_dropout(x, 0.2) is x  # evaluation: the identity


def test_creation_functions_accept_pytorchs_placement_arguments():
    assert autograd.zeros(2, device="cpu", layout=torch.strided).shape == (2,)
    assert autograd.ones_like(Tensor(np.zeros(3)), device=torch.device("cpu")).shape == (3,)
    assert autograd.eye(2, device="cpu:0", pin_memory=False).shape == (2, 2)
    assert autograd.empty_like(Tensor(np.zeros((2, 3))), memory_format=None).shape == (2, 3)
    with pytest.raises(RuntimeError, match="CPU only"):
        autograd.arange(3, device="cuda")
    with pytest.raises(ValueError, match="strided"):
        autograd.full((2,), 1.0, layout="sparse_coo")
    with pytest.raises(ValueError, match="pin_memory"):
        autograd.tensor([1.0], pin_memory=True)
