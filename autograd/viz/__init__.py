"""See backprop: draw a computation graph with its gradient flow, or step through the backward pass.

>>> from autograd import Tensor, viz
>>> x, y, z = Tensor(2.0, requires_grad=True), Tensor(-3.0, requires_grad=True), Tensor(4.0)
>>> f = x * y + z
>>> f.backward()
>>> viz.draw(f).save("f.svg")  # red arrows: df/dx = y = -3, df/dy = x = 2
>>> viz.player(f).save("f.html")  # the backward pass, one step per op

``draw`` reads the graph only through the interface documented in ``autograd/ops/base.py``.
"""

from .dot import AUTO_COLLAPSE_NODES, MAX_NODES
from .draw import draw
from .player import Player, backward_steps, player
from .render import Drawing, RenderError

__all__ = [
    "draw",
    "player",
    "backward_steps",
    "Drawing",
    "Player",
    "RenderError",
    "AUTO_COLLAPSE_NODES",
    "MAX_NODES",
]
