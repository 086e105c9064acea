"""An agent's morning, in Chromium: log in, filter, open, reply through the channel, close.

Fireside runs as a real `fireside serve` on its own database; the customer's channel is a local
Mastodon instance (tests.inbox.fake_mastodon) that receives the reply.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    Server,
    _drop_postgres_database,
    _postgres_database,
    log_in,
    start_fireside,
    stop_fireside,
)
from tests.inbox.fake_mastodon import FakeMastodon, account
from tests.listen.conftest import LocalServer

pytestmark = pytest.mark.browser
PASSWORD = "agent-test-password"


def fireside(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "fireside.cli", *args],
        env=env,
        cwd=env["HOME"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"fireside {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def channel() -> Iterator[FakeMastodon]:
    server = LocalServer()
    fake = FakeMastodon(server)
    fake.mention(
        "2001",
        "@kestrel my K2 grinder arrived broken, order #7777. What now?",
        account(21, "maija", "Maija Virtanen", 800),
    )
    fake.mention("2002", "@kestrel love the new roast!", account(22, "olli", "Olli Laine", 40))
    yield fake
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="module")
def team_server(tmp_path_factory, channel) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("team")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIRESIDE_")}
    env |= {
        "HOME": str(home),
        "FIRESIDE_DATA_DIR": str(home / "var"),
        "FIRESIDE_ALLOW_PRIVATE_URLS": "true",
    }
    postgres = _postgres_database()
    if postgres:
        env["FIRESIDE_DATABASE_URL"] = postgres[0]
    fireside(
        env, "init", "--workspace", "Kestrel Coffee", "--username", "ada", "--password", PASSWORD
    )
    fireside(env, "createuser", "ben", "--role", "agent", "--password", PASSWORD)
    fireside(
        env,
        "sources",
        "add",
        "mastodon",
        "--name",
        "Kestrel on Mastodon",
        "--option",
        f"instance={channel.url}",
        "--option",
        "access_token=tok-123",
    )
    fireside(env, "listen", "--once")
    server = start_fireside(["serve"], env=env, cwd=home)
    yield server
    stop_fireside(server)
    if postgres:
        _drop_postgres_database(postgres[1])


def test_an_agent_answers_a_customer_through_the_channel(page, team_server, channel):
    log_in(page, team_server, "ben", PASSWORD)
    expect(page.locator("table.conversations")).to_contain_text("arrived broken")

    page.select_option("select[name=channel]", "mastodon")
    page.fill("input[name=q]", "grinder")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=grinder"))
    rows = page.locator("table.conversations tr.conversation")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Maija Virtanen")

    rows.first.locator("td.what a").click()
    expect(page.locator(".public-warning")).to_contain_text("public on mastodon")
    page.fill("#reply-text", "Hi Maija, so sorry! A new K2 is on its way today.")
    expect(page.locator("#char-count")).to_contain_text("/ 500")
    page.click("#send")
    expect(page.locator(".msg.outbound")).to_contain_text("A new K2 is on its way")
    expect(page.locator(".msg.outbound .badge.ok")).to_have_text("sent")
    assert channel.posted[-1]["in_reply_to_id"] == "2001"
    assert channel.posted[-1]["status"].endswith("A new K2 is on its way today.")

    page.click("#close-button")
    expect(page.locator(".status")).to_have_text("Closed")
    expect(page.locator(".convo-meta")).to_contain_text("first response in")

    page.goto(f"{team_server.url}/insights/")
    expect(page.locator(".cards")).to_contain_text("1 of")


def test_keyboard_shortcuts_move_and_explain_themselves(page, team_server):
    log_in(page, team_server, "ben", PASSWORD)
    page.goto(f"{team_server.url}/inbox/?status=all")
    page.keyboard.press("j")
    expect(page.locator("tr.conversation.selected")).to_have_count(1)
    page.keyboard.press("?")
    expect(page.locator("dialog#shortcuts")).to_be_visible()
