"""Read back the DOT text that ``autograd.viz`` writes: nodes, edges, label text, numbers."""

import re


class Dot:
    """The nodes and edges of a DOT text written by ``autograd.viz`` (one statement a line)."""

    _node = re.compile(r"^\s*(\w+) \[(.*)\]$")
    _edge = re.compile(r"^\s*(\w+) -> (\w+)(?: \[(.*)\])?$")

    def __init__(self, source: str):
        self.source = source
        self.nodes, self.edges = {}, []
        for line in source.splitlines():
            edge = self._edge.match(line)
            if edge:
                tail, head, attrs = edge.group(1), edge.group(2), edge.group(3) or ""
                if "invis" in attrs and "id=" not in attrs:
                    continue  # an edge that only orders the bands of a folded layout
                if self._written_backwards(attrs):  # a band of a fold that runs backwards
                    tail, head = head, tail
                    attrs = attrs.replace('dir="forward"', 'dir="back"').replace(
                        ' dir="back"', "", 1 if 'class="forward' in attrs else 0
                    )
                self.edges.append((tail, head, attrs))
                continue
            node = self._node.match(line)
            if node and node.group(1) not in ("graph", "node", "edge"):
                self.nodes[node.group(1)] = node.group(2)

    @staticmethod
    def text(attributes: str) -> str:
        """The visible text of an HTML-like label, tags stripped, whitespace collapsed."""
        start = attributes.find("label=<")
        if start < 0:
            match = re.search(r'label="([^"]*)"', attributes)
            return match.group(1) if match else ""
        depth, position = 0, start + len("label=")
        for position in range(start + len("label="), len(attributes)):
            depth += {"<": 1, ">": -1}.get(attributes[position], 0)
            if depth == 0:
                break
        html = attributes[start + len("label=<") : position]
        text = re.sub(r"<[^>]*>", " ", html)
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        return " ".join(text.split())

    @staticmethod
    def _written_backwards(attrs: str) -> bool:
        """Whether an edge is written head to tail: a gradient edge is normally written
        ``input -> op [dir="back"]``, a forward edge without ``dir``; in a band that runs
        backwards each is written the other way round, with its ``dir`` flipped."""
        if 'class="grad' in attrs:
            return 'dir="forward"' in attrs
        return 'dir="back"' in attrs

    def node_named(self, name: str) -> str:
        """The id of the node whose label starts with ``name``."""
        found = [key for key, attrs in self.nodes.items() if self.text(attrs).split(" ")[0] == name]
        assert len(found) == 1, f"expected one node labelled {name!r}, found {found}"
        return found[0]

    def red_edges(self):
        """[(op node, input node, label text)] for the visible gradient arrows.

        They are written ``input -> op [dir="back" color="red"]``: drawn from the op back to
        the input while laid out alongside the forward edge.
        """
        found = []
        for tail, head, attrs in self.edges:
            if 'color="red"' in attrs:
                assert 'dir="back"' in attrs
                found.append((head, tail, self.text(attrs)))
        return found

    def blue_edges(self, color="#1f5fbf"):
        """[(tail, head, label text)] for the forward arrows that carry a tangent (blue)."""
        return [
            (tail, head, self.text(attrs))
            for tail, head, attrs in self.edges
            if f'color="{color}"' in attrs and 'dir="back"' not in attrs
        ]

    def forward_edges(self):
        return [
            (tail, head)
            for tail, head, attrs in self.edges
            if 'color="red"' not in attrs and "invis" not in attrs and not tail.startswith("more_")
        ]


def numbers(text: str) -> list:
    """The numbers in a label, in order (``≈0`` counts as 0)."""
    return [
        float(token) for token in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text.replace("≈0", "0"))
    ]
