"""Django's error views (handler400/403/404/500 and the CSRF failure view), one per audience: under /api/ the
`{"code", "detail"}` JSON of every API error, elsewhere the Chinese pages of the portal (portal/views/errors.py) or,
under /manage/, of the back office. The 500 page falls back to plain Chinese HTML when even the error page cannot be
rendered (for instance the database is down), so the answer is never an empty body."""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render

from api import errors as api_errors
from portal.views import errors as portal_errors

logger = logging.getLogger(__name__)

_FALLBACK_500 = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>系统繁忙</title></head>'
                 "<body><h1>系统繁忙</h1><p>服务器暂时无法处理请求，请稍后再试。</p></body></html>")


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _page(request, status: int, title: str, message: str):
    template = "backoffice/error.html" if request.path_info.startswith("/manage/") else "portal/error.html"
    return render(request, template, {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    if is_api(request):
        return api_errors.error_response(400)
    return portal_errors.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api(request):
        return api_errors.error_response(403)
    return portal_errors.permission_denied(request, exception)


def not_found(request, exception=None):
    if is_api(request):
        return api_errors.error_response(404)
    return portal_errors.not_found(request, exception)


def server_error(request):
    if is_api(request):
        return api_errors.error_response(500)
    try:
        return portal_errors.server_error(request)
    except Exception:  # noqa: BLE001 - the error page itself failed: answer in plain Chinese, log why
        logger.exception("The 500 page could not be rendered")
        return HttpResponseServerError(_FALLBACK_500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form posted without (or with an expired) CSRF token, e.g. a page left open past a login."""
    if is_api(request):
        code, detail = api_errors.CSRF_FAILED
        return api_errors.error_response(403, code, detail)
    return _page(request, 403, "安全校验未通过",
                 "页面已过期或安全校验未通过（CSRF）。请返回上一页，刷新后重新提交；已填写的内容请先自行保存。")
