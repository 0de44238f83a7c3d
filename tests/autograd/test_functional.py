"""autograd.functional: vjp, jacobian, hessian, hvp and vhp, as torch.autograd.functional.

Values are checked against closed forms and central finite differences; the structure of every
result (Tensor or tuple, tuple of tuples) against PyTorch's rules; create_graph results are
differentiated again and checked against finite differences of the first-order result.
"""

import numpy as np
import pytest

import autograd
from autograd import Tensor, no_grad
from autograd.functional import hessian, hvp, jacobian, vhp, vjp

EPS = 1e-6
A = np.array([[2.0, -1.0, 0.5], [0.3, 1.0, 4.0], [-2.0, 0.7, 3.0]])  # not symmetric


def t(values):
    return Tensor(np.asarray(values, dtype=np.float64))


def finite_difference_jacobian(f, x):
    """d f / d x for f: ndarray -> ndarray, shape f(x).shape + x.shape (central differences)."""
    out_shape = np.shape(f(x))
    columns = []
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = EPS
        columns.append((np.asarray(f(x + step)) - np.asarray(f(x - step))) / (2 * EPS))
    return np.stack(columns, axis=-1).reshape(out_shape + x.shape)


def on_arrays(f):
    """f on Tensors as a function of arrays to arrays (for finite differences)."""
    return lambda x: f(t(x)).data


def squash(x):
    return (x.tanh() * x.sum(axis=0)).exp()  # (2, 3) -> (2, 3), every entry mixes a column


# ---------------------------------------------------------------------------- values
def test_jacobian_of_softmax_is_diag_h_minus_h_h_transpose():
    x = t([0.5, -1.0, 2.0, 0.1])
    h = x.softmax().data
    np.testing.assert_allclose(jacobian(autograd.softmax, x).data, np.diag(h) - np.outer(h, h))


def test_jacobian_of_softmax_is_h_i_times_delta_ij_minus_h_j():
    x = t([0.5, -1.0, 2.0])
    h = x.softmax().data
    expected = [[h[i] * ((i == j) - h[j]) for j in range(3)] for i in range(3)]
    np.testing.assert_allclose(jacobian(autograd.softmax, x).data, expected)


def test_jacobian_of_a_matrix_function_matches_finite_differences(rng):
    x = rng.standard_normal((2, 3))
    np.testing.assert_allclose(
        jacobian(squash, t(x)).data,
        finite_difference_jacobian(on_arrays(squash), x),
        rtol=1e-6,
        atol=1e-8,
    )


def test_jacobian_of_each_input_matches_finite_differences(rng):
    a, b = rng.standard_normal(3), rng.standard_normal((3, 2))

    def f(a, b):
        return ((a @ b) * a.sum()).tanh()

    ja, jb = jacobian(f, (t(a), t(b)))
    np.testing.assert_allclose(
        ja.data, finite_difference_jacobian(lambda a: f(t(a), t(b)).data, a), rtol=1e-6
    )
    np.testing.assert_allclose(
        jb.data, finite_difference_jacobian(lambda b: f(t(a), t(b)).data, b), rtol=1e-6
    )


def test_hessian_of_quadratic_form_is_the_symmetric_part_of_a():
    def quadratic_form(x):
        return 0.5 * (x @ (t(A) @ x))

    np.testing.assert_allclose(hessian(quadratic_form, t([1.0, -2.0, 0.5])).data, (A + A.T) / 2)


def test_hessian_matches_finite_differences_of_the_gradient(rng):
    def f(x):
        return (squash(x) * x).sum()

    x = rng.standard_normal((2, 3))

    def exact_gradient(x_data):
        x = t(x_data).requires_grad_()
        return autograd.grad(f(x), x)[0].data

    np.testing.assert_allclose(
        hessian(f, t(x)).data, finite_difference_jacobian(exact_gradient, x), rtol=1e-5
    )


def test_hessian_of_two_inputs_has_the_mixed_blocks():
    # f(x, y) = sum(x^2 y): d2f/dx2 = diag(2y), d2f/dxdy = diag(2x), d2f/dy2 = 0
    x, y = t([1.0, 2.0]), t([3.0, -1.0])
    (hxx, hxy), (hyx, hyy) = hessian(lambda x, y: (x * x * y).sum(), (x, y))
    np.testing.assert_allclose(hxx.data, np.diag([6.0, -2.0]))
    np.testing.assert_allclose(hxy.data, np.diag([2.0, 4.0]))
    np.testing.assert_allclose(hyx.data, np.diag([2.0, 4.0]))
    np.testing.assert_allclose(hyy.data, np.zeros((2, 2)))


