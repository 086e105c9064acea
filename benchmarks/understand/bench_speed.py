"""Speed and memory of the whole analysis against VADER's sentiment alone, in the same run.

    .venv/bin/python benchmarks/understand/bench_speed.py --data ../shared/datasets

Texts: TweetEval sentiment val plus XLM-T val (4,592 short texts in 9 languages), repeated to
N texts, each with a unique id so the duplicate index sees every copy (the worst case for it
is not reached; copies of earlier texts are linked, which is what happens in a firehose too).
"One core": one process, `Pipeline.analyze` in batches of 1,000. "Both cores": two worker processes,
each with its own Pipeline, splitting the texts and analysing at the same time; the rate is all
texts over the slower worker's analysis time (loading the models, about a second, is left out,
as it happens once per worker). Peak memory is the largest resident set of a worker
(ru_maxrss), which includes Python, NumPy, SciPy, scikit-learn and the models.
Rates are texts per CPU-second of the process (`time.process_time`), so that other jobs on
this shared machine do not count against either side; each is the best of three rounds.
The two-core rate is all texts over the larger of the two workers' CPU times, i.e. what two
dedicated cores would do.

With `--distinct`, the texts are instead the first N tweets of sentiment140-100k (dev/eval
only, read here for timing), every one different, and the one-core run also happens in a
fresh process each round: what a stream of new messages costs, with new tokens arriving and
few copies. Warm-up then uses TweetEval texts, so the measured tweets are all unseen.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import data_arg, machine  # noqa: E402

from fireside.understand import MessageInput, Pipeline  # noqa: E402
from fireside.understand import datasets as ds  # noqa: E402

BATCH = 1000


def load_texts(root: Path, n: int) -> list[str]:
    base = ds.tweeteval_sentiment_val(root).texts + ds.xlmt(root, "val").texts
    return (base * (n // len(base) + 1))[:n]


def distinct_texts(root: Path, n: int) -> list[str]:
    lines = (root / "sentiment140-100k" / "train.tsv").read_text(encoding="utf-8").splitlines()
    return [line.partition("\t")[2] for line in lines[:n]]


def run_pipeline(texts: list[str], warm: list[str] | None = None) -> float:
    pipeline = Pipeline()
    items = [MessageInput(id=str(i), text=t) for i, t in enumerate(texts)]
    # Warm-up, as a long-running worker would be.
    warm_items = items[:BATCH] if warm is None else [MessageInput(id="w", text=t) for t in warm]
    pipeline.analyze(warm_items)
    pipeline = Pipeline()
    t0 = time.process_time()
    for i in range(0, len(items), BATCH):
        pipeline.analyze(items[i : i + BATCH])
    return time.process_time() - t0


def _worker(job: tuple[list[str], list[str] | None]) -> tuple[float, float]:
    """(seconds analysing, peak resident MB) of one worker process."""
    seconds = run_pipeline(*job)
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = data_arg(__doc__ or "")
    parser.add_argument("-n", type=int, default=40_000, help="number of texts")
    parser.add_argument("--distinct", action="store_true", help="new tweets, no repeats")
    args = parser.parse_args()
    if args.distinct:
        texts = distinct_texts(args.data, args.n)
        warm: list[str] | None = ds.tweeteval_sentiment_val(args.data).texts[:BATCH]
    else:
        texts, warm = load_texts(args.data, args.n), None
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    vader_rates, one_rates, two_rates = [], [], []
    for _ in range(3):
        t0 = time.process_time()
        for t in texts:
            vader.polarity_scores(t)
        vader_rates.append(len(texts) / (time.process_time() - t0))
        if args.distinct:  # a fresh process: no token seen in an earlier round
            with mp.get_context("spawn").Pool(1) as pool:
                one_rates.append(len(texts) / pool.map(_worker, [(texts, warm)])[0][0])
        else:
            one_rates.append(len(texts) / run_pipeline(texts))
        half = len(texts) // 2
        with mp.get_context("spawn").Pool(2) as pool:
            results = pool.map(_worker, [(texts[:half], warm), (texts[half:], warm)])
        # Both workers analyse at the same time after loading; the slower one sets the pace.
        two_rates.append(len(texts) / max(sec for sec, _ in results))
        peak_mb = max(mb for _, mb in results)
    vader_rate, one, two = max(vader_rates), max(one_rates), max(two_rates)
    kind = "distinct sentiment140 tweets" if args.distinct else "texts"
    print(f"machine: {machine()}, {os.cpu_count()} cores; {len(texts):,} {kind}")
    print(f"VADER sentiment alone, one core:     {vader_rate:10,.0f} texts/s")
    print(f"fireside, one core:    {one:10,.0f} texts/s  ({one / vader_rate:.2f}x VADER)")
    print(f"fireside, two cores:   {two:10,.0f} texts/s  ({two / vader_rate:.2f}x VADER)")
    print(f"peak resident memory of one worker process: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
