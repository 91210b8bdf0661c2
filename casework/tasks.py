from celery import shared_task

from .sweep import sweep_deadlines


@shared_task(name="casework.tasks.sweep_deadlines_task")
def sweep_deadlines_task() -> dict:
    result = sweep_deadlines()
    return {"checked": result.checked, "sent": result.sent, "overdue": result.overdue,
            "escalated": result.escalated}
