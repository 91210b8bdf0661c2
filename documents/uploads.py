"""Checking uploaded files by their content, not their name, and extracting their text for the sensitive check.

Accepted: PDF, DOCX, XLSX (both are zip packages and are opened to check their parts) and images (PNG, JPEG, GIF,
WebP). The file name's extension must agree with the detected type; the size is limited by UPLOAD_MAX_BYTES.
"""

import hashlib
import io
import os
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
    return UploadInfo(kind, content_type, len(data), hashlib.sha256(data).hexdigest())


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
