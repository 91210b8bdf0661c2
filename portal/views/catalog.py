"""Public pages of the catalogue. Thin: parse the request, call selectors, render. They work without JavaScript."""

from datetime import date

from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from agencies.models import Agency
from agencies.selectors import (
    agency_tree,
    get_public_agency,
    public_agencies,
    public_agency,
    public_children,
    public_root,
    site_settings,
)
from catalog import selectors
from catalog.models import StatutoryColumn, Validity
from gongkai.errors import DomainError, NotFound
from portal.middleware import ELDER_COOKIE
from workdays.errors import CalendarNotLoaded, InvalidPeriod
from workdays.explanations import compute_due
from workdays.loading import get_calendar


def _agency(code: str) -> Agency:
    return get_public_agency(code)  # unknown: a 404 page saying so (gongkai.middleware.DomainErrorMiddleware)


def _int(value: str | None, *, minimum: int = 0, maximum: int = 10**9) -> int | None:
    try:
        number = int(value) if value not in (None, "") else None
    except ValueError:
        return None
    if number is None or not minimum <= number <= maximum:
        return None
    return number


@require_safe
def home(request):
    return render(request, "portal/home.html", {
        "tree": agency_tree(),
        "latest": selectors.latest_published(12),
        "columns": StatutoryColumn,
    })


@require_safe
def agencies(request):
    return render(request, "portal/agencies.html", {"tree": agency_tree()})


def _column_links(agency: Agency) -> list[dict]:
    from django.urls import reverse

    return [
        {"key": "guide", "label": StatutoryColumn.GUIDE.label, "url": reverse("portal:guide", args=[agency.code])},
        *({"key": c.value, "label": c.label, "url": reverse("portal:column", args=[agency.code, c.value])}
          for c in (StatutoryColumn.RULES, StatutoryColumn.STATUTORY, StatutoryColumn.ANNUAL_REPORT)),
    ]


@require_safe
def agency(request, code: str):
    agency = _agency(code)
    categories = list(selectors.agency_categories(agency))
    counts = selectors.category_counts(agency)
    return render(request, "portal/agency.html", {
        "agency": agency,
        "column_links": _column_links(agency),
        "categories": [(c, counts.get(c.pk, 0)) for c in categories],
        "latest": selectors.latest_published(10, agency=agency),
        "children": public_children(agency),
    })


@require_safe
def guide(request, code: str):
    """政府信息公开指南 (Art.12): built from the agency's data, so it never goes stale."""
    agency = _agency(code)
    return render(request, "portal/guide.html", {
        "agency": agency,
        "column_links": _column_links(agency),
        "active_column": "guide",
        "categories": selectors.guide_categories(agency),
    })


@require_safe
def column(request, code: str, column: str):
    agency = _agency(code)
    if column not in StatutoryColumn.values or column == StatutoryColumn.GUIDE:
        raise Http404
    column_enum = StatutoryColumn(column)
    categories = list(selectors.agency_categories(agency, column))
    counts = selectors.category_counts(agency)
    page = selectors.keyset_page(selectors.filtered_published(agency=agency, column=column),
                                 after=request.GET.get("after"), before=request.GET.get("before"))
    context = {
        "agency": agency, "column": column_enum, "column_links": _column_links(agency), "active_column": column,
        "categories": [(c, counts.get(c.pk, 0)) for c in categories], "page": page,
    }
    if column == StatutoryColumn.ANNUAL_REPORT:
        from reports.selectors import published_annual_reports

        context["annual_reports"] = published_annual_reports(agency)
    return render(request, "portal/column.html", context)


@require_safe
def category(request, code: str, category_id: int):
    agency = _agency(code)
    try:
        category = selectors.public_category(agency, category_id)
    except NotFound:
        raise Http404 from None
    year = _int(request.GET.get("year"), minimum=1990, maximum=2100)
    validity = request.GET.get("validity") if request.GET.get("validity") in Validity.values else None
    page = selectors.keyset_page(selectors.filtered_published(category=category, year=year, validity=validity),
                                 after=request.GET.get("after"), before=request.GET.get("before"),
                                 known_total=None if (year or validity) else category.published_count)
    filters = "&".join(f"{k}={v}" for k, v in (("year", year), ("validity", validity)) if v)
    return render(request, "portal/category.html", {
        "agency": agency, "category": category, "page": page, "years": selectors.publication_years(agency),
        "year": year, "validity": validity, "validities": Validity.choices, "filters": filters,
        "column_links": _column_links(agency), "active_column": category.column,
        "siblings": selectors.agency_categories(agency, category.column),
    })


@require_safe
def item(request, index_no: str):
    try:
        item = selectors.public_item(index_no)
    except NotFound:
        raise Http404 from None
    return render(request, "portal/item.html", {
        "item": item, "agency": item.agency, "attachments": selectors.public_attachments(item),
        "column_links": _column_links(item.agency), "active_column": item.category.column,
    })


@require_safe
def attachment(request, index_no: str, attachment_id: int):
    try:
        attachment = selectors.public_attachment(index_no, attachment_id)
    except NotFound:
        raise Http404 from None
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)


@require_safe
def search(request):
    query = (request.GET.get("q") or "").strip()
    agency, error, status, result = None, "", 200, None
    if code := request.GET.get("agency"):
        # An agency code is a short run of letters and digits; anything else (a NUL, which PostgreSQL refuses in a
        # parameter, or kilobytes of text) is simply not a known agency.
        valid = len(code) <= 64 and code.replace("-", "").isalnum()
        agency = public_agency(code) if valid else None
        if agency is None:
            error, status = "没有找到所选机关，请从“机关”列表中选择，或选“全部机关”。", 400
    page = _int(request.GET.get("page"), minimum=1, maximum=50) or 1
    if query and not error:
        try:
            result = selectors.search_published(query, agency=agency, page=page)
        except DomainError as exc:
            error, status = exc.message, exc.status
    return render(request, "portal/search.html", {
        "search_query": query[:selectors.MAX_QUERY_LENGTH], "result": result, "agency": agency,
        "agencies": public_agencies(), "error": error,
    }, status=status)


@require_safe
def due_date(request):
    """期限计算器: start date + N working days → due date, from the same calendar as every deadline."""
    context = {"start": request.GET.get("start", ""), "days": request.GET.get("days", "20")}
    if "start" in request.GET:
        try:
            start = date.fromisoformat(request.GET["start"])
        except ValueError:
            context["error"] = "起算日期格式不正确，请按“年-月-日”填写，例如 2026-03-02。"
            return render(request, "portal/due_date.html", context, status=400)
        days = _int(request.GET.get("days"), minimum=1, maximum=366)
        if days is None:
            context["error"] = "工作日天数应为1至366之间的整数。"
            return render(request, "portal/due_date.html", context, status=400)
        try:
            context["due"] = compute_due(start, days, start_label="起算日期")
        except (CalendarNotLoaded, InvalidPeriod) as exc:
            context["error"] = exc.message
            return render(request, "portal/due_date.html", context, status=exc.status)
    context["loaded_span"] = get_calendar().loaded_span
    return render(request, "portal/due_date.html", context)


@require_safe
def sitemap(request):
    return render(request, "portal/sitemap.html", {"tree": agency_tree(), "columns": StatutoryColumn})


@require_safe
def contact(request):
    root = public_root()
    return render(request, "portal/contact.html", {"root": root, "site": site_settings()})


@require_safe
def elder_mode(request):
    """Switch the 长辈版 on or off and go back to the page the person was on."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(ELDER_COOKIE)
    return response
