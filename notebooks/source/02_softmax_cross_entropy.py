# %% [markdown]
# # 2. Softmax and cross-entropy: where $p - y$ comes from
#
# A classifier ends with scores (logits) $z \in \mathbb{R}^C$ for $C$ classes. Softmax turns
# them into probabilities, cross-entropy compares those with the true class. Their combined
# gradient is famously simple, $\partial L / \partial z = p - y$. We will not code that
# formula anywhere: we build the loss from primitive operations (max, subtract, exp, sum,
# log, indexing, mean) and watch $p - y$ come out of the backward pass.

# %%
import numpy as np

import autograd
from autograd import Tensor, viz

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## Softmax, and why it subtracts the max first
#
# $$\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_k e^{z_k}} .$$
#
# Written literally, it breaks on large scores: $e^{1000}$ is beyond the largest float64
# (about $1.8 \times 10^{308}$), so it becomes `inf`, and $\infty / \infty$ is `nan`.

# %%
scores = np.array([1000.0, 2000.0, 3000.0])


def naive_softmax(values):
    exps = np.exp(values)
    return exps / exps.sum()


with np.errstate(over="ignore", invalid="ignore"):  # silence the overflow warnings
    naive = naive_softmax(scores)
print("naive softmax:", naive)
assert np.isnan(naive).all()

# %% [markdown]
# The fix uses an identity: multiplying numerator and denominator by $e^{-m}$ changes
# nothing, so for any constant $m$
#
# $$\operatorname{softmax}(z)_i = \frac{e^{z_i - m}}{\sum_k e^{z_k - m}} .$$
#
# Choose $m = \max_k z_k$. Then every exponent is $\le 0$, so every $e^{z_i - m}$ lies in
# $(0, 1]$ and the largest is exactly 1: no overflow, and the denominator is at least 1.


# %%
def stable_softmax(values):
    exps = np.exp(values - values.max())
    return exps / exps.sum()


stable = stable_softmax(scores)
print("max-normalised softmax:", stable)
assert np.array_equal(stable, [0.0, 0.0, 1.0])

# graphgrad's softmax is built the same way, from primitive ops
engine = Tensor(scores).softmax()
print("graphgrad softmax:     ", engine.numpy())
assert np.array_equal(engine.numpy(), [0.0, 0.0, 1.0])

# %% [markdown]
# ## The softmax Jacobian
#
# Each output $h_i = \operatorname{softmax}(z)_i$ depends on **every** input $z_j$ (through
# the sum in the denominator), so its derivative is a full $C \times C$ matrix. With the
# quotient rule, writing $S = \sum_k e^{z_k}$:
#
# $$\frac{\partial h_i}{\partial z_i} = \frac{e^{z_i} S - e^{z_i} e^{z_i}}{S^2} = h_i (1 - h_i),
# \qquad
# \frac{\partial h_i}{\partial z_j} = \frac{0 \cdot S - e^{z_i} e^{z_j}}{S^2} = -h_i h_j
# \quad (i \ne j),$$
#
# or in one line with the Kronecker delta ($\delta_{ij} = 1$ if $i = j$, else 0):
#
# $$J_{ij} = \frac{\partial h_i}{\partial z_j} = h_i(\delta_{ij} - h_j),
# \qquad J = \operatorname{diag}(h) - h h^\top .$$
#
# Reverse mode computes one row of $J$ per backward pass: `autograd.grad(h[i], z)` is
# $\nabla_z h_i$. Let the engine build the matrix row by row and compare it with the formula.

# %%
z = Tensor([1.0, 2.0, 0.5, -1.0], dtype=np.float64, requires_grad=True, name="z")
h = z.softmax()

rows = [autograd.grad(h[i], z, retain_graph=True)[0].numpy() for i in range(h.shape[0])]
jacobian = np.stack(rows)
formula = np.diag(h.numpy()) - np.outer(h.numpy(), h.numpy())

print("h =", h.numpy())
print("Jacobian from the engine, row i = grad of h_i:")
print(jacobian)
print("largest difference from diag(h) - h h^T:", np.abs(jacobian - formula).max())
assert np.allclose(jacobian, formula, atol=1e-15)

