"""网站纠错: error reports about the site."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from agencies.access import Perm, has_perm
from oversight import selectors
from oversight.models import (
    SiteErrorReport,
)
from oversight.services import corrections, personal

from .shared import (
    TEXTAREA,
    ReasonForm,
    RouteForm,
    _ActionForms,
    _agency_choices,
    _chosen_agency,
    _handle,
    _list_context,
    _private,
    _route,
    _timeline,
)


class FixForm(forms.Form):
    fix_note = forms.CharField(label="处理情况", widget=TEXTAREA)


class TransferForm(forms.Form):
    agency = forms.ChoiceField(label="转交机关")

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies


@login_required
def site_error_list(request):
    return render(request, "backoffice/oversight/site_error_list.html", _list_context(request, SiteErrorReport))


@login_required
@require_http_methods(["GET", "POST"])
def site_error(request, pk: int):
    r = selectors.get_for(request.user, SiteErrorReport, pk, related=("office", "assignee"))
    agencies = [(code, name) for code, name in _agency_choices(request) if code != r.agency.code]
    actions = _ActionForms({
        "fix": lambda *a: FixForm(*a), "reject": lambda *a: FixForm(*a), "reopen": lambda *a: ReasonForm(*a),
        "transfer": lambda *a: TransferForm(*a, agencies=agencies),
        "route": lambda *a: RouteForm(*a, agency=r.agency, initial={"office": r.office_id or "",
                                                                     "assignee": r.assignee_id or ""})})
    handlers = {
        "fix": lambda d: corrections.fix_site_error(r, acting_user=request.user, **d),
        "reject": lambda d: corrections.reject_site_error(r, acting_user=request.user, **d),
        "reopen": lambda d: corrections.reopen_site_error(r, acting_user=request.user, **d),
        "transfer": lambda d: corrections.transfer_site_error(
            r, acting_user=request.user, agency=_chosen_agency(request, d["agency"])),
        "route": _route(r, corrections.route_site_error, request),
    }
    status, revealed = 200, None
    if request.method == "POST" and request.POST.get("action") == "reveal":
        revealed = personal.reveal_contact(r, acting_user=request.user, purpose=request.POST.get("purpose", ""))
    elif request.method == "POST":
        response, status = _handle(request, r, actions, handlers, "已保存。")
        if response:
            if request.POST.get("action") == "transfer" and not has_perm(request.user, Perm.OVERSIGHT_VIEW,
                                                                         r.agency_id):
                return redirect("backoffice:site_errors")
            return response
    return _private(render(request, "backoffice/oversight/site_error_detail.html", {
        "r": r, "case": r, "forms": actions.forms, "timeline": _timeline(r), "transfer_choices": agencies,
        "can_reveal": bool(r.contact) and has_perm(request.user, Perm.OVERSIGHT_MANAGE, r.agency_id),
        "revealed": revealed,
        "can": {name: r.workflow.can(request.user, r, name) for name in r.workflow.transitions}}, status=status))
