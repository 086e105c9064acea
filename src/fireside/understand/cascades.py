"""Reply and repost cascades: size, depth, breadth and structural virality, computed exactly.

Structural virality (Goel, Anderson, Hofman and Watts, 2016) is the mean shortest-path distance
over all pairs of nodes of the diffusion tree. A broadcast (one root, everyone a direct child)
scores just under 2; a long chain of person-to-person passing scores about a third of its
length. For a tree the sum of all pairwise distances is the sum, over edges, of
``below * (n - below)`` where ``below`` is the number of nodes under the edge, so the exact
mean takes one pass instead of a breadth-first search from every node.

Real edge lists are messy (Twitter15 repeats edges and has a few cycles). Each node keeps the
first parent it was given; a repeated edge, a second parent, a self-loop or an edge that would
close a cycle is counted in `ignored_edges` and left out. Nodes the root does not reach are
counted in `unreachable` and left out of the figures.

    fireside cascades EDGES.csv -o OUT.jsonl     rows: cascade_id,parent,child (parent empty
                                                 for the root); a header row is optional
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

__all__ = ["Cascade", "CascadeStats", "analyze_cascade", "main", "read_edges"]


@dataclass
class Cascade:
    """Edges of one cascade as given: (parent, child), with parent "" for the root."""

    cascade_id: str
    edges: list[tuple[str, str]]


@dataclass(frozen=True)
class CascadeStats:
    cascade_id: str
    root: str | None
    size: int
    depth: int
    max_breadth: int
    structural_virality: float
    ignored_edges: int
    unreachable: int


def _build_tree(edges: list[tuple[str, str]]) -> tuple[str | None, dict[str, list[str]], int, int]:
    """The root, children lists, edges left out, and nodes the root does not reach."""
    parent_of: dict[str, str] = {}
    roots: list[str] = []
    nodes: dict[str, None] = {}
    ignored = 0
    for parent, child in edges:
        nodes.setdefault(child, None)
        if parent:
            nodes.setdefault(parent, None)
        if not parent:
            if child not in roots:
                roots.append(child)
            else:
                ignored += 1
            continue
        if parent == child or child in parent_of or child in roots:
            ignored += 1
            continue
        # Walking up from the parent must not reach the child, or the edge closes a cycle.
        ancestor: str | None = parent
        while ancestor is not None and ancestor != child:
            ancestor = parent_of.get(ancestor)
        if ancestor == child:
            ignored += 1
            continue
        parent_of[child] = parent
    if not roots:
        roots = [n for n in nodes if n not in parent_of][:1]
    root = roots[0] if roots else None
    children: dict[str, list[str]] = defaultdict(list)
    for child, parent in parent_of.items():
        children[parent].append(child)
    reached = 0
    if root is not None:
        stack = [root]
        while stack:
            node = stack.pop()
            reached += 1
            stack.extend(children.get(node, ()))
    return root, children, ignored, len(nodes) - reached


def analyze_cascade(cascade: Cascade) -> CascadeStats:
    root, children, ignored, unreachable = _build_tree(cascade.edges)
    if root is None:
        return CascadeStats(cascade.cascade_id, None, 0, 0, 0, 0.0, ignored, unreachable)
    # Breadth-first by level gives depth and breadth; the reversed order gives subtree sizes.
    order: list[str] = [root]
    level_sizes = [1]
    frontier = [root]
    while frontier:
        nxt = [c for node in frontier for c in children.get(node, ())]
        if nxt:
            level_sizes.append(len(nxt))
            order.extend(nxt)
        frontier = nxt
    n = len(order)
    below: dict[str, int] = {}
    pair_distance_sum = 0
    for node in reversed(order):
        size = 1 + sum(below[c] for c in children.get(node, ()))
        below[node] = size
        if node != root:
            pair_distance_sum += size * (n - size)
    virality = pair_distance_sum / (n * (n - 1) / 2) if n > 1 else 0.0
    return CascadeStats(
        cascade_id=cascade.cascade_id,
        root=root,
        size=n,
        depth=len(level_sizes) - 1,
        max_breadth=max(level_sizes),
        structural_virality=virality,
        ignored_edges=ignored,
        unreachable=unreachable,
    )


class EdgeError(ValueError):
    pass


def read_edges(rows: Iterable[list[str]]) -> Iterator[tuple[int, Cascade | EdgeError]]:
    """Group CSV rows by cascade id, in order of first appearance; bad rows come back as
    (line number, EdgeError) and are skipped."""
    cascades: dict[str, Cascade] = {}
    for number, row in enumerate(rows, start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if number == 1 and [c.strip().lower() for c in row[:3]] == [
            "cascade_id",
            "parent",
            "child",
        ]:
            continue
        if len(row) != 3:
            yield number, EdgeError(f"expected 3 columns cascade_id,parent,child, got {len(row)}")
            continue
        cascade_id, parent, child = (cell.strip() for cell in row)
        if not cascade_id or not child:
            yield number, EdgeError("cascade_id and child must not be empty")
            continue
        cascades.setdefault(cascade_id, Cascade(cascade_id, [])).edges.append((parent, child))
    for cascade in cascades.values():
        yield 0, cascade


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="fireside cascades",
        description="Size, depth, breadth and exact structural virality of each cascade.",
    )
    parser.add_argument("edges", help="CSV of cascade_id,parent,child ('-' for stdin)")
    parser.add_argument("-o", "--output", default="-", help="JSONL out (default stdout)")
    args = parser.parse_args(argv)
    bad = 0
    with contextlib.ExitStack() as stack:
        source = (
            sys.stdin
            if args.edges == "-"
            else stack.enter_context(open(args.edges, newline="", encoding="utf-8"))
        )
        out = (
            sys.stdout
            if args.output == "-"
            else stack.enter_context(open(args.output, "w", encoding="utf-8"))
        )
        for number, entry in read_edges(csv.reader(source)):
            if isinstance(entry, EdgeError):
                bad += 1
                print(f"{args.edges}:{number}: {entry}", file=sys.stderr)
                continue
            out.write(json.dumps(asdict(analyze_cascade(entry))) + "\n")
    if bad:
        print(f"{bad} bad row(s) skipped", file=sys.stderr)
    return 1 if bad else 0
