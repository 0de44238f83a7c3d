# ruff: noqa: E501 - Markdown table rows and display formulas cannot be wrapped
# %% [markdown]
# # 3. Gradient checking: catching a wrong backward
#
# A backward formula can be wrong and still produce numbers of the right shape, and a network
# trained with it may even learn a little. The reliable way to find out is to compare the
# analytic gradient with a numerical one. Here we write our own softmax operation, make the
# classic mistake in its backward, and watch `autograd.gradcheck` catch it.

# %%
import matplotlib.pyplot as plt
import numpy as np

import autograd
from autograd import Function, GradcheckError, Tensor, gradcheck, viz
from autograd.gradcheck import numerical_jacobian

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## How a gradient check works
#
# For every element $x_k$ of every input, the central difference
#
# $$\frac{\partial f}{\partial x_k} \approx \frac{f(x + \varepsilon e_k) - f(x - \varepsilon e_k)}{2\varepsilon}$$
#
# has an error of order $\varepsilon^2$ (the second-order terms of the Taylor expansion
# cancel). `gradcheck` builds the whole Jacobian this way, builds it again from the engine's
# backward (one reverse pass per output element), and compares the two with
# `np.isclose(analytic, numeric, atol, rtol)`. With $\varepsilon = 10^{-6}$ the inputs must be
# float64: float32 carries only about 7 significant digits, so $f(x \pm \varepsilon)$ would
# round to the same number.
#
# ## A custom softmax with the diagonal-only derivative
#
# graphgrad's own softmax is a composite of primitives, so its gradient cannot be wrong in
# this way. To make the mistake we write softmax as a single custom operation: a subclass of
# `Function` (graphgrad's `torch.autograd.Function`) with a `forward` that computes the result
# with NumPy and saves what backward needs on `ctx`, and a `backward` that maps the upstream
# gradient $g$ to one gradient per forward argument (`None` for the non-tensor `axis`).
#
# Differentiating $h_j = e^{z_j} / \sum_k e^{z_k}$ with respect to $z_j$ alone gives
# $h_j(1 - h_j)$, just like the logistic sigmoid. It is tempting to stop there and
# backpropagate $g_j\, h_j (1 - h_j)$, treating softmax as if it acted elementwise:


# %%
def softmax_rows(array, axis):
    exps = np.exp(array - array.max(axis=axis, keepdims=True))
    return exps / exps.sum(axis=axis, keepdims=True)


class DiagonalOnlySoftmax(Function):
    # WRONG: dh_j/dz_j = h_j (1 - h_j) only; the cross terms dh_i/dz_j = -h_i h_j are dropped
    rule = "∂z = g · h · (1 − h)  (WRONG: the diagonal only)"  # shown on hover in the drawing

    @staticmethod
    def forward(ctx, z, axis):
        h = Tensor(softmax_rows(z.data, axis))
        ctx.save_for_backward(h)  # the output: backward reads h, not z
        return h

    @staticmethod
    def backward(ctx, grad):
        (h,) = ctx.saved_tensors
        return grad * h * (1 - h), None  # no gradient for axis


def wrong_softmax(z, axis=-1):
    return DiagonalOnlySoftmax.apply(z, axis)


# %% [markdown]
# The forward pass is correct, so nothing looks wrong yet. The whole softmax is one node of
# the graph, named after the class (`apply` does not record the ops inside `forward`):

# %%
rng = np.random.default_rng(0)
z = Tensor(rng.normal(size=(2, 4)), requires_grad=True, name="z")  # float64
print(wrong_softmax(z).numpy())
print("recorded as:", wrong_softmax(z).grad_fn.name)
assert np.allclose(wrong_softmax(z).numpy(), z.softmax(axis=-1).numpy())

# %% [markdown]
# ## `gradcheck` catches it
#
# The error names the input, the element, the output element, and both values:

# %%
try:
    gradcheck(wrong_softmax, [z])
    caught = None
except GradcheckError as error:
    caught = error
    print("GradcheckError:", error)
