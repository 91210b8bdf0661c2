"""The page behind the unsubscribe link of a notice (no login): one button, then no more notices on that channel to
that address. The link carries a signed keyed hash of the address, never the address."""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from gongkai.errors import DomainError
from notifications import services


# The signed token authorises the request; mail clients post RFC 8058 one-click unsubscriptions without a CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        if request.method == "POST":
            label = services.unsubscribe(token)
            return render(request, "portal/notifications/unsubscribed.html", {"channel": label})
        label = services.unsubscribe_target(token)
    except DomainError as exc:
        return render(request, "portal/notifications/unsubscribe.html", {"error": exc.message}, status=exc.status)
    return render(request, "portal/notifications/unsubscribe.html", {"channel": label})
