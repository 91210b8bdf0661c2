"""Every write to the catalogue. The review-and-approval workflow is a state machine whose transitions are the
functions below; each checks the acting person's role in the item's agency, guards the source state, and writes an
audit event in the same transaction.

Revision states:  draft ──submit──▶ in_review ──approve (last step)──▶ published
                    ▲                   │  │
                    └──── returned ◀────┘  └─ 保密审查: 不予公开 ──▶ withheld
A published item can get a new revision (through the chain again), be withdrawn (撤回), or be marked 失效/废止.
"""

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F

from agencies.access import Perm, may_draft_for_office, require
from agencies.models import Agency, Office
from agencies.sequences import next_number
from audit.services import record
from casework.workflow import lock_for_update, refresh_caller
from documents.uploads import extract_text, inspect_upload
from gongkai import clock
from privacy.scanning import scan_text
from search.segmentation import segment_for_index
from workdays.errors import CalendarNotLoaded
from workdays.explanations import compute_due

from . import hooks
from .errors import CatalogError, SelfApproval, WrongState
from .models import (
    DEFAULT_CHAIN,
    REVISION_WORKFLOW,
    ApprovalChain,
    Attachment,
    Category,
    Decision,
    DisclosureMatter,
    DisclosureMode,
    DocKind,
    Item,
    ReviewStep,
    Revision,
    Scope,
    SensitiveFinding,
    StatutoryColumn,
    StatutoryItem,
    Validity,
    WithholdingGround,
)
from .richtext import docx_to_html, html_to_text, sanitize_html
from .rules import format_index_no, publish_limit_days, validate_doc_no

STEP_PERMS = {
    ReviewStep.SECRECY_REVIEW: Perm.CATALOG_SECRECY_REVIEW,
    ReviewStep.OFFICE_REVIEW: Perm.CATALOG_OFFICE_REVIEW,
    ReviewStep.DEPUTY_APPROVAL: Perm.CATALOG_DEPUTY_APPROVE,
    ReviewStep.PRINCIPAL_APPROVAL: Perm.CATALOG_PRINCIPAL_APPROVE,
}

# The column widths of Revision/Item: checked here so a long value is a clear message, not a database error.
MAX_LENGTHS = {"issuer": 100, "topic": 50, "withhold_reason": 200}
REASON_LENGTH = 200
EARLIEST_FORMED_ON = date(1949, 10, 1)

CONTENT_FIELDS = ("title", "summary", "doc_no", "issuer", "topic", "formed_on", "disclosure_mode",
                  "withhold_reason", "scope", "doc_kind", "body_html")


# --- categories and chains ------------------------------------------------------------------------------------

def create_category(agency: Agency, *, acting_user, name: str, column: str = StatutoryColumn.STATUTORY,
                    statutory_items: list[str] | None = None, description: str = "",
                    publish_limit_days: int | None = None, sort_order: int | None = None) -> Category:
    require(acting_user, Perm.CATALOG_MANAGE, agency)
    name = (name or "").strip()
    if not name:
        raise CatalogError("栏目名称不能为空。", field="name")
    if Category.objects.filter(agency=agency, name=name).exists():
        raise CatalogError(f"栏目“{name}”已存在。", field="name", code="duplicate_category")
    items = list(statutory_items or [])
    _check_category_fields(name, column, items, description, publish_limit_days)
    with transaction.atomic():
        category = Category.objects.create(
            agency=agency, name=name, column=column, statutory_items=items, description=description,
            publish_limit_days=publish_limit_days,
            sort_order=sort_order if sort_order is not None else Category.objects.filter(agency=agency).count())
        record(category, "catalog.category.created", actor=acting_user, agency=agency,
               data={"name": name, "column": column, "statutory_items": items})
    return category


def _check_category_fields(name: str, column: str, items: list[str], description: str,
                           publish_limit_days: int | None) -> None:
    if len(name) > 50:
        raise CatalogError("栏目名称不能超过50个字。", field="name")
    if column not in StatutoryColumn.values or column == StatutoryColumn.GUIDE:
        raise CatalogError("所属栏目不正确（指南由机关信息自动生成，不设栏目）。", field="column")
    if unknown := [v for v in items if v not in StatutoryItem.values]:
        raise CatalogError(f"未知的法定公开事项：{'、'.join(unknown)}。", field="statutory_items")
    if len(description or "") > 200:
        raise CatalogError("说明不能超过200个字。", field="description")
    if publish_limit_days is not None and not 1 <= publish_limit_days <= 20:
        raise CatalogError("公开时限应为1至20个工作日（条例第二十六条为20个工作日）。", field="publish_limit_days")


