# %% [markdown]
# # 4. A multilayer perceptron: the matrix formulas of backprop, then training
#
# A network with sigmoid hidden layers and a softmax output, trained with cross-entropy.
# First we derive its gradients in matrix form, the way you would implement backprop by
# hand, and check every one against the engine. Then we stop deriving and let `nn` train it
# on handwritten digits.

# %%
import matplotlib.pyplot as plt
import numpy as np

import nn
from autograd import Tensor, no_grad, viz
from nn.data import DataLoader, load_digits

np.set_printoptions(precision=4, suppress=True)
X_train, X_test, y_train, y_test = load_digits(seed=0)  # 8x8 images, flattened to 64
print(f"train {X_train.shape}, test {X_test.shape}, pixels in [{X_train.min()}, {X_train.max()}]")

# %% [markdown]
# ## The network
#
# For one example, a column vector $a^0 = x \in \mathbb{R}^{64}$, layers $l = 1, 2, 3$:
#
# $$z^l = W^l a^{l-1} + b^l, \qquad a^l = \sigma(z^l) \ \ (l = 1, 2), \qquad
#   p = \operatorname{softmax}(z^3), \qquad L = -\sum_k y_k \log p_k ,$$
#
# with $\sigma(u) = 1/(1 + e^{-u})$, whose derivative is $\sigma'(u) = \sigma(u)(1 - \sigma(u))$,
# and $y$ the one-hot target. `nn.Linear(n_in, n_out)` stores $W^l$ with shape
# `(n_out, n_in)`, exactly as in the formula.


# %%
def make_mlp(dtype=None):
    return nn.Sequential(
        nn.Linear(64, 32, dtype=dtype),
        nn.Sigmoid(),
        nn.Linear(32, 32, dtype=dtype),
        nn.Sigmoid(),
        nn.Linear(32, 10, dtype=dtype),
    )


nn.manual_seed(0)
model = make_mlp(dtype=np.float64)  # float64 so that the comparisons below are tight
model

# %% [markdown]
# ## Backprop in matrix form
#
# Write $\delta^l = \partial L / \partial z^l$, the error signal at layer $l$.
#
# **Output layer.** Softmax followed by cross-entropy gives (notebook 2)
#
# $$\delta^3 = p - y .$$
#
# **Weights and biases.** Since $z^l_i = \sum_j W^l_{ij} a^{l-1}_j + b^l_i$, we have
# $\partial z^l_i / \partial W^l_{ij} = a^{l-1}_j$, so
#
# $$\frac{\partial L}{\partial W^l} = \delta^l \,(a^{l-1})^\top, \qquad
#   \frac{\partial L}{\partial b^l} = \delta^l .$$
#
# **Inner layers.** $z^l$ depends on $z^{l-1}$ through $a^{l-1} = \sigma(z^{l-1})$; the
# chain rule through $W^l$ and then elementwise through $\sigma$ gives
#
# $$\delta^{l-1} = \big((W^l)^\top \delta^l\big) \odot \sigma'(z^{l-1})
#   = \big((W^l)^\top \delta^l\big) \odot a^{l-1} \odot (1 - a^{l-1}) .$$
#
# **A batch.** Code stacks $N$ examples as the **rows** of a matrix: $A^{l}$ is
# $N \times n_l$, and $Z^l = A^{l-1} (W^l)^\top + b^l$. Transposing each formula and averaging
# the loss over the batch:
#
# $$\Delta^3 = \tfrac{1}{N}(P - Y), \qquad
#   \frac{\partial L}{\partial W^l} = (\Delta^l)^\top A^{l-1}, \qquad
#   \frac{\partial L}{\partial b^l} = \textstyle\sum_n \Delta^l_{n,:}, \qquad
#   \Delta^{l-1} = (\Delta^l W^l) \odot A^{l-1} \odot (1 - A^{l-1}) .$$
#
# $(\Delta^l)^\top A^{l-1}$ is the sum over the batch of the per-example outer products
# $\delta^l (a^{l-1})^\top$.
#
# ## The engine's gradients
#
# Run a batch of 8 digits through the layers one at a time, keeping every intermediate
# tensor (`retain_grad()` asks the engine to store the gradient of a non-leaf tensor too).

# %%
batch = slice(0, 8)
X = X_train[batch].astype(np.float64)
y = y_train[batch]
N = len(y)
linear1, sigmoid1, linear2, sigmoid2, linear3 = model
for number, linear in enumerate((linear1, linear2, linear3), start=1):
    linear.weight.name, linear.bias.name = f"W{number}", f"b{number}"  # names for the drawing

Z1 = linear1(Tensor(X))
A1 = sigmoid1(Z1)
Z2 = linear2(A1)
A2 = sigmoid2(Z2)
Z3 = linear3(A2)
for tensor in (Z1, Z2, Z3):
    tensor.retain_grad()
loss = nn.functional.cross_entropy(Z3, y)
loss.name = "loss"
loss.backward()
print(f"loss on the batch: {loss.item():.4f}  (about log 10 = {np.log(10):.4f} before training)")

# %% [markdown]
# ## The same gradients by hand, in NumPy
#
# Only the forward values are taken from the engine; every gradient below is one of the
# formulas above.


# %%
def softmax_rows(scores):
    exps = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


a0, a1, a2 = X, A1.numpy(), A2.numpy()
W2, W3 = linear2.weight.numpy(), linear3.weight.numpy()
P = softmax_rows(Z3.numpy())
Y = np.eye(10)[y]

