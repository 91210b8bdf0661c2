"""民生服务平台 subscriptions: subscribe (double opt-in with a signed link), confirm, one-click unsubscribe (a signed
link, RFC 8058 List-Unsubscribe-Post for mail clients), and the push of each new publication.

Signed links use django.core.signing with a salt per purpose: a tampered link fails its signature and is refused
with a clear message (HTTP 400). A confirmation link carries the categories asked for, so that nobody can change an
existing subscription without the owner's confirmation, and expires after CONFIRM_MAX_AGE; a newer confirmation
link replaces older ones. An unsubscribe link never expires. Unsubscribing erases the address (personal data no
longer needed); the row stays for the statistics.
"""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from agencies.models import Agency
from audit.services import record
from catalog.models import Category, Item
from gongkai import clock
from notifications.models import Audience
from notifications.services import Notice, Recipient, notify, notify_many
from privacy.fields import blind_index

from ..errors import OversightError, SubscriptionLinkInvalid
from ..models import PushLog, Subscription, SubscriptionChannel, SubscriptionStatus

logger = logging.getLogger(__name__)

CONFIRM_SALT = "oversight.subscription.confirm"
UNSUBSCRIBE_SALT = "oversight.subscription.unsubscribe"
CONFIRM_MAX_AGE = 3 * 24 * 3600  # three days
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalise_address(channel: str, address: str) -> str:
    address = (address or "").strip()
    if channel == SubscriptionChannel.EMAIL:
        address = address.lower()
        try:
            validate_email(address)
        except ValidationError:
            raise OversightError("请填写正确的电子邮箱地址，例如 name@example.com。", field="address",
                                 code="invalid_address")
        if len(address) > 254:
            raise OversightError("电子邮箱地址过长。", field="address", code="invalid_address")
        return address
    if channel == SubscriptionChannel.SMS:
        digits = re.sub(r"[\s-]", "", address)
        if digits.startswith("+86"):
            digits = digits[3:]
        if not _MOBILE_RE.match(digits):
            raise OversightError("请填写正确的11位手机号码。", field="address", code="invalid_address")
        return digits
    raise OversightError("订阅方式应为电子邮件或手机短信。", field="channel", code="invalid_channel")


def _index(channel: str, address: str) -> str:
    return blind_index(f"{channel}:{address}")


def public_categories(agency: Agency):
    return Category.objects.filter(agency=agency, is_active=True).order_by("sort_order", "id")


def confirm_token(subscription: Subscription, category_ids: list[int]) -> str:
    return signing.dumps({"s": subscription.pk, "v": subscription.token_version, "c": sorted(category_ids)},
                         salt=CONFIRM_SALT, compress=True)


def unsubscribe_token(subscription: Subscription) -> str:
    # The address index ties the link to this address: a row reused after erasure never matches an old link.
    return signing.dumps({"s": subscription.pk, "i": subscription.address_index[:12]}, salt=UNSUBSCRIBE_SALT)


def _absolute(path: str) -> str:
    return f"{settings.GONGKAI_BASE_URL}{path}"


def confirm_url(subscription: Subscription, category_ids: list[int]) -> str:
    return _absolute(reverse("portal:subscription_confirm", args=[confirm_token(subscription, category_ids)]))


def unsubscribe_url(subscription: Subscription) -> str:
    return _absolute(reverse("portal:unsubscribe", args=[unsubscribe_token(subscription)]))


