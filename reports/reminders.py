"""The annual report's deadline as a source for the daily reminder sweep (casework.reminders): every agency whose
report for last year is not yet published gets reminders 5, 3 and 1 working days before its due date and once when
it has passed, sent to its 信息公开办; the day after the due date, the county 政务公开办 above it is told once
(escalation). Four queries whatever the number of agencies."""

from collections import defaultdict
from datetime import date, timedelta

from django.urls import NoReverseMatch, reverse

from agencies.models import Agency, Membership, Role
from casework.reminders import DueRecord

from .deadlines import due_date
from .models import AnnualReport


def due_reports(today: date):
    year = today.year - 1
    published = set(AnnualReport.objects.filter(year=year, published_on__isnull=False)
                    .values_list("agency_id", flat=True))
    emails: dict[int, list[str]] = defaultdict(list)
    for agency_id, email in (Membership.objects.filter(role=Role.OFFICE_ADMIN).exclude(user__email="")
                             .values_list("agency_id", "user__email")):
        emails[agency_id].append(email)
    supervisors = list(Membership.objects.filter(role=Role.COUNTY_SUPERVISOR).exclude(user__email="")
                       .values_list("agency__path", "user__email"))
    try:
        url = reverse("backoffice:reports")
    except NoReverseMatch:
        url = ""
    for agency in Agency.objects.filter(is_active=True).exclude(pk__in=published):
        if agency.established_on and agency.established_on.year > year:
            continue
        due = due_date(agency, year)
        county = tuple(sorted({email for path, email in supervisors if agency.path.startswith(path)}))
        yield DueRecord(key=f"reports.annual:{agency.pk}:{year}", agency_id=agency.pk,
                        label=f"{agency.name}{year}年政府信息公开工作年度报告发布期限", due_on=due,
                        recipient_emails=tuple(sorted(set(emails.get(agency.pk, [])))), url=url,
                        escalate_on=due + timedelta(days=1), escalation_emails=county)


