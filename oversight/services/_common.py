"""Small checks shared by the registers' services (dates, lengths, offices)."""

from datetime import date

from agencies.models import Office
from gongkai import clock

from ..errors import OversightError


def required_date(value, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise OversightError(f"请填写{label}（格式 YYYY-MM-DD）。", field=field, code=f"{field}_required")
    return value


def not_future(value: date | None, field: str, label: str) -> None:
    if value is not None and value > clock.today():
        raise OversightError(f"{label}不能晚于今天。", field=field, code="date_in_future")


def not_before(value: date | None, earlier: date | None, field: str, label: str, earlier_label: str) -> None:
    if value is not None and earlier is not None and value < earlier:
        raise OversightError(f"{label}不能早于{earlier_label}。", field=field, code="date_order")


def text(value, field: str, label: str, *, max_length: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise OversightError(f"请填写{label}。", field=field, code=f"{field}_required")
    if len(value) > max_length:
        raise OversightError(f"{label}不能超过{max_length}个字。", field=field, code="too_long")
    return value


def own_office(agency, office: Office | None, field: str = "office") -> None:
    if office is not None and office.agency_id != agency.pk:
        raise OversightError("承办办所不属于该机关。", field=field, code="wrong_office")
