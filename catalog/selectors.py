"""Reads of the catalogue: public lists (keyset-paginated, index-backed), search, the staff's work lists and the
object-level fetch-and-authorise helpers used by the back office and the API."""

import base64
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from agencies.access import Perm, agency_ids, has_perm, may_draft_for_office, require, scope
from agencies.models import Agency, Office
from gongkai import clock
from gongkai.errors import NotFound, PermissionDenied
from search.backends import match
from search.segmentation import query_terms
from search.snippets import highlight
from workdays import loading
from workdays.errors import CalendarNotLoaded
from workdays.loading import get_calendar

from .errors import CatalogError, SearchQueryInvalid
from .models import (
    DEFAULT_CHAIN,
    ApprovalChain,
    Attachment,
    Category,
    DisclosureMatter,
    Item,
    ReviewStep,
    Revision,
    SensitiveFinding,
    StandardArea,
    StatutoryColumn,
)
from .richtext import html_to_text

PAGE_SIZE = 20

# --- public reads ---------------------------------------------------------------------------------------------


def published_items() -> QuerySet[Item]:
    return Item.objects.filter(status=Item.Status.PUBLISHED)


def public_item(index_no: str) -> Item:
    item = (published_items().select_related("agency", "category__agency", "office").filter(index_no=index_no)
            .first())
    if item is None:
        raise NotFound("该信息不存在或已撤回。")
    return item


def public_attachments(item: Item) -> QuerySet[Attachment]:
    """Files of the published revision, only for proactively disclosed items."""
    if not item.shows_body:
        return Attachment.objects.none()
    return Attachment.objects.filter(revision__item=item, revision__status=Revision.Status.PUBLISHED)


def public_attachment(index_no: str, attachment_id: int) -> Attachment:
    item = public_item(index_no)
    attachment = public_attachments(item).filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound("附件不存在。")
    return attachment


def public_category(agency: Agency, category_id: int) -> Category:
    category = agency_categories(agency).filter(pk=category_id).first() if category_id <= MAX_ID else None
    if category is None:
        raise NotFound("该栏目不存在或已停用。")
    return category


def agency_categories(agency: Agency, column: str | None = None) -> QuerySet[Category]:
    qs = Category.objects.filter(agency=agency, is_active=True).select_related("agency")
    if column:
        qs = qs.filter(column=column)
    return qs.order_by("sort_order", "id")


def category_counts(agency: Agency) -> dict[int, int]:
    """Published items per category, from the counters the publishing services keep (a county government with a
    hundred thousand items would otherwise be counted on every visit)."""
    return dict(Category.objects.filter(agency=agency).values_list("pk", "published_count"))


# Counting a category of tens of thousands of rows costs more than showing its page; beyond this we say "超过N条".
COUNT_CAP = 1000


@dataclass(frozen=True)
class Page:
    items: list[Item]
    next_cursor: str | None
    prev_cursor: str | None
    total: int | None
    total_capped: bool = False


