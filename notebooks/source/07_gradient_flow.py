# %% [markdown]
# # 7. Debugging gradient flow, PyTorch style
#
# When a network does not learn, the first questions are about its gradients: do they reach
# the first layers, or do they vanish on the way? Are some units dead, passing no gradient at
# all? Where did the first NaN come from? PyTorch users answer them with module hooks,
# `retain_grad`, and anomaly detection. graphgrad has the same tools under the same names, so
# the code below is ordinary PyTorch code with the import lines changed:
#
# ```python
# import torch                       # becomes: import autograd as torch
# import torch.nn as nn              # becomes: import nn
# import torch.nn.functional as F    # becomes: import nn.functional as F
# ```
#
# and, because every op here is recorded in a graph you can draw, we can also *look* at the
# place where the gradient dies.

# %%
import matplotlib.pyplot as plt
import numpy as np

import autograd as torch
import nn
import nn.functional as F  # noqa: N812 - PyTorch's spelling
from autograd import viz
from nn.data import load_digits

torch.set_default_dtype(np.float64)
np.set_printoptions(precision=4, suppress=True)
X_train, X_test, y_train, y_test = load_digits(dtype=np.float64)
images, labels = torch.tensor(X_train[:256]), torch.tensor(y_train[:256])
print(images.shape, labels.shape)


# %% [markdown]
# ## Vanishing gradients, measured with backward hooks
#
# A deep stack of sigmoid layers is the classic case. The derivative of the sigmoid is at most
# $\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le 1/4$, and backprop multiplies one such factor
# (times a weight matrix) per layer, so the gradient reaching layer $\ell$ shrinks roughly
# geometrically with the depth above it.
#
# `register_full_backward_hook(hook)` calls `hook(module, grad_input, grad_output)` when the
# gradient with respect to a module call's input is known; we record the norm of the gradient
# arriving at each `Linear` layer's output.


# %%
def make_mlp(depth, activation, width=32):
    layers = [nn.Linear(64, width), activation()]
    for _ in range(depth - 2):
        layers += [nn.Linear(width, width), activation()]
    layers.append(nn.Linear(width, 10))
    return nn.Sequential(*layers)


def gradient_norms(model):
    """The norm of dL/d(output) of every Linear layer, first layer first, for one batch."""
    norms = {}
    handles = []
    for name, module in model.named_children():
        if isinstance(module, nn.Linear):

            def hook(module, grad_input, grad_output, name=name):
                norms[name] = float((grad_output[0] ** 2).sum().sqrt())

            handles.append(module.register_full_backward_hook(hook))
    loss = F.cross_entropy(model(images), labels)
    loss.backward()
    for handle in handles:
        handle.remove()
    return [norms[name] for name in sorted(norms, key=int)]


def he_initialised(model):
    """Kaiming (He) normal weights and zero biases: the variance that keeps ReLU signals."""
    for module in model.modules():
        if isinstance(module, nn.Linear):
            nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
            nn.init.zeros_(module.bias)
    return model


torch.manual_seed(0)
curves = {
    "sigmoid": gradient_norms(make_mlp(10, nn.Sigmoid)),
    "relu": gradient_norms(make_mlp(10, nn.ReLU)),
    "relu, He init": gradient_norms(he_initialised(make_mlp(10, nn.ReLU))),
}
for name, norms in curves.items():
    print(f"{name:14s} first layer {norms[0]:.2e}   last layer {norms[-1]:.2e}")

figure, axis = plt.subplots(figsize=(6, 3))
for name, norms in curves.items():
    axis.semilogy(range(1, len(norms) + 1), norms, marker="o", label=name)
axis.set(xlabel="Linear layer (1 = nearest the input)", ylabel="‖∂L/∂output‖")
axis.set_title("Gradient reaching each layer of a 10-layer MLP")
axis.legend()
figure.tight_layout()
plt.show()

# %% [markdown]
# The sigmoid network's first layer receives a gradient seven orders of magnitude smaller than
# its last: it would barely train. The factor per layer can be read off the curve; it is below
# the bound $\sigma' \le 1/4$ because the weights' scale multiplies in too. The ReLU network
# with the default initialisation loses gradient as well, more slowly (each layer halves the
# signal's variance); He initialisation, which doubles the weights' variance to compensate,
# keeps the gradient's size nearly constant from the last layer to the first.

# %%
sigmoid_norms = np.array(curves["sigmoid"])
ratios = sigmoid_norms[:-1] / sigmoid_norms[1:]
print("gradient shrinks by a factor per sigmoid layer of about", np.round(ratios, 2))
assert sigmoid_norms[0] < sigmoid_norms[-1] / 100
he_norms = np.array(curves["relu, He init"])
assert he_norms[-1] / 10 < he_norms[0] < he_norms[-1] * 10

