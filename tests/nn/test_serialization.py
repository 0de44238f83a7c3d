"""nn.save / nn.load: .npz round trips, and hostile files refused without running code."""

import os
import pickle
import stat
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
    np.testing.assert_array_equal(loaded["file"], np.zeros(1))


def test_save_writes_exactly_the_given_path(tmp_path):
    nn.save({"a": np.zeros(1)}, tmp_path / "weights.bin")
    assert (tmp_path / "weights.bin").exists()
    assert not (tmp_path / "weights.bin.npz").exists()


def interrupt_after_first_member(monkeypatch, exception):
    """Make nn.save's array writer raise ``exception`` once one member has been written."""
    real_write = np.lib.format.write_array
    calls = []

    def write_then_raise(*args, **kwargs):
        if calls:
            raise exception
        calls.append(1)
        real_write(*args, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", write_then_raise)


@pytest.mark.parametrize("exception", [KeyboardInterrupt(), OSError(28, "No space left")])
def test_save_interrupted_mid_write_keeps_the_old_file_and_removes_the_temporary(
    tmp_path, monkeypatch, exception
):
    path = tmp_path / "model.npz"
    nn.save({"weight": np.arange(3.0)}, path)
    old_bytes = path.read_bytes()
    interrupt_after_first_member(monkeypatch, exception)
    with pytest.raises(type(exception)):
        nn.save({"a": np.ones(1000), "b": np.ones(1000)}, path)
    assert path.read_bytes() == old_bytes
    assert [entry.name for entry in tmp_path.iterdir()] == ["model.npz"]


def test_save_interrupted_mid_write_leaves_no_file_when_there_was_none(tmp_path, monkeypatch):
    interrupt_after_first_member(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        nn.save({"a": np.ones(10), "b": np.ones(10)}, tmp_path / "model.npz")
    assert list(tmp_path.iterdir()) == []


def test_save_replaces_the_file_and_syncs_it_before(tmp_path, monkeypatch):
    path = tmp_path / "model.npz"
    nn.save({"old": np.zeros(1)}, path)
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        os, "replace", lambda src, dst: (events.append("replace"), real_replace(src, dst))[1]
    )
    nn.save({"new": np.ones(1)}, path)
    assert events[:2] == ["fsync", "replace"]
    assert list(nn.load(path)) == ["new"]


def test_save_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    path = tmp_path / "model.npz"
    nn.save({"a": np.zeros(1)}, path)
    path.chmod(0o640)
    nn.save({"a": np.ones(1)}, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_save_through_a_symlink_writes_the_file_it_points_to(tmp_path):
    real = tmp_path / "real.npz"
    nn.save({"a": np.zeros(1)}, real)
    (tmp_path / "link.npz").symlink_to(real)
    nn.save({"a": np.ones(1)}, tmp_path / "link.npz")
    assert (tmp_path / "link.npz").is_symlink()
    np.testing.assert_array_equal(nn.load(real)["a"], np.ones(1))


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
