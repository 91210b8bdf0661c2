"""Highlighted snippets of the original (unsegmented) text around the first query term found."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, terms: list[str], width: int = 120) -> SafeString:
    text = " ".join((text or "").split())
    lowered = text.lower()
    positions = [p for p in (lowered.find(t) for t in terms if t) if p >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    window = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + mark_terms(window, terms) + suffix)  # noqa: S308 - every piece is escaped


def mark_terms(text: str, terms: list[str]) -> str:
    """Escape `text` and wrap each occurrence of any term in <mark> (the longest term first where two start at the same
    place; letters in any case). One regular expression, and one escape per piece rather than per character: this
    runs for every result shown."""
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    if not ordered:
        return escape(text)
    out, last = [], 0
    for found in re.finditer("|".join(re.escape(t) for t in ordered), text, flags=re.IGNORECASE):
        out += [escape(text[last : found.start()]), "<mark>", escape(found.group()), "</mark>"]
        last = found.end()
    out.append(escape(text[last:]))
    return "".join(out)
