"""``graphgrad train`` (also ``python -m nn.train``): an MLP on scikit-learn's bundled digits.

Trains with a progress bar, then writes into ``--out``:

- ``model.npz``       the trained state dict (``nn.save``; load it with ``nn.load``);
- ``training.png``    loss and accuracy per epoch;
- ``step_graph.svg``  the graph of one training step's loss, drawn collapsed by module;

and prints a final line ``test accuracy: 97.5%``. The defaults finish in seconds and reach
about 98% test accuracy. scikit-learn, matplotlib and tqdm are the ``graphgrad[train]`` extra.

Every option is stated once, as a field of ``TrainConfig``; the command line is built from it:

>>> build_parser().parse_args(["--epochs", "5", "--hidden", "64"]).hidden
[64]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypedDict

import numpy as np

import autograd
from autograd import from_numpy, no_grad

from .data import DataLoader, load_digits
from .init import manual_seed
from .layers import Dropout, Linear, ReLU
from .losses import CrossEntropyLoss
from .module import Module, Parameter, Sequential
from .optim import SGD, Adam, AdamW, Optimizer
from .optim.lr_scheduler import CosineAnnealingLR, LRScheduler
from .serialization import save

__all__ = [
    "TrainConfig",
    "TrainResult",
    "add_train_arguments",
    "add_version_argument",
    "build_model",
    "build_parser",
    "draw_step_graph",
    "main",
    "plot_history",
    "run_from_args",
    "train",
]


def _parsed(text: str, parse: Callable[[str], Any], expected: str) -> Any:
    """``parse(text)``, or argparse's error naming what was expected (argparse would otherwise
    name the parsing function: "invalid _positive_int value")."""
    try:
        return parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid {expected}: {text!r}") from None


def _positive_int(text: str) -> int:
    value = _parsed(text, int, "positive integer")
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text}")
    return value


def _seed(text: str) -> int:
    value = _parsed(text, int, "integer")
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"expected an integer in [0, 2**32), got {text}")
    return value


def _bounded_float(
    low: float, high: float, high_included: bool, what: str
) -> Callable[[str], float]:
    """A parser of finite numbers in [low, high) (or [low, high]); nan and inf are refused."""

    def parse(text: str) -> float:
        value = _parsed(text, float, "number")
        inside = low <= value <= high if high_included else low <= value < high
        if not (math.isfinite(value) and inside):
            raise argparse.ArgumentTypeError(f"expected {what}, got {text}")
        return value

    return parse


def _positive_float(text: str) -> float:
    value = _parsed(text, float, "number")
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a finite positive number, got {text}")
    return value


_probability = _bounded_float(0.0, 1.0, False, "a number in [0, 1)")
_non_negative = _bounded_float(0.0, math.inf, False, "a finite number >= 0")
# at least 5% of each class (about 18 images of each digit) for testing, at least 10% for training
_test_fraction = _bounded_float(0.05, 0.9, True, "a fraction between 0.05 and 0.9")


def _output_directory(text: str) -> str:
    """``--out``: an existing writable directory, or one that can be created in the nearest
    existing ancestor (checked, not created, so that parsing has no side effects)."""
    path = os.path.abspath(text)
    if os.path.exists(path) and not os.path.isdir(path):
        raise argparse.ArgumentTypeError(f"{text} is an existing file, not a directory")
    existing = path
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    if not os.path.isdir(existing):
        raise argparse.ArgumentTypeError(
            f"cannot create {text}: {existing} is a file, not a directory"
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"cannot write into {text}: {existing} is not writable")
    return text


def _option(
    default: Any,
    help_text: str,
    parse: Callable[[str], Any] | None = None,
    flag: str | None = None,
    **argparse_options: Any,
) -> Any:
    """A ``TrainConfig`` field: its default, its ``--help`` text, how to parse it from the
    command line (``parse``; None for a flag), its option's name if not ``--<field-name>``
    and any other ``add_argument`` options."""
    metadata = {"help": help_text, "parse": parse, "flag": flag, "argparse": argparse_options}
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass
class TrainConfig:
    """Every option of ``graphgrad train``: a field's default, help text and parser are its
    command-line option (``batch_size`` is ``--batch-size``).

    >>> TrainConfig(epochs=5).epochs, TrainConfig().hidden
    (5, (256, 128))
    """

    epochs: int = _option(30, "passes over the training set", _positive_int)
    lr: float = _option(3e-3, "initial learning rate, a finite number > 0", _positive_float)
    batch_size: int = _option(32, "examples per optimisation step", _positive_int)
    seed: int = _option(
        0,
        "seeds the train/test split, the initialisation, dropout and the shuffling; an "
        "integer in [0, 2**32)",
        _seed,
    )
    out: str = _option(
        ".",
        "directory for model.npz, training.png and step_graph.svg; created if missing "
        "(default: the current directory)",
        _output_directory,
    )
    hidden: tuple[int, ...] = _option(
        (256, 128),
        "sizes of the hidden layers, e.g. --hidden 256 64",
        _positive_int,
        nargs="+",
        metavar="UNITS",
    )
    optimizer: str = _option(
        "adam", "sgd (with --momentum), adam or adamw", str, choices=("sgd", "adam", "adamw")
    )
    momentum: float = _option(0.9, "momentum for --optimizer sgd, in [0, 1)", _probability)
    weight_decay: float = _option(
        0.0, "L2 penalty (sgd, adam) or decoupled decay (adamw), >= 0", _non_negative
    )
    dropout: float = _option(
        0.2, "dropout probability after each hidden layer; 0 disables", _probability
    )
    label_smoothing: float = _option(0.1, "label smoothing of the cross-entropy loss", _probability)
    schedule: str = _option(
        "cosine", "learning-rate schedule over the epochs", str, choices=("cosine", "none")
    )
    test_size: float = _option(
        0.2,
        "fraction of the digits held out for testing, stratified by class; between 0.05 and "
        "0.9, so that both sets hold every class",
        _test_fraction,
    )
    progress: bool = _option(True, "do not show the progress bar", flag="--no-progress")
    quiet: bool = _option(False, "print only the final accuracy line (implies --no-progress)")

    @property
    def shows_progress(self) -> bool:
        """Whether training draws a progress bar (not with ``--quiet`` or ``--no-progress``).

        >>> TrainConfig(quiet=True).shows_progress
        False
        """
        return self.progress and not self.quiet

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> TrainConfig:
        """The config of parsed command-line options (as ``add_train_arguments`` made them).

        >>> args = build_parser().parse_args(["--lr", "0.01", "--no-progress"])
        >>> config = TrainConfig.from_args(args)
        >>> config.lr, config.progress
        (0.01, False)
        """
        values = {field.name: getattr(args, field.name) for field in dataclasses.fields(cls)}
        values["hidden"] = tuple(values["hidden"])
        return cls(**values)


def _add_option(parser: argparse.ArgumentParser, field: dataclasses.Field[Any]) -> None:
    """One ``TrainConfig`` field as a command-line option: a flag when its default is a bool."""
    metadata = field.metadata
    flag = metadata["flag"] or "--" + field.name.replace("_", "-")
    if isinstance(field.default, bool):
        action = "store_false" if field.default else "store_true"
        parser.add_argument(flag, dest=field.name, action=action, help=metadata["help"])
        return
    help_text = metadata["help"]
    if "(default:" not in help_text:
        shown = field.default
        if isinstance(shown, tuple):  # as it is typed: --hidden 256 128
            shown = " ".join(str(item) for item in shown)
        help_text += f" (default: {shown})"
    parser.add_argument(
        flag, type=metadata["parse"], default=field.default, help=help_text, **metadata["argparse"]
    )


def add_train_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the options of ``graphgrad train`` (one per ``TrainConfig`` field) to ``parser``.

    >>> parser = add_train_arguments(argparse.ArgumentParser())
    >>> parser.parse_args(["--batch-size", "8"]).batch_size
    8
    """
    for field in dataclasses.fields(TrainConfig):
        _add_option(parser, field)
    return parser


