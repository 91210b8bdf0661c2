"""Render a public URL exactly as an anonymous reader gets it from the application: the same middleware, views and
templates, a request with no cookie but the 长辈版 one, the canonical host of GONGKAI_BASE_URL (feeds carry
absolute links). The published file is the body of that response."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.test import RequestFactory

from portal.middleware import ELDER_COOKIE

# Set on the rendering request so that the serving middleware lets it through to the views.
RENDERING = "gongkai.publication.rendering"


class UnpublishablePage(Exception):
    """The application answered with something that must not be a shared file (a cookie, an error)."""


@dataclass(frozen=True)
class Rendered:
    status: int
    content: bytes


_handler: BaseHandler | None = None


def _get_handler() -> BaseHandler:
    global _handler
    if _handler is None:
        handler = BaseHandler()
        handler.load_middleware()
        _handler = handler
    return _handler


def _factory() -> RequestFactory:
    base = urlsplit(settings.GONGKAI_BASE_URL)
    secure = base.scheme == "https"
    return RequestFactory(HTTP_HOST=base.netloc or "127.0.0.1", secure=secure)


def render(url_path: str, *, elder: bool = False) -> Rendered:
    """The response body of `url_path`; 404/410 come back as a status (the file is to be removed). Anything that
    is not a plain 200 for everyone raises UnpublishablePage."""
    extra = {RENDERING: True}
    if elder:
        extra["HTTP_COOKIE"] = f"{ELDER_COOKIE}=1"
    request = _factory().get(url_path, **extra)
    response = _get_handler().get_response(request)
    try:
        if response.status_code in (404, 410):
            return Rendered(response.status_code, b"")
        if response.status_code != 200:
            raise UnpublishablePage(f"{url_path}: HTTP {response.status_code}")
        if response.cookies:
            raise UnpublishablePage(f"{url_path}: sets cookies {sorted(response.cookies)}")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return Rendered(200, content)
    finally:
        # Not response.close(): it sends request_finished, whose close_old_connections would close this thread's
        # database connection in the middle of a drain (and with it the drain lock, a session advisory lock).
        for closer in getattr(response, "_resource_closers", []):
            closer()
