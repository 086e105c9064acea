"""The email connector against a real Dovecot IMAP server and a local SMTP sink.

Dovecot runs from a throwaway config (see shared/recipes/imap-dovecot.md); without it
(``apt-get install dovecot-imapd``) the IMAP tests skip and say why.
"""

from __future__ import annotations

import email
import email.policy
import imaplib
import os
import shutil
import socket
import socketserver
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fireside.listen.email import EmailConnector, message_item
from fireside.listen.errors import AuthError, ItemError
from fireside.listen.items import Cursor, OutboundReply
from tests.listen.conftest import fixture_bytes

DOVECOT = "/usr/sbin/dovecot"
PASSWORD = "s3cret-pass"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Dovecot:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="fireside-dovecot-"))
        os.chmod(self.dir, 0o755)
        self.port = _free_port()
        (self.dir / "mail").mkdir()
        (self.dir / "run").mkdir()
        self.conf = self.dir / "dovecot.conf"
        self.conf.write_text(
            f"""
protocols = imap
listen = 127.0.0.1
base_dir = {self.dir}/run
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 8
mail_location = maildir:~/Maildir
mailbox_idle_check_interval = 1 secs
log_path = {self.dir}/dovecot.log
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid=mail gid=mail home={self.dir}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
}}
"""
        )
        subprocess.run(["chown", "-R", "mail:mail", str(self.dir / "mail")], check=True)
        subprocess.run(
            [DOVECOT, "-c", str(self.conf)],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError((self.dir / "dovecot.log").read_text())

    def append(self, user: str, message: bytes, mailbox: str = "INBOX") -> None:
        imap = imaplib.IMAP4("127.0.0.1", self.port)
        try:
            imap.login(user, PASSWORD)
            imap.append(
                mailbox, None, None, message.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            )
        finally:
            imap.logout()

    def stop(self) -> None:
        subprocess.run(
            [DOVECOT, "-c", str(self.conf), "stop"],
            check=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    if not os.path.exists(DOVECOT):
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd)")
    if os.geteuid() != 0:
        pytest.skip("running Dovecot as the mail user needs root")
    server = Dovecot()
    yield server
    server.stop()


class SmtpSink:
    """A tiny SMTP server that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 sink ESMTP\r\n")
                sender, recipients = "", []
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    command = line.decode().strip()
                    verb = command.split(" ", 1)[0].upper()
                    if verb in ("EHLO", "HELO"):
                        self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
                    elif verb == "MAIL":
                        sender = command.split(":", 1)[1].strip(" <>")
                        self.wfile.write(b"250 OK\r\n")
                    elif verb == "RCPT":
                        recipients.append(command.split(":", 1)[1].strip(" <>"))
                        self.wfile.write(b"250 OK\r\n")
                    elif verb == "DATA":
                        self.wfile.write(b"354 go ahead\r\n")
                        data = b""
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            data += chunk[1:] if chunk.startswith(b"..") else chunk
                        sink.messages.append((sender, recipients, data))
                        self.wfile.write(b"250 queued\r\n")
                    elif verb == "QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 OK\r\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    yield sink
    sink.stop()


def _connector(dovecot: Dovecot, user: str, **settings: str) -> EmailConnector:
    return EmailConnector(
        {
            "imap_host": "127.0.0.1",
            "imap_port": str(dovecot.port),
            "imap_security": "none",
            "username": user,
            **settings,
        },
        {"password": PASSWORD},
    )


def test_it_reads_a_real_mailbox_by_uid_and_threads_by_message_id(dovecot: Dovecot) -> None:
    user = "support1"
    for name in ("question.eml", "followup.eml", "no_sender.eml"):
        dovecot.append(user, fixture_bytes("email", name))
    connector = _connector(dovecot, user)
    page = connector.fetch(None)
    assert [i.external_id for i in page.items] == ["q1.ada@example.com", "q3.ada@example.com"]
    question, followup = page.items
    assert question.text == "Hello, my grinder stopped after two days. Café order #1234."
    assert question.author is not None and question.author.handle == "ada@example.com"
    assert question.title == "My grinder broke" and question.kind == "email"
    assert followup.in_reply_to == "r2.support@brew.example"
    assert followup.thread_root == "q1.ada@example.com"
    assert followup.text == "Still broken." and "<script>" not in followup.html
    assert len(page.bad) == 1 and "no sender" in page.bad[0].error
    # Nothing is marked as read, and the next fetch only sees new mail.
    again = connector.fetch(page.cursor)
    assert again.items == [] and again.bad == []
    dovecot.append(user, fixture_bytes("email", "question.eml").replace(b"q1.ada", b"q9.ada"))
    newer = connector.fetch(again.cursor)
    assert [i.external_id for i in newer.items] == ["q9.ada@example.com"]


def test_a_changed_uidvalidity_reads_the_mailbox_again(dovecot: Dovecot) -> None:
    user = "support2"
    dovecot.append(user, fixture_bytes("email", "question.eml"))
    connector = _connector(dovecot, user)
    page = connector.fetch(Cursor({"uidvalidity": "1", "uid": 99}))
    assert [i.external_id for i in page.items] == ["q1.ada@example.com"]


def test_batches_say_there_is_more(dovecot: Dovecot) -> None:
    user = "support3"
    for n in range(3):
        dovecot.append(
            user, fixture_bytes("email", "question.eml").replace(b"q1.ada", f"b{n}.ada".encode())
        )
    connector = _connector(dovecot, user, batch="2")
    first = connector.fetch(Cursor({"uidvalidity": "", "uid": 0}))
    assert len(first.items) == 2 and first.has_more
    second = connector.fetch(first.cursor)
    assert len(second.items) == 1 and not second.has_more


def test_a_wrong_password_is_an_auth_error(dovecot: Dovecot) -> None:
    connector = EmailConnector(
        {
            "imap_host": "127.0.0.1",
            "imap_port": str(dovecot.port),
            "imap_security": "none",
            "username": "x",
        },
        {"password": "wrong"},
    )
    with pytest.raises(AuthError):
        connector.fetch(None)


def test_replies_go_out_over_smtp_threaded_on_the_parent(smtp: SmtpSink) -> None:
    parent = message_item(fixture_bytes("email", "followup.eml"))
    connector = EmailConnector(
        {
            "imap_host": "127.0.0.1",
            "username": "support@brew.example",
            "smtp_host": "127.0.0.1",
            "smtp_port": str(smtp.port),
            "smtp_security": "none",
            "from_address": "Brew Support <support@brew.example>",
        },
        {"password": "pw"},
    )
    ref = connector.send(
        OutboundReply(
            text="We'll send a new one today.",
            in_reply_to=parent.external_id,
            parent_raw=parent.raw,
        )
    )
    sender, recipients, data = smtp.messages[0]
    assert sender == "support@brew.example" and recipients == ["ada.private@example.com"]
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message["In-Reply-To"] == "<q3.ada@example.com>"
    assert str(message["References"]).split() == [
        "<q1.ada@example.com>",
        "<r2.support@brew.example>",
        "<q3.ada@example.com>",
    ]
    assert message["Subject"] == "Re: My grinder broke"
    assert message["Message-ID"] == f"<{ref.external_id}>"
    assert message.get_content().strip() == "We'll send a new one today."


def test_a_message_without_a_sender_is_an_item_error() -> None:
    with pytest.raises(ItemError):
        message_item(fixture_bytes("email", "no_sender.eml"))


def test_a_follow_up_to_our_own_reply_goes_to_the_customer(smtp: SmtpSink) -> None:
    connector = EmailConnector(
        {
            "imap_host": "127.0.0.1",
            "username": "support@brew.example",
            "smtp_host": "127.0.0.1",
            "smtp_port": str(smtp.port),
            "smtp_security": "none",
            "from_address": "Brew Support <support@brew.example>",
        },
        {"password": "pw"},
    )
    first = connector.send(
        OutboundReply(
            text="First answer",
            in_reply_to="q1.ada@example.com",
            parent_raw=message_item(fixture_bytes("email", "question.eml")).raw,
        )
    )
    connector.send(
        OutboundReply(text="One more thing", in_reply_to=first.external_id, parent_raw=first.raw)
    )
    assert [recipients for _, recipients, _ in smtp.messages] == [
        ["ada@example.com"],
        ["ada@example.com"],
    ]
    second = email.message_from_bytes(smtp.messages[1][2], policy=email.policy.default)
    assert second["Subject"] == "Re: My grinder broke"
    assert str(second["References"]).split() == ["<q1.ada@example.com>", f"<{first.external_id}>"]


def test_the_stream_idles_until_new_mail_arrives(dovecot: Dovecot) -> None:
    import threading

    user = "support4"
    dovecot.append(user, fixture_bytes("email", "question.eml"))
    connector = _connector(dovecot, user)
    stop = threading.Event()
    pages: list = []

    def consume() -> None:
        for page in connector.stream(None, stop, idle_seconds=30):
            pages.append(page)

    thread = threading.Thread(target=consume)
    thread.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not pages:
        time.sleep(0.05)
    dovecot.append(user, fixture_bytes("email", "question.eml").replace(b"q1.ada", b"idle.ada"))
    while time.monotonic() < deadline and len(pages) < 2:
        time.sleep(0.05)
    stop.set()
    thread.join(10)
    assert not thread.is_alive()
    ids = [item.external_id for page in pages for item in page.items]
    assert ids == ["q1.ada@example.com", "idle.ada@example.com"]
    assert pages[-1].cursor.value["uid"] == 2
