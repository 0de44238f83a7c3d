# %% [markdown]
# # 6. Forward and reverse mode: two ways through the same graph
#
# The chain rule can be applied in either direction. **Forward mode** carries a tangent
# $\dot x$ (a direction in input space) along with the values, from the inputs to the
# outputs: one pass gives the Jacobian-vector product $J v$. **Reverse mode** (`backward()`)
# carries a cotangent $\bar y$ (a weighting of the outputs) from the outputs back to the
# inputs: one pass gives the vector-Jacobian product $v^\top J$. Both are exact, both cost
# about as much as evaluating the function; which one is cheaper for a whole Jacobian depends
# only on whether there are fewer inputs or fewer outputs.
#
# This notebook differentiates one small graph both ways and draws it, times the two
# strategies on wide and tall Jacobians, builds the full softmax Jacobian, and uses a
# Hessian for Newton's method.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np

import autograd
from autograd import Tensor, viz
from autograd.forward_ad import dual_level, make_dual, unpack_dual
from autograd.functional import hessian, hvp, jacobian, jvp, vjp

autograd.set_default_dtype(np.float64)
np.set_printoptions(precision=5, suppress=True)

# %% [markdown]
# ## One graph, differentiated forwards
#
# Take $f(x, y) = \tanh(xy) + e^x$, built from $a = xy$, $t = \tanh a$, $e = e^x$ and
# $f = t + e$. Each op has a forward rule, the differential of what it computes:
#
# $$\dot a = y\,\dot x + x\,\dot y, \qquad \dot t = (1 - t^2)\,\dot a, \qquad
#   \dot e = e\,\dot x, \qquad \dot f = \dot t + \dot e.$$
#
# Inside `with dual_level():`, `make_dual(x, dx)` gives a view of `x` that carries the
# tangent `dx`, and every op computes its output's tangent next to its value.
# `unpack_dual(f).tangent` is then $\dot f = J v$ with $v = (\dot x, \dot y)$. With
# $v = (1, 0)$ it is $\partial f / \partial x = (1 - t^2)\,y + e^x$.
#
# The inputs require grad, so the same forward pass also records the graph for `backward()`
# later. In the drawing, the forward arrows are labelled with the tangents that flowed along
# them (in blue). The `reshape` ellipses are the views `make_dual` makes: they are what
# carries the tangent, and they pass gradients straight through.

# %%
x = Tensor(0.5, requires_grad=True, name="x")
y = Tensor(-1.5, requires_grad=True, name="y")

with dual_level():
    x_dual = make_dual(x, Tensor(1.0))  # dx = 1
    y_dual = make_dual(y, Tensor(0.0))  # dy = 0
    a = x_dual * y_dual
    t = a.tanh()
    e = x_dual.exp()
    f = t + e
    nodes = {"a": a, "t": t, "e": e, "f": f}
    for name, node in nodes.items():
        node.name = name
    tangents = {name: unpack_dual(node).tangent.item() for name, node in nodes.items()}

x0, y0 = 0.5, -1.5
t0 = np.tanh(x0 * y0)
df_dx = (1 - t0**2) * y0 + np.exp(x0)
df_dy = (1 - t0**2) * x0
print(" node   value      tangent (direction dx = 1, dy = 0)")
for name, node in nodes.items():
    print(f"  {name}   {node.item():9.5f}  {tangents[name]:9.5f}")
print(f"df/dx by the formula: {df_dx:.5f}")
np.testing.assert_allclose(tangents["a"], y0)  # da = y dx + x dy = y
np.testing.assert_allclose(tangents["f"], df_dx, rtol=1e-14)

viz.draw(f, title="f = tanh(x y) + exp(x), after one forward-mode pass with (dx, dy) = (1, 0)")

# %% [markdown]
# One forward pass gave one number: the derivative along one direction. For
# $\partial f / \partial y$ we need a second pass, with $v = (0, 1)$. `autograd.functional.jvp`
# does the `dual_level` bookkeeping:


