"""The embedded default (no nginx): answer GET/HEAD of a published URL from its file, as nginx does in production.

The 长辈版 file for the cookie elder=1, the .gz for clients that accept gzip, ETag and Last-Modified as nginx makes
them ("<mtime hex>-<size hex>"), 304 on If-None-Match / If-Modified-Since, Vary: Accept-Encoding, Cookie,
Cache-Control: no-cache. deploy/nginx/ does the same (publication.nginx reads these headers from here). Anything
with a query string, or not published, goes on to the application. It sits last in MIDDLEWARE so the security
headers of the middleware before it are on these responses too."""

import os
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe

from portal.middleware import ELDER_COOKIE

from . import layout
from .render import RENDERING

MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie: the page shows them, so the application answers
# Every reader revalidates (a 304 costs nginx next to nothing): a withdrawn item or a corrected page is never shown
# from a browser's or a proxy's heuristic cache, which Last-Modified alone would allow for days.
CACHE_CONTROL = "no-cache"


def accepts_gzip(header: str) -> bool:
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() not in ("gzip", "*"):
            continue
        q = params.strip()
        if q.startswith("q="):
            try:
                if float(q[2:]) <= 0:
                    continue
            except ValueError:
                continue
        return True
    return False


def etag_for(stat: os.stat_result) -> str:
    return f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'


class PublishedPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.method in ("GET", "HEAD") and getattr(settings, "PUBLICATION_SERVE", True)
                and not request.META.get("QUERY_STRING") and not request.META.get(RENDERING)
                and MESSAGES_COOKIE not in request.COOKIES):
            response = self._from_file(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _from_file(self, request):
        path = layout.file_for(request.path_info, elder=request.COOKIES.get(ELDER_COOKIE) == "1")
        if path is None:
            return None
        try:
            stat = path.stat()
        except (OSError, ValueError):  # not published; or a name no file can have (too long: ENAMETOOLONG)
            return None
        text = layout.is_text(path)
        served, encoding = path, None
        if text and accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            gz = layout.gz_of(path)
            try:
                gz_stat = gz.stat()
            except OSError:
                pass
            else:
                served, encoding, stat_served = gz, "gzip", gz_stat
        if encoding is None:
            stat_served = stat
        headers = {
            "ETag": etag_for(stat_served),
            "Last-Modified": http_date(stat.st_mtime),
            "Vary": "Accept-Encoding, Cookie",
            "Cache-Control": CACHE_CONTROL,
        }
        if self._not_modified(request, headers["ETag"], stat.st_mtime):
            response = HttpResponseNotModified()
            for name, value in headers.items():
                response[name] = value
            return response
        if request.method == "HEAD":
            response = HttpResponse(b"", content_type=layout.content_type(path))
        else:
            response = FileResponse(open(served, "rb"), content_type=layout.content_type(path))  # noqa: SIM115
        response["Content-Length"] = str(stat_served.st_size)
        if encoding:
            response["Content-Encoding"] = encoding
        for name, value in headers.items():
            response[name] = value
        if text:
            response.headers.pop("Content-Disposition", None)  # FileResponse names the file; nginx does not
        else:
            response["Content-Disposition"] = "inline" if path.suffix == ".pdf" else \
                f"attachment; filename={Path(path).name}"
        return response

    @staticmethod
    def _not_modified(request, etag: str, mtime: float) -> bool:
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            return "*" in tags or etag in tags
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        return since is not None and int(mtime) <= since
