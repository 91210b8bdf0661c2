"""Every write to agencies, offices, people, roles, the staff registry and the site settings."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import record
from gongkai.errors import PermissionDenied

from .access import Perm, forget_grants, require
from .errors import AgencyError
from .models import Agency, Membership, Office, Role, SiteSettings, StaffRegistryEntry, User

AGENCY_PROFILE_FIELDS = (
    "name", "short_name", "uscc", "org_code", "established_on", "office_name", "office_address", "office_hours",
    "office_phone", "office_fax", "office_internet", "office_postcode", "guide_intro", "report_due_month",
    "report_due_day",
)


def _validated(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise AgencyError(messages[0], field=None if field == "__all__" else field) from None


def create_agency(*, acting_user, code: str, name: str, kind: str, parent: Agency | None = None,
                  **profile) -> Agency:
    """A new agency under `parent` (the county government when parent is None and none exists yet)."""
    if parent is None:
        if Agency.objects.filter(parent__isnull=True).exists():
            raise AgencyError("平台只能有一个顶级机关（县级人民政府），请选择上级机关。", field="parent")
        if acting_user is not None and not acting_user.is_superuser:
            raise PermissionDenied("只有平台管理员可以创建顶级机关。")
    else:
        require(acting_user, Perm.SITE_MANAGE, parent)
    agency = Agency(code=code, name=name, kind=kind, parent=parent, **profile)
    if agency.uscc and not agency.org_code:
        agency.org_code = agency.uscc.upper()[8:17]
    agency.path = "pending"
    _validated(agency)
    with transaction.atomic():
        agency.save()
        agency.path = f"{parent.path if parent else ''}{agency.pk}/"
        agency.save(update_fields=["path"])
        record(agency, "agencies.agency.created", actor=acting_user, agency=agency, data={"code": code, "name": name})
    if acting_user is not None:
        forget_grants(acting_user)  # cascading grants now cover the new agency
    return agency


def update_agency_profile(agency: Agency, *, acting_user, **changes) -> Agency:
    """Change the agency's profile: codes, the Art.12 guide fields of its disclosure office, its report deadline."""
    require(acting_user, Perm.AGENCIES_MANAGE, agency)
    unknown = set(changes) - set(AGENCY_PROFILE_FIELDS)
    if unknown:
        raise AgencyError(f"不能修改字段：{'、'.join(sorted(unknown))}。")
    before = {f: getattr(agency, f) for f in changes}
    for field, value in changes.items():
        setattr(agency, field, value)
    if agency.uscc and not agency.org_code:
        agency.org_code = agency.uscc.upper()[8:17]
    _validated(agency)
    with transaction.atomic():
        agency.save()
        record(agency, "agencies.agency.updated", actor=acting_user, agency=agency,
               data={"changed": {f: [str(before[f]), str(changes[f])] for f in changes if before[f] != changes[f]}})
    return agency


def add_office(agency: Agency, *, acting_user, name: str, kind: str = Office.Kind.OFFICE,
               sort_order: int = 0) -> Office:
    require(acting_user, Perm.AGENCIES_MANAGE, agency)
    if not name.strip():
        raise AgencyError("办所名称不能为空。", field="name")
    if Office.objects.filter(agency=agency, name=name.strip()).exists():
        raise AgencyError(f"“{name}”已存在。", field="name")
    office = Office(agency=agency, name=name.strip(), kind=kind, sort_order=sort_order)
    _validated(office)
    with transaction.atomic():
        office.save()
        record(office, "agencies.office.created", actor=acting_user, agency=agency, data={"name": office.name})
    return office


def create_user(*, acting_user, username: str, full_name: str, password: str, email: str = "") -> User:
    """A staff account (roles are granted separately). Only platform and agency administrators create accounts."""
    if acting_user is not None and not (acting_user.is_superuser or acting_user.memberships.filter(
            role__in=[Role.OFFICE_ADMIN, Role.PLATFORM_ADMIN]).exists()):
        raise PermissionDenied("只有平台管理员或信息公开办可以创建账号。")
    if User.objects.filter(username=username).exists():
        raise AgencyError(f"用户名“{username}”已被使用。", field="username")
    user = User(username=username, full_name=full_name, email=email)
    try:
        validate_password(password or "", user)
    except ValidationError as exc:
        raise AgencyError("初始密码不符合要求：" + "".join(exc.messages), field="password") from None
    user.set_password(password)
    _validated(user)
    with transaction.atomic():
        user.save()
        record(user, "agencies.user.created", actor=acting_user, data={"username": username})
    return user


