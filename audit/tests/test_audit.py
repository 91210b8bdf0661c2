"""The audit trail: append-only in the ORM and in the database, readable labels, the acting person's name kept."""

import pytest
from django.db import DatabaseError, transaction

from audit.labels import label_for, state_label
from audit.models import AppendOnlyError, AuditEvent
from audit.selectors import events_for
from audit.services import record

pytestmark = pytest.mark.django_db


def test_an_event_records_who_did_what_to_which_record(township, office_admin):
    event = record(township, "agencies.agency.updated", actor=office_admin, from_state="a", to_state="b",
                   comment="更正地址", data={"changed": {"office_address": ["旧", "新"]}})
    assert (event.actor, event.actor_name, event.agency, event.target) == (office_admin, "孙公开", township, township)
    assert list(events_for(township)) == [event]


def test_the_system_acts_under_its_own_name(township):
    assert record(township, "workdays.year.loaded", actor=None).actor_name == "系统"


def test_events_cannot_be_changed_or_deleted_through_the_orm(township, office_admin):
    event = record(township, "agencies.agency.updated", actor=office_admin)
    event.comment = "改写历史"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_the_database_refuses_an_update_that_bypasses_the_orm(township, office_admin):
    event = record(township, "agencies.agency.updated", actor=office_admin, comment="原文")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(comment="改写历史")
    assert AuditEvent.objects.get(pk=event.pk).comment == "原文"


def test_timelines_read_chinese_labels_for_actions_and_states():
    assert label_for("catalog.revision.returned") == "退回修改"
    assert label_for("catalog.category.changed") == "修改栏目"
    assert state_label("secrecy_review") == "保密审查" and state_label("withdrawn") == "已撤回"
    assert label_for("no.such.action") == "no.such.action"  # unknown codes stay visible rather than vanish
