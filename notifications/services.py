"""The kernel's writes: queue a notice (one delivery per recipient and channel), send deliveries through their
channel, retry failures with backoff, and record people's choices (opt-out, unsubscribe link, staff settings).

Queueing and sending are apart: `notify()` writes the delivery rows (rendered, so the log shows what went out) and,
with `defer=True` (the default), sends them after the surrounding transaction commits, through Celery (in-process
in the embedded default). A failing gateway therefore never rolls back the business action that caused the notice:
the delivery is marked for a retry (backoff RETRY_DELAYS) and the retry sweep (`retry_due`, a Celery beat entry)
sends it again, MAX_ATTEMPTS times in all.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from audit.services import record
from gongkai import clock
from gongkai.errors import DomainError
from privacy.fields import blind_index

from . import channels
from .channels.base import Rendered
from .models import Audience, Delivery, DeliveryStatus, Preference

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 3600)  # seconds after attempts 1, 2, 3, 4
# A worker that claimed a delivery and died leaves it SENDING: after this many seconds the retry sweep takes it back.
SENDING_LEASE = 10 * 60
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
INDEX_LENGTH = 24
MAC_LENGTH = 16
PUBLIC_AUDIENCES = (Audience.APPLICANT, Audience.COMPLAINANT, Audience.REPORTER)


class NotificationError(DomainError):
    status = 400
    default_code = "notification_invalid"


@dataclass(frozen=True)
class Recipient:
    channel: str
    address: str  # in the channel's canonical form
    audience: str
    user_id: int | None = None


@dataclass
class Notice:
    """One occurrence of an event to tell someone about: `key` identifies the occurrence (with the channel and the
    address it makes each delivery unique), `context` fills the templates."""

    event: str
    key: str
    recipients: list[Recipient]
    context: dict = field(default_factory=dict)
    agency_id: int | None = None
    reference: str = ""


def address_index(channel: str, address: str) -> str:
    """The keyed hash a public person's choice is found by (96 bits: short enough for the link in an SMS)."""
    return blind_index(f"notifications:{channel}:{address}")[:INDEX_LENGTH]


def absolute(path: str) -> str:
    return f"{settings.GONGKAI_BASE_URL}{path}"


# --- recipients and preferences -------------------------------------------------------------------------------------

def public_recipients(audience: str, *, email: str = "", phone: str = "", contact: str = "") -> list[Recipient]:
    """The channels a member of the public can be reached on from what they gave (an e-mail address, a mobile number,
    or one free-text contact that is either), minus the ones they opted out of."""
    found: list[Recipient] = []
    candidates = [("email", email), ("sms", phone)] + [(key, contact) for key in ("email", "sms") if contact]
    for key, raw in candidates:
        address = channels.get(key).normalise(raw) if raw else None
        if address and all(r.channel != key for r in found) and not is_opted_out(key, address):
            found.append(Recipient(key, address, audience))
    return found


def is_opted_out(channel: str, address: str) -> bool:
    return Preference.objects.filter(user__isnull=True, channel=channel,
                                     address_index=address_index(channel, address), enabled=False).exists()


def set_public_choice(*, channel: str, address: str, enabled: bool) -> bool:
    """Record a member of the public's choice for one channel, for every notice to the address.
    Returns False when `address` is not one of the channel's (nothing to record)."""
    address = channels.get(channel).normalise(address)
    if not address:
        return False
    index = address_index(channel, address)
    with transaction.atomic():
        updated = Preference.objects.filter(user__isnull=True, channel=channel, address_index=index).update(
            enabled=enabled, updated_at=clock.now())
        if not updated and not enabled:  # in is the default: only an opt-out needs a row
            try:
                with transaction.atomic():
                    Preference.objects.create(channel=channel, address_index=index, enabled=enabled)
            except IntegrityError:  # the same choice at the same moment
                Preference.objects.filter(user__isnull=True, channel=channel, address_index=index).update(
                    enabled=enabled)
    return True


def staff_recipients(users, *, emails: tuple[str, ...] = ()) -> list[Recipient]:
    """Every channel each staff member has on: e-mail (their account's address) unless they turned it off, SMS and
    WeChat when they turned them on with a number or openid. `emails` not belonging to an account (an escalation
    address such as the county office's mailbox) get e-mail."""
    from agencies.models import User

    users = list(users)
    by_email = {u.email.lower(): u for u in User.objects.filter(email__in=[e for e in emails if e], is_active=True)}
    for email in emails:
        user = by_email.get((email or "").lower())
        if user is not None and all(u.pk != user.pk for u in users):
            users.append(user)
    prefs = {(p.user_id, p.channel): p for p in Preference.objects.filter(user__in=users)}
    found: list[Recipient] = []
    for user in users:
        for key in channels.names():
            pref = prefs.get((user.pk, key))
            address = (user.email if key == "email" else (pref.address if pref else "")) or ""
            address = channels.get(key).normalise(address) if address else None
            on = pref.enabled if pref is not None else key == "email"
            if address and on:
                found.append(Recipient(key, address, Audience.STAFF, user.pk))
    known = {u.email.lower() for u in users if u.email}
    for email in emails:
        address = channels.get("email").normalise(email)
        if address and address not in known and all(r.address != address for r in found):
            found.append(Recipient("email", address, Audience.STAFF))
    return found


