"""Who may see and do what, in which agency. Every selector and service asks this module; nothing else decides.

A person's grants come from their memberships: each role grants a fixed set of permissions in its agency. The county
政务公开办 and the platform administrator cascade: their grants cover the agency they sit in and every agency below it
(the platform administrator sits in the county government, the root). Superusers are platform administrators.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from django.db.models import Model, QuerySet

from gongkai.errors import NotFound, PermissionDenied

from .models import Agency, Membership, Role, User


class Perm(StrEnum):
    CATALOG_VIEW = "catalog.view"
    CATALOG_DRAFT = "catalog.draft"
    CATALOG_SECRECY_REVIEW = "catalog.secrecy_review"
    CATALOG_OFFICE_REVIEW = "catalog.office_review"
    CATALOG_DEPUTY_APPROVE = "catalog.deputy_approve"
    CATALOG_PRINCIPAL_APPROVE = "catalog.principal_approve"
    CATALOG_MANAGE = "catalog.manage"
    APPLICATIONS_VIEW = "applications.view"
    APPLICATIONS_HANDLE = "applications.handle"
    APPLICATIONS_APPROVE_EXTENSION = "applications.approve_extension"
    APPLICATIONS_VIEW_PERSONAL = "applications.view_personal"
    OVERSIGHT_VIEW = "oversight.view"
    OVERSIGHT_MANAGE = "oversight.manage"
    REPORTS_VIEW = "reports.view"
    REPORTS_EDIT = "reports.edit"
    REPORTS_APPROVE = "reports.approve"
    REPORTS_SUPERVISE = "reports.supervise"
    AGENCIES_VIEW = "agencies.view"
    AGENCIES_MANAGE = "agencies.manage"
    # The phone numbers of the staff registry (附件2): the agency's own 信息公开办 keeps it, the county 政务公开办
    # collects it; other staff see the names and positions only.
    AGENCIES_VIEW_CONTACTS = "agencies.view_contacts"
    WORKDAYS_MANAGE = "workdays.manage"
    SITE_MANAGE = "site.manage"
    # 等保 2.0 three separated administrator duties.
    ACCOUNTS_MANAGE = "accounts.manage"
    SECURITY_MANAGE = "security.manage"
    AUDIT_VIEW = "audit.view"


PERM_LABELS: dict[Perm, str] = {
    Perm.CATALOG_VIEW: "查看目录信息",
    Perm.CATALOG_DRAFT: "起草信息",
    Perm.CATALOG_SECRECY_REVIEW: "保密审查",
    Perm.CATALOG_OFFICE_REVIEW: "信息公开办审核",
    Perm.CATALOG_DEPUTY_APPROVE: "分管领导审批",
    Perm.CATALOG_PRINCIPAL_APPROVE: "主要领导审批",
    Perm.CATALOG_MANAGE: "管理目录（栏目、撤回、有效性）",
    Perm.APPLICATIONS_VIEW: "查看依申请公开",
    Perm.APPLICATIONS_HANDLE: "办理依申请公开",
    Perm.APPLICATIONS_APPROVE_EXTENSION: "批准延期答复",
    Perm.APPLICATIONS_VIEW_PERSONAL: "查看申请人个人信息",
    Perm.OVERSIGHT_VIEW: "查看监督保障登记",
    Perm.OVERSIGHT_MANAGE: "办理监督保障登记",
    Perm.REPORTS_VIEW: "查看统计与年报",
    Perm.REPORTS_EDIT: "编制年报",
    Perm.REPORTS_APPROVE: "审定年报（第一责任人）",
    Perm.REPORTS_SUPERVISE: "监督各单位年报",
    Perm.AGENCIES_VIEW: "查看机关与人员",
    Perm.AGENCIES_MANAGE: "管理机关与人员",
    Perm.AGENCIES_VIEW_CONTACTS: "查看工作人员联系方式",
    Perm.WORKDAYS_MANAGE: "维护节假日",
    Perm.SITE_MANAGE: "维护网站设置",
    Perm.ACCOUNTS_MANAGE: "管理工作人员账号与角色",
    Perm.SECURITY_MANAGE: "安全管理（账号锁定、多因素认证、接口令牌）",
    Perm.AUDIT_VIEW: "查看和导出审计记录",
}

_STAFF_READ = {Perm.CATALOG_VIEW, Perm.AGENCIES_VIEW}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.CLERK: frozenset(_STAFF_READ | {Perm.CATALOG_DRAFT}),
    Role.SECRECY_REVIEWER: frozenset(_STAFF_READ | {Perm.CATALOG_SECRECY_REVIEW}),
    Role.DEPUTY_LEADER: frozenset(
        _STAFF_READ
        | {Perm.CATALOG_DEPUTY_APPROVE, Perm.APPLICATIONS_VIEW, Perm.OVERSIGHT_VIEW, Perm.REPORTS_VIEW,
           Perm.REPORTS_APPROVE}
    ),
    Role.PRINCIPAL_LEADER: frozenset(
        _STAFF_READ | {Perm.CATALOG_PRINCIPAL_APPROVE, Perm.APPLICATIONS_VIEW, Perm.OVERSIGHT_VIEW, Perm.REPORTS_VIEW}
    ),
    Role.OFFICE_ADMIN: frozenset(
        _STAFF_READ
        | {Perm.CATALOG_DRAFT, Perm.CATALOG_OFFICE_REVIEW, Perm.CATALOG_MANAGE, Perm.APPLICATIONS_VIEW,
           Perm.APPLICATIONS_HANDLE, Perm.APPLICATIONS_APPROVE_EXTENSION, Perm.APPLICATIONS_VIEW_PERSONAL,
           Perm.OVERSIGHT_VIEW, Perm.OVERSIGHT_MANAGE, Perm.REPORTS_VIEW, Perm.REPORTS_EDIT, Perm.AGENCIES_MANAGE,
           Perm.AGENCIES_VIEW_CONTACTS, Perm.ACCOUNTS_MANAGE}
    ),
    # The county 政务公开办 reads and supervises every agency; it handles complaints addressed to the 主管部门
    # (Art.47) but does not approve or publish other agencies' information.
    Role.COUNTY_SUPERVISOR: frozenset(
        _STAFF_READ
        | {Perm.APPLICATIONS_VIEW, Perm.OVERSIGHT_VIEW, Perm.OVERSIGHT_MANAGE, Perm.REPORTS_VIEW,
           Perm.REPORTS_SUPERVISE, Perm.AGENCIES_VIEW_CONTACTS}
    ),
    # 三权分立: the platform administrator (系统管理员) may do everything but read the audit trail.
    Role.PLATFORM_ADMIN: frozenset(Perm) - {Perm.AUDIT_VIEW},
    Role.SECURITY_ADMIN: frozenset({Perm.AGENCIES_VIEW, Perm.SECURITY_MANAGE}),
    Role.AUDIT_ADMIN: frozenset({Perm.AGENCIES_VIEW, Perm.AUDIT_VIEW}),
}

CASCADING_ROLES = frozenset({Role.COUNTY_SUPERVISOR, Role.PLATFORM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

# Permissions that show personal data (ID numbers, phones, addresses) or that administer people and the audit trail:
# whoever holds one must log in with a second factor (等保 2.0 level 3, 身份鉴别).
PERSONAL_DATA_PERMS = frozenset({Perm.APPLICATIONS_VIEW_PERSONAL, Perm.AGENCIES_VIEW_CONTACTS, Perm.OVERSIGHT_MANAGE})
ADMINISTRATIVE_PERMS = frozenset({Perm.ACCOUNTS_MANAGE, Perm.SECURITY_MANAGE, Perm.AUDIT_VIEW, Perm.SITE_MANAGE})
MFA_REQUIRED_ROLES = frozenset(
    role for role, perms in ROLE_PERMISSIONS.items() if perms & (PERSONAL_DATA_PERMS | ADMINISTRATIVE_PERMS)
)

# Separation of duties: the person who reads the audit trail holds no role that manages accounts or security.
AUDIT_INCOMPATIBLE_ROLES = frozenset(
    role for role, perms in ROLE_PERMISSIONS.items() if perms & {Perm.ACCOUNTS_MANAGE, Perm.SECURITY_MANAGE}
)

M = TypeVar("M", bound=Model)

ALL_OFFICES = None  # marker: a drafter not tied to one office


# Bumped whenever an agency or a membership changes (signal receivers in AgenciesConfig.ready, used only to
# invalidate this cache), so cached grants never miss an agency created after they were computed.
_generation = 0


def invalidate_grants(*args, **kwargs) -> None:
    global _generation
    _generation += 1


@dataclass
class Grants:
    """Everything a person may do, resolved once per request."""

    agencies_by_perm: dict[str, frozenset[int]] = field(default_factory=dict)
    drafting_offices: dict[int, set[int | None]] = field(default_factory=dict)
    roles_by_agency: dict[int, set[str]] = field(default_factory=dict)
    generation: int = -1

    def agency_ids(self, perm: Perm) -> frozenset[int]:
        return self.agencies_by_perm.get(perm, frozenset())


def grants_for(user: User | None) -> Grants:
    """The person's grants, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Grants()
    cached = getattr(user, "_gongkai_grants", None)
    if cached is not None and cached.generation == _generation:
        return cached
    memberships = list(Membership.objects.filter(user=user).select_related("agency"))
    if user.is_superuser:
        root_ids = [a.pk for a in Agency.objects.filter(parent__isnull=True)]
        memberships += [Membership(user=user, agency_id=pk, role=Role.PLATFORM_ADMIN) for pk in root_ids]
    agency_paths = dict(Agency.objects.values_list("pk", "path"))
    by_perm: dict[str, set[int]] = {}
    offices: dict[int, set[int | None]] = {}
    roles: dict[int, set[str]] = {}
    for m in memberships:
        if m.role in CASCADING_ROLES:
            prefix = agency_paths.get(m.agency_id, "\0")
            covered = [pk for pk, path in agency_paths.items() if path.startswith(prefix)]
        else:
            covered = [m.agency_id]
        for pk in covered:
            roles.setdefault(pk, set()).add(m.role)
            for perm in ROLE_PERMISSIONS[m.role]:
                by_perm.setdefault(perm, set()).add(pk)
        if Perm.CATALOG_DRAFT in ROLE_PERMISSIONS[m.role]:
            office = m.office_id if m.role == Role.CLERK else ALL_OFFICES
            for pk in covered:
                offices.setdefault(pk, set()).add(office)
    grants = Grants({p: frozenset(ids) for p, ids in by_perm.items()}, offices, roles, _generation)
    user._gongkai_grants = grants
    return grants


