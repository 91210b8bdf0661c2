"""社会评议: ratings by the public."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agencies.access import Perm, agency_ids
from agencies.models import Agency
from gongkai import clock
from oversight import selectors
from oversight.models import (
    Rating,
)


@login_required
def ratings(request):
    visible = sorted(agency_ids(request.user, Perm.OVERSIGHT_VIEW))
    if not visible:
        from gongkai.errors import PermissionDenied

        raise PermissionDenied("您没有查看监督保障登记的权限。")
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and len(year) == 4 else clock.today().year
    summary = selectors.rating_summary(date(year, 1, 1), date(year, 12, 31), visible)
    names = dict(Agency.objects.filter(pk__in=visible).values_list("pk", "name"))
    rows = [(names[a], summary[a]) for a in visible if summary[a]["total"]]
    recent = (Rating.objects.filter(agency_id__in=visible, rated_on__year=year).exclude(comment="")
              .select_related("agency", "item")[:50])
    return render(request, "backoffice/oversight/ratings.html", {"year": year, "rows": rows, "recent": recent,
                                                                 "years": range(clock.today().year, 2016, -1)})
