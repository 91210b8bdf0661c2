"""Bodies of catalogue items: HTML pasted from Word is sanitised to a small safe subset; a .docx can be imported."""

import html
import io
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "h2", "h3", "h4", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "blockquote", "a", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def sanitize_html(raw: str) -> str:
    """Keep structure (paragraphs, headings, lists, tables, links); drop scripts, styles, Word's mso-markup and
    every event handler. `<script>` content is removed entirely, not shown as text."""
    raw = raw or ""
    # Word's conditional comments and <o:p> tags carry nothing a reader needs.
    raw = re.sub(r"<!--\[if.*?<!\[endif\]-->", "", raw, flags=re.S | re.I)
    cleaned = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        clean_content_tags={"script", "style", "xml", "title", "head", "iframe", "object"},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    cleaned = re.sub(r"<p>(\s|&nbsp;|<br>)*</p>", "", cleaned)
    return cleaned.strip()


def html_to_text(body_html: str) -> str:
    """The readable text of a body (for search and for the sensitive-content check)."""
    with_breaks = re.sub(r"</(p|h\d|li|tr|blockquote)>|<br\s*/?>", "\n", body_html or "", flags=re.I)
    text = nh3.clean(with_breaks, tags=set(), clean_content_tags={"script", "style"})
    return html.unescape(text).strip()


def docx_to_html(data: bytes) -> str:
    """Convert an uploaded Word document to sanitised HTML (mammoth keeps headings, lists, tables)."""
    import mammoth

    result = mammoth.convert_to_html(io.BytesIO(data))
    return sanitize_html(result.value)
