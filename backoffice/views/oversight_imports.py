"""导入台账 under 监督保障: an agency's 行政复议/行政诉讼 register or its 建议提案 register (XLSX) checked (dry run) or
imported in one step, through `oversight.imports`. Nothing needs mapping by hand here (the columns are guessed from
the header names, the values are fixed lists), so the file is simply uploaded again for the import after the check.
"""

import os
import tempfile

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from agencies.access import Perm, require
from gongkai.errors import DomainError
from oversight import imports

from .common import agencies_for, current_agency

MAX_BYTES = 50 * 1024 * 1024
TEMPLATE = "backoffice/oversight/import.html"


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request):
    agency = current_agency(request, Perm.OVERSIGHT_MANAGE)
    require(request.user, Perm.OVERSIGHT_MANAGE, agency)
    kind = request.POST.get("kind") or request.GET.get("kind") or "review"
    context = {"agency": agency, "agencies": agencies_for(request, Perm.OVERSIGHT_MANAGE), "kind": kind,
               "registers": [(r.kind, r.label) for r in imports.REGISTERS.values()], "crumb": "导入台账"}
    if request.method == "GET":
        return render(request, TEMPLATE, context)
    upload = request.FILES.get("file")
    dry_run = request.POST.get("action") != "import"
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
    file_name = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:200]
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="gongkai-register-")
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        result = imports.import_register(agency, kind, path, file_name, acting_user=request.user, dry_run=dry_run)
    except DomainError as exc:
        context["error"] = exc.message
        return render(request, TEMPLATE, context, status=exc.status)
    finally:
        os.unlink(path)
    context.update(result=result, dry_run=dry_run, file_name=file_name,
                   fields=imports.register_for(kind).fields)
    return render(request, TEMPLATE, context)
