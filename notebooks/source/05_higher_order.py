# %% [markdown]
# # 5. Higher-order derivatives: gradients of gradients
#
# graphgrad writes every backward formula with ordinary Tensor operations. So when it is
# asked to (`create_graph=True`), the backward pass records a graph of its own, and that
# graph can be differentiated again. This gives second derivatives, Hessian-vector products,
# and with them Newton's method.

# %%
import matplotlib.pyplot as plt
import numpy as np

import autograd
from autograd import Tensor, viz
from nn.functional import binary_cross_entropy_with_logits

autograd.set_default_dtype(np.float64)
np.set_printoptions(precision=5, suppress=True)

# %% [markdown]
# ## Second and third derivatives of tanh
#
# With $t = \tanh x$:
#
# $$\frac{d}{dx}\tanh x = 1 - t^2, \qquad \frac{d^2}{dx^2}\tanh x = -2t(1 - t^2), \qquad
#   \frac{d^3}{dx^3}\tanh x = (6t^2 - 2)(1 - t^2).$$
#
# `autograd.grad(y, x, create_graph=True)` returns $dy/dx$ as a Tensor that is part of a
# graph, so we can call `grad` on it again. For a vector $x$, each element of $\tanh x$
# depends only on its own $x_i$, so the gradient of the sum is the elementwise derivative.

# %%
x = Tensor(np.linspace(-3, 3, 121), requires_grad=True, name="x")
y = x.tanh()
(first,) = autograd.grad(y.sum(), x, create_graph=True)
(second,) = autograd.grad(first.sum(), x, create_graph=True)
(third,) = autograd.grad(second.sum(), x)

t = np.tanh(x.numpy())
assert np.allclose(first.numpy(), 1 - t**2, atol=1e-14)
assert np.allclose(second.numpy(), -2 * t * (1 - t**2), atol=1e-14)
assert np.allclose(third.numpy(), (6 * t**2 - 2) * (1 - t**2), atol=1e-14)
print("first, second and third derivatives match the formulas")

figure, axis = plt.subplots(figsize=(6, 3))
for values, label in [
    (y, "tanh x"),
    (first, "first derivative"),
    (second, "second derivative"),
    (third, "third derivative"),
]:
    axis.plot(x.numpy(), values.numpy(), label=label)
axis.axhline(0, color="#9ca3af", linewidth=0.6)
axis.set(xlabel="x", title="tanh and three derivatives, all computed by the engine")
axis.legend(fontsize=8)
figure.tight_layout()
plt.show()

# %% [markdown]
# ## What the graph of a gradient looks like
#
# Take $f(x) = x\,e^x$. Its derivative is $f'(x) = e^x + x e^x = (1 + x)e^x$ and its second
# derivative $f''(x) = (2 + x)e^x$. At $x = 0.5$: $f' = 1.5\,e^{0.5}$ and
# $f'' = 2.5\,e^{0.5}$.
#
# The drawing below is the graph of the **gradient** tensor $f'(x)$, which the backward
# pass recorded because of `create_graph=True`. It contains the forward operations it reuses
# (`exp`) and the backward operations themselves: the two products of the product rule,
# $1 \cdot e^x$ and $(1 \cdot x)\,e^x$, and the `add` where the two paths into $x$ meet. After
# `backward()` on $f'$, its red arrows carry the second derivative, and $x$'s gradient is
# $f''(0.5)$.

# %%
x = Tensor(0.5, requires_grad=True, name="x")
f = x * x.exp()
f.name = "f"
(df_dx,) = autograd.grad(f, x, create_graph=True)
df_dx.name = "df/dx"
df_dx.backward()  # differentiate the gradient: x.grad = f''(x)

e = np.exp(0.5)
print(f"f'(0.5)  = {df_dx.item():.6f}   (1 + x) e^x = {1.5 * e:.6f}")
print(f"f''(0.5) = {x.grad:.6f}   (2 + x) e^x = {2.5 * e:.6f}")
assert np.isclose(df_dx.item(), 1.5 * e) and np.isclose(x.grad, 2.5 * e)

