"""Email: an IMAP mailbox (say support@) in, SMTP replies out, threaded by Message-ID.

Reads the mailbox read-only (``BODY.PEEK[]``, so nothing is marked as seen) by UID: the cursor
keeps the mailbox's ``UIDVALIDITY`` and the highest UID stored, and reads ``UID n+1:*`` in
batches of ``batch`` messages. When ``UIDVALIDITY`` changes (the mailbox was rebuilt) it reads
from the start again; Message-IDs keep that idempotent. A new source starts with the newest
``initial`` messages.

With ``stream=true`` the listener holds one connection open and waits with IMAP IDLE (RFC 2177)
between reads, so new mail arrives within seconds instead of on the next poll.

Each message's external id is its Message-ID (without angle brackets); ``In-Reply-To`` names
the parent and the first ``References`` entry the thread's root. Replies go out over SMTP with
``In-Reply-To`` and ``References`` set, so the customer's mail client threads them too.

Connections go through the same address guard as HTTP.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import imaplib
import re
import select
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import getaddresses, make_msgid, parseaddr
from typing import Any

from fireside.listen.base import Option, option_values
from fireside.listen.dates import parse_datetime
from fireside.listen.errors import AuthError, ItemError, RetryableError, SourceStopped
from fireside.listen.html import html_to_text, sanitize_html
from fireside.listen.http import connect_socket
from fireside.listen.items import (
    AuthorRef,
    BadItem,
    Cursor,
    ExternalRef,
    Item,
    OutboundReply,
    Page,
)

__all__ = ["EmailConnector", "message_item"]

_ID = re.compile(r"<([^<>\s]+)>")
MAX_TEXT = 200_000


def _ids(header: str | None) -> list[str]:
    if not header:
        return []
    found = _ID.findall(str(header))
    return found or [str(header).strip().strip("<>")] if str(header).strip() else []


def _bodies(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(preferencelist=("plain",))
    rich = message.get_body(preferencelist=("html",))
    text = plain.get_content() if plain is not None else ""
    markup = rich.get_content() if rich is not None else ""
    return str(text), str(markup)


def message_item(data: bytes, *, fallback_id: str = "", mailbox: str = "INBOX") -> Item:
    """Parse one RFC 5322 message into an Item. Raises ItemError when it has no usable sender."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    message_ids = _ids(message.get("Message-ID"))
    external_id = message_ids[0] if message_ids else fallback_id
    if not external_id:
        raise ItemError("message has no Message-ID", raw=data.decode("utf-8", "replace"))
    name, address = parseaddr(str(message.get("From") or ""))
    if not address:
        raise ItemError(f"message {external_id} has no sender", raw=data.decode("utf-8", "replace"))
    text, markup = _bodies(message)
    if not text and markup:
        text = html_to_text(markup)
    references = _ids(message.get("References"))
    parents = _ids(message.get("In-Reply-To"))
    parent = parents[0] if parents else (references[-1] if references else "")
    date = message.get("Date")
    try:
        created = parse_datetime(str(date)) if date else datetime.now(UTC)
    except ValueError:
        created = datetime.now(UTC)
    subject = str(message.get("Subject") or "")
    raw = {
        "message_id": external_id,
        "subject": subject,
        "from": str(message.get("From") or ""),
        "reply_to": str(message.get("Reply-To") or ""),
        "to": str(message.get("To") or ""),
        "cc": str(message.get("Cc") or ""),
        "date": str(date or ""),
        "in_reply_to": parent,
        "references": references,
        "mailbox": mailbox,
    }
    return Item(
        channel="email",
        external_id=external_id,
        text=text.strip()[:MAX_TEXT],
        html=sanitize_html(markup)[:MAX_TEXT] if markup else "",
        title=subject,
        created_at=created,
        author=AuthorRef(handle=address.lower(), display_name=name),
        kind="email",
        in_reply_to=parent,
        thread_root=references[0] if references else "",
        raw=raw,
    )


class _GuardedIMAP(imaplib.IMAP4):
    allow_private: bool | None = None

    def _create_socket(self, timeout: float | None) -> socket.socket:
        return connect_socket(
            self.host, self.port, timeout=timeout, allow_private=self.allow_private
        )