# %% [markdown]
# ## Seeing it in the graph
#
# The numbers above are the gradient norms; the drawing shows the gradient itself. Here is a
# three-layer sigmoid chain on a single input, after `backward()`: the red numbers on the
# arrows are the gradients flowing back, and every `sigmoid` node multiplies what passes
# through it by $\sigma(z)(1 - \sigma(z))$.

# %%
torch.manual_seed(1)
x = torch.tensor([[0.5, -1.0]], requires_grad=True)
x.name = "x"
h = x
for depth in range(3):
    layer = nn.Linear(2 if depth == 0 else 1, 1)
    h = torch.sigmoid(layer(h))
loss = h.sum()
loss.name = "loss"
loss.backward()
graph = viz.draw(loss, collapse=False)
graph

# %% [markdown]
# ## Dead ReLUs, found with forward hooks
#
# A ReLU unit whose input is negative for every example outputs zero and passes back zero
# gradient: its incoming weights never change again. A bad initialisation (here a negative
# bias, large against the small pre-activations of PyTorch's default initialisation) kills
# many at once. A forward hook sees each layer's output; we count, per
# unit, whether it fired for any example of the batch.

# %%
torch.manual_seed(0)
model = make_mlp(4, nn.ReLU)
with torch.no_grad():
    model[2].bias.data[:] = -0.2  # the second hidden layer starts in the negative region

dead = {}


def count_dead(module, args, output, name=None):
    fired = (output.data > 0).any(axis=0)
    dead[name] = int((~fired).sum())


handles = [
    module.register_forward_hook(lambda m, a, o, name=name: count_dead(m, a, o, name))
    for name, module in model.named_children()
    if isinstance(module, nn.ReLU)
]
loss = F.cross_entropy(model(images), labels)
loss.backward()
for handle in handles:
    handle.remove()
print("dead units per ReLU layer (of 32):", dead)

# %% [markdown]
# A dead unit's incoming weights (its row of `model[2].weight`) get exactly zero gradient: no
# example sends anything back through it.

# %%
weight_grad = model[2].weight.grad  # (32 units, 32 inputs): row i feeds unit i
rows_without_gradient = int((np.abs(weight_grad).sum(axis=1) == 0).sum())
print("rows of layer 2's weight with zero gradient:", rows_without_gradient)
assert rows_without_gradient == dead["3"]

# %% [markdown]
# ## Where did the NaN come from?
#
# A hand-written cross-entropy that takes `log` of a probability is fine until a probability
# underflows to 0. The loss is then `inf` and the gradients `NaN`, and nothing says where it
# started. `torch.autograd.detect_anomaly()` (here `autograd.detect_anomaly()`) makes the first
# op that produces a NaN or inf raise, naming the op and the line that created it.

# %%
logits = torch.tensor([[800.0, 0.0, -800.0]], requires_grad=True)
target = torch.tensor([2])
try:
    with torch.detect_anomaly():
        probabilities = F.softmax(logits, dim=1)
        loss = -probabilities[0, target].log().sum()
        loss.backward()
except RuntimeError as error:  # autograd.AnomalyError, a RuntimeError as in PyTorch
    print(error)

# %% [markdown]
# The fix is the max-normalised `log_softmax` (notebook 2 derives it), which never takes the
# log of a number that underflowed:

# %%
loss = F.cross_entropy(logits, target)
loss.backward()
print("loss", float(loss), " gradient", logits.grad)
assert np.isfinite(logits.grad).all()

# %% [markdown]
# ## Following one tensor's gradient
#
# A non-leaf tensor keeps its gradient only when asked (`retain_grad()`), as in PyTorch; a
# tensor hook (`register_hook`) sees the gradient as it passes and may replace it, and what
# is retained is the gradient after the hooks (PyTorch's order). Here a hook records the
# hidden activations' gradient of a two-layer network and clips what flows further back.

# %%
torch.manual_seed(0)
first, second = nn.Linear(64, 16), nn.Linear(16, 10)
hidden = F.relu(first(images))
hidden.retain_grad()
arriving = []


def clip(grad):
    arriving.append(float(grad.abs().max()))
    return grad.clamp(-1e-3, 1e-3)


hidden.register_hook(clip)
loss = F.cross_entropy(second(hidden), labels)
loss.backward()
print("largest |dL/dhidden| arriving:", arriving[0])
print("largest |dL/dhidden| retained (after the hook):", float(np.abs(hidden.grad).max()))
assert np.abs(hidden.grad).max() <= 1e-3
