"""Saving and loading state dicts as ``.npz`` files, never with pickle.

>>> import nn
>>> model = nn.Linear(3, 2)
>>> nn.save(model.state_dict(), "model.npz")
>>> model.load_state_dict(nn.load("model.npz"))
IncompatibleKeys(missing_keys=[], unexpected_keys=[])

``load`` opens the file with ``np.load(allow_pickle=False)`` and reads every array eagerly, so
a malformed, truncated or pickle-bearing file raises ``SerializationError`` at once and no code
from the file is ever run.
"""

from __future__ import annotations

import math
import os
import struct
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Mapping

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
    """Write a dict of name -> array (ndarrays, Tensors or numbers) to ``path`` as ``.npz``.

    The file is written at exactly ``path`` (no ``.npz`` is appended).

    >>> save({"scale": np.ones(2, np.float32)}, "state.npz")
    >>> load("state.npz")["scale"]
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
    _write_npz(arrays, os.fspath(path))


def _write_npz(arrays: Mapping[str, np.ndarray], path: str) -> None:
    """What ``np.savez`` writes (one ``<name>.npy`` member per array, uncompressed), done here
    so that any key is an array's name (``np.savez(**arrays)`` would take a key such as
    ``allow_pickle`` as its own option)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=False)


def load(path: str | os.PathLike[str]) -> OrderedDict[str, np.ndarray]:
    """Read a ``.npz`` written by ``save``: a dict of name -> ndarray.

    Raises ``SerializationError`` (a ValueError) naming the path for anything that is not a
    well-formed, pickle-free ``.npz`` of numeric arrays; ``FileNotFoundError`` if it is missing.

    >>> _ = open("notes.npz", "w").write("not an archive")
    >>> load("notes.npz")
    Traceback (most recent call last):
    ...
    nn.serialization.SerializationError: nn.load: cannot read notes.npz as a state dict ...
    """
    path = os.fspath(path)
    try:
        archive = np.load(path, allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise SerializationError(
                f"nn.load: {path} holds a single array, not a state dict "
                f"(an .npz archive) written by nn.save"
            )
        with archive:
            _check_members(archive, path)
            return _read_arrays(archive, path)
    except (SerializationError, FileNotFoundError):
        raise
    except (
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
    ) as exc:
        # zipfile raises NotImplementedError (unknown compression, version) and RuntimeError
        # (encryption flag) for corrupted member headers
        raise SerializationError(
            f"nn.load: cannot read {path} as a state dict saved by nn.save: the file is "
            f"malformed, truncated or holds pickled objects, which are refused "
            f"({type(exc).__name__}: {exc})"
        ) from None


def _read_arrays(archive: np.lib.npyio.NpzFile, path: str) -> OrderedDict[str, np.ndarray]:
    """Every member of the (checked) archive, read eagerly; only numeric arrays pass."""
    result: OrderedDict[str, np.ndarray] = OrderedDict()
    for name in archive.files:
        array = archive[name]
        if not isinstance(array, np.ndarray):  # a member that is not .npy data
            raise SerializationError(
                f"nn.load: member '{name}' of {path} is not a NumPy "
                f"array; the file was not written by nn.save"
            )
        if array.dtype.kind not in "biufc":
            raise SerializationError(
                f"nn.load: '{name}' in {path} has dtype "
                f"{array.dtype}; only numeric arrays are accepted"
            )
        result[name] = array
    return result


def _check_members(archive: np.lib.npyio.NpzFile, path: str) -> None:
    """Refuse, before anything is decompressed or allocated, a member that is not ``.npy`` (a
    zip bomb would be read whole) or whose header claims more data than the member holds (a
    forged shape would make NumPy allocate it)."""
    members = archive.zip
    if members is None:  # only after the archive was closed
        raise SerializationError(f"nn.load: {path} was closed before it was read")
    for info in members.infolist():
        if not info.filename.endswith(".npy"):
            raise SerializationError(
                f"nn.load: member '{info.filename}' of {path} is not a NumPy "
                f"array; the file was not written by nn.save"
            )
        with members.open(info) as member:
            major, _ = np.lib.format.read_magic(member)
            read_header = (
                np.lib.format.read_array_header_1_0
                if major == 1
                else np.lib.format.read_array_header_2_0
            )
            shape, _, dtype = read_header(member)
        claimed = math.prod(shape) * dtype.itemsize
        if claimed > info.file_size:
            raise SerializationError(
                f"nn.load: member '{info.filename}' of {path} claims shape "
                f"{shape} ({claimed} bytes) but holds {info.file_size} "
                f"bytes; the file is truncated or forged"
            )
