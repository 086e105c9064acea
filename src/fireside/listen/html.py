"""HTML from the outside: sanitised with nh3 before it is stored, flattened to text for analysis."""

from __future__ import annotations

import html as _html
import re

import nh3

__all__ = ["html_to_text", "sanitize_html"]

_BLOCK = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|/blockquote|/tr)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\n\s*\n\s*\n+")


def sanitize_html(markup: str) -> str:
    """Keep safe formatting and links; drop scripts, styles, handlers and unknown schemes."""
    if not markup:
        return ""
    return nh3.clean(markup, link_rel="noopener noreferrer nofollow")


def html_to_text(markup: str) -> str:
    """Plain text for analysis: block ends become newlines, entities are decoded."""
    if not markup:
        return ""
    with_breaks = _BLOCK.sub("\n", markup)
    stripped = nh3.clean(with_breaks, tags=set(), strip_comments=True)
    text = _html.unescape(stripped)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _LINES.sub("\n\n", "\n".join(lines)).strip()