def save_staff_preference(user, *, channel: str, enabled: bool, address: str = "") -> Preference:
    """A staff member's own choice for one channel (their notification settings page). An empty address keeps the
    one saved before."""
    if channel not in channels.names():
        raise NotificationError("通知方式不正确。", field="channel", code="invalid_channel")
    label = channels.get(channel).label
    with transaction.atomic():
        pref, _ = Preference.objects.select_for_update().get_or_create(user=user, channel=channel)
        if channel != "email":
            normalised = channels.get(channel).normalise(address) if address.strip() else ""
            if address.strip() and not normalised:
                raise NotificationError(f"{label}的接收地址格式不正确。", field="address", code="invalid_address")
            pref.address = normalised or pref.address
            if enabled and not pref.address:
                raise NotificationError(f"开启{label}通知，请填写接收地址。", field="address", code="address_required")
        pref.enabled = enabled
        pref.save(update_fields=["enabled", "address", "updated_at"])
        record(pref, "notifications.preference.saved", actor=user, agency=None, to_state="on" if enabled else "off",
               data={"channel": channel, "address": channels.get(channel).mask(pref.address) if pref.address else ""})
    return pref


# --- unsubscribe links ----------------------------------------------------------------------------------------------

def _mac(channel: str, index: str) -> str:
    return salted_hmac(UNSUBSCRIBE_SALT, f"{channel}:{index}", algorithm="sha256").hexdigest()[:MAC_LENGTH]


def unsubscribe_token(channel: str, address: str) -> str:
    """`<channel>-<keyed hash of the address>-<MAC>`: short (it goes into SMS), never the address itself."""
    index = address_index(channel, address)
    return f"{channel}-{index}-{_mac(channel, index)}"


def unsubscribe_url(channel: str, address: str) -> str:
    return absolute(reverse("portal:notices_unsubscribe", args=[unsubscribe_token(channel, address)]))


def _token_target(token: str) -> tuple[str, str]:
    channel, _, rest = (token or "").partition("-")
    index, _, mac = rest.partition("-")
    if channel not in channels.names() or len(index) != INDEX_LENGTH or not constant_time_compare(
            mac, _mac(channel, index)):
        raise NotificationError("退订链接无效或已被修改，请从通知中完整复制链接后重试。", code="link_tampered")
    return channel, index


def unsubscribe_target(token: str) -> str:
    """The channel's label an unsubscribe link is for (the page asks for one click). Raises NotificationError."""
    channel, _ = _token_target(token)
    return channels.get(channel).label


def unsubscribe(token: str) -> str:
    """Follow the link in a notice: no more notices on that channel to that address. Idempotent; returns the
    channel's label. The link carries the address's keyed hash, never the address."""
    channel, index = _token_target(token)
    with transaction.atomic():
        pref = Preference.objects.select_for_update().filter(user__isnull=True, channel=channel,
                                                             address_index=index).first()
        if pref is not None and not pref.enabled:
            return channels.get(channel).label  # already out
        if pref is None:
            try:
                with transaction.atomic():
                    pref = Preference.objects.create(channel=channel, address_index=index, enabled=False)
            except IntegrityError:  # the same link followed twice at the same moment
                return channels.get(channel).label
        else:
            pref.enabled = False
            pref.save(update_fields=["enabled", "updated_at"])
        record(pref, "notifications.public.opted_out", actor=None, agency=None, to_state="off",
               data={"channel": channel})
    return channels.get(channel).label


# --- queueing and sending -------------------------------------------------------------------------------------------

@dataclass
class Queued:
    deliveries: list[Delivery]
    sent: int = 0  # sent already (defer=False)
    failed: int = 0  # failed at the first attempt, to be retried (defer=False)

    def __iter__(self):  # (sent, failed)
        return iter((self.sent, self.failed))

    def __len__(self) -> int:
        return len(self.deliveries)


def notify(notice: Notice, *, defer: bool = True) -> Queued:
    """Write one delivery per recipient of `notice` (none twice: an occurrence already queued for an address is
    skipped) and send them — after commit through Celery (`defer`), or now in this process."""
    return notify_many([notice], defer=defer)


