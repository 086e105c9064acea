"""Archive imports: what a team downloads from a platform, read into Items.

``parse_archive(kind, path)`` yields an `Item` for each message and a `BadItem` for anything
it cannot read (an unreadable file, a record without text), never raising for bad content.
``path`` may be the export's zip, its unpacked folder, or the single file named below.

Kinds:

- ``twitter`` (or ``x``): an X/Twitter account archive. ``data/tweets.js`` (``tweet.js`` in
  older archives) become the account's own posts and replies; ``data/direct-messages.js`` and
  ``direct-messages-group.js`` become direct messages, each conversation threaded in order.
  The ``.js`` files are ``window.YTD.<name>.part0 = [...]``: JSON after the first ``=``.
- ``facebook``: a Facebook Page export (JSON format): posts (``posts/*.json``), comments
  (``comments_v2``) and Messenger threads (``messages/inbox/*/message_*.json``). Facebook writes
  UTF-8 text as if it were Latin-1; that is undone. The export has no ids, so ids are hashes
  of the moment, author and text (stable across re-imports).
- ``linkedin``: a LinkedIn export: ``Shares.csv``, ``Comments.csv`` and ``messages.csv``.
- ``csv``: one message a row, with the columns of the ``fireside analyze`` input shape (``id``,
  ``text``, ``channel``, ``author`` or ``author_name``/``author_handle``/``author_url``/
  ``author_followers_count``, ``url``, ``created_at``, ``in_reply_to``).
- ``jsonl``: the ``fireside analyze`` input shape, one object a line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from fireside.listen.dates import parse_datetime
from fireside.listen.items import AuthorRef, BadItem, Item, MessageKind
from fireside.listen.jsonl import read_jsonl

__all__ = ["ARCHIVE_KINDS", "parse_archive"]

MAX_FILE = 512 * 1024 * 1024
csv.field_size_limit(16 * 1024 * 1024)


# --- reading files from a zip, a folder or one file ------------------------------------------


class _Files:
    """The files of an export, by their path inside it, whichever way it was handed over."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        if path.is_file() and zipfile.is_zipfile(path):
            self._zip = zipfile.ZipFile(path)
            self.names = [n for n in self._zip.namelist() if not n.endswith("/")]
        elif path.is_dir():
            self.names = [p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()]
        elif path.is_file():
            self.names = [path.name]
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")

    def matching(self, accept: Callable[[PurePosixPath], bool]) -> list[str]:
        return sorted(n for n in self.names if accept(PurePosixPath(n)))

    def read(self, name: str) -> bytes:
        if self._zip is not None:
            info = self._zip.getinfo(name)
            if info.file_size > MAX_FILE:
                raise ValueError(f"{name} is larger than {MAX_FILE} bytes")
            return self._zip.read(name)
        target = self.path / name if self.path.is_dir() else self.path
        return target.read_bytes()


def _bad(where: str, error: str, raw: Any) -> BadItem:
    return BadItem(error=f"{where}: {error}", raw=raw)


def _text_of(data: bytes) -> str:
    return data.decode("utf-8-sig", errors="replace")


# --- X / Twitter ---------------------------------------------------------------------------


def _ytd(data: bytes, where: str) -> list[Any]:
    """``window.YTD.tweets.part0 = [ ... ]`` → the list."""
    text = _text_of(data)
    start = text.find("=")
    if start < 0 or not text[:start].strip().startswith("window.YTD"):
        raise ValueError(f"{where} is not an X archive data file (no 'window.YTD… =')")
    value = json.loads(text[start + 1 :].strip().rstrip(";"))
    if not isinstance(value, list):
        raise ValueError(f"{where} does not hold a list")
    return value


def _twitter_account(files: _Files) -> dict[str, str]:
    for name in files.matching(lambda p: p.name == "account.js"):
        try:
            entries = _ytd(files.read(name), name)
            account = entries[0]["account"]
            return {
                "id": str(account.get("accountId") or ""),
                "username": str(account.get("username") or ""),
                "name": str(account.get("accountDisplayName") or ""),
            }
        except (ValueError, KeyError, IndexError, TypeError):
            break
    return {"id": "", "username": "", "name": ""}


