"""Reads of the open data: an agency's (or the agency's and everything below it) public catalogue as rows, and its
published annual reports' tables as records, both iterated in bounded memory.

The catalogue is read in keyset chunks by id: each chunk is one query (`values_list` with the two joins, no model
instances, no per-row query), the next starts after the last id seen, so a million rows cost a thousand index range
scans and never sit in memory. The visibility rule is the portal's (`catalog.selectors.published_items`: published,
not withdrawn, not unpublished) and the fields are the public item page's (`opendata.dictionary`)."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.urls import reverse

from agencies.models import Agency
from agencies.selectors import public_agencies
from catalog.models import DisclosureMode, Scope, StatutoryColumn, Validity
from catalog.selectors import published_items
from gongkai.errors import NotFound
from reports.assembly import published_document
from reports.models import AnnualReport
from reports.renderers.records import table_records

CHUNK_SIZE = 2000

_COLUMN_LABELS = dict(StatutoryColumn.choices)
_VALIDITY_LABELS = dict(Validity.choices)
_MODE_LABELS = dict(DisclosureMode.choices)
_SCOPE_LABELS = dict(Scope.choices)

# What one chunk reads, in this order (the joins: agency and category, both to-one).
_VALUES = ("pk", "index_no", "title", "agency__code", "agency__name", "category_id", "category__name",
           "category__column", "issuer", "topic", "doc_no", "formed_on", "published_on", "updated_on", "validity",
           "abolished_on", "disclosure_mode", "scope", "summary")


def open_agency(code: str) -> Agency:
    """An agency shown on the portal, by code (a Chinese 404 otherwise)."""
    agency = public_agencies().filter(code=code).first()
    if agency is None:
        raise NotFound(f"机关代码“{code}”不存在。", code="agency_not_found")
    return agency


def catalogue_queryset(agency: Agency, *, include_below: bool = False) -> QuerySet:
    """The public catalogue of `agency`, or of `agency` and every agency below it (its materialised path)."""
    qs = published_items()
    if include_below:
        return qs.filter(agency__path__startswith=agency.path, agency__is_active=True)
    return qs.filter(agency=agency)


def catalogue_rows(agency: Agency, *, include_below: bool = False, base_url: str = "",
                   chunk_size: int | None = None) -> Iterator[dict]:
    """The public catalogue as dicts keyed by the dictionary's field names, in id order (the order items were
    created, stable across exports), one query per `chunk_size` rows. `base_url` ("https://host") makes the page
    addresses absolute."""
    qs = catalogue_queryset(agency, include_below=include_below).order_by("pk").values_list(*_VALUES)
    item_path = base_url + reverse("portal:item", args=["_"])[:-2]  # ".../item/": reversed once, not per row
    chunk_size = chunk_size or CHUNK_SIZE
    last = 0
    while True:
        chunk = list(qs.filter(pk__gt=last)[:chunk_size])
        for row in chunk:
            yield _catalogue_row(row, item_path)
        if len(chunk) < chunk_size:
            return
        last = chunk[-1][0]


def _catalogue_row(row: tuple, item_path: str) -> dict:
    (_, index_no, title, agency_code, agency_name, category_id, category, column, issuer, topic, doc_no, formed_on,
     published_on, updated_on, validity, abolished_on, mode, scope, summary) = row
    return {
        "index_no": index_no, "title": title, "agency_code": agency_code, "agency_name": agency_name,
        "category_id": category_id, "category": category, "column": column,
        "column_label": _COLUMN_LABELS.get(column, ""), "issuer": issuer or agency_name, "topic": topic,
        "doc_no": doc_no, "formed_on": formed_on, "published_on": published_on, "updated_on": updated_on,
        "validity": validity, "validity_label": _VALIDITY_LABELS.get(validity, ""), "abolished_on": abolished_on,
        "disclosure_mode": mode, "disclosure_mode_label": _MODE_LABELS.get(mode, ""), "scope": scope,
        "scope_label": _SCOPE_LABELS.get(scope, ""), "summary": summary, "url": f"{item_path}{index_no}/",
    }


def published_reports(agency: Agency, *, include_below: bool = False) -> QuerySet[AnnualReport]:
    """Published annual reports (their last published version) of the agency or of its tree, in tree then year
    order, without their snapshots (read one at a time by `report_records`)."""
    qs = AnnualReport.objects.filter(published_on__isnull=False).exclude(published_snapshot__isnull=True)
    if include_below:
        qs = qs.filter(agency__path__startswith=agency.path, agency__is_active=True)
    else:
        qs = qs.filter(agency=agency)
    return qs.select_related("agency").defer("published_snapshot").order_by("agency__path", "year", "pk")


def public_report_for_open_data(agency: Agency, year: int) -> AnnualReport:
    report = published_reports(agency).filter(year=year).first()
    if report is None:
        raise NotFound(f"{agency.name}{year}年度政府信息公开工作年度报告尚未发布。", code="report_not_found")
    return report


def report_records(reports: QuerySet[AnnualReport] | list[AnnualReport]) -> Iterator[dict]:
    """Every cell of each report's published tables, report after report, in the official order. One query per
    report for its snapshot (a county has tens of agencies and a report a year: hundreds, never a million)."""
    for report in reports:
        snapshot = AnnualReport.objects.filter(pk=report.pk).values_list("published_snapshot", flat=True).first()
        report.published_snapshot = snapshot
        doc = published_document(report)
        if doc is not None:
            yield from table_records(doc)


def open_data_index() -> list[dict]:
    """The 数据开放 page: every agency in tree order with its depth, whether it has agencies below it and the years
    of its published annual reports. Two queries whatever the size of the county."""
    agencies = list(public_agencies())
    years: dict[int, list[int]] = {}
    for agency_id, year in (AnnualReport.objects.filter(published_on__isnull=False)
                            .exclude(published_snapshot__isnull=True).order_by("-year").values_list("agency_id", "year")):
        years.setdefault(agency_id, []).append(year)
    parents = {a.parent_id for a in agencies}
    codes = {a.pk: a.code for a in agencies}
    return [{"agency": a, "depth": a.path.count("/") - 1, "has_below": a.pk in parents,
             "parent_code": codes.get(a.parent_id), "report_years": years.get(a.pk, [])} for a in agencies]
