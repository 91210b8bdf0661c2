"""Errors of disclosure on application. Each carries a stable code (returned by the API) and a Chinese sentence.

Codes in use (the API documents them): invalid_id_number, invalid_credit_code, id_type_mismatch, received_before_arrival,
date_in_future, date_before_receipt, received_on_not_allowed, wrong_state, correction_already_requested,
correction_notice_late, correction_deadline_invalid, correction_deadline_passed, extension_already_granted,
extension_after_due_date, extension_too_long, approver_not_authorised, fee_both_methods, fee_not_applicable,
fee_already_noticed, fee_not_due, fee_notice_late, fee_payment_late, reply_code_required, unknown_reply_code,
reply_code_not_in_rule_set, abandonment_not_due, consultation_not_found, split_too_few, not_disclosed, invalid_application.
"""

from gongkai.errors import DomainError, InvalidTransition


class ApplicationError(DomainError):
    default_code = "invalid_application"


class WrongState(InvalidTransition):
    """An event the application's current state does not allow (HTTP 409)."""

    default_code = "wrong_state"


class DeadlineRuleViolation(ApplicationError):
    """A statutory period forbids this now (a late extension, a late correction notice): HTTP 409."""

    status = 409
    default_code = "deadline_rule"
