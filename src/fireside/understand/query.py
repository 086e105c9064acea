"""Boolean brand queries, the listening language professional tools have.

    acme OR "acme corp"                      terms and quoted phrases, case-insensitive
    (acme OR acmeco) AND NOT job*            AND, OR, NOT (upper case), parentheses, wildcards
    acme -hiring                             a leading minus is NOT
    refund NEAR/3 acme                       at most 3 words between, either order
    "late deliver*" NEAR/5 acme              phrases and wildcards work inside NEAR
    acme lang:fi sentiment:negative          field filters: author: lang: channel:
    intent:complaint author:@jo*             sentiment: intent:  (juxtaposition means AND)

Operators bind, tightest first: NEAR/n, NOT, AND (explicit or implied), OR. `*` matches any run
of word characters and `?` one character. A term matches a whole word of the text; `#acme`
matches the hashtag only, `acme` matches "acme", "#acme" and "@acme".

`parse` raises `QuerySyntaxError` with the position (0-based character offset) and what was
expected there. `QuerySet` matches hundreds of queries against a batch of documents: each
document is tokenised once, and a query is only evaluated on documents that contain one of the
words it cannot match without (its anchors).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fireside.understand.types import INTENTS, SENTIMENTS

__all__ = ["Query", "QuerySet", "QuerySyntaxError", "parse", "tokenize_text"]

FIELDS = ("author", "channel", "intent", "lang", "sentiment")
PREFIX_KEY = "\x00"  # index keys for "the document has a word starting with these letters"
_FIELD_VALUES: dict[str, tuple[str, ...]] = {"intent": INTENTS, "sentiment": SENTIMENTS}
MAX_QUERY_CHARS = 10_000
MAX_DEPTH = 100

_WORD_RE = re.compile(r"[#@]?\w+(?:['’]\w+)*", re.UNICODE)
_TERM_CHARS_RE = re.compile(r"[^\s()\"]+")


class QuerySyntaxError(ValueError):
    """A query that does not parse. `position` is the 0-based offset of the problem and
    `expected` says what would have been accepted there."""

    def __init__(self, problem: str, position: int, expected: str) -> None:
        self.problem = problem
        self.position = position
        self.expected = expected
        super().__init__(f"{problem} at position {position}: expected {expected}")


def tokenize_text(text: str) -> list[str]:
    """The words of a document as queries see them: lower-cased, with # and @ kept."""
    return [w.lower().replace("’", "'") for w in _WORD_RE.findall(text)]


# --- syntax tree ------------------------------------------------------------------------


class Node:
    def evaluate(self, doc: _Doc) -> bool:
        raise NotImplementedError

    def anchors(self) -> frozenset[str] | None:
        """Exact words of which at least one must occur for this node to match (None when no
        such set is known, e.g. under NOT or for wildcards and field filters)."""
        return None


@dataclass(frozen=True)
class Word:
    """One word pattern; `regex` is set when it has wildcards, `prefix` when the only
    wildcard is one trailing `*` (the common case, matched with `startswith`)."""

    pattern: str
    regex: re.Pattern[str] | None
    prefix: str | None = None

    @classmethod
    def of(cls, raw: str) -> Word:
        pat = raw.lower().replace("’", "'")
        if "*" in pat or "?" in pat:
            body = "".join(
                r"[\w'#@]*" if ch == "*" else r"[\w'#@]" if ch == "?" else re.escape(ch)
                for ch in pat
            )
            stem = pat[:-1]
            prefix = stem if pat.endswith("*") and "*" not in stem and "?" not in stem else None
            return cls(pat, re.compile(body), prefix or None)
        return cls(pat, None)

    def anchor(self) -> str | None:
        """An index key a document must have for this word to match, if there is one:
        the word itself, or for a prefix of three or more characters PREFIX_KEY + its
        first three characters."""
        if self.regex is None:
            return self.pattern
        if self.prefix is not None:
            bare = self.prefix.lstrip("#@")
            if len(bare) >= 3:
                return PREFIX_KEY + bare[:3]
        return None

    def positions(self, doc: _Doc) -> list[int]:
        cached = doc.cache.get(self.pattern)
        if cached is not None:
            return cached
        if self.regex is None:
            found = list(doc.positions.get(self.pattern, ()))
            if self.pattern[:1] not in ("#", "@"):
                for prefix in ("#", "@"):
                    found.extend(doc.positions.get(prefix + self.pattern, ()))
                found.sort()
        elif self.prefix is not None:
            pre = self.prefix
            bare = pre[:1] not in ("#", "@")
            found = sorted(
                p
                for w, ps in doc.positions.items()
                if w.startswith(pre) or (bare and w[:1] in "#@" and w.startswith(pre, 1))
                for p in ps
            )
        else:
            regex = self.regex
            found = sorted(
                p
                for w, ps in doc.positions.items()
                if regex.fullmatch(w) or (w[:1] in "#@" and regex.fullmatch(w[1:]))
                for p in ps
            )
        doc.cache[self.pattern] = found
        return found