def test_hvp_equals_hessian_times_v(rng):
    def f(x):
        return (squash(x) * x).sum()

    x, v = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    H = hessian(f, t(x)).data.reshape(6, 6)
    _, product = hvp(f, t(x), t(v))
    np.testing.assert_allclose(product.data, (H @ v.reshape(6)).reshape(2, 3), rtol=1e-10)


def test_vhp_equals_v_transpose_hessian(rng):
    def f(x):
        return (squash(x) * x).sum()

    x, v = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    H = hessian(f, t(x)).data.reshape(6, 6)
    _, product = vhp(f, t(x), t(v))
    np.testing.assert_allclose(product.data, (v.reshape(6) @ H).reshape(2, 3), rtol=1e-10)


def test_hvp_of_quadratic_form_is_the_symmetric_part_of_a_times_v():
    v = np.array([1.0, 0.5, -2.0])
    _, product = hvp(lambda x: 0.5 * (x @ (t(A) @ x)), t([1.0, -2.0, 0.5]), t(v))
    np.testing.assert_allclose(product.data, (A + A.T) / 2 @ v)


def test_vjp_equals_v_transpose_jacobian(rng):
    x, v = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    J = jacobian(squash, t(x)).data.reshape(6, 6)
    _, product = vjp(squash, t(x), t(v))
    np.testing.assert_allclose(product.data, (v.reshape(6) @ J).reshape(2, 3), rtol=1e-10)


def test_vjp_without_v_of_a_scalar_function_is_its_gradient():
    _, gradient = vjp(lambda x: (x**3).sum(), t([1.0, -2.0]))
    np.testing.assert_allclose(gradient.data, [3.0, 12.0])


def test_the_outputs_come_back_with_the_products():
    x = t([1.0, 2.0])
    out, _ = vjp(lambda x: x * 3, x, t([1.0, 1.0]))
    value, _ = hvp(lambda x: (x**2).sum(), x, t([1.0, 1.0]))
    np.testing.assert_allclose(out.data, [3.0, 6.0])
    assert float(value) == 5.0


def test_results_keep_the_dtype_of_the_inputs():
    x = Tensor([1.0, 2.0], dtype=np.float32)
    assert jacobian(lambda x: x * x, x).dtype == np.float32
    assert hessian(lambda x: (x**3).sum(), x).dtype == np.float32


# ---------------------------------------------------------------------------- structure
def test_jacobian_of_tensor_to_tensor_has_shape_output_then_input():
    result = jacobian(lambda x: x.sum(axis=1), t(np.ones((2, 3))))
    assert isinstance(result, Tensor)
    assert result.shape == (2, 2, 3)


def test_jacobian_of_a_scalar_function_has_the_shape_of_the_input():
    assert jacobian(lambda x: (x * x).sum(), t(np.ones((2, 3)))).shape == (2, 3)


def test_jacobian_of_tuple_inputs_is_a_tuple_over_the_inputs():
    result = jacobian(lambda a, b: a * b.sum(), (t(np.ones(2)), t(np.ones(3))))
    assert isinstance(result, tuple)
    assert [part.shape for part in result] == [(2, 2), (2, 3)]


def test_jacobian_of_tuple_outputs_is_a_tuple_over_the_outputs():
    result = jacobian(lambda x: (x * 2, x.sum()), t(np.ones(3)))
    assert isinstance(result, tuple)
    assert [part.shape for part in result] == [(3, 3), (3,)]


def test_jacobian_of_tuple_outputs_and_inputs_is_a_tuple_of_tuples():
    result = jacobian(lambda a, b: (a * b, b.sum()), (t(np.ones(2)), t(np.ones(2))))
    assert [[part.shape for part in row] for row in result] == [
        [(2, 2), (2, 2)],
        [(2,), (2,)],
    ]


def test_a_one_element_tuple_stays_a_tuple():
    (row,) = jacobian(lambda x: (x * 2,), (t(np.ones(2)),))
    assert isinstance(row, tuple)
    assert row[0].shape == (2, 2)


def test_hessian_of_tuple_inputs_is_a_tuple_of_tuples_of_block_shapes():
    result = hessian(lambda a, b: (a.sum() * b).sum(), (t(np.ones(2)), t(np.ones((3, 1)))))
    assert [[part.shape for part in row] for row in result] == [
        [(2, 2), (2, 3, 1)],
        [(3, 1, 2), (3, 1, 3, 1)],
    ]