def _tweet_item(entry: Mapping[str, Any], account: Mapping[str, str]) -> Item:
    tweet = entry.get("tweet", entry)
    ident = str(tweet["id_str"] if "id_str" in tweet else tweet["id"])
    text = tweet.get("full_text", tweet.get("text"))
    if not isinstance(text, str):
        raise ValueError(f"tweet {ident} has no text")
    parent = str(tweet.get("in_reply_to_status_id_str") or "")
    username = account.get("username") or ""
    kind: MessageKind = "reply" if parent else ("repost" if text.startswith("RT @") else "post")
    return Item(
        channel="twitter",
        external_id=ident,
        text=text,
        created_at=parse_datetime(tweet["created_at"]),
        author=AuthorRef(
            handle=username or account.get("id", "") or "me",
            display_name=account.get("name", ""),
            external_id=account.get("id", ""),
            profile_url=f"https://x.com/{username}" if username else "",
        ),
        kind=kind,
        direction="outbound",
        url=f"https://x.com/{username or 'i/web'}/status/{ident}",
        in_reply_to=parent,
        likes=int(tweet.get("favorite_count") or 0),
        reposts=int(tweet.get("retweet_count") or 0),
        raw=dict(tweet),
    )


def _twitter(files: _Files) -> Iterator[Item | BadItem]:
    account = _twitter_account(files)
    tweet_files = files.matching(lambda p: p.name in ("tweets.js", "tweet.js"))
    dm_files = files.matching(lambda p: p.name.startswith("direct-messages") and p.suffix == ".js")
    if not tweet_files and not dm_files:
        yield _bad(str(files.path), "no tweets.js or direct-messages.js in this archive", None)
        return
    for name in tweet_files:
        try:
            entries = _ytd(files.read(name), name)
        except (ValueError, UnicodeDecodeError) as exc:
            yield _bad(name, str(exc), None)
            continue
        for entry in entries:
            try:
                yield _tweet_item(entry, account)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                yield _bad(name, f"unreadable tweet: {exc!r}", entry)
    for name in dm_files:
        try:
            entries = _ytd(files.read(name), name)
        except (ValueError, UnicodeDecodeError) as exc:
            yield _bad(name, str(exc), None)
            continue
        for entry in entries:
            yield from _dm_conversation(entry, account, name)


def _dm_conversation(
    entry: Any, account: Mapping[str, str], where: str
) -> Iterator[Item | BadItem]:
    try:
        conversation = entry["dmConversation"]
        conversation_id = str(conversation["conversationId"])
        events = list(conversation.get("messages") or [])
    except (KeyError, TypeError) as exc:
        yield _bad(where, f"unreadable conversation: {exc!r}", entry)
        return
    messages: list[tuple[datetime, dict[str, Any]]] = []
    for event in events:
        try:
            message = event["messageCreate"]
            messages.append((parse_datetime(message["createdAt"]), message))
        except (KeyError, TypeError, ValueError):
            # joinConversation, participantsJoin and the like are not messages.
            if not (isinstance(event, dict) and "messageCreate" not in event):
                yield _bad(where, "unreadable direct message", event)
    messages.sort(key=lambda pair: pair[0])
    previous = ""
    first = ""
    for created, message in messages:
        try:
            ident = f"dm-{message['id']}"
            sender = str(message.get("senderId") or "")
            outbound = bool(account.get("id")) and sender == account.get("id")
            yield Item(
                channel="twitter",
                external_id=ident,
                text=str(message.get("text") or ""),
                created_at=created,
                author=AuthorRef(handle=sender, external_id=sender) if sender else None,
                kind="direct",
                direction="outbound" if outbound else "inbound",
                url=f"https://x.com/messages/{conversation_id}",
                in_reply_to=previous,
                thread_root=first,
                raw={"conversationId": conversation_id, **message},
            )
        except (KeyError, TypeError) as exc:
            yield _bad(where, f"unreadable direct message: {exc!r}", message)
            continue
        previous = ident
        first = first or ident


# --- Facebook ------------------------------------------------------------------------------


def _fb_text(value: Any) -> str:
    """Facebook's exporter writes each UTF-8 byte as a Latin-1 character; undo it if so."""
    if not isinstance(value, str):
        return ""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _fb_id(*parts: Any) -> str:
    return "fb-" + hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:24]


