"""Uploads are judged by what they contain, not by their names."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.uploads import UploadRejected, extract_text, inspect_upload

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def real_docx(text: str = "各村：请做好春耕准备。") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def real_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["村名", "面积"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def rejected(name: str, data: bytes, **kwargs) -> UploadRejected:
    with pytest.raises(UploadRejected) as exc:
        inspect_upload(upload(name, data), **kwargs)
    assert exc.value.field == "file" and name in exc.value.message
    return exc.value


@pytest.mark.parametrize("name, data", [
    ("通知.pdf", PDF), ("通知.docx", real_docx()), ("名单.xlsx", real_xlsx()), ("照片.png", png()),
])
def test_real_documents_are_accepted(name, data):
    info = inspect_upload(upload(name, data))
    assert info.size == len(data) and len(info.sha256) == 64


def test_an_html_page_renamed_pdf_is_refused():
    assert rejected("通知.pdf", b"<!doctype html><script>alert(1)</script>").code == "upload_type_not_allowed"


def test_a_program_renamed_pdf_is_refused():
    assert rejected("通知.pdf", b"MZ\x90\x00\x03 this program cannot be run").code == "upload_type_not_allowed"


def test_a_pdf_named_xlsx_is_refused_for_its_name():
    error = rejected("名单.xlsx", PDF)
    assert error.code == "upload_type_mismatch" and "PDF" in error.message


def test_a_truncated_pdf_is_refused():
    assert rejected("通知.pdf", PDF[:-7]).code == "upload_damaged"


@pytest.mark.parametrize("action", [b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>", b"/AA<</O<</S/Launch>>>>"])
def test_a_pdf_that_runs_something_by_itself_is_refused(action):
    data = PDF.replace(b"/Type/Catalog", b"/Type/Catalog" + action)
    error = rejected("通知.pdf", data)
    assert error.code == "upload_damaged" and "脚本" in error.message


def test_a_zip_with_the_part_names_of_a_word_file_but_other_content_is_refused():
    fake = package({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<html>not word</html>"})
    error = rejected("通知.docx", fake)
    assert error.code == "upload_damaged" and "改了扩展名" in error.message


def test_a_word_file_with_macros_is_refused():
    data = real_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    assert "宏" in rejected("通知.docx", package(parts)).message


def test_a_broken_word_file_is_refused():
    parts = {"[Content_Types].xml": f'<Types><Override ContentType="{WORD_MAIN}"/></Types>'.encode(),
             "word/document.xml": b"<w:document>unclosed"}
    assert "损坏" in rejected("通知.docx", package(parts)).message


def test_a_zip_bomb_dressed_as_a_word_file_is_refused():
    parts = {"[Content_Types].xml": f'<Types><Override ContentType="{WORD_MAIN}"/></Types>'.encode(),
             "word/document.xml": b"<w:document/>", "word/media/big.bin": b"\0" * (5 * 1024 * 1024)}
    assert "解压后过大" in rejected("通知.docx", package(parts)).message


def test_a_truncated_image_is_refused():
    assert rejected("照片.png", png()[:40]).code == "upload_damaged"


def test_an_empty_file_and_an_over_size_file_are_refused(settings):
    assert rejected("空.pdf", b"").code == "upload_empty"
    settings.UPLOAD_MAX_BYTES = 100
    assert rejected("大.pdf", PDF + b"0" * 200).code == "upload_too_large"


def test_only_the_allowed_kinds_pass():
    assert rejected("照片.png", png(), allowed=("docx",)).code == "upload_type_not_allowed"


def test_text_is_extracted_from_word_and_excel_for_the_sensitive_check():
    assert "春耕" in extract_text(real_docx(), "docx")
    assert "村名 面积" in extract_text(real_xlsx(), "xlsx")
    assert extract_text(png(), "image") == ""
