"""Every API error is `{"code", "detail"}` JSON with its HTTP status: domain errors and bad input (4xx with a stable
code and a Chinese sentence), and also what nobody expected (500), which is logged with its traceback but never shows
the exception's text. `exception_handler` serves the DRF views; `error_response` serves Django's own error views for
paths under /api/ (unknown URLs, CSRF failures, errors outside a view; see gongkai/error_views.py)."""

import logging
import traceback

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from gongkai.errors import DomainError

logger = logging.getLogger(__name__)

SERVER_ERROR = ("server_error", "服务器内部错误，请稍后再试；问题持续时请联系平台管理员。")
CSRF_FAILED = ("csrf_failed", "CSRF 校验失败：以登录会话调用接口时，请在 X-CSRFToken 请求头中提供 CSRF 令牌；程序调用请使用令牌认证。")

# Django's own error views under /api/: the status, the stable code and the Chinese sentence.
HTTP_ERRORS = {
    400: ("bad_request", "请求有误，请检查请求内容后重试。"),
    403: ("permission_denied", "您没有执行此操作的权限。"),
    404: ("not_found", "接口地址不存在，请查看接口文档（/api/docs/）。"),
    413: ("request_too_large", "请求内容过大。"),
    500: SERVER_ERROR,
}

_DRF_MESSAGES = {
    exceptions.NotAuthenticated: ("not_authenticated", "请先登录或提供有效的令牌（Authorization: Token …）。"),
    exceptions.AuthenticationFailed: ("authentication_failed", "令牌无效或已失效。"),
    exceptions.PermissionDenied: ("permission_denied", "您没有执行此操作的权限。"),
    exceptions.MethodNotAllowed: ("method_not_allowed", "不支持该请求方法。"),
    exceptions.NotAcceptable: ("not_acceptable", "无法按请求的格式（Accept）返回，本接口只返回 JSON。"),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", "请求内容类型不受支持，请使用 JSON。"),
    exceptions.ParseError: ("parse_error", "请求内容无法解析，请检查 JSON 格式。"),
}


def error_response(status_code: int, code: str | None = None, detail: str | None = None) -> JsonResponse:
    """The `{"code", "detail"}` answer of a Django error view under /api/ (no DRF view is involved there)."""
    default_code, default_detail = HTTP_ERRORS.get(status_code, HTTP_ERRORS[400])
    return JsonResponse({"code": code or default_code, "detail": detail or default_detail}, status=status_code,
                        json_dumps_params={"ensure_ascii": False})


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        set_rollback()
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return Response({"code": "invalid", "detail": "；".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404 | exceptions.NotFound):
        set_rollback()
        return Response({"code": "not_found", "detail": "未找到该记录。"}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, SuspiciousOperation):
        return _suspicious_operation(exc)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.APIException):
        return _api_exception(exc, context)
    return _unexpected(exc, context)


def _api_exception(exc: exceptions.APIException, context) -> Response:
    # DRF's own handler sets the headers (Allow, WWW-Authenticate, Retry-After) and rolls the transaction back.
    response = drf_exception_handler(exc, context)
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 60)
        response.data = {"code": "throttled", "detail": f"请求过于频繁，请{wait}秒后再试。"}
    elif isinstance(exc, exceptions.ValidationError):
        field, message = _first_error(exc.detail)
        response.data = {"code": "invalid", "detail": message, "errors": exc.detail}
        if field:
            response.data["field"] = field
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        # SessionAuthentication's CSRF check raises a plain PermissionDenied whose text names the reason.
        response.data = dict(zip(("code", "detail"), CSRF_FAILED, strict=True))
    else:
        code, message = next(((c, m) for cls, (c, m) in _DRF_MESSAGES.items() if isinstance(exc, cls)),
                             (str(exc.default_code), str(exc.detail)))
        response.data = _specific(exc) or {"code": code, "detail": message}
    return response


def _suspicious_operation(exc: SuspiciousOperation) -> Response:
    """Oversized or malformed bodies, as Django answers them outside DRF (logged as django.security.*)."""
    logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
    set_rollback()
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return Response({"code": "request_too_large", "detail": f"请求内容过大（上限 {limit} MB）；文件请用上传接口提交。"},
                        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return Response({"code": "too_many_fields", "detail": "请求中的字段或文件过多。"},
                        status=status.HTTP_400_BAD_REQUEST)
    return Response(dict(zip(("code", "detail"), HTTP_ERRORS[400], strict=True)), status=status.HTTP_400_BAD_REQUEST)


def _unexpected(exc: Exception, context) -> Response:
    """A bug: the client gets a fixed sentence; the traceback goes to the log, inside the message so that the
    personal-data filter of the logging configuration masks it too."""
    set_rollback()
    request = context.get("request")
    logger.error("Unexpected error in %s %s\n%s", getattr(request, "method", "?"), getattr(request, "path", "?"),
                 "".join(traceback.format_exception(exc)).rstrip())
    code, message = SERVER_ERROR
    return Response({"code": code, "detail": message}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)


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
