"""Reads of the delivery log for the back office, scoped to the agencies where the person handles what the notices
are about (applications for applicants' notices, the supervision registers for the others)."""

from django.db.models import Q, QuerySet

from agencies.access import Perm, agency_ids

from . import channels
from .models import Audience, Delivery, DeliveryStatus, Preference

AUDIENCE_PERMS = {
    Audience.APPLICANT: (Perm.APPLICATIONS_HANDLE,),
    Audience.COMPLAINANT: (Perm.OVERSIGHT_MANAGE,),
    Audience.REPORTER: (Perm.OVERSIGHT_MANAGE,),
    Audience.SUBSCRIBER: (Perm.OVERSIGHT_MANAGE,),
    Audience.STAFF: (Perm.APPLICATIONS_HANDLE, Perm.OVERSIGHT_MANAGE),
}
PAGE_SIZE = 50


def _visible(user) -> Q | None:
    condition = None
    for audience, perms in AUDIENCE_PERMS.items():
        ids = set().union(*(agency_ids(user, perm) for perm in perms))
        if ids:
            part = Q(audience=audience, agency_id__in=ids)
            condition = part if condition is None else condition | part
    return condition


def may_see_deliveries(user) -> bool:
    return _visible(user) is not None


def deliveries_for(user, *, status: str = "", before: int | None = None) -> QuerySet[Delivery]:
    """The deliveries the person may see, newest first (keyset pages of PAGE_SIZE below `before`)."""
    condition = _visible(user)
    if condition is None:
        return Delivery.objects.none()
    qs = Delivery.objects.filter(condition).select_related("agency").defer("recipient", "body", "extra")
    if status in DeliveryStatus.values:
        qs = qs.filter(status=status)
    if before:
        qs = qs.filter(pk__lt=before)
    return qs.order_by("-pk")


def staff_settings(user) -> list[dict]:
    """One row per channel: on or off, and the address used (masked; e-mail is the account's)."""
    prefs = {p.channel: p for p in Preference.objects.filter(user=user)}
    rows = []
    for key in channels.names():
        channel, pref = channels.get(key), prefs.get(key)
        address = user.email if key == "email" else (pref.address if pref else "")
        rows.append({"key": key, "label": channel.label, "enabled": pref.enabled if pref else key == "email",
                     "address": address, "address_masked": channel.mask(address) if address else ""})
    return rows
