"""The report's tables as grids of (possibly merged) cells, for the DOCX and XLSX renderers: the same layout as the
HTML (row and column spans), placed on a grid the way an HTML table is."""

from dataclasses import dataclass


@dataclass
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    numeric: bool = False
    value: object = None  # the typed value for spreadsheets (int or str)
    mark: bool = False  # an overridden cell (※)


@dataclass
class Placed:
    row: int
    col: int
    cell: GridCell


def place(rows: list[list[GridCell]]) -> tuple[list[Placed], int, int]:
    """Put each cell at the first free column of its row, skipping cells covered by spans from above."""
    taken: set[tuple[int, int]] = set()
    placed = []
    width = 0
    for r, cells in enumerate(rows):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            placed.append(Placed(r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
            width = max(width, c)
    return placed, len(rows), width


def _value(doc_cell) -> GridCell:
    return GridCell(doc_cell.display + ("※" if doc_cell.overridden else ""), numeric=True,
                    value=doc_cell.json_value, mark=doc_cell.overridden)


def table2_rows(doc) -> list[list[GridCell]]:
    width = doc.table2_width + 1
    rows = []
    for block in doc.table2_blocks():
        rows.append([GridCell(block["heading"], colspan=width, header=True)])
        rows.append([GridCell(block["first_header"], header=True),
                     *(GridCell(c["label"], colspan=c["span"], header=True) for c in block["columns"])])
        for row in block["rows"]:
            rows.append([GridCell(row["label"], header=True),
                         *(_value(cell) if span == 1 else _spanned(cell, span) for cell, span in row["cells"])])
    return rows


def _spanned(doc_cell, span) -> GridCell:
    cell = _value(doc_cell)
    cell.colspan = span
    return cell


def table3_rows(doc) -> list[list[GridCell]]:
    layout = doc.fmt.table3
    header = doc.table3_header()
    rows = [[GridCell(layout.note, rowspan=3, colspan=3, header=True),
             GridCell(layout.group, colspan=len(layout.columns), header=True)]]
    for hrow in header:
        rows.append([GridCell(h.text, rowspan=h.rowspan, colspan=h.colspan, header=True) for h in hrow])
    for row in doc.table3_rows():
        rows.append([*(GridCell(lead.text, rowspan=lead.rowspan, colspan=lead.colspan, header=True)
                       for lead in row["lead"]), *(_value(c) for c in row["cells"])])
    return rows


def table4_rows(doc) -> list[list[GridCell]]:
    rows = [[GridCell(h.text, rowspan=h.rowspan, colspan=h.colspan, header=True) for h in hrow]
            for hrow in doc.table4_header()]
    rows.append([_value(c) for c in doc.table4_cells()])
    return rows


def figure_rows(doc) -> list[list[GridCell]]:
    rows = [[GridCell("项目", header=True), GridCell("数量", header=True)]]
    for row in doc.figure_rows():
        rows.append([GridCell(row["label"], header=True), _value(row["cell"])])
    return rows


def tables(doc) -> dict[str, tuple[str, list[list[GridCell]]]]:
    """table key → (title, rows), in the order of the report; titles are the sections' own."""
    titles = {s["table"]: s["title"] for s in doc.sections() if s["table"]}
    out = {}
    if doc.fmt.table2:
        out["table2"] = (titles["table2"], table2_rows(doc))
    if doc.fmt.table3:
        out["table3"] = (titles["table3"], table3_rows(doc))
    if doc.fmt.table4:
        out["table4"] = (titles["table4"], table4_rows(doc))
    if doc.fmt.figures:
        out["figures"] = (doc.figures_title, figure_rows(doc))
    return out
