"""The base of every domain error. Each app subclasses it with its own codes (see `<app>/errors.py`).

A domain error carries a stable machine code (returned by the API) and a Chinese sentence for people. Interface layers
map it to an HTTP status: 400 bad input, 403 not allowed, 404 not found, 409 wrong state, 422 not computable.
"""


class DomainError(Exception):
    status = 400
    default_code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.field = field
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        payload = {"code": self.code, "detail": self.message}
        if self.field:
            payload["field"] = self.field
        return payload


class PermissionDenied(DomainError):
    status = 403
    default_code = "permission_denied"


class NotFound(DomainError):
    status = 404
    default_code = "not_found"


class InvalidTransition(DomainError):
    status = 409
    default_code = "invalid_transition"
