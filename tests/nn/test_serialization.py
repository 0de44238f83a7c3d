"""nn.save / nn.load: .npz round trips, and hostile files refused without running code."""

import pickle
import zipfile

import numpy as np
import pytest

import nn


def test_round_trip_restores_every_array(tmp_path):
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
    path = tmp_path / "model.npz"
    nn.save(model.state_dict(), path)
    loaded = nn.load(path)
    assert list(loaded) == list(model.state_dict())
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(loaded[name], value)
        assert loaded[name].dtype == value.dtype


def test_loaded_state_dict_restores_a_fresh_model(tmp_path):
    trained, fresh = nn.Linear(2, 2), nn.Linear(2, 2)
    nn.save(trained.state_dict(), tmp_path / "m.npz")
    fresh.load_state_dict(nn.load(tmp_path / "m.npz"))
    np.testing.assert_array_equal(fresh.weight.data, trained.weight.data)


def test_a_key_named_like_a_numpy_savez_option_is_saved_as_an_array(tmp_path):
    nn.save({"allow_pickle": np.ones(2), "file": np.zeros(1)}, tmp_path / "m.npz")
    loaded = nn.load(tmp_path / "m.npz")
    assert list(loaded) == ["allow_pickle", "file"]
    np.testing.assert_array_equal(loaded["allow_pickle"], np.ones(2))


def test_save_writes_exactly_the_given_path(tmp_path):
    nn.save({"a": np.zeros(1)}, tmp_path / "weights.bin")
    assert (tmp_path / "weights.bin").exists()
    assert not (tmp_path / "weights.bin.npz").exists()


def test_save_refuses_object_arrays(tmp_path):
    with pytest.raises(nn.SerializationError, match="only numeric arrays"):
        nn.save({"a": np.array([{"x": 1}], dtype=object)}, tmp_path / "bad.npz")


def test_load_of_random_bytes_raises_a_clear_error(tmp_path, rng):
    path = tmp_path / "noise.npz"
    path.write_bytes(rng.integers(0, 256, size=2048, dtype=np.uint8).tobytes())
    with pytest.raises(nn.SerializationError, match=r"noise\.npz"):
        nn.load(path)


def test_load_of_a_truncated_file_raises_a_clear_error(tmp_path):
    path = tmp_path / "model.npz"
    nn.save(nn.Linear(20, 20).state_dict(), path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(nn.SerializationError, match="malformed, truncated"):
        nn.load(path)


class Boom:
    """Unpickling this would run code; the test checks that it never happens."""

    ran = False

    def __reduce__(self):
        return (setattr, (Boom, "ran", True))


def test_load_refuses_an_npz_holding_an_object_array(tmp_path):
    path = tmp_path / "objects.npz"
    np.savez(path, weights=np.array([Boom()], dtype=object))
    with pytest.raises(nn.SerializationError, match="pickled objects"):
        nn.load(path)
    assert not Boom.ran


def test_load_refuses_a_pickle_file(tmp_path):
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps({"weight": Boom()}))
    with pytest.raises(nn.SerializationError, match=r"model\.pkl"):
        nn.load(path)
    assert not Boom.ran


def test_load_refuses_a_pickle_hidden_inside_the_zip(tmp_path):
    path = tmp_path / "sneaky.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("weight.npy", pickle.dumps(Boom()))
    with pytest.raises(nn.SerializationError):
        nn.load(path)
    assert not Boom.ran


def test_load_refuses_a_single_npy_array(tmp_path):
    path = tmp_path / "array.npy"
    np.save(path, np.zeros(3))
    with pytest.raises(nn.SerializationError, match="single array"):
        nn.load(path)


def test_load_of_a_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "missing.npz")


def test_serialization_error_is_a_value_error():
    assert issubclass(nn.SerializationError, ValueError)
