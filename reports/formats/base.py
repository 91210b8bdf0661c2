"""The shape of a report format: sections, table blocks, rows, columns and the cells they make.

A format module (`y2021`, `y2019`, `legacy`) declares one `ReportFormat` with the exact labels of its text. Everything
else (computation, validation, rendering) reads the layout from here, so a label exists in exactly one place.

Cells are addressed by (table, row, column). Values are integers: counts, or money in 分 (cents) for the cells whose
unit is `Unit.MONEY` (shown in 万元, T2-1: never a float).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Unit(StrEnum):
    COUNT = "count"  # a non-negative integer
    SIGNED = "signed"  # an integer that may be negative (the trial format's 本年增/减)
    MONEY = "money"  # 分 (cents), shown in 万元
    MONEY_YUAN = "money_yuan"  # 分 (cents), shown in 元 (the pre-2019 layout's fee figures)


class Source(StrEnum):
    COMPUTED = "computed"  # computed from the registers; a manual value is an override and needs a reason
    ENTERED = "entered"  # the platform does not hold the data (e.g. 行政许可 decisions): typed in per year


class Severity(StrEnum):
    ERROR = "error"  # blocks approval and publication
    WARNING = "warning"  # shown, does not block


# Table identifiers (also the prefixes of cell addresses and the keys of the API's JSON).
TABLE2 = "table2"
TABLE3 = "table3"
TABLE4 = "table4"
FIGURES = "figures"  # the statistics of the pre-2019 layout


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str = ""  # a header spanning several columns (e.g. 法人或其他组织)
    unit: Unit = Unit.COUNT
    source: Source = Source.COMPUTED


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    groups: tuple[str, ...] = ()  # labels of the group rows above it that have no cells of their own
    source: Source = Source.COMPUTED


@dataclass(frozen=True)
class Block:
    """One block of table 二: a heading row spanning the table (第二十条第（一）项), a header row starting with
    信息内容, and its rows. A cell's source is the row's unless its column says 'entered'."""

    key: str
    heading: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    first_header: str = "信息内容"


@dataclass(frozen=True)
class CellSpec:
    table: str
    row: str
    column: str
    unit: Unit
    source: Source
    label: str  # "row label / column label", for messages and the drill-down page

    @property
    def address(self) -> tuple[str, str, str]:
        return (self.table, self.row, self.column)


@dataclass(frozen=True)
class Part:
    """A text part of a section: an optional sub-heading and its editable text, pre-drafted from the data."""

    key: str
    heading: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # may contain {short_name} / {next_year} (the pre-2019 layout names the agency and the next year)
    parts: tuple[Part, ...] = ()
    table: str = ""  # TABLE2 / TABLE3 / TABLE4 / FIGURES when the section is (or ends with) a table

    def heading(self, *, short_name: str = "", next_year: int | None = None) -> str:
        return self.title.format(short_name=short_name, next_year=next_year)


@dataclass(frozen=True)
class Table3Layout:
    note: str  # the header cell (the balance rule in words)
    group: str  # 申请人情况
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Table4Layout:
    groups: tuple[tuple[str, str, str], ...]  # (row key, top header, second header or "")
    columns: tuple[Column, ...]  # the five result columns, repeated per group


@dataclass(frozen=True)
class ReportFormat:
    """One annual-report format. Everything that differs between format years is a field or a method here, so a new
    format year is one module declaring its `FORMAT` (and one line in `reports.formats.FORMATS`): the stored
    `FormatVersion` choices, the API's choices, the year a report falls under, the drafting and the computation of
    folded rows all read it from here instead of comparing version strings."""

    version: str  # "2021", "2019", "legacy": stored on every AnnualReport (AnnualReport.format_version)
    name: str
    basis: str
    title: str  # "{agency}{year}年政府信息公开工作年度报告"
    sections: tuple[Section, ...]
    table2: tuple[Block, ...] = ()
    table3: Table3Layout | None = None
    table4: Table4Layout | None = None
    figures: tuple[Row, ...] = ()  # pre-2019: one value per row
    figures_title: str = ""
    preamble: bool = True  # the 2019/2021 reports open with the statistical period
    # rule code → check function; see reports.checks
    rules: tuple[str, ...] = ()
    label: str = ""  # the choice label of `version` (FormatVersion)
    first_year: int = 0  # the first report year this format applies to (until the next format's first year)
    # table 三 rows of this format that count several rows of the registers' breakdown (the 2019 trial format's
    # single 其他处理 row counts what the 2021 format splits into three)
    folded_rows: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)
    _cells: list[CellSpec] = field(default_factory=list, compare=False, repr=False)

    def report_title(self, *, agency_name: str, short_name: str, year: int) -> str:
        return self.title.format(agency=agency_name, short_name=short_name, year=year)

    @property
    def choice_name(self) -> str:
        """The member name of `version` in FormatVersion ("Y2021", "LEGACY")."""
        return f"Y{self.version}" if self.version.isdigit() else self.version.upper()

    @property
    def has_tables(self) -> bool:
        """The national layout (2019 on): tables 二 to 四; the pre-2019 layout has one table of figures instead."""
        return self.table3 is not None

    def table3_source_rows(self, row_key: str) -> tuple[str, ...]:
        """The rows of the registers' table 三 breakdown that a row of this format counts."""
        return self.folded_rows.get(row_key, (row_key,))

    # --- cells -----------------------------------------------------------------------------------------------
    def cells(self) -> list[CellSpec]:
        """Every cell of the format, in reading order."""
        if self._cells:
            return self._cells
        out: list[CellSpec] = []
        for block in self.table2:
            for row in block.rows:
                for col in block.columns:
                    source = Source.ENTERED if Source.ENTERED in (row.source, col.source) else Source.COMPUTED
                    out.append(CellSpec(TABLE2, row.key, col.key, col.unit, source, f"{block.heading} {row.label} / {col.label}"))
        if self.table3:
            for row in self.table3.rows:
                for col in self.table3.columns:
                    out.append(CellSpec(TABLE3, row.key, col.key, Unit.COUNT, Source.COMPUTED,
                                        f"{_full_row_label(row)} / {col.label}"))
        if self.table4:
            for group_key, top, second in self.table4.groups:
                for col in self.table4.columns:
                    head = f"{top}（{second}）" if second else top
                    out.append(CellSpec(TABLE4, group_key, col.key, Unit.COUNT, Source.COMPUTED, f"{head} / {col.label}"))
        for row in self.figures:
            unit = Unit.MONEY_YUAN if row.key.startswith("fees") else Unit.COUNT
            out.append(CellSpec(FIGURES, row.key, "value", unit, row.source, row.label))
        self._cells.extend(out)
        return out

    def cell(self, table: str, row: str, column: str) -> CellSpec | None:
        return self.cell_map().get((table, row, column))

    def cell_map(self) -> dict[tuple[str, str, str], CellSpec]:
        return {c.address: c for c in self.cells()}


