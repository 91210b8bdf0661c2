"""A domain error that escapes a view (not found, not allowed, wrong state) becomes its 4xx page (its JSON under
/api/), never a 500."""

from django.http import JsonResponse
from django.shortcuts import render

from .errors import DomainError

_TITLES = {400: "请求有误", 403: "无权访问", 404: "页面不存在", 409: "状态已变化", 422: "无法计算", 429: "提交过于频繁"}


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(exception.as_dict(), status=exception.status, json_dumps_params={"ensure_ascii": False})
        template = "backoffice/error.html" if request.path.startswith("/manage/") else "portal/error.html"
        return render(request, template, {"title": _TITLES.get(exception.status, "请求有误"),
                                          "message": exception.message}, status=exception.status)
