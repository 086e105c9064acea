from __future__ import annotations

import json

import pytest

from fireside.understand import INTENTS, SENTIMENTS, Analysis, MessageInput, Pipeline
from fireside.understand import spam as spam_rules
from fireside.understand.pipeline import Prepare, Spam, check_order


def one(pipeline: Pipeline, text: str, **meta: object) -> Analysis:
    return pipeline.analyze([MessageInput(id="m", text=text, **meta)])[0]  # type: ignore[arg-type]


def test_it_answers_every_message_in_order(pipeline: Pipeline) -> None:
    items = [MessageInput(id=str(i), text=f"message number {i}") for i in range(50)]
    assert [a.id for a in pipeline.analyze(items)] == [str(i) for i in range(50)]


def test_an_angry_customer_is_a_high_priority_complaint(pipeline: Pipeline) -> None:
    a = one(
        pipeline,
        "@acme my order never arrived and nobody answers. Worst service ever!!!",
        author_followers=25_000,
    )
    assert a.lang == "en"
    assert a.sentiment == "negative"
    assert a.intent == "complaint"
    assert a.needs_response
    assert a.priority >= 70
    assert "complaint (+30)" in a.priority_reasons
    assert "addressed to the brand (+15)" in a.priority_reasons


def test_priority_reasons_add_up_to_the_priority(pipeline: Pipeline) -> None:
    for text in ("@acme where can I buy one?", "love it", "@acme this is broken, fix it now"):
        a = one(pipeline, text, author_followers=300)
        total = sum(int(r.rsplit("(", 1)[1].rstrip(")")) for r in a.priority_reasons)
        assert a.priority == max(0, min(100, total))


def test_questions_and_purchase_intent_are_recognised(pipeline: Pipeline) -> None:
    assert one(pipeline, "What time does the Helsinki store open on Sundays?").intent == "question"
    assert one(pipeline, "Where can I buy the new headphones?").intent == "purchase_intent"
    assert one(pipeline, "It would be great if you added a dark mode").intent == "feedback"
    assert one(pipeline, "I love this app, thank you so much! 😍").intent == "praise"


@pytest.mark.parametrize(
    "text",
    [
        "I want to cancel my order 4411",
        "help me change the shipping address",
        "I don't know how to reset my password",
    ],
)
def test_a_request_said_to_the_brand_needs_a_response(pipeline: Pipeline, text: str) -> None:
    said_to_us = pipeline.analyze([MessageInput(id="1", text=text, addressed_to_brand=True)])[0]
    assert said_to_us.intent == "question"
    assert said_to_us.needs_response


def test_wanting_something_in_public_is_not_a_question(pipeline: Pipeline) -> None:
    assert one(pipeline, "I want to see the new film with my sister tonight").intent != "question"


def test_blog_comment_spam_with_a_keyword_author_is_spam(pipeline: Pipeline) -> None:
    a = one(
        pipeline,
        "Great post, thanks for sharing! I will definitely come back.",
        author_name="Cheap Oakley Sunglasses",
        author_url="http://cheap-oakleys.example.biz",
    )
    assert a.spam
    assert a.priority == 0
    assert "author name is a product keyword" in a.spam_reasons


@pytest.mark.parametrize(
    "text",
    [
        "cheap oakleys replica watches louis vuitton handbags outlet online",
        "Need a loan? Bad credit OK, get approved today. Contact us at loans4u@example.com",
        "Congratulations! You've won a $1000 gift card. Click here to claim your prize now",
        "Like this comment if you are watching in 2015 and subscribe to my channel",
        "Discover a beautiful song http://www.linkbucks.example.com/AcN2g",
    ],
)
def test_blog_and_sms_spam_patterns_are_caught(pipeline: Pipeline, text: str) -> None:
    assert one(pipeline, text).spam


def test_an_ordinary_comment_is_not_spam(pipeline: Pipeline) -> None:
    a = one(pipeline, "The update fixed my sync issue, thanks for the quick reply.")
    assert not a.spam
    assert a.spam_reasons == ()


@pytest.mark.parametrize("channel", ["email", "mastodon", "bluesky"])
def test_a_customer_sharing_a_link_directly_is_not_spam(pipeline: Pipeline, channel: str) -> None:
    item = MessageInput(
        id="1",
        text="Discover a beautiful song http://www.linkbucks.example.com/AcN2g",
        channel=channel,
    )
    assert "a link in a comment" not in pipeline.analyze([item])[0].spam_reasons