def _full_row_label(row: Row) -> str:
    return " ".join((*row.groups, row.label))


def money_to_wan_yuan(cents: int) -> Decimal:
    """分 → 万元 (1 万元 = 10 000 元 = 1 000 000 分), exact, at most 6 decimals, trailing zeros dropped."""
    value = (Decimal(cents) / Decimal(1_000_000)).quantize(Decimal("0.000001"))
    normalized = value.normalize()
    # normalize() turns 10 into 1E+1; keep a plain notation
    return normalized if normalized.as_tuple().exponent <= 0 else value.quantize(Decimal(1))


def money_to_yuan(cents: int) -> Decimal:
    return (Decimal(cents) / Decimal(100)).quantize(Decimal("0.01"))


def format_money_wan(cents: int) -> str:
    return format(money_to_wan_yuan(cents), "f")


def format_money_yuan(cents: int) -> str:
    return format(money_to_yuan(cents), "f")


def display_value(value: int, unit: "Unit") -> str:
    """How a stored cell value is printed in the report."""
    if unit == Unit.MONEY:
        return format_money_wan(value)
    if unit == Unit.MONEY_YUAN:
        return format_money_yuan(value)
    return str(value)


# The largest value a cell takes: a count of 10^12, or 10^15 分 (10 万亿元) — far beyond any agency's year, and
# well inside the 64-bit column (a larger number typed by mistake is refused, not an overflow in the database).
MAX_COUNT = 10**12
MAX_CENTS = 10**15


def parse_value(text: str, unit: "Unit") -> int:
    """A value typed by a person → the stored integer. Raises ValueError with nothing else to say."""
    text = str(text).strip().replace(",", "").replace("，", "")
    if unit == Unit.MONEY:
        return parse_wan_yuan(text)
    if unit == Unit.MONEY_YUAN:
        return _cents(Decimal(text) * 100, text)
    if not text or not text.lstrip("-").isdigit():
        raise ValueError(text)
    number = int(text)
    if number < 0 and unit != Unit.SIGNED:
        raise ValueError(text)
    if abs(number) > MAX_COUNT:
        raise ValueError(text)
    return number


def parse_wan_yuan(text: str) -> int:
    """'1.25' (万元) → 1 250 000 分. Raises ValueError on anything else (negative, more than 6 decimals, too large)."""
    return _cents(Decimal(str(text).strip()) * Decimal(1_000_000), text)


def _cents(cents: Decimal, text: str) -> int:
    if not cents.is_finite() or cents < 0 or cents > MAX_CENTS or cents != cents.to_integral_value():
        raise ValueError(text)
    return int(cents)
