"""Saving and loading state dicts as ``.npz`` files, never with pickle.

>>> nn.save(model.state_dict(), "model.npz")
>>> model.load_state_dict(nn.load("model.npz"))

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

import numpy as np

from autograd import Tensor

__all__ = ["SerializationError", "load", "save"]


class SerializationError(ValueError):
    """A file is not a state dict that ``nn.load`` can read safely (or one that ``save``
    cannot write)."""


def save(state_dict, path) -> None:
    """Write a dict of name -> array (ndarrays, Tensors or numbers) to ``path`` as ``.npz``.

    The file is written at exactly ``path`` (no ``.npz`` is appended).
    """
    if not hasattr(state_dict, "items"):
        raise SerializationError(
            f"nn.save: expected a dict of name -> array (e.g. "
            f"model.state_dict()), got {type(state_dict).__name__}"
        )
    arrays = OrderedDict()
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
    with open(os.fspath(path), "wb") as handle:
        np.savez(handle, **arrays)


def load(path) -> OrderedDict[str, np.ndarray]:
    """Read a ``.npz`` written by ``save``: a dict of name -> ndarray.

    Raises ``SerializationError`` (a ValueError) naming the path for anything that is not a
    well-formed, pickle-free ``.npz`` of numeric arrays; ``FileNotFoundError`` if it is missing.
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
            result = OrderedDict()
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


def _check_members(archive, path) -> None:
    """Refuse, before anything is decompressed or allocated, a member that is not ``.npy`` (a
    zip bomb would be read whole) or whose header claims more data than the member holds (a
    forged shape would make NumPy allocate it)."""
    for info in archive.zip.infolist():
        if not info.filename.endswith(".npy"):
            raise SerializationError(
                f"nn.load: member '{info.filename}' of {path} is not a NumPy "
                f"array; the file was not written by nn.save"
            )
        with archive.zip.open(info) as member:
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