@dataclass(frozen=True)
class Phrase(Node):
    words: tuple[Word, ...]

    def starts(self, doc: _Doc) -> list[int]:
        if not self.words:
            return []
        starts = self.words[0].positions(doc)
        for offset, word in enumerate(self.words[1:], start=1):
            if not starts:
                return []
            later = set(word.positions(doc))
            starts = [s for s in starts if s + offset in later]
        return starts

    def evaluate(self, doc: _Doc) -> bool:
        return bool(self.starts(doc))

    def anchors(self) -> frozenset[str] | None:
        exact = [w.pattern for w in self.words if w.regex is None]
        if not exact:
            keys = [k for k in (w.anchor() for w in self.words) if k is not None]
            return frozenset(keys[:1]) if keys else None
        word = exact[0]
        if word[:1] in ("#", "@"):
            return frozenset({word})
        return frozenset({word, "#" + word, "@" + word})


@dataclass(frozen=True)
class Near(Node):
    left: Phrase
    right: Phrase
    distance: int

    def evaluate(self, doc: _Doc) -> bool:
        a = self.left.starts(doc)
        if not a:
            return False
        b = self.right.starts(doc)
        la, lb = len(self.left.words), len(self.right.words)
        for i in a:
            for j in b:
                if j >= i + la:
                    between = j - (i + la)
                elif i >= j + lb:
                    between = i - (j + lb)
                else:
                    continue  # overlapping occurrences are the same words, not two
                if between <= self.distance:
                    return True
        return False

    def anchors(self) -> frozenset[str] | None:
        return self.left.anchors() or self.right.anchors()


@dataclass(frozen=True)
class Field(Node):
    name: str
    value: str
    regex: re.Pattern[str] | None

    def evaluate(self, doc: _Doc) -> bool:
        actual = doc.fields.get(self.name, "")
        if self.name == "author":
            candidates = [actual, actual.lstrip("@")]
            value = self.value.lstrip("@")
        else:
            candidates = [actual]
            value = self.value
        if self.regex is not None:
            return any(self.regex.fullmatch(c) for c in candidates)
        return any(c == value for c in candidates)


@dataclass(frozen=True)
class Not(Node):
    child: Node

    def evaluate(self, doc: _Doc) -> bool:
        return not self.child.evaluate(doc)


@dataclass(frozen=True)
class And(Node):
    children: tuple[Node, ...]

    def evaluate(self, doc: _Doc) -> bool:
        return all(c.evaluate(doc) for c in self.children)

    def anchors(self) -> frozenset[str] | None:
        known = [a for a in (c.anchors() for c in self.children) if a is not None]
        return min(known, key=len) if known else None


@dataclass(frozen=True)
class Or(Node):
    children: tuple[Node, ...]

    def evaluate(self, doc: _Doc) -> bool:
        return any(c.evaluate(doc) for c in self.children)

    def anchors(self) -> frozenset[str] | None:
        out: set[str] = set()
        for child in self.children:
            a = child.anchors()
            if a is None:
                return None
            out |= a
        return frozenset(out)


@dataclass
class _Doc:
    positions: dict[str, list[int]]
    fields: dict[str, str]
    cache: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Mapping[str, Any]) -> _Doc:
        positions: dict[str, list[int]] = {}
        text = doc.get("text")
        for i, w in enumerate(tokenize_text(text if isinstance(text, str) else "")):
            positions.setdefault(w, []).append(i)
        fields = {}
        for name in FIELDS:
            value = doc.get(name)
            fields[name] = value.lower() if isinstance(value, str) else ""
        return cls(positions, fields)


