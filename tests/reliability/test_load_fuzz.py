"""nn.load on hostile input: random bytes, truncated and bit-flipped real files, zip archives
with bad members, object arrays and pickle payloads. Every one raises nn.SerializationError
quickly; none crashes, hangs, allocates what the file merely claims, or runs code."""

import io
import os
import pickle
import struct
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nn

FUZZ_EXAMPLES = int(os.environ.get("GRAPHGRAD_FUZZ_EXAMPLES", "0")) or None


class WritesMarker:
    """Unpickling this calls open(path, "w"): the file appearing would prove code ran."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def npy_member(descr, shape, payload: bytes) -> bytes:
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": descr, "fortran_order": False, "shape": shape}
    )
    return header.getvalue() + payload


def zip_bytes(members: dict, compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_fixed_timestamps(archive_bytes: bytes) -> bytes:
    """The same archive with every member dated 2020-01-01, so that its bytes are reproducible."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive_bytes)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for info in source.infolist():
            target.writestr(
                zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0)), source.read(info)
            )
    return buffer.getvalue()


@pytest.fixture
def real_file(tmp_path):
    """The bytes of a state dict written by nn.save."""
    nn.init.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    path = tmp_path / "model.npz"
    nn.save(model.state_dict(), path)
    return with_fixed_timestamps(path.read_bytes())


def load_bytes(tmp_path, data: bytes, name="file.npz"):
    path = tmp_path / name
    path.write_bytes(data)
    return nn.load(path)


def test_a_real_file_round_trips(tmp_path, real_file):
    state = load_bytes(tmp_path, real_file)
    assert list(state) == ["0.weight", "0.bias", "2.weight", "2.bias"]


@settings(max_examples=FUZZ_EXAMPLES or 300)
@given(st.binary(max_size=2048))
def test_random_bytes_raise_serialization_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("random") / "random.npz"
    path.write_bytes(data)
    with pytest.raises(nn.SerializationError, match=r"nn\.load"):
        nn.load(path)


@settings(max_examples=FUZZ_EXAMPLES or 200)
@given(st.binary(min_size=1, max_size=512))
def test_random_bytes_after_a_zip_signature_raise_serialization_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("zipish") / "zipish.npz"
    path.write_bytes(b"PK\x03\x04" + data)
    with pytest.raises(nn.SerializationError):
        nn.load(path)


def test_every_truncation_of_a_real_file_raises_serialization_error(tmp_path, real_file):
    for length in range(len(real_file)):
        with pytest.raises(nn.SerializationError):
            load_bytes(tmp_path, real_file[:length])


@settings(max_examples=FUZZ_EXAMPLES or 200)
@given(st.data())
def test_corrupted_real_file_raises_serialization_error_or_loads_numbers(tmp_path_factory, data):
    nn.init.manual_seed(0)
    path = tmp_path_factory.mktemp("flip") / "model.npz"
    nn.save(nn.Linear(3, 2).state_dict(), path)
    raw = bytearray(with_fixed_timestamps(path.read_bytes()))  # the same bytes every run
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    path.write_bytes(bytes(raw))
    try:
        state = nn.load(path)
    except nn.SerializationError:
        return
    # a flip inside the array data may go unnoticed (stored members have a CRC, which NumPy
    # does not always check); what loads must still be numeric arrays
    assert all(isinstance(v, np.ndarray) and v.dtype.kind in "biufc" for v in state.values())


@pytest.mark.parametrize(
    "members",
    [
        {"weight.txt": b"not an array"},
        {"weight.npy": b"garbage"},
        {"weight.npy": b"\x93NUMPY\x01\x00" + struct.pack("<H", 24) + b"{'descr': os.system}   \n"},
        {"weight.npy": npy_member("<f8", (4,), b"\0" * 8)},  # shorter than claimed
        {"weight.npy": npy_member("<f8", (-1,), b"\0" * 8)},
        {"weight.npy": npy_member("<U3", (1,), b"a\0\0\0b\0\0\0c\0\0\0")},
        {"weight.npy": npy_member([("a", "<f8")], (1,), b"\0" * 8)},
        {"weight.npy": npy_member("|O", (1,), pickle.dumps([1.0]))},
        {"weight.npy": npy_member("<f8", (1,), b"\0" * 8), "extra": b"\x00"},
    ],
    ids=[
        "not-npy",
        "bad-magic",
        "code-in-header",
        "short-data",
        "negative-shape",
        "strings",
        "structured",
        "object",
        "stray-member",
    ],
)
def test_zip_with_a_bad_member_raises_serialization_error(tmp_path, members):
    with pytest.raises(nn.SerializationError, match=r"nn\.load"):
        load_bytes(tmp_path, zip_bytes(members))


@pytest.mark.parametrize(
    "shape", [(10**6, 10**6), (2**62,), (10**5, 10**5, 10**5)], ids=["7-TiB", "2^62", "8-PB"]
)
def test_header_claiming_an_enormous_array_raises_without_allocating_it(tmp_path, shape):
    data = zip_bytes({"weight.npy": npy_member("<f8", shape, b"\0" * 64)})
    with pytest.raises(nn.SerializationError, match=r"nn\.load"):
        load_bytes(tmp_path, data)


