"""Writes to an agency's 政务公开事项标准目录 (domain.md §5): its disclosure matters with the §5.3 columns over the
standard areas, the areas it marks 未涉及 with a reason, and the link from catalogue items to the matter they
disclose (which the coverage view, catalog/coverage.py, measures).

Each function checks the person's right to manage the agency's catalogue, validates with a specific Chinese
message, and writes an audit event in the same transaction.
"""

from django.db import transaction
from django.db.models import Max

from agencies.access import Perm, require
from agencies.models import Agency
from audit.services import record

from .errors import CatalogError
from .models import AreaExemption, Category, DisclosureMatter, Item, Revision, StandardArea

# 公开渠道和载体 as printed in the ministries' guides (domain.md §5.3).
CHANNELS = [
    "政府网站", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点", "政务服务中心", "便民服务站",
    "入户/现场", "社区/企事业单位/村公示栏（电子屏）", "精准推送", "其他",
]

LABELS = {
    "catalog.matter.created": "新增标准目录事项",
    "catalog.matter.updated": "修改标准目录事项",
    "catalog.matter.deactivated": "停用标准目录事项",
    "catalog.area.not_involved": "标记领域未涉及",
    "catalog.area.involved": "取消领域未涉及",
    "catalog.item.matter_linked": "关联标准目录事项",
}

MATTER_FIELDS = ("level1", "level2", "content", "legal_basis", "time_limit_text", "time_limit_days",
                 "expected_every_days", "subject", "channels", "audience", "modes", "tiers", "category", "serial")


def _choices(values, allowed, field: str, label: str, *, required: bool) -> list[str]:
    values = list(dict.fromkeys(values or []))
    if unknown := [v for v in values if v not in allowed]:
        raise CatalogError(f"{label}不正确：{'、'.join(map(str, unknown))}。", field=field)
    if required and not values:
        raise CatalogError(f"请至少选择一项{label}。", field=field, code=f"{field}_required")
    return values


def _clean(agency: Agency, values: dict) -> dict:
    out = dict(values)
    for field, label, limit in (("level1", "一级事项", 100), ("level2", "二级事项", 100), ("subject", "公开主体", 100),
                                ("time_limit_text", "公开时限", 200)):
        if field in out:
            out[field] = (out[field] or "").strip()
            if field in ("level1", "level2") and not out[field]:
                raise CatalogError(f"请填写{label}。", field=field, code=f"{field}_required")
            if len(out[field]) > limit:
                raise CatalogError(f"{label}不能超过{limit}个字。", field=field)
    for field, label in (("content", "公开内容（要素）"), ("legal_basis", "公开依据")):
        if field in out:
            out[field] = (out[field] or "").strip()
            if field == "content" and not out[field]:
                raise CatalogError(f"请填写{label}。", field=field, code="content_required")
    if "time_limit_text" in out and not out["time_limit_text"]:
        out["time_limit_text"] = "自信息形成或者变更之日起20个工作日内予以公开"
    if "time_limit_days" in out:
        try:
            out["time_limit_days"] = int(out["time_limit_days"])
        except (TypeError, ValueError):
            raise CatalogError("公开时限（工作日）应为整数。", field="time_limit_days")
        if not 1 <= out["time_limit_days"] <= 20:
            raise CatalogError("公开时限应为1至20个工作日（条例第二十六条为20个工作日）。", field="time_limit_days")
    if out.get("expected_every_days") not in (None, ""):
        try:
            out["expected_every_days"] = int(out["expected_every_days"])
        except (TypeError, ValueError):
            raise CatalogError("更新周期应为天数（整数）。", field="expected_every_days")
        if not 1 <= out["expected_every_days"] <= 3650:
            raise CatalogError("更新周期应为1至3650天。", field="expected_every_days")
    elif "expected_every_days" in out:
        out["expected_every_days"] = None
    if "channels" in out:
        out["channels"] = _choices(out["channels"], CHANNELS, "channels", "公开渠道和载体", required=True)
    if "audience" in out:
        out["audience"] = _choices(out["audience"], DisclosureMatter.Audience.values, "audience", "公开对象",
                                   required=True)
    if "modes" in out:
        out["modes"] = _choices(out["modes"], DisclosureMatter.Mode.values, "modes", "公开方式", required=True)
    if "tiers" in out:
        out["tiers"] = _choices(out["tiers"], DisclosureMatter.Tier.values, "tiers", "公开层级", required=True)
    category = out.get("category")
    if category is not None and (not isinstance(category, Category) or category.agency_id != agency.pk):
        raise CatalogError("发布栏目不属于该机关。", field="category")
    return out


