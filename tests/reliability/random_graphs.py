"""Random computation graphs for the fuzz tests: a hypothesis strategy that draws a small program
of primitive ops (broadcasting binaries, fan-out, reductions with axes, indexing, joins, matmul)
over float64 leaves, with every choice fixed so the program can be replayed by ``gradcheck``.

The program is built against the actual input values, so ops with a kink (relu, abs, clip, max,
min, maximum, minimum) are only used where every value is at least ``MARGIN`` away from the
kink, and ops with a restricted domain (log, sqrt, division, pow) only see arguments safely
inside it; elsewhere a smooth op takes their place. Finite differences then never straddle a
jump, so any disagreement with the analytic gradient is a real bug.

Three variants share the builder:

- NumPy arrays that ops capture (operands on either side, clip bounds, index arrays, masks,
  ``where`` conditions, the array a constant Tensor is made from) are registered on the program,
  so a test can scribble over them after the forward (``Program.scribble``);
- ``mutations=True`` interleaves in-place changes made under ``no_grad`` (``+=``, ``-=``, ``*=``,
  ``/=``, ``x[i] = v``) on leaves, on outputs that ops saved and on ones they did not;
  ``Program.run_recording`` notes what each change did, and ``Program.out_of_place`` replays the
  same function with every change written as adding a constant, which is what the gradient of
  the function as actually computed means (PyTorch's semantics for changes under no_grad);
- ``smooth=True`` uses only ops without kinks and ``dtype=np.float16`` rounds the inputs and
  constants to float16 and keeps values small, for comparing float16 gradients with float64.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

import autograd
from autograd import Tensor
from autograd.ops import Linear

MARGIN = 1e-3  # distance kept from every kink (eps is 1e-6, so finite differences are safe)
LARGEST = 50.0  # values beyond this are squashed, so exp and pow cannot overflow

UNARY = [
    "neg",
    "exp",
    "log",
    "sqrt",
    "abs",
    "relu",
    "sigmoid",
    "tanh",
    "clip",
    "pow_scalar",
    "softmax",
    "log_softmax",
    "sum",
    "mean",
    "max",
    "min",
    "reshape",
    "transpose",
    "expand",
    "slice",
    "int_index",
    "array_index",
    "mask",
    "matmul_self",
    "numpy_operand",
    "clip_array",
    "from_array",
]
BINARY = [
    "add",
    "sub",
    "mul",
    "div",
    "pow",
    "maximum",
    "minimum",
    "where",
    "matmul",
    "linear",
    "concatenate",
    "stack",
]


# ops with a kink, and ops whose NumPy operand keeps its own dtype: not in float16 programs
KINKED = {"abs", "relu", "clip", "max", "min", "maximum", "minimum"}
KINKED |= {"numpy_operand", "clip_array", "from_array"}
SMOOTH = [kind for kind in UNARY + BINARY if kind not in KINKED]

MUTATIONS = [
    "+=",
    "-=",
    "*=",
    "/=",
    "setitem-int",
    "setitem-slice",
    "setitem-mask",
    "setitem-array",
]


class Program:
    """A replayable sequence of steps; ``program(*inputs)`` gives the scalar output.

    A step is a function of the list of nodes that returns the next node, or None for an
    in-place change (which adds no node)."""

    def __init__(self, weights: list, dtype=np.float64):
        self.steps = []  # (label, function of the list of nodes)
        self.weights = [np.asarray(weight, dtype=dtype) for weight in weights]
        self.output_nodes = ()
        self.seed = None
        self.captured = []  # (array an op captured, function that changes it in place)

    def add(self, label: str, step) -> None:
        self.steps.append((label, step))

    def capture(self, array: np.ndarray, scribble) -> np.ndarray:
        """Register an array that a step hands to an op; ``scribble(array)`` changes it."""
        self.captured.append((array, scribble))
        return array

    def scribble(self) -> None:
        """Change, in place, every array the steps handed to ops (operands, indices, masks,
        conditions, bounds): a test does this after the forward."""
        for array, scribble in self.captured:
            scribble(array)

    @property
    def labels(self) -> list:
        return [label for label, _ in self.steps]

    @property
    def mutates(self) -> bool:
        return any(label.startswith("inplace") for label in self.labels)

    def run(self, *inputs):
        nodes = list(inputs)
        for _, step in self.steps:
            node = step(nodes)
            if node is not None:
                nodes.append(node)
        return nodes

    def run_recording(self, *inputs):
        """Run, and for each in-place change note ``(deltas, saved)``: the change of every
        node's value (``{position: new - old}``), and whether an op recorded before the change
        saved memory that it touched (only then may backward refuse)."""
        nodes, changes = list(inputs), []
        for label, step in self.steps:
            if not label.startswith("inplace"):
                nodes.append(step(nodes))
                continue
            before = [node.data.copy() for node in nodes]
            saved = _saved_arrays(nodes)
            step(nodes)
            deltas = {
                position: node.data - old
                for position, (node, old) in enumerate(zip(nodes, before, strict=True))
                if not np.array_equal(node.data, old)
            }
            # the changed memory: the target's, even when the values happen to stay the same
            touched = [nodes[position].data for position in {step.target, *deltas}]
            changes.append(
                (
                    deltas,
                    any(np.may_share_memory(a, b) for a in saved for b in touched),
                )
            )
        return nodes, changes

    def out_of_place(self, changes):
        """The program with each in-place change replaced by adding its (constant) change."""

        def function(*inputs):
            nodes, pending = list(inputs), iter(changes)
            for label, step in self.steps:
                if not label.startswith("inplace"):
                    nodes.append(step(nodes))
                    continue
                deltas, _ = next(pending)
                for position, delta in deltas.items():
                    nodes[position] = nodes[position] + Tensor(delta)
            return self.loss(nodes)

        return function

    def loss(self, nodes):
        """The scalar output: a weighted sum of the output nodes."""
        total = None
        for position, weight in zip(self.output_nodes, self.weights, strict=False):
            node = nodes[position]
            term = (node * Tensor(weight[: node.size].reshape(node.shape))).sum()
            total = term if total is None else total + term
        return total

    def __call__(self, *inputs):
        return self.loss(self.run(*inputs))

    def __repr__(self) -> str:
        return (
            f"Program(seed={self.seed}: {' -> '.join(self.labels)}; outputs "
            f"{list(self.output_nodes)})"
        )


class Chooser:
    """Every choice of a program, from one seeded generator: hypothesis draws only the seed,
    which keeps the examples as varied as uniform random programs (hypothesis's own draws
    favour the smallest programs) while the run stays deterministic."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def integer(self, low: int, high: int) -> int:
        """An int in [low, high], both ends included."""
        return int(self.rng.integers(low, high + 1))

    def coin(self) -> bool:
        return bool(self.rng.integers(2))

    def one(self, options):
        return options[int(self.rng.integers(len(options)))]

    def permutation(self, size: int) -> tuple:
        return tuple(int(i) for i in self.rng.permutation(size))

    def distinct(self, low: int, high: int, most: int) -> list:
        """1 to ``most`` distinct ints in [low, high]."""
        values = self.rng.permutation(np.arange(low, high + 1))
        return [int(v) for v in values[: self.integer(1, min(most, len(values)))]]

    def shapes(self, count: int) -> list:
        """``count`` shapes that broadcast together (leading axes dropped, sides set to 1)."""
        full = tuple(self.integer(1, 3) for _ in range(self.integer(0, 3)))
        shapes = []
        for _ in range(count):
            kept = full[self.integer(0, len(full)) :] if self.coin() else full
            shapes.append(tuple(1 if self.integer(0, 3) == 0 else side for side in kept))
        return shapes


