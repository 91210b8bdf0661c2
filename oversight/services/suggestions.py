"""人大代表建议 and 政协提案: registration and assignment, the reply (办理复文) with its result class, and the public
disclosure of the reply as a catalogue item that goes through the agency's normal review chain."""

import html
import re
from datetime import date

from django.db import transaction

from agencies.access import Perm, require
from agencies.models import Agency, Office
from casework import services as casework
from catalog import services as catalog
from catalog.models import Category, Item, Revision, StatutoryColumn
from gongkai import clock
from privacy.scanning import FindingKind, scan_text

from ..errors import OversightError
from ..models import (
    DISCLOSURE_CATEGORY,
    DisclosureForm,
    Suggestion,
    SuggestionKind,
    SuggestionResult,
    SuggestionStatus,
    SuggestionTopic,
)
from ..rules import SUGGESTION_DISCLOSURE, suggestion_handling
from ._common import not_before, not_future, own_office, required_date, text

REGISTER = "oversight.suggestion"
PERSONAL_KINDS = (FindingKind.ID_NUMBER, FindingKind.MOBILE, FindingKind.BANK_CARD)
_TOPIC_SPLIT = re.compile(r"[、,，;；/\s]+")


def parse_topics(value) -> list[str]:
    """“环境整治、秸秆焚烧” or a list → ["环境整治", "秸秆焚烧"] (distinct, in order)."""
    items = value if isinstance(value, list | tuple) else _TOPIC_SPLIT.split(value or "")
    out: list[str] = []
    for raw in items:
        name = (raw or "").strip()
        if not name or name in out:
            continue
        if len(name) > 30:
            raise OversightError(f"主题“{name[:10]}…”过长，每个主题不超过30个字。", field="topics")
        out.append(name)
    if len(out) > 10:
        raise OversightError("主题最多10个。", field="topics")
    return out


def _check_offices(agency: Agency, office: Office | None, co_offices) -> list[Office]:
    own_office(agency, office)
    co = [o for o in (co_offices or []) if o != office]
    for o in co:
        own_office(agency, o, "co_offices")
    return co


def register_suggestion(agency: Agency, *, acting_user, kind: str, session_year: int, proposal_no: str,
                        proposer: str, title: str, assigned_on: date, topics=(), content: str = "",
                        proposer_contact: str = "", office: Office | None = None, co_offices=(),
                        assignee=None) -> Suggestion:
    """Register a suggestion or proposal assigned to the agency: the lead office must reply within the handling
    period (three months by default) from the assignment date."""
    require(acting_user, Perm.OVERSIGHT_MANAGE, agency)
    if kind not in SuggestionKind.values:
        raise OversightError("类型应为人大代表建议或政协提案。", field="kind", code="invalid_kind")
    assigned_on = required_date(assigned_on, "assigned_on", "交办日期")
    not_future(assigned_on, "assigned_on", "交办日期")
    try:
        session_year = int(session_year)
    except (TypeError, ValueError):
        raise OversightError("请填写年度（四位数字）。", field="session_year", code="session_year_required")
    if not 1990 <= session_year <= assigned_on.year:
        raise OversightError("年度应为交办日期所在年份或更早。", field="session_year")
    proposal_no = text(proposal_no, "proposal_no", "建议（提案）号", max_length=30, required=True)
    if Suggestion.objects.filter(agency=agency, kind=kind, session_year=session_year,
                                 proposal_no=proposal_no).exists():
        raise OversightError(f"{session_year}年度的{SuggestionKind(kind).label}{proposal_no}已经登记过。",
                             field="proposal_no", code="duplicate_proposal")
    co = _check_offices(agency, office, co_offices)
    suggestion = Suggestion(
        agency=agency, kind=kind, session_year=session_year, proposal_no=proposal_no,
        proposer=text(proposer, "proposer", "代表（委员）", max_length=100, required=True),
        proposer_contact=text(proposer_contact, "proposer_contact", "联系方式", max_length=100),
        title=text(title, "title", "标题", max_length=200, required=True),
        content=text(content, "content", "建议（提案）内容", max_length=10000),
        received_on=assigned_on, office=office, assignee=assignee)
    names = parse_topics(topics)
    with transaction.atomic():
        casework.start_clock(suggestion, assigned_on, casework.rule_for(REGISTER, agency, suggestion_handling()),
                             due_field="reply_due_on")
        casework.open_case(suggestion, acting_user=acting_user, data={
            "kind": kind, "session_year": session_year, "proposal_no": proposal_no, "topics": names,
            "office": office.name if office else "", "due_on": str(suggestion.due_on or "")})
        suggestion.co_offices.set(co)
        SuggestionTopic.objects.bulk_create([SuggestionTopic(suggestion=suggestion, name=n) for n in names])
    return suggestion


