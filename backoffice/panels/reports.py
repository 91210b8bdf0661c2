"""The reports panel of the 工作台: last year's annual report of the person's agencies (state, due date, late or
missing), reports waiting for them as 第一责任人, and reports returned to them. A fixed number of queries."""

from agencies.access import Perm, agency_ids
from agencies.models import Agency
from gongkai import clock
from reports import selectors
from reports.models import AnnualReport, ReportStatus


def panel(request):
    user = request.user
    if not agency_ids(user, Perm.REPORTS_VIEW):
        return None
    year = selectors.default_report_year()
    editable = agency_ids(user, Perm.REPORTS_EDIT)
    supervising = bool(agency_ids(user, Perm.REPORTS_SUPERVISE))
    own = list(Agency.objects.filter(pk__in=editable, is_active=True).order_by("path")[:5]) if not supervising else []
    status = selectors.county_status(user, year, agencies=own) if own else []
    returned = list(AnnualReport.objects.filter(agency_id__in=editable, status=ReportStatus.RETURNED)
                    .select_related("agency").defer("published_snapshot")[:10]) if editable else []
    awaiting = selectors.awaiting_approval(user)
    county = None
    if supervising:
        board = selectors.county_status(user, year)
        county = {"total": len(board), "published": sum(1 for s in board if s.deadline.published),
                  "missing": sum(1 for s in board if s.deadline.missing),
                  "late": sum(1 for s in board if s.deadline.late)}
    if not (status or returned or awaiting or county):
        return None
    return {"template": "backoffice/reports/_panel.html", "year": year, "status": status, "returned": returned,
            "awaiting": awaiting, "county": county, "today": clock.today()}
