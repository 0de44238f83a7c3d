"""state_dict and load_state_dict as PyTorch's: keys, order, buffers, prefixes, shared tensors,
strict loading; register_buffer/register_parameter checks; ParameterList/ParameterDict; dtype
conversion and lookups by dotted path. (The comparison with PyTorch's own keys is in
tests/parity/test_nn_layers.py.)"""

from collections import OrderedDict

import numpy as np
import pytest

import nn
from autograd import Tensor


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(4)
        self.register_buffer("steps", np.zeros((), np.int64))
        self.register_buffer("cache", np.zeros(4, np.float32), persistent=False)
        self.scale = nn.Parameter(np.ones(1, np.float32))
        self.linear = nn.Linear(4, 4)


def test_state_dict_lists_own_parameters_then_buffers_then_children():
    assert list(Block().state_dict()) == [
        "scale",
        "steps",
        "norm.weight",
        "norm.bias",
        "linear.weight",
        "linear.bias",
    ]


def test_state_dict_leaves_out_non_persistent_buffers_but_named_buffers_has_them():
    block = Block()
    assert "cache" not in block.state_dict()
    assert [name for name, _ in block.named_buffers()] == ["steps", "cache"]


def test_state_dict_of_batch_norm_has_a_zero_dimensional_int64_counter():
    state = nn.BatchNorm2d(3).state_dict()
    assert list(state) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
    assert state["num_batches_tracked"].dtype == np.int64
    assert state["num_batches_tracked"].shape == ()


def test_state_dict_values_are_copies():
    layer = nn.Linear(2, 2)
    state = layer.state_dict()
    state["weight"][...] = 5.0
    assert not np.any(layer.weight.data == 5.0)


def test_state_dict_keep_vars_gives_the_tensors_themselves():
    layer = nn.Linear(2, 2)
    assert layer.state_dict(keep_vars=True)["weight"] is layer.weight


def test_state_dict_prefix_goes_before_every_key():
    assert list(nn.Linear(2, 2).state_dict(prefix="encoder.")) == [
        "encoder.weight",
        "encoder.bias",
    ]


def test_state_dict_fills_a_given_destination():
    destination = OrderedDict(first=np.zeros(1))
    result = nn.Linear(1, 1).state_dict(destination=destination)
    assert result is destination and list(result) == ["first", "weight", "bias"]


