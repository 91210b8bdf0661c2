"""What each member of the public is told, built from the record as it stands after the change: who (the channels
they gave and did not opt out of) and the template context.

The context is a whitelist: the agency's name, the record's number and 查询码 (which the person holds already), dates,
the letter's title and a link. Never an ID number, an address, a phone number or another person's name.
"""

from django.urls import reverse

from workdays.explanations import cn_date

from .models import Audience
from .services import Notice, absolute, public_recipients


def _date(day) -> str:
    return cn_date(day, with_year=True) if day else ""


def application_notice(application, event_key: str) -> Notice | None:
    from applications.models import Letter, Status

    if not application.notices_wanted:  # the box on the form, for this application
        return None
    recipients = public_recipients(Audience.APPLICANT, email=application.email, phone=application.phone)
    if not recipients:
        return None
    agency = application.agency
    context = {
        "agency": agency.name, "number": application.number, "tracking_code": application.tracking_code,
        "reference": f"查询码 {application.tracking_code}", "link": absolute(reverse("portal:track")),
        "due_date": _date(application.due_date), "received_on": _date(application.received_on),
        "awaiting_confirmation": application.status == Status.AWAITING_CONFIRMATION,
    }
    if event_key == "application.correction_requested":
        correction = getattr(application, "correction", None)
        context.update(letter=Letter.Kind.CORRECTION.label,
                       correction_deadline=_date(correction.deadline) if correction else "")
    elif event_key == "application.consultation_started":
        context.update(letter="")
    elif event_key == "application.extended":
        context.update(letter=Letter.Kind.EXTENSION.label)
    elif event_key == "application.period_set":
        context.update(letter=Letter.Kind.REASONABLE_PERIOD.label)
    elif event_key == "application.fee_noticed":
        fee = getattr(application, "fee", None)
        context.update(letter=Letter.Kind.FEE.label, amount=f"{fee.amount:.2f}" if fee else "",
                       fee_name=fee.fee_name if fee else "",
                       payment_due=_date(fee.payment_due) if fee else "")
    elif event_key == "application.replied":
        context.update(letter=Letter.Kind.REPLY.label, abandoned=application.status == Status.ABANDONED,
                       replied_on=_date(application.replied_on))
    return Notice(event=event_key, key="", recipients=recipients, context=context, agency_id=agency.pk,
                  reference=f"依申请公开 {application.number}")


def complaint_notice(complaint, event_key: str) -> Notice | None:
    if complaint.is_anonymous:
        return None
    recipients = public_recipients(Audience.COMPLAINANT, contact=complaint.contact)
    if not recipients:
        return None
    context = {"agency": complaint.agency.name, "number": complaint.number, "reference": complaint.number,
               "link": absolute(reverse("portal:complaint_track")), "result": complaint.get_result_display()}
    return Notice(event=event_key, key="", recipients=recipients, context=context, agency_id=complaint.agency_id,
                  reference=f"投诉举报 {complaint.number}")


def site_error_notice(report, event_key: str) -> Notice | None:
    from oversight.models import CorrectionStatus

    recipients = public_recipients(Audience.REPORTER, contact=report.contact)
    if not recipients:
        return None
    # Only a page of this site is linked (a reported address elsewhere is not ours to send people to).
    base = absolute("/")
    page = report.page_url if report.page_url.startswith(base) else (
        absolute(report.page_url) if report.page_url.startswith("/") else base)
    context = {"agency": report.agency.name, "number": report.number, "reference": report.number, "link": page,
               "fixed": report.status == CorrectionStatus.FIXED}
    return Notice(event=event_key, key="", recipients=recipients, context=context, agency_id=report.agency_id,
                  reference=f"网站找错 {report.number}")


BUILDERS = {
    "applications.Application": application_notice,
    "oversight.Complaint": complaint_notice,
    "oversight.SiteErrorReport": site_error_notice,
}