def update_category(category: Category, *, acting_user, name: str, column: str, statutory_items: list[str],
                    description: str = "", publish_limit_days: int | None = None, is_active: bool = True,
                    sort_order: int | None = None) -> Category:
    """Change a category: its name, column, statutory items, shorter time limit, order, or stop using it (a stopped
    category keeps its published items online but takes no new drafts). A new limit applies to open drafts at once."""
    agency = category.agency
    require(acting_user, Perm.CATALOG_MANAGE, agency)
    name = (name or "").strip()
    if not name:
        raise CatalogError("栏目名称不能为空。", field="name")
    if Category.objects.filter(agency=agency, name=name).exclude(pk=category.pk).exists():
        raise CatalogError(f"栏目“{name}”已存在。", field="name", code="duplicate_category")
    items = list(statutory_items or [])
    _check_category_fields(name, column, items, description, publish_limit_days)
    values = {"name": name, "column": column, "statutory_items": items, "description": (description or "").strip(),
              "publish_limit_days": publish_limit_days, "is_active": bool(is_active)}
    if sort_order is not None:
        values["sort_order"] = sort_order
    changed = {f: [str(getattr(category, f)), str(v)] for f, v in values.items() if getattr(category, f) != v}
    if not changed:
        return category
    with transaction.atomic():
        for field, value in values.items():
            setattr(category, field, value)
        category.save()
        record(category, "catalog.category.changed", actor=acting_user, agency=agency, data={"changed": changed})
        if "publish_limit_days" in changed:
            for revision in Revision.objects.filter(category=category, status__in=Revision.OPEN_STATUSES) \
                    .select_related("category", "matter", "item"):
                before = revision.publish_due
                set_publish_due(revision)
                if revision.publish_due != before:
                    revision.save(update_fields=["publish_due", "publish_due_explanation", "updated_at"])
                    record(revision.item, "catalog.revision.due_recomputed", actor=acting_user,
                           comment=f"栏目“{category.name}”的公开时限调整",
                           data={"revision": revision.number, "from": str(before or ""),
                                 "to": str(revision.publish_due or "")})
    return category


def set_approval_chain(agency: Agency, steps: list[str], *, acting_user, category: Category | None = None
                       ) -> ApprovalChain:
    """Configure the review steps for the agency (category None) or one category. At least one step is required,
    and at least one leader step, so that nothing is published on a single reviewer's word."""
    require(acting_user, Perm.CATALOG_MANAGE, agency)
    if category is not None and category.agency_id != agency.pk:
        raise CatalogError("栏目不属于该机关。", field="category")
    if not steps:
        raise CatalogError("审核流程至少需要一个步骤。", field="steps")
    if unknown := [s for s in steps if s not in ReviewStep.values]:
        raise CatalogError(f"未知的审核步骤：{'、'.join(unknown)}。", field="steps")
    if len(set(steps)) != len(steps):
        raise CatalogError("审核步骤不能重复。", field="steps")
    if not {ReviewStep.DEPUTY_APPROVAL, ReviewStep.PRINCIPAL_APPROVAL} & set(steps):
        raise CatalogError("审核流程至少应包含分管领导或主要领导审批中的一步。", field="steps")
    with transaction.atomic():
        chain, _ = ApprovalChain.objects.update_or_create(agency=agency, category=category,
                                                          defaults={"steps": list(steps)})
        record(chain, "catalog.chain.set", actor=acting_user, agency=agency,
               data={"category": category.name if category else "", "steps": list(steps)})
    return chain


def chain_for(category: Category) -> list[str]:
    """The steps a new submission in `category` goes through: the category's chain, else the agency's, else the
    seed's default (保密审查 → 分管领导 → 主要领导)."""
    chain = (ApprovalChain.objects.filter(category=category).first()
             or ApprovalChain.objects.filter(agency_id=category.agency_id, category__isnull=True).first())
    return list(chain.steps) if chain else [str(s) for s in DEFAULT_CHAIN]


# --- drafting -----------------------------------------------------------------------------------------------

def _clean_content(agency: Agency, values: dict) -> dict:
    """Validate and normalise draft content; raise CatalogError naming the field."""
    out = dict(values)
    if "title" in out:
        out["title"] = (out["title"] or "").strip()
        if not out["title"]:
            raise CatalogError("名称不能为空。", field="title")
        if len(out["title"]) > 200:
            raise CatalogError("名称不能超过200个字。", field="title")
    if "formed_on" in out:
        formed_on = out["formed_on"]
        if not isinstance(formed_on, date):
            raise CatalogError("生成日期格式应为 YYYY-MM-DD。", field="formed_on")
        if formed_on > clock.today():
            raise CatalogError("生成日期不能晚于今天。", field="formed_on")
        if formed_on < EARLIEST_FORMED_ON:
            raise CatalogError("生成日期不能早于1949年10月1日，请检查年份。", field="formed_on")
    if "doc_no" in out:
        out["doc_no"] = validate_doc_no(out["doc_no"] or "", formed_on=out.get("formed_on"))
    if "body_html" in out:
        out["body_html"] = sanitize_html(out["body_html"] or "")
    if out.get("disclosure_mode", DisclosureMode.PROACTIVE) not in DisclosureMode.values:
        raise CatalogError("公开方式应为主动公开、依申请公开或不予公开。", field="disclosure_mode")
    if out.get("disclosure_mode") == DisclosureMode.WITHHELD and not (out.get("withhold_reason") or "").strip():
        raise CatalogError("公开方式为“不予公开”时必须填写理由。", field="withhold_reason")
    if out.get("scope", Scope.PUBLIC) not in Scope.values:
        raise CatalogError("公开范围不正确。", field="scope")
    if out.get("doc_kind", "") not in DocKind.values:
        raise CatalogError("文件类型不正确。", field="doc_kind")
    if out.get("doc_kind") == DocKind.REGULATION and agency.kind in (Agency.Kind.TOWNSHIP, Agency.Kind.SUBDISTRICT):
        raise CatalogError("乡镇、街道没有制定规章的权限，文件类型不能为“规章”。", field="doc_kind")
    for field in ("summary", "issuer", "topic", "withhold_reason"):
        if field in out:
            out[field] = (out[field] or "").strip()
            limit = MAX_LENGTHS.get(field)
            if limit and len(out[field]) > limit:
                raise CatalogError(f"{Revision._meta.get_field(field).verbose_name}不能超过{limit}个字。", field=field)
    return out