def update_suggestion(suggestion: Suggestion, *, acting_user, topics=None, co_offices=None, **changes) -> Suggestion:
    """Correct the registration (title, content, proposer and contact, topics, co-handling offices)."""
    fields = {"title": ("标题", 200, True), "content": ("建议（提案）内容", 10000, False),
              "proposer": ("代表（委员）", 100, True), "proposer_contact": ("联系方式", 100, False)}
    if unknown := set(changes) - set(fields):
        raise OversightError(f"不能修改字段：{'、'.join(sorted(unknown))}。", code="field_not_editable")
    cleaned = {f: text(v, f, fields[f][0], max_length=fields[f][1], required=fields[f][2]) for f, v in changes.items()}
    names = parse_topics(topics) if topics is not None else None
    co = _check_offices(suggestion.agency, suggestion.office, co_offices) if co_offices is not None else None

    def apply(s: Suggestion) -> dict:
        changed = sorted(f for f, v in cleaned.items() if getattr(s, f) != v)
        for f, v in cleaned.items():
            setattr(s, f, v)
        if names is not None and names != [t.name for t in s.topics.all()]:
            s.topics.all().delete()
            SuggestionTopic.objects.bulk_create([SuggestionTopic(suggestion=s, name=n) for n in names])
            changed.append("topics")
        if co is not None and {o.pk for o in co} != set(s.co_offices.values_list("pk", flat=True)):
            s.co_offices.set(co)
            changed.append("co_offices")
        return {"fields": changed}

    return casework.transition(suggestion, "edit", acting_user=acting_user, apply=apply)


def route_suggestion(suggestion: Suggestion, *, acting_user, office=None, assignee=None) -> Suggestion:
    return casework.assign(suggestion, acting_user=acting_user, office=office, assignee=assignee)


def reply_to_suggestion(suggestion: Suggestion, *, acting_user, reply_text: str, replied_on: date,
                        result_class: str, disclosure_form: str = DisclosureForm.FULL,
                        disclosure_summary: str = "") -> Suggestion:
    """Record the 办理复文 sent to the deputy (member) and its result class. The disclosure clock starts: the reply is
    to be made public within 20 working days (in full unless a summary or no disclosure is chosen later)."""
    reply_text = text(reply_text, "reply_text", "办理复文", max_length=20000, required=True)
    replied_on = required_date(replied_on, "replied_on", "答复日期")
    not_future(replied_on, "replied_on", "答复日期")
    not_before(replied_on, suggestion.received_on, "replied_on", "答复日期", "交办日期")
    if result_class not in SuggestionResult.values:
        raise OversightError("请选择办理结果：A类（已解决或采纳）、B类（正在解决或列入计划）或C类（留作参考）。",
                             field="result_class", code="result_class_required")
    if disclosure_form not in DisclosureForm.values:
        raise OversightError("公开方式不正确。", field="disclosure_form")
    summary = text(disclosure_summary, "disclosure_summary", "复文摘要", max_length=5000)

    def apply(s: Suggestion) -> dict:
        s.reply_text, s.replied_on, s.result_class = reply_text, replied_on, result_class
        s.disclosure_form, s.disclosure_summary = disclosure_form, summary
        casework.start_clock(s, replied_on, casework.rule_for(f"{REGISTER}.disclosure", s.agency,
                                                              SUGGESTION_DISCLOSURE), due_field="disclosure_due_on")
        return {"replied_on": str(replied_on), "result_class": result_class, "late": s.replied_late,
                "disclosure_due_on": str(s.disclosure_due_on or "")}

    return casework.transition(suggestion, "reply", acting_user=acting_user, apply=apply)


