"""The calendar changed: recompute open applications' periods."""


from django.db.models import Q

from audit.services import record

from .. import clock, rules
from ..models import (
    Application,
    Consultation,
    Status,
)
from .helpers import _iso


def recompute_open_due_dates(*, acting_user, reason: str) -> int:
    """Registered with workdays.hooks: after a calendar change, recompute every open application's periods (the
    consultations' answer periods, a default correction period still 待定, the payment period and the reply due
    date) and record each change; and fill in the periods left 待定 on concluded applications (a reply or an answer
    given while they were provisional), so that nothing stays 期限待定 once its year is loaded."""
    changed = 0
    # Concluded while the due date was pending; not an abandonment during 补正 (A21), which had no running period.
    answered_while_provisional = (Q(due_date__isnull=True) & ~Q(reply_code="")
                                  & ~Q(reply_code__in=rules.ABANDONMENT_CODES))
    # Concluded with a consultation whose answer period was still 待定: fill it in too.
    consulted_while_provisional = Q(pk__in=Consultation.objects.filter(answer_due__isnull=True)
                                    .values("application_id"))
    applications = (Application.objects.filter(Q(status__in=clock.OPEN_STATUSES) | answered_while_provisional
                                               | consulted_while_provisional, received_on__isnull=False)
                    .select_related("agency", "correction", "extension__approved_by", "fee", "reasonable_period")
                    .prefetch_related("consultations"))
    for application in applications:
        changes = {}
        still_open = application.status in clock.OPEN_STATUSES
        for c in application.consultations.all():
            # Open applications: every answer period again. Concluded ones: only the periods still 待定 (a
            # consultation answered, or an application replied, while its answer period was provisional).
            if not still_open and c.answer_due is not None:
                continue
            due = clock.consultation_answer_due(application, c.party_received_on)
            if due != c.answer_due:
                changes[f"consultation_{c.pk}"] = [_iso(c.answer_due), _iso(due)]
                c.answer_due = due
                c.save(update_fields=["answer_due"])
        inputs = clock.inputs_from_prefetched(application)
        correction = inputs.correction
        if correction is not None and correction.deadline is None and correction.received_on is None \
                and application.status == Status.CORRECTION:
            # the default period (15 working days) that was 期限待定; a period staff set is never touched
            deadline = clock.correction_deadline(correction.notified_on)
            if deadline is not None:
                changes["correction_deadline"] = [None, deadline.isoformat()]
                correction.deadline = deadline
                correction.save(update_fields=["deadline"])
        if still_open and inputs.fee is not None and inputs.fee.is_open:
            due = clock.fee_payment_due(inputs.fee.applicant_received_on)
            if due != inputs.fee.payment_due:
                changes["payment_due"] = [_iso(inputs.fee.payment_due), _iso(due)]
                inputs.fee.payment_due = due
                inputs.fee.save(update_fields=["payment_due"])
        before_text = application.due_date_explanation
        before, after = clock.refresh(application, inputs)
        if before != after:
            changes["due_date"] = [before.isoformat() if before else None, after.isoformat() if after else None]
        if changes or before_text != application.due_date_explanation:
            application.save(update_fields=["due_date", "due_date_explanation", "updated_at"])
        if changes:
            record(application, "applications.application.due_recomputed", actor=acting_user, comment=reason,
                   from_state=application.status, to_state=application.status, data=changes)
            changed += 1
    return changed
