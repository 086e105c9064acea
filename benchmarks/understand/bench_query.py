"""Brand queries: hundreds of queries over every message.

    .venv/bin/python benchmarks/understand/bench_query.py --data ../shared/datasets

300 queries built with a seeded generator from words that occur in the tweets (so many of them
match something): single terms, OR lists, AND with NOT, quoted phrases, NEAR/3, prefix
wildcards and field filters, in the mix a listening team would have. Messages: TweetEval
sentiment val and SemEval tweets (10,000), with lang/sentiment/intent fields as the pipeline
would fill them. Reports messages per second through `QuerySet.match_many`, and checks on
the first 500 messages that the indexed matcher agrees with matching every query one by one.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import data_arg  # noqa: E402

from fireside.understand import datasets as ds  # noqa: E402
from fireside.understand.query import QuerySet, parse, tokenize_text  # noqa: E402


def make_queries(words: list[str], rng: random.Random, n: int) -> dict[str, str]:
    def w() -> str:
        return rng.choice(words)

    shapes = [
        lambda: w(),
        lambda: f"{w()} OR {w()} OR {w()}",
        lambda: f"({w()} OR {w()}) AND NOT {w()}",
        lambda: f'"{w()} {w()}" OR {w()}',
        lambda: f"{w()} NEAR/3 {w()}",
        lambda: f"{w()[:4]}* -{w()}",
        lambda: f"{w()} sentiment:negative",
        lambda: f"({w()} OR {w()}) lang:en intent:complaint",
        lambda: f"{w()} AND ({w()} OR {w()}*)",
    ]
    return {f"q{i}": shapes[i % len(shapes)]() for i in range(n)}


def main() -> None:
    args = data_arg(__doc__ or "").parse_args()
    rng = random.Random(0)
    texts = (ds.tweeteval_sentiment_val(args.data).texts + ds.semeval_sentiment(args.data).texts)[
        :10_000
    ]
    counts = Counter(w for t in texts for w in tokenize_text(t) if w.isalpha() and len(w) > 3)
    vocab = [w for w, _ in counts.most_common(3000)[100:]]
    queries = make_queries(vocab, rng, 300)
    for q in queries.values():
        parse(q)
    docs = [
        {
            "text": t,
            "lang": "en",
            "sentiment": rng.choice(["negative", "neutral", "positive"]),
            "intent": rng.choice(["complaint", "question", "other"]),
            "channel": "bluesky",
            "author": "@someone",
        }
        for t in texts
    ]
    qs = QuerySet(queries)
    t0 = time.perf_counter()
    results = qs.match_many(docs)
    seconds = time.perf_counter() - t0
    hits = sum(len(r) for r in results)
    print(
        f"{len(queries)} queries over {len(docs):,} messages: {len(docs) / seconds:,.0f} "
        f"messages/s ({len(docs) * len(queries) / seconds:,.0f} query-message tests/s), "
        f"{hits:,} matches"
    )
    parsed = {k: parse(v) for k, v in queries.items()}
    for doc, got in zip(docs[:500], results[:500], strict=True):
        want = [k for k, q in parsed.items() if q.matches(doc)]
        assert got == want, (doc["text"], got, want)
    print("indexed matcher agrees with one-by-one matching on 500 messages")


if __name__ == "__main__":
    main()