def notify_many(notices: list[Notice], *, defer: bool = True) -> Queued:
    """`notify` for several notices sent together: one batch per channel (one SMTP connection, one gateway call)."""
    created = [delivery for notice in notices for delivery in _write(notice)]
    queued = Queued(created)
    if created:
        ids = [d.pk for d in created]
        if defer:
            transaction.on_commit(lambda: _enqueue(ids), robust=True)
        else:
            queued.sent, queued.failed = send(ids)
    return queued


def _write(notice: Notice) -> list[Delivery]:
    from .events import EVENTS

    event = EVENTS[notice.event]
    created: list[Delivery] = []
    for recipient in notice.recipients:
        channel = channels.get(recipient.channel)
        index = address_index(recipient.channel, recipient.address)
        key = f"{notice.key}:{recipient.channel}:{index[:24]}"[:200]
        context = {**notice.context, "event_label": event.label, "channel": recipient.channel}
        if recipient.audience in PUBLIC_AUDIENCES:
            context["unsubscribe_link"] = unsubscribe_url(recipient.channel, recipient.address)
        rendered = channel.render(notice.event, recipient.address, context)
        delivery = Delivery(
            key=key, event=notice.event, channel=recipient.channel, audience=recipient.audience,
            agency_id=notice.agency_id, reference=notice.reference[:100], recipient=recipient.address,
            recipient_masked=channel.mask(recipient.address)[:100], subject=rendered.subject[:300],
            body=rendered.body, link=rendered.link[:500], extra=rendered.extra, created_at=clock.now())
        try:
            with transaction.atomic():
                delivery.save(force_insert=True)
        except IntegrityError:
            continue  # this occurrence was queued for this address already
        created.append(delivery)
    return created


def _enqueue(ids: list[int]) -> None:
    from .tasks import deliver_task

    deliver_task.delay(ids)


def _claim(ids: list[int]) -> list[Delivery]:
    """The deliveries among `ids` still to send, marked SENDING (compare-and-set: a delivery is never taken by two
    workers at once)."""
    waiting = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)
    lease = clock.now() + timedelta(seconds=SENDING_LEASE)
    claimed = []
    for delivery in Delivery.objects.filter(pk__in=ids, status__in=waiting).order_by("pk"):
        if Delivery.objects.filter(pk=delivery.pk, status=delivery.status, attempts=delivery.attempts).update(
                status=DeliveryStatus.SENDING, next_attempt_at=lease):
            claimed.append(delivery)
    return claimed


def send(ids: list[int]) -> tuple[int, int]:
    """Send the deliveries `ids` still waiting, channel by channel (one batch each). Returns (sent, failed). A
    failure never raises: it is recorded on each delivery of the batch with its next attempt."""
    sent = failed = 0
    by_channel: dict[str, list[Delivery]] = {}
    for delivery in _claim(ids):
        by_channel.setdefault(delivery.channel, []).append(delivery)
    for key, batch in by_channel.items():
        messages = [Rendered(to=d.recipient, subject=d.subject, body=d.body, link=d.link, extra=d.extra)
                    for d in batch]
        try:
            channels.get(key).send(messages)  # a channel no longer registered fails like a gateway
        except Exception as exc:  # noqa: BLE001 — any gateway error is recorded and retried, never raised
            logger.warning("notifications: %s batch of %s failed: %s", key, len(batch), type(exc).__name__)
            for delivery in batch:
                _failed(delivery, exc)
            failed += len(batch)
        else:
            now = clock.now()
            Delivery.objects.filter(pk__in=[d.pk for d in batch]).update(
                status=DeliveryStatus.SENT, attempts=F("attempts") + 1, sent_at=now, recipient="",
                next_attempt_at=None)
            sent += len(batch)
    return sent, failed


def _failed(delivery: Delivery, exc: Exception) -> None:
    attempts = delivery.attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:500]
    if attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, attempts=attempts,
                                                       last_error=error, next_attempt_at=None, recipient="")
        return
    delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.RETRYING, attempts=attempts,
                                                   last_error=error,
                                                   next_attempt_at=clock.now() + timedelta(seconds=delay))


def retry_due(*, limit: int = 500) -> tuple[int, int]:
    """Send again the deliveries whose next attempt is due (the retry sweep), and those a dead worker left SENDING
    beyond its lease. Returns (sent, failed)."""
    Delivery.objects.filter(status=DeliveryStatus.SENDING, next_attempt_at__lte=clock.now()).update(
        status=DeliveryStatus.RETRYING)
    ids = list(Delivery.objects.filter(status=DeliveryStatus.RETRYING, next_attempt_at__lte=clock.now())
               .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    return send(ids) if ids else (0, 0)
