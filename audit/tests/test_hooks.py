"""The audit trail's listeners are told of events; a broken one never fails the write being recorded."""

import pytest

from audit import hooks
from audit.models import AuditEvent
from audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener_for():
    added = []

    def add(action, listener):
        hooks.register(action, listener)
        added.append((action, listener))

    yield add
    for action, listener in added:
        hooks._listeners[action].remove(listener)


def test_a_listener_is_told_of_its_action_only(township, office_admin, listener_for):
    told = []
    listener_for("agencies.agency.updated", lambda event, target: told.append((event.action, target.pk)))
    record(township, "agencies.agency.updated", actor=office_admin)
    record(township, "agencies.agency.created", actor=office_admin)
    assert told == [("agencies.agency.updated", township.pk)]


def test_a_listener_that_raises_never_fails_the_recorded_action(township, office_admin, listener_for, caplog):
    def broken(event, target):
        raise KeyError("a bug in a listener")

    told = []
    listener_for("agencies.agency.updated", broken)
    listener_for("agencies.agency.updated", lambda event, target: told.append(event.pk))
    event = record(township, "agencies.agency.updated", actor=office_admin)
    assert AuditEvent.objects.filter(pk=event.pk).exists() and told == [event.pk]  # the next listener still runs
    assert "audit hook" in caplog.text
