"""`fireside analyze` and `fireside train`: thin parsers over plain functions.

The foundation's `fireside` command calls `analyze_main(argv)` and `train_main(argv)` with the
arguments after the subcommand name; both return the process exit status.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from fireside.understand.types import MessageInput

if TYPE_CHECKING:
    from fireside.understand.pipeline import Pipeline

BATCH = 2000


class BadLine(ValueError):
    """A JSONL line that is not an object with a string `id` and a string `text`."""


def parse_line(line: str) -> MessageInput:
    """One analyze input line to a MessageInput; raises BadLine saying what is wrong."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise BadLine(f"expected a JSON object, got {type(obj).__name__}")
    mid = obj.get("id")
    if isinstance(mid, int) and not isinstance(mid, bool):
        mid = str(mid)
    if not isinstance(mid, str) or not mid:
        raise BadLine('missing "id" (a non-empty string or integer)')
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadLine('missing "text" (a string)')
    author = obj.get("author") or {}
    if isinstance(author, str):
        author = {"name": author}
    if not isinstance(author, dict):
        raise BadLine('"author" must be an object with "name", "handle", "url"')
    followers = author.get("followers_count")
    if not isinstance(followers, int) or isinstance(followers, bool) or followers < 0:
        followers = None
    parent = obj.get("in_reply_to")
    return MessageInput(
        id=mid,
        text=text,
        channel=_str(obj.get("channel")),
        author_name=_str(author.get("name")),
        author_handle=_str(author.get("handle")),
        author_url=_str(author.get("url")),
        author_followers=followers,
        url=_str(obj.get("url")),
        addressed_to_brand=bool(obj.get("addressed_to_brand", False)),
        in_reply_to=str(parent) if parent is not None else None,
        created_at=_str(obj.get("created_at")),
    )


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _batches(
    lines: Iterable[str], err: IO[str], counts: dict[str, int]
) -> Iterator[list[MessageInput]]:
    batch: list[MessageInput] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            batch.append(parse_line(line))
        except BadLine as exc:
            counts["bad"] += 1
            print(f"line {number}: {exc}; skipped", file=err)
            continue
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def analyze_stream(
    lines: Iterable[str],
    out: IO[str],
    err: IO[str],
    *,
    tier: str = "fast",
    brand_terms: tuple[str, ...] = (),
    pipeline: Pipeline | None = None,
) -> int:
    """Analyse JSONL `lines` into `out`; report bad lines on `err`. Returns the exit status:
    0, or 1 if any line was bad, or 2 if the tier is not available."""
    if tier != "fast":
        print(
            f"the {tier} tier is not installed: this Fireside ships the fast tier only; "
            "run with --tier fast",
            file=err,
        )
        return 2
    if pipeline is None:
        from fireside.understand.pipeline import Pipeline

        pipeline = Pipeline(brand_terms)
    counts = {"bad": 0, "ok": 0}
    for batch in _batches(lines, err, counts):
        for analysis in pipeline.analyze(batch):
            out.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
        counts["ok"] += len(batch)
    out.flush()
    if counts["bad"]:
        print(f"analyzed {counts['ok']} messages, skipped {counts['bad']} bad lines", file=err)
        return 1
    return 0


def analyze_main(argv: list[str]) -> int:
    """`fireside analyze IN.jsonl -o OUT.jsonl [--tier fast|accurate] [--brand TERM ...]`."""
    parser = argparse.ArgumentParser(
        prog="fireside analyze",
        description="Read messages as JSONL (id, text, ...) and write one analysis per line.",
    )
    parser.add_argument("input", nargs="?", default="-", help="input JSONL, '-' for stdin")
    parser.add_argument("-o", "--output", default="-", help="output JSONL, '-' for stdout")
    parser.add_argument("--tier", choices=("fast", "accurate"), default="fast")
    parser.add_argument(
        "--brand", action="append", default=[], help="a brand name or handle (repeatable)"
    )
    args = parser.parse_args(argv)
    src: IO[str]
    dst: IO[str]
    try:
        src = (
            sys.stdin
            if args.input == "-"
            else open(args.input, encoding="utf-8", errors="replace", newline="\n")  # noqa: SIM115
        )
    except OSError as exc:
        print(f"fireside analyze: cannot read {args.input}: {exc.strerror}", file=sys.stderr)
        return 2
    if src is sys.stdin:
        reconfigure = getattr(sys.stdin, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    try:
        dst = (
            sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
        )
    except OSError as exc:
        print(f"fireside analyze: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        return analyze_stream(src, dst, sys.stderr, tier=args.tier, brand_terms=tuple(args.brand))
    finally:
        if src is not sys.stdin:
            src.close()
        if dst is not sys.stdout:
            dst.close()


def train_main(argv: list[str]) -> int:
    """`fireside train --data ../shared/datasets [--out DIR]`."""
    from fireside.understand.pipeline import MODELS_DIR
    from fireside.understand.train import train

    parser = argparse.ArgumentParser(
        prog="fireside train",
        description="Rebuild the understand models and MODEL_CARD.md from the shared data sets.",
    )
    parser.add_argument("--data", default="../shared/datasets", help="the data sets folder")
    parser.add_argument("--out", default=str(MODELS_DIR), help="where to write the artifacts")
    args = parser.parse_args(argv)
    try:
        card = train(Path(args.data), Path(args.out))
    except FileNotFoundError as exc:
        print(f"fireside train: {exc}", file=sys.stderr)
        return 2
    for key, value in card["scores"].items():
        print(f"{key}: {value:.4f}", file=sys.stderr)
    print(f"wrote artifacts and MODEL_CARD.md to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(analyze_main(sys.argv[1:]))
