"""Choose how a drawing is laid out so it can be read where it is shown: the direction, and the
folding of a long chain into bands (a snake).

A drawing is usually looked at in a column about ``COLUMN_PX`` = 900 CSS pixels wide (a README
on GitHub, a notebook's output area); anything wider is scaled down to fit. A 20-op chain drawn
left to right is 8 times wider than tall and, scaled to the column, its numbers are 3 px tall.
``rankdir=None`` draws such a chain folded: the layers of the graph (inputs first, the root
last) are cut into bands of ``per_band`` layers; each band runs along the direction (left to
right for ``LR``, down for ``TB``), and every other band runs back the other way, so a chain
snakes and each turn is one short edge. In DOT: every node of a band position is put in one
``rank=same`` group, invisible edges keep the bands in order, edges of a reversed band are
written head to tail (``dir`` flipped, so the arrows still point forward) and edges between
bands do not constrain the ranks.

``choose`` lays out a few candidates (each direction, folded into a few band counts) with the
renderer and keeps the one whose smallest text is largest once scaled to the column, among
those at most ``MAX_ASPECT`` times longer than wide; without a renderer, or for a graph too big
to lay out several times, it estimates the sizes from the graph's shape (depth and width).

>>> fold = Fold("TB", per_band=3)
>>> [fold.place(layer) for layer in range(7)]  # band, position: down, up, down
[(0, 0), (0, 1), (0, 2), (1, 2), (1, 1), (1, 0), (2, 0)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

__all__ = [
    "COLUMN_PX",
    "MAX_ASPECT",
    "MIN_TEXT_PX",
    "Candidate",
    "Fold",
    "Measured",
    "choose",
    "layers",
    "measure_svg",
]

COLUMN_PX = 900.0  # the width a drawing is shown at: a README column, a notebook output
MIN_TEXT_PX = 9.0  # no number smaller than this once scaled to the column
MAX_ASPECT = 3.0  # longest side over shortest side
TRIAL_NODES = 150  # graphs with at most this many nodes are laid out for real to choose
TRY_ALL_NODES = 40  # ... and up to this many, every band count is tried (else the 2 likeliest)
_PT_TO_PX = 96.0 / 72.0


class Fold:
    """Layer ``l`` of a graph drawn in direction ``rankdir``, cut into bands of ``per_band``
    layers (None: one band, no folding): its band, and its position along the band.

    >>> Fold("LR").place(7), Fold("LR", per_band=4).place(5)
    ((0, 7), (1, 2))
    """

    def __init__(self, rankdir: str, per_band: int | None = None) -> None:
        self.rankdir = rankdir
        self.per_band = per_band

    def place(self, layer: int) -> tuple[int, int]:
        """(band, position) of ``layer``; odd bands run backwards (a snake).

        >>> Fold("TB", per_band=2).place(3)
        (1, 0)
        """
        if self.per_band is None:
            return 0, layer
        band, position = divmod(layer, self.per_band)
        if band % 2:
            position = self.per_band - 1 - position
        return band, position

    def reversed_band(self, band: int) -> bool:
        """Whether band ``band`` runs backwards.

        >>> Fold("LR", per_band=3).reversed_band(1), Fold("LR").reversed_band(1)
        (True, False)
        """
        return self.per_band is not None and band % 2 == 1

    def __repr__(self) -> str:
        return f"Fold({self.rankdir!r}, per_band={self.per_band})"


def layers(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, int]:
    """The layer of each node: the longest path to it from an input (0), with each input
    (a node without incoming edges) moved next to the first of its users.

    >>> layers(["x", "c", "m", "y"], [("x", "m"), ("m", "y"), ("c", "y")])
    {'x': 0, 'c': 1, 'm': 1, 'y': 2}
    """
    order = list(nodes)
    successors: dict[str, list[str]] = {node: [] for node in order}
    incoming: dict[str, int] = dict.fromkeys(order, 0)
    for tail, head in edges:
        if tail in successors and head in incoming:
            successors[tail].append(head)
            incoming[head] += 1
    layer = dict.fromkeys(order, 0)
    remaining = dict(incoming)
    ready = [node for node in order if remaining[node] == 0]
    while ready:  # Kahn's algorithm: every node after all of its inputs
        node = ready.pop()
        for head in successors[node]:
            layer[head] = max(layer[head], layer[node] + 1)
            remaining[head] -= 1
            if remaining[head] == 0:
                ready.append(head)
    for node in order:
        if incoming[node] == 0 and successors[node]:
            layer[node] = min(layer[head] for head in successors[node]) - 1
    return layer


class Measured(NamedTuple):
    """The size of a laid-out drawing, in points, and its smallest font size.

    >>> Measured(600.0, 300.0, 10.0).text_px()  # 600 pt = 800 px: not scaled down
    13.333333333333332
    """

    width: float
    height: float
    min_font: float

    def scale(self, column: float = COLUMN_PX) -> float:
        """How much the drawing is scaled to fit ``column`` CSS pixels (1: not at all).

        >>> Measured(1350.0, 300.0, 10.0).scale()
        0.5
        """
        return min(1.0, column / max(self.width * _PT_TO_PX, 1.0))

    def text_px(self, column: float = COLUMN_PX) -> float:
        """The smallest text, in CSS pixels, once scaled to ``column``.

        >>> round(Measured(1350.0, 300.0, 9.0).text_px(), 2)
        6.0
        """
        return self.min_font * _PT_TO_PX * self.scale(column)

    def aspect(self) -> float:
        """The longest side over the shortest.

        >>> Measured(300.0, 900.0, 9.0).aspect()
        3.0
        """
        return max(self.width, self.height) / max(min(self.width, self.height), 1.0)


_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
_FONT = re.compile(r'<text\b[^>]*font-size="([\d.]+)"[^>]*>([^<]*)</text>')


def measure_svg(svg: str) -> Measured:
    """Width and height (points) of a Graphviz SVG and the smallest size of a text with a digit.

    >>> measure_svg('<svg width="80pt" height="40pt"><text font-size="9.00">2</text></svg>')
    Measured(width=80.0, height=40.0, min_font=9.0)
    """
    size = _SIZE.search(svg)
    if size is None:
        raise ValueError("measure_svg: no width and height in points on the <svg> element")
    fonts = [float(font) for font, text in _FONT.findall(svg) if re.search(r"\d", text)]
    return Measured(float(size.group(1)), float(size.group(2)), min(fonts) if fonts else 14.0)


class Candidate(NamedTuple):
    """A way to lay the graph out, and what it measured (or was estimated) to be.

    >>> Candidate(Fold("TB"), Measured(400.0, 300.0, 10.0)).fold.rankdir
    'TB'
    """

    fold: Fold
    measured: Measured


def _score(candidate: Candidate, column: float) -> tuple[bool, bool, float, float]:
    """Bigger is better: legible, not too elongated, the largest text, the least area."""
    measured = candidate.measured
    legible = measured.text_px(column) >= MIN_TEXT_PX + 0.5  # a margin for rounding
    compact = measured.aspect() <= MAX_ASPECT
    scale = measured.scale(column)
    area = measured.width * measured.height * scale * scale
    bands = 1 if candidate.fold.per_band is None else 2
    return compact, legible, round(min(measured.text_px(column), 14.0), 1), -area * bands


def _band_counts(depth: int) -> list[int]:
    """The numbers of bands worth trying for a graph ``depth`` layers deep: at least 4 layers
    a band, at most 8 bands, one count for each band length.

    >>> _band_counts(19), _band_counts(6)
    ([1, 2, 3, 4, 5], [1])
    """
    counts, lengths = [1], {depth}
    for bands in range(2, 9):
        length = -(-depth // bands)
        if length < 4:
            break
        if length not in lengths:
            lengths.add(length)
            counts.append(bands)
    return counts


def _fold(rankdir: str, bands: int, depth: int) -> Fold:
    if bands == 1:
        return Fold(rankdir)
    return Fold(rankdir, per_band=-(-depth // bands))


def _predict(unfolded: Measured, rankdir: str, bands: int) -> Measured:
    """The size of the drawing folded into ``bands`` bands, from its unfolded size: the bands
    share the length, and each adds most of a band's breadth (edges and labels between)."""
    grows = 1.0 + 0.6 * (bands - 1)
    if rankdir in ("LR", "RL"):
        return Measured(unfolded.width / bands, unfolded.height * grows, unfolded.min_font)
    return Measured(unfolded.width * grows, unfolded.height / bands, unfolded.min_font)


