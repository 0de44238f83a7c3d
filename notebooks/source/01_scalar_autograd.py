# ruff: noqa: E501 - Markdown table rows and display formulas cannot be wrapped
# %% [markdown]
# # 1. Scalar autograd: the chain rule, one node at a time
#
# A 0-d `Tensor` is a plain number that remembers where it came from. Every operation on it
# records a node in a graph; `backward()` walks that graph from the output back to the inputs
# and applies the chain rule at each node. That is all backpropagation is.
#
# In this notebook we build a tiny expression, derive its gradient by hand, and check that
# the engine finds exactly the same numbers. Then we look at the graph, with the gradient
# flowing back along red arrows.

# %%
import numpy as np

import autograd
from autograd import Tensor, viz

autograd.set_default_dtype(np.float64)  # Python numbers become float64: exact hand checks

# %% [markdown]
# ## An expression with a variable used twice
#
# Take $a = 2$, $b = -3$, $c = 10$ and
#
# $$q = a\,b, \qquad r = q + c, \qquad f = r\,a .$$
#
# So $f = a^2 b + a c$. Note that $a$ enters twice: once through $q$ and once directly in the
# last product. The forward pass gives $q = -6$, $r = 4$, $f = 8$.

# %%
a = Tensor(2.0, requires_grad=True, name="a")
b = Tensor(-3.0, requires_grad=True, name="b")
c = Tensor(10.0, requires_grad=True, name="c")

q = a * b
q.name = "q"
r = q + c
r.name = "r"
f = r * a
f.name = "f"
print(f"q = {q.item()}, r = {r.item()}, f = {f.item()}")
assert (q.item(), r.item(), f.item()) == (-6.0, 4.0, 8.0)

# %% [markdown]
# Before any backward pass, the drawing shows the forward computation only: tensors are
# boxes (values in green), operations are ellipses, grey arrows run from inputs to outputs.

# %%
viz.draw(f)

# %% [markdown]
# ## The backward pass by hand
#
# Start at the output with $\partial f/\partial f = 1$ and move one node back at a time. Each
# node multiplies the gradient arriving at its output by its **local** derivative:
#
# | node | local derivatives | gradient sent back |
# |---|---|---|
# | $f = r\,a$ | $\partial f/\partial r = a$, $\partial f/\partial a = r$ | $\bar r = 1\cdot a = 2$, $\ \bar a_{\text{direct}} = 1\cdot r = 4$ |
# | $r = q + c$ | $\partial r/\partial q = 1$, $\partial r/\partial c = 1$ | $\bar q = \bar r = 2$, $\ \bar c = \bar r = 2$ |
# | $q = a\,b$ | $\partial q/\partial a = b$, $\partial q/\partial b = a$ | $\bar a_{\text{via } q} = \bar q\, b = -6$, $\ \bar b = \bar q\, a = 4$ |
#
# (a bar means "derivative of $f$ with respect to"). The variable $a$ receives two
# contributions, and the multivariable chain rule **adds** them:
#
# $$\frac{\partial f}{\partial a} = \underbrace{r}_{\text{direct}} + \underbrace{a\,b}_{\text{via } q} = 4 + (-6) = -2 .$$
#
# The same from the closed form $f = a^2 b + a c$: $\partial f/\partial a = 2ab + c = -2$,
# $\partial f/\partial b = a^2 = 4$, $\partial f/\partial c = a = 2$.

# %%
f.backward()
print(f"df/da = {a.grad}, df/db = {b.grad}, df/dc = {c.grad}")

# the engine agrees with the hand derivation, exactly
assert a.grad == 2 * a.item() * b.item() + c.item() == -2.0
assert b.grad == a.item() ** 2 == 4.0
assert c.grad == a.item() == 2.0

# %% [markdown]
# ## The same graph, after `backward()`
#
# Now each operation also has **red** arrows back to its inputs, labelled with the gradient
# that flowed along that edge, and the inputs show their gradient (`.grad`) in red under
# their value. Look at $a$: two red arrows arrive (labelled 4 and $-6$), and its gradient is
# their sum, $-2$.

