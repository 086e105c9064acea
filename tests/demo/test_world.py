from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from fireside.demo.world import build_world

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def depth(items, root_id):
    children = {}
    for i in items:
        children.setdefault(i.in_reply_to, []).append(i.external_id)

    def walk(node):
        return 1 + max((walk(c) for c in children.get(node, [])), default=0)

    return walk(root_id) - 1


def test_the_world_is_the_same_for_the_same_seed():
    a = build_world(seed=3, customers=40, now=NOW)
    b = build_world(seed=3, customers=40, now=NOW)
    assert [(i.external_id, i.text) for i in a.items] == [(i.external_id, i.text) for i in b.items]


def test_the_world_has_what_every_page_needs():
    world = build_world(seed=7, customers=300, now=NOW)
    inbound = [i for i in world.items if i.direction == "inbound"]
    assert len({i.channel for i in inbound}) >= 4
    assert len({c.lang for c in world.customers}) == 4
    assert len(world.customers) == 300
    # Spam of the kinds blogs get, under blog posts and videos.
    texts = " ".join(i.text for i in inbound)
    for marker in ("http://", "replica watches", "loan", "informative", "gift card"):
        assert marker in texts
    # Answered and unanswered, across weeks.
    assert world.answered and len(world.answered) < len(inbound)
    span = max(i.created_at for i in world.items) - min(i.created_at for i in world.items)
    assert span.days >= 28
    # Repost chains deep enough to make cascades.
    posts = [i for i in world.items if i.direction == "outbound" and i.kind == "post"]
    assert max(depth(world.items, p.external_id) for p in posts) >= 3
    assert Counter(i.kind for i in world.items)["repost"] > 50
    assert world.fake_handles
    assert all(i.created_at <= NOW for i in world.items)
