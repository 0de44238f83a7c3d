"""Bad input gets an error that names the op and the shapes or values involved."""

import numpy as np
import pytest

import autograd
from autograd import Tensor, concatenate, stack, where


def test_matmul_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"matmul.*\(2, 3\).*\(4, 5\)"):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((4, 5)))


def test_matmul_batch_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"matmul.*\(2, 3, 4\).*\(3, 4, 5\)"):
        Tensor(np.ones((2, 3, 4))) @ Tensor(np.ones((3, 4, 5)))


def test_matmul_of_a_scalar_is_refused():
    with pytest.raises(ValueError, match=r"matmul.*\(\).*\(3,\)"):
        Tensor(2.0) @ Tensor(np.ones(3))


@pytest.mark.parametrize(
    "operator, name",
    [
        (lambda a, b: a + b, "add"),
        (lambda a, b: a - b, "sub"),
        (lambda a, b: a * b, "mul"),
        (lambda a, b: a / b, "div"),
        (lambda a, b: a**b, "pow"),
        (autograd.maximum, "maximum"),
        (autograd.minimum, "minimum"),
    ],
)
def test_broadcasting_mismatch_names_the_op_and_shapes(operator, name):
    message = rf"{name}: shapes \(2, 3\) and \(4,\) cannot be broadcast"
    with pytest.raises(ValueError, match=message):
        operator(Tensor(np.ones((2, 3))), Tensor(np.ones(4)))


def test_where_broadcasting_mismatch_names_the_shapes():
    with pytest.raises(ValueError, match=r"where.*\(2,\).*\(3,\)"):
        where(np.array([True, False]), Tensor(np.ones(3)), 0.0)


def test_where_needs_a_boolean_condition():
    with pytest.raises(TypeError, match="where: the condition must be boolean"):
        where(np.array([1, 0]), Tensor(np.ones(2)), 0.0)


@pytest.mark.parametrize("reduction", ["sum", "mean", "max", "min", "var", "logsumexp"])
def test_out_of_range_axis_is_reported(reduction):
    with pytest.raises(ValueError, match=rf"{reduction}: axis 2 is out of range .* 2 dimensions"):
        getattr(Tensor(np.ones((2, 3))), reduction)(axis=2)


@pytest.mark.parametrize("reduction", ["sum", "mean", "max", "min"])
def test_repeated_axis_is_reported(reduction):
    with pytest.raises(ValueError, match=rf"{reduction}: repeated axis in \(1, -1\)"):
        getattr(Tensor(np.ones((2, 3))), reduction)(axis=(1, -1))


def test_non_integer_axis_is_reported():
    with pytest.raises(TypeError, match="sum: axis must be an int"):
        Tensor(np.ones((2, 3))).sum(axis=1.0)


def test_softmax_with_a_bad_axis_is_reported():
    with pytest.raises(ValueError, match="softmax: axis 3 is out of range"):
        Tensor(np.ones((2, 3))).softmax(axis=3)


def test_backward_on_a_non_scalar_without_grad_explains_the_fix():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    with pytest.raises(
        RuntimeError,
        match=r"backward: grad can be implicitly created only for "
        r"a single-element tensor.*\(2, 3\)",
    ):
        (x * 2).backward()


def test_backward_with_a_grad_of_the_wrong_shape_names_both_shapes():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    with pytest.raises(
        RuntimeError,
        match=r"backward: grad has shape \(3, 2\) but the tensor "
        r"has shape \(2, 3\)",
    ):
        (x * 2).backward(np.ones((3, 2)))


def test_grad_with_grad_outputs_of_the_wrong_shape():
    x = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"grad: grad has shape \(2,\).*\(3,\)"):
        autograd.grad(x * 2, [x], grad_outputs=np.ones(2))


def test_backward_on_a_tensor_without_graph():
    with pytest.raises(RuntimeError, match=r"backward: the tensor .* does not require grad"):
        Tensor(np.ones(1)).backward()


def test_integer_tensor_cannot_require_grad():
    with pytest.raises(
        TypeError,
        match=r"requires_grad: only floating tensors .* int64 "
        r"with shape \(3,\)",
    ):
        Tensor(np.arange(3), requires_grad=True)


def test_bool_tensor_cannot_require_grad():
    with pytest.raises(TypeError, match=r"requires_grad: only floating tensors .* bool"):
        Tensor([True, False], requires_grad=True)


def test_requires_grad_cannot_be_switched_off_on_a_non_leaf():
    y = Tensor(np.ones(2), requires_grad=True) * 2
    with pytest.raises(RuntimeError, match=r"non-leaf.*detach"):
        y.requires_grad = False


def test_item_on_a_multi_element_tensor_names_the_shape():
    with pytest.raises(ValueError, match=r"item\(\): .* shape \(2, 2\) \(4 elements\)"):
        Tensor(np.ones((2, 2))).item()


