"""The channel registry. Adding a channel is one module in this package (a `Channel` subclass, see base.py and
docs/notifications.md) and one line here."""

from functools import cache

from django.utils.module_loading import import_string

CHANNELS = {
    "email": "notifications.channels.email.EmailChannel",
    "sms": "notifications.channels.sms.SmsChannel",
    "wechat": "notifications.channels.wechat.WechatChannel",
}


@cache
def get(key: str):
    return import_string(CHANNELS[key])()


def names() -> list[str]:
    return list(CHANNELS)


def choices() -> list[tuple[str, str]]:
    return [(key, get(key).label) for key in CHANNELS]
