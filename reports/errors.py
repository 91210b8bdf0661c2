from gongkai.errors import DomainError, InvalidTransition


class ReportError(DomainError):
    default_code = "report_invalid"


class ReportYearInvalid(DomainError):
    default_code = "report_year_invalid"


class ReportExists(DomainError):
    status = 409
    default_code = "report_exists"


class ReportNotFound(DomainError):
    status = 404
    default_code = "report_not_found"


class WrongState(InvalidTransition):
    default_code = "invalid_transition"


class ChecksFailed(DomainError):
    """A balance rule fails: the report cannot go further until the named cells are corrected."""

    status = 422
    default_code = "report_checks_failed"

    def __init__(self, message: str, *, failures: list[dict] | None = None):
        super().__init__(message)
        self.failures = failures or []

    def as_dict(self) -> dict:
        return {**super().as_dict(), "failures": self.failures}


class NotFirstResponsible(DomainError):
    status = 403
    default_code = "not_first_responsible"