def revise_suggestion_reply(suggestion: Suggestion, *, acting_user, reply_text: str,
                            disclosure_form: str = DisclosureForm.FULL, disclosure_summary: str = "") -> Suggestion:
    """Correct the reply to be made public, or choose a summary instead (before it is submitted for disclosure): for
    instance to remove a phone number the sensitive-content check found. The reply date, result class and disclosure
    period stay as registered."""
    reply_text = text(reply_text, "reply_text", "办理复文", max_length=20000, required=True)
    if disclosure_form not in (DisclosureForm.FULL, DisclosureForm.SUMMARY):
        raise OversightError("公开方式应为全文公开或摘要公开；决定不予公开的，请登记不予公开理由。",
                             field="disclosure_form")
    summary = text(disclosure_summary, "disclosure_summary", "复文摘要", max_length=5000)

    def apply(s: Suggestion) -> dict:
        values = {"reply_text": reply_text, "disclosure_form": disclosure_form, "disclosure_summary": summary}
        changed = sorted(f for f, v in values.items() if getattr(s, f) != v)
        for f, v in values.items():
            setattr(s, f, v)
        return {"fields": changed}

    return casework.transition(suggestion, "revise_reply", acting_user=acting_user, apply=apply)


def disclosure_text(suggestion: Suggestion) -> str:
    """What is made public: the reply in full (or its summary) — never the proposer's contact details."""
    if suggestion.disclosure_form == DisclosureForm.SUMMARY:
        return suggestion.disclosure_summary
    return suggestion.reply_text


def personal_data_findings(suggestion: Suggestion) -> list[str]:
    """Personal data in the text to be published: ID numbers, mobile numbers, bank cards (privacy.scanning), and the
    proposer's registered contact wherever it appears. Returned masked, for the message."""
    body = f"{suggestion.title}\n{disclosure_text(suggestion)}"
    found = [f"{f.label}{f.masked}" for f in scan_text(body) if f.kind in PERSONAL_KINDS]
    contact = (suggestion.proposer_contact or "").strip()
    if len(contact) >= 5 and contact in body and not found:
        found.append("代表（委员）的联系方式")
    return found


def _disclosure_title(s: Suggestion) -> str:
    """对2026年度第5号建议“关于……的建议”的答复"""
    noun = "建议" if s.kind == SuggestionKind.NPC else "提案"
    return f"对{s.session_year}年度{s.proposal_no}{noun}“{s.title}”的答复"[:200]


def _disclosure_body(s: Suggestion) -> str:
    paragraphs = [p.strip() for p in disclosure_text(s).splitlines() if p.strip()]
    head = (f"{s.get_kind_display()}{s.proposal_no}：{s.title}（{s.proposer}）。"
            f"办理结果：{s.get_result_class_display()}。答复日期：{s.replied_on:%Y年%m月%d日}。")
    if s.disclosure_form == DisclosureForm.SUMMARY:
        head += "以下为答复摘要。"
    return "".join(f"<p>{html.escape(p)}</p>" for p in [head, *paragraphs])


def _disclosure_category(agency: Agency, acting_user) -> Category:
    category = Category.objects.filter(agency=agency, name=DISCLOSURE_CATEGORY).first()
    if category is None:
        category = catalog.create_category(
            agency, acting_user=acting_user, name=DISCLOSURE_CATEGORY, column=StatutoryColumn.STATUTORY,
            statutory_items=["20.15"], description="人大代表建议和政协提案办理复文（国办发〔2014〕46号）")
    return category


