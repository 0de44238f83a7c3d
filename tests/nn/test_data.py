"""Batch iteration and the bundled datasets."""

import numpy as np
import pytest

from nn.data import DataLoader, load_digits, load_moons, stratified_split


def test_loader_yields_every_example_once_per_epoch():
    X, y = np.arange(10).reshape(10, 1), np.arange(10)
    seen = np.concatenate(
        [batch_y for _, batch_y in DataLoader(X, y, batch_size=3, shuffle=True, seed=0)]
    )
    assert sorted(seen) == list(range(10))


def test_loader_keeps_arrays_aligned():
    X, y = np.arange(10) * 10, np.arange(10)
    for batch_x, batch_y in DataLoader(X, y, batch_size=4, shuffle=True, seed=1):
        np.testing.assert_array_equal(batch_x, batch_y * 10)


def test_loader_shuffle_is_reproducible_with_a_seed_and_differs_per_epoch():
    def epochs(seed):
        loader = DataLoader(np.arange(20), batch_size=20, shuffle=True, seed=seed)
        return [next(iter(loader))[0] for _ in range(2)]

    first, second = epochs(5), epochs(5)
    np.testing.assert_array_equal(first[0], second[0])
    assert not np.array_equal(first[0], first[1])


def test_loader_drop_last_skips_the_incomplete_batch():
    loader = DataLoader(np.arange(10), batch_size=4, drop_last=True)
    assert len(loader) == 2
    assert [len(batch[0]) for batch in loader] == [4, 4]


def test_loader_keeps_the_incomplete_batch_by_default():
    loader = DataLoader(np.arange(10), batch_size=4)
    assert len(loader) == 3 and [len(b[0]) for b in loader] == [4, 4, 2]


def test_loader_rejects_arrays_of_different_lengths():
    with pytest.raises(ValueError, match="same length"):
        DataLoader(np.arange(3), np.arange(4))


def test_stratified_split_keeps_class_proportions():
    labels = np.repeat([0, 1, 2], [50, 30, 20])
    train, test = stratified_split(labels, test_size=0.2, seed=0)
    assert np.bincount(labels[test]).tolist() == [10, 6, 4]
    assert len(np.intersect1d(train, test)) == 0 and len(train) + len(test) == 100


def test_digits_are_scaled_to_unit_range_and_split_by_seed():
    X_train, X_test, y_train, y_test = load_digits(seed=0)
    assert X_train.shape[1] == 64 and len(X_train) + len(X_test) == 1797
    assert X_train.dtype == np.float32 and X_train.min() >= 0.0 and X_train.max() <= 1.0
    assert y_train.dtype == np.int64
    np.testing.assert_array_equal(load_digits(seed=0)[3], y_test)


def test_moons_have_two_features_and_binary_labels():
    X, y = load_moons(n_samples=50)
    assert X.shape == (50, 2) and set(np.unique(y)) == {0, 1}
