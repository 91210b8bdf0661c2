"""Reading the sheets vendor CMSs export, one row at a time: CSV (UTF-8 with or without BOM, UTF-16, GBK/GB18030),
XLSX (openpyxl's read-only mode, titles above the header and merged two-level headers), and a ZIP holding one such
sheet and the attachment files it names.

Nothing here holds the rows of a file: `Table.rows` is a generator, so a file of any length is read in bounded memory.
"""

import codecs
import csv
import io
import itertools
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from .errors import ImportFileError
from .normalise import normalise_text

SAMPLE_BYTES = 64 * 1024
MAX_SHEET_BYTES = 2 * 1024 * 1024 * 1024  # a sheet inside a ZIP is copied out: refuse one that inflates beyond this
HEADER_SCAN_ROWS = 8
SHEET_EXTENSIONS = (".csv", ".xlsx")
# Vendor exports put several hundred characters of HTML in one cell; the csv module's default limit is 128 KiB.
csv.field_size_limit(16 * 1024 * 1024)


@dataclass
class Table:
    """A sheet: its column names (from the header) and its data rows as (line number, cells) pairs. Line numbers are
    those a person sees in Excel or a text editor: the header's first line is 1 (or lower when a title stands above)."""

    columns: list[str]
    rows: Iterator[tuple[int, list]]
    total_hint: int | None = None  # the number of data rows, when the file says so (XLSX dimension)
    encoding: str = ""


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 by BOM; otherwise UTF-8 if the sample decodes as UTF-8, else GB18030
    (a superset of GBK and GB2312, what Chinese Windows and most domestic CMSs write). UTF-8 is self-checking: text in
    GBK practically never decodes as UTF-8, so trying it first is safe."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ImportFileError("无法识别文件的字符编码：请另存为 UTF-8 或 GBK 编码的 CSV，或 Excel（.xlsx）文件。",
                          code="import_encoding")


def locate_header(first_rows: list[list], known_headers: set[str]) -> tuple[int, list[str], int]:
    """(number of rows the header takes, the column names, index of the header's last row) from the first rows.

    The header is the row naming most known fields (a title row above it — “东升乡政府信息公开目录”, often merged
    across all columns — has one cell at most). A second header row below it is recognised when it names known fields
    too: that is a two-level header with merged cells (read-only mode gives a merged cell's value in its first cell and
    None in the others), e.g. “日期” merged across over “成文日期 | 发布日期”, and “索引号” merged downwards. Each column
    is then named by its lower cell, or by the upper one where the lower is empty (the cell merged downwards)."""
    texts = [[normalise_text(v) for v in row] for row in first_rows]

    def score(row: list[str]) -> tuple[int, int]:
        return (sum(1 for v in row if v in known_headers), sum(1 for v in row if v))

    candidates = [i for i, row in enumerate(texts) if sum(1 for v in row if v) >= 2]
    if not candidates:
        raise ImportFileError("文件中没有找到表头行（第一行应为列名，如“索引号、标题、发布日期”）。", code="import_no_header")
    top = max(candidates, key=lambda i: (score(texts[i]), -i))
    upper = texts[top]
    last = top
    names = list(upper)
    if top + 1 < len(texts):
        lower = texts[top + 1]
        if score(lower)[0] >= 1 and any(lower[c] and not (upper[c] if c < len(upper) else "")
                                        for c in range(len(lower))):
            width = max(len(upper), len(lower))
            upper = upper + [""] * (width - len(upper))
            lower = lower + [""] * (width - len(lower))
            names = [lo or u for u, lo in zip(upper, lower, strict=True)]
            last = top + 1
    while names and not names[-1]:
        names.pop()
    seen: dict[str, int] = {}
    columns = []
    for i, name in enumerate(names):
        name = name or f"第{i + 1}列"
        seen[name] = seen.get(name, 0) + 1
        columns.append(name if seen[name] == 1 else f"{name}（{seen[name]}）")
    return last + 1, columns, last