def _saved_arrays(nodes) -> list:
    """The arrays that backward will read, of every op behind ``nodes`` (its saved inputs,
    its saved output)."""
    roots = [node for node in nodes if node.requires_grad]
    saved = []
    for tensor in autograd.engine.backward_order(roots):
        op = tensor.grad_fn
        if op.saves_inputs:
            saved.extend(inp.data for inp in op.inputs)
        if op.saves_output:
            saved.append(tensor.data)
    return saved


def _fit_for_output(node: Tensor, largest: float = LARGEST) -> bool:
    return (
        node.requires_grad
        and node.size <= 64
        and float(np.max(np.abs(node.data), initial=0.0)) <= largest
    )


def _far_from(values: np.ndarray, kink: float) -> bool:
    return values.size == 0 or float(np.min(np.abs(values - kink))) > MARGIN


def _reduction_has_clear_winner(values: np.ndarray, axis, pick) -> bool:
    """True when, along ``axis``, the extreme value is MARGIN clear of the runner-up."""
    moved = values if axis is None else np.moveaxis(values, axis, tuple(range(-len(axis), 0)))
    flat = (
        moved.reshape(-1)
        if axis is None
        else moved.reshape((*moved.shape[: moved.ndim - len(axis)], -1))
    )
    if flat.shape[-1] < 2:
        return True
    ordered = np.sort(flat if pick == "min" else -flat, axis=-1)
    return bool(np.all(ordered[..., 1] - ordered[..., 0] > MARGIN))