# %% [markdown]
# Two things to notice. The diagonal $h_i(1 - h_i)$ is positive (raising $z_i$ raises
# $h_i$), the off-diagonal $-h_i h_j$ is negative (it lowers every other probability). And
# every row sums to zero: the probabilities always sum to 1, so no change of $z$ can change
# their total. Keeping only the diagonal is a classic mistake that
# [notebook 3](03_gradient_checking.ipynb) catches with a gradient check.

# %%
with np.printoptions(precision=1, suppress=False):  # show the round-off, not just 0
    print("row sums:", jacobian.sum(axis=1))
assert np.allclose(jacobian.sum(axis=1), 0.0, atol=1e-15)

# %% [markdown]
# ## Cross-entropy on a batch, from primitives
#
# For a batch of $N$ examples with logits $z_n \in \mathbb{R}^C$ and true classes $t_n$
# (one-hot rows $y_n$), the mean cross-entropy is
#
# $$L = -\frac{1}{N} \sum_{n=1}^N \log p_{n, t_n}, \qquad p_n = \operatorname{softmax}(z_n).$$
#
# Computed stably, with $s_{nj} = z_{nj} - \max_k z_{nk}$ the max-normalised scores,
#
# $$\log p_{nj} = s_{nj} - \log \textstyle\sum_k e^{s_{nk}} .$$
#
# Here it is with graphgrad's primitive operations, one line per idea. Naming the
# intermediate tensors puts the names into the drawing.

# %%
logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
targets = np.array([0, 2])  # example 0 is class 0, example 1 is class 2
N, C = logits.shape

z = Tensor(logits, requires_grad=True, name="z")
s = z - z.max(axis=1, keepdims=True)
s.name = "s (z - max)"
log_p = s - s.exp().sum(axis=1, keepdims=True).log()
log_p.name = "log p"
loss = -log_p[np.arange(N), targets].mean()
loss.name = "loss"
print(f"loss = {loss.item():.6f}")

# %% [markdown]
# ## $p - y$, derived
#
# For one example, $L = -\sum_k y_k \log p_k$ with $\partial \log p_k / \partial z_i =
# \delta_{ki} - p_i$ (from the Jacobian above, divided by $p_k$). So
#
# $$\frac{\partial L}{\partial z_i} = -\sum_k y_k (\delta_{ki} - p_i)
# = -y_i + p_i \sum_k y_k = p_i - y_i ,$$
#
# because the one-hot $y$ sums to 1. Averaging over the batch divides by $N$:
#
# $$\frac{\partial L}{\partial z} = \frac{1}{N}(P - Y).$$
#
# The engine knows none of this; it only knows the local derivative of each primitive.

# %%
loss.backward()

p = np.exp(logits - logits.max(axis=1, keepdims=True))
p /= p.sum(axis=1, keepdims=True)
y = np.eye(C)[targets]
print("engine dL/dz:\n", z.grad)
print("(p - y) / N:\n", (p - y) / N)
assert np.allclose(z.grad, (p - y) / N, rtol=1e-12, atol=1e-15)

# %% [markdown]
# ## The graph, with the gradient flowing back in red
#
# Grey arrows are the forward pass. Each red arrow runs from an operation back to one of its
# inputs and carries the gradient that flowed along that edge. Tensors print their value in
# green; the input $z$, the loss, and $s$ (where two red arrows meet and add up) also print
# their gradient in red. Read it from the bottom
# up: `mean` hands every picked log-probability $-1/N = -0.5$, `getitem` scatters those into
# a matrix that is zero except at the targets, and by the time the gradient reaches $z$ it
# is $(p - y)/N$.

# %%
drawing = viz.draw(loss, collapse=False, rankdir="TB")
drawing

# %% [markdown]
# ## The max node: gradients that sum to zero
#
# The max only shifts each row, and softmax does not care about shifts, so the loss cannot
# depend on it: its gradient must be zero. Yet the max is in the graph, and the engine has no
# idea that it is harmless. What happens?
#
# Each row's max was subtracted from **every** score of that row, so it receives a gradient
# from every normalised score $s_{nj}$: $\partial s_{nj}/\partial m_n = -1$, hence
#
# $$\frac{\partial L}{\partial m_n} = -\sum_j \frac{\partial L}{\partial s_{nj}}
# = -\frac{1}{N}\sum_j (p_{nj} - y_{nj}) = 0 .$$
#
# Let us find that node by walking the graph backwards from the loss. Each non-leaf tensor
# has a `grad_fn` (the op that made it); the op lists its `inputs`, its `name`, and after
# `backward()` the gradient that flowed along each input edge in `edge_grads`.