def encode_cursor(item: Item) -> str:
    return base64.urlsafe_b64encode(f"{item.published_on.isoformat()}|{item.pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[date, int] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        day, pk = raw.split("|")
        return date.fromisoformat(day), int(pk)
    except (ValueError, UnicodeDecodeError):
        raise CatalogError("翻页参数无效（链接可能不完整或被改动过），请回到列表第一页重新翻页。",
                           code="invalid_cursor") from None


def capped_count(queryset: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows, counting at most cap + 1 (an index range scan that stops early)."""
    n = queryset.order_by().values("pk")[: cap + 1].count()
    return min(n, cap), n > cap


def keyset_page(queryset: QuerySet[Item], *, after: str | None = None, before: str | None = None,
                size: int = PAGE_SIZE, with_total: bool = True, known_total: int | None = None) -> Page:
    """Newest first by (published_on, id), moving by cursor: every page, however deep, is an index range scan
    starting at the cursor (the redundant `published_on <= day` makes the cursor an index bound, not a filter),
    rather than an OFFSET that reads and discards the rows before it."""
    if known_total is not None:
        total, capped = known_total, False
    else:
        total, capped = capped_count(queryset) if with_total else (None, False)
    if before:
        day, pk = decode_cursor(before)
        rows = list(queryset.filter(published_on__gte=day)
                    .filter(Q(published_on__gt=day) | Q(published_on=day, pk__gt=pk))
                    .order_by("published_on", "id")[: size + 1])
        has_more_newer = len(rows) > size
        rows = list(reversed(rows[:size]))
        return Page(rows, encode_cursor(rows[-1]) if rows else None,
                    encode_cursor(rows[0]) if rows and has_more_newer else None, total, capped)
    qs = queryset.order_by("-published_on", "-id")
    if after:
        day, pk = decode_cursor(after)
        qs = qs.filter(published_on__lte=day).filter(Q(published_on__lt=day) | Q(published_on=day, pk__lt=pk))
    rows = list(qs[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    return Page(rows, encode_cursor(rows[-1]) if rows and has_more else None,
                encode_cursor(rows[0]) if rows and after else None, total, capped)


# Ids beyond this cannot exist and would overflow the integer columns of either database.
MAX_ID = 2**31 - 1


def filtered_published(*, agency: Agency | None = None, category: Category | None = None, year: int | None = None,
                       validity: str | None = None, column: str | None = None,
                       category_ref: str | None = None) -> QuerySet[Item]:
    """Published items with the portal's and the API's filters. `category_ref` is what an API caller typed: a
    category id or a category name (names are shared by agencies, so it is usually combined with `agency`)."""
    qs = published_items()
    if agency is not None:
        qs = qs.filter(agency=agency)
    if category is not None:
        qs = qs.filter(category=category)
    if category_ref:
        by_ref = Q(category__name=category_ref)
        if category_ref.isascii() and category_ref.isdigit() and int(category_ref) <= MAX_ID:
            by_ref |= Q(category_id=int(category_ref))
        qs = qs.filter(by_ref)
    if column:
        qs = qs.filter(category__column=column)
    if year:
        qs = qs.filter(published_on__gte=date(year, 1, 1), published_on__lte=date(year, 12, 31))
    if validity:
        qs = qs.filter(validity=validity)
    return qs


def latest_published(limit: int = 10, agency: Agency | None = None) -> list[Item]:
    qs = published_items().select_related("agency", "category")
    if agency is not None:
        qs = qs.filter(agency=agency)
    return list(qs.order_by("-published_on", "-id")[:limit])


def publication_years(agency: Agency) -> list[int]:
    """The span of publication years, for the year filter: the first and the last date each come from one end of
    the (agency, status, published_on) index, so this costs the same at ten items or a million."""
    dates = published_items().filter(agency=agency).values_list("published_on", flat=True)
    first, last = dates.order_by("published_on").first(), dates.order_by("-published_on").first()
    if first is None:
        return []
    return list(range(last.year, first.year - 1, -1))


@dataclass(frozen=True)
class SearchResult:
    item: Item
    snippet: str


@dataclass(frozen=True)
class SearchPage:
    terms: list[str]
    results: list[SearchResult]
    total: int
    capped: bool
    page: int
    pages: int


MAX_QUERY_LENGTH = 100


def search_published(query: str, *, agency: Agency | None = None, page: int = 1, size: int = PAGE_SIZE
                     ) -> SearchPage:
    """Full-text search over titles and bodies of published items (segmented index), ranked, with snippets.

    Ranked first, newest among equal ranks; a query matching more than `search.backends.COUNT_CAP` items ranks only
    its newest `RANK_WINDOW` matches and reports the total as capped ("超过1000条")."""
    if len(query) > MAX_QUERY_LENGTH:
        raise SearchQueryInvalid(f"检索词过长：请不超过{MAX_QUERY_LENGTH}个字，或换用几个关键词。", code="search_query_too_long")
    terms = query_terms(query)
    page = max(1, min(page, 50))
    where, params = "t.status = %s", ["published"]
    if agency is not None:
        where += " AND t.agency_id = %s"
        params.append(agency.pk)
    hits = match("catalog_item", terms, where=where, params=tuple(params), limit=size, offset=(page - 1) * size)
    by_id = {i.pk: i for i in Item.objects.filter(pk__in=hits.ids).select_related("agency", "category")}
    results = []
    for pk in hits.ids:
        item = by_id.get(pk)
        if item is None:
            continue
        text = item.summary + " " + (html_to_text(item.body_html) if item.shows_body else "")
        results.append(SearchResult(item, highlight(text, terms)))
    pages = max(1, -(-hits.total // size))
    return SearchPage(terms, results, hits.total, hits.capped, page, min(pages, 50))


# --- staff reads ----------------------------------------------------------------------------------------------


def staff_items(user) -> QuerySet[Item]:
    return scope(Item.objects.all(), user, Perm.CATALOG_VIEW)


def get_item_for(user, pk: int) -> Item:
    """Fetch an item the person may see (404 when it does not exist or belongs to an agency they cannot see)."""
    item = staff_items(user).select_related("agency", "category", "office").filter(pk=pk).first()
    if item is None:
        raise NotFound("该信息不存在，或不属于您可以查看的机关。")
    return item


def get_revision_for(user, pk: int) -> Revision:
    revision = (Revision.objects.filter(pk=pk, item__agency_id__in=agency_ids(user, Perm.CATALOG_VIEW))
                .select_related("item__agency", "category", "office", "created_by", "submitted_by").first())
    if revision is None:
        raise NotFound("该信息不存在，或不属于您可以查看的机关。")
    return revision


def get_revision_to_draft_for(user, pk: int) -> Revision:
    """A revision the person may draft: visible to them (404) and theirs to write (403: their agency, and for a
    信息员 their office). Whether its state still allows editing is the service's decision."""
    revision = get_revision_for(user, pk)
    agency = revision.item.agency
    require(user, Perm.CATALOG_DRAFT, agency)
    if not may_draft_for_office(user, agency, revision.office_id):
        raise PermissionDenied("信息员只能修改本人所在办所的信息。")
    return revision


def get_attachment_for(user, pk: int) -> Attachment:
    attachment = Attachment.objects.filter(
        pk=pk, revision__item__agency_id__in=agency_ids(user, Perm.CATALOG_VIEW)).select_related("revision").first()
    if attachment is None:
        raise NotFound("附件不存在。")
    return attachment


def get_finding_for(user, pk: int) -> SensitiveFinding:
    finding = (SensitiveFinding.objects.filter(pk=pk, revision__item__agency_id__in=agency_ids(user, Perm.CATALOG_VIEW))
               .select_related("revision").first())
    if finding is None:
        raise NotFound("该提示不存在。")
    return finding


def draft_relations(agency: Agency, category_id: int | None, office_id: int | None
                    ) -> tuple[Category | None, Office | None]:
    """The category and office a draft form or an API call names, both of `agency` (404 otherwise). The services
    check the rest (an active category, the 信息员's own office)."""
    category = None
    if category_id is not None:
        category = Category.objects.filter(agency=agency, pk=category_id).first() if category_id <= MAX_ID else None
        if category is None:
            raise NotFound("信息分类不存在或不属于该机关。", code="category_not_found")
    office = None
    if office_id:
        office = Office.objects.filter(agency=agency, pk=office_id).first() if office_id <= MAX_ID else None
        if office is None:
            raise NotFound("办所不存在或不属于该机关。", code="office_not_found")
    return category, office


def staff_category(agency: Agency, category_id: int) -> Category:
    """A category of an agency the caller has already been authorised for (404 otherwise)."""
    category, _ = draft_relations(agency, category_id, None)
    return category


def drafting_choices(user, agency: Agency) -> tuple[list[Category], list[Office]]:
    """What a person may pick on the draft form: the agency's active categories (the annual reports have their own
    page) and the offices they draft for (a 信息员 only their own, 谁制定、谁梳理)."""
    categories = list(agency_categories(agency).exclude(column=StatutoryColumn.ANNUAL_REPORT))
    offices = [o for o in Office.objects.filter(agency=agency) if may_draft_for_office(user, agency, o.pk)]
    return categories, offices


def staff_filter_choices(agency: Agency) -> tuple[list[Category], list[Office]]:
    """Every category and office of the agency, for the back office's list filters."""
    return list(Category.objects.filter(agency=agency)), list(Office.objects.filter(agency=agency))


@dataclass(frozen=True)
class CategoryRow:
    category: Category
    chain: list[str]
    own_chain: bool


def category_rows(agency: Agency) -> tuple[list[CategoryRow], list[str]]:
    """The categories page: each category with the chain its drafts go through, and the agency's default chain."""
    chains = {c.category_id: list(c.steps) for c in ApprovalChain.objects.filter(agency=agency)}
    default = chains.get(None) or [str(s) for s in DEFAULT_CHAIN]
    rows = [CategoryRow(c, [ReviewStep(s).label for s in chains.get(c.pk, default)], c.pk in chains)
            for c in Category.objects.filter(agency=agency)]
    return rows, [ReviewStep(s).label for s in default]


def open_revision(item: Item) -> Revision | None:
    return item.revisions.filter(status__in=Revision.OPEN_STATUSES).first()


def staff_item_list(user, *, agency_id: int | None = None, office_id: int | None = None,
                    category_id: int | None = None, status: str | None = None, year: int | None = None,
                    title: str | None = None) -> QuerySet[Item]:
    """The back office's list of items with its filters (office, category, state, year, title). A title search
    uses the full-text index for published items and the open revisions' titles for the rest."""
    qs = staff_items(user).select_related("agency", "category", "office")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if office_id:
        qs = qs.filter(office_id=office_id)
    if category_id:
        qs = qs.filter(category_id=category_id)
    if status == "open":
        qs = qs.filter(revisions__status__in=Revision.OPEN_STATUSES).distinct()
    elif status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(Q(published_on__year=year) | Q(published_on__isnull=True, formed_on__year=year))
    if title:
        visible = sorted(agency_ids(user, Perm.CATALOG_VIEW)) or [0]
        marks = ",".join(["%s"] * len(visible))
        hits = match("catalog_item", query_terms(title), where=f"t.agency_id IN ({marks})", params=tuple(visible),
                     limit=500)
        qs = qs.filter(pk__in=hits.ids)
    return qs.order_by("-updated_at", "-id")


@dataclass
class Workbench:
    my_drafts: list[Revision]
    returned_to_me: list[Revision]
    awaiting_me: list[Revision]
    due_soon: list[Revision]
    overdue: list[Revision]
    provisional: list[Revision]
    today: date


def _awaiting_filter(user) -> Q:
    from .services import STEP_PERMS

    query = Q(pk__in=[])
    for step, perm in STEP_PERMS.items():
        ids = agency_ids(user, perm)
        if ids:
            query |= Q(awaiting_step=step, item__agency_id__in=ids)
    return query


def workbench(user, *, limit: int = 50) -> Workbench:
    """Each person's own work: drafts to finish, returned drafts, revisions waiting for their decision, and open
    revisions near or past the Art.26 limit in the agencies where they draft or approve."""
    today = clock.today()
    base = Revision.objects.select_related("item__agency", "category", "office", "created_by")
    mine = base.filter(created_by=user)
    drafts = list(mine.filter(status=Revision.Status.DRAFT).order_by("publish_due", "id")[:limit])
    returned = list(mine.filter(status=Revision.Status.RETURNED).order_by("publish_due", "id")[:limit])
    awaiting = list(base.filter(status=Revision.Status.IN_REVIEW).filter(_awaiting_filter(user))
                    .exclude(Q(created_by=user) | Q(submitted_by=user)).order_by("publish_due", "id")[:limit])
    involved = set(agency_ids(user, Perm.CATALOG_DRAFT)) | set(agency_ids(user, Perm.CATALOG_MANAGE))
    for perm in (Perm.CATALOG_SECRECY_REVIEW, Perm.CATALOG_OFFICE_REVIEW, Perm.CATALOG_DEPUTY_APPROVE,
                 Perm.CATALOG_PRINCIPAL_APPROVE):
        involved |= set(agency_ids(user, perm))
    open_in_scope = base.filter(status__in=Revision.OPEN_STATUSES, item__agency_id__in=involved)
    try:
        threshold = get_calendar().nth_working_day_after(today, _due_soon_days())
    except CalendarNotLoaded:
        threshold = None
    overdue = list(open_in_scope.filter(publish_due__lt=today).order_by("publish_due", "id")[:limit])
    due_soon = []
    if threshold is not None:
        due_soon = list(open_in_scope.filter(publish_due__gte=today, publish_due__lte=threshold)
                        .order_by("publish_due", "id")[:limit])
    provisional = list(open_in_scope.filter(publish_due__isnull=True).order_by("formed_on", "id")[:limit])
    return Workbench(drafts, returned, awaiting, due_soon, overdue, provisional, today)


def _due_soon_days() -> int:
    from django.conf import settings

    return settings.DUE_SOON_WORKING_DAYS


def working_days_left(due: date | None, today: date | None = None) -> int | None:
    """Working days from today to the due date; negative when it has passed; None when unknown."""
    return loading.working_days_left(due, today or clock.today())


def can_act_on(user, revision: Revision) -> dict[str, bool]:
    """What the UI may offer this person on this revision (the services decide again on submit): the revision's
    actions from its workflow, and what may be done to the published item."""
    item = revision.item
    agency = item.agency
    available = {t.name for t in revision.workflow.available_actions(revision, user, clock.today())}
    may_review = "approve" in available
    manage = has_perm(user, Perm.CATALOG_MANAGE, agency)
    published = item.status == Item.Status.PUBLISHED
    return {
        "edit": "edit" in available,
        "submit": "submit" in available,
        "discard": "discard" in available,
        "review": may_review,
        "secrecy": may_review and revision.current_step == ReviewStep.SECRECY_REVIEW,
        "manage": manage,
        # the 信息员 of the item's office changes it (谁制定、谁梳理); the 信息公开办 too
        "new_version": (published or item.status == Item.Status.WITHDRAWN) and not revision.is_open
        and has_perm(user, Perm.CATALOG_DRAFT, agency) and may_draft_for_office(user, agency, item.office_id),
        "withdraw": manage and published,
        "validity": manage and published,
    }


def pending_findings(revision: Revision) -> QuerySet[SensitiveFinding]:
    return revision.findings.filter(acknowledged_at__isnull=True)


def guide_categories(agency: Agency) -> list[Category]:
    return list(agency_categories(agency).exclude(column=StatutoryColumn.ANNUAL_REPORT))


def check_agency_for_staff(user, agency: Agency, perm: Perm) -> None:
    if not has_perm(user, perm, agency):
        raise PermissionDenied(f"您没有访问“{agency.name}”该功能的权限。")


# --- pickers of the back-office pages of other registers (matters, deliveries, work-plan evidence) ---------------------

def item_by_index_no(agency: Agency, index_no: str) -> Item | None:
    """The agency's catalogue entry with this 索引号 (None if it has none: the caller says which field is wrong)."""
    return Item.objects.filter(agency=agency, index_no=index_no).first()


def category_of(agency: Agency, category_id) -> Category | None:
    """One of the agency's categories chosen in a form (None for a blank or unknown choice)."""
    return Category.objects.filter(agency=agency, pk=category_id).first() if category_id else None


def standard_areas() -> QuerySet[StandardArea]:
    return StandardArea.objects.all()


def get_matter_for(user, pk: int) -> DisclosureMatter:
    """A 政务公开事项 the person may manage (404 if unknown, 403 if not theirs)."""
    from django.shortcuts import get_object_or_404

    matter = get_object_or_404(DisclosureMatter.objects.select_related("agency", "area", "category"), pk=pk)
    require(user, Perm.CATALOG_MANAGE, matter.agency)
    return matter


def matter_link_candidates(matter: DisclosureMatter, limit: int = 200) -> list[Item]:
    """The agency's published items not linked to another matter, newest first: what the matter's page may link."""
    return list(Item.objects.filter(agency=matter.agency, status=Item.Status.PUBLISHED).filter(
        Q(matter__isnull=True) | Q(matter=matter)).order_by("-published_on", "-id")[:limit])


def published_list(**filters) -> QuerySet[Item]:
    """`filtered_published` newest first, with agency and category (the portal feeds and the API's list)."""
    return filtered_published(**filters).select_related("agency", "category").order_by("-published_on", "-id")


def staff_items_for_api(user, **filters) -> QuerySet[Item]:
    return staff_item_list(user, **filters).select_related("agency")


def current_revision(item: Item) -> Revision | None:
    """The revision a staff item page shows: the open one, else the latest."""
    return open_revision(item) or item.revisions.order_by("-number").first()


def revision_decisions(revision: Revision):
    return revision.decisions.select_related("actor")


def revision_findings(revision: Revision):
    return revision.findings.select_related("acknowledged_by")


def published_item_by_index_no(index_no: str) -> Item:
    """A published item by its 索引号, with its agency (404 if there is none)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Item.objects.select_related("agency"), index_no=index_no, status=Item.Status.PUBLISHED)
