"""Every write to agencies, offices, the staff registry and the site settings (accounts and roles: accounts.py)."""

from django.db import transaction

from audit.services import record
from gongkai.errors import PermissionDenied

from .access import Perm, forget_grants, require

# Staff accounts and roles have their own module; these stay importable from here for the demo and other apps' tests.
from .accounts import create_user, grant_role, revoke_role  # noqa: F401
from .errors import AgencyError, full_clean_or_raise
from .models import Agency, Office, SiteSettings, StaffRegistryEntry

AGENCY_PROFILE_FIELDS = (
    "name", "short_name", "uscc", "org_code", "established_on", "office_name", "office_address", "office_hours",
    "office_phone", "office_fax", "office_internet", "office_postcode", "guide_intro", "report_due_month",
    "report_due_day",
)


def create_agency(*, acting_user, code: str, name: str, kind: str, parent: Agency | None = None,
                  **profile) -> Agency:
    """A new agency under `parent` (the county government when parent is None and none exists yet).

    `acting_user=None` is the system (the console, a demo command): the permission rules are skipped, the others
    apply."""
    if parent is None:
        if Agency.objects.filter(parent__isnull=True).exists():
            raise AgencyError("平台只能有一个顶级机关（县级人民政府），请选择上级机关。", field="parent")
        if acting_user is not None and not acting_user.is_superuser:
            raise PermissionDenied("只有平台管理员可以创建顶级机关。")
    elif acting_user is not None:
        require(acting_user, Perm.SITE_MANAGE, parent)
    agency = Agency(code=code, name=name, kind=kind, parent=parent, **profile)
    if agency.uscc and not agency.org_code:
        agency.org_code = agency.uscc.upper()[8:17]
    agency.path = "pending"
    full_clean_or_raise(agency)
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
    full_clean_or_raise(agency)
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
    full_clean_or_raise(office)
    with transaction.atomic():
        office.save()
        record(office, "agencies.office.created", actor=acting_user, agency=agency, data={"name": office.name})
    return office


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
    full_clean_or_raise(entry)
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
    full_clean_or_raise(settings_row)
    if not changed and settings_row.pk:
        return settings_row  # nothing to record (loaddemo runs this on every run)
    with transaction.atomic():
        settings_row.save()
        record(settings_row, "agencies.site.updated", actor=acting_user, data={"changed": changed})
    return settings_row
