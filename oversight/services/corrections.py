"""“我为政府网站找错”: a short public form (page address prefilled from the footer link, description, optional
contact); each report is answered within 3 working days and its fix recorded."""

from urllib.parse import urlsplit

from django.db import transaction

from agencies.access import Perm, require
from agencies.models import Agency
from agencies.sequences import next_number
from casework import services as casework
from gongkai import clock

from ..errors import OversightError
from ..models import ErrorKind, SiteErrorReport
from ..rules import SITE_ERROR_ANSWER
from ._common import text

REGISTER = "oversight.site_error"


def agency_of_page_url(page_url: str) -> Agency:
    """The portal is the county's site (WEB-1): a report goes to the agency whose code appears in the page's path
    (its column), otherwise to the county government, whose 政务公开办 forwards it."""
    segments = [s for s in urlsplit(page_url).path.split("/") if s]
    if segments:
        agency = Agency.objects.filter(code__in=segments, is_active=True).order_by("-path").first()
        if agency is not None:
            return agency
    root = Agency.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        raise OversightError("平台尚未设置机关，暂不能受理。", code="no_agency")
    return root


def _clean_url(page_url: str) -> str:
    page_url = text(page_url, "page_url", "页面地址", max_length=500, required=True)
    parts = urlsplit(page_url)
    if parts.scheme not in ("http", "https", "") or (not parts.scheme and (not page_url.startswith("/")
                                                                        or page_url.startswith("//"))):
        raise OversightError("页面地址应以 http://、https:// 或 / 开头。", field="page_url", code="invalid_url")
    return page_url


def report_site_error(*, page_url: str, description: str, kind: str = ErrorKind.OTHER,
                      contact: str = "") -> SiteErrorReport:
    """A visitor's report from the portal (no account). Due in 3 working days; accepted even when the calendar does
    not reach the due date yet (filled in when the next year is loaded)."""
    page_url = _clean_url(page_url)
    description = text(description, "description", "问题描述", max_length=2000, required=True)
    if len(description) < 4:
        raise OversightError("请简要说明页面上的错误（至少4个字）。", field="description", code="description_too_short")
    if kind not in ErrorKind.values:
        raise OversightError("问题类型不正确。", field="kind")
    report = SiteErrorReport(agency=agency_of_page_url(page_url), page_url=page_url, description=description, kind=kind,
                             contact=text(contact, "contact", "联系方式", max_length=100), received_on=clock.today())
    casework.start_clock(report, report.received_on, SITE_ERROR_ANSWER)
    with transaction.atomic():
        casework.open_case(report, acting_user=None, data={"page_url": page_url, "kind": kind,
                                                           "due_on": str(report.due_on or "")})
    return report


def _close(report: SiteErrorReport, name: str, *, acting_user, fix_note: str) -> SiteErrorReport:
    fix_note = text(fix_note, "fix_note", "处理情况", max_length=2000, required=True)

    def apply(r: SiteErrorReport) -> dict:
        r.fix_note, r.closed_on = fix_note, clock.today()
        return {"late": r.closed_late}

    return casework.transition(report, name, acting_user=acting_user, apply=apply, comment=fix_note)


def fix_site_error(report: SiteErrorReport, *, acting_user, fix_note: str) -> SiteErrorReport:
    """The page was corrected: record what was done."""
    return _close(report, "fix", acting_user=acting_user, fix_note=fix_note)


def reject_site_error(report: SiteErrorReport, *, acting_user, fix_note: str) -> SiteErrorReport:
    """Checked, nothing to correct: record the explanation."""
    return _close(report, "reject", acting_user=acting_user, fix_note=fix_note)


def reopen_site_error(report: SiteErrorReport, *, acting_user, reason: str) -> SiteErrorReport:
    reason = text(reason, "reason", "理由", max_length=500, required=True)

    def apply(r: SiteErrorReport) -> dict:
        r.closed_on = None
        return {}

    return casework.transition(report, "reopen", acting_user=acting_user, apply=apply, comment=reason)


def transfer_site_error(report: SiteErrorReport, *, acting_user, agency: Agency) -> SiteErrorReport:
    """Forward a report to the agency that maintains the page (needs the right to handle registers there too). Its
    register number is per agency: it gets the next number of the receiving agency (the old one stays in the
    audit event)."""
    require(acting_user, Perm.OVERSIGHT_MANAGE, agency)
    if agency.pk == report.agency_id:
        raise OversightError("该纠错已由此机关办理。", field="agency")

    def apply(r: SiteErrorReport) -> dict:
        before = {"from": r.agency.name, "from_number": r.number}
        serial = next_number(agency, SiteErrorReport._meta.label_lower, r.received_on.year)
        r.agency, r.office, r.assignee = agency, None, None
        r.number = f"{SiteErrorReport.number_prefix}{r.received_on.year}-{serial:04d}"
        return {**before, "to": agency.name, "number": r.number}

    return casework.transition(report, "transfer", acting_user=acting_user, apply=apply)


def route_site_error(report: SiteErrorReport, *, acting_user, office=None, assignee=None) -> SiteErrorReport:
    return casework.assign(report, acting_user=acting_user, office=office, assignee=assignee)