def test_hessian_accepts_a_one_element_output_of_any_shape():
    assert hessian(lambda x: (x * x).sum().reshape(1, 1), t(np.ones(2))).shape == (2, 2)


def test_vjp_mirrors_the_structure_of_outputs_and_inputs():
    out, product = vjp(lambda a, b: (a * b,), (t([1.0]), t([2.0])), (t([1.0]),))
    assert isinstance(out, tuple)
    assert isinstance(product, tuple)
    assert len(product) == 2


def test_hvp_and_vhp_of_tuple_inputs_return_a_tuple():
    inputs, v = (t([1.0, 2.0]), t([3.0])), (t([1.0, 0.0]), t([1.0]))
    for call in (hvp, vhp):
        output, product = call(lambda a, b: (a * a * b).sum(), inputs, v)
        assert isinstance(output, Tensor)
        assert isinstance(product, tuple)
        assert [part.shape for part in product] == [(2,), (1,)]


def test_jacobian_of_an_empty_output_is_empty():
    assert jacobian(lambda x: x[:0], t(np.ones(3))).shape == (0, 3)


# ---------------------------------------------------------------------------- independence
def test_an_output_independent_of_an_input_has_a_zero_jacobian():
    ja, jb = jacobian(lambda a, b: a * 2, (t([1.0, 2.0]), t([3.0])))
    np.testing.assert_array_equal(jb.data, np.zeros((2, 1)))
    np.testing.assert_array_equal(ja.data, 2 * np.eye(2))


