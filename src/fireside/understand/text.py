"""Turning whatever arrived into text the models can read, without ever raising.

Every model sees text through `clean` (bounded length, no markup, valid Unicode) and
`words_of` (one tokenizer for the hashed features and the cue phrases alike), so a batch is
tokenized once and every model reads the same sparse matrix.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Text past this many characters adds nothing to a verdict on a social message and would let a
# megabyte-long post stall the batch; the tail is dropped before any model looks at it.
MAX_CHARS = 4000

_TAG_RE = re.compile(r"<[^>]{0,500}>")
_TLD_RE = re.compile(r"\.(?:com|net|org|info|biz|ru|cn|ly|co|io|me|tk|xyz)\b", re.IGNORECASE)
_URL_RE = re.compile(
    r"(?:https?://|www\.)\S{1,300}|\b[a-z0-9-]{1,63}\.(?:com|net|org|info|biz|ru|cn|ly|co|io|me|tk|xyz)"
    r"\b(?:/\S{0,300})?",
    re.IGNORECASE,
)
_MENTION_RE = re.compile(r"(?<!\w)@\w+")
# Quantifiers are bounded throughout: an unbounded `\S+@` on a long run without spaces
# backtracks quadratically, and messages arrive from strangers.
_EMAIL_RE = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{1,63}\b")
_LONGNUM_RE = re.compile(r"\d[\d\s-]{5,30}\d")
_TOKEN_RE = re.compile(r"\w+|[!?]+|[^\w\s]", re.UNICODE)
# The same for ASCII text (\x1c-\x1f are whitespace to `\s` and to `str.split`).
_ASCII_TOKEN_RE = re.compile(r"[A-Za-z0-9_]+|[!?]+|[^A-Za-z0-9_\s\x1c-\x1f]", re.ASCII)


def coerce_text(value: object) -> str:
    """Return `value` as a valid `str`, whatever it was: bytes are decoded leniently
    (invalid UTF-8 becomes U+FFFD), `None` becomes "", lone surrogates are replaced."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    text = value if isinstance(value, str) else str(value)
    if text.isascii():  # a constant-time flag of the string: no surrogates possible
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", errors="replace").decode("utf-8")
    return text


def clean(value: object) -> str:
    """Bounded, markup-free, NFC text with whitespace collapsed. Never raises."""
    text = coerce_text(value)[: MAX_CHARS * 2]
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = " ".join(text.split())
    return text[:MAX_CHARS]


def _has_word_before_at(t: str) -> bool:
    i = t.find("@")
    while i >= 0:
        if i > 0 and (t[i - 1].isalnum() or t[i - 1] in "._-+"):
            return True
        i = t.find("@", i + 1)
    return False


def for_models(text: str) -> str:
    """Lower-cased text with URLs, e-mail addresses, mentions and phone-like numbers replaced by
    placeholder words."""
    t = text.lower()
    # Each pattern runs only when a cheap test says it could match: most messages have no
    # address and no link, and the full patterns cost microseconds each on every message.
    if "@" in t:
        if _has_word_before_at(t):
            t = _EMAIL_RE.sub(" zzemail ", t)
        t = _MENTION_RE.sub(" zzuser ", t)
    if "." in t and ("http" in t or "www." in t or _TLD_RE.search(t)):
        t = _URL_RE.sub(" zzurl ", t)
    return _LONGNUM_RE.sub(" zznumber ", t)


def words_of(text: str) -> list[str]:
    """The tokens of `for_models(text)`: words, runs of ! and ?, other symbols one by one.
    Features and cue phrases both read them; the pipeline computes them once per message."""
    return _TOKEN_RE.findall(for_models(text))


def tokens_of(model_text: str) -> list[str]:
    """`words_of` for text that already went through `for_models`. Most text is ASCII, where
    the same pattern with ASCII classes gives the same tokens a quarter faster."""
    if model_text.isascii():
        return _ASCII_TOKEN_RE.findall(model_text)
    return _TOKEN_RE.findall(model_text)


def is_word(token: str) -> bool:
    """Whether a token of `tokens_of` is a word (what `\\w+` finds): exactly when its first
    character is a word character, which in Python's `re` means alphanumeric or "_"."""
    return token[0].isalnum() or token[0] == "_"


def word_tokens(tokens: list[str]) -> list[str]:
    """The words among `tokens_of`'s tokens (`is_word` written out: this runs on every
    token of every message)."""
    return [t for t in tokens if t[0].isalnum() or t[0] == "_"]


_LETTER_RE = re.compile(r"[^\W\d_]")


def has_letters(text: str) -> bool:
    """True when the text has at least one letter in any script."""
    return _LETTER_RE.search(text) is not None


def url_count(text: str) -> int:
    """How many links the text carries."""
    return len(_URL_RE.findall(text))
