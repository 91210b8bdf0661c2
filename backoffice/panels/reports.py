"""The reports panel of the 工作台: last year's annual report of the person's agencies (state, due date, late or
missing), reports waiting for them as 第一责任人, and reports returned to them. A fixed number of queries."""

from agencies.access import Perm, agency_ids
from gongkai import clock
from reports import selectors


def panel(request):
    user = request.user
    if not agency_ids(user, Perm.REPORTS_VIEW):
        return None
    year = selectors.default_report_year()
    editable = agency_ids(user, Perm.REPORTS_EDIT)
    supervising = bool(agency_ids(user, Perm.REPORTS_SUPERVISE))
    own = selectors.drafting_agencies(user)[:5] if not supervising else []
    status = selectors.county_status(user, year, agencies=own) if own else []
    returned = selectors.returned_reports(user) if editable else []
    awaiting = selectors.awaiting_approval(user)
    county = selectors.deadline_counts(selectors.county_status(user, year)) if supervising else None
    if not (status or returned or awaiting or county):
        return None
    return {"template": "backoffice/reports/_panel.html", "year": year, "status": status, "returned": returned,
            "awaiting": awaiting, "county": county, "today": clock.today()}
