"""Importing an agency's existing catalogue (政府信息公开目录) from its previous CMS's export.

The fields a sheet may carry, the header names vendor systems use for them (to guess the mapping), the check of one
row (`RowChecker`), and `process()`, which streams the file in batches of BATCH_SIZE rows and either only checks them
(the dry run) or also writes them.

What an imported row becomes: a published Item with its original 索引号, 生成日期 and 发布日期, a first Revision in
state 已发布 with no approval chain (it was approved in the previous system; the chain is not run again), its search
columns (`catalog.services._index_for_search`), its attachments checked by content like any upload, and one audit
event `catalog.item.imported` ("导入") naming the source file, the run and the person. One event per item rather than
per batch: the item's own timeline (audit.selectors.events_for) then says where it came from, and the audit trail
never needs a batch to be unpacked to answer "who put this item online". The agency's 索引号 sequence is raised to
the highest imported serial of each year, so the next publication continues after it.

Publication hooks (subscription e-mails, suggestion replies) are not run: these items were published years ago.

Each batch is one transaction: a failure half-way leaves whole batches imported and the rest untouched, and running
the same file again skips every 索引号 already in the agency (idempotent), so it completes the import.
"""

import hashlib
import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction

from agencies.models import Agency
from agencies.sequences import raise_to
from audit.services import record
from catalog.errors import CatalogError
from catalog.models import Attachment, Category, DisclosureMode, Item, Revision, Validity
from catalog.richtext import html_to_text
from catalog.rules import parse_index_no
from catalog.services import _clean_content, _count_published, _index_for_search
from documents.uploads import UploadRejected, extract_text, inspect_upload
from gongkai import clock
from privacy.scanning import scan_text

from .models import ImportProblem, ImportRun
from .normalise import BadDate, normalise_index_no, normalise_text, parse_date
from .readers import AttachmentProblem, ImportSource

BATCH_SIZE = 500
SEQUENCE_KEY = "catalog.index"  # the key catalog.services._publish numbers 索引号 with


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    required: bool
    headers: tuple[str, ...]  # header names vendor exports use, normalised (see header_key)


FIELDS = (
    Field("index_no", "索引号", True, ("索引号", "索引编号", "信息索引号", "索引", "indexno", "index_no")),
    Field("title", "标题（名称）", True, ("标题", "名称", "信息名称", "文件名称", "文章标题", "题名", "信息标题", "title")),
    Field("doc_no", "文号", False, ("文号", "发文字号", "发文文号", "文件编号", "发文号")),
    Field("issuer", "发布机构", False, ("发布机构", "发文机关", "发布单位", "发文单位", "信息来源", "来源", "发布部门")),
    Field("formed_on", "生成日期（成文日期）", False, ("生成日期", "成文日期", "产生日期", "形成日期", "印发日期", "成文时间")),
    Field("published_on", "发布日期", False, ("发布日期", "发布时间", "公开日期", "公开时间", "发文日期")),
    Field("category", "栏目（分类）", True, ("栏目", "栏目分类", "信息分类", "目录分类", "所属栏目", "分类", "栏目名称",
                                          "主题分类")),
    Field("topic", "主题分类", False, ("主题分类", "主题词", "关键词")),
    Field("validity", "有效性", False, ("有效性", "效力状态", "是否有效", "时效性", "效力")),
    Field("abolished_on", "废止日期", False, ("废止日期", "失效日期", "废止时间")),
    Field("summary", "内容概述（摘要）", False, ("摘要", "内容概述", "内容摘要", "概述", "简介", "描述")),
    Field("body", "正文", False, ("正文", "内容", "正文内容", "信息内容", "文章内容", "全文", "content")),
    Field("attachments", "附件", False, ("附件", "附件名称", "附件文件", "附件路径", "相关附件", "附件列表")),
    Field("disclosure_mode", "公开方式", False, ("公开方式", "公开属性", "公开形式")),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}
KNOWN_HEADERS = {h for f in FIELDS for h in f.headers}

VALIDITY_VALUES = {"有效": Validity.VALID, "现行有效": Validity.VALID, "是": Validity.VALID,
                   "失效": Validity.EXPIRED, "已失效": Validity.EXPIRED, "否": Validity.EXPIRED,
                   "废止": Validity.ABOLISHED, "已废止": Validity.ABOLISHED}
