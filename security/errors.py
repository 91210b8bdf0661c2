from gongkai.errors import DomainError


class SecurityError(DomainError):
    default_code = "security_invalid"