class _GuardedIMAPSSL(imaplib.IMAP4_SSL):
    allow_private: bool | None = None

    def _create_socket(self, timeout: float | None) -> socket.socket:
        sock = connect_socket(
            self.host, self.port, timeout=timeout, allow_private=self.allow_private
        )
        return self.ssl_context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[no-any-return]


class _GuardedSMTP(smtplib.SMTP):
    allow_private: bool | None = None

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        return connect_socket(host, port, timeout=timeout, allow_private=self.allow_private)


class _GuardedSMTPSSL(smtplib.SMTP_SSL):
    allow_private: bool | None = None

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = connect_socket(host, port, timeout=timeout, allow_private=self.allow_private)
        return self.context.wrap_socket(sock, server_hostname=host)


class EmailConnector:
    channel = "email"
    label = "Email (IMAP in, SMTP out)"
    options = (
        Option("imap_host", "IMAP server", required=True),
        Option("imap_port", "IMAP port", default="993"),
        Option("imap_security", "IMAP security", default="ssl", help="ssl, starttls or none"),
        Option("username", "Username", required=True),
        Option("password", "Password", secret=True, required=True),
        Option("mailbox", "Mailbox", default="INBOX"),
        Option("smtp_host", "SMTP server", help="for replies; defaults to the IMAP server"),
        Option("smtp_port", "SMTP port", default="587"),
        Option("smtp_security", "SMTP security", default="starttls", help="ssl, starttls, none"),
        Option("smtp_username", "SMTP username", help="defaults to the IMAP username"),
        Option("smtp_password", "SMTP password", secret=True, help="defaults to the IMAP one"),
        Option("from_address", "Reply from", help="e.g. Support <support@example.com>"),
        Option("batch", "Messages per fetch", default="100"),
        Option("initial", "Messages read on the first fetch", default="50"),
        Option("stream", "Hold the mailbox open (IMAP IDLE)", default="false"),
    )

    def __init__(
        self,
        settings: Mapping[str, Any],
        secrets: Mapping[str, str] | None = None,
        *,
        allow_private: bool | None = None,
        timeout: float = 30.0,
    ) -> None:
        v = option_values(self.options, settings, secrets)
        self.imap_host = str(v["imap_host"])
        self.imap_port = int(v["imap_port"])
        self.imap_security = str(v["imap_security"]).lower()
        self.username = str(v["username"])
        self.password = str(v["password"])
        self.mailbox = str(v["mailbox"])
        self.smtp_host = str(v["smtp_host"] or self.imap_host)
        self.smtp_port = int(v["smtp_port"])
        self.smtp_security = str(v["smtp_security"]).lower()
        self.smtp_username = str(v["smtp_username"] or self.username)
        self.smtp_password = str(v["smtp_password"] or self.password)
        self.from_address = str(v["from_address"] or self.username)
        self.batch = int(v["batch"])
        self.initial = int(v["initial"])
        self.allow_private = allow_private
        self.timeout = timeout

    # --- reading -------------------------------------------------------------------------

    def _open(self) -> imaplib.IMAP4:
        try:
            imap: imaplib.IMAP4
            if self.imap_security == "ssl":
                cls_ssl = type("IMAP", (_GuardedIMAPSSL,), {"allow_private": self.allow_private})
                imap = cls_ssl(
                    self.imap_host,
                    self.imap_port,
                    ssl_context=ssl.create_default_context(),
                    timeout=self.timeout,
                )
            else:
                cls = type("IMAP", (_GuardedIMAP,), {"allow_private": self.allow_private})
                imap = cls(self.imap_host, self.imap_port, timeout=self.timeout)
                if self.imap_security == "starttls":
                    imap.starttls(ssl.create_default_context())
        except (OSError, imaplib.IMAP4.error) as exc:
            raise RetryableError(
                f"cannot reach IMAP {self.imap_host}:{self.imap_port}: {exc}"
            ) from exc
        try:
            imap.login(self.username, self.password)
        except imaplib.IMAP4.error as exc:
            imap.shutdown()
            raise AuthError(f"IMAP {self.imap_host} refused {self.username}: {exc}") from exc
        return imap

    def fetch(self, cursor: Cursor | None) -> Page:
        imap = self._open()
        try:
            self._select(imap)
            return self._read_new(imap, dict((cursor or Cursor()).value))
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                imap.logout()

    def _select(self, imap: imaplib.IMAP4) -> None:
        status, _ = imap.select(_quote(self.mailbox), readonly=True)
        if status != "OK":
            raise SourceStopped(f"IMAP {self.imap_host} has no mailbox {self.mailbox!r}")

    def _read_new(self, imap: imaplib.IMAP4, state: dict[str, Any]) -> Page:
        """Read up to ``batch`` messages newer than the cursor from a selected mailbox."""
        _, validity = imap.response("UIDVALIDITY")
        uidvalidity = str(validity[0].decode() if validity and validity[0] else "")
        if not uidvalidity:
            uidvalidity = str(state.get("uidvalidity") or "")
        last = int(state.get("uid") or 0)
        if str(state.get("uidvalidity") or "") != uidvalidity:
            last = 0 if "uidvalidity" in state else -1  # -1: a brand-new source
        status, data = imap.uid("SEARCH", f"UID {max(last, 0) + 1}:*")
        if status != "OK":
            raise RetryableError(f"IMAP SEARCH failed: {data!r}")
        # "n:*" always matches the newest message even when its UID is below n.
        uids = sorted(int(u) for u in (data[0] or b"").split() if int(u) > max(last, 0))
        if last == -1:
            uids = uids[-self.initial :] if self.initial > 0 else []
        chunk = uids[: self.batch]
        items: list[Item] = []
        bad: list[BadItem] = []
        for uid in chunk:
            status, parts = imap.uid("FETCH", str(uid), "(BODY.PEEK[])")
            body = next((p[1] for p in parts or [] if isinstance(p, tuple) and len(p) > 1), None)
            if status != "OK" or not isinstance(body, bytes):
                bad.append(BadItem(error=f"IMAP FETCH {uid} failed", raw=repr(parts)[:2000]))
                continue
            try:
                items.append(
                    message_item(
                        body,
                        fallback_id=f"uid-{uidvalidity}-{uid}@{self.imap_host}",
                        mailbox=self.mailbox,
                    )
                )
            except ItemError as exc:
                bad.append(BadItem(error=str(exc), raw=exc.raw))
            except (ValueError, TypeError, LookupError, AssertionError) as exc:
                bad.append(
                    BadItem(
                        error=f"unreadable message {uid}: {exc!r}",
                        raw=body.decode("utf-8", "replace"),
                    )
                )
        newest = chunk[-1] if chunk else max(last, 0)
        return Page(
            items=items,
            bad=bad,
            cursor=Cursor({"uidvalidity": uidvalidity, "uid": newest}),
            has_more=len(uids) > len(chunk),
        )

    def _idle(self, imap: imaplib.IMAP4, stop: threading.Event, seconds: float) -> None:
        """RFC 2177 IDLE until new mail is announced, ``stop`` is set or ``seconds`` pass.

        imaplib (before 3.14) has no IDLE: the command is sent by hand, and the socket is
        polled with select() so a quiet mailbox never leaves a read blocked past ``stop``.
        """
        tag = imap._new_tag().decode()
        imap.send(f"{tag} IDLE\r\n".encode())
        if not imap.readline().startswith(b"+"):
            raise RetryableError(f"IMAP {self.imap_host} refused IDLE")
        deadline = time.monotonic() + seconds
        sock = imap.socket()
        while not stop.is_set() and time.monotonic() < deadline:
            readable, _, _ = select.select([sock], [], [], 1.0)
            if readable:
                line = imap.readline()
                if not line:
                    raise RetryableError(f"IMAP {self.imap_host} closed the connection")
                if b"EXISTS" in line or b"RECENT" in line:
                    break
        imap.send(b"DONE\r\n")
        while True:
            line = imap.readline()
            if not line or line.startswith(tag.encode()):
                break

    def stream(
        self, cursor: Cursor | None, stop: threading.Event, *, idle_seconds: float = 25 * 60
    ) -> Iterator[Page]:
        """Hold one connection open: read what is new, then IDLE until the server announces
        more (re-issued before the 29 minutes after which servers may drop an idle client)."""
        state = dict((cursor or Cursor()).value)
        imap = self._open()
        try:
            self._select(imap)
            while not stop.is_set():
                page = self._read_new(imap, state)
                state = dict(page.cursor.value)
                if page.items or page.bad:
                    yield page
                if page.has_more:
                    continue
                self._idle(imap, stop, idle_seconds)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise RetryableError(f"IMAP {self.imap_host}: {exc}") from exc
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                imap.logout()

    def close(self) -> None:
        """Nothing held between calls: each fetch, stream and send opens its own connection."""

    # --- sending -------------------------------------------------------------------------

    def compose(self, reply: OutboundReply) -> EmailMessage:
        """The reply as a message: To the parent's Reply-To or From, threaded on its ids."""
        parent = reply.parent_raw
        message = EmailMessage()
        sender = self.from_address
        message["From"] = sender
        if reply.in_reply_to:
            to = str(parent.get("reply_to") or parent.get("from") or "")
            ours = parseaddr(self.from_address)[1].lower()
            if ours and parseaddr(str(parent.get("from") or ""))[1].lower() == ours:
                # Following up on our own reply: it goes to whom that one went to.
                to = str(parent.get("to") or to)
            if not getaddresses([to]) or not parseaddr(to)[1]:
                raise SourceStopped(f"cannot tell whom to answer for {reply.in_reply_to}")
            message["To"] = to
            subject = str(parent.get("subject") or "")
            message["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
            message["In-Reply-To"] = f"<{reply.in_reply_to}>"
            refs = [str(r) for r in parent.get("references") or []]
            if reply.in_reply_to not in refs:
                refs.append(reply.in_reply_to)
            message["References"] = " ".join(f"<{r}>" for r in refs)
        else:
            raise SourceStopped("an email needs someone to answer: reply to a message instead")
        domain = parseaddr(sender)[1].rpartition("@")[2] or None
        message["Message-ID"] = make_msgid(domain=domain)
        message["Date"] = email.utils.format_datetime(datetime.now(UTC))
        message.set_content(reply.text)
        return message

    def send(self, reply: OutboundReply) -> ExternalRef:
        message = self.compose(reply)
        try:
            smtp: smtplib.SMTP
            if self.smtp_security == "ssl":
                cls_ssl = type("SMTP", (_GuardedSMTPSSL,), {"allow_private": self.allow_private})
                smtp = cls_ssl(
                    self.smtp_host,
                    self.smtp_port,
                    timeout=self.timeout,
                    context=ssl.create_default_context(),
                )
            else:
                cls = type("SMTP", (_GuardedSMTP,), {"allow_private": self.allow_private})
                smtp = cls(self.smtp_host, self.smtp_port, timeout=self.timeout)
            with smtp:
                if self.smtp_security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if self.smtp_username and self.smtp_password and self.smtp_security != "none":
                    smtp.login(self.smtp_username, self.smtp_password)
                smtp.send_message(message)
        except smtplib.SMTPAuthenticationError as exc:
            raise AuthError(f"SMTP {self.smtp_host} refused {self.smtp_username}") from exc
        except smtplib.SMTPRecipientsRefused as exc:
            raise SourceStopped(f"SMTP {self.smtp_host} refused the recipient: {exc}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise RetryableError(f"cannot send through SMTP {self.smtp_host}: {exc}") from exc
        ident = _ids(message["Message-ID"])[0]
        return ExternalRef(
            external_id=ident,
            raw={
                "message_id": ident,
                "subject": str(message["Subject"]),
                "from": str(message["From"]),
                "to": str(message["To"]),
                "in_reply_to": reply.in_reply_to,
                "references": _ids(message["References"]),
            },
        )


def _quote(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'