def _check_relations(agency: Agency, category: Category, office: Office | None,
                     matter: DisclosureMatter | None) -> None:
    if category.agency_id != agency.pk:
        raise CatalogError("栏目不属于该机关。", field="category")
    if not category.is_active:
        raise CatalogError(f"栏目“{category.name}”已停用。", field="category")
    if office is not None and office.agency_id != agency.pk:
        raise CatalogError("办所不属于该机关。", field="office")
    if matter is not None and matter.agency_id != agency.pk:
        raise CatalogError("公开事项不属于该机关的标准目录。", field="matter")


def set_publish_due(revision: Revision) -> None:
    """Art.26: due 20 working days (or the category's or matter's shorter limit) after formation or change. Beyond
    the loaded calendar the due date stays empty and is filled when the year is loaded (a provisional state)."""
    days = publish_limit_days(revision.category.publish_limit_days,
                              revision.matter.time_limit_days if revision.matter_id else None)
    try:
        due = compute_due(revision.formed_on, days, start_label="信息形成（变更）", period_label="公开时限")
    except CalendarNotLoaded as exc:
        revision.publish_due = None
        revision.publish_due_explanation = exc.message[:300]
        return
    revision.publish_due = due.date
    revision.publish_due_explanation = due.explanation[:300]


def create_draft(agency: Agency, *, acting_user, category: Category, title: str, formed_on: date,
                 office: Office | None = None, matter: DisclosureMatter | None = None, summary: str = "",
                 doc_no: str = "", issuer: str = "", topic: str = "", body_html: str = "",
                 disclosure_mode: str = DisclosureMode.PROACTIVE, withhold_reason: str = "",
                 scope: str = Scope.PUBLIC, doc_kind: str = "") -> Revision:
    """A 信息员 (or the 信息公开办) starts a new catalogue entry: an unpublished Item and its first draft."""
    require(acting_user, Perm.CATALOG_DRAFT, agency)
    _check_relations(agency, category, office, matter)
    if not may_draft_for_office(acting_user, agency, office.pk if office else None):
        raise CatalogError("信息员只能为本人所在的办所起草信息。", field="office", code="wrong_office")
    content = _clean_content(agency, {
        "title": title, "summary": summary, "doc_no": doc_no, "issuer": issuer or agency.name, "topic": topic,
        "formed_on": formed_on, "disclosure_mode": disclosure_mode, "withhold_reason": withhold_reason,
        "scope": scope, "doc_kind": doc_kind, "body_html": body_html,
    })
    with transaction.atomic():
        item = Item(agency=agency, category=category, office=office, matter=matter, created_by=acting_user,
                    **{k: content[k] for k in CONTENT_FIELDS})
        _index_for_search(item)
        item.save()
        revision = Revision(item=item, number=1, category=category, office=office, matter=matter,
                            created_by=acting_user, **content)
        set_publish_due(revision)
        revision.save()
        record(item, "catalog.revision.created", actor=acting_user, to_state=Revision.Status.DRAFT,
               data={"revision": revision.number, "title": revision.title})
    return revision


def _lock(revision: Revision) -> Revision:
    """The revision's current row, locked until the transaction ends: every transition checks the state it finds in
    the database, not the state of the caller's copy."""
    return lock_for_update(Revision.objects.select_related("item__agency", "category"), revision.pk)


_sync = refresh_caller  # let the caller's object reflect the change too (views and tests keep using it)


def _require_editable(revision: Revision, acting_user, transition: str = "edit") -> None:
    agency = revision.item.agency
    require(acting_user, Perm.CATALOG_DRAFT, agency)
    REVISION_WORKFLOW.guard(revision.status, transition)
    if not may_draft_for_office(acting_user, agency, revision.office_id):
        raise CatalogError("信息员只能修改本人所在办所的信息。", field="office", code="wrong_office")


