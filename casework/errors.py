from gongkai.errors import DomainError, InvalidTransition


class CaseError(DomainError):
    default_code = "case_invalid"


class WrongState(InvalidTransition):
    default_code = "invalid_transition"


class ConditionNotMet(InvalidTransition):
    """The state allows the transition but a legal condition does not (yet): HTTP 409."""

    default_code = "condition_not_met"
