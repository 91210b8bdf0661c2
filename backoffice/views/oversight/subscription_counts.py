"""订阅: the numbers of the 民生服务平台 subscriptions."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agencies.access import Perm, require_anywhere
from oversight import selectors


@login_required
def subscriptions(request):
    """民生服务平台 subscriptions per agency (numbers only: addresses are personal data)."""
    require_anywhere(request.user, Perm.OVERSIGHT_VIEW, "您没有查看监督保障登记的权限。")
    return render(request, "backoffice/oversight/subscriptions.html",
                  {"rows": selectors.subscription_counts(request.user)})