# %%
def f_of(x, y):
    return (x * y).tanh() + x.exp()


_, along_y = jvp(f_of, (Tensor(x0), Tensor(y0)), (Tensor(0.0), Tensor(1.0)))
print(f"second forward pass, v = (0, 1): {along_y.item():.5f}   formula: {df_dy:.5f}")
np.testing.assert_allclose(along_y.item(), df_dy, rtol=1e-14)

# %% [markdown]
# ## The same graph, differentiated backwards
#
# Reverse mode starts from $\bar f = \partial f/\partial f = 1$ and applies the transposed
# rules from the output back to the inputs:
#
# $$\bar t = \bar e = \bar f, \qquad \bar a = (1 - t^2)\,\bar t, \qquad
#   \bar x = y\,\bar a + e\,\bar e, \qquad \bar y = x\,\bar a.$$
#
# One `backward()` gives **both** partial derivatives, the whole row $v^\top J$ with
# $v = \bar f = 1$. The red arrows carry the gradients; `x` is used twice (by `mul` and by
# `exp`), so its gradient is the sum of its two arrows.

# %%
f.backward()
print(f"x.grad = {x.grad.item():.5f}   df/dx = {df_dx:.5f}")
print(f"y.grad = {y.grad.item():.5f}   df/dy = {df_dy:.5f}")
np.testing.assert_allclose([x.grad.item(), y.grad.item()], [df_dx, df_dy], rtol=1e-14)

_, row = vjp(f_of, (Tensor(x0), Tensor(y0)))  # the same, as a function call
np.testing.assert_allclose([row[0].item(), row[1].item()], [df_dx, df_dy], rtol=1e-14)

viz.draw(f, title="the same graph after f.backward(): both partials in one reverse pass")

# %% [markdown]
# ## Why the cost depends on the shape of the Jacobian
#
# For $F: \mathbb{R}^n \to \mathbb{R}^m$ the Jacobian $J$ is $m \times n$. A forward pass
# with $v = e_j$ gives column $j$, $J e_j$, so forward mode needs $n$ passes. A reverse pass
# with $v = e_i$ gives row $i$, $e_i^\top J$, so reverse mode needs $m$ passes. Each pass
# costs a small multiple of evaluating $F$, so:
#
# - few outputs, many inputs ($m \ll n$, e.g. a loss of many parameters): reverse mode;
# - few inputs, many outputs ($n \ll m$): forward mode.
#
# `jacobian(F, x, strategy=...)` does either. We time both on
# $F(x) = \tanh(Wx)$ with a fixed random $m \times n$ matrix $W$, whose Jacobian is known in
# closed form, $J = \operatorname{diag}\big(1 - \tanh^2(Wx)\big)\,W$ (best of three runs).


# %%
def best_time(function, repeats=3):
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


rng = np.random.default_rng(0)
timings = {}
for n, m in [(1000, 10), (10, 1000)]:
    weight = Tensor(rng.standard_normal((m, n)) / np.sqrt(n))
    point = Tensor(rng.standard_normal(n))

    def layer(v, weight=weight):
        return (weight @ v).tanh()

    closed_form = (1 - np.tanh(weight.numpy() @ point.numpy()) ** 2)[:, None] * weight.numpy()
    for strategy in ["forward-mode", "reverse-mode"]:
        found = jacobian(layer, point, strategy=strategy)
        np.testing.assert_allclose(found.numpy(), closed_form, rtol=1e-10, atol=1e-12)
        timings[n, m, strategy] = best_time(
            lambda strategy=strategy, layer=layer, point=point: jacobian(
                layer, point, strategy=strategy
            )
        )

print("   n      m   forward: passes  seconds   reverse: passes  seconds   faster")
for n, m in [(1000, 10), (10, 1000)]:
    forward, reverse = timings[n, m, "forward-mode"], timings[n, m, "reverse-mode"]
    winner = "forward" if forward < reverse else "reverse"
    ratio = max(forward, reverse) / min(forward, reverse)
    print(
        f"{n:4d}  {m:5d}   {n:14d}  {forward:7.4f}   {m:14d}  {reverse:7.4f}   "
        f"{winner} by {ratio:.0f}x"
    )

