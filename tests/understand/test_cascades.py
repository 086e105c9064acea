from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.understand.cascades import Cascade, analyze_cascade, read_edges


def brute_force_virality(edges: list[tuple[str, str]]) -> float:
    """Mean shortest path over all pairs, by a breadth-first search from every node."""
    graph: dict[str, set[str]] = {}
    for parent, child in edges:
        graph.setdefault(child, set())
        if parent:
            graph.setdefault(parent, set())
            graph[parent].add(child)
            graph[child].add(parent)
    nodes = list(graph)
    total = 0
    for a in nodes:
        seen = {a: 0}
        queue = deque([a])
        while queue:
            x = queue.popleft()
            for y in graph[x]:
                if y not in seen:
                    seen[y] = seen[x] + 1
                    queue.append(y)
        total += sum(seen.values())
    n = len(nodes)
    return total / (n * (n - 1)) if n > 1 else 0.0


@st.composite
def trees(draw):
    n = draw(st.integers(min_value=1, max_value=40))
    edges = [("", "0")]
    for child in range(1, n):
        edges.append((str(draw(st.integers(min_value=0, max_value=child - 1))), str(child)))
    return edges


@settings(max_examples=200, deadline=None)
@given(trees())
def test_structural_virality_equals_the_all_pairs_mean(edges):
    stats = analyze_cascade(Cascade("c", edges))
    assert stats.size == len(edges)
    assert abs(stats.structural_virality - brute_force_virality(edges)) < 1e-9


def test_a_broadcast_and_a_chain_score_as_goel_et_al_describe():
    star = [("", "r")] + [("r", str(i)) for i in range(99)]
    chain = [("", "0")] + [(str(i), str(i + 1)) for i in range(99)]
    broadcast, passing = analyze_cascade(Cascade("s", star)), analyze_cascade(Cascade("c", chain))
    assert broadcast.depth == 1 and broadcast.max_breadth == 99
    assert 1.9 < broadcast.structural_virality < 2.0
    assert passing.depth == 99 and passing.max_breadth == 1
    assert abs(passing.structural_virality - 101 / 3) < 1e-9  # (n + 1) / 3 for a path


def test_repeats_second_parents_cycles_and_strays_are_left_out_and_counted():
    edges = [
        ("", "a"),
        ("a", "b"),
        ("a", "b"),
        ("b", "c"),
        ("c", "a"),
        ("c", "c"),
        ("x", "b"),
        ("y", "z"),
    ]
    stats = analyze_cascade(Cascade("m", edges))
    assert stats.size == 3 and stats.root == "a"
    assert stats.ignored_edges == 4
    assert stats.unreachable == 3  # x, y and z


def test_bad_rows_are_reported_by_line_and_the_rest_computed():
    text = "cascade_id,parent,child\n1,,a\n1,a,b\noops\n2,,x\n,a,b\n"
    results = list(read_edges(csv.reader(io.StringIO(text))))
    bad = [number for number, entry in results if not isinstance(entry, Cascade)]
    assert bad == [4, 6]
    assert [e.cascade_id for _, e in results if isinstance(e, Cascade)] == ["1", "2"]


def test_the_command_writes_one_line_per_cascade(tmp_path):
    edges = tmp_path / "edges.csv"
    rows = [("t", "", "root"), *(("t", "root", f"u{i}") for i in range(3)), ("t", "u0", "v")]
    edges.write_text("\n".join(",".join(r) for r in rows) + "\n")
    out = tmp_path / "out.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "fireside.cli", "cascades", str(edges), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    [line] = out.read_text().splitlines()
    result = json.loads(line)
    assert result["size"] == 5 and result["depth"] == 2 and result["max_breadth"] == 3
    # Ten pairs: four at distance 1, four at 2 (u1-u2, u0-u1, u0-u2, root-v), two at 3 (u1-v,
    # u2-v) -> 18 / 10.
    assert abs(result["structural_virality"] - 1.8) < 1e-12