def build_parser(prog: str = "python -m nn.train") -> argparse.ArgumentParser:
    """The parser of ``python -m nn.train``: its ``--help`` documents every option.

    >>> build_parser().parse_args([]).optimizer
    'adam'
    >>> "--label-smoothing" in build_parser().format_help()
    True
    """
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Train an MLP on scikit-learn's bundled 8x8 digits and write "
        "model.npz, training.png and step_graph.svg into --out.",
    )
    add_version_argument(parser)
    return add_train_arguments(parser)


def add_version_argument(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add ``--version``, which prints ``graphgrad <version>`` and exits.

    >>> parser = add_version_argument(argparse.ArgumentParser())
    >>> parser.parse_args(["--version"])
    Traceback (most recent call last):
    ...
    SystemExit: 0
    """
    parser.add_argument("--version", action="version", version=f"graphgrad {autograd.__version__}")
    return parser


def build_model(
    hidden: Iterable[int], dropout: float = 0.0, in_features: int = 64, classes: int = 10
) -> Sequential:
    """Linear -> ReLU (-> Dropout) for each hidden size, then a Linear to the class scores.

    >>> build_model([32], dropout=0.1)
    Sequential(
      (0): Linear(in_features=64, out_features=32, bias=True)
      (1): ReLU()
      (2): Dropout(p=0.1)
      (3): Linear(in_features=32, out_features=10, bias=True)
    )
    """
    layers: list[Module] = []
    previous = in_features
    for units in hidden:
        layers += [Linear(previous, units), ReLU()]
        if dropout:
            layers.append(Dropout(dropout))
        previous = units
    layers.append(Linear(previous, classes))
    return Sequential(*layers)


def _make_optimizer(config: TrainConfig, parameters: Iterable[Parameter]) -> Optimizer:
    if config.optimizer == "sgd":
        return SGD(
            parameters, lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay
        )
    if config.optimizer == "adamw":
        return AdamW(parameters, lr=config.lr, weight_decay=config.weight_decay)
    return Adam(parameters, lr=config.lr, weight_decay=config.weight_decay)


def _accuracy(model: Module, images: np.ndarray, labels: np.ndarray) -> float:
    model.eval()
    with no_grad():
        predictions = model(from_numpy(images)).data.argmax(axis=1)
    model.train()
    return float((predictions == labels).mean())


def _single_threaded_blas() -> contextlib.AbstractContextManager[object]:
    """Small matrices train faster on one BLAS thread (and without oversubscribing a busy
    machine). threadpoolctl comes with scikit-learn, an optional extra: imported here, and a
    no-op when it is missing."""
    try:
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # no stubs
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


class _ProgressBar:
    """tqdm's bar over the epochs when it is wanted and installed, else nothing at all."""

    def __init__(self, epochs: int, enabled: bool) -> None:
        self._bar: Any = None
        if enabled:
            try:  # tqdm is an optional extra (graphgrad[train]): imported only for a bar
                from tqdm.auto import tqdm
            except ImportError:
                return
            self._bar = tqdm(total=epochs, desc="training", unit="epoch", file=sys.stderr)

    def update(self, loss: float, accuracy: float) -> None:
        if self._bar is not None:
            self._bar.set_postfix(loss=f"{loss:.4f}", accuracy=f"{accuracy:.1%}")
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


History = dict[str, list[float]]


class TrainResult(TypedDict):
    """What ``train`` returns: the model (in eval mode), the per-epoch history (``"loss"``,
    ``"train_accuracy"``, ``"test_accuracy"``), the final test accuracy, the training time,
    the data split ``(X_train, X_test, y_train, y_test)`` and the loss module.

    >>> list(TrainResult.__annotations__)
    ['model', 'history', 'test_accuracy', 'seconds', 'data', 'criterion']
    """

    model: Sequential
    history: History
    test_accuracy: float
    seconds: float
    data: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    criterion: CrossEntropyLoss


def _train_one_epoch(
    model: Module, loader: DataLoader, criterion: CrossEntropyLoss, optimizer: Optimizer
) -> tuple[float, float]:
    """One pass over ``loader``; returns (mean loss, training accuracy) over its examples."""
    model.train()
    total_loss, correct, count = 0.0, 0, 0
    for images, labels in loader:
        logits = model(from_numpy(images))
        loss = criterion(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(labels)
        correct += int((logits.data.argmax(axis=1) == labels).sum())
        count += len(labels)
    return total_loss / count, correct / count


def train(config: TrainConfig | None = None, **options: Any) -> TrainResult:
    """Train the digits MLP with ``config`` (the defaults if None), any field overridden by
    keyword (``train(epochs=3, progress=False)``); returns a ``TrainResult``.

    >>> TrainConfig(epochs=3, hidden=(64,)).hidden  # e.g. train(TrainConfig(...)), or:
    (64,)
    >>> train(epochs=0)
    Traceback (most recent call last):
    ...
    ValueError: train: epochs must be a positive integer, got 0
    """
    config = dataclasses.replace(config or TrainConfig(), **options)
    if config.epochs < 1:
        raise ValueError(f"train: epochs must be a positive integer, got {config.epochs}")
    manual_seed(config.seed)
    X_train, X_test, y_train, y_test = load_digits(test_size=config.test_size, seed=config.seed)
    model = build_model(config.hidden, config.dropout)
    optimizer = _make_optimizer(config, model.parameters())
    scheduler: LRScheduler | None = None
    if config.schedule == "cosine":
        scheduler = CosineAnnealingLR(optimizer, T_max=config.epochs)
    criterion = CrossEntropyLoss(label_smoothing=config.label_smoothing)
    loader = DataLoader(
        X_train, y_train, batch_size=config.batch_size, shuffle=True, seed=config.seed
    )
    history: History = {"loss": [], "train_accuracy": [], "test_accuracy": []}
    bar = _ProgressBar(config.epochs, config.shows_progress)
    start = time.perf_counter()
    with _single_threaded_blas():
        for _ in range(config.epochs):
            loss, train_accuracy = _train_one_epoch(model, loader, criterion, optimizer)
            if scheduler is not None:
                scheduler.step()
            history["loss"].append(loss)
            history["train_accuracy"].append(train_accuracy)
            history["test_accuracy"].append(_accuracy(model, X_test, y_test))
            bar.update(loss, history["test_accuracy"][-1])
    seconds = time.perf_counter() - start
    bar.close()
    model.eval()
    return TrainResult(
        model=model,
        history=history,
        test_accuracy=history["test_accuracy"][-1],
        seconds=seconds,
        data=(X_train, X_test, y_train, y_test),
        criterion=criterion,
    )


def plot_history(history: History, path: str | os.PathLike[str]) -> None:
    """Loss (left) and train/test accuracy (right) per epoch, as a PNG (Agg, no display).

    >>> plot_history(
    ...     {"loss": [1.0, 0.5], "train_accuracy": [0.5, 0.9], "test_accuracy": [0.4, 0.8]},
    ...     "curves.png",
    ... )
    >>> open("curves.png", "rb").read(4)
    b'\\x89PNG'
    """
    # matplotlib is an optional extra (graphgrad[train]) and slow to import: only when plotting
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    epochs = np.arange(1, len(history["loss"]) + 1)
    figure = Figure(figsize=(9, 3.5), layout="constrained")
    FigureCanvasAgg(figure)
    loss_axes, accuracy_axes = figure.subplots(1, 2)
    loss_axes.plot(epochs, history["loss"], marker="o", markersize=3)
    loss_axes.set(title="training loss", xlabel="epoch", ylabel="cross-entropy")
    for split in ("train", "test"):
        accuracy = np.array(history[f"{split}_accuracy"]) * 100
        accuracy_axes.plot(epochs, accuracy, marker="o", markersize=3, label=split)
    accuracy_axes.set(title="accuracy", xlabel="epoch", ylabel="accuracy (%)")
    accuracy_axes.legend()
    for axes in (loss_axes, accuracy_axes):
        axes.grid(alpha=0.3)
    figure.savefig(os.fspath(path), dpi=100)


def _layer_names(model: Module, criterion: Module) -> list[str]:
    """Class names of the innermost modules and of the loss: one box each in the drawing, so
    the network's shape stays visible (collapse=True would fold the whole Sequential)."""
    leaves = {
        type(module).__name__
        for _, module in model.named_modules()
        if not any(True for _ in module.children())
    }
    return sorted(leaves | {type(criterion).__name__})


def draw_step_graph(
    model: Module,
    criterion: Module,
    images: np.ndarray,
    labels: np.ndarray,
    path: str | os.PathLike[str],
) -> autograd.viz.Drawing:
    """Draw one training step's loss graph (forward and gradient flow), collapsed by module,
    titled, its root named ``loss``; writes it to ``path`` and returns the drawing.

    Each parameter prints the gradient of this step alone: the ``.grad`` left by training
    is set aside for the drawing's backward pass and put back afterwards (as are the
    parameters' names and the model's train/eval mode), so the model is as it was.

    >>> model = build_model([4])
    >>> drawing = draw_step_graph(model, CrossEntropyLoss(), np.zeros((2, 64)), [0, 1], "s.svg")
    >>> open("s.svg").read().count("<svg"), all(p.grad is None for p in model.parameters())
    (1, True)
    """
    # the visualiser is optional here (run_from_args reports it missing) and heavy to import
    from autograd import viz

    was_training = model.training
    parameters = list(model.named_parameters())
    kept = [(parameter, parameter.grad, parameter.name) for _, parameter in parameters]
    model.train()
    try:
        for name, parameter in parameters:
            parameter.name = name  # label the parameters in the drawing ("0.weight", ...)
            parameter.grad = None  # this step's gradient only, not a sum with training's last
        loss = criterion(model(from_numpy(images)), labels)
        loss.name = "loss"
        loss.backward()
        title = (
            f"One training step: {type(criterion).__name__} of a batch of {len(labels)} "
            f"digits, and the gradient of the loss flowing back to every parameter"
        )
        drawing = viz.draw(loss, collapse=_layer_names(model, criterion), title=title)
        drawing.save(os.fspath(path))
    finally:
        for parameter, grad, old_name in kept:
            parameter.grad, parameter.name = grad, old_name
        model.train(was_training)
    return drawing


def _write_outputs(result: TrainResult, out: str) -> list[str]:
    """Write model.npz, training.png and step_graph.svg into ``out``; the paths written."""
    os.makedirs(out, exist_ok=True)
    model_path = os.path.join(out, "model.npz")
    save(result["model"].state_dict(), model_path)
    plot_path = os.path.join(out, "training.png")
    plot_history(result["history"], plot_path)
    written = [model_path, plot_path]
    graph_path = os.path.join(out, "step_graph.svg")
    X_train, _, y_train, _ = result["data"]
    try:
        draw_step_graph(
            result["model"], result["criterion"], X_train[:16], y_train[:16], graph_path
        )
        written.append(graph_path)
    except ImportError as exc:
        print(f"skipped {graph_path}: the visualiser is not available ({exc})", file=sys.stderr)
    except Exception as exc:  # the model and plot are written; say what failed
        print(f"could not draw {graph_path}: {type(exc).__name__}: {exc}", file=sys.stderr)
    return written


def run_from_args(args: argparse.Namespace) -> int:
    """Train with parsed options, write the three files, print the accuracy line; returns the
    exit code.

    >>> args = build_parser().parse_args(["--epochs", "2", "--quiet"])
    >>> TrainConfig.from_args(args).shows_progress  # run_from_args(args) would train
    False
    """
    config = TrainConfig.from_args(args)
    try:  # before training: a directory that cannot be made should not cost the training time
        os.makedirs(config.out, exist_ok=True)
    except OSError as exc:
        print(f"error: argument --out: cannot create {config.out}: {exc}", file=sys.stderr)
        return 2
    try:
        result = train(config)
    except KeyboardInterrupt:  # Ctrl-C is not an error: no traceback, nothing written
        print("interrupted: nothing written", file=sys.stderr)
        return 130
    written = _write_outputs(result, os.fspath(config.out))
    if not config.quiet:
        for path in written:
            print(f"wrote {path}")
        print(f"trained {len(result['history']['loss'])} epochs in {result['seconds']:.1f} s")
    print(f"test accuracy: {result['test_accuracy'] * 100:.1f}%")
    return 0


def main(argv: Sequence[str | os.PathLike[str]] | None = None) -> int:
    """Entry point of ``python -m nn.train``; returns the exit code.

    >>> main(["--epochs", "0"])  # argparse refuses it (on stderr) before any training
    Traceback (most recent call last):
    ...
    SystemExit: 2
    """
    args = build_parser().parse_args(_as_strings(argv))
    return run_from_args(args)


def _as_strings(argv: Sequence[object] | None) -> list[str] | None:
    """Accept path-like arguments (``--out tmp_path``) as well as strings."""
    if argv is None:
        return None
    return [os.fspath(arg) if isinstance(arg, os.PathLike) else str(arg) for arg in argv]


if __name__ == "__main__":
    sys.exit(main())
