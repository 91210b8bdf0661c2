"""Back-office page of API tokens (接口令牌): one's own tokens with a create form, and for a 安全管理员 everyone's
tokens in their agencies. The key of a new token is shown once, on the page that answers the create form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from backoffice.forms.tokens import ApiTokenForm
from gongkai.errors import DomainError
from security import selectors
from security import tokens as token_services

from .common import report_error


def _page(request, form, status=200):
    others = selectors.managed_tokens(request.user) if selectors.may_see_others_tokens(request.user) else None
    return render(request, "backoffice/tokens/index.html", {
        "form": form, "mine": selectors.tokens_of(request.user), "others": others,
        "max_days": token_services.max_days(),
    }, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def tokens(request):
    if request.method == "GET":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        token, key = token_services.create_api_token(request.user, acting_user=request.user, **form.cleaned_data)
    except DomainError as error:
        return _page(request, form, status=report_error(request, error, form))
    # Rendered, not redirected: the key must not travel through the session or a URL. never_cache keeps it out of
    # the browser's and any proxy's cache.
    return render(request, "backoffice/tokens/created.html", {"token": token, "key": key})


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = selectors.get_token_for(request.user, pk)
    try:
        token_services.revoke_api_token(token, acting_user=request.user)
    except DomainError as error:
        report_error(request, error)
        return redirect("backoffice:tokens")
    messages.success(request, f"接口令牌“{token.name}”（{token.owner.display_name}）已吊销，立即失效。")
    return redirect("backoffice:tokens")
