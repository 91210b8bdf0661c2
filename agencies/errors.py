from gongkai.errors import DomainError


class AgencyError(DomainError):
    default_code = "agency_invalid"
