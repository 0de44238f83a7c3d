"""micrograd's moons demo, vectorised: a 2-16-16-1 MLP with an SVM max-margin loss.

Run:  python docs/examples/moons.py

Same recipe as micrograd's demo notebook: 100 points of make_moons(noise=0.1) with labels in
{-1, +1}, loss = mean(relu(1 - y * score)) + 1e-4 * sum(p^2), plain SGD whose learning rate
decays linearly from 1.0 to 0.1 over 100 steps, full batch. Reaches 100% training accuracy.
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

import nn
from autograd import Tensor
from nn.data import load_moons

STEPS = 100
L2 = 1e-4


def make_model() -> nn.Module:
    """2-16-16-1 with micrograd's initialisation: weights U(-1, 1), biases 0."""
    model = nn.Sequential(
        nn.Linear(2, 16, dtype=np.float64),
        nn.ReLU(),
        nn.Linear(16, 16, dtype=np.float64),
        nn.ReLU(),
        nn.Linear(16, 1, dtype=np.float64),
    )
    for name, parameter in model.named_parameters():
        if name.endswith("weight"):
            nn.init.uniform_(parameter, -1.0, 1.0)
        else:
            nn.init.zeros_(parameter)
    return model


def loss_and_accuracy(model: nn.Module, X: np.ndarray, y: np.ndarray):
    """SVM max-margin loss plus L2 regularisation, and the fraction classified correctly."""
    scores = model(Tensor(X)).reshape(-1)
    margin_loss = (1 - Tensor(y) * scores).relu().mean()
    penalty = sum((p * p).sum() for p in model.parameters())
    accuracy = float(((scores.data > 0) == (y > 0)).mean())
    return margin_loss + L2 * penalty, accuracy


def main(seed: int = 1, verbose: bool = True) -> float:
    nn.manual_seed(seed)
    X, labels = load_moons(n_samples=100, noise=0.1, seed=1337)
    y = labels * 2.0 - 1.0  # {0, 1} -> {-1, +1}
    model = make_model()
    optimizer = nn.optim.SGD(model.parameters(), lr=1.0)
    for step in range(STEPS):
        loss, accuracy = loss_and_accuracy(model, X, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.param_groups[0]["lr"] = 1.0 - 0.9 * step / STEPS
        optimizer.step()
        if verbose and step % 10 == 0:
            print(f"step {step:3d}  loss {loss.item():.4f}  accuracy {accuracy:.0%}")
    _, accuracy = loss_and_accuracy(model, X, y)
    print(f"training accuracy: {accuracy:.0%}")
    return accuracy


if __name__ == "__main__":
    main()
