"""A report as a document: its format, cells, texts and check results, ready for every renderer (HTML, PDF, DOCX,
XLSX) and for the API's JSON. A published report's snapshot is this JSON, and `from_json` rebuilds the document from
it, so what the portal shows is exactly what was published.
"""

from dataclasses import dataclass, field
from datetime import date

from .checks import CheckResult, Failure
from .formats import get_format
from .formats.base import FIGURES, TABLE2, TABLE3, TABLE4, ReportFormat, Severity, Source, Unit, display_value

Address = tuple[str, str, str]


@dataclass
class DocCell:
    table: str
    row: str
    column: str
    value: int
    unit: Unit = Unit.COUNT
    source: Source = Source.COMPUTED
    computed: int | None = None
    overridden: bool = False
    reason: str = ""
    label: str = ""

    @property
    def address(self) -> Address:
        return (self.table, self.row, self.column)

    @property
    def display(self) -> str:
        return display_value(self.value, self.unit)

    @property
    def computed_display(self) -> str:
        return "" if self.computed is None else display_value(self.computed, self.unit)

    @property
    def entered(self) -> bool:
        return self.source == Source.ENTERED

    @property
    def json_value(self):
        """Counts as integers; money as an exact decimal string (万元 in table 二, 元 in the pre-2019 figures)."""
        if self.unit in (Unit.MONEY, Unit.MONEY_YUAN):
            return self.display
        return self.value

    @property
    def slug(self) -> str:
        return f"{self.table}-{self.row}-{self.column}"