MODE_VALUES = {"主动公开": DisclosureMode.PROACTIVE, "主动": DisclosureMode.PROACTIVE,
               "依申请公开": DisclosureMode.ON_REQUEST, "依申请": DisclosureMode.ON_REQUEST}
_ATTACHMENT_SPLIT = re.compile(r"[;；,，|\n]+")
_CATEGORY_SPLIT = re.compile(r"[/\\>＞»·]")
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
# What a body must not carry: a script, an event handler, a javascript: link. Sanitising would silently drop them;
# an import refuses the row instead, so the staff see what the old system had let through.
_ACTIVE_CONTENT = re.compile(r"<\s*script|<[^>]*\son[a-z]+\s*=|javascript\s*:", re.I)


def header_key(name: str) -> str:
    """A header as compared with the known names: half-width, no spaces, no trailing colon or required-marker."""
    return normalise_text(name).replace(" ", "").strip("：:*＊").lower()


def guess_mapping(columns: list[str]) -> dict[str, str]:
    """field name → column, from the header names vendor systems use. 主题分类 is the category when no column is
    called 栏目 or the like, else the topic."""
    keys = {column: header_key(column) for column in columns}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    order = [f for f in FIELDS if f.name != "category"] + [FIELDS_BY_NAME["category"]]
    # the category first among columns other than 主题分类, so that 栏目 + 主题分类 map to category + topic
    category_columns = [c for c in columns if keys[c] in FIELDS_BY_NAME["category"].headers and keys[c] != "主题分类"]
    category_columns = category_columns or [c for c in columns if keys[c] == "主题分类"]
    if category_columns:
        mapping["category"] = category_columns[0]
        taken.add(category_columns[0])
    for f in order:
        if f.name in mapping:
            continue
        for header in f.headers:  # the field's preferred names first
            column = next((c for c in columns if keys[c] == header and c not in taken), None)
            if column:
                mapping[f.name] = column
                taken.add(column)
                break
    return mapping


def check_mapping(columns: dict[str, str], found: list[str]) -> dict[str, str]:
    """The mapping cleaned (empty entries dropped), or CatalogError saying what is missing or wrong."""
    cleaned = {k: v for k, v in columns.items() if v}
    unknown = [k for k in cleaned if k not in FIELDS_BY_NAME]
    if unknown:
        raise CatalogError(f"未知字段：{'、'.join(unknown)}。", code="import_unknown_field")
    missing_columns = [v for v in cleaned.values() if v not in found]
    if missing_columns:
        raise CatalogError(f"文件中没有列“{'、'.join(missing_columns)}”。", code="import_unknown_column")
    missing = [f.label for f in FIELDS if f.required and f.name not in cleaned]
    if "formed_on" not in cleaned and "published_on" not in cleaned:
        missing.append("生成日期或发布日期")
    if missing:
        raise CatalogError(f"请为以下字段选择对应的列：{'、'.join(missing)}。", code="import_mapping_incomplete")
    twice = [c for c, n in Counter(cleaned.values()).items() if n > 1]
    if twice:
        raise CatalogError(f"列“{'、'.join(twice)}”被对应到了多个字段，每列只能对应一个字段。",
                           code="import_mapping_twice")
    return cleaned


@dataclass
class Problem:
    field: str
    message: str


@dataclass
class CheckedAttachment:
    reference: str
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    text: str


@dataclass
class CheckedRow:
    line: int
    index_no: str
    category: Category
    content: dict
    published_on: date
    validity: str
    abolished_on: date | None
    attachments: list[CheckedAttachment] = field(default_factory=list)


@dataclass
class Outcome:
    """What happened to a row: checked (ready to write), skipped (already imported, or a repeat of an earlier row),
    or refused with its problems."""

    line: int
    index_no: str = ""
    row: CheckedRow | None = None
    skipped: str = ""  # "existing" or "duplicate"
    problems: list[Problem] = field(default_factory=list)


