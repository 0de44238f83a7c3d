"""End to end: a quick digits run, the graphgrad train command, and the moons example."""

import dataclasses
import importlib
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import nn
from nn.cli import build_parser, main
from nn.train import TrainConfig, train
from nn.train import build_parser as build_train_parser

ROOT = Path(__file__).resolve().parents[2]
ACCURACY_LINE = re.compile(r"^test accuracy: \d{1,3}\.\d%$")


def viz_available() -> bool:
    try:
        return hasattr(importlib.import_module("autograd.viz"), "draw")
    except ImportError:
        return False


def test_quick_digits_training_is_far_above_chance():
    result = train(epochs=3, hidden=(64,), dropout=0.0, progress=False)
    assert result["test_accuracy"] > 0.9
    assert len(result["history"]["loss"]) == 3
    assert result["history"]["loss"][-1] < result["history"]["loss"][0]


def test_training_is_reproducible_with_the_same_seed():
    first = train(epochs=1, hidden=(32,), seed=3, progress=False)
    second = train(epochs=1, hidden=(32,), seed=3, progress=False)
    np.testing.assert_array_equal(first["model"][0].weight.data, second["model"][0].weight.data)


def test_cli_train_writes_the_three_files_and_prints_the_accuracy_line(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["train", "--epochs", "1", "--hidden", "32", "--out", out, "--no-progress"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert ACCURACY_LINE.match(lines[-1]), lines[-1]
    assert (out / "model.npz").stat().st_size > 0
    assert (out / "training.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    state = nn.load(out / "model.npz")
    assert state["0.weight"].shape == (32, 64)
    if viz_available():
        assert "<svg" in (out / "step_graph.svg").read_text()


def test_cli_quiet_prints_only_the_accuracy_line(tmp_path, capsys):
    main(["train", "--epochs", "1", "--hidden", "16", "--out", tmp_path, "--quiet"])
    captured = capsys.readouterr()
    assert ACCURACY_LINE.match(captured.out.strip())
    assert "training" not in captured.err  # no progress bar


def test_cli_rejects_a_non_positive_epoch_count(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--epochs", "0"])
    assert "positive integer" in capsys.readouterr().err


def test_every_train_config_field_is_an_option_with_its_default():
    parsed = TrainConfig.from_args(build_train_parser().parse_args([]))
    assert parsed == TrainConfig()
    help_text = build_train_parser().format_help()
    for field in dataclasses.fields(TrainConfig):
        flag = "--no-progress" if field.name == "progress" else "--" + field.name.replace("_", "-")
        assert flag in help_text


def test_train_takes_a_config_with_keyword_overrides():
    result = train(TrainConfig(epochs=5, hidden=(16,)), epochs=1, progress=False)
    assert len(result["history"]["loss"]) == 1
    assert result["model"][0].weight.shape == (16, 64)


def test_cli_has_a_demo_command_with_an_out_option():
    args = build_parser().parse_args(["demo", "--out", "somewhere"])
    assert args.command == "demo" and args.out == "somewhere"


def test_python_m_nn_train_help_documents_every_option():
    result = subprocess.run(
        [sys.executable, "-m", "nn.train", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0
    for option in (
        "--epochs",
        "--lr",
        "--batch-size",
        "--seed",
        "--out",
        "--hidden",
        "--optimizer",
        "--quiet",
        "--no-progress",
    ):
        assert option in result.stdout


def test_moons_example_reaches_full_training_accuracy(capsys):
    spec = importlib.util.spec_from_file_location("moons", ROOT / "docs" / "examples" / "moons.py")
    moons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(moons)
    assert moons.main(verbose=False) == 1.0
    assert "training accuracy: 100%" in capsys.readouterr().out