@dataclass
class LeadCell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class ReportDocument:
    fmt: ReportFormat
    agency_code: str
    agency_name: str
    short_name: str
    agency_kind: str
    year: int
    title: str
    cells: dict[Address, DocCell]
    texts: dict[str, str]
    checks: list[CheckResult] = field(default_factory=list)
    status: str = ""
    status_label: str = ""
    published_on: date | None = None
    revised_on: date | None = None
    revision: int = 0
    due_date: date | None = None
    deadline_label: str = ""
    deadline_badge: str = ""  # the CSS badge class of the deadline state (back office)
    computed_at: str = ""
    preview: bool = False  # computed on the fly, not a stored report
    report_id: int | None = None
    parts: dict | None = None  # consolidated documents: agency id → that agency's cell values
    origin: str = "computed"  # "imported": an earlier year's published tables imported (reports.past), not computed

    @property
    def imported(self) -> bool:
        return self.origin == "imported"

    @property
    def origin_label(self) -> str:
        return "导入" if self.imported else "计算"

    # --- values --------------------------------------------------------------------------------------------------
    def values(self) -> dict[Address, int]:
        return {a: c.value for a, c in self.cells.items()}

    def cell(self, table: str, row: str, column: str) -> DocCell:
        return self.cells[(table, row, column)]

    @property
    def ok(self) -> bool:
        return not any(c.blocking for c in self.checks)

    @property
    def blocking_checks(self) -> list[CheckResult]:
        return [c for c in self.checks if c.blocking]

    @property
    def warnings(self) -> list[CheckResult]:
        return [c for c in self.checks if c.severity == Severity.WARNING and not c.ok]

    @property
    def overrides(self) -> list[DocCell]:
        return [c for c in self.cells.values() if c.overridden]

    @property
    def failing_cells(self) -> set[Address]:
        out: set[Address] = set()
        for check in self.checks:
            if not check.ok:
                out.update(check.failing_cells())
        return out

    # --- layout for renderers -----------------------------------------------------------------------------------
    def sections(self) -> list[dict]:
        out = []
        for section in self.fmt.sections:
            parts = []
            for part in section.parts:
                text = self.texts.get(part.key, "")
                parts.append({"key": part.key, "heading": part.heading, "text": text,
                              "paragraphs": [p.strip() for p in text.splitlines() if p.strip()]})
            out.append({"key": section.key, "title": section.heading(short_name=self.short_name,
                                                                     next_year=self.year + 1),
                        "parts": parts, "table": section.table})
        return out

    @property
    def tables_only(self) -> bool:
        """A consolidation of many agencies has tables and no text of its own."""
        return self.status == "consolidated"

    @property
    def table2_width(self) -> int:
        return max((len(b.columns) for b in self.fmt.table2), default=0)

    def table2_blocks(self) -> list[dict]:
        width = self.table2_width
        blocks = []
        for block in self.fmt.table2:
            # cells of a narrower block stretch so that the table keeps its width (as published reports print it)
            spans = _spread(width, len(block.columns))
            blocks.append({
                "key": block.key, "heading": block.heading, "first_header": block.first_header,
                "columns": [{"label": c.label, "span": s} for c, s in zip(block.columns, spans, strict=True)],
                "rows": [{"key": r.key, "label": r.label,
                          "cells": [(self.cells[(TABLE2, r.key, c.key)], s)
                                    for c, s in zip(block.columns, spans, strict=True)]}
                         for r in block.rows],
            })
        return blocks

    def table3_rows(self) -> list[dict]:
        """Rows with their leading label cells and row/col spans, as the official layout prints them: group labels
        (三、本年度办理结果, （三）不予公开 …) are spanning cells without values of their own."""
        layout = self.fmt.table3
        rows = layout.rows
        depth = 3  # label columns
        out = []
        for i, row in enumerate(rows):
            lead = []
            for level, group in enumerate(row.groups):
                starts = i == 0 or rows[i - 1].groups[: level + 1] != row.groups[: level + 1]
                if starts:
                    span = 1
                    while i + span < len(rows) and rows[i + span].groups[: level + 1] == row.groups[: level + 1]:
                        span += 1
                    lead.append(LeadCell(group, rowspan=span))
            lead.append(LeadCell(row.label, colspan=depth - len(row.groups)))
            out.append({"key": row.key, "label": row.label, "groups": row.groups, "lead": lead,
                        "cells": [self.cells[(TABLE3, row.key, c.key)] for c in layout.columns]})
        return out

    def table3_header(self) -> list[list[LeadCell]]:
        """The two header rows under 申请人情况: ungrouped columns span both rows, a group heads its columns."""
        columns = self.fmt.table3.columns
        top, bottom = [], []
        i = 0
        while i < len(columns):
            col = columns[i]
            if not col.group:
                top.append(LeadCell(col.label, rowspan=2))
                i += 1
                continue
            j = i
            while j < len(columns) and columns[j].group == col.group:
                bottom.append(LeadCell(columns[j].label))
                j += 1
            top.append(LeadCell(col.group, colspan=j - i))
            i = j
        return [top, bottom]

    def table4_header(self) -> list[list[LeadCell]]:
        """Three header rows: 行政复议 | 行政诉讼; the results (or the two 诉讼 groups); the 诉讼 results."""
        layout = self.fmt.table4
        n = len(layout.columns)
        first, second, third = [], [], []
        for _, top, sub in layout.groups:
            if first and first[-1].text == top:
                first[-1].colspan += n
            else:
                first.append(LeadCell(top, colspan=n))
            if sub:
                second.append(LeadCell(sub, colspan=n))
                third.extend(LeadCell(c.label) for c in layout.columns)
            else:
                second.extend(LeadCell(c.label, rowspan=2) for c in layout.columns)
        return [first, second, third]

    def table4_cells(self) -> list[DocCell]:
        layout = self.fmt.table4
        return [self.cells[(TABLE4, g, c.key)] for g, _, _ in layout.groups for c in layout.columns]

    def table4_column_labels(self) -> list[str]:
        layout = self.fmt.table4
        out = []
        for _, top, second in layout.groups:
            for c in layout.columns:
                out.append("/".join(p for p in (top, second, c.label) if p))
        return out

    def figure_rows(self) -> list[dict]:
        return [{"key": r.key, "label": r.label, "cell": self.cells[(FIGURES, r.key, "value")]}
                for r in self.fmt.figures]

    @property
    def figures_title(self) -> str:
        return self.fmt.figures_title.format(year=self.year)

    # --- JSON ---------------------------------------------------------------------------------------------------
    def to_json(self) -> dict:
        fmt = self.fmt
        data: dict = {
            "agency": {"code": self.agency_code, "name": self.agency_name, "short_name": self.short_name,
                       "kind": self.agency_kind},
            "year": self.year,
            "format": fmt.version,
            "format_name": fmt.name,
            "format_basis": fmt.basis,
            "title": self.title,
            "status": self.status,
            "status_label": self.status_label,
            "preview": self.preview,
            "published_on": _iso(self.published_on),
            "revised_on": _iso(self.revised_on),
            "revision": self.revision,
            "due_date": _iso(self.due_date),
            "deadline": self.deadline_label,
            "computed_at": self.computed_at,
            "origin": self.origin,
            "origin_label": self.origin_label,
            "sections": [{"key": s["key"], "title": s["title"], "table": s["table"],
                          "parts": [{"key": p["key"], "heading": p["heading"], "text": p["text"]} for p in s["parts"]]}
                         for s in self.sections()],
            "table2": None, "table3": None, "table4": None, "figures": None,
        }
        if fmt.table2:
            data["table2"] = {"blocks": [
                {"heading": b["heading"], "columns": [b["first_header"], *(c["label"] for c in b["columns"])],
                 "rows": [{"key": r["key"], "label": r["label"], "values": [c.json_value for c, _ in r["cells"]]}
                          for r in b["rows"]]}
                for b in self.table2_blocks()]}
        if fmt.table3:
            data["table3"] = {
                "note": fmt.table3.note, "group": fmt.table3.group,
                "columns": [c.label for c in fmt.table3.columns],
                "rows": [{"key": r["key"], "label": r["label"], "groups": list(r["groups"]),
                          "values": [c.value for c in r["cells"]]} for r in self.table3_rows()]}
        if fmt.table4:
            data["table4"] = {"columns": self.table4_column_labels(), "values": [c.value for c in self.table4_cells()]}
        if fmt.figures:
            data["figures"] = {"title": self.figures_title,
                               "rows": [{"key": r["key"], "label": r["label"], "value": r["cell"].json_value}
                                        for r in self.figure_rows()]}
        data["overrides"] = [{"table": c.table, "row": c.row, "column": c.column, "label": c.label,
                              "computed": c.computed, "value": c.value, "reason": c.reason} for c in self.overrides]
        data["checks"] = [_check_json(c, self) for c in self.checks]
        data["ok"] = self.ok
        data["cells"] = [{"table": c.table, "row": c.row, "column": c.column, "value": c.value,
                          "computed": c.computed, "overridden": c.overridden, "reason": c.reason,
                          "source": str(c.source)} for c in self.cells.values()]
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ReportDocument":
        fmt = get_format(data["format"])
        specs = fmt.cell_map()
        cells = {}
        for c in data["cells"]:
            address = (c["table"], c["row"], c["column"])
            spec = specs.get(address)
            if spec is None:
                continue
            cells[address] = DocCell(*address, value=c["value"], unit=spec.unit, source=spec.source,
                                     computed=c.get("computed"), overridden=c.get("overridden", False),
                                     reason=c.get("reason", ""), label=spec.label)
        texts = {p["key"]: p["text"] for s in data["sections"] for p in s["parts"]}
        checks = []
        for c in data.get("checks", []):
            failures = [Failure(tuple((x["table"], x["row"], x["column"]) for x in f["cells"]), f["message"])
                        for f in c.get("failures", [])]
            checks.append(CheckResult(c["rule"], c["title"], Severity(c["severity"]), failures, c.get("note", "")))
        agency = data["agency"]
        return cls(fmt=fmt, agency_code=agency["code"], agency_name=agency["name"],
                   short_name=agency.get("short_name", ""), agency_kind=agency.get("kind", ""), year=data["year"],
                   title=data["title"], cells=cells, texts=texts, checks=checks, status=data.get("status", ""),
                   status_label=data.get("status_label", ""), published_on=_date(data.get("published_on")),
                   revised_on=_date(data.get("revised_on")), revision=data.get("revision", 0),
                   due_date=_date(data.get("due_date")), deadline_label=data.get("deadline", ""),
                   computed_at=data.get("computed_at", ""), preview=data.get("preview", False),
                   origin=data.get("origin", "computed"))


def _spread(width: int, n: int) -> list[int]:
    """Split `width` columns over `n` cells, the last taking the rest."""
    if n >= width:
        return [1] * n
    return [1] * (n - 1) + [width - n + 1]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _check_json(check: CheckResult, doc: ReportDocument) -> dict:
    return {
        "rule": check.rule, "title": check.title, "severity": str(check.severity), "ok": check.ok,
        "note": check.note,
        "failures": [{"message": f.message,
                      "cells": [{"table": a[0], "row": a[1], "column": a[2], "label": _label(doc, a)}
                                for a in f.cells]}
                     for f in check.failures],
    }


def _label(doc: ReportDocument, address: Address) -> str:
    if address in doc.cells:
        return doc.cells[address].label
    if address[0] == "text":
        for section in doc.fmt.sections:
            for part in section.parts:
                if part.key == address[1]:
                    return section.heading(short_name=doc.short_name, next_year=doc.year + 1) + part.heading
    return ""