# --- parser -----------------------------------------------------------------------------

_OPERAND = "a term, a \"phrase\", a field filter such as lang:fi, NOT, or '('"


@dataclass(frozen=True)
class _Tok:
    kind: str  # WORD PHRASE FIELD LPAREN RPAREN AND OR NOT NEAR MINUS END
    value: str
    pos: int
    distance: int = 0


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            toks.append(_Tok("LPAREN", ch, i))
            i += 1
        elif ch == ")":
            toks.append(_Tok("RPAREN", ch, i))
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QuerySyntaxError("unterminated phrase", i, "a closing '\"'")
            toks.append(_Tok("PHRASE", text[i + 1 : end], i))
            i = end + 1
        elif ch == "-" and (i + 1 < n and not text[i + 1].isspace() and text[i + 1] != ")"):
            toks.append(_Tok("MINUS", ch, i))
            i += 1
        else:
            m = _TERM_CHARS_RE.match(text, i)
            assert m is not None  # any non-space, non-paren, non-quote char starts a term
            raw = m.group(0)
            head, colon, rest = raw.partition(":")
            if colon and head.isalpha() and head.lower() in FIELDS:
                toks.append(_Tok("FIELD", head.lower(), i))
                i += len(head) + 1
                continue
            if colon and head.isalpha() and head.islower() and rest and rest[0] != "/":
                raise QuerySyntaxError(
                    f"unknown field {head!r}", i, "one of " + ", ".join(f + ":" for f in FIELDS)
                )
            if raw in ("AND", "OR", "NOT"):
                toks.append(_Tok(raw, raw, i))
            elif raw.startswith("NEAR/") or raw == "NEAR":
                digits = raw[5:]
                if not digits.isdigit() or not 0 < int(digits) <= 1000:
                    raise QuerySyntaxError(
                        f"bad proximity operator {raw!r}", i, "NEAR/n with n from 1 to 1000"
                    )
                toks.append(_Tok("NEAR", raw, i, int(digits)))
            else:
                toks.append(_Tok("WORD", raw, i))
            i += len(raw)
    toks.append(_Tok("END", "", n))
    return toks


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _lex(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        if self.peek().kind == "END":
            raise QuerySyntaxError("empty query", 0, _OPERAND)
        node = self.or_expr()
        tok = self.peek()
        if tok.kind != "END":
            what = "unmatched ')'" if tok.kind == "RPAREN" else f"unexpected {tok.value!r}"
            raise QuerySyntaxError(what, tok.pos, "an operator or the end of the query")
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr()]
        while self.peek().kind == "OR":
            self.take()
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self) -> Node:
        children = [self.unary()]
        while True:
            kind = self.peek().kind
            if kind == "AND":
                self.take()
                children.append(self.unary())
            elif kind in ("WORD", "PHRASE", "FIELD", "LPAREN", "NOT", "MINUS"):
                children.append(self.unary())
            else:
                break
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind in ("NOT", "MINUS"):
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QuerySyntaxError("query nested too deeply", tok.pos, "fewer NOTs")
            node = Not(self.unary())
            self.depth -= 1
            return node
        return self.near()

    def near(self) -> Node:
        left = self.primary()
        while self.peek().kind == "NEAR":
            op = self.take()
            if not isinstance(left, Phrase):
                raise QuerySyntaxError(
                    "NEAR needs a word or phrase on its left", op.pos, 'a term or "phrase"'
                )
            start = self.peek().pos
            right = self.primary()
            if not isinstance(right, Phrase):
                raise QuerySyntaxError(
                    "NEAR needs a word or phrase on its right",
                    start,
                    'a term or "phrase"',
                )
            return Near(left, right, op.distance)
        return left

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "LPAREN":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QuerySyntaxError("query nested too deeply", tok.pos, "fewer parentheses")
            if self.peek().kind == "RPAREN":
                raise QuerySyntaxError("empty parentheses", self.peek().pos, _OPERAND)
            node = self.or_expr()
            close = self.take()
            if close.kind != "RPAREN":
                raise QuerySyntaxError(f"'(' at position {tok.pos} is not closed", close.pos, "')'")
            self.depth -= 1
            return node
        if tok.kind == "WORD":
            return self.phrase(tok.value, tok.pos)
        if tok.kind == "PHRASE":
            return self.phrase(tok.value, tok.pos + 1)
        if tok.kind == "FIELD":
            return self.field(tok)
        if tok.kind == "END":
            raise QuerySyntaxError("query ends too early", tok.pos, _OPERAND)
        if tok.kind == "RPAREN":
            raise QuerySyntaxError("unexpected ')'", tok.pos, _OPERAND)
        raise QuerySyntaxError(f"unexpected {tok.value!r}", tok.pos, _OPERAND)

    def phrase(self, raw: str, pos: int) -> Phrase:
        words = [w for w in re.findall(r"[#@]?[\w*?]+(?:['’][\w*?]+)*", raw)]
        if not words:
            raise QuerySyntaxError(f"{raw!r} has no letters or digits to search for", pos, "a word")
        return Phrase(tuple(Word.of(w) for w in words))

    def field(self, tok: _Tok) -> Field:
        nxt = self.take()
        if nxt.kind not in ("WORD", "PHRASE") or nxt.pos != tok.pos + len(tok.value) + 1:
            raise QuerySyntaxError(
                f"field {tok.value}: has no value",
                tok.pos + len(tok.value) + 1,
                f"a value right after '{tok.value}:'",
            )
        value = nxt.value.strip().lower()
        allowed = _FIELD_VALUES.get(tok.value)
        if allowed is not None and value not in allowed:
            raise QuerySyntaxError(
                f"unknown {tok.value} {value!r}", nxt.pos, "one of " + ", ".join(allowed)
            )
        regex = None
        if "*" in value or "?" in value:
            regex = re.compile(
                "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in value)
            )
        return Field(tok.value, value, regex)


