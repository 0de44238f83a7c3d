"""Saving and loading state dicts as ``.npz`` (or ``.safetensors``) files, never with pickle.

>>> import nn
>>> model = nn.Linear(3, 2)
>>> nn.save(model.state_dict(), "model.npz")
>>> model.load_state_dict(nn.load("model.npz"))
IncompatibleKeys(missing_keys=[], unexpected_keys=[])

``save`` writes atomically: a temporary file beside the target, flushed and fsynced, then
renamed onto it, so the target is always the old file or the new one, whole.

``load`` parses the ``.npz`` itself (zip members, ``.npy`` headers; never pickle) and reads
every array eagerly, within limits set by the headers and the file's size, so a malformed,
truncated, pickle-bearing or decompression-bomb file raises ``SerializationError`` at once and
no code from the file is ever run.

A path ending in ``.safetensors`` is written and read in the safetensors format instead,
through the ``safetensors`` package's NumPy API (``pip install safetensors``), with the same
guarantees: the same atomic write, and a load that is bounded by the file's size (the package
checks that the header's offsets cover the file exactly) and never unpickles. Such files are
what ``safetensors.torch.save_file(model.state_dict(), path)`` writes for a PyTorch model.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import secrets
import stat
import struct
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, BinaryIO, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from autograd import Tensor

__all__ = ["SerializationError", "load", "save"]


class SerializationError(ValueError):
    """A file is not a state dict that ``nn.load`` can read safely (or one that ``save``
    cannot write).

    >>> save({"weight": np.array(["text"])}, "model.npz")
    Traceback (most recent call last):
    ...
    nn.serialization.SerializationError: nn.save: 'weight' has dtype <U4; ...
    """


def save(state_dict: Mapping[str, Tensor | ArrayLike], path: str | os.PathLike[str]) -> None:
    """Write a dict of name -> array (ndarrays, Tensors or numbers) to ``path`` as ``.npz``, or
    in the safetensors format if ``path`` ends in ``.safetensors``.

    The file is written at exactly ``path`` (no ``.npz`` is appended), atomically: into a
    temporary file beside it, then renamed onto it, so that ``path`` never holds a partial file
    (an interrupted save leaves the previous file as it was).

    >>> save({"scale": np.ones(2, np.float32)}, "state.npz")
    >>> load("state.npz")["scale"]
    array([1., 1.], dtype=float32)
    >>> save({"scale": np.ones(2, np.float32)}, "state.safetensors")
    >>> load("state.safetensors")["scale"]
    array([1., 1.], dtype=float32)
    """
    if not hasattr(state_dict, "items"):
        raise SerializationError(
            f"nn.save: expected a dict of name -> array (e.g. "
            f"model.state_dict()), got {type(state_dict).__name__}"
        )
    arrays: OrderedDict[str, np.ndarray] = OrderedDict()
    for name, value in state_dict.items():
        if not isinstance(name, str):
            raise SerializationError(f"nn.save: keys must be strings, got {name!r}")
        array = value.data if isinstance(value, Tensor) else np.asarray(value)
        if array.dtype.kind not in "biufc":
            raise SerializationError(
                f"nn.save: '{name}' has dtype {array.dtype}; only numeric "
                f"arrays can be saved without pickle ({path})"
            )
        arrays[name] = array
    path = os.fspath(path)
    if _is_safetensors(path):
        _write_atomically(_safetensors_bytes(arrays, path), path)
    else:
        _write_atomically(lambda file: _write_npz(arrays, file), path)


def _is_safetensors(path: str) -> bool:
    return path.lower().endswith(".safetensors")


def _safetensors_module(who: str, path: str) -> ModuleType:
    """``safetensors.numpy``, or an ImportError that says how to install it."""
    try:
        import safetensors.numpy  # an optional dependency: only .safetensors paths need it
    except ImportError:
        raise ModuleNotFoundError(
            f"{who}: {path} is a .safetensors file, which needs the safetensors package: "
            f"pip install safetensors (or save to a .npz path)",
            name="safetensors",
        ) from None
    return safetensors.numpy


_ORDER_KEY = "graphgrad.key_order"
"""The metadata entry that keeps the state dict's key order (safetensors sorts its tensors)."""