viz.draw(df_dx)

# %% [markdown]
# ## Hessian-vector products
#
# The Hessian $H = \nabla^2 f(w)$ of a function of $n$ parameters has $n^2$ entries, too
# many to form for a large model. But the product with a vector $v$ is the gradient of a
# scalar:
#
# $$H v = \nabla_w \big( \nabla_w f(w) \cdot v \big),$$
#
# so it costs one backward pass with `create_graph=True` plus one more. Try it on the
# Rosenbrock function $f(a, b) = (1 - a)^2 + 100\,(b - a^2)^2$, whose Hessian is
#
# $$H = \begin{pmatrix} 2 - 400\,b + 1200\,a^2 & -400\,a \\ -400\,a & 200 \end{pmatrix}.$$


# %%
def rosenbrock(w):
    a, b = w[0], w[1]
    return (1 - a) ** 2 + 100 * (b - a**2) ** 2


def hessian_vector_product(fn, w, v):
    (gradient,) = autograd.grad(fn(w), w, create_graph=True)
    (product,) = autograd.grad((gradient * v).sum(), w)
    return product.numpy()


w = Tensor([-0.5, 1.5], requires_grad=True, name="w")
v = np.array([0.6, -0.8])
hv = hessian_vector_product(rosenbrock, w, v)

a, b = w.numpy()
hessian = np.array([[2 - 400 * b + 1200 * a**2, -400 * a], [-400 * a, 200.0]])
print("H v from the engine:   ", hv)
print("H v from the formula:  ", hessian @ v)
assert np.allclose(hv, hessian @ v, rtol=1e-12)

# %% [markdown]
# An independent check that does not rely on knowing $H$: the directional derivative of
# the gradient by central differences,
#
# $$H v \approx \frac{\nabla f(w + \varepsilon v) - \nabla f(w - \varepsilon v)}{2\varepsilon}.$$


# %%
def gradient_at(fn, values):
    point = Tensor(values, requires_grad=True)
    (gradient,) = autograd.grad(fn(point), point)
    return gradient.numpy()


eps = 1e-5
finite_difference = (
    gradient_at(rosenbrock, w.numpy() + eps * v) - gradient_at(rosenbrock, w.numpy() - eps * v)
) / (2 * eps)
print("H v by finite differences:", finite_difference)
print("largest difference:", np.abs(finite_difference - hv).max())
assert np.allclose(finite_difference, hv, rtol=1e-6, atol=1e-6)

# %% [markdown]
# ## Newton's method for logistic regression
#
# Gradient descent steps along $-\nabla L$ with a hand-picked step size. Newton's method
# uses the curvature too: it jumps to the minimum of the local quadratic model,
#
# $$w \leftarrow w - H^{-1} \nabla L(w),$$
#
# and near the optimum it converges quadratically (the number of correct digits roughly
# doubles each step). We fit a logistic regression, $p_n = \sigma(x_n \cdot w)$, with the
# mean binary cross-entropy and a small L2 penalty
# $\tfrac{\lambda}{2}\lVert w \rVert^2$ (it keeps the minimum finite even if the classes were
# separable). The Hessian comes from $n$ Hessian-vector products with the unit vectors; for
# this model it is also known in closed form,
# $H = \tfrac{1}{N} X^\top \operatorname{diag}\big(p(1 - p)\big) X + \lambda I$,
# which we use as a check.

# %%
rng = np.random.default_rng(0)
points = np.concatenate(
    [rng.normal([-1.0, -0.5], 1.0, size=(60, 2)), rng.normal([1.2, 0.8], 1.0, size=(60, 2))]
)
labels = np.repeat([0.0, 1.0], 60)
features = np.hstack([points, np.ones((len(points), 1))])  # a constant column: the bias
penalty = 1e-2


def logistic_loss(w):
    scores = Tensor(features) @ w
    return binary_cross_entropy_with_logits(scores, labels) + 0.5 * penalty * (w * w).sum()


