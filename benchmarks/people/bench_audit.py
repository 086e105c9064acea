"""`fireside audit` on the bots-kaggle accounts (dev/eval only: no licence, so nothing is fitted
to it). Reports accuracy, precision, recall and F1 for "bot" as the positive class, overall and
without verified accounts (the humans in this set are mostly verified celebrities, which makes
the task easier than real follower audits).

    .venv/bin/python benchmarks/people/bench_audit.py [--data ../shared/datasets]
"""

from __future__ import annotations

import argparse
import csv
from datetime import UTC, datetime
from pathlib import Path

from fireside.understand.authenticity import audit_account

# The set was collected around 2017; account ages are measured then, not today.
AS_OF = datetime(2017, 6, 1, tzinfo=UTC)


def scores(rows: list[tuple[dict[str, str], bool]]) -> str:
    tp = fp = fn = tn = 0
    for account, is_bot in rows:
        fake = audit_account(account, as_of=AS_OF).fake
        tp += fake and is_bot
        fp += fake and not is_bot
        fn += not fake and is_bot
        tn += not fake and not is_bot
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return (
        f"n={len(rows)} accuracy {(tp + tn) / len(rows):.3f} precision {precision:.3f} "
        f"recall {recall:.3f} F1 {f1:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="../shared/datasets")
    args = parser.parse_args()
    folder = Path(args.data) / "bots-kaggle"
    rows: list[tuple[dict[str, str], bool]] = []
    for name, is_bot in (("bots_data.csv", True), ("nonbots_data.csv", False)):
        with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
            rows += [(row, is_bot) for row in csv.DictReader(handle)]
    print("all accounts:       ", scores(rows))
    unverified = [(a, b) for a, b in rows if a.get("verified", "").upper() != "TRUE"]
    print("unverified accounts:", scores(unverified))


if __name__ == "__main__":
    main()
