"""Near-duplicates: lightly edited copies found, distinct texts left alone.

    .venv/bin/python benchmarks/understand/bench_dedup.py --data ../shared/datasets

Originals: 2,000 distinct TweetEval val tweets with at least 8 words. Copies, one per original,
made with a seeded edit: a word replaced, a word dropped, a link or mention appended, letters
upper-cased, or punctuation added. The index sees the originals, then the copies shuffled with
2,000 other SemEval tweets. Recall: copies linked to their original. "Other tweets linked" is
an upper bound on false links: reading them, they are real copies already in the data (the
same news headline tweeted by several accounts, "@user" replies quoting one text).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import data_arg  # noqa: E402

from fireside.understand import datasets as ds  # noqa: E402
from fireside.understand.dedup import DuplicateIndex  # noqa: E402


def edit(text: str, rng: random.Random) -> str:
    words = text.split()
    kind = rng.randrange(5)
    i = rng.randrange(len(words))
    if kind == 0:
        words[i] = rng.choice(["great", "terrible", "Acme", "today", "really"])
    elif kind == 1:
        del words[i]
    elif kind == 2:
        words.append(rng.choice(["https://t.co/abc123", "@someone", "#share"]))
    elif kind == 3:
        return text.upper()
    else:
        return text + " !!!"
    return " ".join(words)


def main() -> None:
    args = data_arg(__doc__ or "").parse_args()
    rng = random.Random(0)
    pool = list(dict.fromkeys(t for t in ds.tweeteval_sentiment_val(args.data).texts))
    originals = [t for t in pool if len(t.split()) >= 8][:2000]
    others = list(
        dict.fromkeys(
            t
            for t in ds.semeval_sentiment(args.data).texts[:3000]
            if t not in set(originals) and len(t.split()) >= 8
        )
    )[:2000]
    copies = [edit(t, rng) for t in originals]
    index = DuplicateIndex()
    t0 = time.perf_counter()
    index.link([f"o{i}" for i in range(len(originals))], originals)
    mixed = [(f"c{i}", t) for i, t in enumerate(copies)] + [
        (f"x{i}", t) for i, t in enumerate(others)
    ]
    rng.shuffle(mixed)
    links = index.link([m for m, _ in mixed], [t for _, t in mixed])
    seconds = time.perf_counter() - t0
    found = sum(
        1
        for (mid, _), (dup, _) in zip(mixed, links, strict=True)
        if mid.startswith("c") and dup == "o" + mid[1:]
    )
    false = sum(
        1
        for (mid, _), (dup, _) in zip(mixed, links, strict=True)
        if mid.startswith("x") and dup is not None
    )
    print(f"copies linked to their original: {found}/{len(copies)} ({found / len(copies):.3f})")
    print(f"other tweets linked to something (mostly real copies): {false}/{len(others)}")
    print(f"{len(originals) + len(mixed):,} texts in {seconds:.2f} s")


if __name__ == "__main__":
    main()