def create_matter(agency: Agency, *, acting_user, area: StandardArea, level1: str, level2: str, content: str,
                  legal_basis: str = "", time_limit_text: str = "", time_limit_days: int = 20,
                  expected_every_days: int | None = None, subject: str = "", channels=("政府网站",),
                  audience=(DisclosureMatter.Audience.PUBLIC,), modes=(DisclosureMatter.Mode.PROACTIVE,),
                  tiers=(DisclosureMatter.Tier.TOWNSHIP,), category: Category | None = None,
                  serial: int | None = None) -> DisclosureMatter:
    """Add one row to the agency's standard catalogue (the §5.3 columns) in `area`."""
    require(acting_user, Perm.CATALOG_MANAGE, agency)
    if AreaExemption.objects.filter(agency=agency, area=area).exists():
        raise CatalogError(f"“{area.name}”领域已标记为未涉及，请先取消“未涉及”标记再添加事项。", field="area",
                           code="area_not_involved")
    values = _clean(agency, {
        "level1": level1, "level2": level2, "content": content, "legal_basis": legal_basis,
        "time_limit_text": time_limit_text, "time_limit_days": time_limit_days,
        "expected_every_days": expected_every_days, "subject": subject or agency.name, "channels": channels,
        "audience": audience, "modes": modes, "tiers": tiers, "category": category})
    with transaction.atomic():
        if serial is None:
            serial = (DisclosureMatter.objects.filter(agency=agency, area=area).aggregate(m=Max("serial"))["m"]
                      or 0) + 1
        matter = DisclosureMatter.objects.create(agency=agency, area=area, serial=serial, **values)
        record(matter, "catalog.matter.created", actor=acting_user, agency=agency,
               data={"area": area.name, "level1": matter.level1, "level2": matter.level2})
    return matter


def update_matter(matter: DisclosureMatter, *, acting_user, **changes) -> DisclosureMatter:
    """Change columns of a matter (its area stays: add a new matter to move it)."""
    require(acting_user, Perm.CATALOG_MANAGE, matter.agency)
    if unknown := set(changes) - set(MATTER_FIELDS):
        raise CatalogError(f"不能修改字段：{'、'.join(sorted(unknown))}。")
    values = _clean(matter.agency, changes)
    with transaction.atomic():
        changed = sorted(f for f, v in values.items() if getattr(matter, f) != v)
        for field, value in values.items():
            setattr(matter, field, value)
        matter.save()
        record(matter, "catalog.matter.updated", actor=acting_user, agency=matter.agency, data={"fields": changed})
        if "time_limit_days" in changed:
            _recompute_open_dues(Revision.objects.filter(matter=matter), acting_user=acting_user,
                                 reason=f"标准目录事项公开时限改为{matter.time_limit_days}个工作日")
    return matter


def deactivate_matter(matter: DisclosureMatter, *, acting_user, reason: str) -> DisclosureMatter:
    """Stop measuring a matter (the duty ended); its items keep their link."""
    require(acting_user, Perm.CATALOG_MANAGE, matter.agency)
    reason = (reason or "").strip()
    if not reason:
        raise CatalogError("停用事项须说明理由。", field="reason", code="reason_required")
    with transaction.atomic():
        matter.is_active = False
        matter.save(update_fields=["is_active"])
        record(matter, "catalog.matter.deactivated", actor=acting_user, agency=matter.agency, comment=reason[:500])
    return matter


