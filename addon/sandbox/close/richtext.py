"""Plain text <-> simple HTML for notes and email bodies."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6])>|<br\s*/?>", re.IGNORECASE)


def html_to_text(markup: str) -> str:
    """Strip tags from HTML, keeping paragraph breaks as newlines."""
    text = _TAG.sub("", _BLOCK_END.sub("\n", markup))
    lines = [line.strip() for line in html.unescape(text).splitlines()]
    return "\n".join(line for line in lines if line)


def text_to_html(text: str) -> str:
    """Wrap each line of plain text in an escaped ``<p>``."""
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())


def preview(text: str, size: int = 150) -> str:
    """Return the first ``size`` characters of text on one line (an email's body_preview)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1].rstrip() + "…"
