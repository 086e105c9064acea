from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.understand.query import QuerySet, QuerySyntaxError, parse

DOC = {
    "text": "My Acme order never arrived, I want a refund #acmefail",
    "author": "@Jo_Smith",
    "lang": "en",
    "channel": "mastodon",
    "sentiment": "negative",
    "intent": "complaint",
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("acme", True),
        ("ACME", True),
        ("nothing", False),
        ('"order never arrived"', True),
        ('"never order"', False),
        ("acme AND refund", True),
        ("acme refund", True),
        ("acme AND NOT refund", False),
        ("acme -refund", False),
        ("nothing OR refund", True),
        ("(nothing OR acme) AND (refund OR foo)", True),
        ("refund NEAR/3 want", True),
        ("refund NEAR/2 acme", False),
        ("acme NEAR/8 refund", True),
        ('"acme ord*" NEAR/6 refund', True),
        ("arriv*", True),
        ("arriv?d", True),
        ("#acmefail", True),
        ("acmefail", True),
        ("#acme", False),
        ("lang:en acme", True),
        ("lang:fi acme", False),
        ("channel:mast*", True),
        ("author:@jo_smith", True),
        ("author:jo*", True),
        ("sentiment:negative intent:complaint", True),
        ("sentiment:positive OR intent:question", False),
        ("NOT sentiment:positive", True),
        ("acme and refund", False),  # lower-case "and" is a word, and the text lacks it
    ],
)
def test_queries_match_as_documented(query: str, expected: bool) -> None:
    assert parse(query).matches(DOC) is expected


@pytest.mark.parametrize(
    ("query", "position", "expected"),
    [
        ("acme AND", 8, "a term"),
        ("(acme", 5, "')'"),
        ("acme)", 4, "an operator or the end"),
        ('"acme', 0, "closing"),
        ("foo:bar", 0, "author:, channel:"),
        ("sentiment:angry", 10, "negative, neutral, positive"),
        ("acme NEAR/x b", 5, "NEAR/n"),
        ("acme NEAR/3 (b OR c)", 12, 'a term or "phrase"'),
        ("", 0, "a term"),
        ("lang: fi", 5, "a value right after"),
    ],
)
def test_syntax_errors_say_where_and_what_was_expected(
    query: str, position: int, expected: str
) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        parse(query)
    assert info.value.position == position
    assert expected in info.value.expected
    assert f"position {position}" in str(info.value)


def test_a_query_set_matches_many_queries_over_a_batch() -> None:
    qs = QuerySet(
        {
            "brand": "acme OR acmeco",
            "complaints": "acme intent:complaint",
            "finnish": "lang:fi",
            "jobs": "acme AND (job* OR hiring)",
            "refunds": "refund NEAR/6 acme",
        }
    )
    docs = [DOC, {"text": "Acme is hiring!", "lang": "en"}, {"text": "moi", "lang": "fi"}]
    assert qs.match_many(docs) == [
        ["brand", "complaints", "refunds"],
        ["brand", "jobs"],
        ["finnish"],
    ]


def test_a_query_set_agrees_with_matching_one_by_one() -> None:
    queries = [
        "acme",
        "NOT acme",
        "refund*",
        '"want a"',
        "acme -refund",
        "lang:en",
        "#acm*",
        "acm*",
        "re*",
        "arriv* NEAR/2 order",
    ]
    qs = QuerySet({q: q for q in queries})
    docs = [DOC, {"text": "I want a refund"}, {"text": ""}, {}, {"text": "#acmeco rocks"}]
    for doc in docs:
        assert qs.match(doc) == [q for q in queries if parse(q).matches(doc)]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parsing_anything_either_works_or_raises_a_syntax_error(text: str) -> None:
    try:
        q = parse(text)
    except QuerySyntaxError as exc:
        assert 0 <= exc.position <= len(text)
        return
    assert isinstance(q.matches(DOC), bool)
    assert isinstance(q.matches({}), bool)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["acme", "refund", "x*", '"my acme"', "lang:en", "intent:complaint"]),
        min_size=1,
        max_size=5,
    ),
    st.lists(st.sampled_from(["AND", "OR", "AND NOT"]), min_size=4, max_size=4),
)
def test_generated_queries_round_trip_through_the_parser(terms: list[str], ops: list[str]) -> None:
    text = terms[0]
    for op, term in zip(ops, terms[1:], strict=False):
        text = f"({text}) {op} {term}"
    assert parse(text).matches(DOC) == parse(parse(text).text).matches(DOC)
