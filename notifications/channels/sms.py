"""SMS through the pluggable gateway (settings.SMS_BACKEND, `notifications.gateways.sms`): one batch per send."""

import re

from privacy.masking import mask_phone

from ..gateways import sms
from .base import Channel, Rendered

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


class SmsChannel(Channel):
    key = "sms"
    label = "手机短信"

    def normalise(self, address: str) -> str | None:
        digits = re.sub(r"[\s-]", "", address or "")
        if digits.startswith("+86"):
            digits = digits[3:]
        return digits if MOBILE_RE.match(digits) else None

    def mask(self, address: str) -> str:
        return mask_phone(address)

    def render(self, event: str, to: str, context: dict) -> Rendered:
        # An SMS is one line: the template's line breaks become spaces.
        body = " ".join(self.render_part(event, context).split())
        return Rendered(to=to, subject="", body=body, link=context.get("link", ""))

    def send(self, messages: list[Rendered]) -> int:
        return sms.get_backend().send_messages([sms.SmsMessage(m.to, m.body) for m in messages])