def test_state_dict_lists_a_shared_module_under_each_name():
    shared = nn.Linear(2, 2)
    model = nn.Sequential(shared, nn.ReLU(), shared)
    assert list(model.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert [name for name, _ in model.named_parameters()] == ["0.weight", "0.bias"]


def test_named_parameters_without_removing_duplicates_lists_each_name():
    shared = nn.Linear(2, 2)
    model = nn.Sequential(shared, shared)
    names = [name for name, _ in model.named_parameters(remove_duplicate=False)]
    assert names == ["0.weight", "0.bias", "1.weight", "1.bias"]


def test_load_state_dict_round_trips_buffers_and_parameters(rng):
    source, target = nn.BatchNorm1d(3), nn.BatchNorm1d(3)
    source(rng.standard_normal((4, 3)).astype(np.float32))
    target.load_state_dict(source.state_dict())
    for name, value in source.state_dict().items():
        np.testing.assert_array_equal(target.state_dict()[name], value)


def test_load_state_dict_not_strict_reports_missing_and_unexpected_keys():
    result = nn.Linear(2, 2).load_state_dict({"weight": np.zeros((2, 2)), "extra": 1}, strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["extra"]


def test_load_state_dict_strict_names_the_keys():
    with pytest.raises(KeyError, match=r"missing keys \['bias'\]"):
        nn.Linear(2, 2).load_state_dict({"weight": np.zeros((2, 2))})


def test_load_state_dict_refuses_another_shape():
    with pytest.raises(ValueError, match=r"shape \(3, 2\) in the state dict but shape \(2, 2\)"):
        nn.Linear(2, 2).load_state_dict({"weight": np.zeros((3, 2)), "bias": np.zeros(2)})


def test_load_state_dict_casts_to_the_model_dtype():
    layer = nn.Linear(2, 1)
    layer.load_state_dict({"weight": np.ones((1, 2), np.float64), "bias": np.zeros(1)})
    assert layer.weight.dtype == np.float32


# ---------------------------------------------------------------------------- registration
def test_register_buffer_refuses_a_dotted_name():
    with pytest.raises(KeyError, match=r"contain no '\.'"):
        nn.Module().register_buffer("a.b", np.zeros(1))


def test_register_buffer_refuses_an_existing_attribute():
    module = nn.Module()
    module.limit = 3
    with pytest.raises(KeyError, match="attribute 'limit' already exists"):
        module.register_buffer("limit", np.zeros(1))


def test_register_buffer_refuses_a_parameter_name():
    with pytest.raises(KeyError, match="attribute 'weight' already exists"):
        nn.Linear(1, 1).register_buffer("weight", np.zeros(1))


def test_register_buffer_refuses_a_non_string_name():
    with pytest.raises(TypeError, match="must be a string"):
        nn.Module().register_buffer(1, np.zeros(1))


def test_register_buffer_again_as_persistent_puts_it_back_in_the_state_dict():
    module = nn.Module()
    module.register_buffer("cache", np.zeros(1), persistent=False)
    module.register_buffer("cache", np.ones(1))
    assert list(module.state_dict()) == ["cache"]


def test_register_buffer_none_keeps_the_name_out_of_the_state_dict():
    module = nn.Module()
    module.register_buffer("running_mean", None)
    assert module.running_mean is None and list(module.state_dict()) == []


def test_assigning_a_tensor_to_a_buffer_name_replaces_the_buffer():
    module = nn.Module()
    module.register_buffer("state", np.zeros(2))
    module.state = Tensor(np.ones(2))
    np.testing.assert_array_equal(module.state_dict()["state"], [1.0, 1.0])


# ---------------------------------------------------------------------------- containers
def test_parameter_list_registers_numbered_parameters():
    weights = nn.ParameterList([np.zeros(2), Tensor(np.ones(3))])
    assert [name for name, _ in weights.named_parameters()] == ["0", "1"]
    assert all(isinstance(weight, nn.Parameter) for weight in weights)


def test_parameter_list_inside_a_module_has_dotted_keys():
    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.weights = nn.ParameterList([np.zeros(1), np.zeros(1)])

    assert list(Model().state_dict()) == ["weights.0", "weights.1"]


def test_parameter_list_indexing_and_assignment():
    weights = nn.ParameterList([np.zeros(1), np.zeros(2)])
    weights[-1] = np.ones(4)
    assert weights[1].shape == (4,) and len(weights[:1]) == 1
    with pytest.raises(IndexError, match="out of range"):
        weights[2]


def test_parameter_list_refuses_a_non_tensor():
    with pytest.raises(TypeError, match="must be a Parameter"):
        nn.ParameterList(["text"])


def test_parameter_dict_registers_named_parameters():
    scales = nn.ParameterDict({"alpha": np.ones(1)})
    scales["beta"] = np.zeros(2)
    assert list(scales) == ["alpha", "beta"] and scales["beta"].shape == (2,)
    del scales["alpha"]
    assert list(scales.state_dict()) == ["beta"]


def test_parameter_dict_names_missing_keys():
    with pytest.raises(KeyError, match="no parameter named 'gamma'"):
        nn.ParameterDict({"alpha": np.ones(1)})["gamma"]


# ---------------------------------------------------------------------------- conversion, lookup
def test_double_converts_float_parameters_and_buffers_but_keeps_counters():
    layer = nn.BatchNorm1d(2).double()
    assert layer.weight.dtype == np.float64 and layer.running_var.dtype == np.float64
    assert layer.num_batches_tracked.dtype == np.int64


def test_to_refuses_an_integer_dtype():
    with pytest.raises(TypeError, match="floating-point dtype"):
        nn.Linear(1, 1).to(np.int32)


def test_apply_visits_children_before_the_parent():
    visited = []
    nn.Sequential(nn.ReLU(), nn.Tanh()).apply(lambda module: visited.append(type(module).__name__))
    assert visited == ["ReLU", "Tanh", "Sequential"]


def test_get_submodule_parameter_and_buffer_by_dotted_path():
    model = nn.Sequential(nn.Sequential(nn.BatchNorm1d(2)))
    assert model.get_submodule("0.0") is model[0][0]
    assert model.get_parameter("0.0.weight") is model[0][0].weight
    assert model.get_buffer("0.0.running_mean") is model[0][0].running_mean
    with pytest.raises(AttributeError, match="no sub-module '1'"):
        model.get_submodule("1")


def test_load_state_dict_assign_registers_new_tensors_with_the_given_dtype():
    layer = nn.Linear(2, 1).requires_grad_(False)
    old = layer.weight
    layer.load_state_dict({"weight": np.ones((1, 2)), "bias": np.zeros(1)}, assign=True)
    assert layer.weight is not old and layer.weight.dtype == np.float64
    assert isinstance(layer.weight, nn.Parameter) and not layer.weight.requires_grad
    assert list(layer.state_dict()) == ["weight", "bias"]


def test_load_state_dict_assign_replaces_buffers_too():
    layer = nn.BatchNorm1d(2)
    state = {**layer.state_dict(), "running_var": np.full(2, 3.0)}
    layer.load_state_dict(state, assign=True)
    np.testing.assert_array_equal(layer.running_var.data, [3.0, 3.0])
    assert layer.num_batches_tracked.dtype == np.int64