def subscribe(agency: Agency, *, channel: str, address: str, category_ids=()) -> Subscription:
    """Ask for a subscription: a confirmation link goes to the address (after commit). Nothing is pushed until the
    link is followed. Asking again re-sends a fresh link (the older one stops working); the answer never reveals
    whether the address was already subscribed."""
    address = normalise_address(channel, address)
    categories = list(public_categories(agency).filter(pk__in=[int(c) for c in category_ids or []]))
    if len(categories) != len(set(category_ids or [])):
        raise OversightError("所选栏目不属于该机关或已停用。", field="categories", code="invalid_categories")
    index = _index(channel, address)
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(agency=agency, channel=channel,
                                                                       address_index=index).first()
        if subscription is None:
            subscription = Subscription(agency=agency, channel=channel, address=address, address_index=index,
                                        created_at=clock.now())
            try:
                with transaction.atomic():
                    subscription.save()
            except IntegrityError:  # the same address at the same moment: use that row
                subscription = Subscription.objects.get(agency=agency, channel=channel, address_index=index)
            record(subscription, "oversight.subscription.created", actor=None, agency=agency,
                   data={"channel": channel, "address": subscription.address_masked,
                         "categories": [c.name for c in categories]})
        subscription.token_version += 1
        subscription.save(update_fields=["token_version"])
        link = confirm_url(subscription, [c.pk for c in categories])
        transaction.on_commit(lambda: _send_confirmation(subscription, link, categories))
    return subscription


def _send_confirmation(subscription: Subscription, link: str, categories) -> None:
    """Runs after commit: the confirmation goes out through the notifications kernel (template
    `notifications/<channel>/subscription.confirm.txt`), now, in this process."""
    notify(Notice(
        event="subscription.confirm", key=f"subscription:{subscription.pk}:confirm:{subscription.token_version}",
        recipients=[Recipient(subscription.channel, subscription.address, Audience.SUBSCRIBER)],
        context={"agency": subscription.agency.name, "categories": "、".join(c.name for c in categories) or "全部栏目",
                 "link": link},
        agency_id=subscription.agency_id, reference="订阅确认"), defer=False)


def _load(token: str, salt: str, max_age: int | None, what: str) -> dict:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise SubscriptionLinkInvalid(f"{what}链接已过期（有效期3天），请重新订阅。", code="link_expired")
    except signing.BadSignature:
        raise SubscriptionLinkInvalid(f"{what}链接无效或已被修改，请从邮件或短信中完整复制链接后重试。",
                                      code="link_tampered")


def confirmation_target(token: str) -> tuple[Subscription, list[Category]]:
    """Check a confirmation link without acting on it (the page asks for one click): the subscription and the
    categories it would get. Raises SubscriptionLinkInvalid with the reason."""
    data = _load(token, CONFIRM_SALT, CONFIRM_MAX_AGE, "确认")
    subscription = Subscription.objects.select_related("agency").filter(pk=data.get("s")).first()
    if subscription is None or subscription.status == SubscriptionStatus.UNSUBSCRIBED \
            or subscription.token_version != data.get("v"):
        raise SubscriptionLinkInvalid("该确认链接已失效（已有更新的确认链接，或已退订），请重新订阅。",
                                      code="link_superseded")
    return subscription, list(public_categories(subscription.agency).filter(pk__in=data.get("c") or []))


def confirm_subscription(token: str) -> Subscription:
    """Follow the confirmation link: the subscription becomes active with the categories it asked for."""
    data = _load(token, CONFIRM_SALT, CONFIRM_MAX_AGE, "确认")
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().select_related("agency").filter(
            pk=data.get("s")).first()
        if subscription is None or subscription.status == SubscriptionStatus.UNSUBSCRIBED \
                or subscription.token_version != data.get("v"):
            raise SubscriptionLinkInvalid("该确认链接已失效（已有更新的确认链接，或已退订），请重新订阅。",
                                          code="link_superseded")
        categories = list(public_categories(subscription.agency).filter(pk__in=data.get("c") or []))
        first = subscription.status == SubscriptionStatus.PENDING
        subscription.status = SubscriptionStatus.ACTIVE
        subscription.confirmed_at = subscription.confirmed_at if not first else clock.now()
        subscription.token_version += 1  # the link works once
        subscription.save(update_fields=["status", "confirmed_at", "token_version"])
        subscription.categories.set(categories)
        record(subscription, "oversight.subscription.confirmed", actor=None, agency=subscription.agency,
               data={"categories": [c.name for c in categories]})
    return subscription


