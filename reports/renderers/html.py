from django.template.loader import render_to_string


def _failing(doc) -> set[str]:
    return {f"{t}-{r}-{c}" for t, r, c in doc.failing_cells}


def render_html(doc, *, cell_links: bool = False, county_year: int | None = None, request=None) -> str:
    """The document fragment (an <article>) for a page. `cell_links`: each number links to the records it counts;
    `county_year`: each number of the consolidated tables links to its breakdown by agency."""
    return render_to_string("reports/_document.html", {
        "doc": doc, "cell_links": cell_links, "report_id": doc.report_id, "failing": _failing(doc),
        "county_links": county_year is not None, "county_year": county_year}, request=request)


def render_print_html(doc) -> str:
    """A standalone page (A4 print styles, no scripts), also the source of the PDF."""
    return render_to_string("reports/print.html", {"doc": doc, "cell_links": False, "failing": set()})
