"""监督保障: the index page of the registers."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agencies.access import Perm, has_perm_anywhere, require_anywhere
from oversight import selectors

from .shared import _agencies


@login_required
def index(request):
    """监督保障: the registers with their open and overdue numbers (the county sees every agency)."""
    require_anywhere(request.user, Perm.OVERSIGHT_VIEW, "您没有查看监督保障登记的权限。")
    counts = selectors.open_counts(request.user)
    return render(request, "backoffice/oversight/index.html", {
        "counts": counts, "may_manage": has_perm_anywhere(request.user, Perm.OVERSIGHT_MANAGE),
        "may_view_catalog": has_perm_anywhere(request.user, Perm.CATALOG_VIEW),
        "agencies": _agencies(request, Perm.OVERSIGHT_VIEW)})