def grant_role(user: User, agency: Agency, role: str, *, acting_user, office: Office | None = None,
               title: str = "") -> Membership:
    """Give `user` a role in `agency`. Agency administrators grant the agency's own roles; the 政务公开办 and platform
    administrator roles are granted by the platform administrator."""
    if role in (Role.COUNTY_SUPERVISOR, Role.PLATFORM_ADMIN):
        require(acting_user, Perm.SITE_MANAGE, agency)
    else:
        require(acting_user, Perm.AGENCIES_MANAGE, agency)
    if role not in Role.values:
        raise AgencyError("未知的角色。", field="role")
    if office is not None and office.agency_id != agency.pk:
        raise AgencyError("办所不属于该机关。", field="office")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, agency=agency, role=role, defaults={"office": office, "title": title})
        if not created and (membership.office_id != (office.pk if office else None) or membership.title != title):
            membership.office, membership.title = office, title
            membership.save(update_fields=["office", "title"])
        record(membership, "agencies.role.granted", actor=acting_user, agency=agency,
               data={"user": user.username, "role": role, "office": office.name if office else ""})
    forget_grants(user)
    return membership


def add_member(agency: Agency, *, acting_user, username: str, role: str, full_name: str = "", password: str = "",
               office: Office | None = None, title: str = "") -> Membership:
    """Give a role in `agency` to an existing account, or to a new one created with `full_name` and `password`."""
    user = User.objects.filter(username=username).first()
    with transaction.atomic():
        if user is None:
            user = create_user(acting_user=acting_user, username=username, full_name=full_name, password=password)
        return grant_role(user, agency, role, acting_user=acting_user, office=office, title=title)


def revoke_role(membership: Membership, *, acting_user) -> None:
    require(acting_user, Perm.AGENCIES_MANAGE, membership.agency)
    if membership.role == Role.OFFICE_ADMIN and membership.user_id == getattr(acting_user, "pk", None):
        # Otherwise the last 信息公开办 of a township could lock the agency out of its own administration.
        raise AgencyError("不能撤销本人的信息公开办角色，请由其他管理员操作。", code="revoke_own_admin")
    with transaction.atomic():
        record(membership, "agencies.role.revoked", actor=acting_user, agency=membership.agency,
               data={"user": membership.user.username, "role": membership.role})
        membership.delete()
    forget_grants(membership.user)


def save_registry_entry(agency: Agency, *, acting_user, name: str, position: str, contact: str = "",
                        remarks: str = "", entry: StaffRegistryEntry | None = None,
                        sort_order: int | None = None) -> StaffRegistryEntry:
    """Add or change a row of the 政务公开分管领导及工作机构工作人员登记表."""
    require(acting_user, Perm.AGENCIES_MANAGE, agency)
    if not name.strip() or not position.strip():
        raise AgencyError("姓名和职务均为必填项。", field="name" if not name.strip() else "position")
    if entry is not None and entry.agency_id != agency.pk:
        raise PermissionDenied("该登记记录属于其他机关。")
    if entry is None:
        order = sort_order if sort_order is not None else StaffRegistryEntry.objects.filter(agency=agency).count()
        entry = StaffRegistryEntry(agency=agency, sort_order=order)
        action = "agencies.registry.added"
    else:
        action = "agencies.registry.changed"
        if sort_order is not None:
            entry.sort_order = sort_order
    entry.name, entry.position, entry.contact, entry.remarks = (
        name.strip(), position.strip(), (contact or "").strip(), (remarks or "").strip())
    _validated(entry)
    with transaction.atomic():
        entry.save()
        record(entry, action, actor=acting_user, agency=agency, data={"name": entry.name, "position": entry.position})
    return entry


def delete_registry_entry(entry: StaffRegistryEntry, *, acting_user) -> None:
    require(acting_user, Perm.AGENCIES_MANAGE, entry.agency)
    with transaction.atomic():
        record(entry, "agencies.registry.removed", actor=acting_user, agency=entry.agency, data={"name": entry.name})
        entry.delete()


def update_site_settings(*, acting_user, **values) -> SiteSettings:
    """The portal footer: 主办单位, address, phone, 网站标识码, ICP备案号, 公安机关备案号 (format-checked)."""
    root = Agency.objects.filter(parent__isnull=True).first()
    if root is None or not (acting_user is not None and acting_user.is_superuser):
        if root is None:
            raise PermissionDenied("只有平台管理员可以维护网站设置。")
        require(acting_user, Perm.SITE_MANAGE, root)
    settings_row = SiteSettings.objects.first() or SiteSettings()
    allowed = {"site_name", "host_org", "address", "phone", "site_code", "icp_no", "psb_no", "copyright_since"}
    unknown = set(values) - allowed
    if unknown:
        raise AgencyError(f"不能修改字段：{'、'.join(sorted(unknown))}。")
    changed = {}
    for field, value in values.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(settings_row, field) != value:
            changed[field] = [str(getattr(settings_row, field) or ""), str(value or "")]
            setattr(settings_row, field, value)
    _validated(settings_row)
    if not changed and settings_row.pk:
        return settings_row  # nothing to record (loaddemo runs this on every run)
    with transaction.atomic():
        settings_row.save()
        record(settings_row, "agencies.site.updated", actor=acting_user, data={"changed": changed})
    return settings_row
