"""graphgrad train / python -m nn.train: every user mistake is refused by argparse (exit code 2,
a message naming the option, no traceback) before any training work starts."""

import subprocess
import sys

import pytest

import autograd
from nn import cli
from nn import train as train_module

BAD_VALUES = [
    ("--lr", "nan"),
    ("--lr", "inf"),
    ("--lr", "-inf"),
    ("--lr", "-1"),
    ("--lr", "0"),
    ("--lr", "fast"),
    ("--momentum", "nan"),
    ("--momentum", "-0.5"),
    ("--momentum", "1"),
    ("--weight-decay", "nan"),
    ("--weight-decay", "-1"),
    ("--seed", "-1"),
    ("--seed", "1.5"),
    ("--seed", str(2**32)),
    ("--test-size", "0"),
    ("--test-size", "0.999"),
    ("--test-size", "nan"),
    ("--batch-size", "0"),
    ("--epochs", "0"),
    ("--epochs", "-3"),
    ("--hidden", "0"),
    ("--dropout", "nan"),
    ("--label-smoothing", "1"),
]


@pytest.fixture
def no_training(monkeypatch):
    """Fail the test if training starts: the command line must refuse before that."""

    def refuse(*args, **kwargs):
        raise AssertionError("training started for a command line that should be refused")

    monkeypatch.setattr(train_module, "train", refuse)


def refused(main, argv, capsys):
    """Run ``main(argv)``; it must exit with 2. Returns what it wrote on stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(("option", "value"), BAD_VALUES, ids=[" ".join(v) for v in BAD_VALUES])
def test_python_m_nn_train_refuses_a_bad_value_naming_the_option(
    option, value, capsys, no_training, tmp_path
):
    err = refused(train_module.main, [f"{option}={value}", "--out", tmp_path], capsys)  # -inf
    assert f"argument {option}:" in err
    assert value in err


@pytest.mark.parametrize(
    ("option", "value"), BAD_VALUES[:4], ids=[" ".join(v) for v in BAD_VALUES[:4]]
)
def test_graphgrad_train_refuses_a_bad_value_naming_the_option(
    option, value, capsys, no_training, tmp_path
):
    err = refused(cli.main, ["train", f"{option}={value}", "--out", tmp_path], capsys)
    assert f"argument {option}:" in err


def test_a_non_number_for_an_integer_option_says_what_was_expected(capsys, no_training):
    err = refused(train_module.main, ["--epochs", "abc"], capsys)
    assert "argument --epochs: invalid positive integer: 'abc'" in err
    assert "_positive_int" not in err


def test_the_help_states_the_bounds_of_test_size():
    help_text = " ".join(train_module.build_parser().format_help().split())
    assert "between 0.05 and 0.9" in help_text


def test_out_naming_an_existing_file_is_refused_before_training(capsys, no_training, tmp_path):
    existing = tmp_path / "model.npz"
    existing.write_bytes(b"keep me")
    err = refused(train_module.main, ["--out", existing], capsys)
    assert "argument --out:" in err
    assert "not a directory" in err
    assert existing.read_bytes() == b"keep me"


def test_out_below_an_existing_file_is_refused_before_training(capsys, no_training, tmp_path):
    existing = tmp_path / "notes.txt"
    existing.write_text("keep me")
    err = refused(cli.main, ["train", "--out", existing / "run"], capsys)
    assert "argument --out:" in err


def test_out_in_an_unwritable_directory_is_refused_before_training(
    capsys, no_training, tmp_path, monkeypatch
):
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = train_module.os.access
    monkeypatch.setattr(  # as a non-root user with chmod 0o500 would see it
        train_module.os,
        "access",
        lambda path, mode: False if str(path) == str(locked) else real_access(path, mode),
    )
    err = refused(train_module.main, ["--out", locked / "run"], capsys)
    assert "argument --out:" in err
    assert "not writable" in err


def test_out_that_does_not_exist_yet_is_accepted(tmp_path):
    args = train_module.build_parser().parse_args(["--out", str(tmp_path / "new" / "run")])
    assert args.out == str(tmp_path / "new" / "run")
    assert not (tmp_path / "new").exists()  # checked, not created, while parsing


@pytest.mark.parametrize("main", [train_module.main, cli.main], ids=["nn.train", "graphgrad"])
def test_version_prints_the_package_version(main, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"graphgrad {autograd.__version__}"


def test_good_values_at_the_bounds_are_accepted():
    args = train_module.build_parser().parse_args(
        ["--lr", "1e-4", "--momentum", "0", "--seed", "0", "--test-size", "0.05"]
    )
    assert (args.lr, args.momentum, args.seed, args.test_size) == (1e-4, 0.0, 0, 0.05)
    assert train_module.build_parser().parse_args(["--test-size", "0.9"]).test_size == 0.9


def test_python_m_nn_train_with_lr_nan_exits_2_with_the_option_named(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "nn.train", "--lr", "nan", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert "argument --lr:" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert list(tmp_path.iterdir()) == []
