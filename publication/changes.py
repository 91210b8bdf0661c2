"""Which audit events change the public pages, as changes of the dependency map. The services of the other apps
write these events in the same transaction as the change; publication.apps connects on_audit_event to them."""

from collections.abc import Callable

from . import dependencies as d


def _item(event) -> list[d.Change]:
    from catalog.models import Item, Revision

    published = Item.Status.PUBLISHED
    if event.action == "catalog.item.withdrawn":
        kind = d.ITEM_WITHDRAWN
    elif event.action == "catalog.item.imported":
        kind = d.ITEM_PUBLISHED
    elif event.action == "catalog.item.validity_changed":
        kind = d.ITEM_REVISED
    elif event.to_state == published:
        kind = d.ITEM_REVISED if event.from_state == published else d.ITEM_PUBLISHED
    elif event.from_state == published:
        kind = d.ITEM_WITHDRAWN  # a new revision withheld (不予公开): the item leaves the portal
    else:
        return []
    item = Item.objects.only("pk", "category_id", "agency_id").get(pk=event.target_id)
    previous = None
    if kind == d.ITEM_REVISED and event.action == "catalog.item.published":
        previous = (Revision.objects.filter(item_id=item.pk, status=Revision.Status.SUPERSEDED)
                    .order_by("-number").values_list("category_id", flat=True).first())
    return [d.Change(kind, agency_id=item.agency_id, item_id=item.pk, previous_category_id=previous)]


def _category(event) -> list[d.Change]:
    from catalog.models import Category

    category = Category.objects.only("pk", "agency_id").get(pk=event.target_id)
    if event.action == "catalog.category.created":
        return [d.Change(d.CATEGORY_CREATED, agency_id=category.agency_id, category_id=category.pk)]
    changed = (event.data or {}).get("changed") or {}
    previous_column = changed["column"][0] if "column" in changed else None
    return [d.Change(d.CATEGORY_CHANGED, agency_id=category.agency_id, category_id=category.pk,
                     previous_column=previous_column, fields=frozenset(changed))]


def _agency(event) -> list[d.Change]:
    if event.action == "agencies.agency.created":
        return [d.Change(d.AGENCY_CREATED, agency_id=int(event.target_id))]
    changed = (event.data or {}).get("changed") or {}
    return [d.Change(d.AGENCY_CHANGED, agency_id=int(event.target_id), fields=frozenset(changed))] if changed else []


def _site(event) -> list[d.Change]:
    return [d.Change(d.SITE_CHANGED)] if (event.data or {}).get("changed") else []


def _report(event) -> list[d.Change]:
    return [d.Change(d.REPORT_PUBLISHED, agency_id=event.agency_id)] if event.agency_id else []


def _calendar(event) -> list[d.Change]:
    return [d.Change(d.CALENDAR_CHANGED)]


def _reading_point(event) -> list[d.Change]:
    return [d.Change(d.READING_POINTS_CHANGED, agency_id=event.agency_id)] if event.agency_id else []


AUDIT_ACTIONS: dict[str, Callable] = {
    "catalog.item.published": _item,
    "catalog.item.imported": _item,
    "catalog.item.withdrawn": _item,
    "catalog.item.validity_changed": _item,
    "catalog.category.created": _category,
    "catalog.category.changed": _category,
    "agencies.agency.created": _agency,
    "agencies.agency.updated": _agency,
    "agencies.site.updated": _site,
    "reports.report.published": _report,
    "reports.report.imported": _report,
    "reports.report.reimported": _report,
    "workdays.day.set": _calendar,
    "workdays.day.cleared": _calendar,
    "workdays.year.loaded": _calendar,
    "oversight.reading_point.saved": _reading_point,
}


def from_audit_event(event) -> list[d.Change]:
    handler = AUDIT_ACTIONS.get(event.action)
    return handler(event) if handler else []
