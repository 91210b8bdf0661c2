"""WeChat 公众号 template messages (settings.WECHAT_BACKEND, `notifications.gateways.wechat`).

The recipient's address is their openid under the platform's 公众号 (a staff member binds it in their notification
settings). The body template (`notifications/wechat/<event>.txt`, else the SMS one) fills the template message: its
first line is `first`, the reference (number or 查询码) `keyword1`, the event's label `keyword2`, the rest `remark`;
tapping the message opens the link. The template id comes from settings.WECHAT_TEMPLATES[event] (else "default").
"""

import re

from django.conf import settings

from ..gateways import wechat
from .base import Channel, Rendered

OPENID_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class WechatChannel(Channel):
    key = "wechat"
    label = "微信公众号"
    fallback = "sms"

    def normalise(self, address: str) -> str | None:
        address = (address or "").strip()
        return address if OPENID_RE.match(address) else None

    def mask(self, address: str) -> str:
        return f"{address[:4]}***{address[-2:]}" if address else ""

    def render(self, event: str, to: str, context: dict) -> Rendered:
        lines = [line for line in self.render_part(event, context).splitlines() if line.strip()]
        first, rest = (lines[0], lines[1:]) if lines else ("", [])
        # The SMS signature is not wanted in a 公众号 message (the account's name shows already).
        first = first.removeprefix("【政府信息公开】")
        templates = getattr(settings, "WECHAT_TEMPLATES", {}) or {}
        data = {"first": first, "keyword1": str(context.get("reference", "")),
                "keyword2": str(context.get("event_label", "")), "remark": " ".join(rest)}
        return Rendered(to=to, subject="", body="\n".join([first, *rest]), link=context.get("link", ""),
                        extra={"template_id": templates.get(event) or templates.get("default", "default"),
                               "data": data})

    def send(self, messages: list[Rendered]) -> int:
        return wechat.get_backend().send_messages([
            wechat.WechatMessage(to=m.to, template_id=m.extra.get("template_id", "default"),
                                 data=m.extra.get("data") or {}, url=m.link) for m in messages])
