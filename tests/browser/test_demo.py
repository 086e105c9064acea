from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import log_in

pytestmark = pytest.mark.browser


def test_ada_logs_in_to_the_demo_and_sees_messages(page, demo_server):
    log_in(page, demo_server)
    rows = page.locator("table.conversations tr.conversation")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 20
    page.goto(f"{demo_server.url}/inbox/messages/")
    expect(page.get_by_role("heading", name="Messages")).to_be_visible()
    assert page.locator("table.messages tbody tr.message").count() >= 20
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Insights")


def test_the_search_box_narrows_the_list_without_a_reload(page, demo_server):
    log_in(page, demo_server)
    page.goto(f"{demo_server.url}/inbox/messages/")
    page.fill("input[name=q]", "order")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=order"))
    for text in page.locator("table.messages td.text").all_inner_texts()[:10]:
        assert "order" in text.lower()


def test_a_wrong_password_keeps_you_out(page, demo_server):
    log_in(page, demo_server, password="wrong")
    expect(page.locator(".error")).to_contain_text("did not match")
