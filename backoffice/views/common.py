"""Helpers every back-office view uses: the current agency, and turning domain errors into messages and 4xx."""

from django.contrib import messages
from django.http import HttpRequest

from agencies.access import Perm, agency_for_page, visible_agencies
from agencies.models import Agency
from gongkai.errors import DomainError


def page_agency_code(request: HttpRequest) -> str | None:
    """The `agency` code a page was asked about (query string, or the posted form)."""
    return request.GET.get("agency") or request.POST.get("agency") or None


def current_agency(request: HttpRequest, perm: Perm) -> Agency:
    """The agency the page is about: `?agency=<code>` among those where the person holds `perm`, else their own
    (see `agencies.access.agency_for_page`)."""
    return agency_for_page(request.user, perm, page_agency_code(request))


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
    return visible_agencies(request.user, perm)


def report_error(request: HttpRequest, error: DomainError, form=None) -> int:
    """Show the error next to its field (or at the top) and return the HTTP status to render with."""
    if form is not None and error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        messages.error(request, error.message)
    return error.status
