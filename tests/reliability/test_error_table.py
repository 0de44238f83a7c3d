"""Every row of docs/errors.md is triggered here and its documented type and message fragment
checked; a row without a trigger, or a trigger without a row, fails the suite."""

import contextlib
import io
import os
import re
import struct
import warnings
import zipfile

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, no_grad, viz
from nn import train as nn_train

TABLE = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "errors.md")
ROW = re.compile(r"^\| ([A-Z]\d\d) \| (\w+) \| ([^|]+?) \|")


def documented_rows() -> dict:
    rows = {}
    with open(TABLE, encoding="utf-8") as handle:
        for line in handle:
            match = ROW.match(line)
            if match:
                rows[match.group(1)] = (match.group(2), match.group(3).strip())
    return rows


def leaf(*values):
    return Tensor(np.array(values, dtype=np.float64), requires_grad=True)


def modified_input():
    x = leaf(1.0, 2.0)
    y = (x * x).sum()
    with no_grad():
        x += 1.0
    y.backward()


def modified_output():
    x = leaf(1.0, 2.0)
    y = x.exp()
    with no_grad():
        y *= 2.0
    y.sum().backward()


def second_backward():
    y = (leaf(1.0, 2.0).exp()).sum()
    y.backward()
    y.backward()


def bad_hook():
    x = leaf(1.0, 2.0)
    y = x * 2
    y.register_hook(lambda grad: np.ones(3))
    y.sum().backward()


def wrong_gradient():
    class Broken(autograd.ops.Op):
        name = "broken"

        def forward(self, a):
            return a * 2

        def backward(self, grad):
            return (grad * 3,)

    autograd.gradcheck(lambda t: Broken.apply(t), [leaf(1.0)])


def anomaly_forward():
    with autograd.detect_anomaly():
        leaf(-1.0).log()


def anomaly_backward():
    x = leaf(0.0)
    with autograd.detect_anomaly():
        x.sqrt().sum().backward()


def drawn_after_backward():
    x = leaf(1.0, 2.0)
    loss = (x * x).sum()
    loss.backward()
    return loss


def renderer_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHGRAD_DOT", str(tmp_path / "no-such-dot"))
    viz.draw(drawn_after_backward()).svg()


def zip_bytes(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def npy_member(descr, shape, payload: bytes) -> bytes:
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": descr, "fortran_order": False, "shape": shape}
    )
    return header.getvalue() + payload


def load_written(tmp_path, data: bytes, name="file.npz"):
    path = tmp_path / name
    path.write_bytes(data)
    nn.load(path)


def single_npy(tmp_path):
    buffer = io.BytesIO()
    np.save(buffer, np.ones(3))
    load_written(tmp_path, buffer.getvalue(), name="array.npy")


def deflate_bomb(tmp_path):
    zeros = npy_member("<f8", (10 * 2**20,), bytes(80 * 2**20))  # 80 MiB in about 80 kB
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("weight.npy", zeros)
    load_written(tmp_path, buffer.getvalue())


def duplicate_members(tmp_path):
    member = npy_member("<f8", (1,), bytes(8))
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("weight.npy", member)
            archive.writestr("weight.npy", member)
    load_written(tmp_path, buffer.getvalue())


def command_line(*argv, monkeypatch=None):
    """Parse a ``graphgrad train`` command line; argparse's complaint becomes the exit message."""
    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr):
            nn_train.build_parser().parse_args([str(arg) for arg in argv])
    except SystemExit as exit_:
        assert exit_.code == 2
        raise SystemExit(stderr.getvalue()) from None


def unwritable_out(tmp_path, monkeypatch):
    monkeypatch.setattr(nn_train.os, "access", lambda *args, **kwargs: False)
    command_line("--out", tmp_path / "runs")


def existing_file_out(tmp_path):
    (tmp_path / "model.npz").write_bytes(b"keep me")
    command_line("--out", tmp_path / "model.npz")


def attention_inputs(length=2, width=4):
    return np.zeros((length, 1, width), np.float32)


def taken_buffer_name():
    module = nn.Module()
    module.limit = 3
    module.register_buffer("limit", np.zeros(1))