# the claim of this section: the mode with fewer passes wins
assert timings[1000, 10, "reverse-mode"] < timings[1000, 10, "forward-mode"]
assert timings[10, 1000, "forward-mode"] < timings[10, 1000, "reverse-mode"]

# %% [markdown]
# Both strategies return the same matrix (checked against the closed form above); only the
# number of passes differs, $n$ columns or $m$ rows. This is why training uses reverse mode:
# a loss is one output of millions of parameters, and one backward pass gives the whole
# gradient.

# %% [markdown]
# ## The softmax Jacobian, in full
#
# Softmax $h_i = e^{z_i} / \sum_k e^{z_k}$ mixes all its inputs: every $h_i$ depends on
# every $z_j$. Its Jacobian is the full matrix
#
# $$\frac{\partial h_i}{\partial z_j} = h_i(\delta_{ij} - h_j), \qquad
#   J = \operatorname{diag}(h) - h h^\top,$$
#
# not just the diagonal $h_j(1 - h_j)$ that differentiating $h_j$ by $z_j$ alone gives (the
# classic mistake that makes a gradient check fail: the off-diagonal entries $-h_i h_j$ are
# missing). Both strategies of `jacobian` build it from the primitive ops of `softmax`:

# %%
z = Tensor([1.0, 2.0, 0.5, -1.0, 3.0, 0.0])
h = z.softmax().numpy()
expected = np.diag(h) - np.outer(h, h)

by_rows = jacobian(lambda z: z.softmax(), z)  # 6 reverse passes
by_columns = jacobian(lambda z: z.softmax(), z, strategy="forward-mode")  # 6 forward passes
np.testing.assert_allclose(by_rows.numpy(), expected, rtol=1e-12, atol=1e-15)
np.testing.assert_allclose(by_columns.numpy(), expected, rtol=1e-12, atol=1e-15)

diagonal_only = np.diag(h * (1 - h))
np.testing.assert_allclose(np.diag(by_rows.numpy()), h * (1 - h), rtol=1e-12)
assert not np.allclose(by_rows.numpy(), diagonal_only)  # the off-diagonal terms matter
print("J = diag(h) - h h^T, by rows and by columns:\n", by_rows.numpy())
dropped = np.abs(by_rows.numpy() - diagonal_only).max()
print("largest off-diagonal entry the diagonal-only version drops:", dropped)

# %% [markdown]
# Every column of $J$ sums to zero: $\sum_i h_i = 1$ whatever $z$ is, so no change of $z$ can
# change that sum. And every row sums to zero too: adding the same constant to all the $z_j$
# leaves softmax unchanged, so the forward pass in the direction $v = (1, \dots, 1)$ gives a
# zero tangent.

# %%
_, shift = jvp(lambda z: z.softmax(), z, Tensor(np.ones(6)))
print("J (1, ..., 1) by one forward pass:", shift.numpy())
np.testing.assert_allclose(shift.numpy(), 0, atol=1e-15)
np.testing.assert_allclose(by_rows.numpy().sum(axis=0), 0, atol=1e-15)

figure, axis = plt.subplots(figsize=(5.2, 4.2))
limit = np.abs(expected).max()
image = axis.imshow(by_rows.numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit)
for i in range(6):
    for j in range(6):
        entry = by_rows.numpy()[i, j]
        color = "white" if abs(entry) > 0.6 * limit else "black"  # readable on dark cells
        label = f"{entry:.3f}".replace("-0.000", "0.000")
        axis.text(j, i, label, ha="center", va="center", fontsize=7, color=color)
axis.set(
    xlabel="input $z_j$",
    ylabel="output $h_i$",
    xticks=range(6),
    yticks=range(6),
    title="softmax Jacobian $\\partial h_i / \\partial z_j$",
)
figure.colorbar(image, ax=axis, shrink=0.85)
figure.tight_layout()
plt.show()