def unsubscription_target(token: str) -> Subscription | None:
    """Check an unsubscribe link without acting on it (the page shows one button). None: already unsubscribed."""
    data = _load(token, UNSUBSCRIBE_SALT, None, "退订")
    subscription = Subscription.objects.select_related("agency").filter(pk=data.get("s")).first()
    if subscription is None or subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        return None
    if subscription.address_index[:12] != data.get("i"):
        raise SubscriptionLinkInvalid("退订链接无效或已被修改，请从邮件或短信中完整复制链接后重试。", code="link_tampered")
    return subscription


def unsubscribe(token: str) -> Subscription | None:
    """Follow the unsubscribe link: nothing more is sent and the address is erased. Idempotent."""
    target = unsubscription_target(token)
    if target is None:
        return None
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=target.pk)
        if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
            return subscription
        masked = subscription.address_masked
        subscription.status = SubscriptionStatus.UNSUBSCRIBED
        subscription.unsubscribed_at = clock.now()
        subscription.address, subscription.address_index = "", ""
        subscription.save(update_fields=["status", "unsubscribed_at", "address", "address_index"])
        record(subscription, "oversight.subscription.unsubscribed", actor=None, agency=target.agency,
               data={"address": masked})
    return subscription


def purge_unconfirmed(*, older_than_days: int = 30) -> int:
    """Erase the addresses of subscriptions never confirmed within `older_than_days` (personal data kept no longer
    than needed). Returns how many were erased. Run daily (`manage.py purge_unconfirmed_subscriptions`)."""
    cutoff = clock.now() - timedelta(days=older_than_days)
    stale = Subscription.objects.filter(status=SubscriptionStatus.PENDING, created_at__lt=cutoff)
    return stale.update(status=SubscriptionStatus.UNSUBSCRIBED, address="", address_index="",
                        unsubscribed_at=clock.now())


# --- the push -------------------------------------------------------------------------------------------------------

def subscribers_for(item: Item):
    """Active subscriptions of the item's agency that cover its category (no category chosen = all)."""
    return (Subscription.objects.filter(agency_id=item.agency_id, status=SubscriptionStatus.ACTIVE)
            .filter(Q(categories__isnull=True) | Q(categories__id=item.category_id)).distinct())


def push_publication(item_id: int) -> int:
    """Send one new publication to its subscribers, each once (PushLog), e-mails over one connection and SMS in one
    batch. Returns the number of messages sent."""
    item = Item.objects.select_related("agency", "category").filter(pk=item_id, status=Item.Status.PUBLISHED).first()
    if item is None:
        return 0
    already = set(PushLog.objects.filter(item=item).values_list("subscription_id", flat=True))
    targets = [s for s in subscribers_for(item) if s.pk not in already]
    if not targets:
        return 0
    link = _absolute(item.get_absolute_url())
    context = {"agency": item.agency.name, "agency_short": item.agency.short_name or item.agency.name,
               "category": item.category.name, "title": item.title, "index_no": item.index_no,
               "summary": item.summary, "published_on": f"{item.published_on:%Y年%m月%d日}", "link": link}
    notices = []
    for subscription in targets:
        off = unsubscribe_url(subscription)
        notices.append(Notice(
            event="subscription.publication", key=f"push:{item.pk}:{subscription.pk}",
            recipients=[Recipient(subscription.channel, subscription.address, Audience.SUBSCRIBER)],
            context={**context, "unsubscribe": off, "mail_headers": {
                "List-Unsubscribe": f"<{off}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}},
            agency_id=item.agency_id, reference=f"订阅推送 {item.index_no}"[:100]))
    # One batch per channel: e-mails over one connection, SMS in one gateway call.
    sent, _failed = notify_many(notices, defer=False)
    now = clock.now()
    PushLog.objects.bulk_create([PushLog(subscription=s, item=item, sent_at=now) for s in targets],
                                ignore_conflicts=True)
    logger.info("pushed item %s to %s subscribers", item_id, len(targets))
    return sent


def on_item_published(item_id: int) -> None:
    """catalog.hooks: queue the push (Celery; in-process right after commit in the embedded default)."""
    from ..tasks import push_publication_task

    push_publication_task.delay(item_id)