def update_draft(revision: Revision, *, acting_user, category: Category | None = None,
                 office: Office | None | bool = False, matter: DisclosureMatter | None | bool = False,
                 **changes) -> Revision:
    """Change a draft (or a returned revision). `office`/`matter` False means unchanged."""
    original = revision
    with transaction.atomic():
        revision = _lock(revision)
        _require_editable(revision, acting_user)
        revision = _update_draft_locked(revision, acting_user, category, office, matter, changes)
    return _sync(original, revision)


def _update_draft_locked(revision, acting_user, category, office, matter, changes) -> Revision:
    agency = revision.item.agency
    unknown = set(changes) - set(CONTENT_FIELDS) - {"change_note"}
    if unknown:
        raise CatalogError(f"不能修改字段：{'、'.join(sorted(unknown))}。")
    # Fields checked against each other are validated together, whichever of them this change touches.
    merged = {"formed_on": revision.formed_on, "disclosure_mode": revision.disclosure_mode,
              "withhold_reason": revision.withhold_reason, "doc_kind": revision.doc_kind, **changes}
    if "doc_no" not in changes and "formed_on" in changes:
        merged["doc_no"] = revision.doc_no
    content = _clean_content(agency, merged)
    new_category = category or revision.category
    new_office = revision.office if office is False else office
    new_matter = revision.matter if matter is False else matter
    _check_relations(agency, new_category, new_office, new_matter)
    if not may_draft_for_office(acting_user, agency, new_office.pk if new_office else None):
        raise CatalogError("信息员只能为本人所在的办所起草信息。", field="office", code="wrong_office")
    changed = {}
    for field, value in content.items():
        if getattr(revision, field) != value:
            changed[field] = True
            setattr(revision, field, value)
    revision.category, revision.office, revision.matter = new_category, new_office, new_matter
    if "change_note" in changes:
        revision.change_note = (changes["change_note"] or "").strip()
        if len(revision.change_note) > REASON_LENGTH:
            raise CatalogError(f"变更说明不能超过{REASON_LENGTH}个字。", field="change_note")
    set_publish_due(revision)
    revision.save()
    item = revision.item
    if item.status == Item.Status.UNPUBLISHED and (item.title, item.category_id) != (revision.title,
                                                                                      revision.category_id):
        # Until first publication the catalogue entry shows the draft's title in staff lists and search.
        item.title, item.category, item.office = revision.title, revision.category, revision.office
        _index_for_search(item)
        item.save(update_fields=["title", "category", "office", "seg_title", "seg_body", "updated_at"])
    record(item, "catalog.revision.edited", actor=acting_user, data={
        "revision": revision.number, "fields": sorted(changed)})
    return revision


def import_docx(revision: Revision, data: bytes, *, acting_user, file_name: str = "文档.docx") -> Revision:
    """Replace the draft's body with the content of an uploaded Word document."""
    info = inspect_upload(ContentFile(data, name=file_name), allowed=("docx",))
    body = docx_to_html(data)
    if not body:
        raise CatalogError(f"文档“{file_name}”中没有可导入的正文。", field="file", code="empty_document")
    original = revision
    with transaction.atomic():
        revision = _lock(revision)
        _require_editable(revision, acting_user)
        revision.body_html = body
        revision.save(update_fields=["body_html", "updated_at"])
        record(revision.item, "catalog.revision.body_imported", actor=acting_user,
               data={"revision": revision.number, "file": file_name, "sha256": info.sha256})
    return _sync(original, revision)


def add_attachment(revision: Revision, upload, *, acting_user) -> Attachment:
    """Attach a PDF, DOCX, XLSX or image, checked by content and size."""
    _require_editable(revision, acting_user)
    info = inspect_upload(upload)
    text = extract_text(upload, info.kind)
    name = (upload.name or "附件").rsplit("/", 1)[-1][:200]
    with transaction.atomic():
        revision = _lock(revision)
        _require_editable(revision, acting_user)
        upload.seek(0)
        attachment = Attachment(revision=revision, original_name=name, kind=info.kind,
                                content_type=info.content_type, size=info.size, sha256=info.sha256, text=text,
                                sort_order=revision.attachments.count(), created_by=acting_user)
        attachment.file.save(name, upload, save=False)
        attachment.save()
        record(revision.item, "catalog.attachment.added", actor=acting_user,
               data={"revision": revision.number, "file": name, "size": info.size, "kind": info.kind})
    return attachment


def remove_attachment(attachment: Attachment, *, acting_user) -> None:
    with transaction.atomic():
        revision = _lock(attachment.revision)
        _require_editable(revision, acting_user)
        record(revision.item, "catalog.attachment.removed", actor=acting_user,
               data={"revision": revision.number, "file": attachment.original_name})
        attachment.delete()  # the file stays on disk: earlier revisions may share it