@dataclass(frozen=True)
class Query:
    """A parsed query; `matches` tests one document (text, author, lang, channel, sentiment,
    intent; missing keys count as empty)."""

    text: str
    root: Node

    def matches(self, doc: Mapping[str, Any]) -> bool:
        return self.root.evaluate(_Doc.of(doc))

    def filter(self, docs: Iterable[Mapping[str, Any]]) -> list[int]:
        """Indexes of the documents that match."""
        return [i for i, d in enumerate(docs) if self.root.evaluate(_Doc.of(d))]


def parse(text: str) -> Query:
    """Parse a query; raises QuerySyntaxError (a ValueError) with position and expectation."""
    if not isinstance(text, str):
        raise QuerySyntaxError("a query must be text", 0, "a string")
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            "query too long", MAX_QUERY_CHARS, f"at most {MAX_QUERY_CHARS} characters"
        )
    return Query(text, _Parser(text).parse())


class QuerySet:
    """Many named queries matched against batches of documents.

    Queries are indexed by their anchor words, so a document is only tested against the
    queries that could match it, plus those without anchors (wildcard-only, NOT-only or
    field-only queries).
    """

    def __init__(self, queries: Mapping[str, str | Query]) -> None:
        self.queries: dict[str, Query] = {
            name: q if isinstance(q, Query) else parse(q) for name, q in queries.items()
        }
        self._by_anchor: dict[str, list[str]] = {}
        self._always: list[str] = []
        self._order = {name: i for i, name in enumerate(self.queries)}
        for name, q in self.queries.items():
            anchors = q.root.anchors()
            if anchors is None:
                self._always.append(name)
            else:
                for word in anchors:
                    self._by_anchor.setdefault(word, []).append(name)

    def match(self, doc: Mapping[str, Any]) -> list[str]:
        """Names of the queries that match one document, in registration order."""
        d = _Doc.of(doc)
        candidates = set(self._always)
        by_anchor = self._by_anchor
        for word in d.positions:
            hit = by_anchor.get(word)
            if hit:
                candidates.update(hit)
            bare = word.lstrip("#@")
            if len(bare) >= 3:
                hit = by_anchor.get(PREFIX_KEY + bare[:3])
                if hit:
                    candidates.update(hit)
        queries = self.queries
        return [
            n
            for n in sorted(candidates, key=self._order.__getitem__)
            if queries[n].root.evaluate(d)
        ]

    def match_many(self, docs: Sequence[Mapping[str, Any]]) -> list[list[str]]:
        """For each document, the names of the queries that match it."""
        return [self.match(d) for d in docs]
