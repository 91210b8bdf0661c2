"""E-mail through Django's mail framework (settings.EMAIL_BACKEND): one connection per batch."""

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email

from privacy.masking import mask_email

from .base import Channel, Rendered


class EmailChannel(Channel):
    key = "email"
    label = "电子邮件"

    def normalise(self, address: str) -> str | None:
        address = (address or "").strip().lower()
        if not address or len(address) > 254:
            return None
        try:
            validate_email(address)
        except ValidationError:
            return None
        return address

    def mask(self, address: str) -> str:
        return mask_email(address)

    def render(self, event: str, to: str, context: dict) -> Rendered:
        subject = " ".join(self.render_part(event, context, "subject").split())
        body = self.render_part(event, {**context, "subject": subject}) + "\n"
        return Rendered(to=to, subject=subject, body=body,
                        link=context.get("link", ""), extra={"headers": context.get("mail_headers") or {}})

    def send(self, messages: list[Rendered]) -> int:
        emails = [EmailMessage(m.subject, m.body, to=[m.to], headers=m.extra.get("headers") or None)
                  for m in messages]
        return get_connection(fail_silently=False).send_messages(emails) or 0