# %% [markdown]
# The diagonal is positive (raising $z_i$ raises $h_i$), everything else is negative (it
# lowers all the other probabilities), and the largest entries sit where $h$ is large
# ($z_4 = 3$ and $z_1 = 2$).

# %% [markdown]
# ## A Hessian and Newton's method
#
# The Hessian of a scalar function is the Jacobian of its gradient, so `hessian` is one more
# `jacobian` on top of a gradient. For the quadratic
# $q(w) = \tfrac12 w^\top A w - b^\top w$ with a symmetric positive definite $A$, the
# gradient is $A w - b$ and the Hessian is $A$ everywhere. Newton's step
# $w \leftarrow w - H^{-1} \nabla q(w)$ solves the local quadratic model exactly, and here
# the model **is** the function: one step lands on the minimum $w^\star = A^{-1} b$ from
# anywhere.

# %%
A = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, -0.5], [0.5, -0.5, 2.0]])
b = np.array([1.0, -2.0, 0.5])


def quadratic(w):
    return 0.5 * (w * (Tensor(A) @ w)).sum() - (Tensor(b) * w).sum()


def gradient(fn, w):
    _, g = vjp(fn, Tensor(w))
    return g.numpy()


w = np.array([5.0, -3.0, 8.0])
H = hessian(quadratic, Tensor(w)).numpy()
print("Hessian of q:\n", H)
np.testing.assert_allclose(H, A, rtol=1e-14)

w_next = w - np.linalg.solve(H, gradient(quadratic, w))
print("one Newton step from", w, "->", w_next, "  A^-1 b =", np.linalg.solve(A, b))
np.testing.assert_allclose(w_next, np.linalg.solve(A, b), rtol=1e-12)
np.testing.assert_allclose(gradient(quadratic, w_next), 0, atol=1e-12)

# %% [markdown]
# On a function that is not quadratic the model is only local, so Newton takes several
# steps, and close to the minimum the number of correct digits roughly doubles each step.
# Try
#
# $$g(u, v) = e^{u + 3v - 0.1} + e^{u - 3v - 0.1} + e^{-u - 0.1},$$
#
# whose minimum is at $v = 0$ (symmetry) and $2e^{u - 0.1} = e^{-u - 0.1}$, that is
# $u^\star = -\tfrac12 \ln 2$. At every step the Hessian is also checked against a
# Hessian-vector product, `hvp`, which never forms $H$.


# %%
def g(w):
    u, v = w[0], w[1]
    return (u + 3 * v - 0.1).exp() + (u - 3 * v - 0.1).exp() + (-u - 0.1).exp()


minimum = np.array([-0.5 * np.log(2), 0.0])
w = np.array([1.0, 0.3])
print(" step        u           v        |gradient|   distance to the minimum")
for step in range(7):
    H = hessian(g, Tensor(w)).numpy()
    _, H_v = hvp(g, Tensor(w), Tensor([0.6, -0.8]))
    np.testing.assert_allclose(H_v.numpy(), H @ [0.6, -0.8], rtol=1e-12)

    grad_w = gradient(g, w)
    distance = np.linalg.norm(w - minimum)
    print(
        f"{step:5d}  {w[0]:10.7f}  {w[1]:10.7f}   {np.linalg.norm(grad_w):.2e}     {distance:.2e}"
    )
    w = w - np.linalg.solve(H, grad_w)

np.testing.assert_allclose(w, minimum, atol=1e-12)
assert np.linalg.norm(gradient(g, w)) < 1e-12

# %% [markdown]
# **Takeaways.** Forward mode pushes a tangent from inputs to outputs and gets $J v$;
# reverse mode pulls a cotangent from outputs to inputs and gets $v^\top J$. Both run the
# same per-op calculus, one as the differential and one as its transpose. A full Jacobian
# takes $n$ forward passes or $m$ reverse ones, so pick the mode by the smaller side. And a
# Hessian is a Jacobian of a gradient: with it, Newton's method solves a quadratic in one step
# and converges quadratically on smooth functions.
