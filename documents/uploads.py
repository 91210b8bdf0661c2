"""Checking uploaded files by their content, not their name, and extracting their text for the sensitive check.

Accepted: PDF, DOCX, XLSX (both are zip packages and are opened to check their parts) and images (PNG, JPEG, GIF,
WebP). The file name's extension must agree with the detected type; the size is limited by UPLOAD_MAX_BYTES; and the
file must really be what it starts like: a PDF is complete and runs no scripts, a Word or Excel package declares the right
main part, carries no macros and does not inflate to hundreds of megabytes, an image decodes.
"""

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from gongkai.errors import DomainError


class UploadRejected(DomainError):
    default_code = "upload_rejected"


@dataclass(frozen=True)
class UploadInfo:
    kind: str  # pdf, docx, xlsx, image
    content_type: str
    size: int
    sha256: str


_EXTENSIONS = {
    "pdf": {".pdf"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "image": {".png", ".jpg", ".jpeg", ".gif", ".webp"},
}
_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_IMAGE_MIMES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
KIND_LABELS = {"pdf": "PDF", "docx": "Word 文档（.docx）", "xlsx": "Excel 表格（.xlsx）", "image": "图片"}


def inspect_upload(upload: UploadedFile, allowed: tuple[str, ...] = ("pdf", "docx", "xlsx", "image")) -> UploadInfo:
    """Check an upload's size and real type; raise UploadRejected with a specific Chinese message."""
    name = upload.name or ""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise UploadRejected(
            f"文件“{name}”大小为{upload.size / 1024 / 1024:.1f}MB，超过上限{limit / 1024 / 1024:.0f}MB。",
            code="upload_too_large", field="file")
    data = _read_all(upload)
    if not data:
        raise UploadRejected(f"文件“{name}”是空文件。", code="upload_empty", field="file")
    kind, content_type = _detect(data)
    extension = os.path.splitext(name)[1].lower()
    allowed_text = "、".join(KIND_LABELS[k] for k in allowed)
    if kind is None or kind not in allowed:
        raise UploadRejected(f"文件“{name}”的内容不是允许的类型（{allowed_text}）。", code="upload_type_not_allowed",
                             field="file")
    if extension not in _EXTENSIONS[kind]:
        raise UploadRejected(
            f"文件“{name}”的扩展名与内容不符：内容是{KIND_LABELS[kind]}，扩展名却是“{extension or '无'}”。",
            code="upload_type_mismatch", field="file")
    problem = _STRUCTURE_CHECKS[kind](data)
    if problem:
        raise UploadRejected(f"文件“{name}”{problem}", code="upload_damaged", field="file")
    return UploadInfo(kind, content_type, len(data), hashlib.sha256(data).hexdigest())


# --- structure: a file that merely starts like a PDF, or a zip that merely has the right part names, is refused ----

# An OOXML package is a zip: refuse one that would inflate to far more than any real document (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PART_RATIO = 200
_MAIN_PART_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
# Actions a PDF reader runs by itself; no document a government publishes needs them.
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch)(?![A-Za-z0-9])")


def _check_pdf(data: bytes) -> str:
    if b"%%EOF" not in data[-2048:]:
        return "不是完整的PDF文件（缺少文件结束标记），可能已损坏。"
    if _PDF_ACTIVE.search(data):
        return "含有脚本或自动运行的动作，不能作为政府信息发布，请另存为普通PDF后上传。"
    return ""


def _check_package(kind: str):
    def check(data: bytes) -> str:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES or any(
                    i.compress_size and i.file_size > 1024 * 1024 and i.file_size / i.compress_size > MAX_PART_RATIO
                    for i in infos):
                return "解压后过大，不像正常的文档。"
            names = {i.filename.lower() for i in infos}
            if any(n.endswith("vbaproject.bin") for n in names):
                return "含有宏代码，请另存为不含宏的文档后上传。"
            if _MAIN_PART_TYPES[kind] not in package.read("[Content_Types].xml").decode("utf-8", "replace"):
                return "的内部结构不是正常的文档（可能是改了扩展名的其他文件）。"
        try:
            if kind == "docx":
                _docx_text(data)
            else:
                _xlsx_text(data)
        except Exception:  # noqa: BLE001 - the parser's own error means the same to the person uploading
            return "无法打开，可能已损坏。"
        return ""

    return check


def _check_image(data: bytes) -> str:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of errors for a broken image
        return "不是完整的图片文件，可能已损坏。"
    return ""


_STRUCTURE_CHECKS = {"pdf": _check_pdf, "docx": _check_package("docx"), "xlsx": _check_package("xlsx"),
                     "image": _check_image}


def extract_text(upload_or_path, kind: str) -> str:
    """Plain text of a PDF, DOCX or XLSX (empty for images), for the sensitive-content check."""
    data = upload_or_path if isinstance(upload_or_path, bytes) else _read_all(upload_or_path)
    try:
        if kind == "docx":
            return _docx_text(data)
        if kind == "xlsx":
            return _xlsx_text(data)
        if kind == "pdf":
            return _pdf_text(data)
    except Exception:  # noqa: BLE001 - a damaged file is rejected by its type check, not here
        return ""
    return ""


def _read_all(upload) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read()
    if hasattr(upload, "seek"):
        upload.seek(0)
    return data


def _detect(data: bytes) -> tuple[str | None, str]:
    if data.startswith(b"%PDF-"):
        return "pdf", _CONTENT_TYPES["pdf"]
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
        except zipfile.BadZipFile:
            return None, ""
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx", _CONTENT_TYPES["docx"]
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx", _CONTENT_TYPES["xlsx"]
        return None, ""
    guess = filetype.guess(data)
    if guess is not None and guess.mime in _IMAGE_MIMES:
        return "image", guess.mime
    return None, ""


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.append(" ".join(str(v) for v in row if v is not None))
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "") for page in reader.pages[:200])