assert caught is not None, "the diagonal-only backward should fail the gradient check"

# %% [markdown]
# ## What exactly is missing
#
# Build both Jacobians of one row $h = \operatorname{softmax}(z)$: the analytic one from
# the broken backward (row $i$ is `autograd.grad(h[i], z)`) and the numerical one. The
# diagonals agree. Everything off the diagonal is missing: the difference is exactly
# $-h_i h_j$ for $i \ne j$.

# %%
row = Tensor(z.numpy()[0], requires_grad=True, name="z")
h = wrong_softmax(row)
analytic = np.stack(
    [autograd.grad(h[i], row, retain_graph=True)[0].numpy() for i in range(h.shape[0])]
)
numeric = numerical_jacobian(wrong_softmax, [row], position=0, output_index=0, eps=1e-6)
print("analytic (diagonal only):\n", analytic)
print("numerical:\n", numeric)
print("numerical - analytic:\n", numeric - analytic)

p = h.numpy()
cross_terms = -np.outer(p, p) * (1 - np.eye(len(p)))
assert np.allclose(numeric - analytic, cross_terms, atol=1e-8)

# %% [markdown]
# Side by side, as pictures: the true Jacobian $\partial h_i / \partial z_j$ (from finite
# differences) is positive on the diagonal and negative everywhere else, every row summing to
# zero (softmax is unchanged when all scores shift together). The diagonal-only backward keeps
# the diagonal and leaves white where the negative cross terms should be.

# %%
figure, axes = plt.subplots(1, 2, figsize=(9, 4), constrained_layout=True)
limit = np.abs(numeric).max()
for axis, (title, matrix) in zip(
    axes,
    [
        ("true Jacobian (finite differences)", numeric),
        ("what the diagonal-only backward uses", analytic),
    ],
    strict=True,
):
    image = axis.imshow(matrix, cmap="RdBu_r", vmin=-limit, vmax=limit)
    for (i, j), value in np.ndenumerate(matrix):
        axis.text(j, i, f"{value:.3f}", ha="center", va="center", fontsize=10)
    axis.set_title(title)
    axis.set_xlabel("input $z_j$")
    axis.set_ylabel("output $h_i$")
    axis.set_xticks(range(len(p)))
    axis.set_yticks(range(len(p)))
figure.colorbar(image, ax=axes, shrink=0.8, label=r"$\partial h_i / \partial z_j$")
plt.show()

# %% [markdown]
# ## Why training with it goes wrong
#
# Feed the broken softmax into cross-entropy, $L = -\frac{1}{N}\sum_n \log h_{n,t_n}$. The
# upstream gradient $\partial L / \partial h$ is zero except at the target, so the broken
# backward sends $-\frac{1}{N}(1 - h_t)$ to the target score and **nothing** to the other
# scores. The correct answer is $\frac{1}{N}(p - y)$: every wrong class should be pushed
# down by its probability. With the diagonal only, the wrong classes never learn that they
# are wrong.

# %%
targets = np.array([1, 3])
N = len(targets)


def loss_with(softmax_fn, logits):
    probabilities = softmax_fn(logits)
    return -probabilities[np.arange(N), targets].log().mean()


broken = Tensor(z.numpy(), requires_grad=True)
loss_with(wrong_softmax, broken).backward()
correct = Tensor(z.numpy(), requires_grad=True)
loss_with(lambda t: t.softmax(axis=-1), correct).backward()

probabilities = z.softmax(axis=-1).numpy()
one_hot = np.eye(z.shape[1])[targets]
print("diagonal-only dL/dz:\n", broken.grad)
print("correct dL/dz:\n", correct.grad)
assert np.allclose(correct.grad, (probabilities - one_hot) / N)
assert np.count_nonzero(broken.grad) == N  # only the target scores got a gradient

