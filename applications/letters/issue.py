"""Issuing a letter: pick the agency's template (or the default), fill it, give it the agency's next letter number,
store the text as issued, and render the DOCX and PDF files after the transaction commits."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db import transaction

from agencies.models import Agency
from agencies.sequences import next_number
from audit.services import record

from ..models import (
    Application,
    Consultation,
    CorrectionRequest,
    Extension,
    FeeNotice,
    Letter,
    LetterSettings,
    LetterTemplate,
    ReasonablePeriod,
)
from .context import PROVISIONAL_NOTE, fill, letter_values, remedies, uses_provisional
from .defaults import DEFAULTS

_deferred: ContextVar[bool] = ContextVar("applications_letters_deferred", default=False)


@contextmanager
def rendering_deferred() -> Iterator[None]:
    """Issue letters without rendering their files after commit (bulk imports, the demo): the download views render
    them on first use."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def template_for(agency: Agency, key: str) -> tuple[str, str]:
    """(title, body) of the agency's own template for `key`, else the default."""
    own = LetterTemplate.objects.filter(agency=agency, key=key).first()
    if own is not None:
        return own.title, own.body
    return DEFAULTS[key]


def letter_number(agency: Agency, year: int) -> str:
    """The agency's next letter number: 东升乡依申请公开〔2026〕7号 (gap-free per agency and year)."""
    settings = LetterSettings.objects.filter(agency=agency).first()
    prefix = (settings.number_prefix if settings and settings.number_prefix
              else f"{agency.short_name or agency.name}依申请公开")
    return f"{prefix}〔{year}〕{next_number(agency, 'applications.letter', year)}号"


def template_key(application: Application, kind: str, consultation: Consultation | None = None,
                 fee: FeeNotice | None = None) -> str:
    if kind == Letter.Kind.FEE and fee is not None and fee.is_cost_based:
        return "fee_cost"  # the 2007 rules' cost fees, itemised
    if kind == Letter.Kind.CONSULTATION:
        return "consultation_third_party" if consultation.party == Consultation.Party.THIRD_PARTY \
            else "consultation_agency"
    if kind == Letter.Kind.REPLY:
        return f"reply_{application.reply_code}"
    return str(kind)


def issue_letter(application: Application, kind: str, *, acting_user, issued_on: date,
                 consultation: Consultation | None = None) -> Letter:
    """Create the letter for an event on `application` (call inside the event's transaction)."""
    fee = FeeNotice.objects.filter(application=application).first()
    key = template_key(application, kind, consultation, fee)
    title, body = template_for(application.agency, key)
    values = letter_values(
        application,
        correction=CorrectionRequest.objects.filter(application=application).first(),
        consultation=consultation,
        extension=Extension.objects.filter(application=application).select_related("approved_by").first(),
        fee=fee,
        reasonable_period=ReasonablePeriod.objects.filter(application=application).first(),
    )
    text = fill(body, values).strip()
    if uses_provisional(body, values):
        # A date shown as 待定: say once, at the end, how it will be fixed (never a bracket inside a bracket).
        text += "\n\n" + PROVISIONAL_NOTE
    if kind == Letter.Kind.REPLY:
        # The remedies are part of every reply, whatever an agency's template says (行政复议法, 行政诉讼法).
        text += "\n\n" + remedies(application)
    text = "\n\n".join(p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip())
    to_applicant = kind != Letter.Kind.CONSULTATION
    letter = Letter.objects.create(
        application=application, kind=kind, template_key=key, number=letter_number(application.agency, issued_on.year),
        title=title, addressee=consultation.party_name if consultation else application.applicant_name, body=text,
        issued_on=issued_on, to_applicant=to_applicant,
        created_by=acting_user if acting_user is not None and acting_user.is_authenticated else None)
    record(application, "applications.letter.issued", actor=acting_user, agency=application.agency,
           data={"letter": letter.pk, "kind": kind, "number": letter.number, "title": title})
    if not _deferred.get():
        transaction.on_commit(lambda: _render_later(letter.pk))
    return letter


def _render_later(letter_id: int) -> None:
    from ..tasks import render_letter_files_task

    render_letter_files_task.delay(letter_id)