def _data_rows(rows: Iterator[list], first_line: int, width: int) -> Iterator[tuple[int, list]]:
    for line, row in enumerate(rows, start=first_line):
        cells = list(row[:width]) + [None] * (width - len(row))
        if any(c is not None and normalise_text(c) for c in cells):
            yield line, cells


def read_csv(binary, known_headers: set[str]) -> Table:
    """A CSV read from a binary file object (left open: the caller owns it)."""
    sample = binary.read(SAMPLE_BYTES)
    binary.seek(0)
    if not sample.strip():
        raise ImportFileError("文件是空的。", code="import_empty")
    encoding = detect_encoding(sample)
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    try:
        dialect = csv.Sniffer().sniff(sample.decode(encoding, errors="ignore")[:8192], delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(text, delimiter=delimiter)

    def raw_rows() -> Iterator[list]:
        try:
            yield from reader
        except UnicodeDecodeError:
            raise ImportFileError(f"文件第{reader.line_num + 1}行附近有不属于{_ENCODING_LABELS.get(encoding, encoding)}"
                                  f"编码的字符：请确认整个文件使用同一种编码保存。", code="import_encoding")
        except csv.Error as error:
            raise ImportFileError(f"文件第{reader.line_num}行不是有效的CSV（{error}）。", code="import_csv")

    rows = raw_rows()
    head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
    consumed, columns, _ = locate_header(head, known_headers)
    rest = itertools.chain(head[consumed:], rows)
    return Table(columns, _data_rows(rest, consumed + 1, len(columns)), None, encoding)


_ENCODING_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GBK/GB18030", "utf-16": "UTF-16"}


def read_xlsx(path: Path, known_headers: set[str]) -> tuple[Table, object]:
    """The first worksheet of an XLSX, in read-only mode (rows streamed from the sheet's XML). Returns the table and
    the workbook, which the caller closes."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for a file that is not a workbook
        raise ImportFileError("无法打开该 Excel 文件：请确认是 .xlsx 格式（不是 .xls 或改了扩展名的其他文件）。",
                              code="import_xlsx")
    sheet = workbook.worksheets[0]
    rows = (list(r) for r in sheet.iter_rows(values_only=True))
    head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
    consumed, columns, _ = locate_header(head, known_headers)
    total = None
    if sheet.max_row and sheet.max_row > consumed:
        total = sheet.max_row - consumed
    rest = itertools.chain(head[consumed:], rows)
    return Table(columns, _data_rows(rest, consumed + 1, len(columns)), total, "xlsx"), workbook


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name: ZIPs made on Chinese Windows store GBK names without the UTF-8 flag, which Python reads as
    cp437; re-decode those (UTF-8 first, for tools that write UTF-8 without setting the flag)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437", errors="replace")
        for encoding in ("utf-8", "gb18030"):
            try:
                name = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return name.replace("\\", "/").lstrip("./")


class AttachmentProblem(Exception):
    """A named attachment that cannot be taken from the archive; str() is the Chinese reason."""


@dataclass
class ImportSource:
    """An uploaded file opened for reading: a sheet alone, or a ZIP with the sheet and its attachments. Use as a
    context manager; `table()` streams the rows, `attachment(name)` gives one file's bytes."""

    path: Path
    file_name: str
    known_headers: set[str] = field(default_factory=set)
    kind: str = ""
    _zip: zipfile.ZipFile | None = None
    _members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    _by_basename: dict[str, list[str]] = field(default_factory=dict)
    _closers: list = field(default_factory=list)

    def __enter__(self) -> "ImportSource":
        extension = os.path.splitext(self.file_name)[1].lower()
        self.kind = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".zip": "zip"}.get(extension, "")
        if not self.kind:
            raise ImportFileError(f"不支持的文件类型“{extension or '无扩展名'}”：请上传 CSV、Excel（.xlsx）或 ZIP 压缩包。",
                                  code="import_type")
        if self.kind == "zip":
            try:
                self._zip = zipfile.ZipFile(self.path)
            except zipfile.BadZipFile:
                raise ImportFileError("该文件不是有效的 ZIP 压缩包。", code="import_zip")
            self._closers.append(self._zip.close)
            for info in self._zip.infolist():
                name = _member_name(info)
                if info.is_dir() or name.startswith("__MACOSX/") or os.path.basename(name).startswith("."):
                    continue
                self._members[name] = info
                self._by_basename.setdefault(os.path.basename(name), []).append(name)
        return self

    def __exit__(self, *exc) -> None:
        for close in reversed(self._closers):
            close()
        self._closers.clear()

    @property
    def has_archive(self) -> bool:
        return self._zip is not None

    def _sheet_member(self) -> str:
        sheets = [n for n in self._members if n.lower().endswith(SHEET_EXTENSIONS)]
        if not sheets:
            raise ImportFileError("压缩包中没有 CSV 或 Excel（.xlsx）目录表格。", code="import_zip_no_sheet")
        shallowest = min(n.count("/") for n in sheets)
        top = [n for n in sheets if n.count("/") == shallowest]
        if len(top) > 1:
            raise ImportFileError(f"压缩包最上层有多个表格文件（{'、'.join(sorted(top))}），请只保留一个目录表格。",
                                  code="import_zip_many_sheets")
        return top[0]

    def table(self) -> Table:
        if self.kind == "csv":
            binary = open(self.path, "rb")  # noqa: SIM115 - closed in __exit__
            self._closers.append(binary.close)
            return read_csv(binary, self.known_headers)
        if self.kind == "xlsx":
            table, workbook = read_xlsx(self.path, self.known_headers)
            self._closers.append(workbook.close)
            return table
        member = self._sheet_member()
        if self._members[member].file_size > MAX_SHEET_BYTES:
            raise ImportFileError(f"压缩包中的目录表格“{member}”解压后超过{MAX_SHEET_BYTES // 1024 // 1024}MB。",
                                  code="import_too_large")
        # The sheet is copied out of the archive (streamed) so openpyxl and csv read an ordinary file.
        handle, temp = tempfile.mkstemp(suffix=os.path.splitext(member)[1].lower(), prefix="gongkai-import-")
        self._closers.append(lambda: os.unlink(temp))
        with os.fdopen(handle, "wb") as out, self._zip.open(self._members[member]) as src:
            shutil.copyfileobj(src, out)
        inner = ImportSource(Path(temp), member, self.known_headers)
        inner.__enter__()
        self._closers.append(lambda: inner.__exit__(None, None, None))
        return inner.table()

    def attachment(self, reference: str) -> tuple[str, bytes]:
        """(file name, content) of the attachment a row names by file name or by path inside the archive."""
        reference = reference.replace("\\", "/").lstrip("./").strip()
        if self._zip is None:
            raise AttachmentProblem(f"附件“{reference}”不在上传的文件中：带附件的目录请连同附件打包为 ZIP 上传。")
        name = reference if reference in self._members else None
        if name is None:
            found = self._by_basename.get(os.path.basename(reference), [])
            if len(found) > 1:
                raise AttachmentProblem(f"压缩包中有多个名为“{os.path.basename(reference)}”的文件，请在附件列写明路径。")
            name = found[0] if found else None
        if name is None:
            raise AttachmentProblem(f"附件“{reference}”在压缩包中不存在。")
        info = self._members[name]
        limit = settings.UPLOAD_MAX_BYTES
        if info.file_size > limit:
            raise AttachmentProblem(f"附件“{reference}”大小为{info.file_size / 1024 / 1024:.1f}MB，"
                                    f"超过上限{limit / 1024 / 1024:.0f}MB。")
        return os.path.basename(name), self._zip.read(info)
