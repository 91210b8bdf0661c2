"""Renderers of a ReportDocument: HTML (the page fragment and a standalone print page), PDF (WeasyPrint from the
print page, CJK fonts embedded), DOCX (python-docx, merged header cells as the official layout) and XLSX (openpyxl,
one sheet per table). All take the same document, so every download says what the page says."""

import json

from .docx import render_docx
from .html import render_html, render_print_html
from .pdf import render_pdf
from .xlsx import render_xlsx

CONTENT_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


def render(doc, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(doc.to_json(), ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "html":
        return render_print_html(doc).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(doc)
    if fmt == "docx":
        return render_docx(doc)
    if fmt == "xlsx":
        return render_xlsx(doc)
    raise ValueError(fmt)


def filename(doc, fmt: str) -> str:
    return f"{doc.title}.{fmt}"


__all__ = ["CONTENT_TYPES", "FORMATS", "filename", "render", "render_docx", "render_html", "render_pdf",
           "render_print_html", "render_xlsx"]
