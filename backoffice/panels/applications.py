"""The applications panel of the 工作台: my open applications, those due within a few working days, those overdue,
and online applications waiting for confirmation; with the most urgent few listed. Five queries at most."""

from django.conf import settings

from applications import selectors


def panel(request):
    user = request.user
    counts = selectors.workbench_counts(user)
    if counts is None:
        return None
    urgent = [a for a in selectors.most_urgent(user)
              if a.days_left is not None and a.days_left <= settings.DUE_SOON_WORKING_DAYS]
    return {"template": "backoffice/applications/_panel.html", "counts": counts, "urgent": urgent,
            "soon_days": settings.DUE_SOON_WORKING_DAYS}