def forget_grants(user: User) -> None:
    """Drop the cached grants (after memberships change)."""
    if hasattr(user, "_gongkai_grants"):
        del user._gongkai_grants


def has_perm(user: User | None, perm: Perm, agency: Agency | int) -> bool:
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agency_id in grants_for(user).agency_ids(perm)


def require(user: User | None, perm: Perm, agency: Agency) -> None:
    """Raise PermissionDenied (HTTP 403, a Chinese sentence) unless the person holds `perm` in `agency`."""
    if not has_perm(user, perm, agency):
        raise PermissionDenied(f"您没有在“{agency.name}”{PERM_LABELS[perm]}的权限。")


def agency_ids(user: User | None, perm: Perm) -> frozenset[int]:
    return grants_for(user).agency_ids(perm)


def scope(queryset: QuerySet[M], user: User | None, perm: Perm, field: str = "agency") -> QuerySet[M]:
    """Restrict any queryset to the agencies in which the person holds `perm`: the one tenant filter."""
    return queryset.filter(**{f"{field}_id__in": agency_ids(user, perm)})


def has_perm_anywhere(user: User | None, perm: Perm) -> bool:
    """Whether the person holds `perm` in at least one agency (a page or a menu entry they may open at all)."""
    return bool(agency_ids(user, perm))


