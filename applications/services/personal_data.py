"""Personal data and letter downloads: each reveal is an audit event."""

from dataclasses import dataclass

from django.db import transaction

from agencies.access import Perm, require
from audit.services import record

from ..errors import ApplicationError
from ..letters.render import ensure_files
from ..models import (
    Application,
    IdType,
    Letter,
)


@dataclass(frozen=True)
class PersonalData:
    id_type: str
    id_number: str
    phone: str
    address: str
    postcode: str
    email: str


def reveal_personal_data(application: Application, *, acting_user, purpose: str = "") -> PersonalData:
    """The applicant's unmasked personal data, for staff holding APPLICATIONS_VIEW_PERSONAL in the agency. Each
    reveal is an audit event (who, when, which application)."""
    require(acting_user, Perm.APPLICATIONS_VIEW_PERSONAL, application.agency)
    with transaction.atomic():
        record(application, "applications.personal_data.viewed", actor=acting_user, comment=(purpose or "")[:200],
               data={"fields": ["id_number", "phone", "address", "email"]})
    return PersonalData(IdType(application.id_type).label, application.id_number, application.phone,
                        application.address, application.postcode, application.email)


LETTER_FORMATS = ("pdf", "docx")


def download_letter(letter: Letter, fmt: str, *, acting_user):
    """The letter's PDF or DOCX for a member of staff who may see the application. A letter carries the applicant's
    name and address, so each download is an audit event on the application (who, which letter, which format)."""
    require(acting_user, Perm.APPLICATIONS_VIEW, letter.application.agency)
    if fmt not in LETTER_FORMATS:
        raise ApplicationError("文件格式应为 pdf 或 docx。", code="letter_format", status=404)
    ensure_files(letter)
    with transaction.atomic():
        record(letter.application, "applications.letter.downloaded", actor=acting_user,
               agency=letter.application.agency, comment=f"{letter.title}（{fmt.upper()}）",
               data={"letter": letter.pk, "kind": letter.kind, "number": letter.number, "format": fmt})
    return letter.pdf if fmt == "pdf" else letter.docx
