"""Bad input never crashes the batch (hypothesis)."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fireside.understand import MessageInput, Pipeline
from fireside.understand.cli import analyze_stream

texts = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=300).map(lambda b: b.decode("utf-8", errors="surrogateescape")),
    st.sampled_from(["", "😀" * 50, "<p>hi</p>", "\u202eabc\u202c مرحبا hello", "x" * 100_000]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(texts, max_size=8))
def test_any_text_gets_an_analysis(pipeline: Pipeline, batch: list[str]) -> None:
    items = [MessageInput(id=str(i), text=t, author_name=t[:20]) for i, t in enumerate(batch)]
    out = pipeline.analyze(items)
    assert [a.id for a in out] == [i.id for i in items]
    for a in out:
        assert 0 <= a.priority <= 100
        assert 0.0 <= a.spam_score <= 1.0
        assert abs(sum(a.sentiment_scores.values()) - 1.0) < 1e-3


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(max_size=80), max_size=6))
def test_any_input_lines_finish_the_run(pipeline: Pipeline, lines: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    rc = analyze_stream([ln.replace("\n", " ") + "\n" for ln in lines], out, err, pipeline=pipeline)
    assert rc in (0, 1)
    if rc == 1:
        assert "line " in err.getvalue()
