"""The 长辈版 (large-text, high-contrast) switch: a cookie set by a plain link, so it works without JavaScript."""

ELDER_COOKIE = "elder"


class ElderModeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.elder_mode = request.COOKIES.get(ELDER_COOKIE) == "1"
        return self.get_response(request)