def programs(max_steps: int = 8, **options):
    """Strategy: ``(inputs, program)`` built by ``build_program`` from a drawn seed."""
    return st.integers(0, 2**32 - 1).map(lambda seed: build_program(seed, max_steps, **options))


def build_program(
    seed: int, max_steps: int = 8, *, mutations: bool = False, smooth: bool = False, dtype=None
):
    """``(inputs, program)``: 1-3 leaves and a random program of 2 to ``max_steps`` steps over
    them; the same seed always gives the same program (a failure's repr names it).

    ``mutations``: interleave in-place changes under ``no_grad``; ``smooth``: only ops without
    kinks; ``dtype``: the leaves' values are rounded to it (they stay float64: run the program
    on ``Tensor(x.data.astype(dtype))`` to compare), and values are kept small enough for it.
    """
    rng = np.random.default_rng(seed)
    pick = Chooser(rng)
    shapes = pick.shapes(pick.integer(1, 3))
    rounded = np.float64 if dtype is None else dtype
    values = [rng.standard_normal(shape).astype(rounded).astype(np.float64) for shape in shapes]
    inputs = [Tensor(value, requires_grad=True, name=f"x{i}") for i, value in enumerate(values)]
    # the builder runs the program on copies, since an in-place step changes its leaves
    working = [Tensor(value, requires_grad=True, name=f"x{i}") for i, value in enumerate(values)]
    constant = rng.standard_normal(shapes[0]).astype(rounded)  # takes part, needs no gradient
    weights = [rng.standard_normal(64).astype(rounded) for _ in range(3)]
    program = Program(weights, dtype=rounded)
    program.seed = seed
    largest = LARGEST if dtype is None else 8.0  # float16: x**3 and x @ x stay far from 65504
    kinds = SMOOTH if smooth else UNARY + BINARY
    nodes = list(working)

    def step(label, function):
        program.add(label, function)
        node = function(nodes)
        if node is not None:
            nodes.append(node)

    # the constant is made in the leaves' dtype, from an array (copied when made)
    step("constant", lambda n, c=constant: Tensor(c.astype(n[0].dtype)))
    for _ in range(pick.integer(2, max_steps)):
        if mutations and pick.integer(0, 2) == 0:
            _mutation(pick, nodes, step)
            continue
        position = pick.integer(0, len(nodes) - 1)
        node = nodes[position]
        if node.size > 81 or float(np.max(np.abs(node.data), initial=0.0)) > largest:
            step("tanh", lambda n, p=position: n[p].tanh())  # keep values small
            continue
        kind = pick.one(kinds)

        def named(label, function, p=position):
            return step(label if label.endswith(")") else f"{label}(n{p})", function)

        if kind in BINARY:
            _binary(pick, kind, position, nodes, named, program)
        else:
            _unary(pick, kind, position, nodes, named, program)
    if mutations and not program.mutates:
        _mutation(pick, nodes, step)
    # every graph ends in one scalar: a weighted sum of the last node and up to two others
    extra = pick.distinct(0, len(nodes) - 1, 2) if pick.coin() else []
    chosen = [len(nodes) - 1] + [p for p in extra if p != len(nodes) - 1]
    chosen = [p for p in chosen if _fit_for_output(nodes[p], largest)]
    if not chosen:  # finite differences cannot resolve small changes of a huge output
        step("tanh(n0)", lambda n: n[0].tanh())
        chosen = [len(nodes) - 1]
    program.output_nodes = tuple(chosen)
    return inputs, program


