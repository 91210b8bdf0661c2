"""The applications panel of the 工作台: my open applications, those due within a few working days, those overdue,
and online applications waiting for confirmation; with the most urgent few listed. Five queries at most."""

from django.conf import settings

from agencies.access import Perm, agency_ids
from applications import selectors
from applications.models import CLOCK_STATUSES, Application
from gongkai import clock


def panel(request):
    user = request.user
    counts = selectors.workbench_counts(user)
    if counts is None:
        return None
    today = clock.today()
    handle_ids = agency_ids(user, Perm.APPLICATIONS_HANDLE)
    urgent = list(Application.objects.filter(agency_id__in=handle_ids or agency_ids(user, Perm.APPLICATIONS_VIEW),
                                             status__in=CLOCK_STATUSES, due_date__isnull=False)
                  .order_by("due_date", "pk")[:5])
    for application in urgent:
        application.days_left = selectors.days_left(application, today)
    urgent = [a for a in urgent if a.days_left is not None and a.days_left <= settings.DUE_SOON_WORKING_DAYS]
    return {"template": "backoffice/applications/_panel.html", "counts": counts, "urgent": urgent,
            "soon_days": settings.DUE_SOON_WORKING_DAYS}