# %%
viz.draw(f)

# %% [markdown]
# The drawing reads those numbers from the graph itself. Every non-leaf tensor has a
# `grad_fn` (the operation that made it); the operation lists its `inputs` and, after a
# backward pass, the gradient that flowed along each input edge in `edge_grads`:

# %%
last = f.grad_fn
print(last.name, [t.name for t in last.inputs], [float(g) for g in last.edge_grads])
first = q.grad_fn
print(first.name, [t.name for t in first.inputs], [float(g) for g in first.edge_grads])

direct, via_q = float(last.edge_grads[1]), float(first.edge_grads[0])
assert (direct, via_q) == (4.0, -6.0) and direct + via_q == a.grad

# %% [markdown]
# ## What a gradient promises
#
# $\partial f/\partial a = -2$ says: nudge $a$ by a small $h$ and $f$ changes by about
# $-2h$. Check it with a central difference, $\big(f(a+h) - f(a-h)\big) / 2h$, which is
# exactly what `autograd.gradcheck` does for every input element (notebook 3).


# %%
def f_of(a_value, b_value=-3.0, c_value=10.0):
    return (a_value * b_value + c_value) * a_value


h = 1e-6
slope = (f_of(2.0 + h) - f_of(2.0 - h)) / (2 * h)
print(f"finite difference: {slope:.8f}   engine: {a.grad}")
assert np.isclose(slope, a.grad, atol=1e-6)

# %% [markdown]
# ## A neuron
#
# The same machinery handles a single artificial neuron,
# $o = \tanh(w_1 x_1 + w_2 x_2 + b)$. With $n = w_1 x_1 + w_2 x_2 + b$ and
# $\tfrac{d}{dn}\tanh n = 1 - \tanh^2 n = 1 - o^2$, the chain rule gives
#
# $$\frac{\partial o}{\partial w_i} = (1 - o^2)\,x_i, \qquad
#   \frac{\partial o}{\partial x_i} = (1 - o^2)\,w_i, \qquad
#   \frac{\partial o}{\partial b} = 1 - o^2 .$$

# %%
x1 = Tensor(2.0, name="x1")  # data: no gradient wanted
x2 = Tensor(-1.0, name="x2")
w1 = Tensor(-0.5, requires_grad=True, name="w1")
w2 = Tensor(0.75, requires_grad=True, name="w2")
bias = Tensor(1.25, requires_grad=True, name="b")

n = w1 * x1 + w2 * x2 + bias
n.name = "n"
o = n.tanh()
o.name = "o"
o.backward()

local = 1 - o.item() ** 2
print(f"o = {o.item():.6f},  1 - o^2 = {local:.6f}")
print(f"do/dw1 = {w1.grad:.6f}  (hand: {local * x1.item():.6f})")
print(f"do/dw2 = {w2.grad:.6f}  (hand: {local * x2.item():.6f})")
print(f"do/db  = {bias.grad:.6f}  (hand: {local:.6f})")
assert np.isclose(w1.grad, local * x1.item(), rtol=1e-12)
assert np.isclose(w2.grad, local * x2.item(), rtol=1e-12)
assert np.isclose(bias.grad, local, rtol=1e-12)
assert x1.grad is None  # x1 did not ask for a gradient

# %% [markdown]
# In the drawing, leaves that require a gradient are blue, and the data $x_1, x_2$ get no
# red arrow: the engine does not spend work on gradients nobody asked for.

# %%
viz.draw(o)

# %% [markdown]
# **Takeaways.** Backpropagation is the chain rule applied node by node, from the output
# back. Each node needs only its local derivative; gradients that reach a tensor along several
# paths add up. The engine found the same numbers as the hand derivation, to the last digit.
#
# Next, [notebook 2](02_softmax_cross_entropy.ipynb) applies this to softmax and
# cross-entropy on a whole batch, where the famous $p - y$ appears by itself.
