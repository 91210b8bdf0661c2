"""The one workflow kernel: explicit state machines for every domain (Amsterdam Signals' `ALLOWED_STATUS_CHANGES`,
pretix's approve/deny, Saleor's `can_cancel()` beside `clean_order_cancel()`).

Each domain declares its workflow once: its states (with the tone templates colour them in), which of them are open
(still being handled) and timed (the clock runs and the case can be overdue), and the named transitions — the
states each may start from, the state it leads to, the permission it needs and the legal conditions beyond the state
(“视为放弃 only after the 补正 period”). Three readers ask the same declaration:

- the services guard the source state (`guard`), so the refusal names the state in the same words everywhere;
- the back office and the API offer what `available_actions(obj, user, today)` returns, in declaration order;
- templates show `state_label` and `state_tone` instead of comparing state strings.

The oversight registers change state only through `casework.services.transition`, which asks the workflow; other
domains keep their own service functions (with their own fields and letters) and ask it for the guard.

`lock_for_update` is the one row lock of every transition: services guard the state found in the database, not the
caller's copy, and `refresh_caller` lets the caller's object see the change.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import models

from agencies.access import Perm, has_perm
from gongkai import clock
from gongkai.errors import DomainError

from .errors import ConditionNotMet, WrongState

M = TypeVar("M", bound=models.Model)

TONES = ("ok", "warn", "danger", "muted")  # badge-ok, badge-warn, badge-danger, badge-muted in the stylesheets


@dataclass(frozen=True)
class Condition:
    """A legal condition of a transition beyond its source state. `check(obj, today)` returns the reason for refusing
    (a Chinese sentence ending with a full stop), or None when the condition holds; it is only asked when the object
    is in one of the transition's source states. A refusal is raised as `error(reason, code=code)`."""

    check: Callable[[Any, date], str | None]
    code: str = ConditionNotMet.default_code
    error: type[DomainError] = ConditionNotMet

    def refusal(self, obj, today: date) -> DomainError | None:
        reason = self.check(obj, today)
        return None if reason is None else self.error(reason, code=self.code)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # what the action is called on buttons and in messages: 答复, 办结, 重新办理
    sources: tuple[str, ...]
    target: str | None = None  # None: the state does not change (re-routing, corrections)
    perm: Perm = Perm.OVERSIGHT_MANAGE
    conditions: tuple[Condition, ...] = ()
    verb: str = ""  # the action in a refusal ("不能{verb}"), when it reads differently from the button; else label
    # Who may, when that is not one fixed permission in the object's agency (the current step of a review chain, the
    # 第一责任人): `allowed(user, obj)` is asked instead of `perm` by can() and available_actions().
    allowed: Callable[[Any, Any], bool] | None = None

    @property
    def refusal_verb(self) -> str:
        return self.verb or self.label

    def permits(self, user, obj) -> bool:
        return self.allowed(user, obj) if self.allowed is not None else has_perm(user, self.perm, obj.agency_id)


def _default_wrong_state(workflow: "Workflow", state: str, transition: Transition) -> str:
    return f"该{workflow.label}当前为“{workflow.state_label(state)}”，不能{transition.refusal_verb}。"


