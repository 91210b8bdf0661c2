"""社会评议: ratings by the public."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agencies.access import Perm, require_anywhere
from gongkai import clock
from oversight import selectors


@login_required
def ratings(request):
    require_anywhere(request.user, Perm.OVERSIGHT_VIEW, "您没有查看监督保障登记的权限。")
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and len(year) == 4 else clock.today().year
    page = selectors.rating_page(request.user, year)
    return render(request, "backoffice/oversight/ratings.html", {"year": year, "rows": page.rows,
                                                                 "recent": page.recent,
                                                                 "years": range(clock.today().year, 2016, -1)})
