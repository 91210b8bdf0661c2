"""The events people are told about, and which audit actions raise them.

Applicants, complainants and 找错 reporters are told through the audit trail's hook (`audit.hooks`): when a service
records one of the actions in AUDIT_ACTIONS, a notice is dispatched after the transaction commits, built by the
builder registered for the target's model (`notifications.audiences`). The services themselves are not touched:
the mapping here is the whole wiring. Staff reminders and subscriptions call `services.notify` directly.

Each event has templates per channel: `notifications/<channel>/<event>.txt` (e-mail also `<event>.subject.txt`).
"""

import logging
from dataclasses import dataclass
from functools import partial

from django.apps import apps
from django.db import transaction

from .models import Audience

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    key: str
    label: str
    audience: str


EVENTS: dict[str, Event] = {e.key: e for e in [
    Event("application.received", "收到申请", Audience.APPLICANT),
    Event("application.confirmed", "确认收到申请", Audience.APPLICANT),
    Event("application.correction_requested", "告知补正", Audience.APPLICANT),
    Event("application.consultation_started", "征求意见，答复期限中止", Audience.APPLICANT),
    Event("application.extended", "延期答复", Audience.APPLICANT),
    Event("application.period_set", "延迟答复", Audience.APPLICANT),
    Event("application.fee_noticed", "收费通知", Audience.APPLICANT),
    Event("application.replied", "作出答复", Audience.APPLICANT),
    Event("complaint.answered", "投诉举报已办结", Audience.COMPLAINANT),
    Event("site_error.answered", "网站找错已处理", Audience.REPORTER),
    Event("casework.reminder", "期限提醒", Audience.STAFF),
    Event("subscription.confirm", "确认订阅", Audience.SUBSCRIBER),
    Event("subscription.publication", "新发布信息", Audience.SUBSCRIBER),
]}

# audit action → event. One line per notice the public gets.
AUDIT_ACTIONS: dict[str, str] = {
    "applications.application.registered": "application.received",
    "applications.application.receipt_confirmed": "application.confirmed",
    "applications.correction.requested": "application.correction_requested",
    "applications.consultation.started": "application.consultation_started",
    "applications.application.extended": "application.extended",
    "applications.application.reasonable_period_set": "application.period_set",
    "applications.fee.noticed": "application.fee_noticed",
    "applications.application.replied": "application.replied",
    "applications.application.abandoned": "application.replied",
    "oversight.complaint.close": "complaint.answered",
    "oversight.site_error.fix": "site_error.answered",
    "oversight.site_error.reject": "site_error.answered",
}


def connect() -> None:
    from audit import hooks

    for action in AUDIT_ACTIONS:
        hooks.register(action, on_audit_event)


def on_audit_event(audit_event, target) -> None:
    """Inside the service's transaction: dispatch the notice once it commits (never if it rolls back). `robust`: a
    failure to build the notice is logged and never reaches the person whose action has already been saved."""
    transaction.on_commit(partial(dispatch, AUDIT_ACTIONS[audit_event.action], target._meta.label, target.pk,
                                  audit_event.pk), robust=True)


def dispatch(event_key: str, model_label: str, pk, occurrence: int) -> int:
    """Build the notice for the target as it is now and queue it. Returns the number of deliveries written."""
    from .audiences import BUILDERS
    from .services import notify

    builder = BUILDERS.get(model_label)
    target = apps.get_model(model_label)._default_manager.filter(pk=pk).first() if builder else None
    if target is None:
        return 0
    notice = builder(target, event_key)
    if notice is None or not notice.recipients:
        return 0
    notice.key = f"{event_key}:{model_label}:{pk}:{occurrence}"
    return len(notify(notice))
