import io
from pathlib import Path

import pytest

from imports.catalogue import KNOWN_HEADERS
from imports.errors import ImportFileError
from imports.readers import ImportSource, detect_encoding, read_csv

from .files import HEADER, csv_bytes, xlsx_bytes, zip_bytes

ROW = ["X/2019-00001", "关于春耕的通知", "", "", "2019年3月5日", "2019.3.6", "公告公示", "有效", "", "<p>正文</p>", ""]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_in_each_encoding_reads_the_same(encoding):
    table = read_csv(io.BytesIO(csv_bytes([ROW], encoding=encoding)), KNOWN_HEADERS)
    assert table.columns == HEADER
    assert list(table.rows) == [(2, ROW)]


def test_encoding_is_detected_from_the_bytes():
    assert detect_encoding("索引号".encode("gbk")) == "gb18030"
    assert detect_encoding("索引号".encode()) == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbf" + "索引号".encode()) == "utf-8-sig"


def test_a_title_row_above_the_header_is_skipped_and_line_numbers_stay_those_of_the_sheet():
    data = "东升乡政府信息公开目录\n\n" + ",".join(HEADER) + "\n" + ",".join(ROW) + "\n\n" + ",".join(ROW) + "\n"
    table = read_csv(io.BytesIO(data.encode()), KNOWN_HEADERS)
    assert table.columns == HEADER
    assert [line for line, _ in table.rows] == [4, 6]


def test_xlsx_with_a_title_and_merged_two_level_header(tmp_path):
    path = tmp_path / "目录.xlsx"
    path.write_bytes(xlsx_bytes([ROW], merged_header=True, title="东升乡政府信息公开目录"))
    with ImportSource(path, path.name, KNOWN_HEADERS) as source:
        table = source.table()
        assert table.columns == HEADER
        assert [(line, [c or "" for c in cells]) for line, cells in table.rows] == [(4, ROW)]


def test_zip_with_gbk_member_names_finds_sheet_and_attachments(tmp_path):
    path = tmp_path / "导出.zip"
    path.write_bytes(zip_bytes("目录.csv", csv_bytes([ROW]), {"附件/春耕通知.pdf": b"%PDF"}, gbk_names=True))
    with ImportSource(path, path.name, KNOWN_HEADERS) as source:
        assert source.table().columns == HEADER
        assert source.attachment("春耕通知.pdf") == ("春耕通知.pdf", b"%PDF")
        assert source.attachment("附件\\春耕通知.pdf")[1] == b"%PDF"
        with pytest.raises(Exception, match="在压缩包中不存在"):
            source.attachment("没有.pdf")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("目录.xls", b"whatever", "不支持的文件类型"),
    ("目录.xlsx", b"not a workbook", "无法打开该 Excel 文件"),
    ("目录.zip", b"PK broken", "不是有效的 ZIP"),
    ("目录.csv", b"", "文件是空的"),
    ("目录.csv", "只有一列\n".encode(), "没有找到表头行"),
])
def test_unreadable_files_are_refused_in_chinese(tmp_path, name, data, message):
    path = Path(tmp_path) / name
    path.write_bytes(data)
    with pytest.raises(ImportFileError, match=message), ImportSource(path, name, KNOWN_HEADERS) as source:
        source.table()
