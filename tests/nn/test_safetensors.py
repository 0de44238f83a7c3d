"""nn.save / nn.load with a .safetensors path: round trips (order, dtypes, 0-d buffers), atomic
writes, clear errors for corrupt files and unsupported dtypes, and the error when the
safetensors package is missing."""

import builtins
import os

import numpy as np
import pytest

import nn

safetensors_numpy = pytest.importorskip("safetensors.numpy")


def test_round_trip_keeps_values_dtypes_shapes_and_order(tmp_path, rng):
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    model[1](rng.standard_normal((5, 4)).astype(np.float32))
    path = tmp_path / "model.safetensors"
    nn.save(model.state_dict(), path)
    loaded = nn.load(path)
    assert list(loaded) == list(model.state_dict())
    for name, value in model.state_dict().items():
        assert loaded[name].dtype == value.dtype and loaded[name].shape == value.shape
        np.testing.assert_array_equal(loaded[name], value)


def test_zero_dimensional_counter_stays_zero_dimensional(tmp_path):
    path = tmp_path / "bn.safetensors"
    nn.save(nn.BatchNorm2d(2).state_dict(), path)
    assert nn.load(path)["num_batches_tracked"].shape == ()


def test_file_is_readable_by_the_safetensors_package(tmp_path):
    path = tmp_path / "weights.safetensors"
    nn.save({"w": np.arange(6, dtype=np.float64).reshape(2, 3)}, path)
    np.testing.assert_array_equal(
        safetensors_numpy.load_file(str(path))["w"], np.arange(6.0).reshape(2, 3)
    )


def test_a_file_written_by_the_package_loads_in_its_own_order(tmp_path):
    path = tmp_path / "external.safetensors"
    safetensors_numpy.save_file({"b": np.ones(2, np.float32), "a": np.zeros(1)}, str(path))
    assert sorted(nn.load(path)) == ["a", "b"]


def test_loaded_arrays_are_writable_copies(tmp_path):
    path = tmp_path / "w.safetensors"
    nn.save({"w": np.ones(3, np.float32)}, path)
    loaded = nn.load(path)["w"]
    loaded[0] = 5.0
    assert nn.load(path)["w"][0] == 1.0


def test_model_loads_its_own_safetensors_file(tmp_path):
    source, target = nn.Linear(3, 2), nn.Linear(3, 2)
    path = tmp_path / "linear.safetensors"
    nn.save(source.state_dict(), path)
    target.load_state_dict(nn.load(path))
    np.testing.assert_array_equal(target.weight.data, source.weight.data)


def test_suffix_is_case_insensitive(tmp_path):
    path = tmp_path / "MODEL.SAFETENSORS"
    nn.save({"w": np.ones(1)}, path)
    assert safetensors_numpy.load_file(str(path))["w"][0] == 1.0


def test_save_replaces_the_file_atomically_leaving_no_temporary(tmp_path):
    path = tmp_path / "model.safetensors"
    nn.save({"w": np.zeros(2)}, path)
    nn.save({"w": np.ones(2)}, path)
    assert os.listdir(tmp_path) == ["model.safetensors"]
    np.testing.assert_array_equal(nn.load(path)["w"], [1.0, 1.0])


def test_unsupported_dtype_is_refused_before_the_file_is_touched(tmp_path):
    path = tmp_path / "model.safetensors"
    nn.save({"w": np.zeros(2)}, path)
    with pytest.raises(nn.SerializationError, match="safetensors format cannot store"):
        nn.save({"z": np.zeros(2, np.complex128)}, path)
    np.testing.assert_array_equal(nn.load(path)["w"], [0.0, 0.0])
    assert os.listdir(tmp_path) == ["model.safetensors"]


def test_string_arrays_are_refused(tmp_path):
    with pytest.raises(nn.SerializationError, match="only numeric arrays"):
        nn.save({"names": np.array(["a"])}, tmp_path / "x.safetensors")


@pytest.mark.parametrize(
    "content",
    [b"", b"1234567", b"\xff" * 64, b"\x08\x00\x00\x00\x00\x00\x00\x00{'a': 1}"],
    ids=["empty", "short", "huge-header-length", "bad-json"],
)
def test_corrupt_file_raises_a_serialization_error_naming_the_path(tmp_path, content):
    path = tmp_path / "broken.safetensors"
    path.write_bytes(content)
    with pytest.raises(nn.SerializationError, match=r"cannot read .*broken\.safetensors"):
        nn.load(path)


def test_truncated_file_raises_a_serialization_error(tmp_path):
    path = tmp_path / "cut.safetensors"
    nn.save({"w": np.ones(100)}, path)
    path.write_bytes(path.read_bytes()[:-8])
    with pytest.raises(nn.SerializationError, match="malformed or truncated"):
        nn.load(path)


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "absent.safetensors")


def test_missing_package_gives_an_install_hint(tmp_path, monkeypatch):
    real_import = builtins.__import__

    def without_safetensors(name, *args, **kwargs):
        if name.startswith("safetensors"):
            raise ImportError("No module named 'safetensors'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_safetensors)
    with pytest.raises(ModuleNotFoundError, match="pip install safetensors"):
        nn.save({"w": np.ones(1)}, tmp_path / "x.safetensors")
    with pytest.raises(ModuleNotFoundError, match="needs the safetensors package"):
        nn.load(tmp_path / "x.safetensors")