def _safetensors_bytes(arrays: Mapping[str, np.ndarray], path: str) -> Callable[[BinaryIO], None]:
    """A writer of the safetensors file for ``arrays`` (serialised here, before any file is
    touched, so that an unsupported dtype leaves the target as it was)."""
    module = _safetensors_module("nn.save", path)
    tensors = {}
    for name, array in arrays.items():
        if array.dtype.kind == "c" and array.dtype != np.complex64:
            raise SerializationError(
                f"nn.save: '{name}' has dtype {array.dtype}, which the safetensors format "
                f"cannot store ({path}); save it as complex64 or to a .npz path"
            )
        tensors[name] = np.array(array, dtype=array.dtype.newbyteorder("<"), order="C")
    payload = module.save(tensors, metadata={_ORDER_KEY: json.dumps(list(tensors))})

    def write(file: BinaryIO) -> None:
        file.write(payload)

    return write


def _write_atomically(write: Callable[[BinaryIO], None], path: str) -> None:
    """Write into a temporary file beside ``path``, flush and fsync it, then ``os.replace`` it
    onto ``path``: whoever reads ``path`` (after a crash, a SIGKILL or a power cut too) finds the
    old file or the new one, never part of one. On any exception, Ctrl-C included, the
    temporary file is removed and the old file is untouched."""
    target = os.path.realpath(path)  # through a symlink, as writing to it in place would
    descriptor, temporary = _create_temporary(target)
    try:
        with os.fdopen(descriptor, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileNotFoundError):  # keep the replaced file's permissions
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(os.path.dirname(target))


