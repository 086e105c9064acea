"""`fireside cascades` on the Twitter15 propagation trees (Ma et al. 2017): how fast, what the
trees look like, how messy the edges are, and a check of exactness against an all-pairs
breadth-first search on the smaller trees.

    .venv/bin/python benchmarks/cascades/bench_twitter15.py [--data ../shared/datasets]
"""

from __future__ import annotations

import argparse
import ast
import csv
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import deque
from pathlib import Path

from fireside.understand.cascades import Cascade, analyze_cascade


def node(text: str) -> str:
    uid, tweet, delay = ast.literal_eval(text.strip())
    return "" if uid == "ROOT" else f"{uid}/{tweet}/{delay}"


def load(archive: Path) -> list[Cascade]:
    cascades = []
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if not (member.isfile() and "/tree/" in member.name):
                continue
            edges = []
            for line in tar.extractfile(member).read().decode().splitlines():
                if "->" in line:
                    parent, child = line.split("->")
                    edges.append((node(parent), node(child)))
            cascades.append(Cascade(Path(member.name).stem, edges))
    return cascades


def brute_force(stats_edges: list[tuple[str, str]]) -> float:
    graph: dict[str, set[str]] = {}
    for parent, child in stats_edges:
        graph.setdefault(child, set())
        if parent:
            graph.setdefault(parent, set()).add(child)
            graph[child].add(parent)
    total = 0
    for start in graph:
        seen = {start: 0}
        queue = deque([start])
        while queue:
            x = queue.popleft()
            for y in graph[x]:
                if y not in seen:
                    seen[y] = seen[x] + 1
                    queue.append(y)
        total += sum(seen.values())
    n = len(graph)
    return total / (n * (n - 1)) if n > 1 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="../shared/datasets")
    args = parser.parse_args()
    cascades = load(Path(args.data) / "cascades" / "twitter15.tar.gz")
    edges = sum(len(c.edges) for c in cascades)
    t = time.perf_counter()
    results = [analyze_cascade(c) for c in cascades]
    elapsed = time.perf_counter() - t
    print(
        f"{len(cascades)} trees, {edges:,} edges: {elapsed:.2f} s in process "
        f"({edges / elapsed:,.0f} edges/s)"
    )
    sizes = [r.size for r in results]
    virality = [r.structural_virality for r in results]
    print(
        f"size median {statistics.median(sizes)}, max {max(sizes)}; depth median "
        f"{statistics.median(r.depth for r in results)}, max {max(r.depth for r in results)}"
    )
    print(f"structural virality median {statistics.median(virality):.3f}, max {max(virality):.3f}")
    print(
        f"edges left out (repeats, second parents, cycles): "
        f"{sum(r.ignored_edges for r in results):,}; unreachable nodes: "
        f"{sum(r.unreachable for r in results):,}"
    )
    # Exactness: the tree we keep, checked against a breadth-first search from every node.
    checked = worst = 0
    for cascade, result in zip(cascades, results, strict=True):
        if result.size > 400:
            continue
        kept: dict[str, str] = {}
        for parent, child in cascade.edges:
            kept.setdefault(child, parent)
        tree = analyze_cascade(Cascade("x", [(p, c) for c, p in kept.items()]))
        if tree.size == result.size and tree.ignored_edges == 0 and tree.unreachable == 0:
            worst = max(
                worst,
                abs(brute_force([(p, c) for c, p in kept.items()]) - result.structural_virality),
            )
            checked += 1
    print(
        f"exactness: {checked} clean trees of <= 400 nodes, largest difference from the "
        f"all-pairs search {worst:.2e}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "edges.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            for cascade in cascades:
                writer.writerows((cascade.cascade_id, p, c) for p, c in cascade.edges)
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "fireside.cli",
                "cascades",
                str(path),
                "-o",
                str(Path(tmp) / "out.jsonl"),
            ],
            check=True,
        )
        print(
            f"`fireside cascades` end to end (CSV in, JSONL out, start-up included): "
            f"{time.perf_counter() - t:.2f} s"
        )


if __name__ == "__main__":
    main()
