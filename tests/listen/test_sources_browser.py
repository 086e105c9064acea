"""Settings → Listening in Chromium: add a source with its form, see the address guard refuse a
private URL, pause it, and open its page with the secret kept out of sight."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import log_in

pytestmark = pytest.mark.browser


def test_an_owner_adds_and_pauses_a_source(page, demo_server) -> None:
    log_in(page, demo_server)
    page.goto(f"{demo_server.url}/listening/")
    expect(page.get_by_role("heading", name="Listening")).to_be_visible()

    # A feed on a private address is refused, with the reason next to the form.
    page.get_by_role("link", name="Blog or site feed (RSS, Atom, RDF)").click()
    page.fill("input[name=name]", "Intranet blog")
    page.fill("input[name=opt_url]", "http://127.0.0.1:9/feed/")
    page.get_by_role("button", name="Add source").click()
    expect(page.get_by_text("a private or local address")).to_be_visible()

    page.goto(f"{demo_server.url}/listening/add/mastodon/")
    page.fill("input[name=name]", "Browser Mastodon")
    page.fill("input[name=opt_instance]", "https://mastodon.example")
    page.fill("input[name=opt_access_token]", "tok-BROWSER-SECRET")
    page.get_by_role("button", name="Add source").click()
    expect(page.get_by_role("heading", name="Browser Mastodon")).to_be_visible()
    expect(page.get_by_text("•••••• (set)")).to_be_visible()
    assert "tok-BROWSER-SECRET" not in page.content()

    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_text("Paused Browser Mastodon.")).to_be_visible()
    expect(page.locator(".card .badge", has_text="paused")).to_be_visible()
    page.goto(f"{demo_server.url}/listening/")
    row = page.locator('tr[data-source="Browser Mastodon"]')
    expect(row.get_by_text("paused")).to_be_visible()
    row.get_by_role("button", name="Resume").click()
    expect(row.get_by_text("not run yet")).to_be_visible()