def _create_temporary(target: str) -> tuple[int, str]:
    """A new, hidden file beside ``target`` (``.model.npz.1a2b3c4d.tmp``), opened for writing;
    created with mode 0o666 so that the umask decides its permissions, as for any new file."""
    folder, name = os.path.split(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:  # a leftover of a killed save with the same random name
            continue


def _sync_directory(folder: str) -> None:
    """Make the rename itself durable (POSIX: fsync the directory); best effort."""
    if not hasattr(os, "O_DIRECTORY"):  # Windows cannot open a directory
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder or ".", os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _write_npz(arrays: Mapping[str, np.ndarray], file: BinaryIO) -> None:
    """What ``np.savez`` writes (one ``<name>.npy`` member per array, uncompressed), done here
    so that any key is an array's name (``np.savez(**arrays)`` would take a key such as
    ``allow_pickle`` or ``file`` as its own argument)."""
    with zipfile.ZipFile(file, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=False)


# zipfile raises NotImplementedError (unknown compression, version) and RuntimeError (encryption
# flag) for corrupted member headers
_MALFORMED_FILE_ERRORS = (
    ValueError,
    OSError,
    EOFError,
    zipfile.BadZipFile,
    KeyError,
    TypeError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
    struct.error,
)
_NPY_MAGIC = b"\x93NUMPY"
_MAX_HEADER_BYTES = 2**16  # NumPy itself refuses headers over 10,000 characters
_CHUNK_BYTES = 2**20
_ALWAYS_ALLOWED_BYTES = 64 * 2**20
_MAX_EXPANSION = 32  # nn.save stores arrays uncompressed: 1x; float weights deflate to ~1.1x


def load(path: str | os.PathLike[str]) -> OrderedDict[str, np.ndarray]:
    """Read a ``.npz`` written by ``save`` (or by ``np.savez`` / ``np.savez_compressed``): a dict
    of name -> ndarray. A path ending in ``.safetensors`` is read as a safetensors file (the
    ``safetensors`` package's bounded, pickle-free loader), in the order it was saved.

    Raises ``SerializationError`` (a ValueError) naming the path for anything that is not a
    well-formed, pickle-free ``.npz`` of numeric arrays; ``FileNotFoundError`` if it is missing.
    Nothing is allocated for what a file merely claims: every member's ``.npy`` header is read
    first, the arrays together may need at most ``64 MiB + 32 x`` the file's size (a deflate
    bomb is refused unread), and each member is read in bounded chunks, up to exactly what its
    shape and dtype need.

    >>> _ = open("notes.npz", "w").write("not an archive")
    >>> load("notes.npz")
    Traceback (most recent call last):
    ...
    nn.serialization.SerializationError: nn.load: cannot read notes.npz as a state dict ...
    """
    path = os.fspath(path)
    if _is_safetensors(path):
        return _load_safetensors(path)
    try:
        with open(path, "rb") as file:
            if file.read(len(_NPY_MAGIC)) == _NPY_MAGIC:
                raise SerializationError(
                    f"nn.load: {path} holds a single array, not a state dict "
                    f"(an .npz archive) written by nn.save"
                )
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                return _read_archive(archive, os.fstat(file.fileno()).st_size, path)
    except (SerializationError, FileNotFoundError):
        raise
    except _MALFORMED_FILE_ERRORS as exc:
        raise SerializationError(
            f"nn.load: cannot read {path} as a state dict saved by nn.save: the file is "
            f"malformed, truncated or holds pickled objects, which are refused "
            f"({type(exc).__name__}: {exc})"
        ) from None


class _Header(NamedTuple):
    """What a member's ``.npy`` header declares, and where its data starts."""

    shape: tuple[int, ...]
    fortran_order: bool
    dtype: np.dtype[Any]
    data_offset: int

    @property
    def data_bytes(self) -> int:
        return math.prod(self.shape) * self.dtype.itemsize


def _read_archive(
    archive: zipfile.ZipFile, file_size: int, path: str
) -> OrderedDict[str, np.ndarray]:
    """Every member's header first (so that nothing is decompressed or allocated before the
    whole archive is known to fit), then every member's data."""
    members = _array_members(archive, path)
    headers = [_read_header(archive, info, path) for info in members]
    needed = sum(header.data_bytes for header in headers)
    allowed = _ALWAYS_ALLOWED_BYTES + _MAX_EXPANSION * file_size
    if needed > allowed:
        largest = max(range(len(headers)), key=lambda index: headers[index].data_bytes)
        raise SerializationError(
            f"nn.load: the arrays of {path} would expand to {needed} bytes from a file of "
            f"{file_size} bytes (member '{members[largest].filename}' claims shape "
            f"{headers[largest].shape}), more than the {allowed} allowed: a compression bomb "
            f"or a forged header. If you trust the file, read it with numpy.load and save "
            f"it again with nn.save (which stores arrays uncompressed)"
        )
    result: OrderedDict[str, np.ndarray] = OrderedDict()
    for info, header in zip(members, headers, strict=True):
        result[info.filename[: -len(".npy")]] = _read_data(archive, info, header, path)
    return result


def _array_members(archive: zipfile.ZipFile, path: str) -> list[zipfile.ZipInfo]:
    """The archive's members, refused before anything is decompressed if one is not ``.npy``
    (a zip bomb would be read whole) or a name appears twice."""
    members = archive.infolist()
    seen: set[str] = set()
    for info in members:
        if not info.filename.endswith(".npy"):
            raise SerializationError(
                f"nn.load: member '{info.filename}' of {path} is not a NumPy "
                f"array; the file was not written by nn.save"
            )
        if info.filename in seen:
            raise SerializationError(
                f"nn.load: {path} holds two members named '{info.filename}'; the file was "
                f"not written by nn.save"
            )
        seen.add(info.filename)
    return members


def _read_header(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str) -> _Header:
    """Parse a member's ``.npy`` header, reading no more than its bounded length, and check
    that it declares a numeric array the member can hold."""
    with archive.open(info) as member:
        prefix = member.read(len(_NPY_MAGIC) + 2)
        if len(prefix) < 8 or not prefix.startswith(_NPY_MAGIC) or prefix[6] not in (1, 2, 3):
            raise SerializationError(
                f"nn.load: member '{info.filename}' of {path} is not .npy data"
            )
        length_field = member.read(2 if prefix[6] == 1 else 4)
        length = int.from_bytes(length_field, "little")
        if length > _MAX_HEADER_BYTES:
            raise SerializationError(
                f"nn.load: member '{info.filename}' of {path} has a .npy header of {length} "
                f"bytes (at most {_MAX_HEADER_BYTES}); the file is forged"
            )
        text = member.read(length)
    parse = np.lib.format.read_array_header_1_0
    if prefix[6] != 1:  # versions 2 and 3 differ in the header's text encoding only
        parse = np.lib.format.read_array_header_2_0
    shape, fortran_order, dtype = parse(io.BytesIO(length_field + text))
    header = _Header(shape, fortran_order, dtype, len(prefix) + len(length_field) + length)
    _check_header(header, info, path)
    return header


def _check_header(header: _Header, info: zipfile.ZipInfo, path: str) -> None:
    """Numeric dtypes only; no negative sizes; not more data than the member holds."""
    name = info.filename[: -len(".npy")]
    dtype = header.dtype
    if dtype.kind not in "biufc" or dtype.fields is not None or dtype.hasobject:
        why = " (pickled objects, which are refused: unpickling runs code)" * dtype.hasobject
        raise SerializationError(
            f"nn.load: '{name}' in {path} has dtype {dtype}{why}; only numeric arrays are accepted"
        )
    declared = info.file_size - header.data_offset  # what the zip directory says it holds
    if min(header.shape, default=0) < 0 or header.data_bytes > declared:
        raise SerializationError(
            f"nn.load: member '{info.filename}' of {path} claims shape {header.shape} "
            f"({header.data_bytes} bytes) but holds {max(declared, 0)} bytes; the file is "
            f"truncated or forged"
        )


def _read_data(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, header: _Header, path: str
) -> np.ndarray:
    """The member's array, read in chunks of at most 1 MiB into a buffer of exactly the size
    its header declares; a member holding more (or less) than that is refused."""
    buffer = bytearray(header.data_bytes)
    view = memoryview(buffer)
    with archive.open(info) as member:
        member.read(header.data_offset)
        filled = 0
        while filled < len(buffer):
            chunk = member.read(min(_CHUNK_BYTES, len(buffer) - filled))
            if not chunk:
                raise EOFError(f"member '{info.filename}' ends after {filled} data bytes")
            view[filled : filled + len(chunk)] = chunk
            filled += len(chunk)
        if member.read(1):  # reading to the end also checks the member's CRC-32
            raise SerializationError(
                f"nn.load: member '{info.filename}' of {path} holds more data than its header "
                f"declares (shape {header.shape}, dtype {header.dtype}); the file is forged"
            )
    array = np.frombuffer(buffer, dtype=header.dtype)
    if header.fortran_order:
        return array.reshape(header.shape[::-1]).transpose()
    return array.reshape(header.shape)


def _load_safetensors(path: str) -> OrderedDict[str, np.ndarray]:
    """Every tensor of a safetensors file, copied out of the mapped file, in the saved order
    (when the file records it, else the file's own)."""
    _safetensors_module("nn.load", path)
    from safetensors import safe_open  # what safetensors.numpy.load_file reads with

    arrays: dict[str, np.ndarray] = {}
    try:
        with safe_open(path, framework="np") as file:
            metadata = file.metadata() or {}
            for name in file.keys():  # noqa: SIM118 - safe_open is not a Mapping
                arrays[name] = np.array(file.get_tensor(name), copy=True)
    except FileNotFoundError:
        raise
    except Exception as exc:  # the Rust parser's SafetensorError, OSError, ValueError ...
        raise SerializationError(
            f"nn.load: cannot read {path} as a safetensors state dict: the file is malformed "
            f"or truncated ({type(exc).__name__}: {exc})"
        ) from None
    result: OrderedDict[str, np.ndarray] = OrderedDict()
    for name in _saved_order(metadata.get(_ORDER_KEY), list(arrays)):
        if arrays[name].dtype.kind not in "biufc":
            raise SerializationError(
                f"nn.load: '{name}' in {path} has dtype {arrays[name].dtype}; only numeric "
                f"arrays are accepted"
            )
        result[name] = arrays[name]
    return result


def _saved_order(recorded: str | None, names: list[str]) -> list[str]:
    """The key order ``save`` recorded, if it names exactly the file's tensors."""
    if recorded is not None:
        with contextlib.suppress(ValueError, TypeError):
            order = json.loads(recorded)
            if isinstance(order, list) and sorted(order) == sorted(names):
                return [str(name) for name in order]
    return names