def safetensors_missing(tmp_path, monkeypatch):
    real_import = __import__

    def without_safetensors(name, *args, **kwargs):
        if name.startswith("safetensors"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr("builtins.__import__", without_safetensors)
    nn.save({"w": np.ones(1)}, tmp_path / "x.safetensors")


def nuclear_norm_hessian():
    x = leaf(1.0, 2.0)
    autograd.grad(autograd.linalg.matrix_norm(x.reshape(1, 2), "nuc"), x, create_graph=True)


TRIGGERS = {
    "E01": lambda: leaf(1.0, 2.0).exp().backward(),
    "E02": lambda: leaf(1.0, 2.0).exp().backward(grad=np.ones(3)),
    "E03": lambda: Tensor(np.ones(2)).sum().backward(),
    "E04": second_backward,
    "E05": modified_input,
    "E06": modified_output,
    "E07": lambda: leaf(1.0).__iadd__(1.0),
    "E08": lambda: leaf(1.0, 2.0)[1:].__imul__(2.0),
    "E09": lambda: Tensor(np.ones(2)).__iadd__(np.ones(3)),
    "E10": lambda: Tensor(np.array([1, 2]), requires_grad=True),
    "E11": lambda: setattr(leaf(1.0).exp(), "requires_grad", False),
    "E12": lambda: leaf(1.0, 2.0) + leaf(1.0, 2.0, 3.0),
    "E13": lambda: Tensor(np.ones((2, 3))) @ Tensor(np.ones((2, 3))),
    "E14": lambda: Tensor(np.ones(6)).reshape(4, 2),
    "E15": lambda: Tensor(np.ones((2, 3))).sum(axis=2),
    "E16": lambda: Tensor(np.ones(3))[5],
    "E17": lambda: Tensor(np.ones(3)).item(),
    "E18": lambda: bool(Tensor(np.ones(3))),
    "E19": lambda: autograd.grad(leaf(1.0).exp().sum(), [leaf(2.0)]),
    "E20": lambda: autograd.grad(leaf(1.0).exp().sum(), [Tensor(np.ones(1))]),
    "E21": lambda: Tensor(np.ones(2)).retain_grad(),
    "E22": bad_hook,
    "E23": wrong_gradient,
    "E24": lambda: autograd.gradcheck(
        lambda t: t * 2, [Tensor(np.ones(2, dtype=np.float32), requires_grad=True)]
    ),
    "E25": anomaly_forward,
    "E26": anomaly_backward,
    "E27": lambda: autograd.where(np.array([1, 0]), leaf(1.0, 2.0), 0.0),
    "E28": lambda: Tensor(np.ones((0, 2))).max(axis=0),
    "E29": lambda: Tensor(np.zeros(3)).clip(min=np.zeros(2)),
    "E30": lambda: Tensor(np.ones(3)).expand(-1, 3),
    "E31": lambda: Tensor(np.zeros(2, dtype=np.int64)).__setitem__(0, leaf(1.0) * 2),
    "E32": lambda: autograd.gradcheck(lambda t: (t * 2).detach(), [leaf(1.0)]),
    "E60": lambda: Tensor(np.array([1, 2])).__iadd__(0.5),
    "E61": lambda: Tensor(np.array([1, 2])) // 0,
    "E62": lambda: Tensor([1.0]) & Tensor([1.0]),
    "E63": lambda: Tensor([1.0]).allclose(Tensor(np.array([1]))),
    "E64": lambda: (leaf(1.0, 2.0) * 1).reshape(2, 1).__imul__(2.0),
    "E70": lambda: leaf(1.0, 2.0).gather(0, np.array([2])),
    "E71": lambda: leaf(1.0, 2.0).gather(0, np.array([0.0])),
    "E72": lambda: leaf(1.0, 2.0).scatter(0, np.array([0, 1]), leaf(1.0)),
    "E73": lambda: autograd.einsum("i,i->", leaf(1.0, 2.0), leaf(1.0, 2.0, 3.0)),
    "E74": lambda: leaf(1.0, 2.0).masked_fill(np.array([1, 0]), 0.0),
    "E75": lambda: leaf(1.0, 2.0).cross(leaf(3.0, 4.0)),
    "E80": lambda: Tensor(np.ones(2)).topk(3),
    "E81": lambda: Tensor(np.array([1, 2])).logcumsumexp(0),
    "E82": lambda: autograd.linalg.matrix_norm(Tensor(np.ones((2, 2))), 3),
    "E83": lambda: autograd.linalg.vector_norm(Tensor(np.ones(0)), float("inf")),
    "E84": nuclear_norm_hessian,
    "E90": lambda: Tensor(np.zeros(5)).split([2, 2]),
    "E91": lambda: Tensor(np.zeros(5)).chunk(0),
    "E92": lambda: Tensor(np.zeros(5)).narrow(0, 3, 3),
    "E93": lambda: Tensor(np.zeros(3)).unfold(0, 4, 1),
    "E94": lambda: Tensor(np.zeros(3)).repeat_interleave(Tensor(np.array([1, 2]))),
    "E95": lambda: Tensor(np.zeros((2, 3))).repeat(2),
    "E96": lambda: Tensor(np.zeros(6)).unflatten(0, (4, -1)),
    "E97": lambda: autograd.meshgrid(Tensor(np.zeros((2, 2)))),
    "E98": lambda: autograd.meshgrid(Tensor(np.zeros(2)), indexing="yx"),
    "E99": lambda: autograd.linspace(0, 1, 3, dtype=bool),
    "V01": renderer_missing,
    "V02": lambda: viz.player((leaf(1.0, 2.0) * 2).sum()),
    "V03": lambda tmp_path: viz.draw(drawn_after_backward()).save(tmp_path / "graph.jpeg"),
    "V04": lambda: viz.draw(drawn_after_backward(), rankdir="XY"),
    "V05": lambda tmp_path: viz.player(drawn_after_backward()).save(tmp_path / "steps.svg"),
    "N01": lambda: nn.Linear(3, 2)(Tensor(np.ones((1, 4), dtype=np.float32))),
    "N02": lambda: nn.Linear(3, 2).load_state_dict({"weight": np.ones((2, 3))}),
    "N03": lambda: nn.Linear(3, 2).load_state_dict({"weight": np.ones((3, 3)), "bias": np.ones(2)}),
    "N04": lambda: nn.optim.SGD(iter([]), lr=0.1),
    "N05": lambda: nn.optim.SGD(leaf(1.0), lr=0.1),
    "N06": lambda: nn.optim.SGD([leaf(1.0).exp()], lr=0.1),
    "N20": lambda: nn.functional.layer_norm(np.zeros((2, 3)), (4,)),
    "N21": lambda: nn.GroupNorm(3, 4),
    "N22": lambda: nn.BatchNorm1d(2)(np.zeros((1, 2))),
    "N23": lambda: nn.BatchNorm2d(2)(np.zeros((2, 2))),
    "N24": lambda: nn.functional.batch_norm(np.zeros((2, 2)), None, None),
    "N25": lambda: nn.Embedding(3, 2)(np.array([3])),
    "N26": lambda: nn.Embedding(3, 2)(np.array([1.0])),
    "N27": lambda: nn.Embedding(3, 2, padding_idx=3),
    "N28": lambda: nn.Embedding(3, 2, sparse=True)(np.array([1])),
    "N29": lambda: nn.functional.scaled_dot_product_attention(
        np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((2, 4))
    ),
    "N30": lambda: nn.functional.scaled_dot_product_attention(
        *[np.zeros((2, 2))] * 3, attn_mask=np.ones((2, 2), bool), is_causal=True
    ),
    "N31": lambda: nn.functional.scaled_dot_product_attention(
        *[np.zeros((2, 2))] * 3, attn_mask=np.ones((3, 3), bool)
    ),
    "N32": lambda: nn.MultiheadAttention(5, 2),
    "N33": lambda: nn.MultiheadAttention(4, 2)(*[attention_inputs()] * 3, is_causal=True),
    "N34": lambda: nn.MultiheadAttention(4, 2)(
        *[attention_inputs()] * 3, attn_mask=np.zeros((3, 3), bool)
    ),
    "N35": lambda: nn.MultiheadAttention(4, 2)(
        *[attention_inputs()] * 3, key_padding_mask=np.zeros((1, 3), bool)
    ),
    "N36": lambda: nn.MultiheadAttention(4, 2)(*[attention_inputs(width=3)] * 3),
    "N37": taken_buffer_name,
    "N38": lambda: nn.Unflatten(1, (2, 2))(np.zeros((1, 5))),
    "N39": lambda: nn.functional.cross_entropy(np.zeros(3), np.array([0, 1])),
    "N40": lambda: nn.functional.cross_entropy(np.zeros((2, 3)), [0, 1], "sum", reduction="none"),
    "S01": lambda tmp_path: load_written(tmp_path, b"this is not a zip archive"),
    "S02": lambda tmp_path: load_written(tmp_path, zip_bytes({"notes.txt": b"hello"})),
    "S03": single_npy,
    "S04": lambda tmp_path: load_written(
        tmp_path, zip_bytes({"weight.npy": npy_member("<f8", (10**6, 10**6), b"\0" * 8)})
    ),
    "S05": lambda tmp_path: load_written(
        tmp_path, zip_bytes({"weight.npy": npy_member("<U1", (1,), b"a\0\0\0")})
    ),
    "S06": lambda tmp_path: nn.save({"names": np.array(["a"], dtype=object)}, tmp_path / "x.npz"),
    "S07": lambda tmp_path: nn.save([np.ones(2)], tmp_path / "x.npz"),
    "S08": lambda tmp_path: nn.load(tmp_path / "absent.npz"),
    "S09": deflate_bomb,
    "S10": lambda tmp_path: load_written(
        tmp_path, zip_bytes({"weight.npy": npy_member("<f8", (4,), bytes(32 + 1000))})
    ),
    "S11": lambda tmp_path: load_written(
        tmp_path, zip_bytes({"weight.npy": b"\x93NUMPY\x02\x00" + struct.pack("<I", 2**31)})
    ),
    "S12": duplicate_members,
    "S20": lambda tmp_path: load_written(tmp_path, b"not safetensors", name="x.safetensors"),
    "S21": lambda tmp_path: nn.save({"z": np.zeros(1, np.complex128)}, tmp_path / "x.safetensors"),
    "S22": safetensors_missing,
    "C01": lambda: command_line("--lr=nan"),
    "C02": lambda: command_line("--momentum", "1"),
    "C03": lambda: command_line("--weight-decay=-1"),
    "C04": lambda: command_line("--seed=-1"),
    "C05": lambda: command_line("--test-size", "0.999"),
    "C06": lambda: command_line("--epochs", "abc"),
    "C07": existing_file_out,
    "C08": unwritable_out,
}

EXCEPTIONS = {
    "RuntimeError": RuntimeError,
    "ValueError": ValueError,
    "TypeError": TypeError,
    "IndexError": IndexError,
    "KeyError": KeyError,
    "FileNotFoundError": FileNotFoundError,
    "ModuleNotFoundError": ModuleNotFoundError,
    "NotImplementedError": NotImplementedError,
    "GradcheckError": autograd.GradcheckError,
    "AnomalyError": autograd.AnomalyError,
    "RenderError": viz.RenderError,
    "SerializationError": nn.SerializationError,
    "SystemExit": SystemExit,
}


def test_every_documented_error_has_a_trigger_and_every_trigger_a_row():
    rows = documented_rows()
    assert len(rows) >= 40
    assert sorted(rows) == sorted(TRIGGERS)


@pytest.mark.parametrize("row_id", sorted(TRIGGERS))
def test_documented_error_is_raised_with_its_message(row_id, tmp_path, monkeypatch):
    kind, fragment = documented_rows()[row_id]
    trigger = TRIGGERS[row_id]
    names = trigger.__code__.co_varnames[: trigger.__code__.co_argcount]
    available = {"tmp_path": tmp_path, "monkeypatch": monkeypatch}
    with pytest.raises(EXCEPTIONS[kind]) as info:
        trigger(*[available[name] for name in names])
    assert type(info.value).__name__ == kind or kind in (
        "RuntimeError",
        "ValueError",
        "TypeError",
        "KeyError",
    )
    assert fragment in str(info.value), f"{row_id}: {fragment!r} not in {str(info.value)!r}"