def require_anywhere(user: User | None, perm: Perm, message: str = "您没有访问该功能的权限。") -> None:
    """Raise PermissionDenied (HTTP 403) with `message` unless the person holds `perm` in at least one agency."""
    if not has_perm_anywhere(user, perm):
        raise PermissionDenied(message)


def visible_agencies(user: User | None, perm: Perm) -> QuerySet[Agency]:
    """The agencies in which the person holds `perm`, in tree order (their path): the agency pickers of every page."""
    return Agency.objects.filter(pk__in=agency_ids(user, perm)).order_by("path")


def agency_for_page(user: User | None, perm: Perm, code: str | None, *,
                    denied: str = "您没有访问该功能的权限。") -> Agency:
    """The agency a page is about, among those where the person holds `perm` (403 with `denied` if there is none).

    `code` (the page's `?agency=`) names it: 404 unless it is one of them, so a page never tells whether an agency
    it may not show exists. Without a code: the person's own agency (the first, in tree order, where they hold a
    role that does not cascade: where they work, not one they see from the county), else the first they may see.
    """
    allowed = agency_ids(user, perm)
    if not allowed:
        raise PermissionDenied(denied)
    if code:
        agency = Agency.objects.filter(code=code, pk__in=allowed).first()
        if agency is None:
            raise NotFound(f"机关代码“{code}”不存在，或不属于您可以访问的机关。")
        return agency
    own = (Membership.objects.filter(user=user, agency_id__in=allowed).exclude(role__in=CASCADING_ROLES)
           .select_related("agency").order_by("agency__path").first())
    return own.agency if own is not None else visible_agencies(user, perm).first()


