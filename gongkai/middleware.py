"""A domain error that escapes a view (not found, not allowed, wrong state) becomes its 4xx page (its JSON under
/api/), never a 500; and a URL whose path holds a NUL character is a 400 before any view sees it."""

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


NUL_IN_PATH = "网址中含有无效的空字符（%00），请检查链接是否完整，或从首页重新进入。"


class NulInPathMiddleware:
    """No URL of the site has a NUL character in its path, and PostgreSQL refuses one in any text parameter (a 500 for
    /gk/a%00b/, /item/a%00b/ or /data/catalogue/a%00b.csv wherever the code is looked up). So a path holding one is
    answered here, a 400 with a Chinese sentence (JSON under /api/). NULs in query parameters are each page's to
    answer (the search says the agency is unknown, the back office's list searches drop them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" not in request.path_info:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"code": "invalid_character", "detail": NUL_IN_PATH}, status=400,
                                json_dumps_params={"ensure_ascii": False})
        template = "backoffice/error.html" if request.path_info.startswith("/manage/") else "portal/error.html"
        return render(request, template, {"title": _TITLES[400], "message": NUL_IN_PATH}, status=400)
