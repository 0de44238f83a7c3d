"""See backprop: draw a computation graph with its gradient flow, or step through the backward pass.

>>> from autograd import Tensor, viz
>>> x, y, z = Tensor(2.0, requires_grad=True), Tensor(-3.0, requires_grad=True), Tensor(4.0)
>>> f = x * y + z
>>> f.backward()
>>> drawing = viz.draw(f)  # red arrows: df/dx = y = -3, df/dy = x = 2
>>> drawing.source.count('color="red"')
3
>>> viz.player(f).save("f.html").name  # the backward pass, one step per op
'f.html'

The modules, from the bottom up: ``graph`` walks the graph once (through the interface
documented in ``autograd/ops/base.py``), ``view`` decides what is drawn (collapsed clusters, the
``max_nodes`` cut, the gradients a frame shows), ``gradients`` adds and measures the gradients
on the edges, ``labels`` and ``dot`` write the text, ``emit`` puts it together as DOT,
``render`` lays it out with Graphviz; ``draw`` and ``player`` are the entry points.
"""

from .draw import draw
from .player import Player, backward_steps, player
from .render import Drawing, RenderError
from .view import AUTO_COLLAPSE_NODES, MAX_NODES

__all__ = [
    "AUTO_COLLAPSE_NODES",
    "MAX_NODES",
    "Drawing",
    "Player",
    "RenderError",
    "backward_steps",
    "draw",
    "player",
]
