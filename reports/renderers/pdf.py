import logging

from .html import render_print_html

# WeasyPrint logs every CSS property it ignores; the report's styles are known-good.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def render_pdf(doc) -> bytes:
    """A4, Noto CJK fonts embedded (subset), the page number at the foot."""
    from weasyprint import HTML

    return HTML(string=render_print_html(doc)).write_pdf()
