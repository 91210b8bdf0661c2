"""Helpers every page of the supervision registers shares: agency and people choices, paging, the action forms."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from agencies.access import ROLE_PERMISSIONS, Perm, get_agency_for, has_perm_anywhere, visible_agencies
from agencies.models import Agency
from agencies.selectors import member_of, members_holding, office_of, offices_of
from audit.selectors import events_for
from gongkai.errors import DomainError
from oversight import selectors

from ..common import report_error

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 4})
PAGE_SIZE = 50


def _agencies(request, perm: Perm = Perm.OVERSIGHT_MANAGE):
    return visible_agencies(request.user, perm)


def _agency_choices(request, perm: Perm = Perm.OVERSIGHT_MANAGE):
    return [(a.code, a.name) for a in _agencies(request, perm)]


def _chosen_agency(request, code: str, perm: Perm = Perm.OVERSIGHT_MANAGE) -> Agency:
    """The agency named in a form or a link: 404 if unknown, 403 if the person lacks `perm` there."""
    return get_agency_for(request.user, perm, code)


def _office_choices(agency):
    return [("", "（不指定）")] + [(str(o.pk), o.name) for o in offices_of(agency)]


_HANDLER_ROLES = [r for r, perms in ROLE_PERMISSIONS.items() if Perm.OVERSIGHT_VIEW in perms]


def _assignee_choices(agency):
    people = members_holding(agency, _HANDLER_ROLES)
    seen, choices = set(), [("", "（不指定）")]
    for m in people:
        if m.user_id not in seen:
            seen.add(m.user_id)
            choices.append((str(m.user_id), m.user.display_name))
    return choices


def _office(agency, value):
    return office_of(agency, value)


def _assignee(agency, value):
    return member_of(agency, value)


def _page(request, qs):
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() and int(number) > 0 else 1
    rows = list(qs[(number - 1) * PAGE_SIZE: number * PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], number, len(rows) > PAGE_SIZE


def _list_context(request, model, **extra):
    agency_id = None
    code = request.GET.get("agency", "")
    if code:
        agency_id = _chosen_agency(request, code, Perm.OVERSIGHT_VIEW).pk
    qs = selectors.staff_register_list(request.user, model, agency_id=agency_id,
                                       status=request.GET.get("status", ""), query=request.GET.get("q", ""))
    rows, number, has_next = _page(request, qs)
    return {"rows": rows, "page_number": number, "has_next": has_next, "params": request.GET,
            "agencies": _agencies(request, Perm.OVERSIGHT_VIEW), "workflow": model.workflow,
            "states": model.workflow.states.choices,
            "may_manage": has_perm_anywhere(request.user, Perm.OVERSIGHT_MANAGE), **extra}


def _private(response):
    """Pages that may show unmasked contact details are never stored by browsers or proxies."""
    add_never_cache_headers(response)
    return response


def _timeline(case):
    return [{"at": e.created_at, "who": e.actor_name, "label": e.label, "comment": e.comment,
             "from": case.workflow.state_label(e.from_state) if e.from_state else "",
             "to": case.workflow.state_label(e.to_state) if e.to_state else ""} for e in events_for(case)]


class _ActionForms:
    """The forms of a detail page: unbound, except the one just posted (kept with what was typed)."""

    def __init__(self, factories: dict[str, Callable[..., forms.Form]]):
        self.factories = factories
        self.forms = {name: factory() for name, factory in factories.items()}

    def bind(self, name, request):
        form = self.factories[name](request.POST, request.FILES)
        self.forms[name] = form
        return form


def _handle(request, case, actions: dict, handlers: dict, success: str):
    """Run the posted action: (response, status). On success redirect back to the page."""
    name = request.POST.get("action", "")
    if name not in handlers:
        return None, 400
    form = actions.bind(name, request)
    if not form.is_valid():
        return None, 400
    try:
        handlers[name](form.cleaned_data)
    except DomainError as exc:
        return None, report_error(request, exc, form)
    messages.success(request, success.get(name, "已保存。") if isinstance(success, dict) else success)
    return redirect(request.path), 200


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=TEXTAREA)


class RouteForm(forms.Form):
    office = forms.ChoiceField(label="承办办所", required=False)
    assignee = forms.ChoiceField(label="承办人", required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = _office_choices(agency)
        self.fields["assignee"].choices = _assignee_choices(agency)


def _route(case, fn, request):
    return lambda d: fn(case, acting_user=request.user, office=_office(case.agency, d["office"]),
                        assignee=_assignee(case.agency, d["assignee"]))


def _pick_or_agency(request, perm=Perm.OVERSIGHT_MANAGE):
    """(agency, None) when chosen or only one; (None, response) to ask which agency first."""
    agencies = list(_agencies(request, perm))
    if not agencies:
        from gongkai.errors import PermissionDenied

        raise PermissionDenied("您没有办理监督保障登记的权限。")
    code = request.GET.get("agency") or request.POST.get("agency")
    if code:
        return _chosen_agency(request, code, perm), None
    if len(agencies) == 1:
        return agencies[0], None
    return None, render(request, "backoffice/oversight/pick_agency.html", {"agencies": agencies})


class EmptyForm(forms.Form):
    pass
