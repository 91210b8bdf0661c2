from dataclasses import dataclass

from django.db.models import QuerySet

from gongkai.errors import NotFound
from privacy.masking import mask_phone

from .access import Perm, has_perm, scope
from .models import Agency, Membership, Office, SiteSettings, StaffRegistryEntry


def site_settings() -> SiteSettings:
    return SiteSettings.objects.first() or SiteSettings()


def public_agencies() -> QuerySet[Agency]:
    """Agencies shown on the portal, in tree order."""
    return Agency.objects.filter(is_active=True).order_by("path")


def agency_tree() -> list[tuple[Agency, int]]:
    """(agency, depth) pairs in tree order, for indented lists."""
    return [(a, a.path.count("/") - 1) for a in public_agencies()]


def public_children(agency: Agency) -> QuerySet[Agency]:
    return agency.children.filter(is_active=True).order_by("sort_order", "name")


def offices_of(agency: Agency) -> QuerySet[Office]:
    """An agency's offices, for the pickers of pages already authorised for that agency."""
    return Office.objects.filter(agency=agency)


def registry_for(user, agency: Agency) -> QuerySet[StaffRegistryEntry]:
    return scope(StaffRegistryEntry.objects.filter(agency=agency), user, Perm.AGENCIES_VIEW)


@dataclass(frozen=True)
class RegistryRow:
    """One line of the 登记表 as this person may see it (the phone masked unless they keep or collect it)."""

    pk: int
    name: str
    position: str
    contact: str
    remarks: str


def registry_rows(user, agency: Agency) -> list[RegistryRow]:
    reveal = has_perm(user, Perm.AGENCIES_VIEW_CONTACTS, agency)
    return [RegistryRow(e.pk, e.name, e.position, e.contact if reveal else mask_phone(e.contact), e.remarks)
            for e in registry_for(user, agency)]


def get_registry_entry_for(user, agency: Agency, pk: int | None) -> StaffRegistryEntry:
    """A registry line of `agency` the person may see (404 otherwise; the services check the right to change it)."""
    entry = registry_for(user, agency).filter(pk=pk).first() if pk else None
    if entry is None:
        raise NotFound("登记记录不存在。")
    return entry


def members_of(user, agency: Agency) -> QuerySet[Membership]:
    return scope(Membership.objects.filter(agency=agency), user, Perm.AGENCIES_VIEW).select_related("user", "office")


def get_membership_for(user, agency: Agency, pk: int | None) -> Membership:
    membership = members_of(user, agency).filter(pk=pk).first() if pk else None
    if membership is None:
        raise NotFound("角色分配不存在。")
    return membership
