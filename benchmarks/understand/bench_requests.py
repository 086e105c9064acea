"""Does a customer's request get `needs_response`? Customer-care requests said to the brand.

    .venv/bin/python benchmarks/understand/bench_requests.py --data ../shared/datasets

Texts: Bitext customer-support requests and a seeded 4,000 each of Banking77 and CLINC150
(in-scope), all sent as addressed to the brand, as a direct message or an e-mail is. Every one
of them asks something of the company, so the share that gets `needs_response` is a recall.
The complaint head trained on these sets' problem intents, so the "complaint" share flatters;
the question cues were not written from them. As a check the other way, TweetEval val tweets
said in public (not addressed): how many are called questions.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from common import data_arg  # noqa: E402

from fireside.understand import MessageInput, Pipeline  # noqa: E402
from fireside.understand import datasets as ds  # noqa: E402


def main() -> None:
    args = data_arg(__doc__ or "").parse_args()
    rng = np.random.RandomState(0)

    def sample(texts: list[str], n: int = 4000) -> list[str]:
        return [texts[i] for i in rng.permutation(len(texts))[:n]]

    sets = [
        ("Bitext requests", ds.bitext(args.data).texts, True),
        ("Banking77 requests", sample(ds.banking77(args.data).texts), True),
        ("CLINC150 requests", sample(ds.clinc150(args.data).texts), True),
        ("TweetEval tweets, public", ds.tweeteval_sentiment_val(args.data).texts, False),
    ]
    for name, texts, addressed in sets:
        out = Pipeline().analyze(
            [
                MessageInput(id=str(i), text=t, addressed_to_brand=addressed)
                for i, t in enumerate(texts)
            ]
        )
        needs = sum(a.needs_response for a in out) / len(out)
        intents = Counter(a.intent for a in out)
        shares = ", ".join(f"{k} {v / len(out):.2f}" for k, v in intents.most_common())
        print(f"{name} (n={len(out):,}): needs_response {needs:.2f}; {shares}")


if __name__ == "__main__":
    main()
