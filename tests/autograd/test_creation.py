"""Creation functions as PyTorch's: shapes, dtypes by PyTorch's rules, values, seeds, errors."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, creation
from autograd.creation import (
    Generator,
    arange,
    empty,
    eye,
    full,
    full_like,
    linspace,
    manual_seed,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randn,
    randn_like,
    tensor,
    zeros,
    zeros_like,
)

FLOAT32 = np.dtype(np.float32)
FLOAT64 = np.dtype(np.float64)
INT64 = np.dtype(np.int64)
BOOL = np.dtype(np.bool_)


@pytest.fixture(autouse=True)
def keep_default_generator():
    """Tests may reseed the default generator; the stream is put back afterwards."""
    generator = creation.default_generator
    seed, state = generator.initial_seed(), generator.get_state()
    yield
    generator.manual_seed(seed).set_state(state)


def seeded(seed):
    return Generator().manual_seed(seed)


# ------------------------------------------------------------------ shapes


@pytest.mark.parametrize("make", [zeros, ones, empty, rand, randn])
def test_sizes_may_be_varargs_or_one_sequence(make):
    assert make(2, 3).shape == (2, 3)
    assert make((2, 3)).shape == (2, 3)
    assert make([2, 3]).shape == (2, 3)


@pytest.mark.parametrize("make", [zeros, ones, empty, rand, randn])
def test_no_sizes_make_a_scalar(make):
    assert make().shape == ()
    assert make(()).shape == ()


def test_zero_sizes_make_empty_tensors():
    assert zeros(0, 3).shape == (0, 3)
    assert rand(2, 0).shape == (2, 0)


def test_numpy_integers_are_accepted_as_sizes():
    assert ones(np.int64(2), np.int32(3)).shape == (2, 3)


def test_full_takes_its_size_as_a_sequence():
    assert full((2, 3), 1.0).shape == (2, 3)


def test_eye_is_square_unless_m_is_given():
    assert eye(3).shape == (3, 3)
    assert eye(2, 4).shape == (2, 4)


def test_randint_accepts_high_and_size_or_low_high_and_size():
    assert randint(5, (2, 3)).shape == (2, 3)
    assert randint(1, 5, (4,)).shape == (4,)
    assert randint(5, size=(2,)).shape == (2,)
    assert randint(1, 5, size=(3,)).shape == (3,)


# ------------------------------------------------------------------ dtypes (PyTorch's rules)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: zeros(2), FLOAT32),
        (lambda: ones(2), FLOAT32),
        (lambda: empty(2), FLOAT32),
        (lambda: eye(2), FLOAT32),
        (lambda: rand(2), FLOAT32),
        (lambda: randn(2), FLOAT32),
        (lambda: linspace(0, 10, 3), FLOAT32),  # float even from integer ends
        (lambda: arange(5), INT64),
        (lambda: arange(1, 5, 2), INT64),
        (lambda: arange(5.0), FLOAT32),
        (lambda: arange(0, 1, 0.5), FLOAT32),
        (lambda: randint(5, (2,)), INT64),
        (lambda: full((2,), True), BOOL),
        (lambda: full((2,), 3), INT64),
        (lambda: full((2,), 3.5), FLOAT32),
        (lambda: tensor(True), BOOL),
        (lambda: tensor([1, 2]), INT64),
        (lambda: tensor([1, 2.5]), FLOAT32),
        (lambda: tensor([True, 2]), INT64),
        (lambda: tensor([]), FLOAT32),
        (lambda: tensor(np.zeros(2, np.int32)), np.dtype(np.int32)),
        (lambda: tensor(np.float64(1.0)), FLOAT64),
        (lambda: tensor(Tensor(np.zeros(2, np.float16))), np.dtype(np.float16)),
    ],
)
def test_default_dtypes_follow_pytorch(make, expected):
    assert make().dtype == expected


@pytest.mark.usefixtures("restore_default_dtype")
def test_float_results_follow_the_default_dtype():
    autograd.set_default_dtype(np.float64)
    for result in (zeros(2), rand(2), randn(2), arange(1.0), linspace(0, 1, 2), full((1,), 0.5)):
        assert result.dtype == FLOAT64
    assert arange(2).dtype == INT64


@pytest.mark.parametrize("dtype", [np.float16, np.float64, "float64", np.int32, np.bool_])
def test_explicit_dtype_wins(dtype):
    assert zeros(2, dtype=dtype).dtype == np.dtype(dtype)
    assert full((2,), 1, dtype=dtype).dtype == np.dtype(dtype)
    assert arange(3, dtype=dtype).dtype == np.dtype(dtype)


def test_randint_may_make_floats():
    assert randint(5, (2,), dtype=np.float32).dtype == FLOAT32


# ------------------------------------------------------------------ values against NumPy


def test_zeros_ones_and_full_hold_their_values():
    np.testing.assert_array_equal(zeros(2, 3).numpy(), np.zeros((2, 3)))
    np.testing.assert_array_equal(ones(2, 3).numpy(), np.ones((2, 3)))
    np.testing.assert_array_equal(full((2,), 2.5).numpy(), [2.5, 2.5])


def test_empty_returns_zeros():
    np.testing.assert_array_equal(empty(3).numpy(), np.zeros(3))


def test_eye_matches_numpy():
    np.testing.assert_array_equal(eye(2, 3).numpy(), np.eye(2, 3))


@pytest.mark.parametrize(
    "args", [(5,), (2, 7), (2, 9, 3), (5, 0, -1), (0, 1, 0.1), (1.5, -1, -0.5), (0, 0)]
)
def test_arange_matches_numpy(args):
    np.testing.assert_allclose(arange(*args).numpy(), np.arange(*args), rtol=1e-6)


@pytest.mark.parametrize("args", [(0, 1, 5), (-3, 7, 11), (2, 2, 4), (0, 1, 1), (0, 1, 0)])
def test_linspace_matches_numpy(args):
    np.testing.assert_allclose(linspace(*args).numpy(), np.linspace(*args), rtol=1e-6)


def test_linspace_includes_both_ends():
    values = linspace(-1.0, 3.0, 7).numpy()
    assert values[0] == -1.0
    assert values[-1] == 3.0


def test_rand_lies_in_zero_one():
    values = rand(10_000, generator=seeded(0)).numpy()
    assert values.min() >= 0.0
    assert values.max() < 1.0


def test_rand_in_half_precision_never_reaches_one():
    values = rand(100_000, generator=seeded(0), dtype=np.float16).numpy()
    assert values.max() < 1.0


def test_rand_draws_numpys_uniform_stream():
    expected = np.random.default_rng(5).random((2, 3))
    np.testing.assert_array_equal(
        rand(2, 3, generator=seeded(5), dtype=np.float64).numpy(), expected
    )


def test_randn_draws_numpys_normal_stream():
    expected = np.random.default_rng(5).standard_normal(4)
    np.testing.assert_array_equal(randn(4, generator=seeded(5), dtype=np.float64).numpy(), expected)


def test_randint_stays_within_low_and_high():
    values = randint(-2, 3, (10_000,), generator=seeded(0)).numpy()
    assert set(values.tolist()) == {-2, -1, 0, 1, 2}


def test_randint_with_high_only_starts_at_zero():
    values = randint(3, (10_000,), generator=seeded(0)).numpy()
    assert set(values.tolist()) == {0, 1, 2}


# ------------------------------------------------------------------ determinism


@pytest.mark.parametrize("make", [rand, randn, lambda *size, **kw: randint(10, size, **kw)])
def test_the_same_seed_gives_the_same_numbers(make):
    manual_seed(123)
    first = make(3, 4).numpy()
    manual_seed(123)
    np.testing.assert_array_equal(make(3, 4).numpy(), first)


def test_different_seeds_give_different_numbers():
    assert not np.array_equal(
        rand(8, generator=seeded(1)).numpy(), rand(8, generator=seeded(2)).numpy()
    )


def test_a_generator_does_not_touch_the_default_stream():
    manual_seed(9)
    expected = rand(4).numpy()
    manual_seed(9)
    rand(100, generator=seeded(0))
    np.testing.assert_array_equal(rand(4).numpy(), expected)


def test_generator_manual_seed_returns_the_generator():
    generator = Generator()
    assert generator.manual_seed(4) is generator
    assert generator.initial_seed() == 4


def test_module_manual_seed_returns_the_default_generator():
    assert manual_seed(4) is creation.default_generator


def test_a_fresh_generator_starts_from_a_fixed_seed():
    np.testing.assert_array_equal(
        rand(5, generator=Generator()).numpy(), rand(5, generator=Generator()).numpy()
    )


def test_negative_seeds_wrap_modulo_two_to_the_64_as_pytorch():
    assert Generator().manual_seed(-1).initial_seed() == 2**64 - 1


def test_set_state_replays_the_stream_from_get_state():
    generator = seeded(3)
    state = generator.get_state()
    first = randn(5, generator=generator).numpy()
    generator.set_state(state)
    np.testing.assert_array_equal(randn(5, generator=generator).numpy(), first)


def test_a_seed_gives_the_same_numbers_at_every_float_precision():
    single = rand(6, generator=seeded(8)).numpy()
    double = rand(6, generator=seeded(8), dtype=np.float64).numpy()
    np.testing.assert_array_equal(single, double.astype(np.float32))


def test_nn_manual_seed_seeds_the_same_default_generator():
    nn.manual_seed(11)
    first = rand(3).numpy()
    manual_seed(11)
    np.testing.assert_array_equal(rand(3).numpy(), first)


def test_nn_manual_seed_still_returns_the_numpy_generator_it_draws_from():
    generator = nn.manual_seed(11)
    assert isinstance(generator, np.random.Generator)
    assert nn.init.get_generator() is generator


# ------------------------------------------------------------------ *_like


@pytest.mark.parametrize("make", [zeros_like, ones_like, rand_like, randn_like])
def test_like_keeps_shape_and_dtype(make):
    source = Tensor(np.zeros((2, 3), np.float64))
    result = make(source)
    assert (result.shape, result.dtype) == ((2, 3), FLOAT64)


def test_like_keeps_integer_and_boolean_dtypes():
    assert zeros_like(arange(3)).dtype == INT64
    assert ones_like(Tensor([True, False])).dtype == BOOL


def test_full_like_takes_the_dtype_of_the_input_not_of_the_fill_value():
    result = full_like(arange(2), 2.7)
    assert result.dtype == INT64
    np.testing.assert_array_equal(result.numpy(), [2, 2])


def test_like_accepts_a_dtype_and_a_numpy_array():
    assert ones_like(np.zeros((2, 2), np.int32), dtype=np.float16).dtype == np.float16


def test_rand_like_draws_from_a_given_generator():
    source = zeros(4)
    np.testing.assert_array_equal(
        rand_like(source, generator=seeded(2)).numpy(), rand(4, generator=seeded(2)).numpy()
    )


# ------------------------------------------------------------------ leaves, requires_grad, copies


def test_results_are_leaves_that_can_require_grad():
    for result in (
        zeros(2, requires_grad=True),
        randn(2, requires_grad=True),
        tensor([1.0], requires_grad=True),
    ):
        assert result.is_leaf
        assert result.requires_grad


def test_results_do_not_require_grad_by_default():
    assert not ones(2).requires_grad


def test_a_created_tensor_accumulates_a_gradient():
    x = ones(3, requires_grad=True)
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 2.0, 2.0])


@pytest.mark.parametrize(
    "make",
    [
        lambda: arange(3, requires_grad=True),
        lambda: randint(3, (2,), requires_grad=True),
        lambda: full((1,), True, requires_grad=True),
        lambda: tensor([1, 2], requires_grad=True),
    ],
)
def test_integer_and_boolean_results_cannot_require_grad(make):
    with pytest.raises(TypeError, match="only floating tensors can require gradients"):
        make()


def test_tensor_copies_a_numpy_array():
    source = np.array([1.0, 2.0])
    result = tensor(source)
    source[0] = 100.0
    assert result.numpy()[0] == 1.0


def test_tensor_copies_a_tensor_and_detaches_it():
    source = Tensor([1.0, 2.0], requires_grad=True)
    result = tensor(source)
    result.data[0] = 100.0
    assert source.data[0] == 1.0
    assert result.is_leaf
    assert not result.requires_grad


def test_tensor_explicit_dtype_wins():
    assert tensor([1, 2], dtype=np.float64).dtype == FLOAT64


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("make", [zeros, ones, empty, rand, randn])
def test_negative_sizes_name_the_function_and_the_size(make):
    with pytest.raises(
        ValueError, match=rf"{make.__name__}: sizes must be non-negative, got size \(2, -1\)"
    ):
        make(2, -1)


def test_non_integer_sizes_are_rejected():
    with pytest.raises(TypeError, match=r"ones: sizes must be integers, got 2\.5"):
        ones(2.5)


def test_negative_eye_size_is_rejected():
    with pytest.raises(ValueError, match="eye: sizes must be non-negative"):
        eye(-1)


def test_arange_step_zero_is_rejected():
    with pytest.raises(
        ValueError, match="arange: step must be nonzero, got start=0, end=5, step=0"
    ):
        arange(0, 5, 0)


def test_arange_step_of_the_wrong_sign_is_rejected():
    with pytest.raises(ValueError, match="arange: step=1 goes away from end=0 starting at start=5"):
        arange(5, 0)


def test_arange_infinite_bounds_are_rejected():
    with pytest.raises(ValueError, match="arange: start, end and step must be finite"):
        arange(0, float("inf"))


def test_linspace_negative_steps_are_rejected():
    with pytest.raises(
        ValueError, match="linspace: steps must be non-negative, got start=0, end=1, steps=-1"
    ):
        linspace(0, 1, -1)


def test_randint_low_not_below_high_is_rejected():
    with pytest.raises(ValueError, match="randint: low must be less than high, got low=5, high=5"):
        randint(5, 5, (2,))


def test_randint_without_a_size_is_rejected():
    with pytest.raises(TypeError, match=r"randint: expected randint\(high, size\)"):
        randint(5)


def test_randint_float_bounds_are_rejected():
    with pytest.raises(TypeError, match="randint: low and high must be integers"):
        randint(0.5, 3, (2,))


def test_random_floats_need_a_floating_dtype():
    with pytest.raises(TypeError, match="rand: dtype must be a floating dtype, got int64"):
        rand(2, dtype=np.int64)


def test_rand_like_of_an_integer_tensor_needs_a_floating_dtype():
    with pytest.raises(TypeError, match="rand: dtype must be a floating dtype, got int64"):
        rand_like(arange(3))


def test_unknown_dtypes_are_named():
    with pytest.raises(TypeError, match="zeros: 'nope' is not a dtype"):
        zeros(2, dtype="nope")


def test_full_rejects_a_non_real_fill_value():
    with pytest.raises(TypeError, match="full: fill_value must be a bool, an int or a float"):
        full((2,), 1j)


def test_tensor_rejects_ragged_lists():
    with pytest.raises(ValueError, match="tensor: cannot make an array"):
        tensor([[1.0], [1.0, 2.0]])


def test_manual_seed_rejects_a_non_integer_seed():
    with pytest.raises(TypeError, match=r"manual_seed: the seed must be an integer, got 1\.5"):
        manual_seed(1.5)


def test_generator_rejects_devices_other_than_the_cpu():
    with pytest.raises(ValueError, match="Generator: graphgrad runs on the CPU only"):
        Generator("cuda")