# %%
def walk(root):
    """Every (tensor, op that made it) behind root, found through grad_fn and op.inputs."""
    found, stack, seen = [], [root], set()
    while stack:
        tensor = stack.pop()
        if id(tensor) in seen or tensor.grad_fn is None:
            continue
        seen.add(id(tensor))
        found.append((tensor, tensor.grad_fn))
        stack.extend(tensor.grad_fn.inputs)
    return found


nodes = walk(loss)
print("ops in the graph:", [op.name for _, op in nodes])

max_out, max_op = next((t, op) for t, op in nodes if op.name == "max")
# the op that subtracts the max: a 'sub' whose second input is the max's output
shift_out, shift_op = next(
    (t, op) for t, op in nodes if op.name == "sub" and op.inputs[1] is max_out
)
# the users of the normalised scores s, and what each sent back to s
users = [
    (op.name, op.edge_grads[op.inputs.index(shift_out)])
    for _, op in nodes
    if any(inp is shift_out for inp in op.inputs)
]
for name, grad in users:
    print(f"gradient sent to s by '{name}':\n{grad}")

# %% [markdown]
# `s` is used twice: by `exp` (inside the sum) and by the final `sub` ($\log p = s -
# \log\sum e^s$). Its gradient is the sum of the two contributions, which is again
# $(p - y)/N$, and each row of it sums to zero. The `sub` that made $s$ sends the max
# minus those row sums: zero, up to floating-point round-off.

# %%
grad_s = sum(grad for _, grad in users)
print("dL/ds = sum of both:\n", grad_s)
with np.printoptions(precision=1, suppress=False):  # show the round-off, not just 0
    print("row sums of dL/ds:", grad_s.sum(axis=1))
    print("gradient reaching the max node:", shift_op.edge_grads[1].ravel())
    print("gradient the max passes on to z:\n", max_op.edge_grads[0])
assert np.allclose(grad_s, (p - y) / N, atol=1e-15)
assert np.allclose(shift_op.edge_grads[1], -grad_s.sum(axis=1, keepdims=True), atol=1e-15)
assert np.allclose(max_op.edge_grads[0], 0.0, atol=1e-15)

# %% [markdown]
# In the drawing above, the dashed red arrows into and out of `max` are those zero
# gradients; a `≈0` marks a value that is zero up to round-off ($\sim 10^{-17}$).
#
# ## The backward pass, step by step
#
# The player below replays the reverse pass: frame 0 seeds $\partial L / \partial L = 1$, and
# each following frame runs one operation's backward, in the order the engine runs them.
# The current op is highlighted, new red arrows are drawn thick, and a tensor's gradient
# appears once every arrow into it has arrived. (Use the buttons, the slider, or the arrow
# keys. On a static page such as GitHub's notebook view the interactive player is not shown;
# two of its frames follow as pictures.)

# %%
steps = viz.player(loss, collapse=False, rankdir="TB")
print(f"{len(steps)} frames")
steps

# %% [markdown]
# Frame 4: the gradient has passed `mean`, `neg`, `getitem` and the last `sub`. The tensor
# $s$ has received its first contribution, but its gradient is not complete yet: it still
# waits for the path through `exp`.

# %%
steps.frame(4)

# %% [markdown]
# The last frame: `max` runs last, because it had to wait for every use of its output.

# %%
steps.frame(len(steps) - 1)

# %% [markdown]
# **Takeaways.** Subtracting the max makes softmax safe without changing it. The softmax
# Jacobian is $\operatorname{diag}(h) - hh^\top$, not just its diagonal. Chained with
# cross-entropy it collapses to $(p - y)/N$, and the engine finds this from the local
# derivatives of seven kinds of primitive. The max node gets a gradient from every score of
# its row; those contributions cancel exactly, as they must.
