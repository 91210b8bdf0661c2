from gongkai.errors import DomainError, InvalidTransition


class CaseError(DomainError):
    default_code = "case_invalid"


class WrongState(InvalidTransition):
    default_code = "invalid_transition"
