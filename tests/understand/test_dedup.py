from __future__ import annotations

from fireside.understand.dedup import DuplicateIndex

TEXTS = [
    "the espresso machine arrived with a cracked water tank, what now",
    "my subscription renewed twice this month and I was charged double",
    "the app logs me out every time I open the rewards page on my phone",
    "boycott this brand until they pay their baristas a living wage now",
]


def test_a_full_index_forgets_the_older_half_and_still_links_recent_copies() -> None:
    index = DuplicateIndex(max_items=4)
    assert index.link(["a", "b", "c", "d"], TEXTS, ["u1", "u2", "u3", "u4"]) == [(None, None)] * 4
    # The fifth message makes room by forgetting "a" and "b"; "d" is still known.
    assert index.link(["e"], [TEXTS[3] + "!!"], ["u5"]) == [("d", "u4")]
    assert len(index) == 3
    assert index.link(["f"], [TEXTS[0]], ["u6"]) == [(None, None)]  # "a" was forgotten
    # Full again: "c" and "d" go; "e", whose first occurrence is gone, is now a first one.
    assert index.link(["g"], [TEXTS[3]], ["u7"]) == [("e", "u5")]
