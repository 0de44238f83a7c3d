"""einsum: values against np.einsum over many equations (diagonals, traces, ellipsis, implicit
outputs, size-1 broadcasting), gradcheck in float64, the forward rule against backward, second
order (the gradient is an einsum again), random contractions, and the parser's errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Tensor, grad, gradcheck
from autograd.forward_ad import dual_level, make_dual, unpack_dual
from autograd.ops import Einsum
from tests.strategies import seeds

EQUATIONS = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ij,jk", [(2, 3), (3, 4)]),
    ("i,i->", [(4,), (4,)]),
    ("i,j->ij", [(2,), (3,)]),
    ("ii", [(3, 3)]),
    ("ii->i", [(3, 3)]),
    ("iij->j", [(2, 2, 3)]),
    ("iji->ij", [(2, 3, 2)]),
    ("ij->", [(2, 3)]),
    ("ij->j", [(2, 3)]),
    ("ba", [(2, 3)]),
    ("Ab,b->A", [(2, 3), (3,)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
    ("...ij,...jk", [(2, 1, 2, 3), (4, 3, 2)]),
    ("b...a", [(2, 4, 3)]),
    ("...ij->...", [(2, 3, 4)]),
    ("...ij->ij", [(2, 3, 4)]),
    ("ij,ij->ij", [(2, 1), (1, 3)]),
    ("i j , j k -> i k", [(2, 3), (3, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("ii,i->i", [(3, 3), (3,)]),
    ("i->", [(0,)]),
]


def operands(rng, shapes, requires_grad=False):
    return [Tensor(rng.standard_normal(shape), requires_grad=requires_grad) for shape in shapes]


def numpy_einsum(equation, arrays):
    """np.einsum does not broadcast explicit size-1 subscripts: broadcast them first."""
    from autograd.ops.einsum import _parse

    terms, output = _parse(equation, [a.shape for a in arrays])
    sizes = {}
    for term, array in zip(terms, arrays, strict=True):
        for letter, n in zip(term, array.shape, strict=True):
            sizes[letter] = max(sizes.get(letter, 1), n) if n else 0
    expanded = [
        np.broadcast_to(a, tuple(sizes[c] for c in t)) for t, a in zip(terms, arrays, strict=True)
    ]
    return np.einsum(",".join(terms) + "->" + output, *expanded)


@pytest.mark.parametrize(("equation", "shapes"), EQUATIONS, ids=[e for e, _ in EQUATIONS])
def test_values_match_numpy(equation, shapes, rng):
    tensors = operands(rng, shapes)
    out = autograd.einsum(equation, *tensors)
    np.testing.assert_allclose(out.data, numpy_einsum(equation, [t.data for t in tensors]))


def test_operands_may_be_given_as_one_list(rng):
    a, b = operands(rng, [(2, 3), (3,)])
    np.testing.assert_allclose(autograd.einsum("ij,j", [a, b]).data, (a @ b).data)


@pytest.mark.parametrize(("equation", "shapes"), EQUATIONS, ids=[e for e, _ in EQUATIONS])
def test_gradcheck(equation, shapes, rng):
    assert gradcheck(lambda *xs: autograd.einsum(equation, *xs), operands(rng, shapes, True))


@pytest.mark.parametrize(("equation", "shapes"), EQUATIONS, ids=[e for e, _ in EQUATIONS])
def test_forward_rule_is_the_transpose_of_backward(equation, shapes, rng):
    tensors = operands(rng, shapes, True)
    tangents = [Tensor(rng.standard_normal(t.shape)) for t in tensors]
    out = autograd.einsum(equation, *tensors)
    cotangent = Tensor(rng.standard_normal(out.shape))
    with dual_level():
        duals = [make_dual(t, d) for t, d in zip(tensors, tangents, strict=True)]
        jvp = unpack_dual(autograd.einsum(equation, *duals)).tangent
    vjps = grad(out, tensors, grad_outputs=cotangent)
    reverse = sum(np.sum(t.data * v.data) for t, v in zip(tangents, vjps, strict=True))
    np.testing.assert_allclose(np.sum(jvp.data * cotangent.data), reverse, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("equation", ["ij,jk->ik", "ii->i", "ij,ij->", "bij,bjk->bik"])
def test_gradient_of_the_gradient_is_checked(equation, rng):
    shapes = dict([*EQUATIONS, ("ij,ij->", [(2, 3), (2, 3)])])[equation]
    tensors = operands(rng, shapes, True)
    cotangent = Tensor(rng.standard_normal(autograd.einsum(equation, *tensors).shape))

    def gradient(*xs):
        outs = grad(autograd.einsum(equation, *xs), xs, grad_outputs=cotangent, create_graph=True)
        return sum(((o * o * xs[0].sum()).sum() for o in outs), Tensor(0.0, dtype=np.float64))

    assert gradcheck(gradient, tensors)


def test_gradient_of_a_diagonal_lands_on_the_diagonal():
    x = Tensor(np.zeros((3, 3)), requires_grad=True)
    autograd.einsum("ii->i", x).backward(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(x.grad, np.diag([1.0, 2.0, 3.0]))


def test_gradient_of_a_broadcast_size_one_dimension_is_summed():
    a = Tensor(np.ones((2, 1)), requires_grad=True)
    autograd.einsum("ij,ij->ij", a, Tensor(np.ones((1, 3)))).sum().backward()
    np.testing.assert_array_equal(a.grad, [[3.0], [3.0]])


def test_float32_stays_float32(rng):
    a = Tensor(rng.standard_normal((2, 3)).astype(np.float32), requires_grad=True)
    out = autograd.einsum("ij,ij->i", a, a)
    out.sum().backward()
    assert out.dtype == a.grad.dtype == np.float32


def test_the_op_is_recorded_as_one_einsum_node_with_its_rule(rng):
    a, b = operands(rng, [(2, 3), (3,)], True)
    out = autograd.einsum("ij,j->i", a, b)
    assert out.grad_fn.name == "einsum"
    assert out.grad_fn.arguments() == {"equation": "ij,j->i"}
    assert Einsum.rule.startswith("∂operand_i")


LETTERS = "abcde"


@st.composite
def contractions(draw):
    """Two or three operands over a few letters, each letter with one size."""
    sizes = {letter: draw(st.integers(1, 3)) for letter in LETTERS}
    count = draw(st.integers(1, 3))
    terms = [
        "".join(draw(st.lists(st.sampled_from(LETTERS), min_size=0, max_size=3)))
        for _ in range(count)
    ]
    used = sorted(set("".join(terms)))
    output = "".join(draw(st.permutations(used))[: draw(st.integers(0, len(used)))])
    shapes = [tuple(sizes[c] for c in term) for term in terms]
    return ",".join(terms) + "->" + output, shapes


@settings(max_examples=40)
@given(problem=contractions(), seed=seeds())
def test_random_contractions_match_numpy_and_gradcheck(problem, seed):
    equation, shapes = problem
    rng = np.random.default_rng(seed)
    tensors = operands(rng, shapes, True)
    out = autograd.einsum(equation, *tensors)
    np.testing.assert_allclose(out.data, np.einsum(equation, *[t.data for t in tensors]))
    assert gradcheck(lambda *xs: autograd.einsum(equation, *xs), tensors)


ERRORS = {
    "operand count": (
        lambda: autograd.einsum("ij,jk", Tensor(np.ones((2, 2)))),
        "2 operands in the equation",
    ),
    "subscript count": (
        lambda: autograd.einsum("ijk", Tensor(np.ones((2, 2)))),
        r"number of subscripts in the equation \(3\) does not match",
    ),
    "sizes": (
        lambda: autograd.einsum("ij,j->i", Tensor(np.ones((2, 3))), Tensor(np.ones(4))),
        "subscript j has size 4 for operand 1 which does not broadcast with previously seen size 3",
    ),
    "repeated sizes": (
        lambda: autograd.einsum("ii", Tensor(np.ones((2, 3)))),
        "subscript i is repeated for operand 0 but the sizes don't match",
    ),
    "bad letter": (lambda: autograd.einsum("i1", Tensor(np.ones((2, 3)))), "invalid subscript '1'"),
    "output twice": (
        lambda: autograd.einsum("ij->ii", Tensor(np.ones((2, 2)))),
        "output subscript i appears more than once",
    ),
    "output unknown": (
        lambda: autograd.einsum("ij->k", Tensor(np.ones((2, 2)))),
        "output subscript k does not appear",
    ),
    "no operands": (lambda: autograd.einsum("i"), "at least one operand"),
}


@pytest.mark.parametrize("name", ERRORS)
def test_errors_name_einsum_and_the_shapes(name):
    call, message = ERRORS[name]
    with pytest.raises(ValueError, match=message):
        call()