def hessian_of(fn, w):
    unit = np.eye(w.shape[0])
    return np.stack([hessian_vector_product(fn, w, unit[k]) for k in range(w.shape[0])])


w = Tensor(np.zeros(3), requires_grad=True, name="w")
p = 1 / (1 + np.exp(-features @ w.numpy()))
closed_form = features.T @ (features * (p * (1 - p))[:, None]) / len(p) + penalty * np.eye(3)
assert np.allclose(hessian_of(logistic_loss, w), closed_form, rtol=1e-12)
print("Hessian from 3 Hessian-vector products:\n", hessian_of(logistic_loss, w))


# %%
def newton(fn, start, steps):
    w = Tensor(start, requires_grad=True)
    history = []
    for _ in range(steps):
        loss = fn(w)
        (gradient,) = autograd.grad(loss, w)
        history.append((loss.item(), np.linalg.norm(gradient.numpy())))
        step = np.linalg.solve(hessian_of(fn, w), gradient.numpy())
        w = Tensor(w.numpy() - step, requires_grad=True)
    return w, history


def gradient_descent(fn, start, steps, learning_rate):
    w = Tensor(start, requires_grad=True)
    history = []
    for _ in range(steps):
        loss = fn(w)
        (gradient,) = autograd.grad(loss, w)
        history.append((loss.item(), np.linalg.norm(gradient.numpy())))
        w = Tensor(w.numpy() - learning_rate * gradient.numpy(), requires_grad=True)
    return w, history


w_newton, newton_history = newton(logistic_loss, np.zeros(3), steps=7)
w_descent, descent_history = gradient_descent(
    logistic_loss, np.zeros(3), steps=7, learning_rate=1.0
)
print(" step   Newton: loss        |gradient|    gradient descent: loss   |gradient|")
for step, ((loss_n, grad_n), (loss_g, grad_g)) in enumerate(
    zip(newton_history, descent_history, strict=True)
):
    print(f"{step:5d}   {loss_n:.12f}   {grad_n:.2e}    {loss_g:.12f}         {grad_g:.2e}")
assert newton_history[-1][1] < 1e-12  # converged to machine precision
assert descent_history[-1][1] > 1e-3  # still far from it after the same number of steps

# %% [markdown]
# Once Newton's method is close, the exponent of its gradient norm roughly doubles at each
# step ($10^{-3} \to 10^{-4} \to 10^{-8} \to 10^{-14}$): quadratic convergence. Gradient
# descent with the same seven steps has reduced its gradient only tenfold and its loss is
# still visibly above the minimum. Each Newton step is dearer (here three extra backward
# passes for the Hessian and a $3 \times 3$ solve), which is why large models use cheaper
# approximations of it; for small problems it is hard to beat.

# %%
figure, axis = plt.subplots(figsize=(4.6, 3.8))
axis.scatter(*points[labels == 0].T, s=14, color="#2563eb", label="class 0")
axis.scatter(*points[labels == 1].T, s=14, color="#d00000", label="class 1")
w1, w2, bias = w_newton.numpy()
line = np.linspace(points[:, 0].min(), points[:, 0].max(), 2)
axis.plot(line, -(w1 * line + bias) / w2, color="#111827", label="Newton's boundary, p = 0.5")
axis.set(
    xlabel="$x_1$",
    ylabel="$x_2$",
    title="logistic regression fitted by Newton's method",
    ylim=(points[:, 1].min() - 0.5, points[:, 1].max() + 0.5),
)
axis.legend(fontsize=8)
figure.tight_layout()
plt.show()

# %% [markdown]
# **Takeaways.** Because every backward formula is made of differentiable operations,
# `create_graph=True` turns a gradient into an ordinary node of a new graph, which can be
# drawn, checked and differentiated again. A Hessian-vector product costs two backward
# passes and never forms the Hessian; a few of them give Newton's method, which reaches
# machine precision in a handful of steps.