class Workflow:
    def __init__(self, *, key: str, label: str, states: type[models.TextChoices], initial: str,
                 open_states: Iterable[str], transitions: Iterable[Transition],
                 timed_states: Iterable[str] | None = None, tones: dict[str, str] | None = None,
                 wrong_state_message: Callable[["Workflow", str, Transition], str] | None = None,
                 wrong_state_error: type[DomainError] = WrongState,
                 milestones: Iterable[tuple[str, Iterable[str]]] = ()):
        self.key = key  # the audit action prefix, e.g. "oversight.complaint"
        self.label = label  # the register's name in messages, e.g. 投诉举报
        self.states = states
        self.initial = initial
        self.open_states = tuple(open_states)
        self.timed_states = tuple(timed_states if timed_states is not None else self.open_states)
        self.transitions = {t.name: t for t in transitions}
        self.tones = dict(tones or {})
        # the progress steps a page shows (编制 → 审定 → 发布): each a label and the states in which it is done
        self.milestones = tuple((label, frozenset(states_done)) for label, states_done in milestones)
        self._wrong_state_message = wrong_state_message or _default_wrong_state
        self._wrong_state_error = wrong_state_error
        known = set(states.values)
        for t in self.transitions.values():
            if not set(t.sources) <= known or (t.target is not None and t.target not in known):
                raise ValueError(f"{key}: transition {t.name} names an unknown state")
        for label, states_done in self.milestones:
            if not states_done <= known:
                raise ValueError(f"{key}: milestone {label} names an unknown state")
        for state, tone in self.tones.items():
            if state not in known or tone not in TONES:
                raise ValueError(f"{key}: tone {tone!r} of state {state!r}")

    # --- the declaration, for documentation, tests and templates -------------------------------------------------

    @property
    def allowed_status_changes(self) -> dict[str, set[str]]:
        """state → the states it may change to (for documentation, tests and the UI)."""
        table: dict[str, set[str]] = {s: set() for s in self.states.values}
        for t in self.transitions.values():
            for source in t.sources:
                table[source].add(t.target or source)
        return table

    def get(self, name: str) -> Transition:
        return self.transitions[name]

    def state_label(self, state: str) -> str:
        return self.states(state).label if state in self.states.values else state

    def state_tone(self, state: str) -> str:
        """ok / warn / danger / muted: the badge colour of the state (muted unless declared)."""
        return self.tones.get(state, "muted")

    def progress(self, state: str) -> list[tuple[str, bool]]:
        """The milestones in order, each with whether it is done in `state`."""
        return [(label, state in states_done) for label, states_done in self.milestones]

    # --- guarding and offering --------------------------------------------------------------------------------------

    def wrong_state(self, state: str, name: str) -> DomainError:
        """The refusal (HTTP 409) of transition `name` from `state`, naming the current state."""
        transition = self.get(name)
        return self._wrong_state_error(self._wrong_state_message(self, state, transition))

    def refusal(self, obj, name: str, today: date | None = None) -> DomainError | None:
        """Why `name` may not be performed on `obj` now (wrong state first, then the first legal condition that
        fails), or None. Permissions are not looked at: see `can`."""
        transition = self.get(name)
        if obj.status not in transition.sources:
            return self.wrong_state(obj.status, name)
        return self.condition_refusal(obj, name, today)

    def condition_refusal(self, obj, name: str, today: date | None = None) -> DomainError | None:
        """The first legal condition of `name` that `obj` does not meet on `today` (default: today), or None. Only
        meaningful for an object in one of the transition's source states."""
        day = today if today is not None else clock.today()
        for condition in self.get(name).conditions:
            if (error := condition.refusal(obj, day)) is not None:
                return error
        return None

    def guard(self, obj_or_state, name: str, today: date | None = None) -> Transition:
        """The transition, or its refusal raised. Given a state (a string), only the source state is checked (the
        oversight transition service, and services that check their conditions against the event's own date).
        Given an object, its legal conditions on `today` (default: today) too."""
        if isinstance(obj_or_state, str):
            transition = self.get(name)
            if obj_or_state not in transition.sources:
                raise self.wrong_state(obj_or_state, name)
            return transition
        if (error := self.refusal(obj_or_state, name, today)) is not None:
            raise error
        return self.get(name)

    def check_conditions(self, obj, name: str, today: date | None = None) -> None:
        """Raise the first legal condition of `name` that `obj` does not meet on `today` (a service checking them at
        its own point, e.g. after validating the event's date)."""
        if (error := self.condition_refusal(obj, name, today)) is not None:
            raise error

    def can(self, user, obj, name: str, today: date | None = None) -> bool:
        """For the UI: may `user` perform `name` on `obj` now (permission in the object's agency, source state,
        legal conditions)?"""
        transition = self.transitions.get(name)
        return bool(transition and obj.status in transition.sources
                    and transition.permits(user, obj)
                    and self.condition_refusal(obj, name, today) is None)

    def available_actions(self, obj, user, today: date | None = None) -> list[Transition]:
        """The transitions `user` may perform on `obj` now, in declaration order (the order buttons are shown in)."""
        day = today if today is not None else clock.today()
        allowed: dict[Perm, bool] = {}
        out = []
        for transition in self.transitions.values():
            if obj.status not in transition.sources:
                continue
            if transition.allowed is not None:
                permitted = transition.allowed(user, obj)
            else:
                if transition.perm not in allowed:
                    allowed[transition.perm] = has_perm(user, transition.perm, obj.agency_id)
                permitted = allowed[transition.perm]
            if permitted and self.condition_refusal(obj, transition.name, day) is None:
                out.append(transition)
        return out


# --- the row lock -----------------------------------------------------------------------------------------------

def lock_for_update(model_or_qs: type[M] | models.QuerySet, pk, *, of: tuple[str, ...] = ()) -> M:
    """The current row `pk` of a model (or of a queryset, with its select_related), locked until the transaction
    ends: transitions guard the state found in the database, not the caller's copy. `of=("self",)` locks only the
    model's own row when nullable relations are joined (PostgreSQL cannot lock the nullable side of an outer join)."""
    qs = model_or_qs if isinstance(model_or_qs, models.QuerySet) else model_or_qs._default_manager.all()
    return (qs.select_for_update(of=of) if of else qs.select_for_update()).get(pk=pk)


def refresh_caller(caller_copy: M, fresh: M) -> M:
    """Let the caller's object reflect the change too (views and tests keep using it); return the fresh one."""
    if caller_copy is not fresh:
        caller_copy.refresh_from_db()
    return fresh
