"""The public pages that are the same for every reader, by URL, and the groups the dependency map names.

A target is either a URL path ("/gk/X/") or a group ("@agency:5") that expands, when the outbox is drained, to the
URLs it stands for at that moment (an agency renamed: every page of that agency, however many items it has now).
"""

from django.urls import NoReverseMatch, reverse

from agencies.models import Agency
from agencies.selectors import public_agencies
from catalog.models import Category, Item, StatutoryColumn

# The columns the portal links to (portal/views/catalog.py::_column_links); the guide has its own page.
COLUMNS = (StatutoryColumn.RULES, StatutoryColumn.STATUTORY, StatutoryColumn.ANNUAL_REPORT)
REPORT_DOWNLOADS = ("pdf", "docx", "xlsx", "json")  # portal/views/reports.py::DOWNLOADS

SITE = "@site"


def group(kind: str, pk: int) -> str:
    return f"@{kind}:{pk}"


AGENCY_ALL = "agency"  # every page of one agency (its home, guide, columns, categories, feeds, items, reports)
CATEGORY_ITEMS = "items"  # the item pages of one category
AGENCY_CATEGORIES = "categories"  # the category first pages of one agency (their year filter)
AGENCY_REPORTS = "reports"  # an agency's annual report pages and downloads


def _optional(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def home() -> str:
    return reverse("portal:home")


def agencies() -> str:
    return reverse("portal:agencies")


def sitemap() -> str:
    return reverse("portal:sitemap")


def contact() -> str:
    return reverse("portal:contact")


def due_date() -> str:
    return reverse("portal:due_date")


def reading_points() -> str | None:
    return _optional("portal:reading_points")


def agency(code: str) -> str:
    return reverse("portal:agency", args=[code])


def agency_feed(code: str) -> str:
    return reverse("portal:agency_feed", args=[code])


def guide(code: str) -> str:
    return reverse("portal:guide", args=[code])


def column(code: str, column_key: str) -> str | None:
    return reverse("portal:column", args=[code, column_key]) if column_key in COLUMNS else None


def category(code: str, category_id: int) -> str:
    return reverse("portal:category", args=[code, category_id])


def category_feed(code: str, category_id: int) -> str:
    return reverse("portal:category_feed", args=[code, category_id])


def item(index_no: str) -> str:
    return reverse("portal:item", args=[index_no])


def report(code: str, year: int) -> str | None:
    return _optional("portal:annual_report", code, year)


def report_downloads(code: str, year: int) -> list[str]:
    return [url for fmt in REPORT_DOWNLOADS if (url := _optional("portal:annual_report_download", code, year, fmt))]


# --- what exists now ---------------------------------------------------------------------------------------------

def global_paths() -> list[str]:
    """The pages that belong to no agency."""
    return [p for p in (home(), agencies(), sitemap(), contact(), due_date(), reading_points()) if p]


def category_paths(category_row: Category) -> list[str]:
    code = category_row.agency.code
    return [category(code, category_row.pk), category_feed(code, category_row.pk)]


def agency_front_paths(agency_row: Agency) -> list[str]:
    """An agency's own pages, without its items and reports."""
    code = agency_row.code
    paths = [agency(code), agency_feed(code), guide(code)]
    paths += [p for c in COLUMNS if (p := column(code, c))]
    for row in Category.objects.filter(agency=agency_row, is_active=True).select_related("agency").order_by("pk"):
        paths += category_paths(row)
    return paths


def item_paths(**filters) -> list[str]:
    rows = (Item.objects.filter(status=Item.Status.PUBLISHED, index_no__isnull=False, **filters)
            .order_by("pk").values_list("index_no", flat=True).iterator(chunk_size=2000))
    return [item(index_no) for index_no in rows]


def report_paths(agency_row: Agency) -> list[str]:
    from reports.selectors import published_annual_reports

    paths = []
    for row in published_annual_reports(agency_row):
        if page := report(agency_row.code, row.year):
            paths.append(page)
            paths += report_downloads(agency_row.code, row.year)
    return paths


def agency_paths(agency_row: Agency) -> list[str]:
    return agency_front_paths(agency_row) + item_paths(agency=agency_row) + report_paths(agency_row)


def site_paths() -> list[str]:
    paths = global_paths()
    for row in public_agencies():
        paths += agency_paths(row)
    return paths


def expand(target: str) -> list[str]:
    """The URLs a target stands for now (a URL stands for itself; a group of something gone stands for nothing)."""
    if not target.startswith("@"):
        return [target]
    if target == SITE:
        return site_paths()
    kind, _, pk = target[1:].partition(":")
    pk = int(pk)
    if kind == AGENCY_ALL:
        row = public_agencies().filter(pk=pk).first()
        return agency_paths(row) if row else []
    if kind == CATEGORY_ITEMS:
        return item_paths(category_id=pk)
    if kind == AGENCY_CATEGORIES:
        return [category(code, cid) for cid, code in Category.objects.filter(agency_id=pk, is_active=True)
                .order_by("pk").values_list("pk", "agency__code")]
    if kind == AGENCY_REPORTS:
        row = Agency.objects.filter(pk=pk).first()
        return report_paths(row) if row else []
    raise ValueError(f"unknown publication target {target!r}")
