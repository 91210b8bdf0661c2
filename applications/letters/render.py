"""Rendering a letter to PDF (WeasyPrint, CJK fonts embedded as subsets) and DOCX (python-docx, East-Asian font set
explicitly so Word does not fall back to its default CJK font). Layout after GB/T 9704 (党政机关公文格式): A4, the
issuing agency's name in red over a red rule, the number, the title, the addressee, the body indented two characters,
the agency and the date at the right."""

import io
import logging

from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from workdays.explanations import cn_date

from ..models import Letter

logger = logging.getLogger(__name__)
# WeasyPrint reports every layout step at INFO; a letter is not worth seven log lines.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

BODY_FONT_DOCX = "仿宋"
TITLE_FONT_DOCX = "宋体"


def _context(letter: Letter) -> dict:
    agency = letter.application.agency
    return {"letter": letter, "agency_name": agency.name, "paragraphs": letter.paragraphs,
            "issued": cn_date(letter.issued_on, with_year=True)}


def letter_html(letter: Letter) -> str:
    return render_to_string("applications/letters/letter.html", _context(letter))


def render_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML

    return HTML(string=letter_html(letter)).write_pdf()


def render_docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    def east_asian(run_or_style, name: str) -> None:
        run_or_style.font.name = name
        rpr = run_or_style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    east_asian(normal, BODY_FONT_DOCX)
    normal.font.size = Pt(16)  # 三号
    normal.paragraph_format.line_spacing = Pt(28)

    ctx = _context(letter)
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(ctx["agency_name"])
    east_asian(run, TITLE_FONT_DOCX)
    run.font.size, run.font.bold, run.font.color.rgb = Pt(26), True, RGBColor(0xC0, 0x00, 0x00)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.add_run(letter.number)
    rule = document.add_paragraph()
    rule_run = rule.add_run("—" * 21)
    rule_run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_run = title.add_run(letter.title)
    east_asian(title_run, TITLE_FONT_DOCX)
    title_run.font.size, title_run.font.bold = Pt(22), True
    for index, text in enumerate(ctx["paragraphs"]):
        paragraph = document.add_paragraph(text)
        if index > 0:  # the first paragraph is the addressee line, flush left
            paragraph.paragraph_format.first_line_indent = Pt(32)
    for text in ("", ctx["agency_name"], ctx["issued"]):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_files(letter: Letter) -> Letter:
    """Render both files and store them on the letter (idempotent: existing files are replaced)."""
    base = f"{letter.application.number}-{letter.kind}-{letter.pk}"
    letter.docx.save(f"{base}.docx", ContentFile(render_docx(letter)), save=False)
    letter.pdf.save(f"{base}.pdf", ContentFile(render_pdf(letter)), save=False)
    letter.save(update_fields=["docx", "pdf"])
    return letter


def ensure_files(letter: Letter) -> Letter:
    """The files, rendering them now if the background rendering has not run (or failed)."""
    if not letter.pdf or not letter.docx:
        render_files(letter)
    return letter
