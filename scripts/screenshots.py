"""Screenshots of the main pages for docs/screenshots/, taken from a running `fireside demo`.

.venv/bin/fireside demo --port 8765 &      # then:
.venv/bin/python scripts/screenshots.py http://127.0.0.1:8765
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{base}/login/")
        page.screenshot(path=OUT / "login.png")
        page.fill("input[name=username]", "ada")
        page.fill("input[name=password]", "fireside-demo")
        page.click("button[type=submit]")
        page.wait_for_selector("table.conversations")
        page.screenshot(path=OUT / "inbox.png")
        page.locator("table.conversations td.what a").first.click()
        page.wait_for_selector("#reply-text")
        page.select_option("#saved-reply", index=1)
        page.wait_for_timeout(500)
        page.screenshot(path=OUT / "conversation.png", full_page=True)
        for name, path in [
            ("spam", "/inbox/?status=spam&sort=newest"),
            ("messages", "/inbox/messages/"),
            ("people", "/people/"),
            ("insights", "/insights/"),
            ("inbox-settings", "/inbox/settings/"),
            ("listening", "/listening/"),
        ]:
            page.goto(base + path)
            page.screenshot(path=OUT / f"{name}.png")
        browser.close()
    print(f"wrote {len(list(OUT.glob('*.png')))} screenshots to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