# %% [markdown]
# The drawing shows where the wrong gradient enters the graph. Above the softmax node every
# gradient is right: `mean`, `neg`, `log` and the pick of the target scores do their part, and
# the gradient arriving at the softmax's output is zero except at the targets. The red arrow
# leaving `DiagonalOnlySoftmax` towards `z` is the first wrong one: it carries zeros for every
# wrong class, where the correct $\frac{1}{N}(p - y)$ has their probabilities. (Hover over a
# node or an arrow in a live notebook: the tooltips give every number in full precision, and
# the softmax node its local rule.)

# %%
broken = Tensor(z.numpy(), requires_grad=True, name="z")
broken_loss = loss_with(wrong_softmax, broken)
broken_loss.name = "loss"
broken_loss.backward()
viz.draw(broken_loss, title="diagonal-only softmax: the arrow back to z has zeros off the targets")

# %% [markdown]
# With the built-in (composite) softmax the same place carries $\frac{1}{N}(p - y)$, a
# gradient for every class:

# %%
fixed = Tensor(z.numpy(), requires_grad=True, name="z")
fixed_loss = loss_with(lambda t: t.softmax(axis=-1), fixed)
fixed_loss.name = "loss"
fixed_loss.backward()
viz.draw(fixed_loss, collapse=True, title="composite softmax: every class gets its gradient")

# %% [markdown]
# ## The full Jacobian
#
# The fix keeps the cross terms. Backward never needs the $C \times C$ matrix itself, only
# its product with the upstream gradient. With $J = \operatorname{diag}(h) - hh^\top$
# (symmetric),
#
# $$\left(J^\top g\right)_j = \sum_i g_i\, h_i(\delta_{ij} - h_j) = h_j\Big(g_j - \sum_i g_i h_i\Big),$$
#
# one elementwise product and one sum along the softmax axis: $O(C)$ work instead of
# $O(C^2)$. Written with Tensor operations, it is also differentiable again.


# %%
class FullJacobianSoftmax(Function):
    # dh_i/dz_j = h_i (delta_ij - h_j), so J^T g = h * (g - sum_i g_i h_i)
    @staticmethod
    def forward(ctx, z, axis):
        h = Tensor(softmax_rows(z.data, axis))
        ctx.save_for_backward(h)
        ctx.axis = axis  # anything else backward needs is an attribute of ctx
        return h

    @staticmethod
    def backward(ctx, grad):
        (h,) = ctx.saved_tensors
        return h * (grad - (grad * h).sum(axis=ctx.axis, keepdims=True)), None


def right_softmax(z, axis=-1):
    return FullJacobianSoftmax.apply(z, axis)


print("softmax with the full Jacobian passes:", gradcheck(right_softmax, [z]))
print("and inside cross-entropy:", gradcheck(lambda logits: loss_with(right_softmax, logits), [z]))
print(
    "graphgrad's composite softmax passes too:",
    gradcheck(lambda logits: logits.softmax(axis=-1), [z]),
)

# %% [markdown]
# The check also passes along another axis, and for the gradient of the gradient: with
# `create_graph=True` the backward runs with recording on, and since it is written with
# Tensor operations on the saved output $h$ (itself a tensor of the graph), its own graph
# can be differentiated again:

# %%
columns = Tensor(rng.normal(size=(3, 2)), requires_grad=True)
assert gradcheck(lambda t: right_softmax(t, axis=0), [columns])

weights = Tensor(rng.normal(size=(2, 4)), requires_grad=False)


def gradient_of_loss(logits):
    loss = (right_softmax(logits) * weights).sum()
    (gradient,) = autograd.grad(loss, logits, create_graph=True)
    return gradient


assert gradcheck(gradient_of_loss, [z])
print("second-order check passed")

# %% [markdown]
# **Takeaways.** A wrong backward can have the right shape and the right diagonal. A
# central-difference gradient check compares every element and points at the first one that
# disagrees. Softmax couples all its outputs, so its Jacobian is
# $h_i(\delta_{ij} - h_j)$, and the vector-Jacobian product $h \odot (g - \langle g, h\rangle)$
# is all a backward needs.
