"""Moved to `notifications.gateways.sms` (the SMS channel of the notifications kernel). Kept so that the old setting
values (`SMS_BACKEND = "oversight.sms.FileSmsBackend"`) and imports keep working: the names are the same objects,
including the test outbox."""

from notifications.gateways.sms import (  # noqa: F401
    BaseSmsBackend,
    ConsoleSmsBackend,
    FileSmsBackend,
    MemorySmsBackend,
    SmsMessage,
    get_backend,
    outbox,
    send_sms,
)
