"""Back-office pages of imports: upload a catalogue export, map its columns, see the dry run, import, follow the
progress (polled with htmx), read the result. Only the 信息公开办 of the agency (Perm.CATALOG_MANAGE)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from agencies.access import Perm
from backoffice.forms.imports import MappingForm, UploadForm
from gongkai.errors import DomainError
from imports import selectors, services
from imports.catalogue import FIELDS

from .common import agencies_for, current_agency, report_error


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request):
    agency = current_agency(request, Perm.CATALOG_MANAGE)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            run = services.upload_file(agency, form.cleaned_data["file"], acting_user=request.user,
                                       source_name=form.cleaned_data["source_name"])
            messages.success(request, "文件已上传，请核对字段对应。")
            return redirect("backoffice:import", pk=run.pk)
        except DomainError as error:
            status = report_error(request, error, form)
    elif request.method == "POST":
        status = 400
    return render(request, "backoffice/imports/list.html", {
        "agency": agency, "agencies": agencies_for(request, Perm.CATALOG_MANAGE), "form": form,
        "runs": selectors.runs_for(request.user, agency), "sources": selectors.saved_sources(agency),
    }, status=status)


def _detail(request, run, form=None, status=200):
    form = form or MappingForm(initial={"source_name": run.source_name,
                                        **{f"col_{k}": v for k, v in run.columns.items()}},
                               columns=run.columns_found)
    return render(request, "backoffice/imports/detail.html", {
        "run": run, "agency": run.agency, "form": form, "problems": selectors.problems_of(run),
        "categories": sorted(run.per_category.items(), key=lambda kv: -kv[1]),
        "mapped": [(f.label, run.columns.get(f.name, "")) for f in FIELDS],
    }, status=status)


@login_required
def import_detail(request, pk: int):
    return _detail(request, selectors.get_run_for(request.user, pk))


@login_required
def import_progress(request, pk: int):
    """The progress fragment the detail page polls; when the phase ends it asks htmx to reload the whole page."""
    run = selectors.get_run_for(request.user, pk)
    response = render(request, "backoffice/imports/_progress.html", {"run": run})
    if not run.is_busy and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_check(request, pk: int):
    """Save the mapping (and the source's saved mapping), then start the dry run."""
    run = selectors.get_run_for(request.user, pk)
    form = MappingForm(request.POST, columns=run.columns_found)
    if not form.is_valid():
        return _detail(request, run, form, 400)
    try:
        run = services.save_mapping(run, form.mapping(), acting_user=request.user,
                                    source_name=form.cleaned_data["source_name"])
        services.start_check(run, acting_user=request.user)
    except DomainError as error:
        return _detail(request, run, form, report_error(request, error))
    return redirect("backoffice:import", pk=run.pk)


@login_required
@require_POST
def import_start(request, pk: int):
    run = selectors.get_run_for(request.user, pk)
    try:
        services.start_import(run, acting_user=request.user)
    except DomainError as error:
        return _detail(request, run, status=report_error(request, error))
    return redirect("backoffice:import", pk=run.pk)
