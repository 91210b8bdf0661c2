"""The annual work plan: tasks with owners, time limits and evidence; its completion rate for section 六."""

from datetime import date

import pytest
import time_machine

from gongkai.errors import PermissionDenied
from oversight import selectors
from oversight.errors import OversightError
from oversight.services import workplan as services

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-02-10 10:00 +0800", tick=False)
def test_a_plan_with_tasks_completed_cancelled_and_overdue(township, office_admin, other_township,
                                                           django_assert_num_queries):
    plan = services.create_work_plan(township, acting_user=office_admin, year=2026, title="东升乡2026年政务公开工作方案",
                                     basis="望奎县2026年政务公开工作要点")
    with pytest.raises(OversightError):
        services.create_work_plan(township, acting_user=office_admin, year=2026, title="重复")
    tasks = [services.add_task(plan, acting_user=office_admin, title=title, owner="党政办公室", due_on=due)
             for title, due in [("梳理完善政务公开事项标准目录", date(2026, 3, 31)),
                                ("更新政府信息公开指南", date(2026, 2, 27)),
                                ("开展政务公开培训", date(2026, 6, 30)),
                                ("建设政府信息公开查阅点", date(2026, 9, 30))]]
    assert [t.sequence for t in tasks] == [1, 2, 3, 4]
    with pytest.raises(OversightError):
        services.add_task(plan, acting_user=office_admin, title="太晚", owner="党政办", due_on=date(2027, 6, 1))
    services.complete_task(tasks[0], acting_user=office_admin, evidence="已印发东升乡政务公开事项标准目录。")
    services.cancel_task(tasks[2], acting_user=office_admin, reason="县里统一组织培训。")
    assert tasks[0].status == "done" and tasks[0].closed_on == date(2026, 2, 10)
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False), django_assert_num_queries(2):
        result = selectors.work_plan_completion(2026, [township.pk, other_township.pk])
    assert result[township.pk] == {"has_plan": True, "tasks": 3, "done": 1, "open": 2, "overdue": 1,
                                   "rate": 0.3333}
    assert result[other_township.pk] == {"has_plan": False, "tasks": 0, "done": 0, "open": 0, "overdue": 0,
                                         "rate": None}


@time_machine.travel("2026-02-10 10:00 +0800", tick=False)
def test_completion_needs_evidence_and_only_the_office_manages_the_plan(township, office_admin, outsider):
    plan = services.create_work_plan(township, acting_user=office_admin, year=2026, title="方案")
    task = services.add_task(plan, acting_user=office_admin, title="更新指南", owner="党政办公室",
                             due_on=date(2026, 3, 31))
    with pytest.raises(OversightError):
        services.complete_task(task, acting_user=office_admin, evidence="")
    with pytest.raises(PermissionDenied):
        services.complete_task(task, acting_user=outsider, evidence="完成")
    with pytest.raises(PermissionDenied):
        services.create_work_plan(township, acting_user=outsider, year=2025, title="方案")
    services.complete_task(task, acting_user=office_admin, evidence="已更新。")
    services.reopen_task(task, acting_user=office_admin, reason="指南缺少查阅点信息。")
    assert task.status == "open" and task.closed_on is None
