from django.db.models import QuerySet

from .access import Perm, scope
from .models import Agency, Membership, SiteSettings, StaffRegistryEntry


def site_settings() -> SiteSettings:
    return SiteSettings.objects.first() or SiteSettings()


def public_agencies() -> QuerySet[Agency]:
    """Agencies shown on the portal, in tree order."""
    return Agency.objects.filter(is_active=True).order_by("path")


def agency_tree() -> list[tuple[Agency, int]]:
    """(agency, depth) pairs in tree order, for indented lists."""
    return [(a, a.path.count("/") - 1) for a in public_agencies()]


def registry_for(user, agency: Agency) -> QuerySet[StaffRegistryEntry]:
    return scope(StaffRegistryEntry.objects.filter(agency=agency), user, Perm.AGENCIES_VIEW)


def members_of(user, agency: Agency) -> QuerySet[Membership]:
    return scope(Membership.objects.filter(agency=agency), user, Perm.AGENCIES_VIEW).select_related("user", "office")