class RowChecker:
    """Checks the rows of one file for one agency. Keeps what it must remember across rows: the 索引号 seen so far
    (with the line and a digest of the row, to tell a repeated row from a conflicting one), the agency's categories."""

    def __init__(self, agency: Agency, columns: dict[str, str], found: list[str], source: ImportSource):
        self.agency = agency
        self.source = source
        self.positions = {name: found.index(column) for name, column in columns.items()}
        self.codes = {c.upper() for c in (agency.catalogue_code, agency.uscc, agency.org_code, agency.code) if c}
        self.categories = {normalise_text(c.name): c for c in Category.objects.filter(agency=agency)}
        self.seen: dict[str, tuple[int, bytes]] = {}
        self.today = clock.today()

    def value(self, cells: list, name: str):
        position = self.positions.get(name)
        return cells[position] if position is not None else None

    def text(self, cells: list, name: str) -> str:
        return normalise_text(self.value(cells, name))

    def index_of(self, cells: list) -> str:
        return normalise_index_no(self.value(cells, "index_no"))

    def check(self, line: int, cells: list, existing: dict[str, tuple[int, str]]) -> Outcome:
        index_no = self.index_of(cells)
        outcome = Outcome(line, index_no)
        problems = outcome.problems
        if not index_no:
            problems.append(Problem("index_no", "索引号为空。"))
        else:
            parsed = parse_index_no(index_no)
            if parsed is None:
                problems.append(Problem("index_no", f"索引号“{index_no}”格式不正确，应为“组织机构代码/年份-流水号”，"
                                                    f"例如 {self.agency.catalogue_code}/2019-00012。"))
            elif parsed.code not in self.codes:
                problems.append(Problem("index_no", f"索引号“{index_no}”的前段码“{parsed.code}”不是本机关的代码"
                                                    f"（{self.agency.catalogue_code}），可能是其他机关的信息。"))
        if index_no and not problems:
            digest = hashlib.blake2b(repr([normalise_text(c) for c in cells]).encode(), digest_size=16).digest()
            earlier = self.seen.get(index_no)
            if earlier is not None:
                if earlier[1] == digest:
                    outcome.skipped = "duplicate"
                    return outcome
                problems.append(Problem("index_no", f"索引号“{index_no}”与第{earlier[0]}行重复，但两行内容不同。"))
                return outcome
            self.seen[index_no] = (line, digest)
            if index_no in existing:
                agency_id, agency_name = existing[index_no]
                if agency_id == self.agency.pk:
                    outcome.skipped = "existing"
                    return outcome
                problems.append(Problem("index_no", f"索引号“{index_no}”已被“{agency_name}”的信息使用。"))
                return outcome
        row = self._content(line, index_no, cells, problems)
        if not problems:
            outcome.row = row
        return outcome

    def _date(self, cells: list, name: str, problems: list[Problem]) -> date | None:
        try:
            return parse_date(self.value(cells, name))
        except BadDate as error:
            problems.append(Problem(name, f"{FIELDS_BY_NAME[name].label}：{error}"))
            return None

    def _content(self, line: int, index_no: str, cells: list, problems: list[Problem]) -> CheckedRow | None:
        formed_on = self._date(cells, "formed_on", problems)
        published_on = self._date(cells, "published_on", problems)
        abolished_on = self._date(cells, "abolished_on", problems)
        if not any(p.field in ("formed_on", "published_on") for p in problems):
            formed_on = formed_on or published_on
            published_on = published_on or formed_on
            if formed_on is None:
                problems.append(Problem("formed_on", "生成日期和发布日期都为空。"))
            elif published_on > self.today:
                problems.append(Problem("published_on", f"发布日期{published_on:%Y-%m-%d}晚于今天。"))
            elif published_on < formed_on:
                problems.append(Problem("published_on", f"发布日期{published_on:%Y-%m-%d}早于生成日期"
                                                        f"{formed_on:%Y-%m-%d}。"))

        category = None
        category_name = self.text(cells, "category")
        if not category_name:
            problems.append(Problem("category", "栏目为空。"))
        else:
            category = self.categories.get(normalise_text(_CATEGORY_SPLIT.split(category_name)[-1]))
            if category is None:
                known = "、".join(list(self.categories)[:12])
                problems.append(Problem("category", f"栏目“{category_name}”不存在。本机关的栏目有：{known}。"))
            elif not category.is_active:
                problems.append(Problem("category", f"栏目“{category.name}”已停用。"))

        validity_text = self.text(cells, "validity").replace(" ", "")
        validity = VALIDITY_VALUES.get(validity_text, Validity.VALID if not validity_text else None)
        if validity is None:
            problems.append(Problem("validity", f"有效性“{validity_text}”不正确，应为有效、失效或废止。"))
        mode_text = self.text(cells, "disclosure_mode").replace(" ", "")
        mode = MODE_VALUES.get(mode_text, DisclosureMode.PROACTIVE if not mode_text else None)
        if mode is None:
            problems.append(Problem("disclosure_mode", f"公开方式“{mode_text}”不正确，应为主动公开或依申请公开。"))

        raw_body = str(self.value(cells, "body") or "").strip()
        if _ACTIVE_CONTENT.search(raw_body):
            problems.append(Problem("body", "正文含有脚本（<script>、事件属性或 javascript: 链接），请在原文件中删除后再导入。"))
        body_html = raw_body if _HTML_TAG.search(raw_body) else "".join(
            f"<p>{html.escape(p.strip())}</p>" for p in raw_body.splitlines() if p.strip())

        content = None
        if formed_on is not None:
            try:
                content = _clean_content(self.agency, {
                    "title": self.text(cells, "title"), "summary": self.text(cells, "summary"),
                    "doc_no": self.text(cells, "doc_no"), "issuer": self.text(cells, "issuer") or self.agency.name,
                    "topic": self.text(cells, "topic"), "formed_on": formed_on, "body_html": body_html,
                    "disclosure_mode": mode or DisclosureMode.PROACTIVE,
                })
            except CatalogError as error:
                problems.append(Problem(error.field or "", error.message))
        attachments = self._attachments(cells, problems)
        if content is not None:
            self._scan(content, attachments, problems)
        if problems:
            return None
        return CheckedRow(line, index_no, category, content, published_on, validity, abolished_on, attachments)

    def _attachments(self, cells: list, problems: list[Problem]) -> list[CheckedAttachment]:
        references = [r.strip() for r in _ATTACHMENT_SPLIT.split(str(self.value(cells, "attachments") or ""))
                      if r.strip()]
        checked = []
        for reference in references:
            try:
                name, data = self.source.attachment(reference)
                info = inspect_upload(ContentFile(data, name=name))
            except AttachmentProblem as error:
                problems.append(Problem("attachments", str(error)))
                continue
            except UploadRejected as error:
                problems.append(Problem("attachments", f"附件：{error.message}"))
                continue
            checked.append(CheckedAttachment(reference, name[:200], info.kind, info.content_type, info.size,
                                             info.sha256, extract_text(data, info.kind)))
        return checked

    def _scan(self, content: dict, attachments: list[CheckedAttachment], problems: list[Problem]) -> None:
        """The sensitive-content check (privacy.scanning) on what would be published: a finding refuses the row."""
        places = [("名称或内容概述", content["title"] + "\n" + content["summary"]),
                  ("正文", html_to_text(content["body_html"]))]
        places += [(f"附件“{a.name}”", a.text) for a in attachments]
        for place, text in places:
            for finding in scan_text(text):
                problems.append(Problem("body" if place == "正文" else "",
                                        f"{place}含有{finding.label}（{finding.masked}），请处理后再导入。"))


