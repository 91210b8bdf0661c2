"""The oversight panel of the 工作台: the supervision cases the person handles, those due soon and those overdue
(complaints, suggestions, review cases, website error reports, work-plan tasks). One query per register and list."""

from agencies.access import Perm, agency_ids
from casework.selectors import workbench_cases


def panel(request):
    if not agency_ids(request.user, Perm.OVERSIGHT_VIEW):
        return None
    cases = workbench_cases(request.user)
    rows, seen = [], set()
    for key in ("overdue", "due_soon", "mine"):
        for entry in cases[key]:
            marker = (entry.register, entry.case.pk)
            if marker not in seen:
                seen.add(marker)
                rows.append(entry)
    return {"template": "backoffice/oversight/_panel.html", "cases": cases, "rows": rows[:15]}
