"""nn.save killed mid-write (SIGKILL: no cleanup code runs) leaves the previous file whole."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import nn

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

# 8 arrays of 25 MiB of float32: long enough to write that the kill lands in the middle
SAVE_LARGE_STATE = """
import sys
import numpy as np
import nn
state = {f"layer{i}.weight": np.full(25 * 2**18, i + 1.0, np.float32) for i in range(8)}
nn.save(state, sys.argv[1])
"""


def signature(path):
    stat = os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def wait_until_writing(folder, target, child, before, timeout=20.0):
    """Poll until the child has started writing: a new file in ``folder`` (the temporary
    file) with data in it, or ``target`` itself changed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and child.poll() is None:
        others = [entry for entry in os.scandir(folder) if entry.name != target.name]
        if any(entry.stat().st_size > 0 for entry in others) or signature(target) != before:
            return
        time.sleep(0.001)
    raise AssertionError("the child did not start writing (or finished before it was seen)")


def test_save_killed_mid_write_leaves_the_previous_file_loadable(tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    target = folder / "model.npz"
    original = {"weight": np.arange(6, dtype=np.float32).reshape(2, 3), "bias": np.ones(2)}
    nn.save(original, target)
    before = signature(target)
    child = subprocess.Popen([sys.executable, "-c", SAVE_LARGE_STATE, str(target)])
    try:
        wait_until_writing(folder, target, child, before)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        returncode = child.wait(timeout=10)
    assert returncode == -signal.SIGKILL, "the save finished before it was killed"
    loaded = nn.load(target)
    assert list(loaded) == ["weight", "bias"]
    for name, value in original.items():
        np.testing.assert_array_equal(loaded[name], value)
