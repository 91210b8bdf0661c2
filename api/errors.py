"""Domain errors and bad input become 4xx JSON with a stable code and a Chinese sentence, never a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from gongkai.errors import DomainError

_DRF_MESSAGES = {
    exceptions.NotAuthenticated: ("not_authenticated", "请先登录或提供有效的令牌（Authorization: Token …）。"),
    exceptions.AuthenticationFailed: ("authentication_failed", "令牌无效或已失效。"),
    exceptions.PermissionDenied: ("permission_denied", "您没有执行此操作的权限。"),
    exceptions.MethodNotAllowed: ("method_not_allowed", "不支持该请求方法。"),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", "请求内容类型不受支持，请使用 JSON。"),
    exceptions.ParseError: ("parse_error", "请求内容无法解析，请检查 JSON 格式。"),
}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        return Response({"code": "invalid", "detail": "；".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404 | exceptions.NotFound):
        return Response({"code": "not_found", "detail": "未找到该记录。"}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 60)
        return Response({"code": "throttled", "detail": f"请求过于频繁，请{wait}秒后再试。"},
                        status=status.HTTP_429_TOO_MANY_REQUESTS)
    if isinstance(exc, exceptions.ValidationError):
        field, message = _first_error(exc.detail)
        payload = {"code": "invalid", "detail": message, "errors": exc.detail}
        if field:
            payload["field"] = field
        return Response(payload, status=status.HTTP_400_BAD_REQUEST)
    for cls, (code, message) in _DRF_MESSAGES.items():
        if isinstance(exc, cls):
            response = drf_exception_handler(exc, context)
            if response is not None:
                response.data = _specific(exc) or {"code": code, "detail": message}
            return response
    return drf_exception_handler(exc, context)


def _specific(exc: exceptions.APIException) -> dict | None:
    """The code and sentence of an error raised with its own code (e.g. token_expired), else None."""
    code = getattr(exc.detail, "code", None)
    if isinstance(exc.detail, str) and code and code != exc.default_code:
        return {"code": code, "detail": str(exc.detail)}
    return None


def _first_error(detail, field=None):
    if isinstance(detail, dict):
        for key, value in detail.items():
            return _first_error(value, key if key != "non_field_errors" else field)
    if isinstance(detail, list) and detail:
        return _first_error(detail[0], field)
    return field, str(detail)