def mark_area_not_involved(agency: Agency, area: StandardArea, *, acting_user, reason: str) -> AreaExemption:
    """未涉及: the agency has no duty in this area (未涉及领域事项说明), with the reason shown in the coverage view."""
    require(acting_user, Perm.CATALOG_MANAGE, agency)
    reason = (reason or "").strip()
    if not reason:
        raise CatalogError("标记未涉及须说明原因。", field="reason", code="reason_required")
    if len(reason) > 200:
        raise CatalogError("未涉及原因不能超过200个字。", field="reason")
    if DisclosureMatter.objects.filter(agency=agency, area=area, is_active=True).exists():
        raise CatalogError(f"“{area.name}”领域已有公开事项，不能标记为未涉及；如确无职责，请先停用这些事项。",
                           field="area", code="area_has_matters")
    with transaction.atomic():
        exemption, _ = AreaExemption.objects.update_or_create(agency=agency, area=area, defaults={"reason": reason})
        record(exemption, "catalog.area.not_involved", actor=acting_user, agency=agency,
               data={"area": area.name}, comment=reason)
    return exemption


def clear_area_not_involved(agency: Agency, area: StandardArea, *, acting_user) -> None:
    require(acting_user, Perm.CATALOG_MANAGE, agency)
    with transaction.atomic():
        exemption = AreaExemption.objects.filter(agency=agency, area=area).first()
        if exemption is None:
            return
        record(exemption, "catalog.area.involved", actor=acting_user, agency=agency, data={"area": area.name},
               comment=exemption.reason)
        exemption.delete()


def link_item_to_matter(item: Item, matter: DisclosureMatter | None, *, acting_user) -> Item:
    """Say which matter of the standard catalogue an item discloses (None: no matter). The published item and its
    revision being worked on (if any) are both updated, so the next publication keeps the link; the revision being
    worked on gets the matter's time limit (Art.26: the shorter limit wins)."""
    require(acting_user, Perm.CATALOG_MANAGE, item.agency)
    if matter is not None and matter.agency_id != item.agency_id:
        raise CatalogError("公开事项不属于该机关的标准目录。", field="matter")
    with transaction.atomic():
        before = item.matter
        item.matter = matter
        item.save(update_fields=["matter", "updated_at"])
        Revision.objects.filter(item=item).filter(status__in=[*Revision.OPEN_STATUSES, Revision.Status.PUBLISHED]) \
            .update(matter=matter)
        record(item, "catalog.item.matter_linked", actor=acting_user, agency=item.agency,
               data={"from": str(before) if before else "", "to": str(matter) if matter else ""})
        _recompute_open_dues(Revision.objects.filter(item=item), acting_user=acting_user,
                             reason=f"关联标准目录事项：{matter or '无'}")
    return item


def _recompute_open_dues(revisions, *, acting_user, reason: str) -> None:
    """The publication due date of these revisions still being worked on, after their matter's time limit changed;
    each change is recorded on its item (as when the calendar changes)."""
    from .services import set_publish_due  # the one computation of DL-PRO-2, shared within the catalogue app

    for revision in revisions.filter(status__in=Revision.OPEN_STATUSES).select_related("category", "matter", "item"):
        before = revision.publish_due
        set_publish_due(revision)
        if revision.publish_due != before:
            revision.save(update_fields=["publish_due", "publish_due_explanation"])
            record(revision.item, "catalog.revision.due_recomputed", actor=acting_user, agency=revision.item.agency,
                   comment=reason, data={"revision": revision.number, "from": str(before or ""),
                                         "to": str(revision.publish_due or "")})