def _mutation(pick, nodes, step):
    """An in-place change under no_grad of a node (a leaf, an op's output, a view of either)."""
    targets = [
        i
        for i, node in enumerate(nodes)
        if node.data.flags.writeable and node.ndim and node.size <= 81
    ]
    if not targets:
        return
    position = pick.one(targets)
    node = nodes[position]
    kind = pick.one(MUTATIONS)
    if kind in ("+=", "-=", "*=", "/="):
        scalar = pick.coin()
        amount = (
            float(pick.rng.uniform(0.5, 2.0))
            if scalar
            else pick.rng.uniform(0.5, 2.0, node.shape) * pick.one([1.0, -1.0])
        )
        operator = {"+=": "__iadd__", "-=": "__isub__", "*=": "__imul__", "/=": "__itruediv__"}

        def change(n, p=position, m=operator[kind], a=amount):
            with autograd.no_grad():
                getattr(n[p], m)(a if np.isscalar(a) else Tensor(a.astype(n[p].dtype)))

    else:
        axis = pick.integer(0, node.ndim - 1)
        side = node.shape[axis]
        lead = (slice(None),) * axis
        if kind == "setitem-int":
            index = (*lead, pick.integer(-side, side - 1))
        elif kind == "setitem-slice":
            start = pick.integer(0, side - 1)
            index = (*lead, slice(start, pick.integer(start + 1, side)))
        elif kind == "setitem-mask":
            index = pick.rng.random(node.shape) < 0.5
        else:
            index = (*lead, np.array(pick.distinct(0, side - 1, side)))
        value = float(pick.rng.uniform(-1.0, 1.0)) if pick.coin() else None

        def change(n, p=position, i=index, v=value):
            with autograd.no_grad():
                shape = n[p].data[i].shape
                n[p][i] = (
                    v
                    if v is not None
                    else Tensor(np.linspace(-1.0, 1.0, int(np.prod(shape))).reshape(shape))
                )

    change.target = position
    step(f"inplace {kind}(n{position})", change)


