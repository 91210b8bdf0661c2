"""Letter templates and settings (per agency)."""


from django.db import transaction

from agencies.access import Perm, require
from agencies.models import Agency
from audit.services import record

from ..errors import ApplicationError


def save_letter_template(agency: Agency, key: str, *, acting_user, title: str, body: str):
    """Replace the default wording of one kind of letter for the agency. Only known placeholders are allowed, so a
    template can never print anything but the plain values of `letters.defaults.PLACEHOLDERS`. Letters already
    issued keep their text."""
    from ..letters.context import unknown_placeholders
    from ..letters.defaults import DEFAULTS
    from ..models import LetterTemplate

    require(acting_user, Perm.APPLICATIONS_APPROVE_EXTENSION, agency)
    if key not in DEFAULTS:
        raise ApplicationError("没有这种文书。", field="key", code="unknown_template")
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise ApplicationError("标题和正文都不能为空。", field="body", code="template_empty")
    if unknown := unknown_placeholders(body):
        raise ApplicationError(f"模板中有不认识的占位符：{'、'.join(unknown)}。", field="body",
                               code="unknown_placeholder")
    with transaction.atomic():
        template, created = LetterTemplate.objects.update_or_create(
            agency=agency, key=key, defaults={"title": title[:100], "body": body, "updated_by": acting_user})
        record(template, "applications.template.saved", actor=acting_user, agency=agency,
               data={"key": key, "title": title, "new": created})
    return template


def reset_letter_template(agency: Agency, key: str, *, acting_user) -> None:
    """Go back to the default wording."""
    from ..models import LetterTemplate

    require(acting_user, Perm.APPLICATIONS_APPROVE_EXTENSION, agency)
    with transaction.atomic():
        for template in LetterTemplate.objects.filter(agency=agency, key=key):
            record(template, "applications.template.reset", actor=acting_user, agency=agency, data={"key": key})
            template.delete()


def save_letter_settings(agency: Agency, *, acting_user, number_prefix: str = "", review_body: str = "",
                         contact: str = ""):
    """The prefix of the agency's letter numbers and the 行政复议 body named in replies."""
    from ..models import LetterSettings

    require(acting_user, Perm.APPLICATIONS_APPROVE_EXTENSION, agency)
    with transaction.atomic():
        settings_row, _ = LetterSettings.objects.update_or_create(
            agency=agency, defaults={"number_prefix": (number_prefix or "").strip()[:30],
                                     "review_body": (review_body or "").strip()[:100],
                                     "contact": (contact or "").strip()[:100]})
        record(settings_row, "applications.letter_settings.saved", actor=acting_user, agency=agency,
               data={"number_prefix": settings_row.number_prefix, "review_body": settings_row.review_body})
    return settings_row
