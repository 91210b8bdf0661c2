"""Highlighted snippets of the original (unsegmented) text around the first query term found."""

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
    """Escape `text` and wrap each occurrence of any term in <mark>."""
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    out, i, lowered = [], 0, text.lower()
    while i < len(text):
        hit = next((t for t in ordered if lowered.startswith(t, i)), None)
        if hit:
            out.append("<mark>" + escape(text[i : i + len(hit)]) + "</mark>")
            i += len(hit)
        else:
            out.append(escape(text[i]))
            i += 1
    return "".join(out)
