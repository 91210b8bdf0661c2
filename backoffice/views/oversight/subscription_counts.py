"""订阅: the numbers of the 民生服务平台 subscriptions."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from agencies.access import Perm, agency_ids
from oversight.models import (
    Subscription,
    SubscriptionStatus,
)


@login_required
def subscriptions(request):
    """民生服务平台 subscriptions per agency (numbers only: addresses are personal data)."""
    visible = agency_ids(request.user, Perm.OVERSIGHT_VIEW)
    if not visible:
        from gongkai.errors import PermissionDenied

        raise PermissionDenied("您没有查看监督保障登记的权限。")
    rows = (Subscription.objects.filter(agency_id__in=visible).values("agency__name", "agency__code")
            .annotate(active=Count("id", filter=Q(status=SubscriptionStatus.ACTIVE)),
                      pending=Count("id", filter=Q(status=SubscriptionStatus.PENDING)),
                      unsubscribed=Count("id", filter=Q(status=SubscriptionStatus.UNSUBSCRIBED)),
                      email=Count("id", filter=Q(status=SubscriptionStatus.ACTIVE, channel="email")),
                      sms=Count("id", filter=Q(status=SubscriptionStatus.ACTIVE, channel="sms")))
            .order_by("agency__path"))
    return render(request, "backoffice/oversight/subscriptions.html", {"rows": rows})