@pytest.mark.parametrize(
    "index, message",
    [
        (5, r"indexing: index 5 is out of range for axis 0 with size 3 \(tensor shape \(3, 4\)\)"),
        (-4, r"indexing: index -4 is out of range for axis 0 with size 3"),
        ((0, 4), r"indexing: index 4 is out of range for axis 1 with size 4"),
        (([0, 7],), r"indexing: index 7 is out of range for axis 0 with size 3"),
        ((slice(None), np.array([1, -5])), r"indexing: index -5 is out of range for axis 1"),
        ((0, 0, 0), r"indexing: too many indices \(3\) for a tensor of shape \(3, 4\)"),
    ],
)
def test_out_of_range_index_names_the_index_axis_and_shape(index, message):
    with pytest.raises(IndexError, match=message):
        Tensor(np.ones((3, 4)))[index]


def test_boolean_mask_of_the_wrong_shape_is_reported():
    with pytest.raises(
        IndexError,
        match=r"indexing: boolean mask of shape \(4,\) does not match "
        r"the tensor's dimensions \(3,\)",
    ):
        Tensor(np.ones((3, 2)))[np.array([True, False, True, False])]


def test_float_index_array_is_reported():
    with pytest.raises(IndexError, match="indexing: index arrays must hold integers or booleans"):
        Tensor(np.ones(3))[np.array([0.0, 1.0])]


@pytest.mark.parametrize("shape", [(5,), (4, 4), (-1, 5), (-1, -1)])
def test_bad_reshape_names_both_shapes(shape):
    with pytest.raises(ValueError, match=r"reshape: .*\(2, 6\)"):
        Tensor(np.ones((2, 6))).reshape(*shape)


def test_bad_transpose_names_the_axes():
    with pytest.raises(ValueError, match=r"transpose: axes \(0, 0, 1\) are not a permutation"):
        Tensor(np.ones((2, 3, 4))).transpose(0, 0, 1)


def test_bad_broadcast_to_names_both_shapes():
    with pytest.raises(
        ValueError,
        match=r"broadcast_to: cannot broadcast a tensor of shape "
        r"\(2, 3\) to \(4, 3, 2\)",
    ):
        Tensor(np.ones((2, 3))).broadcast_to((4, 3, 2))


def test_squeeze_of_a_non_unit_axis_is_reported():
    with pytest.raises(ValueError, match=r"squeeze: axis 0 has size 2, not 1"):
        Tensor(np.ones((2, 1))).squeeze(axis=0)  # NumPy's keyword keeps NumPy's rule


def test_unsqueeze_out_of_range_is_reported():
    with pytest.raises(ValueError, match=r"unsqueeze: axis 3 is out of range"):
        Tensor(np.ones((2, 1))).unsqueeze(3)


def test_concatenate_shape_mismatch_names_the_tensors():
    with pytest.raises(
        ValueError,
        match=r"concatenate: tensor 1 has shape \(2, 4\) but tensor 0 "
        r"has shape \(2, 3\).*except along axis 0",
    ):
        concatenate([Tensor(np.ones((2, 3))), Tensor(np.ones((2, 4)))])


def test_stack_shape_mismatch_names_the_tensors():
    with pytest.raises(
        ValueError,
        match=r"stack: tensor 1 has shape \(3,\) but tensor 0 has "
        r"shape \(2,\)",
    ):
        stack([Tensor(np.ones(2)), Tensor(np.ones(3))])


def test_clip_without_bounds_is_reported():
    with pytest.raises(ValueError, match="clip: give at least one of min and max"):
        Tensor(np.ones(2)).clip()


def test_max_of_an_empty_tensor_is_reported():
    with pytest.raises(ValueError, match=r"max: cannot reduce an empty tensor of shape \(0,\)"):
        Tensor(np.ones(0)).max()


def test_setitem_with_a_bad_value_shape_names_the_shapes():
    with pytest.raises(
        ValueError,
        match=r"__setitem__: cannot assign a value of shape \(3,\) "
        r"into a tensor of shape \(2, 2\)",
    ):
        Tensor(np.ones((2, 2)))[0] = np.ones(3)


def test_unsupported_operand_type_is_reported():
    with pytest.raises(TypeError, match=r"unsupported operand type .* str"):
        Tensor(np.ones(2)) + "a"


def test_tensor_from_unsupported_data_is_reported():
    with pytest.raises(
        TypeError,
        match="Tensor: data must be a NumPy array, a nested list or a Python number, got dict",
    ):
        Tensor({"a": 1})


def test_ragged_list_is_reported():
    with pytest.raises(ValueError, match=r"Tensor: cannot make an array .* rectangular"):
        Tensor([[1.0, 2.0], [3.0]])


def test_grad_of_an_input_that_does_not_require_grad_is_reported():
    x = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(RuntimeError, match="grad: input 1 does not require grad"):
        autograd.grad((x * 2).sum(), [x, Tensor(np.ones(2))])


def test_bool_of_a_multi_element_tensor_is_ambiguous():
    with pytest.raises(ValueError, match=r"bool\(\): .* \(shape \(3,\)\) is ambiguous"):
        bool(Tensor(np.ones(3)) > 0)


def test_set_default_dtype_refuses_integer_dtypes():
    with pytest.raises(TypeError, match="set_default_dtype: the default must be a floating dtype"):
        autograd.set_default_dtype(np.int32)