def test_compressed_bomb_in_a_member_that_is_not_an_array_is_refused_unread(tmp_path):
    import tracemalloc

    bomb = zip_bytes({"payload.bin": b"\0" * (64 * 2**20)}, compression=zipfile.ZIP_DEFLATED)
    assert len(bomb) < 2**20
    tracemalloc.start()
    try:
        with pytest.raises(nn.SerializationError, match="not a NumPy array"):
            load_bytes(tmp_path, bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 2**20, f"nn.load used {peak / 2**20:.1f} MiB on a 64 MiB bomb"


@pytest.mark.parametrize(
    "wrap",
    [
        lambda payload: payload,  # a bare pickle
        lambda payload: zip_bytes({"weight.npy": npy_member("|O", (1,), payload)}),
        lambda payload: npy_member("|O", (1,), payload),  # a bare .npy
        lambda payload: zip_bytes({"weight.pkl": payload}),
    ],
    ids=["pickle", "npz-object-array", "npy-object-array", "npz-pickle-member"],
)
def test_pickle_payload_is_never_run(tmp_path, wrap):
    marker = tmp_path / "pwned"
    payload = pickle.dumps(WritesMarker(marker))
    with pytest.raises(nn.SerializationError):
        load_bytes(tmp_path, wrap(payload))
    assert not marker.exists()


def test_object_array_saved_by_numpy_itself_is_refused_and_not_run(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "objects.npz"
    np.savez(path, weight=np.array([WritesMarker(marker), 1], dtype=object))
    with pytest.raises(nn.SerializationError):
        nn.load(path)
    assert not marker.exists()


def test_a_single_npy_array_is_refused(tmp_path):
    buffer = io.BytesIO()
    np.save(buffer, np.ones(3))
    with pytest.raises(nn.SerializationError, match="single array"):
        load_bytes(tmp_path, buffer.getvalue(), name="weights.npy")


def test_empty_file_raises_serialization_error(tmp_path):
    with pytest.raises(nn.SerializationError):
        load_bytes(tmp_path, b"")


def test_a_directory_raises_serialization_error(tmp_path):
    with pytest.raises(nn.SerializationError):
        nn.load(tmp_path)


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "absent.npz")


def deflated_npy_bomb(path, shape, data_bytes, chunk=2**22):
    """A .npz whose one deflated member declares ``shape`` (float64) in its .npy header and
    decompresses to ``data_bytes`` of zeros after it; written in chunks, so building it
    stays small in memory. Its zip header's sizes and CRC are true (zipfile computes them)."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("weight.npy", "w", force_zip64=True) as member,
    ):
        member.write(npy_member("<f8", shape, b""))
        zeros = bytes(chunk)
        for _ in range(data_bytes // chunk):
            member.write(zeros)


def peak_memory_of(function):
    import tracemalloc

    tracemalloc.start()
    try:
        function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def test_a_deflate_bomb_whose_header_claims_its_size_is_refused_unread(tmp_path):
    path = tmp_path / "bomb.npz"
    deflated_npy_bomb(path, (2**25,), 2**28)  # 256 MiB of zeros, declared honestly
    assert path.stat().st_size < 2**20

    def load_it():
        with pytest.raises(nn.SerializationError, match=r"nn\.load: .*expand.*'weight\.npy'"):
            nn.load(path)

    peak = peak_memory_of(load_it)
    assert peak < 8 * 2**20, f"nn.load used {peak / 2**20:.1f} MiB on a 256 MiB bomb"


def test_a_member_holding_more_data_than_its_header_declares_is_refused(tmp_path):
    path = tmp_path / "padded.npz"
    deflated_npy_bomb(path, (4,), 2**26)  # declares 32 bytes, holds 64 MiB

    def load_it():
        with pytest.raises(nn.SerializationError, match="more data than its header"):
            nn.load(path)

    peak = peak_memory_of(load_it)
    assert peak < 8 * 2**20, f"nn.load used {peak / 2**20:.1f} MiB reading a 32-byte array"


def test_an_npy_header_longer_than_numpy_allows_is_refused_unread(tmp_path):
    header = b"\x93NUMPY\x02\x00" + struct.pack("<I", 2**31) + b"{"
    path = tmp_path / "long_header.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("weight.npy", header + bytes(2**24))

    def load_it():
        with pytest.raises(nn.SerializationError, match="header of 2147483648 bytes"):
            nn.load(path)

    peak = peak_memory_of(load_it)
    assert peak < 8 * 2**20, f"nn.load used {peak / 2**20:.1f} MiB on a forged header length"


def test_a_compressed_file_written_by_numpy_still_loads(tmp_path):
    path = tmp_path / "compressed.npz"
    weights = np.random.default_rng(0).standard_normal((64, 32)).astype(np.float32)
    np.savez_compressed(path, weight=weights, bias=np.zeros(32), steps=np.int64(7))
    state = nn.load(path)
    np.testing.assert_array_equal(state["weight"], weights)
    assert state["steps"] == 7
    assert state["steps"].shape == ()


def test_a_fortran_ordered_big_endian_array_round_trips(tmp_path):
    array = np.asfortranarray(np.arange(12, dtype=">f4").reshape(3, 4))
    path = tmp_path / "fortran.npz"
    np.savez(path, weight=array)
    loaded = nn.load(path)["weight"]
    np.testing.assert_array_equal(loaded, array)
    assert loaded.dtype == array.dtype
    assert loaded.flags.writeable