@dataclass
class Totals:
    processed: int = 0
    ready: int = 0
    imported: int = 0
    existing: int = 0
    duplicate: int = 0
    failed: int = 0
    per_category: Counter = field(default_factory=Counter)


def process(run: ImportRun, source: ImportSource, *, acting_user, dry_run: bool,
            on_progress: Callable[[Totals], None] | None = None) -> Totals:
    """Check (dry_run) or import the rows of `source` in batches. Progress and the problems of each batch are saved
    as it completes; on an import, each batch's rows, counters and audit events are committed together."""
    table = source.table()
    if dry_run and table.total_hint:  # an XLSX says how many rows it has: the dry run's bar can be determinate
        ImportRun.objects.filter(pk=run.pk).update(total_rows=table.total_hint)
    checker = RowChecker(run.agency, run.columns, table.columns, source)
    totals = Totals()
    batch: list[tuple[int, list]] = []
    for line, cells in table.rows:
        batch.append((line, cells))
        if len(batch) >= BATCH_SIZE:
            _run_batch(run, checker, batch, totals, acting_user, dry_run)
            batch = []
            if on_progress:
                on_progress(totals)
    if batch:
        _run_batch(run, checker, batch, totals, acting_user, dry_run)
        if on_progress:
            on_progress(totals)
    return totals