def get_agency_for(user: User | None, perm: Perm, code: str) -> Agency:
    """Fetch an agency by its code and check `perm` there in one step (404 if unknown, 403 if not allowed)."""
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise NotFound(f"机关代码“{code}”不存在。", code="agency_not_found")
    require(user, perm, agency)
    return agency


def may_draft_for_office(user: User | None, agency: Agency, office_id: int | None) -> bool:
    """A 信息员 tied to an office drafts only for that office (谁制定、谁梳理); the 信息公开办 drafts for any."""
    allowed = grants_for(user).drafting_offices.get(agency.pk, set())
    return ALL_OFFICES in allowed or office_id in allowed


def roles_in(user: User | None, agency: Agency) -> set[str]:
    return grants_for(user).roles_by_agency.get(agency.pk, set())


def requires_mfa(user: User | None) -> bool:
    """Whether this person must log in with a second factor: a superuser, anyone holding a role in
    MFA_REQUIRED_ROLES, and every member of an agency that requires MFA of all its staff."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    memberships = Membership.objects.filter(user=user)
    return memberships.filter(role__in=MFA_REQUIRED_ROLES).exists() or memberships.filter(
        agency__require_mfa=True).exists()


def may_manage_account(actor: User | None, user: User, perm: Perm = Perm.ACCOUNTS_MANAGE) -> bool:
    """Whether `actor` may administer `user`'s account (deactivate, reset MFA, unlock, …) with `perm`: they hold it in
    every agency where `user` has a role (an account without roles: at the platform root), and only a superuser
    administers a superuser. The account of a 审计管理员 is administered from the console only: whoever could reset
    its password or second factor in the back office could log in as the auditor and read the trail (三权分立)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if user.is_superuser and not actor.is_superuser:
        return False
    if Membership.objects.filter(user=user, role=Role.AUDIT_ADMIN).exists():
        return False
    held = agency_ids(actor, perm)
    targets = set(Membership.objects.filter(user=user).values_list("agency_id", flat=True))
    if not targets:
        targets = set(Agency.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    return bool(targets) and targets <= held


def perms_lacking_to_grant(actor: User | None, agency: Agency, role: str) -> frozenset[Perm]:
    """The permissions of `role` that `actor` does not hold wherever the role would apply: `agency`, and for a
    cascading role every agency below it. Nobody grants more than they hold (so nobody grants 审计管理员 through the
    back office: no account that manages others may read the audit trail)."""
    if role in CASCADING_ROLES:
        covered = set(Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))
    else:
        covered = {agency.pk}
    grants = grants_for(actor)
    return frozenset(perm for perm in ROLE_PERMISSIONS[role] if not covered <= grants.agency_ids(perm))


def may_grant_role(actor: User | None, agency: Agency, role: str) -> bool:
    """Whether `actor` may give (or take away) `role` in `agency`: they manage its accounts and hold the role's
    permissions there."""
    return has_perm(actor, Perm.ACCOUNTS_MANAGE, agency) and not perms_lacking_to_grant(actor, agency, role)


def grantable_roles(actor: User | None, agency: Agency) -> list[str]:
    """The roles `actor` may grant in `agency`, in the order of Role (for the grant form)."""
    return [role for role in Role.values if may_grant_role(actor, agency, role)]