delta3 = (P - Y) / N  # output layer: (p - y) / N
delta2 = (delta3 @ W3) * a2 * (1 - a2)  # inner-layer rule
delta1 = (delta2 @ W2) * a1 * (1 - a1)  # and once more

by_hand = {
    "dL/dz3": (delta3, Z3.grad),
    "dL/dz2": (delta2, Z2.grad),
    "dL/dz1": (delta1, Z1.grad),
    "dL/dW3": (delta3.T @ a2, linear3.weight.grad),
    "dL/db3": (delta3.sum(0), linear3.bias.grad),
    "dL/dW2": (delta2.T @ a1, linear2.weight.grad),
    "dL/db2": (delta2.sum(0), linear2.bias.grad),
    "dL/dW1": (delta1.T @ a0, linear1.weight.grad),
    "dL/db1": (delta1.sum(0), linear1.bias.grad),
}
for name, (hand, engine) in by_hand.items():
    gap = np.abs(hand - engine).max()
    print(f"{name}: shape {engine.shape!s:9}  largest |hand - engine| = {gap:.1e}")
    assert np.allclose(hand, engine, rtol=1e-10, atol=1e-14), name

# %% [markdown]
# Every gradient matches to round-off. The engine never saw these formulas: it only knows
# the local derivative of each primitive (matmul, add, sigmoid, max, exp, ...), and the matrix
# formulas of backprop are what the chain rule makes of them.
#
# Drawn with each layer (and the cross-entropy) collapsed into one box, the
# graph is the network's diagram. The red arrows carry the gradients between layers; arrays
# this large are summarised by their norm and extremes. Compare the gradient norms of
# $W^3$, $W^2$ and $W^1$: each sigmoid multiplies the error signal by
# $\sigma' \le \tfrac14$, so it shrinks on its way to the first layer. This is the vanishing
# gradient that makes deep sigmoid networks slow to train.

# %%
viz.draw(loss, collapse=["Linear", "Sigmoid", "cross_entropy"], rankdir="TB")

# %% [markdown]
# ## Training on the digits
#
# Now let `nn` do the work: the same architecture in float32, Adam, mini-batches of 32,
# a dozen passes over the 1,438 training images. Everything random is seeded (initial
# weights, shuffling, the train/test split).

# %%
nn.manual_seed(0)
model = make_mlp()
optimizer = nn.optim.Adam(model.parameters(), lr=1e-2)
loader = DataLoader(X_train, y_train, batch_size=32, shuffle=True, seed=0)


def accuracy(images, labels):
    with no_grad():
        predicted = model(Tensor(images)).numpy().argmax(axis=1)
    return float((predicted == labels).mean())


step_losses, epoch_accuracy = [], []
for epoch in range(12):
    for images, labels in loader:
        loss = nn.functional.cross_entropy(model(Tensor(images)), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        step_losses.append(loss.item())
    epoch_accuracy.append(accuracy(X_test, y_test))
    print(
        f"epoch {epoch + 1:2d}: mean loss {np.mean(step_losses[-len(loader) :]):.3f}, "
        f"test accuracy {epoch_accuracy[-1]:.1%}"
    )

assert epoch_accuracy[-1] > 0.85

# %%
steps_per_epoch = len(loader)
figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4))
left.plot(step_losses, color="#9ca3af", linewidth=0.8, label="each mini-batch")
epoch_means = np.array(step_losses).reshape(-1, steps_per_epoch).mean(axis=1)
left.plot(
    (np.arange(len(epoch_means)) + 1) * steps_per_epoch - 1,
    epoch_means,
    "o-",
    color="#d00000",
    label="epoch mean",
)
left.set(xlabel="optimisation step", ylabel="cross-entropy loss", title="training loss")
left.legend()
right.plot(np.arange(1, len(epoch_accuracy) + 1), epoch_accuracy, "o-", color="#137333")
right.set(xlabel="epoch", ylabel="accuracy", title="test accuracy", ylim=(0, 1))
figure.tight_layout()
plt.show()

# %% [markdown]
# ## What it gets wrong
#
# Some of the test digits it misclassifies, with the true and the predicted label. Several
# are hard even for a human at 8×8 pixels.

# %%
with no_grad():
    probabilities = model(Tensor(X_test)).softmax(axis=1).numpy()
predicted = probabilities.argmax(axis=1)
wrong = np.flatnonzero(predicted != y_test)
print(f"{len(wrong)} of {len(y_test)} test digits misclassified")

shown = wrong[:12]
figure, axes = plt.subplots(1, len(shown), figsize=(1.1 * len(shown), 1.6))
for axis, index in zip(np.atleast_1d(axes), shown, strict=True):
    axis.imshow(X_test[index].reshape(8, 8), cmap="gray_r", interpolation="nearest")
    axis.set_title(f"true {y_test[index]}\npred {predicted[index]}", fontsize=9)
    axis.axis("off")
plt.show()

# %% [markdown]
# **Takeaways.** The error signal starts as $(p - y)/N$ at the logits and moves inward
# through $\Delta^{l-1} = (\Delta^l W^l) \odot \sigma'(Z^{l-1})$; each weight gradient is
# an outer product of an error signal and the layer's input. The engine reproduces these
# formulas exactly without being told them, which is what lets `nn` train a network from
# nothing but a forward pass.
