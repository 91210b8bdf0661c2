from gongkai.errors import DomainError


class OversightError(DomainError):
    default_code = "oversight_invalid"


class SubscriptionLinkInvalid(DomainError):
    default_code = "link_invalid"