def estimate(depth: int, breadth: int, rankdir: str, min_font: float) -> Measured:
    """A rough size of the unfolded drawing of a graph ``depth`` layers deep and ``breadth``
    nodes wide, for when it cannot be laid out to be measured.

    >>> estimate(10, 2, "LR", 10.0).width > estimate(10, 2, "TB", 10.0).width
    True
    """
    if rankdir in ("LR", "RL"):
        return Measured(140.0 * depth, 120.0 * breadth + 60.0, min_font)
    return Measured(180.0 * breadth + 60.0, 90.0 * depth, min_font)


def choose(
    depth: int,
    breadth: int,
    nodes: int,
    lay_out: Callable[[Fold], str | None],
    min_font: float,
    column: float = COLUMN_PX,
) -> tuple[Fold, str | None]:
    """The fold to draw with, and its SVG when it was laid out while choosing (else None).

    ``lay_out(fold)`` returns the SVG of the drawing with that fold, or None when it cannot be
    laid out (no renderer); ``depth`` and ``breadth`` are the number of layers and the most
    nodes in one layer, ``nodes`` the number of nodes drawn.

    >>> fold, svg = choose(30, 1, 60, lambda fold: None, 10.0)  # a chain, estimated
    >>> fold.rankdir, fold.per_band is not None, svg
    ('TB', True, None)
    """
    rendered: dict[tuple[str, int], str] = {}
    candidates: list[tuple[Candidate, tuple[str, int]]] = []
    counts = _band_counts(depth)

    def try_fold(rankdir: str, bands: int) -> Measured | None:
        svg = lay_out(_fold(rankdir, bands, depth))
        if svg is None:
            return None
        rendered[(rankdir, bands)] = svg
        measured = measure_svg(svg)
        candidates.append((Candidate(_fold(rankdir, bands, depth), measured), (rankdir, bands)))
        return measured

    for rankdir in ("LR", "TB"):
        unfolded = try_fold(rankdir, 1) if nodes <= TRIAL_NODES else None
        if unfolded is None:
            unfolded = estimate(depth, breadth, rankdir, min_font)
            guesses = [
                Candidate(_fold(rankdir, bands, depth), _predict(unfolded, rankdir, bands))
                for bands in counts
            ]
            candidates.extend((guess, (rankdir, 0)) for guess in guesses)
            continue
        predicted = sorted(
            counts[1:],
            key=lambda bands: _score(
                Candidate(Fold(rankdir), _predict(unfolded, rankdir, bands)), column
            ),
            reverse=True,
        )
        for bands in predicted if nodes <= TRY_ALL_NODES else predicted[:2]:
            try_fold(rankdir, bands)
    best, key = max(candidates, key=lambda pair: _score(pair[0], column))
    return best.fold, rendered.get(key)
