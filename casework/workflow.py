"""Explicit state machines for the registers (Amsterdam Signals' `ALLOWED_STATUS_CHANGES`, pretix's approve/deny).

Each register declares its workflow once: its states, which of them are open (still being handled) and timed (the
clock runs and the case can be overdue), and the named transitions with the states they may start from. The
transition service (`casework.services.transition`) is the only way a case changes state; it asks the workflow.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from agencies.access import Perm, has_perm

from .errors import WrongState


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # what the action is called on buttons and in messages: 答复, 办结, 重新办理
    sources: tuple[str, ...]
    target: str | None = None  # None: the state does not change (re-routing, corrections)
    perm: Perm = Perm.OVERSIGHT_MANAGE


class Workflow:
    def __init__(self, *, key: str, label: str, states: type[models.TextChoices], initial: str,
                 open_states: Iterable[str], transitions: Iterable[Transition],
                 timed_states: Iterable[str] | None = None):
        self.key = key  # the audit action prefix, e.g. "oversight.complaint"
        self.label = label  # the register's name in messages, e.g. 投诉举报
        self.states = states
        self.initial = initial
        self.open_states = tuple(open_states)
        self.timed_states = tuple(timed_states if timed_states is not None else self.open_states)
        self.transitions = {t.name: t for t in transitions}
        known = set(states.values)
        for t in self.transitions.values():
            if not set(t.sources) <= known or (t.target is not None and t.target not in known):
                raise ValueError(f"{key}: transition {t.name} names an unknown state")

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

    def guard(self, state: str, name: str) -> Transition:
        """The transition, or WrongState (HTTP 409) naming the current state."""
        transition = self.get(name)
        if state not in transition.sources:
            raise WrongState(f"该{self.label}当前为“{self.state_label(state)}”，不能{transition.label}。")
        return transition

    def can(self, user, case, name: str) -> bool:
        """For the UI: may `user` perform `name` on `case` now?"""
        transition = self.transitions.get(name)
        return bool(transition and case.status in transition.sources and has_perm(user, transition.perm,
                                                                                   case.agency_id))