def test_an_output_that_does_not_depend_on_the_inputs_has_a_zero_jacobian():
    result = jacobian(lambda x: Tensor([1.0, 2.0]), t([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(result.data, np.zeros((2, 3)))


def test_the_hessian_of_a_linear_function_is_zero():
    np.testing.assert_array_equal(hessian(lambda x: (3 * x).sum(), t([1.0, 2.0])).data, 0.0)


def test_strict_refuses_an_output_independent_of_an_input():
    with pytest.raises(RuntimeError, match=r"independent of input 1 \(shape \(1,\)\)"):
        jacobian(lambda a, b: a * 2, (t([1.0, 2.0]), t([3.0])), strict=True)


def test_strict_refuses_an_output_that_does_not_require_grad():
    with pytest.raises(RuntimeError, match=r"output 0 of func .* does not depend on the inputs"):
        vjp(lambda x: Tensor(1.0), t([1.0]), strict=True)


# ---------------------------------------------------------------------------- the inputs
def test_inputs_that_do_not_require_grad_are_left_unchanged():
    x = t([1.0, 2.0])
    jacobian(lambda x: x * x, x)
    hvp(lambda x: (x**3).sum(), x, t([1.0, 1.0]))
    assert not x.requires_grad
    assert x.grad is None
    np.testing.assert_array_equal(x.data, [1.0, 2.0])


def test_inputs_that_require_grad_get_no_grad():
    x = t([1.0, 2.0]).requires_grad_()
    hessian(lambda x: (x**3).sum(), x)
    vjp(lambda x: x * x, x, t([1.0, 1.0]))
    assert x.grad is None


def test_results_are_outside_the_graph_without_create_graph():
    x = t([1.0, 2.0]).requires_grad_()
    out, product = vjp(lambda x: x * x, x, t([1.0, 1.0]))
    assert not out.requires_grad
    assert not product.requires_grad
    assert not jacobian(lambda x: x**3, x).requires_grad


def test_works_under_no_grad():
    with no_grad():
        np.testing.assert_allclose(jacobian(lambda x: x * x, t([1.0, 2.0])).data, np.diag([2, 4]))


# ---------------------------------------------------------------------------- create_graph
def test_a_jacobian_with_create_graph_differentiates_again(rng):
    x, weights = rng.standard_normal((2, 3)), t(rng.standard_normal((2, 3, 2, 3)))

    def weighted_jacobian(x):
        return (jacobian(squash, x, create_graph=True) * weights).sum()

    leaf = t(x).requires_grad_()
    (derivative,) = autograd.grad(weighted_jacobian(leaf), leaf)
    np.testing.assert_allclose(
        derivative.data,
        finite_difference_jacobian(lambda x: weighted_jacobian(t(x)).data, x),
        rtol=1e-5,
    )


def test_a_hessian_with_create_graph_differentiates_again():
    # f = sum(x^4): H = diag(12 x^2), dH_ii/dx_i = 24 x_i
    leaf = t([1.0, -2.0, 0.5]).requires_grad_()
    H = hessian(lambda x: (x**4).sum(), leaf, create_graph=True)
    (derivative,) = autograd.grad(H.sum(), leaf)
    np.testing.assert_allclose(derivative.data, 24 * leaf.data)
    np.testing.assert_allclose(
        derivative.data,
        finite_difference_jacobian(
            lambda x: hessian(lambda x: (x**4).sum(), t(x)).data.sum(), leaf.data
        ),
        rtol=1e-6,
    )


def test_a_vjp_with_create_graph_is_differentiable_in_v():
    x, v = t([1.0, 2.0]).requires_grad_(), t([3.0, 4.0]).requires_grad_()
    _, product = vjp(lambda x: x**3, x, v, create_graph=True)  # v * 3 x^2
    dx, dv = autograd.grad(product.sum(), (x, v))
    np.testing.assert_allclose(dx.data, 6 * v.data * x.data)
    np.testing.assert_allclose(dv.data, 3 * x.data**2)


def test_an_hvp_with_create_graph_differentiates_again():
    # f = sum(x^4): H v = 12 x^2 v, d/dx sum(H v) = 24 x v
    x, v = t([1.0, -2.0]).requires_grad_(), t([0.5, 3.0])
    _, product = hvp(lambda x: (x**4).sum(), x, v, create_graph=True)
    (derivative,) = autograd.grad(product.sum(), x)
    np.testing.assert_allclose(derivative.data, 24 * x.data * v.data)


# ---------------------------------------------------------------------------- errors
def test_v_of_the_wrong_shape_is_refused_with_both_shapes():
    with pytest.raises(RuntimeError, match=r"vjp: v has shape \(3,\) .* has shape \(2,\)"):
        vjp(lambda x: x * 2, t([1.0, 2.0]), t([1.0, 1.0, 1.0]))


def test_an_entry_of_v_of_the_wrong_shape_is_named():
    with pytest.raises(RuntimeError, match=r"hvp: entry 1 of v has shape \(2,\)"):
        hvp(lambda a, b: (a * b).sum(), (t([1.0]), t([1.0])), (t([1.0]), t([1.0, 2.0])))


def test_v_of_the_wrong_structure_is_refused():
    with pytest.raises(RuntimeError, match=r"a tuple of 2 Tensors"):
        vhp(lambda a, b: (a * b).sum(), (t([1.0]), t([1.0])), t([1.0]))


def test_v_may_be_omitted_only_for_a_single_element_output():
    with pytest.raises(RuntimeError, match=r"vjp: v can be omitted only .* shape \(2,\)"):
        vjp(lambda x: x * 2, t([1.0, 2.0]))


def test_v_of_hvp_may_be_omitted_only_for_a_single_element_input():
    with pytest.raises(RuntimeError, match=r"hvp: v can be omitted only .* shape \(2,\)"):
        hvp(lambda x: (x * x).sum(), t([1.0, 2.0]))
    _, product = hvp(lambda x: (x**3).sum(), t([2.0]))
    np.testing.assert_allclose(product.data, [12.0])


@pytest.mark.parametrize("returned", [1.0, [Tensor(1.0)], np.ones(2)])
def test_a_func_that_does_not_return_tensors_is_refused(returned):
    with pytest.raises(TypeError, match="jacobian: the outputs of func must be a Tensor or a"):
        jacobian(lambda x: returned, t([1.0]))


def test_a_tuple_output_holding_a_non_tensor_names_the_entry():
    with pytest.raises(TypeError, match="entry 1 of the tuple is float"):
        vjp(lambda x: (x, 2.0), t([1.0]))


def test_inputs_given_as_a_list_are_refused_as_pytorch_does():
    with pytest.raises(TypeError, match="hessian: the inputs must be a Tensor or a tuple"):
        hessian(lambda a: a.sum(), [t([1.0])])


def test_the_hessian_of_a_non_scalar_function_is_refused():
    with pytest.raises(RuntimeError, match=r"hessian: func must return .* shape \(2,\)"):
        hessian(lambda x: x * x, t([1.0, 2.0]))


def test_the_hessian_of_a_tuple_output_is_refused():
    with pytest.raises(RuntimeError, match="vhp: func must return a single Tensor"):
        vhp(lambda x: (x.sum(),), t([1.0]), t([1.0]))


def test_an_unknown_strategy_is_refused():
    with pytest.raises(ValueError, match="strategy must be 'reverse-mode' or 'forward-mode'"):
        jacobian(lambda x: x, t([1.0]), strategy="sideways")


# ---------------------------------------------------------------------------- forward mode
def softmax_cross_entropy(z):
    return -z.log_softmax(axis=1)[np.arange(2), np.array([2, 0])].mean()


FUNCTIONS = [
    ("softmax", lambda x: x.softmax(axis=-1), (2, 3)),
    ("tanh chain", lambda x: (x * x).tanh() * x.sigmoid(), (4,)),
    ("matmul", lambda x: (x @ x.T).sum(axis=0) + x.exp().sum(axis=1), (3, 2)),
    ("softmax cross-entropy", softmax_cross_entropy, (2, 3)),
]


@pytest.mark.parametrize(("name", "func", "shape"), FUNCTIONS, ids=[f[0] for f in FUNCTIONS])
def test_jvp_equals_the_jacobian_times_v(name, func, shape):
    rng = np.random.default_rng(5)
    x, v = t(rng.standard_normal(shape)), t(rng.standard_normal(shape))
    out, product = autograd.functional.jvp(func, x, v)
    J = jacobian(func, x).data.reshape(out.size, x.size)
    np.testing.assert_allclose(product.data.reshape(-1), J @ v.data.reshape(-1), rtol=1e-10)


@pytest.mark.parametrize(("name", "func", "shape"), FUNCTIONS, ids=[f[0] for f in FUNCTIONS])
def test_forward_and_reverse_mode_jacobians_agree(name, func, shape):
    x = t(np.random.default_rng(6).standard_normal(shape))
    forward = jacobian(func, x, strategy="forward-mode")
    np.testing.assert_allclose(forward.data, jacobian(func, x).data, rtol=1e-10, atol=1e-12)


def test_the_forward_mode_jacobian_of_tuples_has_the_reverse_mode_structure():
    a, b = t([1.0, 2.0]), t([3.0, 4.0, 5.0])
    func = lambda a, b: (a.sum() * b, (a * a).sum())  # noqa: E731
    forward = jacobian(func, (a, b), strategy="forward-mode")
    reverse = jacobian(func, (a, b))
    for row_f, row_r in zip(forward, reverse, strict=True):
        for block_f, block_r in zip(row_f, row_r, strict=True):
            np.testing.assert_allclose(block_f.data, block_r.data)


def test_jvp_runs_no_reverse_pass(monkeypatch):
    monkeypatch.setattr(autograd.engine, "_reverse_pass", None)  # any backward would fail
    _, product = autograd.functional.jvp(lambda x: (x * x).sum(), t([1.0, 2.0]), t([1.0, 1.0]))
    assert product.item() == 6.0


def test_jvp_of_an_output_independent_of_the_inputs_is_zeros():
    _, product = autograd.functional.jvp(lambda x: t([1.0, 2.0]), t([3.0]), t([1.0]))
    np.testing.assert_array_equal(product.data, [0.0, 0.0])


def test_jvp_with_create_graph_is_differentiable():
    x = Tensor(np.array([0.5, -1.0]), requires_grad=True)
    _, product = autograd.functional.jvp(lambda x: x.tanh(), x, t([1.0, 1.0]), create_graph=True)
    (second,) = autograd.grad(product.sum(), x)  # d/dx (1 - tanh^2) = -2 tanh (1 - tanh^2)
    th = np.tanh(x.data)
    np.testing.assert_allclose(second.data, -2 * th * (1 - th**2))


def test_jvp_without_v_needs_a_single_element_input():
    with pytest.raises(RuntimeError, match="jvp: v can be omitted only when inputs is a single"):
        autograd.functional.jvp(lambda x: x, t([1.0, 2.0]))


def test_the_hessian_by_forward_over_reverse_equals_the_one_by_reverse_over_reverse():
    x = t([1.0, 2.0, -0.5])
    func = lambda x: (x**3).sum() + (x[0] * x[1]).tanh()  # noqa: E731
    forward = hessian(func, x, outer_jacobian_strategy="forward-mode")
    np.testing.assert_allclose(forward.data, hessian(func, x).data, rtol=1e-10, atol=1e-12)


def test_jvp_with_a_tangent_of_the_wrong_shape_names_the_shapes():
    with pytest.raises(RuntimeError, match=r"jvp: v has shape \(3,\) but the matching entry"):
        autograd.functional.jvp(lambda x: x * 2, t([1.0, 2.0]), t([1.0, 2.0, 3.0]))
