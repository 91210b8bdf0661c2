"""The complainant's and the 找错 reporter's contact details, shown unmasked to the people who answer them.

Names and contacts are encrypted at rest and masked on every page; the handler of the register (OVERSIGHT_MANAGE in
the record's agency) may see them to call back or reply, and each look is an audit event — as for applicants'
personal data (applications.services.reveal_personal_data)."""

from dataclasses import dataclass

from django.db import transaction

from agencies.access import Perm, require
from audit.services import record

from ..models import Complaint, SiteErrorReport


@dataclass(frozen=True)
class Contact:
    name: str
    contact: str


def reveal_contact(case: Complaint | SiteErrorReport, *, acting_user, purpose: str = "") -> Contact:
    """The unmasked name and contact of a complaint or a 找错 report (audited)."""
    require(acting_user, Perm.OVERSIGHT_MANAGE, case.agency)
    with transaction.atomic():
        record(case, f"{case.workflow.key}.contact_revealed", actor=acting_user, agency=case.agency,
               comment=(purpose or "").strip()[:200], data={"fields": ["name", "contact"]})
    return Contact(getattr(case, "name", ""), case.contact)
