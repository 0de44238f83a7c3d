"""Module: registration, traversal, modes, state dicts, scopes and printing."""

import numpy as np
import pytest

import nn
from autograd import Tensor


class TwoLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(3, 4)
        self.out = nn.Linear(4, 2)
        self.scale = 2.0  # a plain attribute, not a parameter

    def forward(self, x):
        return self.out(self.hidden(x).relu()) * self.scale


def test_parameter_is_a_tensor_that_requires_grad():
    weight = nn.Parameter(np.zeros((2, 3), dtype=np.float32))
    assert isinstance(weight, Tensor)
    assert weight.requires_grad and weight.is_leaf
    assert weight.dtype == np.float32


def test_assigning_parameters_and_modules_registers_them_with_dotted_names():
    names = [name for name, _ in TwoLayer().named_parameters()]
    assert names == ["hidden.weight", "hidden.bias", "out.weight", "out.bias"]


def test_parameters_yields_each_shared_parameter_once():
    model = TwoLayer()
    model.out.weight = model.hidden.weight  # tie (shapes differ, but sharing is what counts)
    assert len(list(model.parameters())) == 3


def test_plain_attributes_are_not_parameters():
    model = TwoLayer()
    assert model.scale == 2.0
    assert "scale" not in dict(model.named_parameters())


def test_module_list_registers_its_modules():
    layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    assert len(layers) == 3
    assert [name for name, _ in layers.named_parameters()][:2] == ["0.weight", "0.bias"]
    assert isinstance(layers[-1], nn.Linear)


def test_module_dict_registers_its_modules_by_name():
    heads = nn.ModuleDict({"digit": nn.Linear(4, 10), "parity": nn.Linear(4, 2)})
    assert list(heads.keys()) == ["digit", "parity"]
    assert "parity.bias" in dict(heads.named_parameters())
    with pytest.raises(KeyError, match="no module named 'missing'"):
        heads["missing"]


def test_sequential_is_indexable_sliceable_and_sized():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert len(model) == 3
    assert isinstance(model[1], nn.ReLU)
    assert isinstance(model[-1], nn.Linear)
    assert len(model[:2]) == 2
    with pytest.raises(IndexError, match="out of range for 3 modules"):
        model[3]


def test_sequential_rejects_non_modules():
    with pytest.raises(TypeError, match="must be a Module"):
        nn.Sequential(nn.Linear(2, 2), lambda x: x)


def test_zero_grad_sets_gradients_to_none_by_default():
    model = TwoLayer()
    model(Tensor(np.ones((2, 3), dtype=np.float32))).sum().backward()
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_zero_grad_without_set_to_none_zeroes_in_place():
    model = TwoLayer()
    model(Tensor(np.ones((2, 3), dtype=np.float32))).sum().backward()
    grad = model.hidden.weight.grad
    model.zero_grad(set_to_none=False)
    assert model.hidden.weight.grad is grad and not grad.any()


def test_train_and_eval_set_the_flag_recursively():
    model = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Dropout(0.5)))
    model.eval()
    assert not any(module.training for module in model.modules())
    model.train()
    assert all(module.training for module in model.modules())


def test_state_dict_holds_copies_of_parameters_and_buffers():
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    state = model.state_dict()
    assert list(state) == [
        "0.weight",
        "0.bias",
        "1.weight",
        "1.bias",
        "1.running_mean",
        "1.running_var",
        "1.num_batches_tracked",
    ]
    state["0.weight"][...] = 7.0
    assert not np.any(model[0].weight.data == 7.0)


def test_load_state_dict_copies_values_in_place():
    source, target = TwoLayer(), TwoLayer()
    weight = target.hidden.weight
    target.load_state_dict(source.state_dict())
    assert target.hidden.weight is weight
    np.testing.assert_array_equal(weight.data, source.hidden.weight.data)


