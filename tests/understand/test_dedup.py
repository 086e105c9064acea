from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fireside.understand.dedup import N_HASHES, SHINGLE, DuplicateIndex, _permutations, signatures

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


def reference_signature(text: str) -> list[int]:
    """MinHash of one text written out plainly: a window of SHINGLE characters at each word
    start, a polynomial hash, and the minimum of each multiply-add permutation."""
    a, b = (col[:, 0].tolist() for col in _permutations(0))
    if not text:
        return [2**32 - 1] * N_HASHES
    text = text.ljust(SHINGLE, "\x00")
    starts = [p for p in range(len(text) - SHINGLE + 1) if p == 0 or text[p - 1] == " "]
    hashes = []
    for p in starts:
        h = 0
        for ch in text[p : p + SHINGLE]:
            h = (h * 1_000_003 + ord(ch)) % 2**32
        hashes.append(h)
    if not hashes:
        return [2**32 - 1] * N_HASHES
    return [min((x * ai + bi) % 2**32 for x in hashes) for ai, bi in zip(a, b, strict=True)]


texts = st.lists(st.text(alphabet=st.sampled_from("ab cdé 😀\x00"), max_size=40), max_size=8)


@given(texts)
def test_batch_signatures_equal_each_text_hashed_alone(batch: list[str]) -> None:
    assert signatures(batch).tolist() == [reference_signature(t) for t in batch]


@given(st.lists(st.sampled_from(TEXTS + [t + " again" for t in TEXTS] + ["short"]), max_size=12))
def test_linking_a_batch_at_once_equals_linking_it_one_by_one(batch: list[str]) -> None:
    ids = [str(i) for i in range(len(batch))]
    authors = [f"u{i % 3}" for i in range(len(batch))]
    one_by_one = DuplicateIndex()
    expected = [
        one_by_one.link([i], [t], [a])[0] for i, t, a in zip(ids, batch, authors, strict=True)
    ]
    assert DuplicateIndex().link(ids, batch, authors) == expected


class _Ignores(dict[bytes, int]):
    def __setitem__(self, key: bytes, value: int) -> None:
        pass


class WithoutCopyShortcut(DuplicateIndex):
    """The index with its exact-copy shortcut off: every message is compared the long way."""

    def clear(self) -> None:
        super().clear()
        self._copies = _Ignores()

    def __post_init__(self) -> None:
        super().__post_init__()
        self._copies = _Ignores()


WAVE = [
    "the espresso machine arrived with a cracked water tank, what now",
    "the espresso machine arrived with a cracked water tank, what now??",
    "the espresso machine arrived with a broken water tank, what now",
    "my subscription renewed twice this month and I was charged double",
    "my subscription renewed twice this month and I was charged double!!",
    "boycott this brand until they pay their baristas a living wage now",
]


@given(
    st.lists(st.sampled_from(WAVE), max_size=30),
    st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=10),
    st.sampled_from([4, 7, 100]),
)
def test_copies_link_as_the_long_comparison_would(
    texts: list[str], cuts: list[int], max_items: int
) -> None:
    quick, slow = DuplicateIndex(max_items=max_items), WithoutCopyShortcut(max_items=max_items)
    i, got, want = 0, [], []
    for size in cuts * 5:
        batch = texts[i : i + size]
        ids = [str(i + k) for k in range(len(batch))]
        authors = [f"u{(i + k) % 4}" for k in range(len(batch))]
        got += quick.link(ids, batch, authors)
        want += slow.link(ids, batch, authors)
        i += size
    assert got == want