def discard_revision(revision: Revision, *, acting_user, reason: str = "") -> Revision:
    """Abandon a draft that will not be submitted (the 索引号 of a published item is unaffected)."""
    original = revision
    with transaction.atomic():
        revision = _lock(revision)
        _require_editable(revision, acting_user, "discard")
        previous = revision.status
        revision.status = Revision.Status.DISCARDED
        revision.finished_at = clock.now()
        revision.save(update_fields=["status", "finished_at", "updated_at"])
        record(revision.item, "catalog.revision.discarded", actor=acting_user, from_state=previous,
               to_state=revision.status, comment=reason, data={"revision": revision.number})
    return _sync(original, revision)


# --- the review chain ---------------------------------------------------------------------------------------

def _scan(revision: Revision) -> list[SensitiveFinding]:
    findings = []
    for f in scan_text(html_to_text(revision.body_html)):
        findings.append(SensitiveFinding(revision=revision, source="正文", kind=f.kind, masked=f.masked[:100],
                                         context=f.context[:200], position=f.start))
    for f in scan_text(revision.title + "\n" + revision.summary):
        findings.append(SensitiveFinding(revision=revision, source="名称或内容概述", kind=f.kind,
                                         masked=f.masked[:100], context=f.context[:200], position=f.start))
    for attachment in revision.attachments.all():
        for f in scan_text(attachment.text):
            findings.append(SensitiveFinding(revision=revision, source=f"附件：{attachment.original_name}"[:200],
                                             attachment=attachment, kind=f.kind, masked=f.masked[:100],
                                             context=f.context[:200], position=f.start))
    return findings


def submit_for_review(revision: Revision, *, acting_user) -> Revision:
    """Send a draft (or a returned revision, corrected) into the review chain from its first step. The
    sensitive-content check runs now; its findings wait for the 保密审查员."""
    original = revision
    with transaction.atomic():
        revision = _lock(revision)
        _require_editable(revision, acting_user, "submit")
        if not html_to_text(revision.body_html) and not revision.attachments.exists() \
                and revision.disclosure_mode == DisclosureMode.PROACTIVE:
            raise CatalogError("主动公开的信息需要正文或附件。", field="body_html", code="empty_body")
        if not revision.summary:
            raise CatalogError("请填写内容概述（条例第十二条要求目录包含内容概述）。", field="summary",
                               code="summary_required")
        previous = revision.status
        revision.chain = chain_for(revision.category)
        revision.step_index = 0
        revision.awaiting_step = revision.chain[0]
        revision.status = Revision.Status.IN_REVIEW
        revision.submitted_by = acting_user
        revision.submitted_at = clock.now()
        revision.save(update_fields=["chain", "step_index", "awaiting_step", "status", "submitted_by", "submitted_at",
                                     "updated_at"])
        revision.findings.all().delete()
        findings = SensitiveFinding.objects.bulk_create(_scan(revision))
        record(revision.item, "catalog.revision.submitted", actor=acting_user, from_state=previous,
               to_state=revision.status, data={"revision": revision.number, "chain": revision.chain,
                                               "findings": len(findings)})
    return _sync(original, revision)


def _ack_step_index(revision: Revision) -> int:
    """Findings are acknowledged at the 保密审查 step, or at the first step if the chain has none."""
    chain = revision.chain
    return chain.index(ReviewStep.SECRECY_REVIEW) if ReviewStep.SECRECY_REVIEW in chain else 0


def _require_reviewer(revision: Revision, acting_user, expected_step: int | None, transition: str = "approve") -> str:
    REVISION_WORKFLOW.guard(revision.status, transition)
    if expected_step is not None and expected_step != revision.step_index:
        raise WrongState("该审核步骤已由他人处理，请刷新页面后查看最新状态。", code="step_already_handled")
    step = revision.current_step
    require(acting_user, STEP_PERMS[step], revision.item.agency)
    if acting_user.pk in (revision.created_by_id, revision.submitted_by_id):
        raise SelfApproval("不能审核或审批本人起草或提交的信息。")
    return step


def acknowledge_finding(finding: SensitiveFinding, *, acting_user, note: str = "") -> SensitiveFinding:
    """The 保密审查员 confirms having seen one finding (and says what was done about it), once."""
    if len((note or "").strip()) > REASON_LENGTH:
        raise CatalogError(f"处理说明不能超过{REASON_LENGTH}个字。", field="note")
    with transaction.atomic():
        revision = _lock(finding.revision)
        _require_reviewer(revision, acting_user, None)
        if revision.step_index != _ack_step_index(revision):
            raise WrongState("敏感信息提示应在保密审查步骤确认。")
        finding = SensitiveFinding.objects.select_for_update().get(pk=finding.pk)
        if finding.acknowledged_at is not None:
            raise WrongState("该提示已由他人确认，请刷新页面。", code="finding_already_acknowledged")
        finding.acknowledged_by = acting_user
        finding.acknowledged_at = clock.now()
        finding.note = (note or "").strip()
        finding.save(update_fields=["acknowledged_by", "acknowledged_at", "note"])
        record(revision.item, "catalog.finding.acknowledged", actor=acting_user, comment=finding.note,
               data={"revision": revision.number, "kind": finding.kind, "source": finding.source,
                     "masked": finding.masked})
    return finding


