"""监督保障: the index page of the registers."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agencies.access import Perm, agency_ids
from oversight import selectors

from .shared import _agencies


@login_required
def index(request):
    """监督保障: the registers with their open and overdue numbers (the county sees every agency)."""
    require_any = agency_ids(request.user, Perm.OVERSIGHT_VIEW)
    if not require_any:
        from gongkai.errors import PermissionDenied

        raise PermissionDenied("您没有查看监督保障登记的权限。")
    counts = selectors.open_counts(request.user)
    return render(request, "backoffice/oversight/index.html", {
        "counts": counts, "may_manage": bool(agency_ids(request.user, Perm.OVERSIGHT_MANAGE)),
        "may_view_catalog": bool(agency_ids(request.user, Perm.CATALOG_VIEW)),
        "agencies": _agencies(request, Perm.OVERSIGHT_VIEW)})
