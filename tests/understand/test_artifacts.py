"""Artifacts load without running code, carry a format version, and training is repeatable."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from fireside.understand.linear import FORMAT_VERSION, LinearHead
from fireside.understand.pipeline import HEADS, MODELS_DIR, Pipeline
from fireside.understand.train import fit_head, render_card

TEXTS = [
    "I love this, thank you!",
    "This is terrible, worst service ever",
    "the bus leaves at nine",
    "great job, amazing support",
    "my order never arrived and nobody answers",
    "meeting moved to tuesday",
] * 5
LABELS = ["positive", "negative", "neutral", "positive", "negative", "neutral"] * 5


def test_every_shipped_head_is_arrays_and_json_with_a_format_version() -> None:
    for name in HEADS:
        doc = json.loads((MODELS_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert doc["format_version"] == FORMAT_VERSION
        with np.load(MODELS_DIR / f"{name}.npz", allow_pickle=False) as arrays:
            assert set(arrays.files) == {"weights", "bias"}
    total = sum(p.stat().st_size for p in MODELS_DIR.iterdir())
    assert total < 5_000_000


def test_the_model_card_is_generated_from_the_card_metadata() -> None:
    card = json.loads((MODELS_DIR / "card.json").read_text(encoding="utf-8"))
    assert (MODELS_DIR / "MODEL_CARD.md").read_text(encoding="utf-8") == render_card(card)
    assert "fireside train --data ../shared/datasets" in render_card(card)


def test_fitting_twice_gives_identical_weights(tmp_path: Path) -> None:
    a = fit_head("sentiment", TEXTS, LABELS, c=1.0)
    b = fit_head("sentiment", TEXTS, LABELS, c=1.0)
    assert np.array_equal(a.weights, b.weights)
    a.save(tmp_path / "a")
    b.save(tmp_path / "b")
    for suffix in (".npz", ".json"):
        assert (tmp_path / "a" / f"sentiment{suffix}").read_bytes() == (
            tmp_path / "b" / f"sentiment{suffix}"
        ).read_bytes()


def test_a_saved_head_loads_back_and_scores_the_same(tmp_path: Path) -> None:
    head = fit_head(
        "complaint",
        TEXTS,
        ["complaint" if y == "negative" else "other" for y in LABELS],
        c=1.0,
        binary_positive="complaint",
    )
    head.save(tmp_path)
    again = LinearHead.load(tmp_path, "complaint")
    from fireside.understand.features import featurize

    x = featurize(TEXTS[:6])
    assert np.allclose(head.proba(x), again.proba(x), atol=1e-2)  # float16 storage


def test_an_artifact_from_another_format_version_is_refused(tmp_path: Path) -> None:
    head = fit_head("spam", TEXTS, ["spam", "ham"] * 15, c=1.0, binary_positive="spam")
    head.save(tmp_path)
    doc = json.loads((tmp_path / "spam.json").read_text(encoding="utf-8"))
    doc["format_version"] = FORMAT_VERSION + 1
    (tmp_path / "spam.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ValueError, match="fireside train"):
        LinearHead.load(tmp_path, "spam")


def test_missing_artifacts_say_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="fireside train --data"):
        Pipeline(models_dir=tmp_path)
