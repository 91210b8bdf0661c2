"""导入台账: the back-office page through which staff bring an agency's application register (XLSX) onto the platform:
upload → column mapping (guessed from the header names) → dry run, with a code to choose for each reply word that
maps to none → import → result. The logic is `applications.imports`; this view keeps the uploaded file (in the default
storage, under a random name known only to the uploader's session) between the steps.
"""

import secrets

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from agencies.access import Perm, require
from agencies.models import Agency
from agencies.selectors import get_agency
from applications import imports, rules
from gongkai.errors import DomainError, NotFound

from .common import agencies_for, current_agency

SESSION_KEY = "ledger_imports"
MAX_BYTES = 50 * 1024 * 1024
TEMPLATE = "backoffice/applications/import.html"
CODE_CHOICES = [(c.code, f"{c.code} {c.label}") for c in rules.REPLY_CODES]


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import(request):
    """Choose the agency and the file; the file is kept and checked at once with the guessed mapping."""
    agency = current_agency(request, Perm.APPLICATIONS_HANDLE)
    require(request.user, Perm.APPLICATIONS_HANDLE, agency)
    context = {"agency": agency, "agencies": agencies_for(request, Perm.APPLICATIONS_HANDLE), "step": "upload"}
    if request.method == "GET":
        return render(request, TEMPLATE, context)
    upload = request.FILES.get("file")
    error = None
    if upload is None:
        error = "请选择要导入的台账文件（.xlsx）。"
    elif not upload.name.lower().endswith(".xlsx"):
        error = "台账应为 Excel（.xlsx）文件；.xls 请先在 Excel 中另存为 .xlsx。"
    elif upload.size > MAX_BYTES:
        error = f"文件超过{MAX_BYTES // 1024 // 1024}MB，请分成几个文件导入。"
    if error:
        context["error"] = error
        return render(request, TEMPLATE, context, status=400)
    token = secrets.token_urlsafe(16)
    name = default_storage.save(f"imports/ledgers/{token}.xlsx", upload)
    file_name = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:200]
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {"name": name, "file_name": file_name, "agency": agency.pk, "mapping": None}
    request.session[SESSION_KEY] = uploads
    return redirect("backoffice:application_import_run", token=token)


def _upload(request, token: str) -> tuple[dict, Agency]:
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None or not default_storage.exists(entry["name"]):
        raise NotFound("该导入不存在或已经完成，请重新上传台账文件。")
    agency = get_agency(entry["agency"])
    require(request.user, Perm.APPLICATIONS_HANDLE, agency)
    return entry, agency


def _posted_words(post) -> dict[str, str]:
    words = {}
    for key, word in post.items():
        if key.startswith("word_"):
            code = post.get("code_" + key[len("word_"):], "")
            if code:
                words[word] = code
    return words


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import_run(request, token: str):
    entry, agency = _upload(request, token)
    mapping, words, status = entry["mapping"], {}, 200
    context = {"agency": agency, "token": token, "file_name": entry["file_name"], "fields": imports.FIELDS,
               "required": imports.REQUIRED_FIELDS, "codes": CODE_CHOICES, "step": "check"}
    if request.method == "POST":
        if any(key.startswith("col_") for key in request.POST):  # else the mapping shown last stays
            mapping = {name: request.POST.get(f"col_{name}", "") for name in imports.FIELDS}
            entry["mapping"] = mapping
            request.session.modified = True
        words = _posted_words(request.POST)
    if request.POST.get("action") == "import":
        try:
            with default_storage.open(entry["name"], "rb") as handle:
                result = imports.import_ledger(agency, handle, entry["file_name"], acting_user=request.user,
                                               mapping=mapping, words=words)
        except DomainError as error:
            context["error"], status = error.message, error.status
        else:
            default_storage.delete(entry["name"])
            uploads = request.session.get(SESSION_KEY, {})
            uploads.pop(token, None)
            request.session[SESSION_KEY] = uploads
            context.update(step="done", result=result)
            return render(request, TEMPLATE, context)
    result, columns = None, []
    try:
        with default_storage.open(entry["name"], "rb") as handle:
            result = imports.check_ledger(agency, handle, mapping=mapping, words=words)
        columns = result.columns
    except DomainError as error:
        context.setdefault("error", error.message)
        status = error.status if status == 200 else status
        try:
            with default_storage.open(entry["name"], "rb") as handle:
                columns = imports.sheet_columns(handle)
        except DomainError:
            pass
    unmapped = [(i, word, count, words.get(word, ""))
                for i, (word, count) in enumerate(result.unmapped.most_common() if result else [])]
    context.update(result=result, columns=columns, chosen=result.mapping if result else (mapping or {}),
                   unmapped=unmapped, back=reverse("backoffice:application_import"))
    return render(request, TEMPLATE, context, status=status)
