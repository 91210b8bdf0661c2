"""Messy files as vendor CMSs and people produce them, built by the tests (no fixtures on disk)."""

import csv
import io
import zipfile

HEADER = ["索引号", "标题", "文号", "发布机构", "成文日期", "发布日期", "主题分类", "有效性", "摘要", "正文", "附件"]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def csv_bytes(rows: list[list], *, header=HEADER, encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], *, merged_header: bool = False, title: str = "") -> bytes:
    """An XLSX; with merged_header, a title row merged across, then a two-level header: 索引号, 标题 … merged
    downwards and 日期 merged across over 成文日期 | 发布日期."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, end_row=1, start_column=1, end_column=len(HEADER))
    if merged_header:
        top = sheet.max_row + 1 if title else 1
        upper = ["索引号", "标题", "文号", "发布机构", "日期", None, "主题分类", "有效性", "摘要", "正文", "附件"]
        lower = [None, None, None, None, "成文日期", "发布日期", None, None, None, None, None]
        sheet.append(upper)
        sheet.append(lower)
        for column, value in enumerate(upper, 1):
            if value and value != "日期":
                sheet.merge_cells(start_row=top, end_row=top + 1, start_column=column, end_column=column)
        sheet.merge_cells(start_row=top, end_row=top, start_column=5, end_column=6)
    else:
        sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(sheet_name: str, sheet: bytes, files: dict[str, bytes], *, gbk_names: bool = False) -> bytes:
    out = io.BytesIO()
    placeholders = {}
    with zipfile.ZipFile(out, "w") as archive:
        for n, (name, data) in enumerate({sheet_name: sheet, **files}.items()):
            if gbk_names:
                # what Windows' built-in zip writes: GBK bytes without the UTF-8 flag. zipfile would write UTF-8,
                # so an ASCII placeholder of the same length is written and its bytes replaced afterwards.
                raw = name.encode("gbk")
                placeholder = f"~{n}~".ljust(len(raw), "~").encode()
                placeholders[placeholder] = raw
                name = placeholder.decode()
            archive.writestr(name, data)
    data = out.getvalue()
    for placeholder, raw in placeholders.items():
        data = data.replace(placeholder, raw)
    return data