def test_load_state_dict_bumps_the_version_counter():
    model = TwoLayer()
    before = model.hidden.weight._version[0]
    model.load_state_dict(model.state_dict())
    assert model.hidden.weight._version[0] == before + 1


def test_load_state_dict_names_missing_keys():
    state = TwoLayer().state_dict()
    del state["out.bias"]
    with pytest.raises(KeyError, match=r"missing keys \['out.bias'\]"):
        TwoLayer().load_state_dict(state)


def test_load_state_dict_names_unexpected_keys():
    state = TwoLayer().state_dict()
    state["extra.weight"] = np.zeros(2)
    with pytest.raises(KeyError, match=r"unexpected keys \['extra.weight'\]"):
        TwoLayer().load_state_dict(state)


def test_load_state_dict_non_strict_reports_mismatched_keys():
    state = TwoLayer().state_dict()
    del state["out.bias"]
    state["extra"] = np.zeros(1)
    result = TwoLayer().load_state_dict(state, strict=False)
    assert result.missing_keys == ["out.bias"] and result.unexpected_keys == ["extra"]


def test_load_state_dict_names_the_key_and_both_shapes_on_mismatch():
    state = TwoLayer().state_dict()
    state["hidden.weight"] = np.zeros((5, 3))
    with pytest.raises(ValueError, match=r"'hidden.weight' has shape \(5, 3\).*\(4, 3\)"):
        TwoLayer().load_state_dict(state)


def test_failed_load_leaves_the_model_unchanged():
    model = TwoLayer()
    before = model.hidden.weight.data.copy()
    state = {name: np.zeros_like(value) for name, value in model.state_dict().items()}
    state["out.bias"] = np.zeros(7)
    with pytest.raises(ValueError):
        model.load_state_dict(state)
    np.testing.assert_array_equal(model.hidden.weight.data, before)


def test_calling_a_module_records_its_ops_in_a_module_scope():
    layer = nn.Linear(2, 2)
    out = layer(Tensor(np.ones((1, 2), dtype=np.float32)))
    labels = [(label, kind) for label, _, kind in out.grad_fn.scope]
    assert labels == [("Linear", "module")]


def test_nested_modules_nest_their_scopes():
    model = nn.Sequential(nn.Linear(2, 2))
    out = model(Tensor(np.ones((1, 2), dtype=np.float32)))
    assert [label for label, _, _ in out.grad_fn.scope] == ["Sequential", "Linear"]


def test_repr_lists_sub_modules_like_pytorch():
    model = nn.Sequential(nn.Linear(64, 10), nn.ReLU())
    assert repr(model) == (
        "Sequential(\n  (0): Linear(in_features=64, out_features=10, bias=True)\n  (1): ReLU()\n)"
    )


def test_module_without_forward_explains_itself():
    with pytest.raises(NotImplementedError, match="must define forward"):
        nn.Module()(1)


def test_assigning_before_super_init_explains_the_fix():
    class Broken(nn.Module):
        def __init__(self):
            self.layer = nn.Linear(1, 1)

    with pytest.raises(AttributeError, match=r"super\(\).__init__\(\)"):
        Broken()


def test_assigning_a_plain_tensor_to_a_parameter_name_is_an_error():
    layer = nn.Linear(2, 2)
    with pytest.raises(TypeError, match=r"Linear\.weight is a parameter"):
        layer.weight = Tensor(np.zeros((2, 2)))


def test_assigning_an_array_to_a_buffer_replaces_the_buffer():
    layer = nn.BatchNorm1d(2)
    layer.running_mean = np.array([1.0, 2.0])
    assert isinstance(layer.running_mean, Tensor)
    np.testing.assert_array_equal(layer.state_dict()["running_mean"], [1.0, 2.0])


def test_register_buffer_adds_state_without_parameters():
    module = nn.Module()
    module.register_buffer("steps", np.zeros(()))
    assert list(module.state_dict()) == ["steps"] and not list(module.parameters())
