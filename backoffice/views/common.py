"""Helpers every back-office view uses: the current agency, and turning domain errors into messages and 4xx."""

from django.contrib import messages
from django.http import HttpRequest

from agencies.access import Perm, agency_ids
from agencies.models import Agency
from gongkai.errors import DomainError, NotFound


def current_agency(request: HttpRequest, perm: Perm) -> Agency:
    """The agency the page is about: `?agency=<code>` among those where the person holds `perm`, else the first of
    them (their own agency before the ones they supervise)."""
    allowed = agency_ids(request.user, perm)
    if not allowed:
        from gongkai.errors import PermissionDenied

        raise PermissionDenied("您没有访问该功能的权限。")
    code = request.GET.get("agency") or request.POST.get("agency")
    if code:
        agency = Agency.objects.filter(code=code, pk__in=allowed).first()
        if agency is None:
            raise NotFound(f"机关代码“{code}”不存在，或不属于您可以访问的机关。")
        return agency
    own = request.user.memberships.filter(agency_id__in=allowed).order_by("agency__path").first()
    if own is not None and own.role not in ("county_supervisor", "platform_admin"):
        return own.agency
    return Agency.objects.filter(pk__in=allowed).order_by("path").first()


# The largest value an id or a year in a query string may take: beyond it (20 nines, say) SQLite and PostgreSQL
# both refuse to compare it with an integer column, and the page would be a 500 instead of "nothing found".
MAX_INT = 2**31 - 1


def int_param(value: str | None, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """A whole number from a query string within [minimum, maximum], else None (a bad parameter is ignored)."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 10:
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def agencies_for(request: HttpRequest, perm: Perm):
    return Agency.objects.filter(pk__in=agency_ids(request.user, perm)).order_by("path")


def report_error(request: HttpRequest, error: DomainError, form=None) -> int:
    """Show the error next to its field (or at the top) and return the HTTP status to render with."""
    if form is not None and error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        messages.error(request, error.message)
    return error.status