def submit_suggestion_disclosure(suggestion: Suggestion, *, acting_user) -> Suggestion:
    """Make the reply public: a catalogue item in the agency's 建议提案办理 category (created if missing), drafted and
    submitted to the normal review chain; the suggestion is public once that item is published. A reply containing
    personal data (a phone number, an ID number, the proposer's contact) is refused: remove it first."""
    if suggestion.disclosure_form == DisclosureForm.NONE:
        raise OversightError("该复文的公开方式为“不予公开”，请先修改公开方式或登记不予公开理由。", field="disclosure_form")
    if suggestion.disclosure_form == DisclosureForm.SUMMARY and not suggestion.disclosure_summary.strip():
        raise OversightError("摘要公开时须填写复文摘要。", field="disclosure_summary", code="summary_required")
    findings = personal_data_findings(suggestion)
    if findings:
        raise OversightError(
            f"复文中含有个人信息（{'、'.join(findings)}），不能公开。办理复文公开时不得包含代表委员的联系方式等个人信息，"
            f"请在“修改办理复文”中删除后再提交公开。", field="reply_text", code="personal_data_in_reply")

    def apply(s: Suggestion) -> dict:
        category = _disclosure_category(s.agency, acting_user)
        revision = catalog.create_draft(
            s.agency, acting_user=acting_user, category=category, office=s.office, title=_disclosure_title(s),
            formed_on=s.replied_on, summary=f"{s.get_kind_display()}{s.proposal_no}办理复文（{s.get_result_class_display()}）",
            body_html=_disclosure_body(s))
        catalog.submit_for_review(revision, acting_user=acting_user)
        s.item_id = revision.item_id
        return {"item": revision.item_id, "form": s.disclosure_form}

    return casework.transition(suggestion, "submit_disclosure", acting_user=acting_user, apply=apply)


def withhold_suggestion_disclosure(suggestion: Suggestion, *, acting_user, reason: str) -> Suggestion:
    """Decide not to publish the reply (e.g. it concerns state secrets or a private matter), with the reason."""
    reason = text(reason, "reason", "不予公开理由", max_length=300, required=True)

    def apply(s: Suggestion) -> dict:
        s.disclosure_form, s.not_public_reason, s.closed_on = DisclosureForm.NONE, reason, clock.today()
        casework.stop_clock(s)
        return {}

    return casework.transition(suggestion, "withhold_disclosure", acting_user=acting_user, apply=apply,
                               comment=reason)


def refresh_disclosure(suggestion: Suggestion, *, acting_user=None, system: bool = False) -> Suggestion:
    """Follow the catalogue item: published → the reply is public (on its publication date); withheld by the
    保密审查 or its draft discarded → back to 待公开. Called by the publication hook (system) and from the detail
    page."""
    if suggestion.status != SuggestionStatus.DISCLOSING or suggestion.item_id is None:
        return suggestion
    item = Item.objects.get(pk=suggestion.item_id)
    if item.status == Item.Status.PUBLISHED:
        def apply(s: Suggestion) -> dict:
            s.made_public_on, s.closed_on = item.published_on, item.published_on
            casework.stop_clock(s)
            return {"index_no": item.index_no, "made_public_on": str(item.published_on), "late": s.made_public_late}

        return casework.transition(suggestion, "made_public", acting_user=acting_user, apply=apply, system=system)
    open_revision = item.revisions.filter(status__in=Revision.OPEN_STATUSES).exists()
    if item.status == Item.Status.WITHHELD or (item.status == Item.Status.UNPUBLISHED and not open_revision):
        def reset(s: Suggestion) -> dict:
            s.item = None
            return {"item_status": item.status}

        return casework.transition(suggestion, "disclosure_failed", acting_user=acting_user, apply=reset,
                                   system=system, comment="目录信息未能发布（保密审查不予公开或草稿已作废）。")
    return suggestion


def on_item_published(item_id: int) -> None:
    """catalog.hooks: a published item may be a suggestion's reply."""
    for suggestion in Suggestion.objects.filter(item_id=item_id, status=SuggestionStatus.DISCLOSING):
        refresh_disclosure(suggestion, system=True)
