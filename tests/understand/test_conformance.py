"""One conformance suite over every classifier the pipeline ships."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from fireside.understand.features import featurize
from fireside.understand.lang import LanguageIdentifier
from fireside.understand.pipeline import HEADS, load_heads
from fireside.understand.text import clean

ODD_TEXTS = [
    "",
    " ",
    "a" * 1_000_000,
    "word " * 200_000,
    "😀😀😀🔥",
    "مرحبا بالعالم، هذا نص عربي",
    "שלום עולם abc مرحبا",
    "这是一个中文句子，没有空格。" * 20,
    "<script>alert(1)</script><b>bold</b> &amp; &lt;",
    "\x00\x01\x02\ufffd\ud800",
    "Ж" * 5000,
]

HEAD_NAMES = list(HEADS)


@pytest.mark.parametrize("name", HEAD_NAMES)
def test_every_head_scores_odd_text_in_range(name: str) -> None:
    head = load_heads()[name]
    p = head.proba(featurize([clean(t) for t in ODD_TEXTS]))
    assert p.shape == (len(ODD_TEXTS), len(head.classes))
    assert np.all(np.isfinite(p))
    assert np.all((p >= 0) & (p <= 1))
    if head.kind == "softmax":
        assert np.allclose(p.sum(axis=1), 1.0, atol=1e-4)


@pytest.mark.parametrize("name", HEAD_NAMES)
def test_every_head_gives_the_same_output_twice(name: str) -> None:
    a, b = load_heads()[name], load_heads()[name]
    x = featurize([clean(t) for t in ODD_TEXTS])
    assert np.array_equal(a.proba(x), b.proba(x))


def _lang() -> Callable[[list[str]], list[tuple[str, float]]]:
    return LanguageIdentifier().identify


def test_language_id_answers_odd_text_with_a_confidence_in_range() -> None:
    identify = _lang()
    out = identify([clean(t) for t in ODD_TEXTS])
    assert len(out) == len(ODD_TEXTS)
    for code, conf in out:
        assert isinstance(code, str) and code
        assert 0.0 <= conf <= 1.0
    assert out[0] == ("und", 0.0)
    assert out[4] == ("und", 0.0)
    assert identify([clean(t) for t in ODD_TEXTS]) == out
