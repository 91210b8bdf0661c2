"""办理期限设置: the agencies' own service levels of the registers."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework.clocks import Unit
from casework.selectors import service_levels_for
from casework.services import set_service_level
from gongkai.errors import DomainError

from ..common import report_error
from .shared import _pick_or_agency

SERVICE_REGISTERS = [
    ("oversight.complaint", "投诉举报答复期限（工作日，默认15）"),
    ("oversight.suggestion", "建议提案办理期限（月，默认3）"),
]


class ServiceLevelForm(forms.Form):
    register = forms.ChoiceField(label="事项", choices=SERVICE_REGISTERS)
    length = forms.IntegerField(label="期限", min_value=1, max_value=365)


@login_required
@require_http_methods(["GET", "POST"])
def service_levels(request):
    agency, response = _pick_or_agency(request)
    if response:
        return response
    form = ServiceLevelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            register = form.cleaned_data["register"]
            unit = Unit.MONTHS if register == "oversight.suggestion" else Unit.WORKING_DAYS
            try:
                set_service_level(register, agency, acting_user=request.user, length=form.cleaned_data["length"],
                                  unit=unit)
            except DomainError as exc:
                status = report_error(request, exc, form)
            else:
                messages.success(request, "已保存，对此后登记的事项生效。")
                return redirect(f"{reverse('backoffice:service_levels')}?agency={agency.code}")
    levels = service_levels_for(agency)
    return render(request, "backoffice/oversight/service_levels.html", {
        "agency": agency, "form": form, "levels": levels, "labels": dict(SERVICE_REGISTERS)}, status=status)
