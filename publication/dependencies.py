"""The dependency map: for each kind of change, exactly the published files it affects.

One change → a set of targets (URL paths, or groups from publication.pages that expand when drained). The numbers
below are what the portal shows; keep them in step with portal/views/catalog.py and portal/views/feeds.py:
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from agencies.models import Agency
from catalog.models import Category, Item, StatutoryColumn
from catalog.selectors import PAGE_SIZE

from . import pages

HOME_LATEST = 12  # the county home page: latest_published(12)
AGENCY_LATEST = 10  # an agency's home page: latest_published(10, agency=…)
FEED_SIZE = 30  # the agency and category Atom feeds
LIST_PAGE = PAGE_SIZE  # the first page of a category or column list

# --- the kinds of change ------------------------------------------------------------------------------------------
ITEM_PUBLISHED = "item.published"  # an item appears on the portal (first publication, republication, import)
ITEM_WITHDRAWN = "item.withdrawn"  # an item leaves the portal (撤回, or a new revision withheld)
ITEM_REVISED = "item.revised"  # a published item stays published with new content, category or validity
CATEGORY_CREATED = "category.created"
CATEGORY_CHANGED = "category.changed"  # rename, reorder, column, description, statutory items, stopped/started
AGENCY_CREATED = "agency.created"
AGENCY_CHANGED = "agency.changed"  # name, guide fields, codes
SITE_CHANGED = "site.changed"  # the footer, the site name (every page shows them)
REPORT_PUBLISHED = "report.published"  # an annual report published, revised or imported
CALENDAR_CHANGED = "calendar.changed"  # the working-day calendar (the 期限计算器 shows its loaded span)
READING_POINTS_CHANGED = "reading_points.changed"  # 查阅点 (the guide and the 查阅点 page list them)
YEAR_CHANGED = "year.changed"  # the footer's copyright year


@dataclass(frozen=True)
class Change:
    kind: str
    agency_id: int | None = None
    item_id: int | None = None
    category_id: int | None = None
    previous_category_id: int | None = None  # an item that moved, or a category's column before the change
    previous_column: str | None = None
    fields: frozenset[str] = field(default_factory=frozenset)


# Which pages show which field of a category (portal templates): its own page, the sibling list of every category
# page of its column, its column page, the agency home page, the guide, the pages of its items, the county home
# page (its latest list names the category), its feed's title.
CATEGORY_FIELD_PAGES = {
    "name": {"self", "feed", "siblings", "column", "agency", "guide", "items", "home"},
    "column": {"self", "siblings", "column", "guide", "items"},
    "sort_order": {"siblings", "column", "agency", "guide"},
    "description": {"self"},
    "is_active": {"self", "feed", "siblings", "column", "agency", "guide"},
    "statutory_items": {"guide"},
    "publish_limit_days": set(),
}
# Which pages show which field of an agency: "all" is every page of the agency (its name is on each), plus the
# site's pages listing agencies and its parent's home page (下级机关).
AGENCY_FIELD_PAGES = {
    "name": {"all", "lists", "parent", "home"},
    "short_name": set(),
    "uscc": {"guide"},
    "org_code": {"guide"},
    "established_on": set(),
    "office_name": {"guide", "contact"},
    "office_address": {"guide"},
    "office_hours": {"guide", "contact"},
    "office_phone": {"guide"},
    "office_fax": {"guide"},
    "office_internet": {"guide"},
    "office_postcode": {"guide"},
    "guide_intro": {"guide"},
    "report_due_month": set(),
    "report_due_day": set(),
}


def targets(change: Change) -> set[str]:
    """The targets `change` makes stale (computed inside the change's transaction, after the change)."""
    return _BUILDERS[change.kind](change)


# --- items --------------------------------------------------------------------------------------------------------

def _newer(queryset, item: Item):
    day = item.published_on
    return queryset.exclude(pk=item.pk).filter(Q(published_on__gt=day) | Q(published_on=day, pk__gt=item.pk))


def _listed(queryset, item: Item, size: int) -> bool:
    """Whether `item` is (or was, for one that just left) among the first `size` of `queryset`, newest first."""
    if item.published_on is None:
        return False
    return len(_newer(queryset, item).values_list("pk", flat=True)[:size]) < size


def _published():
    return Item.objects.filter(status=Item.Status.PUBLISHED)


def _category_pages(category: Category, *, count_changed: bool, item: Item | None) -> set[str]:
    code = category.agency.code
    in_category = _published().filter(category=category)
    found = set()
    if count_changed or (item is not None and _listed(in_category, item, LIST_PAGE)):
        found.add(pages.category(code, category.pk))
    if item is None or _listed(in_category, item, FEED_SIZE):
        found.add(pages.category_feed(code, category.pk))
    in_column = _published().filter(agency_id=category.agency_id, category__column=category.column)
    if (column := pages.column(code, category.column)) and (
            count_changed or (item is not None and _listed(in_column, item, LIST_PAGE))):
        found.add(column)
    return found


def _year_span_changed(item: Item) -> bool:
    """The agency's category pages offer a year filter from its first to its last publication year."""
    if item.published_on is None:
        return False
    others = _published().filter(agency_id=item.agency_id).exclude(pk=item.pk)
    year = item.published_on.year
    return (not others.filter(published_on__gte=date(year, 1, 1)).exists()
            or not others.filter(published_on__lt=date(year + 1, 1, 1)).exists())


def _item_targets(change: Change) -> set[str]:
    item = Item.objects.select_related("agency", "category__agency").get(pk=change.item_id)
    agency = item.agency
    status_changed = change.kind in (ITEM_PUBLISHED, ITEM_WITHDRAWN)
    moved = change.previous_category_id not in (None, item.category_id)
    found = {pages.item(item.index_no)} if item.index_no else set()
    found |= _category_pages(item.category, count_changed=status_changed or moved, item=item)
    if moved:
        previous = Category.objects.select_related("agency").get(pk=change.previous_category_id)
        found |= _category_pages(previous, count_changed=True, item=item)
    in_agency = _published().filter(agency=agency)
    if status_changed or moved or _listed(in_agency, item, AGENCY_LATEST):
        found.add(pages.agency(agency.code))  # its category counts, its latest list
    if _listed(in_agency, item, FEED_SIZE):
        found.add(pages.agency_feed(agency.code))
    if _listed(_published(), item, HOME_LATEST):
        found.add(pages.home())
    if status_changed and _year_span_changed(item):
        found.add(pages.group(pages.AGENCY_CATEGORIES, agency.pk))
    return found


# --- categories ---------------------------------------------------------------------------------------------------

def _category_targets(change: Change) -> set[str]:
    category = Category.objects.select_related("agency").get(pk=change.category_id)
    code = category.agency.code
    wanted = set().union(*(CATEGORY_FIELD_PAGES.get(f, set()) for f in change.fields)) if change.fields else set()
    if change.kind == CATEGORY_CREATED:
        wanted = {"self", "feed", "siblings", "column", "agency", "guide"}
    columns = {category.column} | ({change.previous_column} if change.previous_column else set())
    found = set()
    if "self" in wanted:
        found.add(pages.category(code, category.pk))
    if "feed" in wanted:
        found.add(pages.category_feed(code, category.pk))
    if "siblings" in wanted:
        found |= {pages.category(code, pk) for pk in Category.objects.filter(
            agency_id=category.agency_id, column__in=columns, is_active=True).values_list("pk", flat=True)}
    if "column" in wanted:
        found |= {p for c in columns if (p := pages.column(code, c))}
    if "agency" in wanted:
        found.add(pages.agency(code))
    if "guide" in wanted:
        found.add(pages.guide(code))
    if "items" in wanted and category.published_count:
        found.add(pages.group(pages.CATEGORY_ITEMS, category.pk))
    if "home" in wanted and any(i.category_id == category.pk for i in
                                _published().order_by("-published_on", "-id").only("category_id")[:HOME_LATEST]):
        found.add(pages.home())
    return found


# --- agencies and the site ----------------------------------------------------------------------------------------

def _lists() -> set[str]:
    return {pages.home(), pages.agencies(), pages.sitemap()}


def _agency_targets(change: Change) -> set[str]:
    agency = Agency.objects.get(pk=change.agency_id)
    wanted = {"all", "lists", "parent"} if change.kind == AGENCY_CREATED else \
        set().union(*(AGENCY_FIELD_PAGES.get(f, {"all"}) for f in change.fields)) if change.fields else set()
    found = set()
    if "all" in wanted:
        found.add(pages.group(pages.AGENCY_ALL, agency.pk))
    if "guide" in wanted:
        found.add(pages.guide(agency.code))
    if "lists" in wanted:
        found |= _lists()
    if "home" in wanted:
        found.add(pages.home())  # cheaper to re-render than to ask whether its latest list names the agency
    if "parent" in wanted and agency.parent_id:
        found.add(pages.agency(agency.parent.code))
    if "contact" in wanted and agency.parent_id is None:
        found.add(pages.contact())
    return found


def _site_targets(change: Change) -> set[str]:
    return {pages.SITE}


def _report_targets(change: Change) -> set[str]:
    agency = Agency.objects.get(pk=change.agency_id)
    found = {pages.group(pages.AGENCY_REPORTS, agency.pk)}  # each report page lists the agency's other reports
    if column := pages.column(agency.code, StatutoryColumn.ANNUAL_REPORT):
        found.add(column)
    return found


def _calendar_targets(change: Change) -> set[str]:
    return {pages.due_date()}


def _reading_point_targets(change: Change) -> set[str]:
    agency = Agency.objects.get(pk=change.agency_id)
    return {pages.guide(agency.code)} | ({p} if (p := pages.reading_points()) else set())


_BUILDERS = {
    ITEM_PUBLISHED: _item_targets,
    ITEM_WITHDRAWN: _item_targets,
    ITEM_REVISED: _item_targets,
    CATEGORY_CREATED: _category_targets,
    CATEGORY_CHANGED: _category_targets,
    AGENCY_CREATED: _agency_targets,
    AGENCY_CHANGED: _agency_targets,
    SITE_CHANGED: _site_targets,
    YEAR_CHANGED: _site_targets,
    REPORT_PUBLISHED: _report_targets,
    CALENDAR_CHANGED: _calendar_targets,
    READING_POINTS_CHANGED: _reading_point_targets,
}
