"""Small datasets and a batch iterator for training examples. Nothing is downloaded.

>>> X_train, X_test, y_train, y_test = load_digits(seed=0)
>>> for images, labels in DataLoader(X_train, y_train, batch_size=64, shuffle=True, seed=0):
...     pass  # one optimisation step per batch
>>> images.shape, labels.shape  # the last, incomplete batch: 1438 = 22 * 64 + 30
((30, 64), (30,))

The datasets come from scikit-learn's bundled copies (an optional extra:
``pip install 'graphgrad[train]'``); scikit-learn is imported only when a loader is called.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

__all__ = ["DataLoader", "batches", "load_digits", "load_moons", "stratified_split"]


class DataLoader:
    """Iterate over aligned arrays in mini-batches: each batch is a tuple of ndarrays.

    ``shuffle=True`` reorders every epoch from a generator seeded with ``seed`` (so the whole
    sequence of epochs is reproducible); ``drop_last`` skips a final incomplete batch.

    >>> X, y = np.zeros((100, 3)), np.arange(100)
    >>> loader = DataLoader(X, y, batch_size=32, shuffle=True, seed=0)
    >>> len(loader)  # batches per epoch: 32 + 32 + 32 + 4
    4
    >>> [len(labels) for _, labels in loader]
    [32, 32, 32, 4]
    """

    def __init__(
        self,
        *arrays: ArrayLike,
        batch_size: int = 32,
        shuffle: bool = False,
        drop_last: bool = False,
        seed: int | None = None,
    ) -> None:
        if not arrays:
            raise ValueError("DataLoader: give at least one array")
        self.arrays = [np.asarray(array) for array in arrays]
        lengths = {len(array) for array in self.arrays}
        if len(lengths) != 1:
            raise ValueError(
                f"DataLoader: arrays must have the same length, got "
                f"{[len(array) for array in self.arrays]}"
            )
        if int(batch_size) < 1:
            raise ValueError(f"DataLoader: batch_size must be a positive int, got {batch_size}")
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.drop_last = drop_last
        self._rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        count = len(self.arrays[0])
        return count // self.batch_size if self.drop_last else -(-count // self.batch_size)

    def __iter__(self) -> Iterator[tuple[np.ndarray, ...]]:
        count = len(self.arrays[0])
        order = self._rng.permutation(count) if self.shuffle else np.arange(count)
        stop = count - count % self.batch_size if self.drop_last else count
        for start in range(0, stop, self.batch_size):
            index = order[start : start + self.batch_size]
            yield tuple(array[index] for array in self.arrays)


def batches(
    *arrays: ArrayLike,
    batch_size: int = 32,
    shuffle: bool = False,
    drop_last: bool = False,
    seed: int | None = None,
) -> Iterator[tuple[np.ndarray, ...]]:
    """One epoch of mini-batches (see ``DataLoader``).

    >>> [labels.tolist() for (labels,) in batches(np.arange(5), batch_size=2)]
    [[0, 1], [2, 3], [4]]
    """
    return iter(
        DataLoader(*arrays, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last, seed=seed)
    )


def _sklearn_datasets() -> ModuleType:
    try:  # scikit-learn is an optional extra (graphgrad[train]), and slow to import
        from sklearn import datasets
    except ImportError:
        raise ImportError(
            "graphgrad's dataset loaders need scikit-learn (its bundled datasets "
            "are used, nothing is downloaded): pip install 'graphgrad[train]' or "
            "pip install scikit-learn"
        ) from None
    return datasets


def stratified_split(
    labels: np.ndarray, test_size: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Train and test indices with each class split in the same proportion (seeded).

    >>> train, test = stratified_split(np.array([0, 0, 0, 0, 1, 1, 1, 1]), test_size=0.25)
    >>> len(train), len(test), sorted(np.array([0, 0, 0, 0, 1, 1, 1, 1])[test].tolist())
    (6, 2, [0, 1])
    """
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"stratified_split: test_size must be in (0, 1), got {test_size}")
    rng = np.random.default_rng(seed)
    train: list[np.ndarray] = []
    test: list[np.ndarray] = []
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        cut = round(test_size * len(members))
        test.append(members[:cut])
        train.append(members[cut:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def load_digits(
    test_size: float = 0.2, seed: int = 0, dtype: DTypeLike = np.float32
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """scikit-learn's 8x8 handwritten digits (1797 images, 10 classes), pixels scaled to [0, 1].

    Returns ``X_train, X_test, y_train, y_test``: images flattened to 64 features, labels as
    int64, split by a seeded stratified split.

    >>> X_train, X_test, y_train, y_test = load_digits(test_size=0.2)
    >>> X_train.shape, X_test.shape, y_test.dtype
    ((1438, 64), (359, 64), dtype('int64'))
    """
    digits = _sklearn_datasets().load_digits()
    images = (digits.data / 16.0).astype(dtype)
    labels = digits.target.astype(np.int64)
    train, test = stratified_split(labels, test_size, seed)
    return images[train], images[test], labels[train], labels[test]


def load_moons(
    n_samples: int = 100, noise: float = 0.1, seed: int = 1, dtype: DTypeLike = np.float64
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's ``make_moons``): ``X`` of shape (n, 2)
    and ``y`` in {0, 1}.

    >>> X, y = load_moons(n_samples=10)
    >>> X.shape, sorted(set(y.tolist()))
    ((10, 2), [0, 1])
    """
    X, y = _sklearn_datasets().make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    return X.astype(dtype), y.astype(np.int64)
