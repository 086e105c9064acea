"""Fake and bought followers: an explainable score from what a profile shows.

No model is trained here: the only labelled accounts we have (bots-kaggle) carry no licence and
skew to verified celebrities, so they measure this scorer (benchmarks/people/) but do not fit
it. The signals are the ones the fake-follower literature keeps finding (Cresci et al. 2015:
default profile, no bio, follows many but followed by few, never liked or listed, posts
nothing or posts like a machine, a fresh account, a generated handle). Each adds or removes
log-odds points; the score is their logistic, so every decision comes with its reasons.

    fireside audit ACCOUNTS.jsonl -o OUT.jsonl [--as-of 2026-11-23]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = ["AccountAudit", "audit_account", "main"]

BIAS = -1.5
THRESHOLD = 0.5
# Five or more: four digits are usually a birth year (maija1987), not a generator.
_DIGITS = re.compile(r"\d{5,}")
_BOT_WORDS = re.compile(r"\b(bot|automated|auto-?post(?:s|ed)?|tweets every)\b", re.IGNORECASE)
_TWITTER_TIME = "%a %b %d %H:%M:%S %z %Y"


@dataclass(frozen=True)
class AccountAudit:
    id: str
    fake_score: float
    fake: bool
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "fake_score": round(self.fake_score, 4),
            "fake": self.fake,
            "reasons": self.reasons,
        }


def _int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float) and math.isfinite(value):
        return int(value)
    if isinstance(value, str) and value.strip():
        try:
            return int(float(value.strip()))
        except (ValueError, OverflowError):  # not a number, "nan", "inf"
            return None
    return None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "1", "yes"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "0", "no"}:
        return False
    if isinstance(value, int):
        return bool(value)
    return None


def _text(value: Any) -> str:
    return "" if value is None or str(value).strip() in {"", "None", "null"} else str(value)


def parse_created_at(value: Any) -> datetime | None:
    """Twitter's "Fri Nov 22 01:30:05 +0000 2013", ISO 8601, or epoch seconds; else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        with contextlib.suppress(OverflowError, OSError, ValueError):
            return datetime.fromtimestamp(value, tz=UTC)
        return None
    text = _text(value).strip()
    if not text:
        return None
    with contextlib.suppress(ValueError):
        return datetime.strptime(text, _TWITTER_TIME)
    with contextlib.suppress(ValueError):
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
    return None


def audit_account(account: Mapping[str, Any], *, as_of: datetime | None = None) -> AccountAudit:
    """Score one account. Missing fields are simply not evidence either way."""
    as_of = as_of or datetime.now(UTC)
    points: list[tuple[float, str]] = []

    def add(weight: float, reason: str) -> None:
        points.append((weight, reason))

    followers = _int(account.get("followers_count"))
    friends = _int(account.get("friends_count"))
    statuses = _int(account.get("statuses_count"))
    favourites = _int(account.get("favourites_count"))
    listed = _int(account.get("listed_count", account.get("listedcount")))
    if _bool(account.get("verified")):
        add(-4.0, "verified account")
    if _bool(account.get("default_profile_image")):
        add(1.5, "default profile picture")
    if _bool(account.get("default_profile")):
        add(0.8, "default profile theme")
    description = _text(account.get("description"))
    if "description" in account and not description:
        add(0.8, "no bio")
    if description and _BOT_WORDS.search(description):
        add(2.5, "describes itself as automated")
    if "url" in account and not _text(account.get("url")):
        add(0.3, "no link")
    if followers is not None:
        if followers < 30:
            add(1.0, f"only {followers} followers")
        elif followers >= 100_000:
            add(-1.5, f"{followers:,} followers")
        elif followers >= 1000:
            add(-0.8, f"{followers:,} followers")
    if friends is not None and followers is not None and friends >= 200:
        if friends > 20 * max(followers, 1):
            add(1.5, f"follows {friends:,} but followed by {followers:,}")
        elif friends > 5 * max(followers, 1):
            add(0.7, f"follows {friends:,}, five times its followers")
    if favourites is not None:
        if favourites == 0:
            add(0.8, "never liked anything")
        elif favourites < 10:
            add(0.4, f"liked only {favourites} posts")
    if listed is not None:
        if listed == 0:
            add(0.5, "on nobody's lists")
        elif listed >= 50:
            add(-0.7, f"on {listed:,} lists")
    if statuses is not None and statuses < 20:
        add(0.8, f"only {statuses} posts")
    created = parse_created_at(account.get("created_at"))
    if created is not None:
        days = max((as_of - created).total_seconds() / 86400, 1.0)
        if days < 60:
            add(0.7, f"account is {int(days)} days old")
        if statuses is not None and statuses / days > 100:
            add(1.2, f"posts {statuses / days:,.0f} times a day")
    handle = _text(account.get("screen_name"))
    if handle and _DIGITS.search(handle):
        add(0.7, "handle ends in generated digits")
    if "name" in account and not _text(account.get("name")):
        add(0.5, "no display name")
    logit = BIAS + sum(w for w, _ in points)
    score = 1 / (1 + math.exp(-logit))
    reasons = [
        f"{reason} ({weight:+.1f})" for weight, reason in sorted(points, key=lambda p: -abs(p[0]))
    ]
    return AccountAudit(
        id=str(account.get("id", "")), fake_score=score, fake=score >= THRESHOLD, reasons=reasons
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="fireside audit",
        description="Score accounts as fake or bought followers, with the reasons.",
    )
    parser.add_argument("accounts", help="JSONL, one account a line ('-' for stdin)")
    parser.add_argument("-o", "--output", default="-", help="JSONL out (default stdout)")
    parser.add_argument("--as-of", default="", help="date account ages are measured at")
    args = parser.parse_args(argv)
    as_of = parse_created_at(args.as_of) if args.as_of else None
    if args.as_of and as_of is None:
        print(f"fireside audit: error: --as-of {args.as_of!r} is not a date", file=sys.stderr)
        return 2
    bad = 0
    with contextlib.ExitStack() as stack:
        source = (
            sys.stdin
            if args.accounts == "-"
            else stack.enter_context(open(args.accounts, encoding="utf-8", errors="replace"))
        )
        out = (
            sys.stdout
            if args.output == "-"
            else stack.enter_context(open(args.output, "w", encoding="utf-8"))
        )
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:
                account = json.loads(line)
                if not isinstance(account, dict) or "id" not in account:
                    raise ValueError("each line must be a JSON object with an 'id'")
            except ValueError as exc:
                bad += 1
                print(f"{args.accounts}:{number}: {exc}", file=sys.stderr)
                continue
            out.write(json.dumps(audit_account(account, as_of=as_of).to_dict()) + "\n")
    if bad:
        print(f"{bad} bad line(s) skipped", file=sys.stderr)
    return 1 if bad else 0
