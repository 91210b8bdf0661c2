"""Back-office pages of the catalogue: the 工作台, item lists, drafting, the review chain, after-publication
changes. Each view parses the request, calls one service or selector, and maps domain errors to messages/4xx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from agencies.access import Perm, has_perm
from audit.selectors import events_for
from backoffice.forms.catalog import (
    DraftForm,
    NewVersionForm,
    ReasonForm,
    ReturnForm,
    ReviewForm,
    UploadForm,
    ValidityForm,
)
from catalog import selectors, services
from catalog.models import Item, ReviewStep, Revision
from gongkai.errors import DomainError

from .common import agencies_for, current_agency, int_param, report_error


@login_required
def workbench(request):
    from backoffice.panels import applications, oversight, reports

    work = selectors.workbench(request.user)
    panels = [p for p in (module.panel(request) for module in (applications, oversight, reports)) if p]
    annotate = [*work.my_drafts, *work.returned_to_me, *work.awaiting_me, *work.due_soon, *work.overdue]
    for revision in annotate:
        revision.days_left = selectors.working_days_left(revision.publish_due, work.today)
    return render(request, "backoffice/workbench.html", {"work": work, "panels": panels})


@login_required
def item_list(request):
    agencies = agencies_for(request, Perm.CATALOG_VIEW)
    agency = current_agency(request, Perm.CATALOG_VIEW)
    params = request.GET
    items = selectors.staff_item_list(
        request.user, agency_id=agency.pk, office_id=int_param(params.get("office"), minimum=1),
        category_id=int_param(params.get("category"), minimum=1), status=params.get("status") or None,
        year=int_param(params.get("year"), minimum=1900, maximum=2100), title=(params.get("q") or "").strip()[:50])
    # Offset paging over a person's own agency: bounded so a hand-typed page number cannot ask for a huge OFFSET.
    page_number = int_param(params.get("page"), minimum=1, maximum=1000) or 1
    page = list(items[(page_number - 1) * 50: page_number * 50 + 1])
    categories, offices = selectors.staff_filter_choices(agency)
    return render(request, "backoffice/items/list.html", {
        "agency": agency, "agencies": agencies, "items": page[:50], "has_next": len(page) > 50,
        "page_number": page_number, "offices": offices, "categories": categories, "statuses": Item.Status.choices,
        "params": params, "may_draft": has_perm(request.user, Perm.CATALOG_DRAFT, agency),
    })


def _draft_form(request, agency, data=None, initial=None):
    categories, offices = selectors.drafting_choices(request.user, agency)
    return DraftForm(data, initial=initial, categories=categories, offices=offices)


def _relations(agency, form):
    category, office = selectors.draft_relations(agency, form.cleaned_data["category"], form.cleaned_data.get("office"))
    return category, office


CONTENT_KEYS = ("title", "formed_on", "doc_no", "summary", "issuer", "topic", "disclosure_mode", "withhold_reason",
                "scope", "doc_kind", "body_html")


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    agency = current_agency(request, Perm.CATALOG_DRAFT)
    form = _draft_form(request, agency, request.POST or None,
                       initial={"issuer": agency.name, "formed_on": None})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            category, office = _relations(agency, form)
            revision = services.create_draft(agency, acting_user=request.user, category=category, office=office,
                                             **{k: form.cleaned_data.get(k) or "" for k in CONTENT_KEYS
                                                if k != "formed_on"},
                                             formed_on=form.cleaned_data["formed_on"])
            messages.success(request, "草稿已保存。")
            return redirect("backoffice:item", pk=revision.item_id)
        except DomainError as error:
            status = report_error(request, error, form)
    elif request.method == "POST":
        status = 400
    return render(request, "backoffice/items/form.html", {"form": form, "agency": agency, "creating": True},
                  status=status)


@login_required
def item_detail(request, pk: int):
    return _detail_response(request, selectors.get_item_for(request.user, pk))


def _detail_response(request, item: Item, status: int = 200, **overrides):
    revision = selectors.current_revision(item)
    revision.days_left = selectors.working_days_left(revision.publish_due)
    context = {
        "item": item, "revision": revision, "can": selectors.can_act_on(request.user, revision),
        "events": events_for(item), "decisions": selectors.revision_decisions(revision),
        "findings": selectors.revision_findings(revision),
        "attachments": revision.attachments.all(),
        # 部分公开: the reviewer edits the body as it stands rather than retyping it
        "review_form": ReviewForm(initial={"expected_step": revision.step_index,
                                           "revised_body_html": revision.body_html}),
        "return_form": ReturnForm(initial={"expected_step": revision.step_index}),
        "upload_form": UploadForm(), "reason_form": ReasonForm(), "version_form": NewVersionForm(),
        "validity_form": ValidityForm(initial={"validity": item.validity}),
        "steps": [{"label": ReviewStep(s).label, "state": ("done" if i < revision.step_index or
                                                           revision.status == Revision.Status.PUBLISHED else
                                                           "current" if i == revision.step_index and
                                                           revision.status == Revision.Status.IN_REVIEW else "")}
                  for i, s in enumerate(revision.chain or services.chain_for(revision.category))],
        "is_secrecy_step": revision.current_step == ReviewStep.SECRECY_REVIEW,
        "public_url": preview_url(item),
        **overrides,
    }
    return render(request, "backoffice/items/detail.html", context, status=status)


def _back(revision_or_item):
    item_id = revision_or_item.item_id if isinstance(revision_or_item, Revision) else revision_or_item.pk
    return redirect("backoffice:item", pk=item_id)


@login_required
@require_http_methods(["GET", "POST"])
def revision_edit(request, pk: int):
    revision = selectors.get_revision_to_draft_for(request.user, pk)
    if request.method == "GET" and revision.status not in (Revision.Status.DRAFT, Revision.Status.RETURNED):
        messages.error(request, f"“{revision.get_status_display()}”的信息不能修改，只有草稿或已退回的信息可以修改。")
        return _back(revision)
    agency = revision.item.agency
    initial = {k: getattr(revision, k) for k in CONTENT_KEYS}
    initial.update(category=revision.category_id, office=revision.office_id, change_note=revision.change_note)
    form = _draft_form(request, agency, request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            category, office = _relations(agency, form)
            changes = {k: form.cleaned_data.get(k) or "" for k in CONTENT_KEYS if k != "formed_on"}
            changes["formed_on"] = form.cleaned_data["formed_on"]
            changes["change_note"] = form.cleaned_data.get("change_note") or ""
            services.update_draft(revision, acting_user=request.user, category=category, office=office, **changes)
            messages.success(request, "已保存。")
            return _back(revision)
        except DomainError as error:
            status = report_error(request, error, form)
    elif request.method == "POST":
        status = 400
    return render(request, "backoffice/items/form.html", {"form": form, "agency": agency, "revision": revision},
                  status=status)


def _transition(request, action, revision_or_item, success: str, **form_overrides):
    """Run one workflow action. Success: message and redirect (POST/redirect/GET). A domain error: the item page
    again with the reason and the error's 4xx status, the person's input kept in the form they used."""
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
        item = revision_or_item.item if isinstance(revision_or_item, Revision) else revision_or_item
        item.refresh_from_db()
        return _detail_response(request, item, status=error.status, **form_overrides)
    messages.success(request, success)
    return _back(revision_or_item)


def _invalid(request, item: Item, message: str, **form_overrides):
    messages.error(request, message)
    return _detail_response(request, item, status=400, **form_overrides)


@login_required
@require_POST
def revision_submit(request, pk: int):
    revision = selectors.get_revision_for(request.user, pk)
    return _transition(request, lambda: services.submit_for_review(revision, acting_user=request.user), revision,
                       "已提交审核。")


@login_required
@require_POST
def revision_approve(request, pk: int):
    revision = selectors.get_revision_for(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _invalid(request, revision.item, "审核表单填写不完整。", review_form=form)
    data = form.cleaned_data

    def action():
        services.approve_step(
            revision, acting_user=request.user, expected_step=data["expected_step"], comment=data["comment"],
            secrecy_result=data["secrecy_result"], removed_content=data["removed_content"],
            legal_ground=data["legal_ground"], revised_body_html=data["revised_body_html"] or None)

    return _transition(request, action, revision, "审核意见已提交。", review_form=form)


@login_required
@require_POST
def revision_return(request, pk: int):
    revision = selectors.get_revision_for(request.user, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _invalid(request, revision.item, "退回时须填写退回意见。", return_form=form)
    return _transition(request, lambda: services.return_revision(
        revision, acting_user=request.user, comment=form.cleaned_data["comment"],
        expected_step=form.cleaned_data["expected_step"]), revision, "已退回起草人修改。", return_form=form)


@login_required
@require_POST
def revision_discard(request, pk: int):
    revision = selectors.get_revision_for(request.user, pk)
    return _transition(request, lambda: services.discard_revision(revision, acting_user=request.user), revision,
                       "草稿已作废。")


@login_required
@require_POST
def finding_acknowledge(request, pk: int):
    finding = selectors.get_finding_for(request.user, pk)
    return _transition(request, lambda: services.acknowledge_finding(
        finding, acting_user=request.user, note=request.POST.get("note", "")), finding.revision, "已确认。")


@login_required
@require_POST
def attachment_upload(request, pk: int):
    revision = selectors.get_revision_for(request.user, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, revision.item, "请选择要上传的文件。")
    upload = form.cleaned_data["file"]
    if request.POST.get("as_body") == "1":
        return _transition(request, lambda: services.import_docx(revision, upload.read(), acting_user=request.user,
                                                                 file_name=upload.name), revision, "已导入Word正文。")
    return _transition(request, lambda: services.add_attachment(revision, upload, acting_user=request.user),
                       revision, f"已添加附件“{upload.name}”。")


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = selectors.get_attachment_for(request.user, pk)
    revision = attachment.revision
    return _transition(request, lambda: services.remove_attachment(attachment, acting_user=request.user), revision,
                       "附件已删除。")


@login_required
def attachment_download(request, pk: int):
    attachment = selectors.get_attachment_for(request.user, pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)


@login_required
@require_POST
def item_new_version(request, pk: int):
    item = selectors.get_item_for(request.user, pk)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, "请说明变更内容。", version_form=form)
    return _transition(request, lambda: services.start_revision(
        item, acting_user=request.user, change_note=form.cleaned_data["change_note"],
        formed_on=form.cleaned_data.get("formed_on")), item, "已创建新版本草稿，修改后请提交审核。")


@login_required
@require_POST
def item_withdraw(request, pk: int):
    item = selectors.get_item_for(request.user, pk)
    return _transition(request, lambda: services.withdraw_item(item, acting_user=request.user,
                                                              reason=request.POST.get("reason", "")), item,
                       "信息已撤回，门户网站不再显示。")


@login_required
@require_POST
def item_validity(request, pk: int):
    item = selectors.get_item_for(request.user, pk)
    form = ValidityForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, "有效性或日期填写有误。", validity_form=form)
    return _transition(request, lambda: services.set_validity(
        item, form.cleaned_data["validity"], acting_user=request.user,
        abolished_on=form.cleaned_data.get("abolished_on"), reason=form.cleaned_data.get("reason") or ""), item,
        "有效性已更新。")


def preview_url(item: Item) -> str:
    return reverse("portal:item", args=[item.index_no]) if item.index_no and item.is_public else ""