def approve_step(revision: Revision, *, acting_user, expected_step: int | None = None, comment: str = "",
                 secrecy_result: str = "", removed_content: str = "", legal_ground: str = "",
                 revised_body_html: str | None = None) -> Revision:
    """Approve the current step. At the 保密审查 step the result is recorded (SEC-1): 可以公开; 部分公开 with what
    was removed (the reviewer may give the redacted body); 不予公开 with its legal ground, which ends the chain.
    After the last step the revision is published."""
    original = revision
    with transaction.atomic():
        revision = _approve_locked(_lock(revision), acting_user, expected_step, comment, secrecy_result,
                                   removed_content, legal_ground, revised_body_html)
    return _sync(original, revision)


def _approve_locked(revision, acting_user, expected_step, comment, secrecy_result, removed_content, legal_ground,
                    revised_body_html) -> Revision:
    step = _require_reviewer(revision, acting_user, expected_step)
    item = revision.item
    if revision.step_index == _ack_step_index(revision):
        pending = revision.findings.filter(acknowledged_at__isnull=True).count()
        if pending:
            raise CatalogError(f"还有{pending}条敏感信息提示尚未确认，请逐条确认后再审核通过。",
                               code="findings_not_acknowledged")
    if step == ReviewStep.SECRECY_REVIEW:
        if secrecy_result not in Decision.SecrecyResult.values:
            raise CatalogError("请选择保密审查结果：可以公开、部分公开或不予公开。", field="secrecy_result",
                               code="secrecy_result_required")
        if secrecy_result == Decision.SecrecyResult.PARTIAL and not removed_content.strip():
            raise CatalogError("部分公开时须说明删除了哪些内容。", field="removed_content")
        if secrecy_result == Decision.SecrecyResult.WITHHOLD and legal_ground not in WithholdingGround.values:
            raise CatalogError("不予公开时须选择法律依据（条例第十四条至第十六条）。", field="legal_ground")
    elif secrecy_result:
        raise CatalogError("只有保密审查步骤记录保密审查结果。", field="secrecy_result")
    decision = Decision.objects.create(
        revision=revision, step=step, step_index=revision.step_index, outcome=Decision.Outcome.APPROVED,
        secrecy_result=secrecy_result, removed_content=removed_content.strip(), legal_ground=legal_ground,
        comment=comment.strip(), actor=acting_user, created_at=clock.now())
    data = {"revision": revision.number, "step": step, "secrecy_result": secrecy_result,
            "legal_ground": legal_ground, "removed_content": decision.removed_content}
    if secrecy_result == Decision.SecrecyResult.PARTIAL and revised_body_html is not None \
            and sanitize_html(revised_body_html) != revision.body_html:
        revision.body_html = sanitize_html(revised_body_html)
        revision.save(update_fields=["body_html", "updated_at"])
        data["body_redacted"] = True
    if secrecy_result == Decision.SecrecyResult.WITHHOLD:
        return _withhold(revision, acting_user, decision, data)
    previous_step = revision.step_index
    if revision.step_index + 1 < len(revision.chain):
        revision.step_index += 1
        revision.awaiting_step = revision.chain[revision.step_index]
        revision.save(update_fields=["step_index", "awaiting_step", "updated_at"])
        record(item, "catalog.revision.approved", actor=acting_user, from_state=step,
               to_state=revision.chain[revision.step_index], comment=decision.comment,
               data={**data, "step_index": previous_step})
        return revision
    record(item, "catalog.revision.approved", actor=acting_user, from_state=step,
           to_state=Revision.Status.PUBLISHED, comment=decision.comment, data={**data, "step_index": previous_step})
    return _publish(revision, acting_user)


def return_revision(revision: Revision, *, acting_user, comment: str, expected_step: int | None = None) -> Revision:
    """Any step may send the revision back to its drafter, with a comment saying what to change."""
    if not (comment or "").strip():
        raise CatalogError("退回时须填写退回意见。", field="comment", code="comment_required")
    original = revision
    with transaction.atomic():
        revision = _lock(revision)
        step = _require_reviewer(revision, acting_user, expected_step, "return")
        Decision.objects.create(revision=revision, step=step, step_index=revision.step_index,
                                outcome=Decision.Outcome.RETURNED, comment=comment.strip(), actor=acting_user,
                                created_at=clock.now())
        revision.status = Revision.Status.RETURNED
        revision.awaiting_step = ""
        revision.save(update_fields=["status", "awaiting_step", "updated_at"])
        record(revision.item, "catalog.revision.returned", actor=acting_user, from_state=step,
               to_state=Revision.Status.RETURNED, comment=comment.strip(),
               data={"revision": revision.number, "step": step})
    return _sync(original, revision)


