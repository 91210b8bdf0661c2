from django.core.exceptions import ValidationError

from gongkai.errors import DomainError


class AgencyError(DomainError):
    default_code = "agency_invalid"


def full_clean_or_raise(instance) -> None:
    """Run the model's validation and raise its first message as an AgencyError tied to the field."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise AgencyError(messages[0], field=None if field == "__all__" else field) from None