def _facebook_posts(data: Any, where: str, page: str) -> Iterator[Item | BadItem]:
    for entry in data:
        try:
            texts = [_fb_text(d.get("post")) for d in entry.get("data") or [] if "post" in d]
            text = "\n".join(t for t in texts if t)
            stamp = entry["timestamp"]
            if not text:
                continue  # a photo or a check-in without words
            yield Item(
                channel="facebook",
                external_id=_fb_id("post", stamp, text),
                text=text,
                title=_fb_text(entry.get("title")),
                created_at=parse_datetime(stamp),
                author=AuthorRef(handle=page or "page", display_name=page),
                kind="post",
                direction="outbound",
                raw=dict(entry),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            yield _bad(where, f"unreadable post: {exc!r}", entry)


def _facebook_comments(data: Any, where: str) -> Iterator[Item | BadItem]:
    for entry in data:
        try:
            for block in entry.get("data") or []:
                comment = block.get("comment")
                if not isinstance(comment, dict):
                    continue
                text = _fb_text(comment.get("comment"))
                author = _fb_text(comment.get("author"))
                stamp = comment.get("timestamp", entry.get("timestamp"))
                yield Item(
                    channel="facebook",
                    external_id=_fb_id("comment", stamp, author, text),
                    text=text,
                    title=_fb_text(entry.get("title")),
                    created_at=parse_datetime(stamp),
                    author=AuthorRef(handle=author, display_name=author) if author else None,
                    kind="comment",
                    raw=dict(entry),
                )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            yield _bad(where, f"unreadable comment: {exc!r}", entry)


def _facebook_thread(data: Mapping[str, Any], where: str, page: str) -> Iterator[Item | BadItem]:
    thread = str(data.get("thread_path") or where)
    previous = first = ""
    messages = sorted(
        (m for m in data.get("messages") or [] if isinstance(m, dict)),
        key=lambda m: m["timestamp_ms"] if isinstance(m.get("timestamp_ms"), int) else 0,
    )
    for message in messages:
        try:
            sender = _fb_text(message.get("sender_name"))
            text = _fb_text(message.get("content"))
            stamp = message["timestamp_ms"]
            ident = _fb_id("dm", thread, stamp, sender, text)
            yield Item(
                channel="facebook",
                external_id=ident,
                text=text,
                created_at=parse_datetime(stamp),
                author=AuthorRef(handle=sender, display_name=sender) if sender else None,
                kind="direct",
                direction="outbound" if page and sender == page else "inbound",
                in_reply_to=previous,
                thread_root=first,
                raw={"thread_path": thread, **message},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            yield _bad(where, f"unreadable message: {exc!r}", message)
            continue
        previous = ident
        first = first or ident


def _facebook(files: _Files) -> Iterator[Item | BadItem]:
    names = files.matching(lambda p: p.suffix == ".json")
    if not names:
        yield _bad(str(files.path), "no JSON files: export the Page in JSON format", None)
        return
    page = ""
    for name in files.matching(lambda p: p.name in ("profile_information.json", "page_info.json")):
        try:
            info = json.loads(files.read(name))
            page = _fb_text(
                (info.get("page") or info.get("profile") or info).get("name")
                if isinstance(info, dict)
                else ""
            )
        except (ValueError, AttributeError):
            pass
    for name in names:
        try:
            data = json.loads(files.read(name))
        except (ValueError, UnicodeDecodeError) as exc:
            yield _bad(name, f"not JSON: {exc}", None)
            continue
        if isinstance(data, dict) and isinstance(data.get("messages"), list):
            yield from _facebook_thread(data, name, page)
        elif isinstance(data, dict) and any(k.startswith("comments") for k in data):
            key = next(k for k in data if k.startswith("comments"))
            if isinstance(data[key], list):
                yield from _facebook_comments(data[key], name)
        elif isinstance(data, list) and any(
            isinstance(e, dict) and isinstance(e.get("data"), list) for e in data
        ):
            yield from _facebook_posts(data, name, page)


# --- LinkedIn ------------------------------------------------------------------------------


def _rows(data: bytes) -> Iterator[dict[str, str]]:
    text = _text_of(data)
    # LinkedIn puts a "Notes:" preamble above some tables; the header is the first row that
    # names the columns we know.
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        yield {str(k or "").strip(): (v if isinstance(v, str) else "") for k, v in row.items()}


def _linkedin(files: _Files) -> Iterator[Item | BadItem]:
    found = False
    for name in files.matching(lambda p: p.name.lower() == "shares.csv"):
        found = True
        for number, row in enumerate(_safe_rows(files, name), start=2):
            if isinstance(row, BadItem):
                yield row
                continue
            try:
                text = row.get("ShareCommentary", "").strip().strip('"')
                link = row.get("ShareLink", "")
                yield Item(
                    channel="linkedin",
                    external_id=link or _fb_id("share", row.get("Date"), text),
                    text=text,
                    url=link,
                    created_at=parse_datetime(row["Date"]),
                    kind="post",
                    direction="outbound",
                    raw=row,
                )
            except (KeyError, ValueError) as exc:
                yield _bad(f"{name}:{number}", str(exc), row)
    for name in files.matching(lambda p: p.name.lower() == "comments.csv"):
        found = True
        for number, row in enumerate(_safe_rows(files, name), start=2):
            if isinstance(row, BadItem):
                yield row
                continue
            try:
                text = row.get("Message", "")
                yield Item(
                    channel="linkedin",
                    external_id=_fb_id("comment", row.get("Date"), row.get("Link"), text),
                    text=text,
                    url=row.get("Link", ""),
                    created_at=parse_datetime(row["Date"]),
                    kind="comment",
                    direction="outbound",
                    raw=row,
                )
            except (KeyError, ValueError) as exc:
                yield _bad(f"{name}:{number}", str(exc), row)
    for name in files.matching(lambda p: p.name.lower() == "messages.csv"):
        found = True
        rows: list[tuple[datetime, dict[str, str]]] = []
        for number, row in enumerate(_safe_rows(files, name), start=2):
            if isinstance(row, BadItem):
                yield row
                continue
            try:
                rows.append((parse_datetime(row["DATE"]), row))
            except (KeyError, ValueError) as exc:
                yield _bad(f"{name}:{number}", str(exc), row)
        rows.sort(key=lambda pair: pair[0])
        chain: dict[str, tuple[str, str]] = {}
        for created, row in rows:
            conversation = row.get("CONVERSATION ID", "")
            sender = row.get("FROM", "")
            text = row.get("CONTENT", "")
            ident = _fb_id("message", conversation, created.isoformat(), sender, text)
            previous, first = chain.get(conversation, ("", ""))
            folder = row.get("FOLDER", "").upper()
            yield Item(
                channel="linkedin",
                external_id=ident,
                text=text,
                title=row.get("SUBJECT", "") or row.get("CONVERSATION TITLE", ""),
                created_at=created,
                author=AuthorRef(
                    handle=row.get("SENDER PROFILE URL", "") or sender,
                    display_name=sender,
                    profile_url=row.get("SENDER PROFILE URL", ""),
                )
                if sender
                else None,
                kind="direct",
                direction="outbound" if folder == "SENT" else "inbound",
                in_reply_to=previous,
                thread_root=first,
                raw=row,
            )
            chain[conversation] = (ident, first or ident)
    if not found:
        yield _bad(
            str(files.path), "no Shares.csv, Comments.csv or messages.csv in the export", None
        )


def _safe_rows(files: _Files, name: str) -> Iterator[dict[str, str] | BadItem]:
    try:
        yield from _rows(files.read(name))
    except (csv.Error, ValueError, OSError) as exc:
        yield _bad(name, f"unreadable CSV: {exc}", None)


# --- generic CSV and JSONL -----------------------------------------------------------------


def _csv_record(row: Mapping[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        k: v for k, v in row.items() if k and v not in (None, "") and not k.startswith("author_")
    }
    author = {
        key: row.get(f"author_{key}", "")
        for key in ("name", "handle", "url", "followers_count")
        if row.get(f"author_{key}")
    }
    if author:
        if "followers_count" in author:
            try:
                author["followers_count"] = int(author["followers_count"])  # type: ignore[assignment]
            except ValueError:
                del author["followers_count"]
        record["author"] = author
    return record


def _generic_csv(files: _Files) -> Iterator[Item | BadItem]:
    from fireside.listen.jsonl import RecordError, item_from_record

    now = datetime.now(UTC)
    for name in files.matching(lambda p: p.suffix.lower() == ".csv"):
        for number, row in enumerate(_safe_rows(files, name), start=2):
            if isinstance(row, BadItem):
                yield row
                continue
            try:
                yield item_from_record(_csv_record(row), now=now)
            except (RecordError, ValueError, TypeError) as exc:
                yield _bad(f"{name}:{number}", str(exc), dict(row))


def _generic_jsonl(files: _Files) -> Iterator[Item | BadItem]:
    for name in files.matching(lambda p: p.suffix.lower() in (".jsonl", ".ndjson", ".json")):
        try:
            lines: Iterable[bytes] = files.read(name).splitlines()
        except (OSError, ValueError) as exc:
            yield _bad(name, str(exc), None)
            continue
        for number, record in read_jsonl(lines):
            if isinstance(record, BadItem):
                yield BadItem(error=f"{name}:{number}: {record.error}", raw=record.raw)
            else:
                yield record


ARCHIVE_KINDS: dict[str, Callable[[_Files], Iterator[Item | BadItem]]] = {
    "twitter": _twitter,
    "x": _twitter,
    "facebook": _facebook,
    "linkedin": _linkedin,
    "csv": _generic_csv,
    "jsonl": _generic_jsonl,
}


def parse_archive(kind: str, path: Path) -> Iterator[Item | BadItem]:
    """Yield the messages of an export. Raises ValueError for an unknown kind and
    FileNotFoundError for a missing path; bad content becomes `BadItem`s, never exceptions."""
    try:
        reader = ARCHIVE_KINDS[kind.lower()]
    except KeyError:
        raise ValueError(
            f"unknown archive kind {kind!r}; known: {', '.join(sorted(ARCHIVE_KINDS))}"
        ) from None
    try:
        files = _Files(Path(path))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"{path} is not a readable zip: {exc}") from exc
    try:
        yield from reader(files)
    except (zipfile.BadZipFile, OSError, RecursionError) as exc:
        yield BadItem(error=f"{path}: cannot read the archive: {exc}", raw=None)