def _withhold(revision: Revision, acting_user, decision: Decision, data: dict) -> Revision:
    item = revision.item
    revision.status = Revision.Status.WITHHELD
    revision.awaiting_step = ""
    revision.finished_at = clock.now()
    revision.save(update_fields=["status", "awaiting_step", "finished_at", "updated_at"])
    ground = WithholdingGround(decision.legal_ground).label
    if item.status == Item.Status.UNPUBLISHED:
        for field in CONTENT_FIELDS:
            setattr(item, field, getattr(revision, field))
        item.status = Item.Status.WITHHELD
        item.disclosure_mode = DisclosureMode.WITHHELD
        item.withhold_reason = ground[:200]
        item.save()
    record(item, "catalog.revision.withheld", actor=acting_user, from_state=ReviewStep.SECRECY_REVIEW,
           to_state=Revision.Status.WITHHELD, comment=decision.comment, data={**data, "ground": ground})
    return revision


def _count_published(category_id: int, delta: int) -> None:
    Category.objects.filter(pk=category_id).update(published_count=F("published_count") + delta)


def _publish(revision: Revision, acting_user) -> Revision:
    item = Item.objects.select_for_update().get(pk=revision.item_id)
    today = clock.today()
    previous_status = item.status
    previous_category_id = item.category_id
    if revision.disclosure_mode == DisclosureMode.WITHHELD:
        # A record whose 公开属性 is 不予公开 is catalogued internally, never shown on the portal.
        new_status = Item.Status.WITHHELD
    else:
        new_status = Item.Status.PUBLISHED
    if item.index_no is None and new_status == Item.Status.PUBLISHED:
        serial = next_number(item.agency, "catalog.index", today.year)
        item.index_no = format_index_no(item.agency.catalogue_code, today.year, serial)
    for field in CONTENT_FIELDS:
        setattr(item, field, getattr(revision, field))
    item.category, item.office, item.matter = revision.category, revision.office, revision.matter
    item.status = new_status
    item.version = revision.number
    if item.published_on is None and new_status == Item.Status.PUBLISHED:
        item.published_on = today
    item.updated_on = today
    item.publish_due = revision.publish_due
    item.published_late = bool(revision.publish_due and today > revision.publish_due)
    item.withdrawn_on, item.withdrawn_reason = None, ""
    _index_for_search(item)
    item.save()
    if previous_status == Item.Status.PUBLISHED:
        _count_published(previous_category_id, -1)
    if item.status == Item.Status.PUBLISHED:
        _count_published(item.category_id, +1)
    Revision.objects.filter(item=item, status=Revision.Status.PUBLISHED).update(status=Revision.Status.SUPERSEDED)
    revision.status = Revision.Status.PUBLISHED
    revision.awaiting_step = ""
    revision.finished_at = clock.now()
    revision.save(update_fields=["status", "awaiting_step", "finished_at", "updated_at"])
    record(item, "catalog.item.published", actor=acting_user, from_state=previous_status, to_state=item.status,
           data={"revision": revision.number, "index_no": item.index_no, "published_on": str(item.published_on),
                 "publish_due": str(item.publish_due or ""), "late": item.published_late})
    if item.status == Item.Status.PUBLISHED:
        item_id = item.pk
        transaction.on_commit(lambda: hooks.run_published(item_id))
    return revision


def _index_for_search(item: Item) -> None:
    """Titles are indexed for every item (staff search drafts by title too); bodies only while published. Public
    search filters on status, so nothing unpublished is ever found there."""
    item.seg_title = segment_for_index(f"{item.title} {item.doc_no} {item.index_no or ''}")
    if item.status == Item.Status.PUBLISHED:
        body = html_to_text(item.body_html) if item.shows_body else ""
        item.seg_body = segment_for_index(f"{item.summary}\n{body}")
    else:
        item.seg_body = ""


# --- after publication --------------------------------------------------------------------------------------

