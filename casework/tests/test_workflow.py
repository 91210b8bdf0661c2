"""The workflow kernel on a small declared workflow: state labels and tones, the guard (wrong state, then the legal
conditions on a given day), `can` and `available_actions` (permission, state, conditions, declaration order), and the
row lock."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.db import models, transaction

from agencies.access import Perm
from casework.errors import ConditionNotMet, WrongState
from casework.workflow import Condition, Transition, Workflow, lock_for_update, refresh_caller
from gongkai.errors import DomainError

pytestmark = pytest.mark.django_db


class Light(models.TextChoices):
    RED = "red", "红灯"
    GREEN = "green", "绿灯"
    OFF = "off", "停用"


class Refused(DomainError):
    status = 422


def _after_noon_day(obj, today):
    return None if today >= obj.opens_on else f"{obj.opens_on.isoformat()}以后才能通行。"


LIGHTS = Workflow(
    key="test.light", label="信号灯", states=Light, initial=Light.RED, open_states=[Light.RED, Light.GREEN],
    tones={Light.RED: "danger", Light.GREEN: "ok"},
    milestones=[("启用", (Light.GREEN, Light.OFF)), ("停用", (Light.OFF,))],
    transitions=[
        Transition("go", "通行", (Light.RED,), Light.GREEN, perm=Perm.APPLICATIONS_HANDLE,
                   conditions=(Condition(_after_noon_day, code="too_early"),)),
        Transition("stop", "停车", (Light.GREEN,), Light.RED, perm=Perm.APPLICATIONS_HANDLE, verb="让车辆停下"),
        Transition("look", "查看", (Light.RED, Light.GREEN), perm=Perm.APPLICATIONS_VIEW),
        Transition("switch-off", "停用", (Light.RED, Light.GREEN), Light.OFF, perm=Perm.APPLICATIONS_HANDLE,
                   conditions=(Condition(lambda o, d: None),
                               Condition(lambda o, d: "夜间不能停用。" if o.night else None, code="night",
                                         error=Refused))),
    ],
)


@dataclass
class Signal:
    status: str
    agency_id: int
    opens_on: date = date(2026, 3, 1)
    night: bool = False


def test_labels_tones_and_the_allowed_changes():
    assert [LIGHTS.state_label(s) for s in Light.values] == ["红灯", "绿灯", "停用"]
    assert LIGHTS.state_label("unknown") == "unknown"
    assert [LIGHTS.state_tone(s) for s in Light.values] == ["danger", "ok", "muted"]
    assert LIGHTS.allowed_status_changes == {"red": {"green", "red", "off"}, "green": {"red", "green", "off"},
                                             "off": set()}


def test_a_declaration_naming_an_unknown_state_or_tone_is_refused():
    with pytest.raises(ValueError):
        Workflow(key="x", label="x", states=Light, initial=Light.RED, open_states=[],
                 transitions=[Transition("t", "t", ("blue",))])
    with pytest.raises(ValueError):
        Workflow(key="x", label="x", states=Light, initial=Light.RED, open_states=[], transitions=[],
                 tones={Light.RED: "red"})
    with pytest.raises(ValueError):
        Workflow(key="x", label="x", states=Light, initial=Light.RED, open_states=[], transitions=[],
                 milestones=[("启用", ("blue",))])


def test_the_guard_names_the_current_state_and_then_the_legal_condition(township):
    signal = Signal(Light.GREEN, township.pk, opens_on=date(2026, 3, 10))
    with pytest.raises(WrongState) as wrong:
        LIGHTS.guard(signal, "go", today=date(2026, 3, 20))
    assert (wrong.value.status, wrong.value.message) == (409, "该信号灯当前为“绿灯”，不能通行。")
    with pytest.raises(WrongState) as verb:
        LIGHTS.guard(Light.RED, "stop")  # a state string: the source state only
    assert verb.value.message == "该信号灯当前为“红灯”，不能让车辆停下。"
    signal.status = Light.RED
    with pytest.raises(ConditionNotMet) as early:
        LIGHTS.guard(signal, "go", today=date(2026, 3, 9))
    assert (early.value.status, early.value.code, early.value.message) == (409, "too_early", "2026-03-10以后才能通行。")
    assert LIGHTS.guard(signal, "go", today=date(2026, 3, 10)).target == Light.GREEN
    assert LIGHTS.guard(Light.RED, "go").name == "go"  # a state string never asks the conditions
    signal.night = True
    with pytest.raises(Refused) as night:
        LIGHTS.check_conditions(signal, "switch-off", date(2026, 3, 10))
    assert (night.value.status, night.value.code) == (422, "night")


def test_available_actions_follow_permission_state_conditions_and_declaration_order(township, office_admin, deputy,
                                                                                    outsider):
    signal = Signal(Light.RED, township.pk, opens_on=date(2026, 3, 10))
    names = lambda user, day: [t.name for t in LIGHTS.available_actions(signal, user, day)]  # noqa: E731
    assert names(office_admin, date(2026, 3, 10)) == ["go", "look", "switch-off"]
    assert names(office_admin, date(2026, 3, 9)) == ["look", "switch-off"]
    assert names(deputy, date(2026, 3, 10)) == ["look"]  # may view, not handle
    assert names(outsider, date(2026, 3, 10)) == []  # another agency
    assert names(None, date(2026, 3, 10)) == []
    signal.night = True
    assert names(office_admin, date(2026, 3, 10)) == ["go", "look"]
    assert LIGHTS.can(office_admin, signal, "go", date(2026, 3, 10))
    assert not LIGHTS.can(office_admin, signal, "go", date(2026, 3, 9))
    assert not LIGHTS.can(office_admin, signal, "stop", date(2026, 3, 10))
    assert not LIGHTS.can(deputy, signal, "go", date(2026, 3, 10))
    assert not LIGHTS.can(office_admin, signal, "no-such-action", date(2026, 3, 10))


def test_the_row_lock_reads_the_database_not_the_callers_copy(township):
    from agencies.models import Agency

    stale = Agency.objects.get(pk=township.pk)
    Agency.objects.filter(pk=township.pk).update(name="改名后的乡")
    with transaction.atomic():
        fresh = lock_for_update(Agency, township.pk)
        by_queryset = lock_for_update(Agency.objects.select_related("parent"), township.pk, of=("self",))
    assert fresh.name == by_queryset.name == "改名后的乡" and stale.name != fresh.name
    assert refresh_caller(stale, fresh) is fresh and stale.name == "改名后的乡"
    with pytest.raises(Agency.DoesNotExist):
        lock_for_update(Agency, -1)


def test_templates_take_the_label_and_tone_from_the_workflow():
    from django.template import Context, Template

    @dataclass
    class Shown:
        status: str
        workflow = LIGHTS

    page = Template('{% load workflow_tags %}<span class="badge badge-{{ o|state_tone }}">{{ o|state_label }}</span>')
    assert page.render(Context({"o": Shown(Light.RED)})) == '<span class="badge badge-danger">红灯</span>'
    assert page.render(Context({"o": Shown(Light.OFF)})) == '<span class="badge badge-muted">停用</span>'


def test_progress_steps_come_from_the_milestones():
    from django.template import Context, Template

    @dataclass
    class Shown:
        status: str
        workflow = LIGHTS

    assert LIGHTS.progress(Light.RED) == [("启用", False), ("停用", False)]
    assert LIGHTS.progress(Light.GREEN) == [("启用", True), ("停用", False)]
    page = Template("{% load workflow_tags %}{% for label, done in o|state_progress %}"
                    "<li{% if done %} class=\"done\"{% endif %}>{{ label }}</li>{% endfor %}")
    assert page.render(Context({"o": Shown(Light.OFF)})) == '<li class="done">启用</li><li class="done">停用</li>'
