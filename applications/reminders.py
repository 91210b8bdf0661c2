"""The applications' deadlines for the shared daily reminder sweep (casework.sweep): the reply due date, the
applicant's correction period, the fee payment period and each consultation's answer period, of every open application.
The handler is e-mailed 5, 3 and 1 working days before each and once when it has passed; without a handler, the
agency's 信息公开办 (holders of APPLICATIONS_HANDLE there). A reply still not given ESCALATE_AFTER working days after
its due date is reported once to the county 政务公开办 above the agency (督办)."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.urls import NoReverseMatch, reverse

from agencies.access import ROLE_PERMISSIONS, Perm
from agencies.models import Agency, Membership, Role
from casework.reminders import DueRecord
from workdays.errors import CalendarNotLoaded
from workdays.loading import get_calendar

from .models import CLOCK_STATUSES, Application, Consultation, CorrectionRequest, FeeNotice, Status

_HANDLING_ROLES = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.APPLICATIONS_HANDLE in perms]
ESCALATE_AFTER = 5  # working days overdue before the county 政务公开办 is told


def _supervisor_emails(agency_ids: set[int]) -> dict[int, tuple[str, ...]]:
    """The county 政务公开办's addresses for each agency (a supervisor covers its agency and every one below it)."""
    paths = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "path"))
    supervisors = list(Membership.objects.filter(role=Role.COUNTY_SUPERVISOR, user__is_active=True)
                       .exclude(user__email="").values_list("agency__path", "user__email"))
    return {pk: tuple(sorted({email for prefix, email in supervisors if path.startswith(prefix)}))
            for pk, path in paths.items()}


def _office_emails(agency_ids: set[int]) -> dict[int, tuple[str, ...]]:
    emails: dict[int, set[str]] = defaultdict(set)
    for agency_id, email in (Membership.objects.filter(agency_id__in=agency_ids, role__in=_HANDLING_ROLES,
                                                       user__is_active=True)
                             .exclude(user__email="").values_list("agency_id", "user__email")):
        emails[agency_id].add(email)
    return {k: tuple(sorted(v)) for k, v in emails.items()}


def _url(pk: int) -> str:
    try:
        return reverse("backoffice:application", args=[pk])
    except NoReverseMatch:
        return f"/manage/applications/{pk}/"


def due_records(today: date) -> Iterator[DueRecord]:
    """Every open clock of every open application (five queries, whatever the volume)."""
    applications = list(Application.objects.filter(status__in=(*CLOCK_STATUSES, Status.CORRECTION))
                        .select_related("handler").only("pk", "agency_id", "number", "status", "due_date",
                                                        "handler__email"))
    if not applications:
        return
    offices = _office_emails({a.agency_id for a in applications})
    supervisors = _supervisor_emails({a.agency_id for a in applications})
    by_id = {a.pk: a for a in applications}
    calendar = get_calendar()

    def recipients(application: Application) -> tuple[str, ...]:
        if application.handler is not None and application.handler.email:
            return (application.handler.email,)
        return offices.get(application.agency_id, ())

    def make(application: Application, clock: str, label: str, due_on: date) -> DueRecord:
        return DueRecord(key=f"applications.application:{application.pk}:{clock}", agency_id=application.agency_id,
                         label=f"依申请公开 {application.number} {label}", due_on=due_on,
                         recipient_emails=recipients(application),
                         url=_url(application.pk))

    for application in applications:
        if application.status in CLOCK_STATUSES and application.due_date is not None:
            record = make(application, "reply", "答复期限", application.due_date)
            try:
                escalate_on = calendar.nth_working_day_after(application.due_date, ESCALATE_AFTER)
            except CalendarNotLoaded:
                escalate_on = None
            yield DueRecord(**{**record.__dict__, "escalate_on": escalate_on,
                               "escalation_emails": supervisors.get(application.agency_id, ())})
    for c in CorrectionRequest.objects.filter(application_id__in=by_id, received_on__isnull=True,
                                              deadline__isnull=False):
        application = by_id[c.application_id]
        if application.status == Status.CORRECTION:
            yield make(application, "correction", "补正期限（逾期未补正视为放弃申请）", c.deadline)
    for fee in FeeNotice.objects.filter(application_id__in=by_id, outcome="", payment_due__isnull=False):
        yield make(by_id[fee.application_id], "fee", "缴费期限（逾期未缴费视为放弃申请）", fee.payment_due)
    for c in Consultation.objects.filter(application_id__in=by_id, outcome="", answer_due__isnull=False):
        yield make(by_id[c.application_id], f"consultation:{c.pk}", f"征求{c.party_name}意见的答复期限", c.answer_due)