def start_revision(item: Item, *, acting_user, change_note: str, formed_on: date | None = None) -> Revision:
    """Change a published (or withdrawn) item: a new revision with the current content, through the chain again.
    `formed_on` is the change date (信息变更之日), from which its publication time limit runs."""
    require(acting_user, Perm.CATALOG_DRAFT, item.agency)
    if item.status not in (Item.Status.PUBLISHED, Item.Status.WITHDRAWN):
        raise WrongState("只有已发布或已撤回的信息可以修改为新版本；草稿请直接编辑。")
    if not (change_note or "").strip():
        raise CatalogError("请说明变更内容。", field="change_note", code="change_note_required")
    if len(change_note.strip()) > REASON_LENGTH:
        raise CatalogError(f"变更说明不能超过{REASON_LENGTH}个字。", field="change_note")
    if not may_draft_for_office(acting_user, item.agency, item.office_id):
        raise CatalogError("信息员只能修改本人所在办所的信息。", field="office", code="wrong_office")
    if item.revisions.filter(status__in=Revision.OPEN_STATUSES).exists():
        raise WrongState("该信息已有正在修改或审核中的新版本。", code="revision_open")
    formed_on = formed_on or clock.today()
    if formed_on > clock.today():
        raise CatalogError("变更日期不能晚于今天。", field="formed_on")
    with transaction.atomic():
        current = item.revisions.filter(status=Revision.Status.PUBLISHED).first() or item.revisions.last()
        number = (item.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        revision = Revision(item=item, number=number, category=item.category, office=item.office, matter=item.matter,
                            created_by=acting_user, change_note=change_note.strip(),
                            **{f: getattr(item, f) for f in CONTENT_FIELDS})
        revision.formed_on = formed_on
        set_publish_due(revision)
        revision.save()
        if current is not None:
            for attachment in current.attachments.all():
                attachment.pk = None
                attachment.revision = revision
                attachment.save()
        record(item, "catalog.revision.created", actor=acting_user, to_state=Revision.Status.DRAFT,
               comment=revision.change_note, data={"revision": number, "title": revision.title})
    return revision


def withdraw_item(item: Item, *, acting_user, reason: str) -> Item:
    """撤回: take a published item off the portal, with the reason recorded. Its 索引号 is never reused."""
    require(acting_user, Perm.CATALOG_MANAGE, item.agency)
    if item.status != Item.Status.PUBLISHED:
        raise WrongState(f"只有已发布的信息可以撤回，该信息当前为“{item.get_status_display()}”。")
    if not (reason or "").strip():
        raise CatalogError("撤回时须填写理由。", field="reason", code="reason_required")
    if len(reason.strip()) > REASON_LENGTH:
        raise CatalogError(f"撤回理由不能超过{REASON_LENGTH}个字。", field="reason")
    with transaction.atomic():
        item.status = Item.Status.WITHDRAWN
        item.withdrawn_on = clock.today()
        item.withdrawn_reason = reason.strip()
        _index_for_search(item)
        item.save()
        _count_published(item.category_id, -1)
        record(item, "catalog.item.withdrawn", actor=acting_user, from_state=Item.Status.PUBLISHED,
               to_state=item.status, comment=item.withdrawn_reason)
    return item


def set_validity(item: Item, validity: str, *, acting_user, abolished_on: date | None = None,
                 reason: str = "") -> Item:
    """Mark a published item 有效, 失效 or 废止 (废止 needs its date). It stays on the portal with its status."""
    require(acting_user, Perm.CATALOG_MANAGE, item.agency)
    if item.status != Item.Status.PUBLISHED:
        raise WrongState("只有已发布的信息可以设置有效性。")
    if validity not in Validity.values:
        raise CatalogError("有效性应为有效、失效或废止。", field="validity")
    if validity == Validity.ABOLISHED:
        if abolished_on is None:
            raise CatalogError("设为废止时须填写废止日期。", field="abolished_on")
        if item.formed_on and abolished_on < item.formed_on:
            raise CatalogError("废止日期不能早于生成日期。", field="abolished_on")
        if abolished_on > clock.today():
            raise CatalogError("废止日期不能晚于今天。", field="abolished_on")
    else:
        abolished_on = None
    with transaction.atomic():
        previous = item.validity
        item.validity, item.abolished_on = validity, abolished_on
        item.save(update_fields=["validity", "abolished_on", "updated_at"])
        record(item, "catalog.item.validity_changed", actor=acting_user, from_state=previous, to_state=validity,
               comment=(reason or "").strip(), data={"abolished_on": str(abolished_on or "")})
    return item


def recompute_publish_dues(*, acting_user, reason: str) -> int:
    """Calendar changed: recompute the publication due date of every open revision; record each change."""
    changed = 0
    for revision in Revision.objects.filter(status__in=Revision.OPEN_STATUSES).select_related("category", "matter",
                                                                                               "item"):
        before = revision.publish_due
        set_publish_due(revision)
        if revision.publish_due != before:
            revision.save(update_fields=["publish_due", "publish_due_explanation"])
            record(revision.item, "catalog.revision.due_recomputed", actor=acting_user, comment=reason,
                   data={"revision": revision.number, "from": str(before or ""),
                         "to": str(revision.publish_due or "")})
            changed += 1
    return changed


def create_default_categories(agency: Agency, *, acting_user) -> list[Category]:
    """Give a new agency its default categories (idempotent: existing names are kept)."""
    from .defaults import DEPARTMENT_CATEGORIES, STATUTORY_COLUMN_CATEGORIES, TOWNSHIP_CATEGORIES

    township = agency.kind in (Agency.Kind.TOWNSHIP, Agency.Kind.SUBDISTRICT)
    definitions = (TOWNSHIP_CATEGORIES if township else DEPARTMENT_CATEGORIES) + STATUTORY_COLUMN_CATEGORIES
    existing = set(Category.objects.filter(agency=agency).values_list("name", flat=True))
    created = []
    for name, column, items, limit in definitions:
        if name not in existing:
            created.append(create_category(agency, acting_user=acting_user, name=name, column=column,
                                           statutory_items=items, publish_limit_days=limit))
    return created