def _unary(pick, kind, position, nodes, step, program):
    node = nodes[position]
    values, shape, ndim = node.data, node.shape, node.ndim
    if kind in ("numpy_operand", "clip_array", "from_array"):
        return _captured(pick, kind, position, node, step, program)
    if kind == "neg":
        return step("neg", lambda n, p=position: -n[p])
    if kind == "exp":
        if float(values.max(initial=0.0)) <= 3.0:
            return step("exp", lambda n, p=position: n[p].exp())
        return step("exp(tanh)", lambda n, p=position: n[p].tanh().exp())
    if kind in ("sigmoid", "tanh"):
        return step(kind, lambda n, p=position, k=kind: getattr(n[p], k)())
    if kind in ("log", "sqrt"):
        if float(values.min(initial=1.0)) > 0.1:
            return step(kind, lambda n, p=position, k=kind: getattr(n[p], k)())
        return step(
            kind + "(x*x+0.5)", lambda n, p=position, k=kind: getattr(n[p] * n[p] + 0.5, k)()
        )
    if kind in ("abs", "relu"):
        if _far_from(values, 0.0):
            return step(kind, lambda n, p=position, k=kind: getattr(n[p], k)())
        return step("sigmoid", lambda n, p=position: n[p].sigmoid())
    if kind == "clip":
        low, high = sorted(pick.rng.uniform(-1.0, 1.0, 2))
        if _far_from(values, low) and _far_from(values, high):
            return step("clip", lambda n, p=position, lo=low, hi=high: n[p].clip(lo, hi))
        return step("tanh", lambda n, p=position: n[p].tanh())
    if kind == "pow_scalar":
        exponent = pick.one([2, 3, -1, 0.5, 1.5])
        if exponent in (2, 3):
            return step(f"pow{exponent}", lambda n, p=position, e=exponent: n[p] ** e)
        return step(
            f"pow{exponent}(x*x+0.5)", lambda n, p=position, e=exponent: (n[p] * n[p] + 0.5) ** e
        )
    if kind in ("softmax", "log_softmax"):
        if ndim == 0:
            return step("exp", lambda n, p=position: n[p].exp())
        axis = pick.integer(-ndim, ndim - 1)
        return step(
            f"{kind}(axis={axis})", lambda n, p=position, a=axis, k=kind: getattr(n[p], k)(axis=a)
        )
    if kind in ("sum", "mean", "max", "min"):
        axis = None
        if ndim and pick.coin():
            axis = tuple(pick.distinct(0, ndim - 1, ndim))
            if len(axis) == 1 and pick.coin():
                axis = axis[0] - ndim  # a negative int spelling
        keepdims = pick.coin()
        if kind in ("max", "min"):
            normalized = (
                None
                if axis is None
                else tuple(sorted(a % ndim for a in (axis if isinstance(axis, tuple) else (axis,))))
            )
            if not _reduction_has_clear_winner(values, normalized, kind):
                kind = "sum"
        return step(
            f"{kind}(axis={axis}, keepdims={keepdims})",
            lambda n, p=position, a=axis, k=kind, kd=keepdims: getattr(n[p], k)(
                axis=a, keepdims=kd
            ),
        )
    if kind == "reshape":
        size = node.size
        options = [(size,), (1, size), (size, 1)] + [
            (d, size // d) for d in (2, 3) if size % d == 0
        ]
        target = pick.one(options)
        if pick.coin():
            target = tuple(-1 if i == 0 else side for i, side in enumerate(target))
        return step(f"reshape{target}", lambda n, p=position, t=target: n[p].reshape(t))
    if kind == "transpose":
        if ndim < 2:
            return step("T", lambda n, p=position: n[p].T)
        axes = pick.permutation(ndim)
        return step(f"permute{axes}", lambda n, p=position, a=axes: n[p].permute(*a))
    if kind == "expand":
        target = (
            pick.integer(1, 3),
            *(pick.integer(1, 3) if side == 1 else side for side in shape),
        )
        return step(f"expand{target}", lambda n, p=position, t=target: n[p].expand(*t))
    if ndim == 0:
        return step("neg", lambda n, p=position: -n[p])
    axis = pick.integer(0, ndim - 1)
    side = shape[axis]
    lead = (slice(None),) * axis
    if kind == "slice":
        start = pick.integer(0, side - 1)
        stop = pick.integer(start + 1, side)
        stride = pick.integer(1, 2)
        index = (*lead, slice(start, stop, stride))
        if pick.coin():
            index = (Ellipsis, *index[axis:]) if axis == ndim - 1 else (*index, None)
    elif kind == "int_index":
        index = (*lead, pick.integer(-side, side - 1))
    elif kind == "array_index":
        picks = [pick.integer(0, side - 1) for _ in range(pick.integer(1, 4))]  # repeats too
        index = (*lead, program.capture(np.array(picks), _other_index(side)))
    elif kind == "mask":
        mask = values > np.median(values)
        if not mask.any():
            mask = np.ones(shape, dtype=bool)
        index = program.capture(mask, _flip)
    elif kind == "matmul_self":
        if ndim == 1:
            return step("matmul(x, x)", lambda n, p=position: n[p] @ n[p])
        return step("matmul(x, x^T)", lambda n, p=position: n[p] @ n[p].swapaxes(-1, -2))
    return step(f"getitem[{kind}]", lambda n, p=position, i=index: n[p][i])


def _binary(pick, kind, position, nodes, step, program):
    node = nodes[position]
    shape = node.shape

    def broadcasts(other):
        try:
            np.broadcast_shapes(shape, other.shape)
            return True
        except ValueError:
            return False

    partners = [i for i, other in enumerate(nodes) if broadcasts(other)]  # itself included
    partner = pick.one(partners)
    values, other = node.data, nodes[partner].data
    if kind in ("add", "sub", "mul"):
        return step(
            f"{kind}({position}, {partner})",
            {
                "add": lambda n, a=position, b=partner: n[a] + n[b],
                "sub": lambda n, a=position, b=partner: n[a] - n[b],
                "mul": lambda n, a=position, b=partner: n[a] * n[b],
            }[kind],
        )
    if kind == "div":
        if float(np.min(np.abs(other), initial=1.0)) > 0.3:
            return step(f"div({position}, {partner})", lambda n, a=position, b=partner: n[a] / n[b])
        return step(
            f"div({position}, {partner}^2+0.5)",
            lambda n, a=position, b=partner: n[a] / (n[b] * n[b] + 0.5),
        )
    if kind == "pow":  # a positive base, a moderate tensor exponent
        return step(
            f"pow({position}^2+0.5, tanh({partner}))",
            lambda n, a=position, b=partner: (n[a] * n[a] + 0.5) ** n[b].tanh(),
        )
    if kind in ("maximum", "minimum"):
        gap = np.abs(
            np.broadcast_to(values, np.broadcast_shapes(values.shape, other.shape)) - other
        )
        if partner != position and float(np.min(gap, initial=1.0)) > MARGIN:
            function = getattr(autograd, kind)
            return step(
                f"{kind}({position}, {partner})",
                lambda n, a=position, b=partner, f=function: f(n[a], n[b]),
            )
        return step(f"add({position}, {partner})", lambda n, a=position, b=partner: n[a] + n[b])
    if kind == "where":
        condition = np.broadcast_to(values > 0, np.broadcast_shapes(values.shape, other.shape))
        condition = program.capture(np.array(condition), _flip)
        return step(
            f"where({position}, {partner})",
            lambda n, a=position, b=partner, c=condition: autograd.where(c, n[a], n[b]),
        )
    if kind == "matmul":

        def lines_up(a_shape, b_shape):
            if not a_shape or not b_shape:
                return False
            inner = b_shape[0] if len(b_shape) == 1 else b_shape[-2]
            if a_shape[-1] != inner:
                return False
            try:
                np.broadcast_shapes(a_shape[:-2], b_shape[:-2])
                return True
            except ValueError:
                return False

        matches = [i for i, other_node in enumerate(nodes) if lines_up(shape, other_node.shape)]
        if matches:
            right = pick.one(matches)
            return step(f"matmul({position}, {right})", lambda n, a=position, b=right: n[a] @ n[b])
        if node.ndim == 0:
            return step("mul(x, x)", lambda n, a=position: n[a] * n[a])
        return step(
            "matmul(x, x^T)",
            lambda n, a=position: n[a] @ (n[a] if n[a].ndim == 1 else n[a].swapaxes(-1, -2)),
        )
    if kind == "linear":  # the fused x W^T + b primitive, with a weight of shape (out, in)
        weights = [
            i
            for i, other_node in enumerate(nodes)
            if node.ndim and other_node.ndim == 2 and other_node.shape[1] == shape[-1]
        ]
        if not weights:
            return step("mul(x, x)", lambda n, a=position: n[a] * n[a])
        weight = pick.one(weights)
        out_features = nodes[weight].shape[0]
        biases = [i for i, other_node in enumerate(nodes) if other_node.shape == (out_features,)]
        if biases and pick.coin():
            bias = pick.one(biases)
            return step(
                f"linear({position}, {weight}, {bias})",
                lambda n, a=position, w=weight, b=bias: Linear.apply(n[a], n[w], n[b]),
            )
        return step(
            f"linear({position}, {weight})",
            lambda n, a=position, w=weight: Linear.apply(n[a], n[w]),
        )
    # concatenate / stack: with a partner of the same shape (possibly itself: fan-out)
    same = [i for i, other_node in enumerate(nodes) if other_node.shape == shape]
    right = pick.one(same)
    if kind == "concatenate" and node.ndim:
        axis = pick.integer(0, node.ndim - 1)
        return step(
            f"concatenate({position}, {right}, axis={axis})",
            lambda n, a=position, b=right, ax=axis: autograd.concatenate([n[a], n[b]], ax),
        )
    axis = pick.integer(0, node.ndim)
    return step(
        f"stack({position}, {right}, axis={axis})",
        lambda n, a=position, b=right, ax=axis: autograd.stack([n[a], n[b]], ax),
    )


def _flip(array: np.ndarray) -> None:
    np.logical_not(array, out=array)


def _shift(array: np.ndarray) -> None:
    array *= -3.0
    array += 7.0


def _other_index(side: int):
    def scribble(array: np.ndarray) -> None:
        array += 1
        array %= side

    return scribble


def _captured(pick, kind, position, node, step, program):
    """An op that captures a NumPy array: an operand on either side, clip bounds, or the
    array a constant Tensor is made from. The array is registered, so a test can change it."""
    shape = node.shape
    kept = shape[pick.integer(0, len(shape)) :] if pick.coin() else shape
    operand_shape = tuple(1 if pick.integer(0, 3) == 0 else side for side in kept)
    operand = program.capture(pick.rng.uniform(0.5, 2.0, operand_shape), _shift)
    operand *= pick.one([1.0, -1.0])
    if kind == "from_array":
        return step(
            f"mul(n{position}, Tensor(array))", lambda n, p=position, a=operand: n[p] * Tensor(a)
        )
    if kind == "clip_array":
        low = program.capture(pick.rng.uniform(-1.0, 0.0, operand_shape), _shift)
        high = program.capture(low + pick.rng.uniform(0.5, 1.5, operand_shape), _shift)
        gaps = [np.abs(node.data - np.broadcast_to(bound, shape)) for bound in (low, high)]
        if min(float(gap.min(initial=1.0)) for gap in gaps) > MARGIN:
            return step(
                f"clip(n{position}, array, array)",
                lambda n, p=position, lo=low, hi=high: n[p].clip(lo, hi),
            )
        far = program.capture(high + 60.0, _shift)  # never reached: values stay below 50
        return step(
            f"clip(n{position}, None, array)", lambda n, p=position, hi=far: n[p].clip(max=hi)
        )
    operation = pick.one(["add", "rsub", "mul", "rmul", "div", "rdiv", "maximum"])
    if operation == "rdiv" and float(np.min(np.abs(node.data), initial=1.0)) <= 0.3:
        operation = "div"
    if operation == "maximum":
        gap = np.abs(node.data - np.broadcast_to(operand, shape))
        if float(gap.min(initial=1.0)) <= MARGIN:
            operation = "mul"
    function = {
        "add": lambda x, a: x + a,
        "rsub": lambda x, a: a - x,
        "mul": lambda x, a: x * a,
        "rmul": lambda x, a: a * x,
        "div": lambda x, a: x / a,
        "rdiv": lambda x, a: a / x,
        "maximum": lambda x, a: autograd.maximum(x, a),
    }[operation]
    return step(
        f"{operation}(n{position}, array{operand_shape})",
        lambda n, p=position, a=operand, f=function: f(n[p], a),
    )


def op_names(output: Tensor) -> set:
    """The names of every op in the graph that produced ``output``."""
    return {tensor.grad_fn.name for tensor in autograd.engine.backward_order([output])}
