from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django_otp import device_classes

from gongkai.errors import NotFound
from privacy.masking import mask_phone

from .access import Perm, agency_ids, has_perm, may_grant_role, scope
from .models import Agency, Membership, Office, SiteSettings, StaffRegistryEntry, User


def site_settings() -> SiteSettings:
    return SiteSettings.objects.first() or SiteSettings()


def public_agencies() -> QuerySet[Agency]:
    """Agencies shown on the portal, in tree order, with their parents (the API's agency list shows them)."""
    return Agency.objects.filter(is_active=True).select_related("parent").order_by("path")


def agency_tree() -> list[tuple[Agency, int]]:
    """(agency, depth) pairs in tree order, for indented lists."""
    return [(a, a.path.count("/") - 1) for a in public_agencies()]


def public_children(agency: Agency) -> QuerySet[Agency]:
    return agency.children.filter(is_active=True).order_by("sort_order", "name")


def offices_of(agency: Agency) -> QuerySet[Office]:
    """An agency's offices, for the pickers of pages already authorised for that agency."""
    return Office.objects.filter(agency=agency)


def office_of(agency: Agency, pk) -> Office | None:
    """One of the agency's offices chosen in a form (None for a blank or unknown choice)."""
    return Office.objects.filter(agency=agency, pk=pk).first() if pk else None


def members_holding(agency: Agency, roles, *, active_only: bool = False) -> QuerySet[Membership]:
    """The agency's memberships in `roles` with their people, by name (the assignee and approver pickers)."""
    qs = Membership.objects.filter(agency=agency, role__in=roles)
    if active_only:
        qs = qs.filter(user__is_active=True)
    return qs.select_related("user").order_by("user__full_name", "user__username")


def member_of(agency: Agency, user_id) -> User | None:
    """A person with a role in the agency, chosen in a form (None for a blank or unknown choice)."""
    if not user_id:
        return None
    membership = Membership.objects.filter(agency=agency, user_id=user_id).select_related("user").first()
    return membership.user if membership else None


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


# --- staff accounts (the 人员账号 pages of the account administrators) ----------------------------------------------

def users_with_second_factor(user_ids) -> set[int]:
    """Which of these accounts have a confirmed second factor: django_otp.user_has_device for a whole list, one query
    per device kind instead of one per person and kind."""
    ids = list(user_ids)
    found: set[int] = set()
    for model in device_classes():
        found.update(model.objects.filter(user_id__in=ids, confirmed=True).values_list("user_id", flat=True))
    return found


@dataclass(frozen=True)
class StaffRow:
    """One account on an agency's staff list: its roles in that agency, whether it may log in, its second factor."""

    user: User
    roles: list[str]
    mfa_enrolled: bool

    @property
    def last_login(self) -> datetime | None:
        return self.user.last_login


def staff_rows(actor, agency: Agency) -> list[StaffRow]:
    """The people holding a role in `agency`, for someone who manages its accounts (empty for anyone else). At the
    platform root the list also holds the accounts without any role: they are administered there."""
    memberships = scope(Membership.objects.filter(agency=agency), actor, Perm.ACCOUNTS_MANAGE).select_related("user")
    roles: dict[int, list[str]] = {}
    users: dict[int, User] = {}
    for m in memberships.order_by("user__username", "role"):
        users[m.user_id] = m.user
        roles.setdefault(m.user_id, []).append(m.get_role_display())
    if agency.parent_id is None and has_perm(actor, Perm.ACCOUNTS_MANAGE, agency):
        for user in User.objects.filter(memberships__isnull=True).order_by("username"):
            users[user.pk] = user
            roles[user.pk] = []
    enrolled = users_with_second_factor(users)
    return sorted((StaffRow(u, roles[pk], pk in enrolled) for pk, u in users.items()),
                  key=lambda row: (not row.user.is_active, row.user.username))


def get_account_for(actor, pk: int | None) -> User:
    """An account the person manages in at least one agency (one without roles: at the platform root), else 404.
    What they may do with it is for agencies.accounts to decide."""
    managed = agency_ids(actor, Perm.ACCOUNTS_MANAGE)
    roots = set(Agency.objects.filter(parent__isnull=True, pk__in=managed).values_list("pk", flat=True))
    visible = Q(memberships__agency_id__in=managed)
    if roots:
        visible |= Q(memberships__isnull=True)
    account = User.objects.filter(visible, pk=pk).distinct().first() if pk and managed else None
    if account is None:
        raise NotFound("账号不存在，或不属于您管理的机关。")
    return account


@dataclass(frozen=True)
class MembershipRow:
    membership: Membership
    may_revoke: bool


def account_memberships(actor, account: User) -> tuple[list[MembershipRow], int]:
    """The account's roles in the agencies the person manages (with whether they may revoke each), and how many it
    holds elsewhere."""
    managed = agency_ids(actor, Perm.ACCOUNTS_MANAGE)
    rows, elsewhere = [], 0
    for m in Membership.objects.filter(user=account).select_related("agency", "office").order_by("agency__path",
                                                                                                   "role"):
        if m.agency_id in managed:
            rows.append(MembershipRow(m, may_grant_role(actor, m.agency, m.role)))
        else:
            elsewhere += 1
    return rows, elsewhere


def first_managed_agency_of(actor, account: User) -> Agency | None:
    """The first (in tree order) of the account's agencies where the person manages accounts: the agency an
    account's page opens on."""
    own = (Membership.objects.filter(user=account, agency_id__in=agency_ids(actor, Perm.ACCOUNTS_MANAGE))
           .select_related("agency").order_by("agency__path").first())
    return own.agency if own is not None else None


def get_account_membership_for(actor, account: User, pk: int | None) -> Membership:
    """One of the account's roles in an agency the person manages, else 404."""
    membership = scope(Membership.objects.filter(user=account), actor, Perm.ACCOUNTS_MANAGE).filter(
        pk=pk).select_related("agency", "user").first() if pk else None
    if membership is None:
        raise NotFound("角色分配不存在。")
    return membership


def public_agency(code: str | None) -> Agency | None:
    """The portal agency with this code (None if blank or unknown: the caller decides what that means)."""
    return public_agencies().filter(code=code).first() if code else None


def get_public_agency(code: str) -> Agency:
    """The portal agency with this code, or a 404 that says which code is unknown (shortened: it is what was typed)."""
    agency = public_agency(code)
    if agency is None:
        shown = code if len(code) <= 40 else code[:40] + "…"
        raise NotFound(f"机关代码“{shown}”不存在，请从“机关”列表中选择。", code="agency_not_found")
    return agency


def public_root() -> Agency | None:
    """The platform's root agency (the county government), as the contact page shows it."""
    return public_agencies().filter(parent__isnull=True).first()


def get_agency(pk: int) -> Agency:
    """An agency by id, for a step that stored the id itself (an upload in the session); the caller authorises."""
    return Agency.objects.get(pk=pk)