@pytest.mark.parametrize(
    "text",
    [
        "@acme my parcel arrived smashed https://t.co/C2nupe1TLI",  # a reply
        "Thanks @pizzahut real appetizing https://t.co/l1AtVcJ7ft",  # a tweet
        "Just posted a photo https://t.co/rPW1d7y4Ht",
        "https://t.co/CMiE3rlm4O",  # a photo and nothing else
        "Wow. Nice work @UPS. Days late AND smashed. Awesome @UPSHelp https://t.co/C2nupe1TLI",
    ],
)
def test_a_tweet_or_reply_of_unknown_channel_is_not_spam_for_its_link(
    pipeline: Pipeline, text: str
) -> None:
    assert spam_rules.links_are_everyday("", text)
    assert "a link in a comment" not in spam_rules.evidence(text)
    assert not one(pipeline, text).spam


def test_a_bare_link_still_counts_in_comment_sections() -> None:
    text = "nice http://bestdeals.example.com/x"
    for channel in ("", "youtube", "feed"):
        assert not spam_rules.links_are_everyday(channel, text)
        assert (2.0, "a link in a comment") in spam_rules.evidence(text, channel=channel)
    assert spam_rules.links_are_everyday("youtube", "nice https://t.co/x") is False


@pytest.mark.parametrize(
    "text",
    [
        "need to cancel order 00004587345",
        "i want assistance to cancel purchase 732201349959",
        "my card payment of 45.00 on 12/03 is still pending",
    ],
)
def test_a_care_request_with_an_order_number_is_not_spam(pipeline: Pipeline, text: str) -> None:
    assert not one(pipeline, text).spam


def test_a_customer_asking_about_their_playlist_or_basket_is_not_spam(
    pipeline: Pipeline,
) -> None:
    for text in [
        "My playlist is gone after the update, please check my account",
        "I can't check out my basket, the page keeps spinning",
        "my website is down since this morning, please help",
        "My video will not upload, it is stuck at 99%",
        "my music stopped playing after the update",
        "I cannot log in to my channel anymore",
        "my shop page shows the wrong prices",
        "Can you see my new balance yet?",
        "please follow me back so I can DM you my order number",
        "add me to the waiting list please",
        "mi canal no funciona desde ayer",
        "I can't visit my website since the DNS change",
        "I can't listen to my music offline anymore",
        "when I visit my channel all the videos are gone",
        "how do I subscribe to my favourite show",
        "my new album purchase is not in my library",
    ]:
        assert all(weight < 0 for weight, _ in spam_rules.evidence(text)), text
        assert not one(pipeline, text).spam, text


def test_a_lightly_edited_copy_links_to_the_first_occurrence(fresh_pipeline: Pipeline) -> None:
    first = "Boycott Acme until they pay their workers a living wage, share this everywhere!"
    second = "boycott acme until they pay their workers a living wage!! share this everywhere"
    out = fresh_pipeline.analyze(
        [
            MessageInput(id="a", text=first, author_handle="x"),
            MessageInput(id="b", text="an unrelated message about the weather in Helsinki"),
            MessageInput(id="c", text=second, author_handle="y"),
        ]
    )
    assert [a.duplicate_of for a in out] == [None, None, "a"]
    later = fresh_pipeline.analyze([MessageInput(id="d", text=first)])
    assert later[0].duplicate_of == "a"


def test_seen_seeds_the_duplicate_index(fresh_pipeline: Pipeline) -> None:
    text = "Limited offer: follow our page and win two tickets to the festival this summer"
    fresh_pipeline.seen([("old-1", text)])
    assert fresh_pipeline.analyze([MessageInput(id="new", text=text)])[0].duplicate_of == "old-1"


def test_finnish_is_identified_and_scored(pipeline: Pipeline) -> None:
    a = one(pipeline, "Tämä on aivan mahtava sovellus, kiitos paljon!")
    assert a.lang == "fi"
    assert a.sentiment == "positive"
    b = one(pipeline, "Tilaukseni ei ole vieläkään saapunut, todella huono palvelu.")
    assert b.lang == "fi"
    assert b.sentiment == "negative"


def test_the_output_line_has_the_contract_fields(pipeline: Pipeline) -> None:
    line = one(pipeline, "hello @acme").to_dict()
    json.dumps(line)
    for key in (
        "id",
        "lang",
        "spam",
        "spam_score",
        "sentiment",
        "sentiment_scores",
        "intent",
        "needs_response",
        "priority",
        "duplicate_of",
    ):
        assert key in line
    assert set(line["sentiment_scores"]) == set(SENTIMENTS)
    assert line["intent"] in INTENTS


def test_steps_in_the_wrong_order_are_refused() -> None:
    with pytest.raises(ValueError, match="requires"):
        check_order([Spam(0.5), Prepare(())])


def test_pipelines_reading_one_models_folder_share_the_weights() -> None:
    first, second = Pipeline(["@acme"]), Pipeline(["@other"])
    assert first.heads_ is second.heads_
    assert [s for s in first.steps_ if s.name == "models"] == [
        s for s in second.steps_ if s.name == "models"
    ]