def _existing(index_numbers: list[str]) -> dict[str, tuple[int, str]]:
    rows = Item.objects.filter(index_no__in=index_numbers).values_list("index_no", "agency_id", "agency__name")
    return {index_no: (agency_id, name) for index_no, agency_id, name in rows}


def _run_batch(run, checker: RowChecker, batch, totals: Totals, acting_user, dry_run: bool) -> None:
    existing = _existing([i for i in (checker.index_of(cells) for _, cells in batch) if i])
    outcomes = [checker.check(line, cells, existing) for line, cells in batch]
    ready = [o.row for o in outcomes if o.row is not None]
    with transaction.atomic():
        if not dry_run and ready:
            _write(run, checker.source, ready, acting_user)
        ImportProblem.objects.bulk_create([
            ImportProblem(run=run, line=o.line, index_no=o.index_no[:60], field=p.field, message=p.message[:500])
            for o in outcomes for p in o.problems])
        totals.processed += len(batch)
        totals.existing += sum(1 for o in outcomes if o.skipped == "existing")
        totals.duplicate += sum(1 for o in outcomes if o.skipped == "duplicate")
        totals.failed += sum(1 for o in outcomes if o.problems)
        totals.ready += len(ready)
        if not dry_run:
            totals.imported += len(ready)
        totals.per_category.update(r.category.name for r in ready)
        ImportRun.objects.filter(pk=run.pk).update(
            processed_rows=totals.processed, ready_rows=totals.ready, imported_rows=totals.imported,
            existing_rows=totals.existing, duplicate_rows=totals.duplicate, failed_rows=totals.failed,
            per_category=dict(totals.per_category), updated_at=clock.now())


def _write(run: ImportRun, source: ImportSource, rows: list[CheckedRow], acting_user) -> None:
    agency = run.agency
    now = clock.now()
    items = []
    for row in rows:
        item = Item(agency=agency, category=row.category, index_no=row.index_no, status=Item.Status.PUBLISHED,
                    published_on=row.published_on, updated_on=row.published_on, validity=row.validity,
                    abolished_on=row.abolished_on if row.validity == Validity.ABOLISHED else None, version=1,
                    created_by=acting_user, **row.content)
        _index_for_search(item)
        items.append(item)
    Item.objects.bulk_create(items)
    revisions = [Revision(item=item, number=1, status=Revision.Status.PUBLISHED, chain=[], category=row.category,
                          created_by=acting_user, finished_at=now, change_note=f"导入：{run.file_name}"[:200],
                          **row.content)
                 for item, row in zip(items, rows, strict=True)]
    Revision.objects.bulk_create(revisions)
    for item, revision, row in zip(items, revisions, rows, strict=True):
        for order, checked in enumerate(row.attachments):
            # read again from the archive now, so a batch never holds its attachments' bytes while it is checked
            name, data = source.attachment(checked.reference)
            attachment = Attachment(revision=revision, original_name=checked.name, kind=checked.kind,
                                    content_type=checked.content_type, size=checked.size, sha256=checked.sha256,
                                    text=checked.text, sort_order=order, created_by=acting_user)
            attachment.file.save(name, ContentFile(data), save=False)
            attachment.save()
        record(item, "catalog.item.imported", actor=acting_user, to_state=Item.Status.PUBLISHED,
               comment=f"导入：{run.file_name}",
               data={"run": run.pk, "file": run.file_name, "line": row.line, "index_no": row.index_no,
                     "published_on": str(row.published_on), "attachments": len(row.attachments)})
    for category_id, count in Counter(item.category_id for item in items).items():
        _count_published(category_id, count)
    highest: dict[int, int] = {}
    for row in rows:
        parsed = parse_index_no(row.index_no)
        highest[parsed.year] = max(highest.get(parsed.year, 0), parsed.serial)
    for year, serial in highest.items():
        raise_to(agency, SEQUENCE_KEY, year, serial)
