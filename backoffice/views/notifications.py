"""The delivery log (通知发送记录) for the staff who handle what the notices are about, and each person's own
notification settings (which channels their reminders come by)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.errors import DomainError
from notifications import selectors, services
from notifications.models import DeliveryStatus

from .common import report_error


@login_required
@require_http_methods(["GET"])
def deliveries(request):
    if not selectors.may_see_deliveries(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    try:
        before = int(request.GET.get("before") or 0) or None
    except ValueError:
        before = None
    rows = list(selectors.deliveries_for(request.user, status=status, before=before)[:selectors.PAGE_SIZE + 1])
    more = len(rows) > selectors.PAGE_SIZE
    rows = rows[:selectors.PAGE_SIZE]
    return render(request, "backoffice/notifications/deliveries.html", {
        "rows": rows, "status": status, "statuses": DeliveryStatus.choices,
        "next_before": rows[-1].pk if more and rows else None})


class ChannelForm(forms.Form):
    enabled = forms.BooleanField(label="接收", required=False)
    address = forms.CharField(label="接收地址", max_length=100, required=False)


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    if request.method == "POST":
        channel = request.POST.get("channel", "")
        form = ChannelForm(request.POST)
        form.is_valid()
        data = form.cleaned_data
        try:
            services.save_staff_preference(request.user, channel=channel, enabled=data.get("enabled", False),
                                           address=data.get("address", ""))
        except DomainError as error:
            status = report_error(request, error)
            return render(request, "backoffice/notifications/settings.html",
                          {"rows": selectors.staff_settings(request.user)}, status=status)
        messages.success(request, "通知设置已保存。")
        return redirect("backoffice:notification_settings")
    return render(request, "backoffice/notifications/settings.html", {"rows": selectors.staff_settings(request.user)})
