"""The report's tables as flat records, one per cell, in the official order: the tables as the format prints them
(二, 三, 四, or the pre-2019 统计表), each table row by row and each row column by column. This is the open-data form
of a report (CSV and XLSX, `opendata`): every cell addressed by stable keys and labelled as the format labels it, so
reports of different years and formats sit in one file."""

from collections.abc import Iterator

# (stable name, Chinese label) of each field of a record, in column order; the data dictionary lists them.
RECORD_FIELDS = (
    ("agency_code", "机关代码"),
    ("agency_name", "机关名称"),
    ("year", "报告年度"),
    ("format", "报告格式"),
    ("table", "表格代码"),
    ("table_title", "表格名称"),
    ("block", "分项"),
    ("row_no", "行序号"),
    ("row_key", "行代码"),
    ("row_label", "行名称"),
    ("column_no", "列序号"),
    ("column_key", "列代码"),
    ("column_label", "列名称"),
    ("value", "数值"),
    ("unit", "单位"),
)

UNIT_LABELS = {"count": "件（个）", "signed": "件（可为负数）", "money": "万元", "money_yuan": "元"}


def table_records(doc) -> Iterator[dict]:
    """Every cell of the published tables, in the official row and column order (see the module docstring)."""
    titles = {s["table"]: s["title"] for s in doc.sections() if s["table"]}
    head = {"agency_code": doc.agency_code, "agency_name": doc.agency_name, "year": doc.year,
            "format": doc.fmt.version}

    def record(table, title, block, row_no, row_key, row_label, column_no, column_label, cell) -> dict:
        return {**head, "table": table, "table_title": title, "block": block, "row_no": row_no, "row_key": row_key,
                "row_label": row_label, "column_no": column_no, "column_key": cell.column,
                "column_label": column_label, "value": cell.json_value, "unit": UNIT_LABELS[str(cell.unit)]}

    if doc.fmt.table2:
        row_no = 0
        for block in doc.table2_blocks():
            for row in block["rows"]:
                row_no += 1
                for n, ((cell, _), column) in enumerate(zip(row["cells"], block["columns"], strict=True), 1):
                    yield record("table2", titles["table2"], block["heading"], row_no, row["key"], row["label"], n,
                                 column["label"], cell)
    if doc.fmt.table3:
        labels = [c.label if not c.group else f"{c.group}/{c.label}" for c in doc.fmt.table3.columns]
        for row_no, row in enumerate(doc.table3_rows(), 1):
            row_label = "/".join((*row["groups"], row["label"]))
            for n, (cell, label) in enumerate(zip(row["cells"], labels, strict=True), 1):
                yield record("table3", titles["table3"], "", row_no, row["key"], row_label, n, label, cell)
    if doc.fmt.table4:
        # one row of fifteen numbers (the official layout); a cell's row key is its group (复议, 诉讼…), whose
        # header is the row label, and the column number runs over the fifteen in the official order
        groups = {key: "/".join(p for p in (top, second) if p) for key, top, second in doc.fmt.table4.groups}
        for n, (cell, label) in enumerate(zip(doc.table4_cells(), doc.table4_column_labels(), strict=True), 1):
            yield record("table4", titles["table4"], "", 1, cell.row, groups[cell.row], n, label, cell)
    if doc.fmt.figures:
        for row_no, row in enumerate(doc.figure_rows(), 1):
            yield record("figures", doc.figures_title, "", row_no, row["key"], row["label"], 1, "数量", row["cell"])
