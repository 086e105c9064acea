from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.understand.lang import DEPTH, LanguageIdentifier, _drop_rt, shared_identifier

SENTENCES = {
    "fi": "Tilaukseni ei ole vieläkään saapunut, voisitteko tarkistaa asian?",
    "en": "My order still has not arrived, could you check what happened?",
    "de": "Meine Bestellung ist immer noch nicht angekommen, was ist los?",
    "sv": "Min beställning har fortfarande inte kommit fram, vad hände?",
    "es": "Mi pedido todavía no ha llegado, ¿pueden revisarlo por favor?",
    "ar": "طلبي لم يصل بعد، هل يمكنكم التحقق من ذلك؟",
    "ru": "Мой заказ до сих пор не пришёл, что случилось?",
    "ja": "注文した商品がまだ届いていません。確認してもらえますか？",
}


@pytest.mark.parametrize(("lang", "text"), sorted(SENTENCES.items()))
def test_it_names_the_language_of_a_sentence(lang: str, text: str) -> None:
    code, confidence = shared_identifier().identify_one(text)
    assert code == lang
    assert confidence > 0.5


def test_batch_scoring_agrees_with_py3langid_one_text_at_a_time() -> None:
    from py3langid.langid import MODEL_FILE
    from py3langid.langid import LanguageIdentifier as PyLangId

    reference = PyLangId.from_model_file(MODEL_FILE, norm_probs=True)
    ours = shared_identifier()
    reference.set_languages(set(ours.classes_))
    texts = [*SENTENCES.values(), "ok", "lol that was sooo good", "Kiitos!", "x" * 50]
    probs = ours.probabilities(texts, fold=False)
    for text, row in zip(texts, probs, strict=True):
        code, conf = reference.classify(text)
        if row.max() == 0.0:  # no features at all: we abstain, py3langid picks a column
            continue
        assert ours.classes_[int(row.argmax())] == code
        assert abs(float(row.max()) - conf) < 1e-3


def test_no_node_of_the_automaton_is_deeper_than_the_window_we_walk() -> None:
    """Batch scoring walks only the last DEPTH bytes before each position; that gives the
    automaton's true state only if no state lies deeper than DEPTH bytes from the root."""
    ident = shared_identifier()
    depth = np.full(ident.output_.size, -1)
    depth[0] = 0
    frontier, level = np.array([0]), 0
    while frontier.size:
        moves = ident.rowbase_[frontier][:, None] + np.arange(256)[None, :]
        reached = np.unique(ident.nextmove_[moves.ravel()])
        frontier = reached[depth[reached] < 0]
        level += 1
        depth[frontier] = level
    assert depth.max() == DEPTH


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=8))
def test_batch_scores_do_not_depend_on_the_other_texts_in_the_batch(texts: list[str]) -> None:
    ident = shared_identifier()
    together = ident.probabilities(texts)
    for text, row in zip(texts, together, strict=True):
        np.testing.assert_allclose(ident.probabilities([text])[0], row, atol=1e-6)


TEXT_PIECES = ["http://x.io/a", "www.shop.com", "@anna", "#tag", "RT", "2024", "\0", " ", "\n", "é"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TEXT_PIECES) | st.text(max_size=8)).map("".join)))
def test_cleaning_a_batch_cleans_each_text_alone(texts: list[str]) -> None:
    batch = LanguageIdentifier._prepare(texts) if texts else []
    assert batch == [LanguageIdentifier._prepare([t])[0] for t in texts]
    for cleaned in batch:
        assert "\0" not in cleaned
        assert not any(ch.isdigit() for ch in cleaned if ch.isascii())


def test_text_without_letters_is_undetermined() -> None:
    ident = shared_identifier()
    assert (
        ident.identify(["", "   ", "12345", "😀🔥", "@user http://x.io #tag"]) == [("und", 0.0)] * 5
    )


def test_an_unsure_guess_is_reported_as_und() -> None:
    strict = LanguageIdentifier(min_confidence=0.999999)
    code, confidence = strict.identify_one("ok ok")
    assert code == "und"
    assert 0.0 < confidence < 0.999999


def test_dialect_codes_fold_into_the_code_people_filter_by() -> None:
    ident = shared_identifier()
    probs = ident.probabilities(["مصر ام الدنيا يا جماعة والله العظيم انا مبسوط النهاردة"])
    folded = {ident.classes_[j] for j in range(len(ident.classes_)) if probs[0, j] > 0}
    assert not folded & {"arz", "ary", "yue", "wuu", "grc", "hbo"}
    assert ident.identify_one("مصر ام الدنيا يا جماعة والله العظيم انا مبسوط النهاردة")[0] == "ar"


@given(st.text(alphabet=st.sampled_from("RTrt _é1\0 .@"), max_size=30))
def test_dropping_rt_equals_the_word_boundary_pattern(text: str) -> None:
    assert _drop_rt(text) == re.sub(r"\bRT\b", " ", text)
